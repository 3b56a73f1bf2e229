//! The HTTP client: base URL, `apikey` header, timeouts, and status → error mapping.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

use super::envelope::human_message;
use super::error::EvolutionError;
use crate::secrets::Sensitive;

/// Default per-request limit. Sends and creates can block for several seconds on the
/// server (contract §8.12), so callers of those pass a longer one.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const GET_RETRIES: u32 = 2;
const RETRY_DELAY: Duration = Duration::from_millis(300);

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

/// One Evolution server, addressed with the global API key when one is set.
#[derive(Debug, Clone)]
pub struct EvolutionClient {
    http: reqwest::Client,
    base: Url,
    api_key: Option<Sensitive<String>>,
    timeout: Duration,
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
            .user_agent(concat!("WhatsTIP/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(EvolutionError::from_transport)?;
        Ok(Self {
            http,
            base,
            api_key,
            timeout: DEFAULT_TIMEOUT,
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

    pub fn has_api_key(&self) -> bool {
        self.api_key.is_some()
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

    /// Sends a request and returns the status and body text; transport errors are mapped.
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
        let text = response
            .text()
            .await
            .map_err(EvolutionError::from_transport)?;
        tracing::debug!(%method, path, status = status.as_u16(), "evolution call");
        Ok((status, text))
    }

    /// Sends a request with an explicit timeout and returns the JSON body of a success;
    /// any other answer becomes the typed error for it.
    pub(crate) async fn call_json(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        timeout: Duration,
    ) -> Result<Value, EvolutionError> {
        let client = self.clone().with_timeout(timeout.max(self.timeout));
        let (status, text) = client.raw(method, path, body).await?;
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
