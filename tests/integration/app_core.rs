//! The one core the window and `tip` share: settings with one writer across processes,
//! the client builder's key policy, demo mode without the keychain, contacts edits as one
//! transaction, and personalisation as a background job reporting through the event sink.

use crate::support::{import_csv, until_stopped_at_once};
use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use whats_tip::app_core::{ClientOverrides, Core, CoreOptions, TestKey};
use whats_tip::compose::personalise::{self, PrepareInput, RunStatus};
use whats_tip::contacts::{self, ContactsError};
use whats_tip::events::{AppEvent, CollectedEvents};
use whats_tip::evolution::ApiKeyCheck;
use whats_tip::evolution_sandbox::{ApiKeyUsed, Sandbox, SandboxConfig};
use whats_tip::openai_sandbox::{OpenAiSandbox, OpenAiSandboxConfig};
use whats_tip::paths::AppPaths;
use whats_tip::secrets::{SecretKind, Sensitive};
use whats_tip::settings::{Language, Settings, Theme};
use whats_tip::storage::contacts::ContactFilter;

fn profile(dir: &Path, test: &str) -> AppPaths {
    let mut paths = AppPaths::in_dir(dir);
    paths.keyring_service = format!("whats-tip-test-core-{test}-{}", std::process::id());
    paths
}

async fn sandbox(global_key: &str) -> Sandbox {
    let config = SandboxConfig {
        global_key: global_key.to_owned(),
        ..SandboxConfig::default()
    };
    Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap()
}

fn tip(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tip"));
    cmd.env("WHATS_TIP_DATA_DIR", dir)
        .env("WHATS_TIP_KEYRING_SERVICE", "whats-tip-test-core-cli")
        .env_remove("WHATS_TIP_EVOLUTION_KEY")
        .env_remove("WHATS_TIP_OPENAI_KEY");
    cmd
}

#[tokio::test]
async fn the_window_and_tip_share_one_settings_file_and_never_lose_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(profile(dir.path(), "settings"), CoreOptions::default()).await;
    core.settings()
        .save(Settings {
            theme: Theme::Dark,
            ..Settings::default()
        })
        .unwrap();

    // Eight `tip` processes write another field while the core (the window) writes a
    // third, all at once: every write lands, none undoes another.
    let children: Vec<_> = (0..8)
        .map(|i| {
            tip(dir.path())
                .args(["settings", "set", "--openai-model", &format!("model-{i}")])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for _ in 0..40 {
        core.settings()
            .modify(|s| s.default_country = "PT".into())
            .unwrap();
    }
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let seen = core.settings().load().unwrap();
    assert_eq!(
        seen.theme,
        Theme::Dark,
        "the window's earlier value survives"
    );
    assert_eq!(seen.default_country, "PT");
    assert!(seen.openai_model.starts_with("model-"), "{seen:?}");

    // And what the CLI saves, the window reads at once (no cache in between).
    let out = tip(dir.path())
        .args([
            "settings",
            "set",
            "--evolution-url",
            "https://evo.loja.com.br/",
            "--language",
            "en",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let seen = core.settings().load().unwrap();
    assert_eq!(
        seen.evolution_url.as_deref(),
        Some("https://evo.loja.com.br")
    );
    assert_eq!(seen.language, Language::En);

    // An invalid value is refused by the same validation, and nothing changes.
    let out = tip(dir.path())
        .args(["settings", "set", "--evolution-url", "ftp://x"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(core.settings().load().unwrap(), seen);
}

#[tokio::test]
#[ignore = "needs a Secret Service: scripts/test.sh runs it in a private D-Bus session"]
async fn test_connection_sends_the_saved_key_only_to_the_saved_address() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(profile(dir.path(), "test-conn"), CoreOptions::default()).await;
    // Both servers would accept the saved key: a leak would show as "global" in B's log.
    let saved = sandbox("the-saved-key-0001").await;
    let other = sandbox("the-saved-key-0001").await;
    core.settings()
        .save(Settings {
            evolution_url: Some(saved.url()),
            ..Settings::default()
        })
        .unwrap();
    core.keychain()
        .set(
            SecretKind::EvolutionApiKey,
            Sensitive::new("the-saved-key-0001".into()),
        )
        .await
        .unwrap();

    // The saved address gets the saved key.
    let test = core.test_evolution(None, None).await.unwrap();
    assert_eq!(test.key, TestKey::Saved);
    assert_eq!(test.report.api_key, ApiKeyCheck::Valid);
    assert!(!test.insecure, "loopback is not a remote plain-http server");
    // The same address typed with a trailing slash is still the saved one.
    let test = core
        .test_evolution(Some(format!("{}/", saved.url())), None)
        .await
        .unwrap();
    assert_eq!(test.key, TestKey::Saved);

    // Another address typed in the form: the saved key is withheld.
    let test = core.test_evolution(Some(other.url()), None).await.unwrap();
    assert_eq!(test.key, TestKey::Withheld);
    assert_eq!(test.report.api_key, ApiKeyCheck::NotConfigured);
    let keys: Vec<ApiKeyUsed> = other
        .control()
        .requests()
        .iter()
        .map(|r| r.apikey)
        .collect();
    assert!(!keys.is_empty());
    assert!(
        keys.iter().all(|k| *k == ApiKeyUsed::Missing),
        "the unsaved address received a key: {keys:?}"
    );

    // With its key typed, that key (and only it) goes there.
    let test = core
        .test_evolution(
            Some(other.url()),
            Some(Sensitive::new("typed-but-wrong-key".into())),
        )
        .await
        .unwrap();
    assert_eq!(test.key, TestKey::Typed);
    assert_eq!(test.report.api_key, ApiKeyCheck::Invalid);
    assert_eq!(
        other.control().requests().last().unwrap().apikey,
        ApiKeyUsed::Wrong
    );
    core.keychain()
        .delete(SecretKind::EvolutionApiKey)
        .await
        .unwrap();
}

/// Every keychain entry stored under `service`, by account name (`secret-tool`, libsecret).
fn keychain_accounts(service: &str) -> Vec<String> {
    let out = Command::new("secret-tool")
        .args(["search", "--all", "service", service])
        .output()
        .expect("secret-tool (libsecret-tools) is installed by scripts/setup.sh --test");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("attribute.username = "))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
#[ignore = "needs a Secret Service: scripts/test.sh runs it in a private D-Bus session"]
async fn demo_mode_reads_and_writes_no_keychain_entry() {
    let dir = tempfile::tempdir().unwrap();
    let paths = profile(dir.path(), "demo");
    let service = paths.keyring_service.clone();
    let core = Core::open(paths, CoreOptions::default()).await;
    // Something real in the keychain first, to prove the search sees this service.
    core.keychain()
        .set(
            SecretKind::OpenaiApiKey,
            Sensitive::new("sk-proj-abcdefghijklmnop1234".into()),
        )
        .await
        .unwrap();
    assert_eq!(keychain_accounts(&service), ["openai-api-key"]);

    core.demo_start().await.unwrap();
    let client = core.evolution().await.unwrap();
    let created = whats_tip::instance_views::create(&client, "loja-demo")
        .await
        .unwrap();
    whats_tip::instance_views::connect(&client, &created.name, None)
        .await
        .unwrap();
    core.demo_scan(&created.name).await.unwrap();
    whats_tip::instance_views::list(&client).await.unwrap();
    assert_eq!(
        keychain_accounts(&service),
        ["openai-api-key"],
        "creating a demo instance stored something in the keychain (its token?)"
    );
    whats_tip::instance_views::delete(&client, "loja-demo")
        .await
        .unwrap();
    core.demo_stop().await;

    assert_eq!(
        keychain_accounts(&service),
        ["openai-api-key"],
        "demo mode stored something in the keychain (an instance token?)"
    );
    core.keychain()
        .delete(SecretKind::OpenaiApiKey)
        .await
        .unwrap();
}

/// Imports `n` contacts from a generated CSV into the list "Clientes".
async fn import_contacts(core: &Core, dir: &Path, n: usize) -> i64 {
    let mut csv = String::from("Nome;Celular;Cidade\n");
    for i in 0..n {
        csv.push_str(&format!("Cliente {i};11 9{:04}-{:04};Recife\n", 8000, i));
    }
    import_csv(core.db().unwrap(), dir, "lista.csv", &csv, "Clientes").await
}

#[tokio::test]
async fn bulk_delete_and_tag_are_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(profile(dir.path(), "bulk"), CoreOptions::default()).await;
    let db = core.db().unwrap();
    import_contacts(&core, dir.path(), 700).await;
    let all = whats_tip::storage::contacts::page_at(db, &ContactFilter::default(), 0, 700)
        .await
        .unwrap();
    let ids: Vec<i64> = all.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), 700);
    // The 650th contact cannot be deleted or tagged: the whole operation must roll back,
    // including the rows before it (and the first statement's 500).
    let blocked = ids[650];
    for trigger in [
        format!("CREATE TRIGGER no_delete BEFORE DELETE ON contacts WHEN old.id = {blocked} BEGIN SELECT RAISE(ABORT, 'blocked'); END"),
        format!("CREATE TRIGGER no_tag BEFORE INSERT ON contact_tags WHEN new.contact_id = {blocked} BEGIN SELECT RAISE(ABORT, 'blocked'); END"),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(trigger))
            .execute(db.pool())
            .await
            .unwrap();
    }
    let count = || async {
        contacts::count(db, &contacts::ContactQuery::default())
            .await
            .unwrap()
    };
    assert!(matches!(
        contacts::delete(db, &ids).await,
        Err(ContactsError::Storage(_))
    ));
    assert_eq!(count().await, 700, "a failed bulk delete deleted some");
    assert!(contacts::tag(db, &ids, "vip").await.is_err());
    let tagged = contacts::count(
        db,
        &contacts::ContactQuery {
            tag: Some("vip".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(tagged, 0, "a failed bulk tag tagged some");

    // Without the blocked contact both go through whole.
    let rest: Vec<i64> = ids.iter().copied().filter(|id| *id != blocked).collect();
    assert_eq!(contacts::tag(db, &rest, " vip ").await.unwrap(), 699);
    assert_eq!(contacts::delete(db, &rest[..600]).await.unwrap(), 600);
    assert_eq!(count().await, 100);
}

#[tokio::test]
async fn personalisation_runs_in_the_background_and_reports_through_the_sink() {
    let dir = tempfile::tempdir().unwrap();
    let ai = OpenAiSandbox::start(
        OpenAiSandboxConfig::default(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    ai.control().set_latency(Duration::from_millis(30));
    let events = CollectedEvents::default();
    let options = CoreOptions {
        events: Arc::new(events.clone()),
        overrides: ClientOverrides {
            openai_key: Some(Sensitive::new(ai.api_key().to_owned())),
            ..ClientOverrides::default()
        },
    };
    let core = Core::open(profile(dir.path(), "personalise"), options).await;
    core.settings()
        .modify(|s| s.openai_base_url = Some(ai.base_url()))
        .unwrap();
    let list_id = import_contacts(&core, dir.path(), 40).await;
    let run = personalise::prepare(
        core.db().unwrap(),
        &PrepareInput {
            template_id: None,
            body: "Oi {{nome|cliente}}! Camisetas por R$ 49,90 até 25/12.".into(),
            list_id,
            model: "gpt-4o-mini".into(),
            language: Language::PtBr,
        },
    )
    .await
    .unwrap();

    let started = core.personalise_start(run.id, Some(2)).await.unwrap();
    assert_eq!(started.status, RunStatus::Running);
    // A second start while it runs is a no-op, not a second job.
    core.personalise_start(run.id, Some(2)).await.unwrap();
    // "Leaving the screen and coming back": the saved state says running, mid-way.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let midway = personalise::get(core.db().unwrap(), run.id).await.unwrap();
    assert_eq!(midway.status, RunStatus::Running);
    assert!(midway.counts.pending > 0 && midway.counts.pending < 40);

    until_stopped_at_once(
        || core.personalise_is_running(run.id),
        Duration::from_secs(30),
        "the run",
    )
    .await;
    let seen = events.take();
    let progress: Vec<u64> = seen
        .iter()
        .filter_map(|e| match e {
            AppEvent::PersonaliseProgress { run_id, counts } if *run_id == run.id => {
                Some(counts.total - counts.pending)
            }
            _ => None,
        })
        .collect();
    assert!(progress.len() >= 2, "{progress:?}");
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");
    match seen.last() {
        Some(AppEvent::PersonaliseState {
            run_id,
            status: RunStatus::Completed,
            counts,
            error: None,
        }) => {
            assert_eq!(*run_id, run.id);
            assert_eq!(counts.pending, 0);
            assert_eq!(counts.done, 40);
        }
        other => panic!("the last event is not the run's completion: {other:?}"),
    }
    assert_eq!(
        ai.control().journal().requests.len(),
        40,
        "each contact asked once"
    );
}

#[tokio::test]
async fn a_run_stopped_by_a_refused_key_says_why_in_its_last_event() {
    let dir = tempfile::tempdir().unwrap();
    let ai = OpenAiSandbox::start(
        OpenAiSandboxConfig::default(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let events = CollectedEvents::default();
    let options = CoreOptions {
        events: Arc::new(events.clone()),
        overrides: ClientOverrides {
            openai_key: Some(Sensitive::new("sk-wrong-key-000000000000".into())),
            ..ClientOverrides::default()
        },
    };
    let core = Core::open(profile(dir.path(), "refused"), options).await;
    core.settings()
        .modify(|s| s.openai_base_url = Some(ai.base_url()))
        .unwrap();
    let list_id = import_contacts(&core, dir.path(), 5).await;
    let run = personalise::prepare(
        core.db().unwrap(),
        &PrepareInput {
            template_id: None,
            body: "Oi {{nome}}!".into(),
            list_id,
            model: "gpt-4o-mini".into(),
            language: Language::PtBr,
        },
    )
    .await
    .unwrap();
    core.personalise_start(run.id, None).await.unwrap();
    until_stopped_at_once(
        || core.personalise_is_running(run.id),
        Duration::from_secs(30),
        "the run",
    )
    .await;
    match events.take().last() {
        Some(AppEvent::PersonaliseState {
            status,
            error: Some(error),
            counts,
            ..
        }) => {
            assert_eq!(*status, RunStatus::Paused);
            assert_eq!(error.code, whats_tip::error::ErrorCode::AiUnauthorized);
            assert!(!error.message.contains("sk-wrong-key"), "{error:?}");
            assert_eq!(counts.pending, 5, "a refused key fails no row");
        }
        other => panic!("no stop reason: {other:?}"),
    }
}
