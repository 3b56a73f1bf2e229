//! What happens to every Evolution request before its route: the request log, injected
//! faults, and Express's JSON body parser (whose errors come before any route or auth).

use std::sync::Arc;

use std::collections::HashMap;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{ConnectInfo, FromRequestParts, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::clock::Now;
use super::journal::LoggedRequest;
use super::listener::Connection;
use super::reply::Reply;
use super::shared::Shared;

/// Control routes skip the gate: they must keep working while faults are on.
pub(crate) const CONTROL_PREFIX: &str = "/_sandbox/";

/// The server's body limit is ~136 MB.
const BODY_LIMIT: usize = 136 * 1024 * 1024;

/// The parsed JSON body (`{}` when empty or not JSON), as handlers receive it.
#[derive(Debug, Clone)]
pub(crate) struct JsonBody(pub Value);

pub(crate) async fn gate(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(connection): ConnectInfo<Connection>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().path().starts_with(CONTROL_PREFIX) {
        return next.run(request).await;
    }
    let now = Now::current();
    let (mut parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return Reply::envelope(
            StatusCode::PAYLOAD_TOO_LARGE,
            Value::String("request entity too large".to_owned()),
        )
        .into_response();
    };
    let parsed = parse_body(&parts.headers, &bytes);
    let logged = LoggedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        body: if shared.config.log_request_bodies {
            parsed.as_ref().ok().cloned().flatten()
        } else {
            None
        },
        apikey: shared.classify_key(&parts.headers, &now),
        at: now.wall,
    };
    shared.journal().log_request(logged);

    let instance = instance_of(&mut parts).await;
    if let Some(response) = apply_faults(&shared, &connection, instance.as_deref()).await {
        return response;
    }
    let body = match parsed {
        Ok(body) => body.unwrap_or_else(|| Value::Object(Map::new())),
        Err(message) => return Reply::malformed_json(&message).into_response(),
    };
    parts.extensions.insert(JsonBody(body));
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The `{instance}` of the route (percent-decoded), whose own faults apply if it has
/// some. The gate is a `Router::layer`, so it runs after routing and sees the route's
/// parameters; routes without an instance (create, fetchInstances, `/`) have none.
async fn instance_of(parts: &mut axum::http::request::Parts) -> Option<String> {
    let Path(mut params) = Path::<HashMap<String, String>>::from_request_parts(parts, &())
        .await
        .ok()?;
    params.remove("instance")
}

/// Order: hang, latency, dropped connection, licence gate, random server error.
async fn apply_faults(
    shared: &Shared,
    connection: &Connection,
    instance: Option<&str>,
) -> Option<Response> {
    let faults = shared.faults_for(instance);
    if faults.hang {
        let mut watch = shared.watch_faults();
        let mut stopping = shared.shutdown_signal();
        tokio::select! {
            _ = watch.wait_for(|set| !set.for_instance(instance).hang) => {}
            _ = stopping.wait_for(|stop| *stop) => {}
        }
        // A hung request never gets an answer, even after the fault is cleared.
        connection.cut();
        return Some(StatusCode::GATEWAY_TIMEOUT.into_response());
    }
    if !shared.sleep(faults.latency).await {
        connection.cut();
        return Some(StatusCode::SERVICE_UNAVAILABLE.into_response());
    }
    if faults.drop_connections {
        connection.cut();
        return Some(StatusCode::BAD_GATEWAY.into_response());
    }
    if faults.licence_required {
        return Some(Reply::licence_required(&shared.base_url).into_response());
    }
    if shared.roll(faults.server_error_rate) {
        return Some(Reply::exception("Internal server error (sandbox fault)").into_response());
    }
    None
}

/// Express's `json()` parser: only JSON content types are read, an empty body is `{}`.
/// Err carries V8's `JSON.parse` message.
fn parse_body(headers: &HeaderMap, bytes: &Bytes) -> Result<Option<Value>, String> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
    if !is_json || bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(bytes)
        .map(Some)
        .map_err(|e| parse_error_message(&e, bytes))
}

fn parse_error_message(error: &serde_json::Error, bytes: &[u8]) -> String {
    if error.is_eof() {
        return "Unexpected end of JSON input".to_owned();
    }
    let text = String::from_utf8_lossy(bytes);
    let offending = text
        .lines()
        .nth(error.line().saturating_sub(1))
        .and_then(|line| line.chars().nth(error.column().saturating_sub(1)))
        .unwrap_or('?');
    let snippet: String = text.chars().take(30).collect();
    let ellipsis = if text.chars().count() > 30 { "..." } else { "" };
    format!("Unexpected token '{offending}', \"{snippet}\"{ellipsis} is not valid JSON")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn json_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers
    }

    #[test]
    fn parses_like_express() {
        let headers = json_headers();
        assert_eq!(parse_body(&headers, &Bytes::from_static(b"  ")), Ok(None));
        assert_eq!(
            parse_body(&headers, &Bytes::from_static(b"{\"a\":1")),
            Err("Unexpected end of JSON input".to_owned())
        );
        assert_eq!(
            parse_body(&headers, &Bytes::from_static(b"{\"a\":x}")),
            Err("Unexpected token 'x', \"{\"a\":x}\" is not valid JSON".to_owned())
        );
        assert_eq!(
            parse_body(&HeaderMap::new(), &Bytes::from_static(b"{\"a\":x}")),
            Ok(None),
            "non-JSON content types are not parsed"
        );
        assert_eq!(
            parse_body(&headers, &Bytes::from_static(b"{\"a\":1}")),
            Ok(Some(serde_json::json!({"a": 1})))
        );
    }
}
