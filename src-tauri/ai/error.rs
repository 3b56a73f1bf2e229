//! Everything that can go wrong talking to an AI server, in terms a caller acts on, and the
//! mapping from OpenAI's error answers (status + `{"error":{message,type,code}}` + headers).

use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::secrets::redaction;

#[derive(Debug, thiserror::Error)]
pub enum AiError {
    #[error("no OpenAI API key is configured")]
    MissingKey,
    #[error("the AI server address is not valid: {0}")]
    InvalidBaseUrl(String),
    /// 401: wrong, revoked or missing key. Never retried.
    #[error("the API key was refused: {message}")]
    Unauthorized { message: String },
    /// 429 for requests or tokens per minute; `retry_after` is what the server asked for.
    #[error("the AI server is rate limiting requests{}: {message}", wait_hint(*.retry_after))]
    RateLimited {
        retry_after: Option<Duration>,
        message: String,
    },
    /// 429 `insufficient_quota`: the account has no credit. Never retried.
    #[error("the AI account has no quota left: {message}")]
    QuotaExceeded { message: String },
    #[error("the AI server did not answer in time")]
    Timeout,
    /// The provider's safety filter blocked the prompt (400) or cut the answer
    /// (`finish_reason: "content_filter"`), or the model refused.
    #[error("the AI provider's content filter blocked this: {message}")]
    ContentFiltered { message: String },
    #[error("the model {model:?} does not exist or this key cannot use it: {message}")]
    ModelNotFound { model: String, message: String },
    /// DNS failure, connection refused or reset, TLS failure.
    #[error("the AI server could not be reached: {0}")]
    Unreachable(String),
    /// Something answered, but not with OpenAI's format (malformed JSON or SSE).
    #[error("unexpected answer from the AI server: {0}")]
    BadResponse(String),
    /// Any other status, with the server's own message.
    #[error("the AI server answered {status}: {message}")]
    Http { status: u16, message: String },
    /// A redirect to another origin (scheme, host or port), not followed: it would replay
    /// the request (the prompt, contacts' details when personalising) to a server the user
    /// never chose. Same-origin redirects are followed (see `http.rs`).
    #[error("the AI server redirected to another address{}: use that address as the base URL", in_brackets(.location.as_deref()))]
    Redirected { location: Option<String> },
    /// More bytes than any real answer holds (a broken or hostile server): `what` is
    /// "an answer", "a stream event" or "a streamed answer".
    #[error("the AI server sent {what} larger than {}, too large to be valid", size(*.limit))]
    AnswerTooLarge { what: &'static str, limit: usize },
}

fn in_brackets(text: Option<&str>) -> String {
    text.map(|t| format!(" ({t})")).unwrap_or_default()
}

/// "16 MiB", "64 KiB".
fn size(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

fn wait_hint(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!(" (retry in {:.1} s)", wait.as_secs_f64()),
        None => String::new(),
    }
}

impl AiError {
    /// Whether the same request may succeed later without the user changing anything.
    pub fn is_transient(&self) -> bool {
        match self {
            AiError::RateLimited { .. } | AiError::Timeout | AiError::Unreachable(_) => true,
            AiError::Http { status, .. } => matches!(status, 500 | 502..=504),
            AiError::MissingKey
            | AiError::InvalidBaseUrl(_)
            | AiError::Unauthorized { .. }
            | AiError::QuotaExceeded { .. }
            | AiError::ContentFiltered { .. }
            | AiError::ModelNotFound { .. }
            | AiError::BadResponse(_)
            | AiError::Redirected { .. }
            | AiError::AnswerTooLarge { .. } => false,
        }
    }

    /// The pause the server asked for, when it is rate limiting.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            AiError::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Classifies a transport failure; the cause chain says what really happened.
    pub(crate) fn from_transport(err: &reqwest::Error) -> AiError {
        if err.is_timeout() {
            return AiError::Timeout;
        }
        let chain = error_chain(err);
        if err.is_decode() {
            return AiError::BadResponse(chain);
        }
        AiError::Unreachable(chain)
    }
}

/// What an error answer said, read leniently: OpenAI's `{"error":{…}}`, plain-string errors
/// of some compatible servers, FastAPI's `{"detail":…}`, or the raw text.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ErrorBody {
    pub message: String,
    pub kind: Option<String>,
    pub code: Option<String>,
}

impl ErrorBody {
    pub fn parse(text: &str) -> ErrorBody {
        let Ok(json) = serde_json::from_str::<Value>(text) else {
            return ErrorBody {
                message: shorten(text.trim()),
                ..ErrorBody::default()
            };
        };
        Self::from_json(&json).unwrap_or_else(|| ErrorBody {
            message: shorten(text.trim()),
            ..ErrorBody::default()
        })
    }

    /// None when the JSON has no recognisable error in it.
    pub fn from_json(json: &Value) -> Option<ErrorBody> {
        let string = |v: Option<&Value>| match v {
            Some(Value::String(s)) => Some(s.clone()),
            // Azure and some proxies send numeric codes.
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        match json.get("error") {
            Some(Value::Object(error)) => Some(ErrorBody {
                message: string(error.get("message")).unwrap_or_default(),
                kind: string(error.get("type")),
                code: string(error.get("code")),
            }),
            Some(Value::String(message)) => Some(ErrorBody {
                message: message.clone(),
                ..ErrorBody::default()
            }),
            _ => string(json.get("detail").or_else(|| json.get("message"))).map(|message| {
                ErrorBody {
                    message,
                    ..ErrorBody::default()
                }
            }),
        }
    }

    fn is(&self, names: &[&str]) -> bool {
        [&self.kind, &self.code]
            .into_iter()
            .flatten()
            .any(|v| names.contains(&v.as_str()))
    }
}

/// Maps a non-success answer to its error. `model` is the model the request asked for;
/// `key` is scrubbed from every message (some servers echo what they were sent).
pub(crate) fn classify(
    status: u16,
    headers: &HeaderMap,
    body: &str,
    model: &str,
    key: &str,
) -> AiError {
    let parsed = ErrorBody::parse(body);
    let message = scrub(&parsed.message, key);
    let lower = message.to_lowercase();
    match status {
        401 => AiError::Unauthorized { message },
        429 if parsed.is(&["insufficient_quota"]) => AiError::QuotaExceeded { message },
        429 => AiError::RateLimited {
            retry_after: retry_after(headers).or_else(|| wait_in_message(&message)),
            message,
        },
        404 if parsed.is(&["model_not_found"])
            || (lower.contains("model")
                && (lower.contains("does not exist") || lower.contains("not found"))) =>
        {
            AiError::ModelNotFound {
                model: model.to_owned(),
                message,
            }
        }
        400 | 403 if parsed.is(CONTENT_FILTER_CODES) => AiError::ContentFiltered { message },
        _ => AiError::Http { status, message },
    }
}

/// Azure's `content_filter`, OpenAI's `content_policy_violation` and `invalid_prompt`.
pub(crate) const CONTENT_FILTER_CODES: &[&str] = &[
    "content_filter",
    "content_policy_violation",
    "invalid_prompt",
];

/// An error object sent inside a stream (`data: {"error":{…}}`).
pub(crate) fn classify_stream_error(body: &ErrorBody, model: &str, key: &str) -> AiError {
    let message = scrub(&body.message, key);
    if body.is(CONTENT_FILTER_CODES) {
        AiError::ContentFiltered { message }
    } else if body.is(&["insufficient_quota"]) {
        AiError::QuotaExceeded { message }
    } else if body.is(&["rate_limit_exceeded"]) {
        AiError::RateLimited {
            retry_after: wait_in_message(&message),
            message,
        }
    } else if body.is(&["model_not_found"]) {
        AiError::ModelNotFound {
            model: model.to_owned(),
            message,
        }
    } else {
        AiError::BadResponse(format!(
            "the server reported an error mid-answer: {message}"
        ))
    }
}

/// The longest wait a server may ask for. OpenAI's per-minute limits ask for seconds and
/// its daily ones for hours at worst; past an hour the only useful advice is "later", and
/// the retry policy gives up far sooner anyway (`RetryPolicy::max_wait`). A longer ask is
/// clamped to this rather than ignored, so the client still gives up instead of retrying.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// A server-supplied number of seconds as a wait: negative, NaN and infinite values mean
/// nothing (None); huge ones are clamped to [`MAX_RETRY_AFTER`]. Never panics, unlike
/// `Duration::from_secs_f64`.
fn wait_of(seconds: f64) -> Option<Duration> {
    if !seconds.is_finite() || seconds < 0.0 {
        return None;
    }
    Duration::try_from_secs_f64(seconds.min(MAX_RETRY_AFTER.as_secs_f64())).ok()
}

/// `retry-after-ms` (OpenAI's, more precise) first, then `retry-after` in seconds. The
/// HTTP-date form of `retry-after` is not used by OpenAI and is ignored.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let number = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    number("retry-after-ms")
        .and_then(|ms| wait_of(ms / 1000.0))
        .or_else(|| number("retry-after").and_then(wait_of))
}

/// OpenAI's messages end with "Please try again in 20s." / "in 125ms" / "in 7m12s": the
/// fallback when no header says how long to wait.
pub(crate) fn wait_in_message(message: &str) -> Option<Duration> {
    let start = message.find("try again in ")? + "try again in ".len();
    let spec: String = message[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'h' | 'm' | 's'))
        .collect();
    // The sentence's full stop is not part of the number.
    let spec = spec.trim_end_matches('.');
    let mut total = 0.0;
    let mut number = String::new();
    let mut chars = spec.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            continue;
        }
        let value: f64 = number.parse().ok()?;
        number.clear();
        let unit = match c {
            'h' => 3600.0,
            'm' if chars.peek() == Some(&'s') => {
                chars.next();
                0.001
            }
            'm' => 60.0,
            's' => 1.0,
            _ => return None,
        };
        total += value * unit;
        any = true;
    }
    if any && number.is_empty() {
        // Only digits get here, so infinity means "a number too long to hold": the
        // longest wait, not a meaningless one.
        wait_of(total.min(MAX_RETRY_AFTER.as_secs_f64()))
    } else {
        None
    }
}

/// The message without the key (exact match) or any secret the process has seen.
pub(crate) fn scrub(message: &str, key: &str) -> String {
    let text = if key.len() >= 4 {
        message.replace(key, redaction::REDACTED)
    } else {
        message.to_owned()
    };
    redaction::scrub(&text).into_owned()
}

fn shorten(text: &str) -> String {
    const MAX: usize = 300;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{cut}…")
}

/// "a: b: c" from an error and its sources.
pub(crate) fn error_chain(err: &dyn std::error::Error) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    const QUOTA: &str = r#"{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#;
    const RATE: &str = r#"{"error":{"message":"Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#;

    #[test]
    fn openai_bodies_map_to_their_variants() {
        let none = HeaderMap::new();
        assert!(matches!(
            classify(429, &none, QUOTA, "m", "k"),
            AiError::QuotaExceeded { .. }
        ));
        match classify(429, &headers(&[("retry-after", "2")]), RATE, "m", "k") {
            AiError::RateLimited { retry_after, .. } => {
                assert_eq!(retry_after, Some(Duration::from_secs(2)))
            }
            other => panic!("{other:?}"),
        }
        match classify(429, &none, RATE, "m", "k") {
            AiError::RateLimited { retry_after, .. } => {
                assert_eq!(retry_after, Some(Duration::from_secs(20)))
            }
            other => panic!("{other:?}"),
        }
        let missing = r#"{"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#;
        assert!(matches!(
            classify(404, &none, missing, "gpt-9", "k"),
            AiError::ModelNotFound { model, .. } if model == "gpt-9"
        ));
        let ollama = r#"{"error":{"message":"model \"llama9\" not found, try pulling it first","type":"api_error","param":null,"code":null}}"#;
        assert!(matches!(
            classify(404, &none, ollama, "llama9", "k"),
            AiError::ModelNotFound { .. }
        ));
        let azure = r#"{"error":{"message":"The response was filtered","type":null,"param":"prompt","code":"content_filter","status":400}}"#;
        assert!(matches!(
            classify(400, &none, azure, "m", "k"),
            AiError::ContentFiltered { .. }
        ));
        assert!(matches!(
            classify(500, &none, "<html>oops</html>", "m", "k"),
            AiError::Http { status: 500, message } if message == "<html>oops</html>"
        ));
        assert!(matches!(
            classify(404, &none, "Not Found", "m", "k"),
            AiError::Http { status: 404, .. }
        ));
    }

    #[test]
    fn the_key_is_scrubbed_from_echoed_messages() {
        let body = r#"{"error":{"message":"Incorrect API key provided: sk-test-echo-123456.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#;
        let err = classify(401, &HeaderMap::new(), body, "m", "sk-test-echo-123456");
        let text = format!("{err} {err:?}");
        assert!(!text.contains("sk-test-echo-123456"), "{text}");
        assert!(text.contains("<redacted>"));
    }

    #[test]
    fn retry_after_prefers_milliseconds() {
        assert_eq!(
            retry_after(&headers(&[("retry-after-ms", "250"), ("retry-after", "1")])),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            retry_after(&headers(&[("retry-after", "1.5")])),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            retry_after(&headers(&[(
                "retry-after",
                "Wed, 21 Oct 2015 07:28:00 GMT"
            )])),
            None
        );
    }

    #[test]
    fn hostile_retry_after_headers_never_panic() {
        let wait = |pairs: &[(&'static str, &'static str)]| retry_after(&headers(pairs));
        assert_eq!(wait(&[("retry-after", "1e300")]), Some(MAX_RETRY_AFTER));
        assert_eq!(wait(&[("retry-after", "-5")]), None);
        assert_eq!(wait(&[("retry-after", "NaN")]), None);
        assert_eq!(wait(&[("retry-after", "inf")]), None);
        assert_eq!(wait(&[("retry-after", "-inf")]), None);
        assert_eq!(wait(&[("retry-after-ms", "1e20")]), Some(MAX_RETRY_AFTER));
        assert_eq!(wait(&[("retry-after-ms", "1e300")]), Some(MAX_RETRY_AFTER));
        // A useless ms header falls back to the seconds one.
        assert_eq!(
            wait(&[("retry-after-ms", "NaN"), ("retry-after", "3")]),
            Some(Duration::from_secs(3))
        );
        assert_eq!(wait(&[("retry-after", "0")]), Some(Duration::ZERO));
        // And through `classify`, as a 429 really arrives.
        let err = classify(429, &headers(&[("retry-after", "1e300")]), RATE, "m", "k");
        assert_eq!(err.retry_after(), Some(MAX_RETRY_AFTER));
        assert!(err.to_string().contains("3600.0 s"), "{err}");
    }

    #[test]
    fn hostile_waits_in_messages_never_panic() {
        let at = |s: &str| wait_in_message(&format!("Please try again in {s}. Visit"));
        let huge = "9".repeat(400); // parses to infinity
        assert_eq!(at(&format!("{huge}s")), Some(MAX_RETRY_AFTER));
        assert_eq!(at(&format!("{huge}ms")), Some(MAX_RETRY_AFTER));
        assert_eq!(at(&format!("1h{huge}m")), Some(MAX_RETRY_AFTER));
        assert_eq!(at("99999999999999999999999h"), Some(MAX_RETRY_AFTER));
        assert_eq!(at("1e300s"), None, "no exponent form in OpenAI's messages");
        assert_eq!(at("7m12s"), Some(Duration::from_secs(432)));
    }

    #[test]
    fn waits_are_read_from_openai_messages() {
        let at = |s: &str| wait_in_message(&format!("Please try again in {s}. Visit"));
        assert_eq!(at("20s"), Some(Duration::from_secs(20)));
        assert_eq!(at("125ms"), Some(Duration::from_millis(125)));
        assert_eq!(at("7m12s"), Some(Duration::from_secs(432)));
        assert_eq!(at("2.502s"), Some(Duration::from_millis(2502)));
        assert_eq!(wait_in_message("no hint here"), None);
    }

    #[test]
    fn odd_error_shapes_still_give_a_message() {
        assert_eq!(ErrorBody::parse(r#"{"error":"boom"}"#).message, "boom");
        assert_eq!(ErrorBody::parse(r#"{"detail":"nope"}"#).message, "nope");
        assert_eq!(ErrorBody::parse("plain text").message, "plain text");
        assert_eq!(
            ErrorBody::parse(r#"{"error":{"message":"m","code":429}}"#).code,
            Some("429".into())
        );
    }
}
