//! `tip openai-sandbox`: a local OpenAI-compatible server for demos, window tests and
//! benchmarks (no account, no network, no cost).
//!
//! Its first lines on stdout say how to reach it, one `name=value` each, and end with the
//! same `… listening on URL` line `tip sandbox` prints, so a script may wait for that line
//! and know every value above it has been printed:
//!
//! ```text
//! base_url=http://127.0.0.1:8090/v1
//! key=sk-sandbox-0123456789abcdef0123
//! control_url=http://127.0.0.1:8090/_sandbox
//! openai sandbox listening on http://127.0.0.1:8090/v1
//! ```

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::ValueEnum;
use whats_tip::openai_sandbox::{FactsMode, OpenAiSandbox, OpenAiSandboxConfig, SandboxSettings};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8090)]
    port: u16,
    /// The API key the server accepts (default: the sandbox's own test key).
    #[arg(long)]
    key: Option<String>,
    /// Wait this long before every answer starts.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Wait this long between two pieces of a streamed answer.
    #[arg(long, default_value_t = 0)]
    chunk_delay_ms: u64,
    /// Whether generated answers keep the prompt's facts (prices, dates, links, fields) or
    /// change them, to see the app's facts lock at work.
    #[arg(long, value_enum, default_value_t = Facts::Keep)]
    facts: Facts,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Facts {
    Keep,
    Break,
}

pub async fn run(args: Args) -> ExitCode {
    let defaults = OpenAiSandboxConfig::default();
    let api_key = match args.key {
        Some(key) if key.trim().is_empty() => {
            eprintln!("tip: --key must not be empty");
            return ExitCode::FAILURE;
        }
        Some(key) => key.trim().to_owned(),
        None => defaults.api_key.clone(),
    };
    let config = OpenAiSandboxConfig {
        api_key,
        settings: SandboxSettings {
            latency: Duration::from_millis(args.latency_ms),
            chunk_delay: Duration::from_millis(args.chunk_delay_ms),
            facts: match args.facts {
                Facts::Keep => FactsMode::Keep,
                Facts::Break => FactsMode::Break,
            },
        },
        ..defaults
    };
    // Loopback only: the sandbox is for this machine.
    let bind = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port);
    let sandbox = match OpenAiSandbox::start(config, bind).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("tip: the OpenAI sandbox could not listen on {bind}: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Scripts read these lines (stdout is line-buffered, so each arrives whole).
    println!("base_url={}", sandbox.base_url());
    println!("key={}", sandbox.api_key());
    println!("control_url={}/_sandbox", sandbox.url());
    println!("openai sandbox listening on {}", sandbox.base_url());
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
