//! Why an instance's event stream could not be opened or was lost. Messages never carry
//! the API key: the socket URL is only ever shown redacted.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum EventsError {
    /// The server refused the key at the socket.io handshake (Evolution's `allowRequest`:
    /// "Invalid global token" / "apiKey is required").
    #[error("the Evolution server refused the API key for its event socket")]
    Unauthorized,
    /// No socket.io on the server (`WEBSOCKET_ENABLED=false`): `/socket.io/` is a 404.
    #[error("the Evolution server has WebSocket events turned off (WEBSOCKET_ENABLED)")]
    WebsocketDisabled,
    /// The instance's namespace does not exist yet: Evolution creates it with the
    /// instance's first event. Retry.
    #[error("no events yet for instance {0} (namespace not created); retrying")]
    NamespaceMissing(String),
    /// The handshake got another HTTP answer.
    #[error("the event socket handshake at {url} was answered {status}")]
    Handshake { url: String, status: u16 },
    /// Address problems (bad scheme, no host).
    #[error("invalid Evolution address for events: {0}")]
    InvalidUrl(String),
    /// Network, TLS, protocol or heartbeat failure: retry.
    #[error("event socket to {url} lost: {reason}")]
    Transport { url: String, reason: String },
}

impl EventsError {
    /// A stable code for logs and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            EventsError::Unauthorized => "events_unauthorized",
            EventsError::WebsocketDisabled => "events_websocket_disabled",
            EventsError::NamespaceMissing(_) => "events_namespace_missing",
            EventsError::Handshake { .. } => "events_handshake",
            EventsError::InvalidUrl(_) => "events_invalid_url",
            EventsError::Transport { .. } => "events_transport",
        }
    }

    /// Worth trying again by itself (a wrong key or a server without WebSocket is not).
    pub fn is_retryable(&self) -> bool {
        !matches!(
            self,
            EventsError::Unauthorized | EventsError::WebsocketDisabled | EventsError::InvalidUrl(_)
        )
    }
}
