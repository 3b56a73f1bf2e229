//! Answers with OpenAI's real statuses, headers and bodies:
//! `{"error":{"message","type","param","code"}}` for every failure.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn ok(body: Value) -> Reply {
        Reply {
            status: StatusCode::OK,
            body,
            headers: Vec::new(),
        }
    }

    fn error(status: StatusCode, message: &str, kind: Value, param: Value, code: Value) -> Reply {
        Reply {
            status,
            body: json!({"error": {"message": message, "type": kind, "param": param, "code": code}}),
            headers: Vec::new(),
        }
    }

    pub fn missing_key() -> Reply {
        Reply::error(
            StatusCode::UNAUTHORIZED,
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
            json!("invalid_request_error"),
            Value::Null,
            Value::Null,
        )
    }

    /// OpenAI echoes the key masked: its first 8 and last 4 characters.
    pub fn wrong_key(sent: &str) -> Reply {
        Reply::error(
            StatusCode::UNAUTHORIZED,
            &format!(
                "Incorrect API key provided: {}. You can find your API key at https://platform.openai.com/account/api-keys.",
                mask(sent)
            ),
            json!("invalid_request_error"),
            Value::Null,
            json!("invalid_api_key"),
        )
    }

    pub fn rate_limited(model: &str, secs: Option<u64>, ms: Option<u64>) -> Reply {
        let wait = match (ms, secs) {
            (Some(ms), _) => format!("{ms}ms"),
            (None, Some(secs)) => format!("{secs}s"),
            (None, None) => "1s".to_owned(),
        };
        let mut reply = Reply::error(
            StatusCode::TOO_MANY_REQUESTS,
            &format!(
                "Rate limit reached for {model} in organization org-sandbox on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in {wait}. Visit https://platform.openai.com/account/rate-limits to learn more."
            ),
            json!("requests"),
            Value::Null,
            json!("rate_limit_exceeded"),
        );
        if let Some(secs) = secs {
            reply.headers.push(("retry-after", secs.to_string()));
        }
        if let Some(ms) = ms {
            reply.headers.push(("retry-after-ms", ms.to_string()));
        }
        reply
            .headers
            .push(("x-ratelimit-reset-requests", wait.clone()));
        reply
    }

    pub fn quota() -> Reply {
        Reply::error(
            StatusCode::TOO_MANY_REQUESTS,
            "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
            json!("insufficient_quota"),
            Value::Null,
            json!("insufficient_quota"),
        )
    }

    pub fn model_not_found(model: &str) -> Reply {
        Reply::error(
            StatusCode::NOT_FOUND,
            &format!("The model `{model}` does not exist or you do not have access to it."),
            json!("invalid_request_error"),
            Value::Null,
            json!("model_not_found"),
        )
    }

    /// Azure's prompt filter (OpenAI itself answers such prompts with a refusal).
    pub fn content_filter() -> Reply {
        let mut reply = Reply::error(
            StatusCode::BAD_REQUEST,
            "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
            Value::Null,
            json!("prompt"),
            json!("content_filter"),
        );
        reply.body["error"]["status"] = json!(400);
        reply
    }

    pub fn server_error() -> Reply {
        Reply::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The server had an error while processing your request. Sorry about that!",
            json!("server_error"),
            Value::Null,
            Value::Null,
        )
    }

    pub fn invalid_json() -> Reply {
        Reply::error(
            StatusCode::BAD_REQUEST,
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
            json!("invalid_request_error"),
            Value::Null,
            Value::Null,
        )
    }

    pub fn missing_parameter(name: &str) -> Reply {
        Reply::error(
            StatusCode::BAD_REQUEST,
            &format!("Missing required parameter: '{name}'."),
            json!("invalid_request_error"),
            json!(name),
            json!("missing_required_parameter"),
        )
    }

    pub fn invalid_url(method: &str, path: &str) -> Reply {
        Reply::error(
            StatusCode::NOT_FOUND,
            &format!("Invalid URL ({method} {path})"),
            json!("invalid_request_error"),
            Value::Null,
            Value::Null,
        )
    }

    /// For `/_sandbox/*` input the sandbox cannot use.
    pub fn bad_control(message: &str) -> Reply {
        Reply::error(
            StatusCode::BAD_REQUEST,
            message,
            json!("invalid_request_error"),
            Value::Null,
            Value::Null,
        )
    }
}

fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= 12 {
        return key.to_owned();
    }
    let head: String = chars[..8].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 12))
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_masked_like_openai_does() {
        assert_eq!(mask("sk-proj-abcdefghijklMxYA"), "sk-proj-************MxYA");
        assert_eq!(mask("kk"), "kk");
    }

    #[test]
    fn rate_limits_carry_their_headers() {
        let reply = Reply::rate_limited("gpt-4o-mini", Some(2), Some(1500));
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.headers.contains(&("retry-after", "2".to_owned())));
        assert!(reply
            .headers
            .contains(&("retry-after-ms", "1500".to_owned())));
        assert_eq!(reply.body["error"]["type"], "requests");
        assert_eq!(reply.body["error"]["code"], "rate_limit_exceeded");
    }
}
