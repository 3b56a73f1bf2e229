//! A local Evolution API 2.3.6 server (Baileys channel) so tests, demos and benchmarks run
//! without a WhatsApp account. It follows `shared/evolution-api.md`: routes, error bodies,
//! auth order and the connection state machine of its section 7.
//!
//! Time-driven behaviour (QR rotation, QR limit, auto-scan, reconnects, delivery statuses,
//! deletion) is computed lazily from the elapsed time whenever state is read, so there are
//! no background tasks to race with or to stop.
//!
//! Control surface for tests: [`SandboxControl`] in Rust, and `/_sandbox/*` HTTP routes
//! (global key only) for the Node end-to-end tests and headless `tip sandbox` runs:
//!
//! | route | does |
//! |---|---|
//! | `POST /_sandbox/scan/{instance}` `{"number","profileName"}` | the phone scans the QR |
//! | `GET /_sandbox/qr/{instance}` | the QR shown now (`{"code","count"}`) |
//! | `POST /_sandbox/disconnect/{instance}` `{"statusCode":401}` | WhatsApp drops the socket (401/402/403/406 final, others reconnect) |
//! | `POST /_sandbox/instances` `{"instanceName","number","profileName"}` | an instance created already `open` |
//! | `PUT`/`GET /_sandbox/faults` | the global [`Faults`] |
//! | `PUT`/`GET`/`DELETE /_sandbox/faults/{instance}` | one instance's own faults (replacing the global ones for it) |
//! | `GET /_sandbox/requests` | the request log (capped by `request_log_limit`) |
//! | `GET /_sandbox/messages[?since=N&limit=M]` | the sent log, whole or one page (≤ 10,000, each with `seq`) |
//! | `GET /_sandbox/messages/count` | `{"sent","refused","requests"}` |
//! | `POST /_sandbox/instances/{instance}/incoming` `{"from","text","quoted","pushName","lid"}` | a contact's message to an `open` instance: `messages.upsert` (201 `{"keyId"}`) |
//!
//! Events (contract §6, `socket/`): socket.io on the same port, namespace `/{instance}`
//! created by the instance's first event, key checked at the handshake (`apikey` query:
//! global key or any instance token). With `POST /websocket/set/{instance}` enabled (and
//! `GET /websocket/find/{instance}` to read it), an instance emits `send.message` and one
//! `messages.update` per status step of each send (at the instants `findStatusMessage`
//! lists them), `connection.update` on every link change, and `messages.upsert` for
//! injected messages. Event faults: `dropSockets` (clients cut, and cut again on every
//! rejoin while set), `duplicateEvents`, `outOfOrderStatuses` (a send's statuses all at
//! the end, newest first), `autoReplyText` (the recipient answers each message it read,
//! quoting it).
//!
//! Faults for the campaign engine's reliability tests: latency, 5xx rate, hang, dropped
//! connections, dead socket, licence 503, ambiguous send endings (`afterSend`), a reply
//! held back after the message is stored (`afterSendDelayMs`, the crash test's kill
//! window), and WhatsApp refusing new contacts with error 463 (`newContactErrorRate`:
//! 201 `PENDING`, then an `ERROR` status; see `messages.rs` for the sources); and, for the
//! server doctor, an instance WhatsApp never sends a QR (`noQr`: `{"count":0}` while it stays
//! `connecting`). `SandboxConfig::version` / `whatsapp_web_version` set what `GET /` reports.
//!
//! Long runs: the sent log stays complete (tests compare it with a campaign's journal)
//! and is read in pages; the request log can be capped and kept without bodies; reads
//! render only the asked page. `tests/integration/sandbox_load.rs` measures 100k sends.

mod clock;
mod config;
mod control;
mod control_routes;
mod errors;
mod faults;
mod gate;
mod ids;
mod journal;
mod listener;
mod messages;
mod numbers;
mod qr;
mod reply;
mod routes;
mod schema;
mod shared;
mod socket;
mod spec;
mod state;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

pub use config::SandboxConfig;
pub use control::{IncomingMessage, SandboxControl};
pub use errors::SandboxError;
pub use faults::{AfterSend, Faults};
pub use journal::{ApiKeyUsed, LoggedRequest, SentMessage};
pub use numbers::NumberDirectory;

use listener::{Connection, SandboxListener};
use shared::Shared;

/// How long `shutdown` waits for open connections before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A running sandbox server. Dropping it stops it too (without waiting).
pub struct Sandbox {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    server: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Binds `bind` (use `127.0.0.1:0` in tests) and starts serving on the current Tokio
    /// runtime.
    pub async fn start(config: SandboxConfig, bind: SocketAddr) -> std::io::Result<Sandbox> {
        let tcp = tokio::net::TcpListener::bind(bind).await?;
        let addr = tcp.local_addr()?;
        // A wildcard bind is still reached through loopback by local clients.
        let host = if addr.ip().is_unspecified() {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        } else {
            addr
        };
        let url = format!("http://{host}");
        let shared = Arc::new(Shared::new(config, url.clone()));
        let app =
            routes::router(shared.clone()).into_make_service_with_connect_info::<Connection>();
        let mut stopping = shared.shutdown_signal();
        socket::spawn_emitter(&shared);
        let server = tokio::spawn(async move {
            let serve =
                axum::serve(SandboxListener::new(tcp), app).with_graceful_shutdown(async move {
                    // An error means the sender is gone, which also means "stop".
                    let _ = stopping.wait_for(|stop| *stop).await;
                });
            if let Err(e) = serve.await {
                tracing::warn!(error = %e, "sandbox server stopped with an error");
            }
        });
        tracing::info!(%url, "Evolution sandbox listening");
        Ok(Sandbox {
            addr,
            url,
            shared,
            server: Some(server),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash, like the contract's).
    pub fn url(&self) -> String {
        self.url.clone()
    }

    pub fn control(&self) -> SandboxControl {
        SandboxControl::new(self.shared.clone())
    }

    /// Stops accepting, lets answers in flight finish (hung and delayed requests are cut),
    /// and returns when the server is down.
    pub async fn shutdown(mut self) {
        self.shared.request_shutdown();
        if let Some(mut server) = self.server.take() {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut server)
                .await
                .is_err()
            {
                tracing::warn!("sandbox connections did not close in time; aborting");
                server.abort();
            }
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shared.request_shutdown();
    }
}
