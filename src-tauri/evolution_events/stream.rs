//! One socket.io connection to one instance's namespace (`/{instance}`), WebSocket
//! transport only, as contract §6 describes: `…/socket.io/?EIO=4&transport=websocket&apikey=…`.
//! The URL carries the key, so only [`redacted`] forms of it reach errors and logs.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};
use url::Url;

use super::error::EventsError;
use super::protocol::{self, Frame};
use crate::secrets::{redaction, Sensitive};

/// The largest message read. Events are small; a `messages.upsert` may carry a media
/// thumbnail (or base64 media when the server is set to send it). Same cap as the
/// HTTP client's answers.
pub(crate) const MAX_MESSAGE_BYTES: usize = crate::evolution::MAX_ANSWER_BYTES;
/// Handshake plus namespace join.
const OPEN_TIMEOUT: Duration = Duration::from_secs(20);

/// Where and with which key to connect.
#[derive(Clone)]
pub(crate) struct Endpoint {
    base: Url,
    key: Sensitive<String>,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("base", &self.base.as_str())
            .finish_non_exhaustive()
    }
}

impl Endpoint {
    pub fn new(base_url: &str, key: Sensitive<String>) -> Result<Endpoint, EventsError> {
        let base =
            Url::parse(base_url.trim()).map_err(|e| EventsError::InvalidUrl(e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") || base.host_str().is_none() {
            return Err(EventsError::InvalidUrl(format!(
                "unsupported address {}",
                redacted(&base)
            )));
        }
        // Defence in depth: the log scrubber knows the key too.
        redaction::remember(key.expose());
        Ok(Endpoint { base, key })
    }

    /// `ws(s)://host[:port][/prefix]/socket.io/?EIO=4&transport=websocket&apikey=…`.
    fn socket_url(&self) -> Url {
        let mut url = self.base.clone();
        let scheme = if url.scheme() == "https" { "wss" } else { "ws" };
        // http→ws and https→wss are allowed scheme changes for `url`.
        let _ = url.set_scheme(scheme);
        let prefix = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{prefix}/socket.io/"));
        url.set_fragment(None);
        url.query_pairs_mut()
            .clear()
            .append_pair("EIO", "4")
            .append_pair("transport", "websocket")
            .append_pair("apikey", self.key.expose());
        url
    }

    /// The socket URL as it may be shown: `apikey=<redacted>`.
    pub fn redacted_socket_url(&self) -> String {
        redacted(&self.socket_url())
    }
}

/// A URL with every query value of a key-like name, and any userinfo, replaced.
pub(crate) fn redacted(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let secret = matches!(k.to_ascii_lowercase().as_str(), "apikey" | "token" | "key");
                let value = if secret {
                    redaction::REDACTED.to_owned()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), value)
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    shown.to_string()
}

/// rustls with the platform's roots, like the HTTP client (reqwest's default TLS).
fn tls_connector() -> Result<Connector, String> {
    static CONFIG: OnceLock<Result<Arc<rustls::ClientConfig>, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            use rustls_platform_verifier::BuilderVerifierExt;
            let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
            rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .and_then(|b| b.with_platform_verifier())
                .map(|b| Arc::new(b.with_no_client_auth()))
                .map_err(|e| e.to_string())
        })
        .clone()
        .map(Connector::Rustls)
}

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A joined namespace, reading events.
pub(crate) struct EventStream {
    socket: Socket,
    namespace: String,
    /// No frame at all (the server pings every `pingInterval`) for this long: dead.
    silence_limit: Duration,
    url: String,
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("namespace", &self.namespace)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl EventStream {
    /// Connects and joins `/{instance}`.
    pub async fn open(endpoint: &Endpoint, instance: &str) -> Result<EventStream, EventsError> {
        let shown = endpoint.redacted_socket_url();
        match tokio::time::timeout(OPEN_TIMEOUT, Self::open_inner(endpoint, instance, &shown)).await
        {
            Ok(result) => result,
            Err(_) => Err(EventsError::Transport {
                url: shown,
                reason: "timed out opening the event socket".to_owned(),
            }),
        }
    }

    async fn open_inner(
        endpoint: &Endpoint,
        instance: &str,
        shown: &str,
    ) -> Result<EventStream, EventsError> {
        let url = endpoint.socket_url();
        let transport = |reason: String| EventsError::Transport {
            url: shown.to_owned(),
            reason,
        };
        let request = url
            .as_str()
            .into_client_request()
            .map_err(|e| transport(safe_reason(&e)))?;
        let connector = if url.scheme() == "wss" {
            Some(tls_connector().map_err(transport)?)
        } else {
            None
        };
        let config = WebSocketConfig::default()
            .max_message_size(Some(MAX_MESSAGE_BYTES))
            .max_frame_size(Some(MAX_MESSAGE_BYTES));
        let (socket, _) = tokio_tungstenite::connect_async_tls_with_config(
            request,
            Some(config),
            true,
            connector,
        )
        .await
        .map_err(|e| handshake_error(e, shown))?;
        let namespace = format!("/{instance}");
        let mut stream = EventStream {
            socket,
            namespace,
            silence_limit: Duration::from_secs(45),
            url: shown.to_owned(),
        };
        match stream.read_frame().await? {
            Frame::Open {
                ping_interval_ms,
                ping_timeout_ms,
            } => {
                stream.silence_limit =
                    Duration::from_millis(ping_interval_ms.saturating_add(ping_timeout_ms));
            }
            _ => return Err(stream.lost("no engine.io handshake")),
        }
        let join = protocol::connect_frame(&stream.namespace);
        stream
            .socket
            .send(Message::text(join))
            .await
            .map_err(|e| stream.lost(&safe_reason(&e)))?;
        loop {
            match stream.read_frame().await? {
                Frame::Connected { namespace } if namespace == stream.namespace => {
                    return Ok(stream)
                }
                Frame::ConnectError { namespace, message } if namespace == stream.namespace => {
                    return Err(if message.eq_ignore_ascii_case("Invalid namespace") {
                        EventsError::NamespaceMissing(instance.to_owned())
                    } else {
                        stream.lost(&format!("namespace refused: {}", short(&message)))
                    });
                }
                Frame::Close => return Err(stream.lost("closed by the server")),
                _ => {}
            }
        }
    }

    /// The next event of the namespace: `(name, message)`. Pings are answered here.
    pub async fn next_event(&mut self) -> Result<(String, Value), EventsError> {
        loop {
            match self.read_frame().await? {
                Frame::Event {
                    namespace,
                    name,
                    payload,
                } if namespace == self.namespace => return Ok((name, payload)),
                Frame::Disconnected { namespace } if namespace == self.namespace => {
                    return Err(self.lost("the server closed the namespace"));
                }
                Frame::Close => return Err(self.lost("closed by the server")),
                _ => {}
            }
        }
    }

    /// Reads one text frame, answering pings and heartbeat-checking on the way.
    async fn read_frame(&mut self) -> Result<Frame, EventsError> {
        loop {
            let next = tokio::time::timeout(self.silence_limit, self.socket.next()).await;
            let message = match next {
                Err(_) => return Err(self.lost("no heartbeat from the server")),
                Ok(None) => return Err(self.lost("closed")),
                Ok(Some(Err(e))) => return Err(self.lost(&safe_reason(&e))),
                Ok(Some(Ok(message))) => message,
            };
            match message {
                Message::Text(text) => {
                    let frame = protocol::parse(text.as_str());
                    if frame == Frame::Ping {
                        self.socket
                            .send(Message::text(protocol::PONG))
                            .await
                            .map_err(|e| self.lost(&safe_reason(&e)))?;
                        continue;
                    }
                    return Ok(frame);
                }
                Message::Close(_) => return Err(self.lost("closed by the server")),
                // Binary attachments, WebSocket pings (tungstenite answers them): skip.
                _ => {}
            }
        }
    }

    fn lost(&self, reason: &str) -> EventsError {
        EventsError::Transport {
            url: self.url.clone(),
            reason: reason.to_owned(),
        }
    }
}

/// A transport error's text, scrubbed (tungstenite's texts do not include the URL, but a
/// future version might).
fn safe_reason(error: &tungstenite::Error) -> String {
    short(&redaction::scrub(&error.to_string()))
}

fn short(text: &str) -> String {
    text.chars().take(200).collect()
}

/// Evolution's `allowRequest` refuses a bad key with HTTP 400 (WebSocket upgrade) or 403
/// (polling) and the text "Invalid global token" / "apiKey is required"; a server with
/// WebSocket events off answers Express's 404.
fn handshake_error(error: tungstenite::Error, shown: &str) -> EventsError {
    match error {
        tungstenite::Error::Http(response) => {
            let status = response.status().as_u16();
            let body = response
                .body()
                .as_deref()
                .map(|b| String::from_utf8_lossy(&b[..b.len().min(512)]).to_ascii_lowercase())
                .unwrap_or_default();
            let key_refused = [
                "token",
                "apikey",
                "unauthorized",
                "forbidden",
                "authentication",
            ]
            .iter()
            .any(|w| body.contains(w));
            match status {
                401 | 403 => EventsError::Unauthorized,
                400 if key_refused => EventsError::Unauthorized,
                404 => EventsError::WebsocketDisabled,
                status => EventsError::Handshake {
                    url: shown.to_owned(),
                    status,
                },
            }
        }
        other => EventsError::Transport {
            url: shown.to_owned(),
            reason: safe_reason(&other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_socket_url_keeps_a_prefix_and_is_shown_redacted() {
        let endpoint = Endpoint::new(
            "https://evo.example/api/?x=1",
            Sensitive::new("secret-key-123456".to_owned()),
        )
        .unwrap();
        let url = endpoint.socket_url();
        assert_eq!(
            url.as_str(),
            "wss://evo.example/api/socket.io/?EIO=4&transport=websocket&apikey=secret-key-123456"
        );
        let shown = endpoint.redacted_socket_url();
        assert!(!shown.contains("secret-key-123456"), "{shown}");
        assert!(
            shown.contains("apikey=%3Credacted%3E") || shown.contains("apikey=<redacted>"),
            "{shown}"
        );
        assert!(format!("{endpoint:?}").find("secret").is_none());
        assert!(Endpoint::new("ftp://x", Sensitive::new("k".into())).is_err());
    }
}
