//! Everything that can go wrong talking to an Evolution server, in terms a caller acts on.

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
