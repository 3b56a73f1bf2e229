//! The handshake check of Evolution's `allowRequest` (websocket.controller.ts, 2.3.6):
//! the `apikey` query parameter (or header) must be the global key or any instance's
//! token. A refusal is engine.io's: HTTP 400 with the reason as text for a WebSocket
//! upgrade, 403 `{"code":4,"message":…}` for polling.
//!
//! Not modelled: the real server skips the check for connections from `ALLOWED_HOSTS`
//! (default 127.0.0.1 and ::1); the sandbox always checks, so tests can see a refusal.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::evolution_sandbox::clock::Now;
use crate::evolution_sandbox::shared::Shared;

pub(crate) const SOCKET_PATH: &str = "/socket.io";

pub(crate) async fn handshake_gate(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    if !request.uri().path().starts_with(SOCKET_PATH) {
        return next.run(request).await;
    }
    let from_query = request.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "apikey")
            .map(|(_, v)| v.into_owned())
    });
    let key = from_query.or_else(|| {
        request
            .headers()
            .get("apikey")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    });
    let refusal = match key.as_deref().filter(|k| !k.is_empty()) {
        None => Some("apiKey is required"),
        Some(key) if key == shared.config.global_key => None,
        Some(key) if shared.registry(&Now::current()).holds_token(key) => None,
        Some(_) => Some("Invalid global token"),
    };
    let Some(message) = refusal else {
        return next.run(request).await;
    };
    let upgrade = request.headers().contains_key(header::UPGRADE);
    if upgrade {
        (
            StatusCode::BAD_REQUEST,
            [
                (header::CONTENT_TYPE, "text/html"),
                (header::CONNECTION, "close"),
            ],
            message,
        )
            .into_response()
    } else {
        (
            StatusCode::FORBIDDEN,
            axum::Json(json!({"code": 4, "message": message})),
        )
            .into_response()
    }
}
