//! Server profiles: each has its own settings, keys and database; the window's slot switches
//! between them and refuses while work runs; `tip --profile` and `tip profile` see the same.

use std::process::Command;

use serde_json::Value;
use whats_tip::app_core::{CoreOptions, CoreSlot};
use whats_tip::contacts::{self, ContactQuery};
use whats_tip::paths::AppPaths;
use whats_tip::profiles::{ProfileError, ProfileRegistry, DEFAULT_PROFILE};
use whats_tip::secrets::{Keychain, SecretKind, Sensitive};
use whats_tip::settings::Language;

use crate::support::import_csv;

fn root(dir: &std::path::Path, test: &str) -> AppPaths {
    let mut paths = AppPaths::in_dir(dir);
    paths.keyring_service = format!("whats-tip-test-{test}-{}", std::process::id());
    paths
}

async fn contact_count(slot: &CoreSlot) -> u64 {
    contacts::count(slot.current().db().unwrap(), &ContactQuery::default())
        .await
        .unwrap()
}

#[tokio::test]
#[ignore = "needs a Secret Service: scripts/test.sh runs it in a private D-Bus session"]
async fn profiles_keep_servers_keys_and_data_apart_and_switch_back() {
    let dir = tempfile::tempdir().unwrap();
    let root = root(dir.path(), "profiles");
    let slot = CoreSlot::open(root.clone(), CoreOptions::default()).await;
    assert_eq!(slot.current_id(), DEFAULT_PROFILE);

    // The first profile: a server, a key, three contacts, English.
    let a = slot.current();
    a.settings()
        .modify(|s| {
            s.evolution_url = Some("https://evo-a.example.com".into());
            s.language = Language::En;
        })
        .unwrap();
    a.keychain()
        .set(
            SecretKind::EvolutionApiKey,
            Sensitive::new("key-of-profile-a-123".into()),
        )
        .await
        .unwrap();
    let csv = "nome,telefone\nAna,11987654321\nBia,11987654322\nCaio,11987654323\n";
    import_csv(a.db().unwrap(), dir.path(), "a.csv", csv, "Clientes A").await;
    assert_eq!(contact_count(&slot).await, 3);
    a.demo_start().await.unwrap();

    // A second profile starts empty, with the person's preferences, not the server's.
    let b = slot.create("Loja B — Açaí").unwrap();
    assert_eq!(b.id, "loja-b-acai");
    assert!(!b.current && b.evolution_url.is_none());
    let switched = slot.switch(&b.id).await.unwrap();
    assert!(switched.current);
    assert_eq!(slot.current_id(), b.id);
    assert!(
        !a.demo_running().await,
        "the closed profile's demo server stopped"
    );
    let core_b = slot.current();
    let settings_b = core_b.settings().load().unwrap();
    assert_eq!(settings_b.evolution_url, None);
    assert_eq!(settings_b.language, Language::En);
    assert!(
        settings_b.first_run_done,
        "a new profile opens on Settings, not the guide"
    );
    assert!(core_b
        .keychain()
        .get(SecretKind::EvolutionApiKey)
        .await
        .unwrap()
        .is_none());
    assert_eq!(contact_count(&slot).await, 0);
    assert!(core_b
        .paths()
        .database()
        .starts_with(dir.path().join("profiles").join(&b.id)));
    core_b
        .keychain()
        .set(
            SecretKind::EvolutionApiKey,
            Sensitive::new("key-of-profile-b-456".into()),
        )
        .await
        .unwrap();

    // Work running in the open profile blocks a switch, and nothing changes.
    core_b.jobs().start("import:running");
    let refused = slot.switch(DEFAULT_PROFILE).await;
    assert!(
        matches!(
            refused,
            Err(ProfileError::Busy {
                campaigns: 0,
                jobs: 1
            })
        ),
        "{refused:?}"
    );
    assert_eq!(slot.current_id(), b.id);
    core_b.jobs().end("import:running");

    // Back to the first: its server, key and contacts are all there.
    slot.switch(DEFAULT_PROFILE).await.unwrap();
    let a = slot.current();
    assert_eq!(
        a.settings().load().unwrap().evolution_url.as_deref(),
        Some("https://evo-a.example.com")
    );
    let key = a
        .keychain()
        .get(SecretKind::EvolutionApiKey)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(key.expose(), "key-of-profile-a-123");
    assert_eq!(contact_count(&slot).await, 3);
    assert_eq!(
        ProfileRegistry::new(root.clone()).current().unwrap(),
        DEFAULT_PROFILE
    );

    // Keys never reach the profile list.
    let listed = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(!listed.contains("key-of-profile"), "{listed}");

    // The open and the default profile cannot be deleted; another one goes with its keys.
    assert!(matches!(
        slot.delete(DEFAULT_PROFILE).await,
        Err(ProfileError::CurrentNotDeletable)
    ));
    slot.delete(&b.id).await.unwrap();
    assert!(!dir.path().join("profiles").join(&b.id).exists());
    let b_keys = Keychain::new(&root.for_profile(&b.id).keyring_service);
    assert!(b_keys
        .get(SecretKind::EvolutionApiKey)
        .await
        .unwrap()
        .is_none());
    assert_eq!(slot.list().unwrap().len(), 1);
    assert!(matches!(
        slot.switch(&b.id).await,
        Err(ProfileError::NotFound(_))
    ));
    a.keychain()
        .delete(SecretKind::EvolutionApiKey)
        .await
        .unwrap();
}

fn tip(data_dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tip"));
    cmd.env("WHATS_TIP_DATA_DIR", data_dir)
        .env(
            "WHATS_TIP_KEYRING_SERVICE",
            format!("whats-tip-cli-profiles-{}", std::process::id()),
        )
        .env_remove("WHATS_TIP_PROFILE");
    cmd
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn settings_url(cmd: &mut Command) -> Value {
    let shown: Value = serde_json::from_str(&run(cmd.args(["settings", "show"]))).unwrap();
    shown["evolutionUrl"].clone()
}

#[test]
fn tip_profile_and_the_profile_flag_reach_each_profiles_own_settings() {
    let dir = tempfile::tempdir().unwrap();
    let id = run(tip(dir.path()).args(["profile", "create", "Filial Sul"]));
    assert_eq!(id.trim(), "filial-sul");
    run(tip(dir.path()).args([
        "--profile",
        "filial sul",
        "settings",
        "set",
        "--evolution-url",
        "https://sul.example.com",
    ]));
    // Without a flag, `tip` opens the profile used last: still the default one.
    assert_eq!(settings_url(&mut tip(dir.path())), Value::Null);
    let listed: Value =
        serde_json::from_str(&run(tip(dir.path()).args(["profile", "list", "--json"]))).unwrap();
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], DEFAULT_PROFILE);
    assert_eq!(rows[0]["current"], true);
    assert_eq!(rows[1]["evolutionUrl"], "https://sul.example.com");

    run(tip(dir.path()).args(["profile", "use", "filial-sul"]));
    assert_eq!(
        settings_url(&mut tip(dir.path())),
        "https://sul.example.com"
    );
    assert_eq!(
        settings_url(tip(dir.path()).env("WHATS_TIP_PROFILE", DEFAULT_PROFILE)),
        Value::Null
    );

    let ghost = tip(dir.path())
        .args(["--profile", "ghost", "settings", "show"])
        .output()
        .unwrap();
    assert!(!ghost.status.success());
    assert!(String::from_utf8_lossy(&ghost.stderr).contains("no profile \"ghost\""));

    let unconfirmed = tip(dir.path())
        .args(["profile", "delete", "filial-sul"])
        .output()
        .unwrap();
    assert!(!unconfirmed.status.success());
    assert!(dir.path().join("profiles/filial-sul").exists());
    run(tip(dir.path()).args(["profile", "delete", "filial-sul", "--yes"]));
    assert!(!dir.path().join("profiles/filial-sul").exists());
    // The profile used last is gone: `tip` falls back to the default one.
    assert_eq!(settings_url(&mut tip(dir.path())), Value::Null);
}
