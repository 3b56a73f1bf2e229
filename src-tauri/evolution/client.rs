//! The HTTP client: base URL, `apikey` header, timeouts, redirects, answer size caps,
//! and status → error mapping.

use std::time::Duration;

use reqwest::header::{HeaderMap, LOCATION};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

use super::answer::{read_capped, read_prefix};
use super::envelope::human_message;
use super::error::EvolutionError;
use crate::secrets::Sensitive;

/// Default per-request limit. Sends and creates can block for several seconds on the
/// server (contract §8.12), so callers of those pass a longer one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a send may wait for its answer, on top of its `delay` (contract §8.12).
pub const SEND_TIMEOUT: Duration = Duration::from_secs(60);
const GET_RETRIES: u32 = 2;
const RETRY_DELAY: Duration = Duration::from_millis(300);

/// The most a successful answer may hold. The largest real ones are `fetchInstances` on a
/// server with many instances (~1.5 KB each, tokens and settings included) and
/// `findMessages` pages whose media records carry thumbnails as index-keyed byte objects
/// (`{"0":12,"1":250,…}`, ~8 bytes of JSON per byte): a few MB at the very most. 16 MiB
/// leaves room for those, and parsed into a `serde_json::Value` (up to ~10× the text for
/// such objects) still fits a desktop's memory.
pub(crate) const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;
/// Error answers feed a 300-character message and a few JSON fields (contract §3), all
/// within their first bytes; only that much of a longer one is read.
const MAX_ERROR_BYTES: usize = 64 * 1024;
/// A `Location` shown in an error is cut to this many characters.
const MAX_LOCATION_CHARS: usize = 200;

/// The 500 texts of a WhatsApp socket that is not open (contract §5 sendText errors, §8.6).
fn is_socket_down(lower: &str) -> bool {
    [
        "connection closed",
        "timed out",
        "cannot read properties of undefined",
    ]
    .iter()
    .any(|m| lower.contains(m))
}

/// Where a redirect pointed, for the error: resolved against the request's URL, without
/// credentials, query or fragment (a server's login redirect may carry a token there),
/// and cut short.
fn redirect_location(request: &Url, headers: &HeaderMap) -> Option<String> {
    let location = headers.get(LOCATION)?.to_str().ok()?;
    let mut url = request.join(location.trim()).ok()?;
    url.set_query(None);
    url.set_fragment(None);
    // Fails only for URLs that cannot have credentials, which then have none.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Some(url.as_str().chars().take(MAX_LOCATION_CHARS).collect())
}

/// One Evolution server, addressed with the global API key when one is set.
#[derive(Debug, Clone)]
pub struct EvolutionClient {
    http: reqwest::Client,
    base: Url,
    api_key: Option<Sensitive<String>>,
    timeout: Duration,
    send_timeout: Duration,
}

impl EvolutionClient {
    pub fn new(base_url: &str, api_key: Option<Sensitive<String>>) -> Result<Self, EvolutionError> {
        let base =
            Url::parse(base_url.trim()).map_err(|e| EvolutionError::InvalidUrl(e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(EvolutionError::InvalidUrl(format!(
                "unsupported scheme {}",
                base.scheme()
            )));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            // No redirect is followed, not even to the same host: Evolution's routes never
            // redirect, so a 3xx comes from something in front of it (http→https, a moved
            // host, a login page). Following it would hand the `apikey` header, which
            // reqwest keeps across hosts, to whatever the Location names, and would turn a
            // redirected POST send into a GET. The user is told the address to use instead.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("WhatsTIP/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(EvolutionError::from_transport)?;
        Ok(Self {
            http,
            base,
            api_key,
            timeout: DEFAULT_TIMEOUT,
            send_timeout: SEND_TIMEOUT,
        })
    }

    /// The server's address, for messages.
    pub fn base_url(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a send waits for its answer on top of its `delay` (default
    /// [`SEND_TIMEOUT`]). Past it the send's outcome is unknown, not failed.
    pub fn with_send_timeout(mut self, timeout: Duration) -> Self {
        self.send_timeout = timeout;
        self
    }

    pub(crate) fn send_timeout(&self) -> Duration {
        self.send_timeout
    }

    pub fn has_api_key(&self) -> bool {
        self.api_key.is_some()
    }

    /// The key, for the event socket's handshake (`evolution_events`).
    pub(crate) fn api_key(&self) -> Option<&Sensitive<String>> {
        self.api_key.as_ref()
    }

    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    fn url(&self, path: &str) -> Result<Url, EvolutionError> {
        // Join relative to the root so a base with a path prefix keeps it.
        let mut base = self.base.clone();
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        base.join(path.trim_start_matches('/'))
            .map_err(|e| EvolutionError::InvalidUrl(e.to_string()))
    }

    /// Sends a request and returns the status and body text; transport errors, redirects
    /// and oversized answers are mapped to their errors. A successful answer is read whole
    /// up to [`MAX_ANSWER_BYTES`]; an error answer only up to its first [`MAX_ERROR_BYTES`].
    pub(crate) async fn raw(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(StatusCode, String), EvolutionError> {
        let mut request = self
            .http
            .request(method.clone(), self.url(path)?)
            .timeout(self.timeout);
        if let Some(key) = &self.api_key {
            request = request.header("apikey", key.expose());
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(EvolutionError::from_transport)?;
        let status = response.status();
        tracing::debug!(%method, path, status = status.as_u16(), "evolution call");
        if status.is_redirection() {
            return Err(EvolutionError::Redirected {
                location: redirect_location(response.url(), response.headers()),
            });
        }
        let bytes = if status.is_success() {
            read_capped(response, MAX_ANSWER_BYTES).await?
        } else {
            read_prefix(response, MAX_ERROR_BYTES).await?
        };
        Ok((status, String::from_utf8_lossy(&bytes).into_owned()))
    }

    /// Sends a request and returns the JSON body of a success; any other answer becomes the
    /// typed error for it. `timeout` can only lengthen the client's own.
    pub(crate) async fn call_json(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        timeout: Duration,
    ) -> Result<Value, EvolutionError> {
        self.clone()
            .with_timeout(timeout.max(self.timeout))
            .json_answer(method, path, body)
            .await
    }

    /// A POST that must happen at most once (`sendText`, `sendMedia`): never retried, and
    /// limited by exactly `timeout`. A failure after the request left becomes
    /// [`EvolutionError::OutcomeUnknown`] (see [`EvolutionError::after_send`]), which no
    /// retry built on `is_transient` repeats.
    pub(crate) async fn send_json(
        &self,
        path: &str,
        body: &Value,
        timeout: Duration,
    ) -> Result<Value, EvolutionError> {
        self.clone()
            .with_timeout(timeout)
            .json_answer(Method::POST, path, Some(body))
            .await
            .map_err(EvolutionError::after_send)
    }

    async fn json_answer(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, EvolutionError> {
        let (status, text) = self.raw(method, path, body).await?;
        if !status.is_success() {
            return Err(Self::error_for(status, &text));
        }
        serde_json::from_str(&text).map_err(|_| {
            EvolutionError::UnexpectedResponse(format!(
                "HTTP {status} with a body that is not JSON"
            ))
        })
    }

    /// A GET that is safe to repeat: transient failures are retried twice with backoff.
    pub(crate) async fn get_json_retrying(&self, path: &str) -> Result<Value, EvolutionError> {
        let mut delay = RETRY_DELAY;
        let mut attempt = 0;
        loop {
            match self.call_json(Method::GET, path, None, self.timeout).await {
                Err(e) if e.is_transient() && attempt < GET_RETRIES => {
                    tracing::debug!(path, error = %e, "retrying a safe GET");
                    tokio::time::sleep(delay).await;
                    delay *= 3;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// Maps a non-success answer to the error the caller acts on (contract §3). The licence
    /// gate is checked first because it replaces every route's answer on 2.4.0-rc servers.
    pub(crate) fn error_for(status: StatusCode, body: &str) -> EvolutionError {
        let json: Option<Value> = serde_json::from_str(body).ok();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            if let Some(json) = &json {
                if json.get("code").and_then(Value::as_str) == Some("LICENSE_REQUIRED") {
                    return EvolutionError::LicenceRequired {
                        register_url: json
                            .get("register_url")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                    };
                }
            }
        }
        let message = human_message(body);
        let lower = message.to_lowercase();
        match status {
            StatusCode::UNAUTHORIZED => EvolutionError::Unauthorized,
            StatusCode::NOT_FOUND
                if lower.contains("does not exist") || lower.contains("not found") =>
            {
                EvolutionError::InstanceNotFound(message)
            }
            StatusCode::FORBIDDEN if lower.contains("already in use") => {
                EvolutionError::NameInUse(message)
            }
            StatusCode::BAD_REQUEST => {
                if let Some(not_on_whatsapp) =
                    json.as_ref().and_then(EvolutionError::not_on_whatsapp)
                {
                    return not_on_whatsapp;
                }
                if lower.contains("connection closed") {
                    // whatsappNumbers' Boom body (428 inside a 400).
                    EvolutionError::ConnectionClosed(message)
                } else if lower.contains("is not connected") || message.is_empty() {
                    // `{}` from whatsappNumbers means "never connected" (or no numbers sent).
                    EvolutionError::NotConnected(message)
                } else {
                    EvolutionError::Validation(message)
                }
            }
            s if s.is_server_error() && is_socket_down(&lower) => {
                EvolutionError::ConnectionClosed(message)
            }
            _ => EvolutionError::Http {
                status: status.as_u16(),
                message,
            },
        }
    }
}
