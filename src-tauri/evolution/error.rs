//! Everything that can go wrong talking to an Evolution server, in terms a caller acts on.

use serde_json::Value;

#[derive(Debug, thiserror::Error)]
pub enum EvolutionError {
    #[error("no Evolution server address is configured")]
    NotConfigured,
    #[error("the server address is not valid: {0}")]
    InvalidUrl(String),
    /// DNS failure, connection refused, network down.
    #[error("the server could not be reached: {0}")]
    Unreachable(String),
    #[error("the server did not answer in time")]
    Timeout,
    /// Certificate or TLS handshake problem (including https:// to a plain-http server).
    #[error("secure connection failed: {0}")]
    Tls(String),
    /// Something answered, but not an Evolution API server.
    #[error("the address answered, but it is not an Evolution API server: {0}")]
    NotEvolution(String),
    /// 2.4.0-rc servers refuse every route until activated.
    #[error("the Evolution server requires licence activation")]
    LicenceRequired { register_url: Option<String> },
    #[error("the API key was refused by the server")]
    Unauthorized,
    #[error("instance not found: {0}")]
    InstanceNotFound(String),
    #[error("the instance name is already in use: {0}")]
    NameInUse(String),
    /// Logout of a closed instance, restart of a closed one, checks before first connect.
    #[error("the instance is not connected: {0}")]
    NotConnected(String),
    /// The WhatsApp socket is down for now (`Connection Closed`, `Timed Out`, undefined
    /// socket): transient; check the state, wait for `open`, retry with backoff.
    #[error("the WhatsApp connection is closed: {0}")]
    ConnectionClosed(String),
    /// A send to a number that has no WhatsApp: mark it invalid, never retry.
    #[error("{number} is not on WhatsApp")]
    NumberNotOnWhatsApp { number: String, jid: Option<String> },
    /// The server rejected the request body (400).
    #[error("the server rejected the request: {0}")]
    Validation(String),
    /// `connect`/`restart` report failures as HTTP 200 `{"error":true,…}`.
    #[error("the server could not start the connection: {0}")]
    ConnectFailed(String),
    /// The answer did not have the expected shape.
    #[error("unexpected answer from the server: {0}")]
    UnexpectedResponse(String),
    #[error("the server answered {status}: {message}")]
    Http { status: u16, message: String },
}

impl EvolutionError {
    /// Classifies a transport failure. TLS problems surface as connect errors whose
    /// cause chain names the handshake, so the chain is inspected.
    pub(crate) fn from_transport(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            return EvolutionError::Timeout;
        }
        let chain = error_chain(&err);
        let lower = chain.to_lowercase();
        let tls_markers = [
            "certificate",
            "tls",
            "ssl",
            "handshake",
            "invalidcontenttype",
            "corrupt message",
        ];
        if tls_markers.iter().any(|m| lower.contains(m)) {
            return EvolutionError::Tls(chain);
        }
        if err.is_decode() {
            return EvolutionError::NotEvolution(chain);
        }
        EvolutionError::Unreachable(chain)
    }

    /// Whether repeating the same call later may succeed (used by retries and the UI).
    pub fn is_transient(&self) -> bool {
        match self {
            EvolutionError::Unreachable(_)
            | EvolutionError::Timeout
            | EvolutionError::ConnectionClosed(_) => true,
            EvolutionError::Http { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }

    /// Reads the first `exists:false` object of a send's 400 body, if that is what it is.
    pub(crate) fn not_on_whatsapp(json: &Value) -> Option<Self> {
        let items = json.pointer("/response/message")?.as_array()?;
        items.iter().find_map(|item| {
            (item.get("exists")? == &Value::Bool(false)).then(|| {
                EvolutionError::NumberNotOnWhatsApp {
                    number: item
                        .get("number")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    jid: item.get("jid").and_then(Value::as_str).map(str::to_owned),
                }
            })
        })
    }
}

/// "a: b: c" from an error and its sources, for logs and the technical detail line.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}
