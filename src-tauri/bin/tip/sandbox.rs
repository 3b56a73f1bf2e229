//! `tip sandbox`: a local Evolution API server for demos, manual tests and benchmarks.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use whats_tip::evolution_sandbox::{Sandbox, SandboxConfig};

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
}

pub async fn run(args: Args) -> ExitCode {
    let config = SandboxConfig {
        global_key: args.key,
        qr_rotate_every: Duration::from_secs(args.qr_rotate_secs.max(1)),
        auto_scan_after: args.auto_scan_secs.map(Duration::from_secs),
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
    // Scripts read this line to learn the address.
    println!("sandbox listening on {}", sandbox.url());
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
