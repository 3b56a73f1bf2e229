//! Everything that can go wrong talking to an Evolution server, in terms a caller acts on,
//! and what a caller may do about each one ([`FailureClass`]): retry, reconcile a send whose
//! outcome is unknown, or stop.

use serde_json::Value;

/// What a failed call leaves the caller free to do. The campaign engine branches on this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureClass {
    /// Nothing happened that matters (the request never left, or the server refused it
    /// before acting): the same call may succeed later.
    Retryable,
    /// A send reached the server and no answer says what became of it: the message may
    /// have gone out. Never resend blindly; look it up (`findMessages`) first.
    OutcomeUnknown,
    /// Repeating cannot help until something changes (address, key, number, server).
    Permanent,
}

#[derive(Debug, thiserror::Error)]
pub enum EvolutionError {
    #[error("no Evolution server address is configured")]
    NotConfigured,
    #[error("the server address is not valid: {0}")]
    InvalidUrl(String),
    /// DNS failure, connection refused or timed out, network down: the request never left.
    #[error("the server could not be reached: {0}")]
    Unreachable(String),
    /// The request was sent and no answer came in time.
    #[error("the server did not answer in time")]
    Timeout,
    /// The request was sent, then the connection dropped before the answer was complete.
    #[error("the connection to the server dropped before it answered: {0}")]
    ConnectionLost(String),
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
    /// A redirect (3xx). Evolution never redirects its own routes, so something in front
    /// of it does (an http→https upgrade, a moved host, a login page); it is not followed,
    /// since that would carry the `apikey` header to wherever it points.
    #[error("the server answered with a redirect{}: use the final address instead", redirect_target(.location.as_deref()))]
    Redirected { location: Option<String> },
    /// The answer was longer than any real one ([`MAX_ANSWER_BYTES`](super::client::MAX_ANSWER_BYTES)).
    #[error("the server sent an answer larger than {} MiB, too large to be valid", .limit / (1024 * 1024))]
    AnswerTooLarge { limit: usize },
    /// A send (`sendText`/`sendMedia`) reached the server, and then `cause` happened: a
    /// timeout, a dropped connection, a 5xx, WhatsApp's `Timed Out`, or an unreadable 2xx.
    /// The message may have gone out (contract §5, §8.6).
    #[error("the message may or may not have been sent: {cause}")]
    OutcomeUnknown { cause: Box<EvolutionError> },
    /// A v1 server (see [`compat`](super::compat)): its API differs and sends would fail.
    #[error("Evolution API {version} is too old for this app (it needs 2.x)")]
    TooOld { version: String },
    /// The address failed, and the same server answers as Evolution with the other scheme
    /// (`https://` to a plain-http server, or `http://` to an https-only one).
    #[error("the server answers at {suggested} instead")]
    WrongScheme { suggested: String },
}

fn redirect_target(location: Option<&str>) -> String {
    location.map(|l| format!(" to {l}")).unwrap_or_default()
}

impl EvolutionError {
    /// Classifies a transport failure by whether the request left: a failure to connect
    /// (TLS handshake included) means it never did; anything later means it reached the
    /// server, which is what separates a retryable send from one that may have gone out.
    pub(crate) fn from_transport(err: reqwest::Error) -> Self {
        let chain = error_chain(&err);
        if err.is_connect() {
            // Checked only here: after the handshake, a "TLS close_notify" kind of error
            // is a dropped connection like any other.
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
            // Connect timeouts too: nothing was sent.
            return EvolutionError::Unreachable(chain);
        }
        if err.is_timeout() {
            return EvolutionError::Timeout;
        }
        if err.is_decode() {
            return EvolutionError::NotEvolution(chain);
        }
        if err.is_request() || err.is_body() {
            return EvolutionError::ConnectionLost(chain);
        }
        EvolutionError::Unreachable(chain)
    }

    /// What a caller may do about this failure.
    pub fn class(&self) -> FailureClass {
        match self {
            EvolutionError::Unreachable(_)
            | EvolutionError::Timeout
            | EvolutionError::ConnectionLost(_)
            | EvolutionError::ConnectionClosed(_) => FailureClass::Retryable,
            EvolutionError::Http {
                status: 502..=504, ..
            } => FailureClass::Retryable,
            EvolutionError::OutcomeUnknown { .. } => FailureClass::OutcomeUnknown,
            EvolutionError::NotConfigured
            | EvolutionError::InvalidUrl(_)
            | EvolutionError::Tls(_)
            | EvolutionError::NotEvolution(_)
            | EvolutionError::LicenceRequired { .. }
            | EvolutionError::Unauthorized
            | EvolutionError::InstanceNotFound(_)
            | EvolutionError::NameInUse(_)
            | EvolutionError::NotConnected(_)
            | EvolutionError::NumberNotOnWhatsApp { .. }
            | EvolutionError::Validation(_)
            | EvolutionError::ConnectFailed(_)
            | EvolutionError::UnexpectedResponse(_)
            | EvolutionError::Http { .. }
            | EvolutionError::Redirected { .. }
            | EvolutionError::AnswerTooLarge { .. }
            | EvolutionError::TooOld { .. }
            | EvolutionError::WrongScheme { .. } => FailureClass::Permanent,
        }
    }

    /// Whether repeating the same call later may succeed (used by retries and the UI).
    /// Never true for a send whose outcome is unknown.
    pub fn is_transient(&self) -> bool {
        self.class() == FailureClass::Retryable
    }

    /// A send that may have gone out: reconcile with the server before any resend.
    pub fn is_outcome_unknown(&self) -> bool {
        self.class() == FailureClass::OutcomeUnknown
    }

    /// The failure of a send, re-read for what it says about the message. Failures that
    /// prove the server did not act (never connected, refused, socket not open, number not
    /// on WhatsApp…) stay as they are; the rest become [`EvolutionError::OutcomeUnknown`].
    /// `Connection Closed` and `Cannot read properties of undefined` are the server saying
    /// the socket was not open, so nothing went out (contract §5); `Timed Out` is WhatsApp
    /// not confirming a message the server may already have relayed.
    pub(crate) fn after_send(self) -> EvolutionError {
        let may_have_gone_out = match &self {
            EvolutionError::Timeout | EvolutionError::ConnectionLost(_) => true,
            EvolutionError::ConnectionClosed(message) => {
                message.to_lowercase().contains("timed out")
            }
            // A proxy's 502/504 included: it may have passed the request on.
            EvolutionError::Http { status, .. } => *status >= 500,
            // These come only from a 2xx (error bodies are not parsed as a send's answer):
            // the server accepted the send and its answer could not be read.
            EvolutionError::NotEvolution(_)
            | EvolutionError::UnexpectedResponse(_)
            | EvolutionError::AnswerTooLarge { .. } => true,
            EvolutionError::OutcomeUnknown { .. } => return self,
            EvolutionError::NotConfigured
            | EvolutionError::InvalidUrl(_)
            | EvolutionError::Unreachable(_)
            | EvolutionError::Tls(_)
            | EvolutionError::LicenceRequired { .. }
            | EvolutionError::Unauthorized
            | EvolutionError::InstanceNotFound(_)
            | EvolutionError::NameInUse(_)
            | EvolutionError::NotConnected(_)
            | EvolutionError::NumberNotOnWhatsApp { .. }
            | EvolutionError::Validation(_)
            | EvolutionError::ConnectFailed(_)
            | EvolutionError::Redirected { .. }
            | EvolutionError::TooOld { .. }
            | EvolutionError::WrongScheme { .. } => false,
        };
        if may_have_gone_out {
            EvolutionError::OutcomeUnknown {
                cause: Box::new(self),
            }
        } else {
            self
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
