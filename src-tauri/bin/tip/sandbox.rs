//! `tip sandbox`: a local Evolution API server for demos, manual tests and benchmarks.
//!
//! Prints `sandbox listening on <url>`, then one machine-readable line
//! `sandbox ready {"url":…,"key":…,"instances":[{"name":…,"owner":…},…]}` once the
//! `--connected-instances` are open, so a headless test can start sending at once.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;
use whats_tip::evolution_sandbox::{Faults, Sandbox, SandboxConfig};

/// Owners of the pre-connected instances: `5511990000001`, `5511990000002`… (13-digit
/// Brazilian mobiles, one per instance).
const OWNER_PREFIX: &str = "551199";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The global API key the sandbox accepts.
    #[arg(long, default_value = "sandbox-global-key")]
    key: String,
    /// Seconds each QR lives before it rotates.
    #[arg(long, default_value_t = 45)]
    qr_rotate_secs: u64,
    /// Connect instances by themselves this many seconds after connecting starts.
    #[arg(long)]
    auto_scan_secs: Option<u64>,
    /// Create this many instances already connected (`open`): `sandbox-1` … `sandbox-N`,
    /// each paired with its own number (5511990000001, 5511990000002, …).
    #[arg(long, default_value_t = 0)]
    connected_instances: u32,
    /// Milliseconds between delivery statuses (SERVER_ACK, DELIVERY_ACK, READ).
    #[arg(long, default_value_t = 1000)]
    status_steps_ms: u64,
    /// Keep only the most recent N requests, without their bodies, in the request log
    /// (`GET /_sandbox/requests`; 0 keeps none) for long runs. The sent log is always
    /// complete.
    #[arg(long)]
    request_log_limit: Option<usize>,
    /// The version `GET /` reports (e.g. 2.2.3 or 2.4.0-rc1, to see how the app treats
    /// a server it was not tested with).
    #[arg(long, default_value = "2.3.6")]
    server_version: String,
    /// The `whatsappWebVersion` `GET /` reports (on 2.2.x, the pinned
    /// CONFIG_SESSION_PHONE_VERSION); an empty value leaves the field out.
    #[arg(long, default_value = "2.3000.1027934701")]
    whatsapp_web_version: String,
    /// Faults from the start, as `PUT /_sandbox/faults` takes them, e.g.
    /// '{"afterSendDelayMs":300}'.
    #[arg(long)]
    faults: Option<String>,
}

pub async fn run(args: Args) -> ExitCode {
    let faults = match args.faults.as_deref().map(serde_json::from_str::<Faults>) {
        None => None,
        Some(Ok(faults)) => Some(faults),
        Some(Err(e)) => {
            eprintln!("tip: --faults is not a faults object: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = SandboxConfig {
        global_key: args.key.clone(),
        version: args.server_version.clone(),
        whatsapp_web_version: Some(args.whatsapp_web_version.clone()).filter(|v| !v.is_empty()),
        qr_rotate_every: Duration::from_secs(args.qr_rotate_secs.max(1)),
        auto_scan_after: args.auto_scan_secs.map(Duration::from_secs),
        status_steps: Duration::from_millis(args.status_steps_ms),
        request_log_limit: args.request_log_limit,
        // A capped log is for long runs, where bodies would be most of its memory.
        log_request_bodies: args.request_log_limit.is_none(),
        ..SandboxConfig::default()
    };
    // Loopback only: the sandbox is for this machine.
    let bind = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port);
    let sandbox = match Sandbox::start(config, bind).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("tip: the sandbox could not listen on {bind}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let control = sandbox.control();
    if let Some(faults) = faults {
        if let Err(e) = control.try_set_faults(faults) {
            eprintln!("tip: --faults: {e}");
            return ExitCode::FAILURE;
        }
    }
    let mut instances = Vec::new();
    for n in 1..=args.connected_instances {
        let name = format!("sandbox-{n}");
        let owner = format!("{OWNER_PREFIX}{n:07}");
        if let Err(e) = control.create_connected(&name, &owner, &format!("Sandbox {n}")) {
            eprintln!("tip: could not create {name}: {e}");
            return ExitCode::FAILURE;
        }
        instances.push(json!({"name": name, "owner": owner}));
    }
    // Scripts read these lines to learn the address (the first one since before there
    // were instances to report). A script may close the pipe after the first line: a
    // failed write must not stop the server (`println!` would panic).
    let ready = json!({"url": sandbox.url(), "key": args.key, "instances": instances});
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "sandbox listening on {}", sandbox.url())
        .and_then(|()| writeln!(stdout, "sandbox ready {ready}"))
        .and_then(|()| stdout.flush());
    drop(stdout);
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
