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

/// `tip instances …` against an in-process sandbox, the key passed by environment.
fn tip_instances(dir: &std::path::Path, url: &str, args: &[&str]) -> (bool, String, String) {
    let out = tip(dir)
        .env("WHATS_TIP_EVOLUTION_KEY", "cli-sandbox-key")
        .args(["instances", "--url", url])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn instances_commands_manage_the_whole_lifecycle() {
    use whats_tip::evolution_sandbox::{Sandbox, SandboxConfig};
    let sandbox = Sandbox::start(
        SandboxConfig {
            global_key: "cli-sandbox-key".into(),
            ..SandboxConfig::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let url = sandbox.url();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let run = move |args: Vec<&'static str>| {
        let (path, url) = (path.clone(), url.clone());
        tokio::task::spawn_blocking(move || tip_instances(&path, &url, &args))
    };

    let (ok, out, err) = run(vec!["create", "loja-cli"]).await.unwrap();
    assert!(ok, "{err}");
    assert!(out.contains("created loja-cli"), "{out}");

    let (ok, out, _) = run(vec!["connect", "loja-cli"]).await.unwrap();
    assert!(ok);
    // The QR is printed with Unicode half blocks, with the scan instructions.
    assert!(out.contains('▀') || out.contains('▄'), "{out}");
    assert!(out.contains("Linked devices"), "{out}");

    sandbox
        .control()
        .scan("loja-cli", "5511987654321", "Loja CLI")
        .unwrap();
    let (_, out, _) = run(vec!["state", "loja-cli"]).await.unwrap();
    assert_eq!(out.trim(), "open");
    let (_, out, _) = run(vec!["list"]).await.unwrap();
    assert!(
        out.contains("loja-cli") && out.contains("open") && out.contains("5511987654321"),
        "{out}"
    );

    let (ok, out, _) = run(vec!["logout", "loja-cli"]).await.unwrap();
    assert!(ok && out.contains("logged out"), "{out}");
    let (ok, _, err) = run(vec!["logout", "loja-cli"]).await.unwrap();
    assert!(!ok, "logging out twice fails");
    assert!(err.contains("not connected"), "{err}");

    let (ok, out, _) = run(vec![
        "connect",
        "loja-cli",
        "--number",
        "+55 (11) 98765-4321",
    ])
    .await
    .unwrap();
    assert!(ok);
    assert!(out.contains("pairing code for loja-cli: "), "{out}");

    let (ok, _, _) = run(vec!["delete", "loja-cli"]).await.unwrap();
    assert!(ok);
    let (ok, _, err) = run(vec!["create", "bad name"]).await.unwrap();
    assert!(!ok && err.contains("instance names"), "{err}");
    sandbox.shutdown().await;
}

#[test]
fn sandbox_command_serves_the_evolution_welcome() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let mut child = tip(dir.path())
        .args(["sandbox", "--port", "0", "--key", "k-123456789"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("sandbox listening on ")
        .expect(&line)
        .to_owned();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let info = runtime
        .block_on(
            whats_tip::evolution::EvolutionClient::new(&url, None)
                .unwrap()
                .server_info(),
        )
        .unwrap();
    assert_eq!(info.version, "2.3.6");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn history_campaigns_lists_pages_as_json_and_refuses_an_unknown_status() {
    let dir = tempfile::tempdir().unwrap();
    let out = tip(dir.path())
        .args(["history", "campaigns", "--search", "Natal", "--limit", "5"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(page["rows"], serde_json::json!([]));
    assert_eq!(page["next"], Value::Null);
    let bad = tip(dir.path())
        .args(["history", "campaigns", "--status", "sending"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown status"));
}
