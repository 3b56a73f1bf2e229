//! Failures a test queues up: the next N requests answer with an error instead.

use serde::{Deserialize, Serialize};

/// One kind of failure, with OpenAI's real status and body (see `reply.rs`). As JSON:
/// `{"kind":"rateLimited","retryAfterSecs":1}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Fault {
    /// 401 `invalid_api_key`, whatever key was sent.
    Unauthorized,
    /// 429 `rate_limit_exceeded` with these headers (none when both are unset).
    RateLimited {
        #[serde(default)]
        retry_after_secs: Option<u64>,
        #[serde(default)]
        retry_after_ms: Option<u64>,
    },
    /// 429 `insufficient_quota`.
    QuotaExceeded,
    /// 404 `model_not_found`, whatever model was asked for.
    ModelNotFound,
    /// 400 `content_filter` (Azure's prompt filter).
    ContentFilter,
    /// 200 whose answer ends with `finish_reason: "content_filter"`.
    ContentFilterFinish,
    /// 500 `server_error`.
    ServerError,
    /// 200 with a body cut off mid-JSON.
    MalformedJson,
    /// A stream whose second event is not JSON (non-streamed requests get `MalformedJson`).
    MalformedSse,
    /// No answer at all until the sandbox stops.
    Hang,
}

/// A fault for the next `times` requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultPlan {
    #[serde(flatten)]
    pub fault: Fault,
    #[serde(default = "once")]
    pub times: u32,
}

fn once() -> u32 {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form() {
        let plan: FaultPlan =
            serde_json::from_str(r#"{"kind":"rateLimited","retryAfterSecs":2,"times":3}"#).unwrap();
        assert_eq!(
            plan,
            FaultPlan {
                fault: Fault::RateLimited {
                    retry_after_secs: Some(2),
                    retry_after_ms: None
                },
                times: 3
            }
        );
        let plan: FaultPlan = serde_json::from_str(r#"{"kind":"serverError"}"#).unwrap();
        assert_eq!(plan.times, 1);
        assert!(serde_json::from_str::<FaultPlan>(r#"{"kind":"nope"}"#).is_err());
    }
}
