//! The crash test: a 2,000-recipient campaign sent by `tip` with no pacing across two
//! instances, killed with SIGKILL at random moments at least ten times (the sandbox holds
//! each answer after storing the message, so many kills land between the send and the
//! journal write), resumed each time. At the end every recipient got exactly one message,
//! counted in the sandbox's own log: no duplicate, none lost.

use crate::support::import_csv;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rand::Rng;
use serde_json::Value;
use whats_tip::app_core::{Core, CoreOptions};
use whats_tip::campaign::pacing::{PacingPreset, PacingSettings};
use whats_tip::campaign::{CampaignDraft, CampaignStatus, MessageSource, RecipientState};
use whats_tip::compose::library::{self, TemplateDraft};
use whats_tip::paths::AppPaths;

const RECIPIENTS: usize = 2_000;
const KILLS: usize = 10;

struct Sandbox {
    child: Child,
    url: String,
    key: String,
    instances: Vec<String>,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_sandbox() -> Sandbox {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tip"))
        .args([
            "sandbox",
            "--port",
            "0",
            "--key",
            "crash-test-key",
            "--connected-instances",
            "2",
            "--request-log-limit",
            "1000",
            // Each answer waits after the message is stored: a wide window for kills
            // between the HTTP send and the journal write.
            "--faults",
            r#"{"afterSendDelayMs":25}"#,
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let ready = loop {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "sandbox ended");
        if let Some(json) = line.trim().strip_prefix("sandbox ready ") {
            break serde_json::from_str::<Value>(json).unwrap();
        }
    };
    Sandbox {
        child,
        url: ready["url"].as_str().unwrap().to_owned(),
        key: ready["key"].as_str().unwrap().to_owned(),
        instances: ready["instances"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap().to_owned())
            .collect(),
    }
}

/// Creates the list, the template and the campaign in the profile; returns its id.
async fn prepare(dir: &Path, instances: &[String]) -> i64 {
    let mut paths = AppPaths::in_dir(dir);
    paths.keyring_service = format!("whats-tip-test-crash-{}", std::process::id());
    let core = Core::open(paths, CoreOptions::default()).await;
    let mut csv = String::from("Nome;Celular\n");
    for i in 0..RECIPIENTS {
        csv.push_str(&format!(
            "Cliente {i};11 9{:04}-{:04}\n",
            7000 + i / 10_000,
            i % 10_000
        ));
    }
    let list_id = import_csv(core.db().unwrap(), dir, "clientes.csv", &csv, "Clientes").await;
    let template_id = library::create(
        core.db().unwrap(),
        &TemplateDraft {
            name: "Natal".into(),
            body:
                "Olá {{nome}}, a Loja Demo deseja boas festas! Responda SAIR para não receber mais."
                    .into(),
            media: None,
        },
    )
    .await
    .unwrap()
    .id;
    let view = core
        .campaign_create(&CampaignDraft {
            name: "Crash".into(),
            list_id,
            tag: None,
            source: MessageSource::Template { template_id },
            instances: instances.to_vec(),
            pacing: PacingSettings {
                preset: PacingPreset::Unpaced,
                ..PacingSettings::default()
            },
        })
        .await
        .unwrap();
    assert_eq!(view.counts.pending as usize, RECIPIENTS);
    core.close().await;
    view.id
}

fn tip_campaign(dir: &Path, sandbox: &Sandbox, verb: &str, id: i64) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tip"));
    cmd.args([
        "campaign",
        "--url",
        &sandbox.url,
        verb,
        &id.to_string(),
        "--settle-secs",
        "1",
    ])
    .env("WHATS_TIP_DATA_DIR", dir)
    .env(
        "WHATS_TIP_KEYRING_SERVICE",
        format!("whats-tip-test-crash-{}", std::process::id()),
    )
    .env("WHATS_TIP_EVOLUTION_KEY", &sandbox.key)
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    cmd
}

/// The sandbox's whole sent log, paged.
async fn delivered(sandbox: &Sandbox) -> Vec<Value> {
    let http = reqwest::Client::new();
    let mut out = Vec::new();
    loop {
        let page: Value = http
            .get(format!(
                "{}/_sandbox/messages?since={}&limit=1000",
                sandbox.url,
                out.len()
            ))
            .header("apikey", &sandbox.key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let items = page
            .as_array()
            .or_else(|| page["messages"].as_array())
            .cloned()
            .unwrap_or_default();
        if items.is_empty() {
            return out;
        }
        out.extend(items);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_nine_at_random_moments_never_duplicates_or_loses_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = start_sandbox();
    let id = prepare(dir.path(), &sandbox.instances).await;

    let mut rng = rand::rng();
    let mut kills = 0;
    let started = Instant::now();
    while kills < KILLS {
        let verb = if kills == 0 { "start" } else { "resume" };
        let mut child = tip_campaign(dir.path(), &sandbox, verb, id)
            .spawn()
            .unwrap();
        tokio::time::sleep(Duration::from_millis(rng.random_range(400..1400))).await;
        if child.try_wait().unwrap().is_some() {
            break; // finished before this kill: the loop below checks the count
        }
        child.kill().unwrap(); // SIGKILL: no cleanup of any kind
        child.wait().unwrap();
        kills += 1;
    }
    assert!(
        kills >= KILLS,
        "the campaign finished after only {kills} kills; slow it down"
    );
    // Resume until it completes.
    let output = tip_campaign(dir.path(), &sandbox, "resume", id)
        .output()
        .unwrap();
    let summary = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(output.status.success(), "final resume failed: {summary}");

    let log = delivered(&sandbox).await;
    let mut per_number: HashMap<String, usize> = HashMap::new();
    for m in &log {
        *per_number
            .entry(whats_tip::evolution::digits(
                m["jid"].as_str().unwrap_or_default(),
            ))
            .or_default() += 1;
    }
    let duplicates: usize = per_number.values().map(|n| n.saturating_sub(1)).sum();
    let lost = RECIPIENTS - per_number.len();
    println!(
        "crash test: {kills} kills in {:.1} s, {} messages delivered to {} of {RECIPIENTS} recipients: {duplicates} duplicates, {lost} lost",
        started.elapsed().as_secs_f64(),
        log.len(),
        per_number.len()
    );
    assert_eq!(duplicates, 0);
    assert_eq!(lost, 0);
    assert_eq!(log.len(), RECIPIENTS);

    // The journal agrees: every row sent, each with the server's message id.
    let mut paths = AppPaths::in_dir(dir.path());
    paths.keyring_service = format!("whats-tip-test-crash-{}", std::process::id());
    let core = Core::open(paths, CoreOptions::default()).await;
    let view = core.campaign_get(id).await.unwrap();
    assert_eq!(view.status, CampaignStatus::Completed);
    assert_eq!(view.counts.sent as usize, RECIPIENTS);
    let ids: std::collections::HashSet<String> = log
        .iter()
        .map(|m| m["keyId"].as_str().unwrap_or_default().to_owned())
        .collect();
    let rows = core
        .campaign_recipients(
            id,
            &whats_tip::campaign::RecipientQuery {
                filter: whats_tip::campaign::RecipientFilter::All,
                search: None,
                after: None,
                limit: 1000,
            },
        )
        .await
        .unwrap();
    for r in &rows.rows {
        assert_eq!(r.state, RecipientState::Sent);
        assert!(
            ids.contains(r.message_id.as_deref().unwrap_or_default()),
            "row {} has an id the server never gave",
            r.position
        );
    }
    core.close().await;
}
