//! The transport: one reqwest client, the Bearer key, time limits, the rate-limit retry
//! loop, error answers mapped with their headers, redirects kept to the server's own
//! origin, and bodies read with a size cap.
//!
//! Why not async-openai's own client: it reads error answers without their headers, so a
//! 429's `retry-after`/`retry-after-ms` is lost, and the hook that would see them (its
//! tower middleware) needs crates this app does not otherwise use. Its request and
//! response types are used as they are; this file is all the HTTP there is.

use std::time::Duration;

use reqwest::header::LOCATION;
use reqwest::redirect::{Action, Attempt, Policy};
use reqwest::{Method, Response};
use url::Url;

use super::config::{AiConfig, RetryPolicy, OPENAI_BASE_URL};
use super::error::{classify, AiError};
use crate::secrets::{redaction, Sensitive};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The most a whole (non-streamed) answer may hold. A chat completion is a few KB; the
/// longest model lists (OpenRouter's: hundreds of models with descriptions and prices) are
/// a couple of MB. 8 MiB leaves room for both and stops a server that never ends its body.
pub(crate) const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;
/// An error answer feeds a 300-character message and three JSON fields; only its first
/// 64 KiB are read.
const MAX_ERROR_BYTES: usize = 64 * 1024;
/// Same-origin redirects followed in a row before giving up.
const MAX_REDIRECTS: usize = 5;
/// A `Location` shown in an error is cut to this many characters.
const MAX_LOCATION_CHARS: usize = 200;

#[derive(Debug, Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    /// Ends with `/`, so joining keeps its path (`…/v1/` + `models`).
    base: Url,
    key: Sensitive<String>,
    pub timeout: Duration,
    retry: RetryPolicy,
}

impl Http {
    pub fn new(config: &AiConfig) -> Result<Http, AiError> {
        let key = config.api_key.expose().trim();
        if key.is_empty() {
            return Err(AiError::MissingKey);
        }
        // Logs scrub every remembered secret, whatever formats it by mistake.
        redaction::remember(key);
        let base = base_url(config.base_url.as_deref())?;
        let client = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT.min(config.timeout))
            .redirect(Policy::custom(same_origin_only))
            .user_agent(concat!("WhatsTIP/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| AiError::from_transport(&e))?;
        Ok(Http {
            client,
            base,
            key: Sensitive::new(key.to_owned()),
            timeout: config.timeout,
            retry: config.retry,
        })
    }

    pub fn key(&self) -> &str {
        self.key.expose()
    }

    /// Whether this is OpenAI itself (its model list needs filtering; others' does not).
    pub fn is_openai(&self) -> bool {
        self.base.host_str() == Some("api.openai.com")
    }

    /// Sends the request, retrying rate limits as the policy allows, and returns a
    /// successful response whose body has not been read yet.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        model: &str,
    ) -> Result<Response, AiError> {
        let mut attempt = 0;
        loop {
            match self
                .send_once(method.clone(), path, body.clone(), model)
                .await
            {
                Err(AiError::RateLimited {
                    retry_after,
                    message,
                }) => match self.retry.pause(attempt, retry_after) {
                    Some(pause) => {
                        tracing::info!(
                            path,
                            attempt,
                            pause_ms = pause.as_millis() as u64,
                            "AI server rate limited; waiting"
                        );
                        tokio::time::sleep(pause).await;
                        attempt += 1;
                    }
                    None => {
                        return Err(AiError::RateLimited {
                            retry_after,
                            message,
                        })
                    }
                },
                other => return other,
            }
        }
    }

    async fn send_once(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        model: &str,
    ) -> Result<Response, AiError> {
        let url = self
            .base
            .join(path)
            .map_err(|e| AiError::InvalidBaseUrl(e.to_string()))?;
        let mut request = self
            .client
            .request(method.clone(), url)
            .bearer_auth(self.key.expose());
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        // Only the wait for the answer to start is limited here; bodies are read with
        // their own limit per piece, so a long stream that keeps flowing is never cut.
        let response = tokio::time::timeout(self.timeout, request.send())
            .await
            .map_err(|_| AiError::Timeout)?
            .map_err(|e| AiError::from_transport(&e))?;
        let status = response.status();
        tracing::debug!(%method, path, status = status.as_u16(), "AI call");
        if status.is_success() {
            return Ok(response);
        }
        if status.is_redirection() {
            // Only a redirect the policy refused (another origin, or too many) gets here.
            return Err(AiError::Redirected {
                location: redirect_location(&response),
            });
        }
        let headers = response.headers().clone();
        let text = String::from_utf8_lossy(&self.read_prefix(response, MAX_ERROR_BYTES).await?)
            .into_owned();
        Err(classify(
            status.as_u16(),
            &headers,
            &text,
            model,
            self.key.expose(),
        ))
    }

    /// The whole body of a response, each wait for more limited by the timeout, refused
    /// once it passes [`MAX_ANSWER_BYTES`]. `Content-Length` is checked first when there is
    /// one, but a chunked body has none, so the bytes are counted as they come.
    pub async fn read_body(&self, mut response: Response) -> Result<Vec<u8>, AiError> {
        let too_large = || AiError::AnswerTooLarge {
            what: "an answer",
            limit: MAX_ANSWER_BYTES,
        };
        if response
            .content_length()
            .is_some_and(|declared| declared > MAX_ANSWER_BYTES as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = self.next_chunk(&mut response).await? {
            let chunk = chunk.as_ref();
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                // Dropping the response closes the connection; the rest is never read.
                return Err(too_large());
            }
            body.extend_from_slice(chunk);
        }
        Ok(body)
    }

    /// The first `limit` bytes of a body; the rest is left unread.
    async fn read_prefix(&self, mut response: Response, limit: usize) -> Result<Vec<u8>, AiError> {
        let mut body = Vec::new();
        while let Some(chunk) = self.next_chunk(&mut response).await? {
            let chunk = chunk.as_ref();
            let room = limit - body.len();
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if body.len() >= limit {
                break;
            }
        }
        Ok(body)
    }

    /// The next piece of a body; None at its end.
    pub async fn next_chunk(
        &self,
        response: &mut Response,
    ) -> Result<Option<impl AsRef<[u8]>>, AiError> {
        tokio::time::timeout(self.timeout, response.chunk())
            .await
            .map_err(|_| AiError::Timeout)?
            .map_err(|e| AiError::from_transport(&e))
    }
}

/// Redirects are followed only within the origin (scheme, host and port) of the first
/// request. OpenAI never redirects its API, but FastAPI-based compatible servers (vLLM…)
/// answer a trailing-slash mismatch with a same-origin 307, harmless to follow. A redirect
/// elsewhere is refused: reqwest drops the `Authorization` header across hosts, but still
/// replays the body — the prompt, and contacts' details when personalising — to a server
/// the user never chose. The 3xx then comes back and becomes `AiError::Redirected`.
fn same_origin_only(attempt: Attempt) -> Action {
    let previous = attempt.previous();
    let same_origin = previous
        .first()
        .is_some_and(|first| first.origin() == attempt.url().origin());
    if same_origin && previous.len() <= MAX_REDIRECTS {
        attempt.follow()
    } else {
        attempt.stop()
    }
}

/// Where a refused redirect pointed, for the error: without credentials, query or fragment,
/// and cut short.
fn redirect_location(response: &Response) -> Option<String> {
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    let mut url = response.url().join(location.trim()).ok()?;
    url.set_query(None);
    url.set_fragment(None);
    // Fails only for URLs that cannot have credentials, which then have none.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Some(url.as_str().chars().take(MAX_LOCATION_CHARS).collect())
}

/// The base URL with a trailing slash; a bare host gets `/v1`, the prefix of every
/// OpenAI-compatible server (Ollama, LM Studio, vLLM…) whose users often leave it out.
fn base_url(configured: Option<&str>) -> Result<Url, AiError> {
    let raw = configured
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(OPENAI_BASE_URL);
    let mut url = Url::parse(raw).map_err(|e| AiError::InvalidBaseUrl(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(AiError::InvalidBaseUrl(format!(
            "{raw} is not an http(s) address"
        )));
    }
    let path = url.path().trim_end_matches('/').to_owned();
    let path = if path.is_empty() {
        "/v1".to_owned()
    } else {
        path
    };
    url.set_path(&format!("{path}/"));
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_keep_their_prefix_and_gain_v1_when_bare() {
        let url = |s: Option<&str>| base_url(s).unwrap().to_string();
        assert_eq!(url(None), "https://api.openai.com/v1/");
        assert_eq!(
            url(Some("http://localhost:11434")),
            "http://localhost:11434/v1/"
        );
        assert_eq!(
            url(Some("http://127.0.0.1:1234/v1/")),
            "http://127.0.0.1:1234/v1/"
        );
        assert_eq!(
            url(Some("https://x.openai.azure.com/openai/v1")),
            "https://x.openai.azure.com/openai/v1/"
        );
        assert_eq!(
            base_url(Some("http://h/v1"))
                .unwrap()
                .join("chat/completions")
                .unwrap()
                .as_str(),
            "http://h/v1/chat/completions"
        );
        assert!(base_url(Some("ftp://x")).is_err());
        assert!(base_url(Some("not a url")).is_err());
    }
}
