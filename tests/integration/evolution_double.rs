//! A minimal Evolution server double for `GET /` and the key check, following
//! `shared/evolution-api.md` (bodies copied from its examples).

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub const GLOBAL_KEY: &str = "test-global-key-0123456789";

pub const WELCOME: &str = r#"{"status":200,"message":"Welcome to the Evolution API, it is working!","version":"2.3.6","clientName":"evolution_exchange","manager":"http://localhost/manager","documentation":"https://doc.evolution-api.com","whatsappWebVersion":"2.3000.1027934701"}"#;
const UNAUTHORIZED: &str =
    r#"{"status":401,"error":"Unauthorized","response":{"message":"Unauthorized"}}"#;
const LICENCE: &str = r#"{"error":"service not activated","code":"LICENSE_REQUIRED","register_url":"https://license.example/register","instance_id":"abc","docs_url":"https://doc.example","message":"activate"}"#;

/// How the double behaves.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    Evolution,
    LicenceRequired,
    Html,
    NotFound,
    OtherJson,
    Slow(Duration),
}

fn json(status: StatusCode, body: &'static str) -> Response {
    (status, [("content-type", "application/json")], body).into_response()
}

pub async fn start(mode: Mode) -> SocketAddr {
    let root = move || async move {
        match mode {
            Mode::Evolution => json(StatusCode::OK, WELCOME),
            Mode::LicenceRequired => json(StatusCode::SERVICE_UNAVAILABLE, LICENCE),
            Mode::Html => (
                StatusCode::OK,
                "<html><body>Welcome to nginx!</body></html>",
            )
                .into_response(),
            Mode::NotFound => json(
                StatusCode::NOT_FOUND,
                r#"{"status":404,"error":"Not Found","response":{"message":["Cannot GET /"]}}"#,
            ),
            Mode::OtherJson => json(StatusCode::OK, r#"{"status":"ok","version":"1.0"}"#),
            Mode::Slow(delay) => {
                tokio::time::sleep(delay).await;
                json(StatusCode::OK, WELCOME)
            }
        }
    };
    let fetch = move |headers: HeaderMap| async move {
        if let Mode::LicenceRequired = mode {
            return json(StatusCode::SERVICE_UNAVAILABLE, LICENCE);
        }
        match headers.get("apikey").and_then(|v| v.to_str().ok()) {
            Some(GLOBAL_KEY) => json(StatusCode::OK, "[]"),
            _ => json(StatusCode::UNAUTHORIZED, UNAUTHORIZED),
        }
    };
    let app = Router::new()
        .route("/", get(root))
        .route("/instance/fetchInstances", get(fetch));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// A port with nothing listening.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}
