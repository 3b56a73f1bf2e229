//! The `tip` binary, run as a user would, against temporary folders.

use std::process::Command;

use serde_json::Value;

use crate::evolution_double::{self, Mode};

fn tip(data_dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tip"));
    cmd.env("WHATS_TIP_DATA_DIR", data_dir).env(
        "WHATS_TIP_KEYRING_SERVICE",
        format!("whats-tip-cli-test-{}", std::process::id()),
    );
    cmd
}

fn doctor_json(cmd: &mut Command) -> (Value, bool) {
    let out = cmd.args(["doctor", "--json"]).output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "doctor printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json, out.status.success())
}

#[tokio::test]
async fn doctor_reports_database_and_the_evolution_server() {
    let addr = evolution_double::start(Mode::Evolution).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("settings.json"),
        format!(r#"{{"settings":{{"evolutionUrl":"http://{addr}"}}}}"#),
    )
    .unwrap();
    let (report, _) = tokio::task::spawn_blocking({
        let path = dir.path().to_path_buf();
        move || doctor_json(&mut tip(&path))
    })
    .await
    .unwrap();
    assert_eq!(report["database"]["status"], "ok", "{report}");
    assert!(report["database"]["detail"]["applied"].as_u64().unwrap() >= 1);
    assert_eq!(report["evolution"]["status"], "ok", "{report}");
    assert_eq!(report["evolution"]["detail"]["server"]["version"], "2.3.6");
    assert_eq!(report["dataDir"], dir.path().display().to_string());
    assert!(dir.path().join("whats-tip.sqlite3").exists());
}

#[test]
fn doctor_fails_clearly_when_there_is_no_keychain_or_server() {
    let dir = tempfile::tempdir().unwrap();
    let port = evolution_double::closed_port();
    std::fs::write(
        dir.path().join("settings.json"),
        format!(r#"{{"settings":{{"evolutionUrl":"http://127.0.0.1:{port}"}}}}"#),
    )
    .unwrap();
    let mut cmd = tip(dir.path());
    // No session bus: the Secret Service cannot be reached.
    cmd.env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/whats-tip-test-bus",
    );
    let (report, success) = doctor_json(&mut cmd);
    assert!(!success, "doctor must exit non-zero when checks fail");
    assert_eq!(report["keychain"]["status"], "failed", "{report}");
    assert_eq!(report["evolution"]["status"], "failed", "{report}");
    assert!(report["evolution"]["reason"]
        .as_str()
        .unwrap()
        .contains("could not be reached"));
}

#[test]
fn doctor_without_a_server_address_says_not_configured() {
    let dir = tempfile::tempdir().unwrap();
    let (report, _) = doctor_json(&mut tip(dir.path()));
    assert_eq!(report["evolution"]["status"], "notConfigured", "{report}");
    assert_eq!(report["database"]["status"], "ok", "{report}");
}

#[test]
fn human_output_lists_every_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = tip(dir.path()).arg("doctor").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "database",
        "keychain",
        "evolution",
        "data folder",
        "log folder",
    ] {
        assert!(text.contains(needle), "missing {needle} in:\n{text}");
    }
}
