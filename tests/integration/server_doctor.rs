//! The server doctor against the Evolution sandbox: an instance that never gets a QR
//! (`noQr` fault), a 2.2.x server with its pinned WhatsApp Web version, the licence gate, a
//! deleted instance; then `tip doctor` printing the same checks in both languages.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use whats_tip::evolution::{ConnectOutcome, ConnectionState, CreateInstance, EvolutionClient};
use whats_tip::evolution_sandbox::{Faults, Sandbox, SandboxConfig};
use whats_tip::secrets::Sensitive;
use whats_tip::server_doctor::{
    self, probe, FindingId, FindingLevel, InstanceObservation, ServerVariable, SettingNote,
};

const KEY: &str = "sandbox-global-key";
const MINUTE: Duration = Duration::from_secs(60);

async fn sandbox(version: &str) -> Sandbox {
    let config = SandboxConfig {
        version: version.to_owned(),
        whatsapp_web_version: Some("2.3000.1015901307".to_owned()),
        ..SandboxConfig::default()
    };
    Sandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

fn client(sandbox: &Sandbox) -> EvolutionClient {
    EvolutionClient::new(&sandbox.url(), Some(Sensitive::new(KEY.to_owned()))).unwrap()
}

async fn create(client: &EvolutionClient, name: &str) {
    client
        .create_instance(&CreateInstance {
            instance_name: name.to_owned(),
            qrcode: false,
            number: None,
        })
        .await
        .unwrap();
}

/// `loja-sem-qr` never gets a QR (the fault), `loja-ok` does; both are `connecting`.
async fn two_connecting(sandbox: &Sandbox) -> EvolutionClient {
    let client = client(sandbox);
    create(&client, "loja-sem-qr").await;
    create(&client, "loja-ok").await;
    sandbox.control().set_instance_faults(
        "loja-sem-qr",
        Faults {
            no_qr: true,
            ..Faults::default()
        },
    );
    match client.connect("loja-sem-qr", None).await.unwrap() {
        ConnectOutcome::Qr(qr) => assert!(qr.code.is_none() && qr.count == 0, "{qr:?}"),
        other => panic!("expected {{\"count\":0}}, got {other:?}"),
    }
    match client.connect("loja-ok", None).await.unwrap() {
        ConnectOutcome::Qr(qr) => assert!(qr.code.is_some()),
        other => panic!("expected a QR, got {other:?}"),
    }
    client
}

#[tokio::test]
async fn an_instance_that_never_gets_a_qr_is_diagnosed_with_the_server_variables() {
    let sandbox = sandbox("2.2.3").await;
    let client = two_connecting(&sandbox).await;
    // The sandbox's control route agrees there is nothing to scan.
    assert_eq!(sandbox.control().current_qr("loja-sem-qr"), None);

    let facts = probe::server_facts(&client).await;
    assert_eq!(facts.version.as_deref(), Some("2.2.3"));
    assert_eq!(
        facts.whatsapp_web_version.as_deref(),
        Some("2.3000.1015901307")
    );
    let wait = Duration::from_millis(400);
    let watched = probe::observe_instances(&client, wait, Duration::from_millis(100))
        .await
        .unwrap();
    let by_name = |name: &str| watched.iter().find(|i| i.name == name).unwrap();
    let stuck = by_name("loja-sem-qr");
    assert_eq!(stuck.state, ConnectionState::Connecting);
    assert!(!stuck.qr_seen);
    assert!(stuck.connecting_for >= wait, "{:?}", stuck.connecting_for);
    assert!(by_name("loja-ok").qr_seen);

    let findings = server_doctor::diagnose(&facts, &watched, wait);
    let ids: Vec<FindingId> = findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, [FindingId::NoQr, FindingId::PinnedWebVersion]);
    let no_qr = &findings[0];
    assert_eq!(no_qr.instance.as_deref(), Some("loja-sem-qr"));
    assert_eq!(no_qr.level, FindingLevel::Failure);
    assert_eq!(no_qr.params["webVersion"], "2.3000.1015901307");
    let variables: Vec<ServerVariable> = no_qr.settings.iter().map(|s| s.variable).collect();
    for expected in [
        ServerVariable::ConfigSessionPhoneVersion,
        ServerVariable::ConfigSessionPhoneClient,
        ServerVariable::ConfigSessionPhoneName,
        ServerVariable::CacheRedisEnabled,
        ServerVariable::DelInstance,
    ] {
        assert!(
            variables.contains(&expected),
            "{expected:?} in {variables:?}"
        );
    }
    // 2.2.x pins the version: the advice is to set it, not to remove it.
    assert_eq!(no_qr.settings[0].note, SettingNote::PhoneVersionPinned);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_window_check_reports_no_qr_only_once_the_wait_has_passed() {
    let sandbox = sandbox("2.3.6").await;
    let client = two_connecting(&sandbox).await;
    let seen = |secs, qr_seen| InstanceObservation {
        name: "loja-sem-qr".into(),
        connecting_secs: secs,
        qr_seen,
    };

    let early = server_doctor::check(&client, Some(seen(30, false)), MINUTE).await;
    assert!(early.findings.is_empty(), "{:?}", early.findings);
    assert_eq!(early.no_qr_after_secs, 60);
    assert_eq!(
        early.support,
        Some(whats_tip::evolution::compat::ServerSupport::Tested)
    );

    let late = server_doctor::check(&client, Some(seen(61, false)), MINUTE).await;
    assert_eq!(late.findings.len(), 1, "{:?}", late.findings);
    assert_eq!(late.findings[0].id, FindingId::NoQr);
    assert_eq!(late.findings[0].params["seconds"], "61");
    // On 2.3 the server finds the WhatsApp Web version itself.
    assert_eq!(
        late.findings[0].settings[0].note,
        SettingNote::PhoneVersionAutomatic
    );

    let shown = server_doctor::check(&client, Some(seen(61, true)), MINUTE).await;
    assert!(
        shown.findings.is_empty(),
        "a QR was shown: nothing to report"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_deleted_instance_and_the_licence_gate_are_explained() {
    let sandbox = sandbox("2.4.0-rc1").await;
    let client = client(&sandbox);
    create(&client, "loja-apagada").await;
    client.delete_instance("loja-apagada").await.unwrap();
    let seen = InstanceObservation {
        name: "loja-apagada".into(),
        connecting_secs: 10,
        qr_seen: false,
    };
    // Deletion finishes asynchronously (contract §5): first the state goes missing.
    let deadline = Instant::now() + Duration::from_secs(10);
    let vanished = loop {
        let found = server_doctor::check(&client, Some(seen.clone()), MINUTE).await;
        let newer = FindingId::ServerNewerThanTested;
        assert!(
            found.findings.iter().any(|f| f.id == newer),
            "2.4 is flagged"
        );
        let ids: Vec<FindingId> = found
            .findings
            .iter()
            .map(|f| f.id)
            .filter(|id| *id != newer)
            .collect();
        if ids == [FindingId::InstanceVanished] {
            break found;
        }
        assert!(
            ids.is_empty() || ids == [FindingId::StateUnknown],
            "{ids:?}"
        );
        assert!(Instant::now() < deadline, "the instance was never removed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // A failure comes before the version warning.
    assert_eq!(vanished.findings[0].id, FindingId::InstanceVanished);
    assert_eq!(
        vanished.findings[0].settings[0].variable,
        ServerVariable::DelInstance
    );

    sandbox.control().set_faults(Faults {
        licence_required: true,
        ..Faults::default()
    });
    let gated = server_doctor::check(&client, None, MINUTE).await;
    assert!(gated.server.licence_required);
    assert_eq!(gated.support, None, "GET / is gated too: no version");
    let ids: Vec<FindingId> = gated.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids, [FindingId::LicenceRequired]);
    sandbox.shutdown().await;
}

fn tip(data_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tip"));
    cmd.env("WHATS_TIP_DATA_DIR", data_dir)
        .env(
            "WHATS_TIP_KEYRING_SERVICE",
            format!("whats-tip-doctor-test-{}", std::process::id()),
        )
        .env("WHATS_TIP_EVOLUTION_KEY", KEY)
        .env_remove(server_doctor::NO_QR_AFTER_ENV);
    cmd
}

fn settings(dir: &Path, url: &str, language: &str) {
    std::fs::write(
        dir.join("settings.json"),
        format!(r#"{{"settings":{{"evolutionUrl":"{url}","language":"{language}"}}}}"#),
    )
    .unwrap();
}

async fn run_tip(dir: &Path, args: &[&str]) -> (String, bool) {
    let dir = dir.to_path_buf();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let out = tip(&dir).args(&args).output().unwrap();
        (String::from_utf8(out.stdout).unwrap(), out.status.success())
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn tip_doctor_prints_the_same_checks_in_the_settings_language() {
    let sandbox = sandbox("2.2.3").await;
    two_connecting(&sandbox).await;
    let dir = tempfile::tempdir().unwrap();

    settings(dir.path(), &sandbox.url(), "en");
    let (json, _) = run_tip(dir.path(), &["doctor", "--json", "--qr-wait-secs", "1"]).await;
    let report: Value = serde_json::from_str(&json).unwrap();
    let server = &report["server"];
    assert_eq!(server["status"], "ok", "{report}");
    let findings = server["detail"]["findings"].as_array().unwrap();
    let ids: Vec<&str> = findings.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["noQr", "pinnedWebVersion"], "{report}");
    assert_eq!(findings[0]["instance"], "loja-sem-qr");
    assert_eq!(findings[0]["level"], "failure");
    assert_eq!(
        findings[0]["settings"][0]["variable"],
        "CONFIG_SESSION_PHONE_VERSION"
    );
    let instances = server["detail"]["instances"].as_array().unwrap();
    let stuck = instances
        .iter()
        .find(|i| i["name"] == "loja-sem-qr")
        .unwrap();
    assert_eq!(stuck["state"], "connecting");
    assert_eq!(stuck["qrSeen"], false);
    let ok = instances.iter().find(|i| i["name"] == "loja-ok").unwrap();
    assert_eq!(ok["qrSeen"], true);

    let (text, _) = run_tip(dir.path(), &["doctor", "--qr-wait-secs", "1"]).await;
    for expected in [
        "Server doctor",
        "[FAIL] loja-sem-qr: no QR code after 1 s (noQr)",
        "[info] Evolution API 2.2.3 uses a fixed WhatsApp Web version",
        "check on the server:",
        "CONFIG_SESSION_PHONE_VERSION=2.3000.1029423425",
        "CONFIG_SESSION_PHONE_CLIENT=Evolution API",
        "CONFIG_SESSION_PHONE_NAME=Chrome",
        "CACHE_REDIS_ENABLED=false",
        "DEL_INSTANCE=false",
        "the server reports 2.3000.1015901307 now",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }

    settings(dir.path(), &sandbox.url(), "pt-BR");
    let (text, _) = run_tip(dir.path(), &["doctor", "--qr-wait-secs", "1"]).await;
    for expected in [
        "Diagnóstico do servidor",
        "[FAIL] loja-sem-qr: nenhum QR code depois de 1 s (noQr)",
        "confira no servidor:",
        "DEL_INSTANCE=false",
        "o servidor informa 2.3000.1015901307 agora",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    sandbox.shutdown().await;
}

#[tokio::test]
#[ignore = "needs a Secret Service: scripts/test.sh runs it in a private D-Bus session"]
async fn tip_doctor_exits_non_zero_only_while_an_instance_gets_no_qr() {
    let sandbox = sandbox("2.3.7").await;
    let client = two_connecting(&sandbox).await;
    let dir = tempfile::tempdir().unwrap();
    settings(dir.path(), &sandbox.url(), "en");

    let (text, success) = run_tip(dir.path(), &["doctor", "--qr-wait-secs", "1"]).await;
    assert!(
        !success,
        "an instance without a QR fails the doctor:\n{text}"
    );
    assert!(text.contains("(noQr)"), "{text}");

    // Fixed on the server: the instance goes away, nothing is left to report.
    client.delete_instance("loja-sem-qr").await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (text, success) = run_tip(dir.path(), &["doctor", "--qr-wait-secs", "1"]).await;
        // (While the deletion finishes, the missing state is only a warning.)
        if success && text.contains("[ok]   nothing to check") {
            break;
        }
        assert!(Instant::now() < deadline, "still failing:\n{text}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    sandbox.shutdown().await;
}
