//! HTTP answers with the real server's bodies, including every irregular error shape of
//! contract §3.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// A status and a JSON body. Handlers return `Result<Reply, Reply>` so `?` can stop at the
/// first failed check, like the server's guards do.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reply {
    pub status: StatusCode,
    pub body: Value,
}

pub(crate) type Outcome = Result<Reply, Reply>;

impl Reply {
    pub fn new(status: StatusCode, body: Value) -> Reply {
        Reply { status, body }
    }

    pub fn ok(body: Value) -> Reply {
        Reply::new(StatusCode::OK, body)
    }

    pub fn created(body: Value) -> Reply {
        Reply::new(StatusCode::CREATED, body)
    }

    /// `{"status":N,"error":"<reason>","response":{"message":…}}`.
    pub fn envelope(status: StatusCode, message: Value) -> Reply {
        Reply::new(
            status,
            json!({
                "status": status.as_u16(),
                "error": status.canonical_reason().unwrap_or("Error"),
                "response": {"message": message},
            }),
        )
    }

    pub fn unauthorized() -> Reply {
        Reply::envelope(StatusCode::UNAUTHORIZED, json!("Unauthorized"))
    }

    /// Business errors carry a one-element string array.
    pub fn bad_request(message: &str) -> Reply {
        Reply::envelope(StatusCode::BAD_REQUEST, json!([message]))
    }

    pub fn forbidden(message: &str) -> Reply {
        Reply::envelope(StatusCode::FORBIDDEN, json!([message]))
    }

    pub fn instance_missing(name: &str) -> Reply {
        Reply::envelope(
            StatusCode::NOT_FOUND,
            json!([format!("The \"{name}\" instance does not exist")]),
        )
    }

    pub fn not_connected(name: &str) -> Reply {
        Reply::bad_request(&format!("The \"{name}\" instance is not connected"))
    }

    /// JSON-schema failures: the list of messages wrapped in one more array.
    pub fn schema(errors: Vec<String>) -> Reply {
        Reply::envelope(StatusCode::BAD_REQUEST, json!([errors]))
    }

    /// An unexpected exception: the JavaScript message as a plain string.
    pub fn exception(message: &str) -> Reply {
        Reply::envelope(StatusCode::INTERNAL_SERVER_ERROR, json!(message))
    }

    /// A wrapped exception: `["Error: …"]` / `["TypeError: …"]` (sendMedia).
    pub fn wrapped_exception(message: &str) -> Reply {
        Reply::envelope(StatusCode::INTERNAL_SERVER_ERROR, json!([message]))
    }

    /// connect / restart report failures as HTTP 200 with the stringified exception.
    pub fn connect_failure() -> Reply {
        Reply::ok(json!({"error": true, "message": "[object Object]"}))
    }

    /// body-parser's answer to a body that is not JSON (note the mismatched `error`).
    pub fn malformed_json(message: &str) -> Reply {
        Reply::new(
            StatusCode::BAD_REQUEST,
            json!({"status": 400, "error": "Internal Server Error", "response": {"message": message}}),
        )
    }

    /// Express's catch-all for unknown paths and wrong methods.
    pub fn route_missing(method: &str, url: &str) -> Reply {
        Reply::envelope(
            StatusCode::NOT_FOUND,
            json!([format!("Cannot {method} {url}")]),
        )
    }

    /// The 2.4.0-rc licence gate.
    pub fn licence_required(base_url: &str) -> Reply {
        Reply::new(
            StatusCode::SERVICE_UNAVAILABLE,
            json!({
                "error": "service not activated",
                "code": "LICENSE_REQUIRED",
                "register_url": format!("{base_url}/manager/register"),
                "instance_id": "sandbox",
                "docs_url": "https://doc.evolution-api.com",
                "message": "This Evolution API server must be activated before use.",
            }),
        )
    }

    /// whatsappNumbers throws raw values: `{}` when the socket never existed.
    pub fn raw_empty_object() -> Reply {
        Reply::new(StatusCode::BAD_REQUEST, json!({}))
    }

    /// whatsappNumbers on a closed socket: Baileys' Boom error, serialised as is.
    pub fn boom_connection_closed() -> Reply {
        Reply::new(
            StatusCode::BAD_REQUEST,
            json!({
                "data": null,
                "isBoom": true,
                "isServer": false,
                "output": {
                    "statusCode": 428,
                    "payload": {"statusCode": 428, "error": "Precondition Required", "message": "Connection Closed"},
                    "headers": {},
                },
            }),
        )
    }

    /// whatsappNumbers' schema errors have no `response` wrapper.
    pub fn raw_schema(errors: Vec<String>) -> Reply {
        Reply::new(
            StatusCode::BAD_REQUEST,
            json!({"status": 400, "error": "Bad Request", "message": [errors]}),
        )
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.body.to_string()).into_response();
        // Express's `res.json` header.
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        response
    }
}
