//! A local OpenAI-compatible server for tests, demos and benchmarks: `GET /v1/models` and
//! `POST /v1/chat/completions` (whole or streamed as SSE) with OpenAI's real bodies,
//! statuses and headers, including its error answers (401, 429 rate limit and quota, 404
//! model, 400 content filter, 500).
//!
//! Answers come from a queue of scripted replies, else from a deterministic writer that
//! keeps (or, on demand, breaks) the prompt's facts. Latency, per-piece stream delay and
//! queued faults are set from Rust ([`OpenAiSandboxControl`]) or over HTTP (`/_sandbox/*`,
//! see `control_routes.rs`). The journal counts requests and the most in flight at once.
//!
//! For a CLI subcommand: `OpenAiSandbox::start(config, addr)`, print `base_url()`, then
//! `shutdown()` on Ctrl-C.

mod chat;
mod config;
mod control;
mod control_routes;
mod facts;
mod faults;
mod journal;
mod reply;
mod routes;
mod shared;
mod sse;
mod writer;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

pub use config::{OpenAiSandboxConfig, SandboxSettings};
pub use control::OpenAiSandboxControl;
pub use faults::{Fault, FaultPlan};
pub use journal::{AuthUsed, JournalSnapshot, LoggedRequest};
pub use shared::ScriptedReply;
pub use writer::FactsMode;

use shared::Shared;

/// How long `shutdown` waits for open connections before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A running sandbox. Dropping it stops it too (without waiting).
pub struct OpenAiSandbox {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    server: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for OpenAiSandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiSandbox")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl OpenAiSandbox {
    /// Binds `bind` (`127.0.0.1:0` in tests) and serves on the current Tokio runtime.
    pub async fn start(
        config: OpenAiSandboxConfig,
        bind: SocketAddr,
    ) -> std::io::Result<OpenAiSandbox> {
        let tcp = tokio::net::TcpListener::bind(bind).await?;
        let addr = tcp.local_addr()?;
        // A wildcard bind is still reached through loopback by local clients.
        let host = if addr.ip().is_unspecified() {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        } else {
            addr
        };
        let url = format!("http://{host}");
        let shared = Arc::new(Shared::new(config));
        let app = routes::router(shared.clone());
        let mut stopping = shared.shutdown_signal();
        let server = tokio::spawn(async move {
            let serve = axum::serve(tcp, app).with_graceful_shutdown(async move {
                let _ = stopping.wait_for(|stop| *stop).await;
            });
            if let Err(e) = serve.await {
                tracing::warn!(error = %e, "OpenAI sandbox stopped with an error");
            }
        });
        tracing::info!(%url, "OpenAI sandbox listening");
        Ok(OpenAiSandbox {
            addr,
            url,
            shared,
            server: Some(server),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The server root, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// What a client takes as its base URL: the root plus `/v1`.
    pub fn base_url(&self) -> String {
        format!("{}/v1", self.url)
    }

    /// The key the sandbox accepts.
    pub fn api_key(&self) -> &str {
        &self.shared.config.api_key
    }

    pub fn control(&self) -> OpenAiSandboxControl {
        OpenAiSandboxControl::new(self.shared.clone())
    }

    /// Stops accepting, ends hung requests and streams, and returns when the server is down.
    pub async fn shutdown(mut self) {
        self.shared.request_shutdown();
        if let Some(mut server) = self.server.take() {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut server)
                .await
                .is_err()
            {
                tracing::warn!("OpenAI sandbox connections did not close in time; aborting");
                server.abort();
            }
        }
    }
}

impl Drop for OpenAiSandbox {
    fn drop(&mut self) {
        self.shared.request_shutdown();
    }
}
