//! How many sends the Evolution sandbox takes (ignored by default: a measurement, not a
//! check). 100k sendText across 4 open instances, 64 in flight, then the reads a
//! reconciliation makes (findMessages of one chat on a full instance) and the whole sent
//! log paged. Prints messages/s and the process's RSS.
//!
//! In-process (debug build, client and server sharing the 2 cores):
//!   cargo test --features custom-protocol --test integration sandbox_load -- --ignored --nocapture
//! Against `tip sandbox --connected-instances 4 --request-log-limit 0` (e.g. a release
//! build): set `SANDBOX_LOAD_URL` and `SANDBOX_LOAD_KEY`. `SANDBOX_LOAD_SENDS` changes the
//! count.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use serde_json::{json, Value};
use whats_tip::evolution_sandbox::{Sandbox, SandboxConfig};

const INSTANCES: [&str; 4] = ["sandbox-1", "sandbox-2", "sandbox-3", "sandbox-4"];
const IN_FLIGHT: usize = 64;

/// `VmRSS` and `VmHWM` (peak) of this process, in MB.
fn rss_mb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: run with --ignored --nocapture"]
async fn sandbox_takes_100k_sends_across_4_instances() {
    let sends: usize = std::env::var("SANDBOX_LOAD_SENDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let mut in_process = None;
    let (url, key) = match std::env::var("SANDBOX_LOAD_URL") {
        Ok(url) => (url, std::env::var("SANDBOX_LOAD_KEY").unwrap()),
        Err(_) => {
            let config = SandboxConfig {
                request_log_limit: Some(0),
                log_request_bodies: false,
                ..SandboxConfig::default()
            };
            let sandbox = Sandbox::start(config, "127.0.0.1:0".parse().unwrap())
                .await
                .unwrap();
            for (n, name) in INSTANCES.iter().enumerate() {
                sandbox
                    .control()
                    .create_connected(name, &format!("55119900000{n:02}"), "Loja")
                    .unwrap();
            }
            let url = sandbox.url();
            in_process = Some(sandbox);
            (url, "sandbox-global-key".to_owned())
        }
    };
    let http = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(IN_FLIGHT)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let (rss_before, _) = rss_mb();
    let started = Instant::now();
    let key_ids: Vec<String> = stream::iter(0..sends)
        .map(|n| {
            let (http, url, key) = (http.clone(), url.clone(), key.clone());
            async move {
                let instance = INSTANCES[n % INSTANCES.len()];
                let body = json!({
                    "number": format!("5521{:09}", 900_000_000 + n),
                    "text": format!("Olá cliente {n}, seu pedido saiu! Responda SAIR para não receber mais."),
                    "linkPreview": false,
                });
                let answer: Value = http
                    .post(format!("{url}/message/sendText/{instance}"))
                    .header("apikey", key)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
                    .error_for_status()
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                answer["key"]["id"].as_str().unwrap().to_owned()
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    let elapsed = started.elapsed();
    let (rss_after, peak) = rss_mb();
    let unique: HashSet<&String> = key_ids.iter().collect();
    assert_eq!(unique.len(), sends, "every send got its own key id");
    println!(
        "{sends} sends in {:.2} s: {:.0} msg/s ({IN_FLIGHT} in flight, {} instances)",
        elapsed.as_secs_f64(),
        sends as f64 / elapsed.as_secs_f64(),
        INSTANCES.len()
    );
    if in_process.is_some() {
        println!(
            "RSS (client and sandbox): {rss_before} MB before, {rss_after} MB after, peak {peak} MB"
        );
    }

    // A reconciliation read on a full instance: one chat, fromMe, a time window.
    let chat = format!("5521{:09}@s.whatsapp.net", 900_000_000 + sends - 1);
    let instance = INSTANCES[(sends - 1) % INSTANCES.len()];
    let read = Instant::now();
    let found: Value = http
        .post(format!("{url}/chat/findMessages/{instance}"))
        .header("apikey", &key)
        .json(
            &json!({"where": {"key": {"remoteJid": chat, "fromMe": true},
            "messageTimestamp": {"gte": "2000-01-01T00:00:00Z", "lte": "2100-01-01T00:00:00Z"}}}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found["messages"]["total"], 1, "{found}");
    println!(
        "findMessages of one chat on a {}-message instance: {:.1} ms",
        sends / INSTANCES.len(),
        read.elapsed().as_secs_f64() * 1000.0
    );

    // The whole sent log, paged over HTTP.
    let read = Instant::now();
    let mut seen = 0;
    loop {
        let page: Vec<Value> = http
            .get(format!("{url}/_sandbox/messages?since={seen}"))
            .header("apikey", &key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        seen += page.len();
    }
    assert_eq!(seen, sends);
    println!(
        "sent log of {sends} paged over HTTP in {:.2} s",
        read.elapsed().as_secs_f64()
    );
    if let Some(sandbox) = in_process {
        assert_eq!(sandbox.control().sent_count(), sends);
        sandbox.shutdown().await;
    }
}
