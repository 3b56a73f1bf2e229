//! No key, and no request, leaves for another origin. A local server answers 302 or 307
//! pointing at a second local server (another port, so another origin) that records every
//! request it gets and would answer it successfully. The Evolution client follows no
//! redirect at all; the AI client follows only same-origin ones. Both report the refused
//! redirect as a typed error naming where it pointed.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use whats_tip::ai::{AiClient, AiConfig, AiError, ChatMessage, ChatRequest, RetryPolicy};
use whats_tip::evolution::{EvolutionClient, EvolutionError, FailureClass};
use whats_tip::secrets::Sensitive;

const EVOLUTION_KEY: &str = "evo-global-key-never-forward-0123";
const OPENAI_KEY: &str = "sk-never-forward-0123456789abcdef";

const MODELS: &str = r#"{"object":"list","data":[{"id":"gpt-4o-mini","object":"model"}]}"#;
const COMPLETION: &str = r#"{"id":"c","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Oi!"},"finish_reason":"stop"}]}"#;
const SENT: &str = r#"{"key":{"remoteJid":"5511987654321@s.whatsapp.net","fromMe":true,"id":"3EB0A9F2C4D81E7B5A6C21"},"status":"PENDING","messageType":"conversation","messageTimestamp":1732867200}"#;

/// What a real server would answer on this path, so a client that followed the redirect
/// would even succeed.
fn answer_for(path: &str) -> &'static str {
    if path.ends_with("/chat/completions") {
        COMPLETION
    } else if path.ends_with("/models") {
        MODELS
    } else if path.starts_with("/message/") {
        SENT
    } else {
        "[]"
    }
}

/// One request as the second server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path: String,
    headers: HeaderMap,
}

type Log = Arc<Mutex<Vec<Seen>>>;

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// The other origin: records each request and answers it as the real server would.
async fn recording_server() -> (String, Log) {
    let log = Log::default();
    let seen = log.clone();
    let app = Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap| {
        let seen = seen.clone();
        async move {
            seen.lock().unwrap().push(Seen {
                method,
                path: uri.path().to_owned(),
                headers,
            });
            json(answer_for(uri.path()))
        }
    });
    (serve(app).await, log)
}

fn json(body: &'static str) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// Answers every request with `status` and a `Location` on `target`, same path.
async fn redirecting_server(status: StatusCode, target: String) -> String {
    let app = Router::new().fallback(move |uri: Uri| {
        let location = format!("{target}{}?token=from-the-redirect", uri.path());
        async move { (status, [(header::LOCATION, location)]).into_response() }
    });
    serve(app).await
}

/// Nothing reached the other origin; in particular no key did.
fn assert_nothing_forwarded(log: &Log, status: StatusCode) {
    let seen = log.lock().unwrap().clone();
    for request in &seen {
        assert!(
            request.headers.get("apikey").is_none(),
            "{status}: the apikey was forwarded to another origin: {request:?}"
        );
        assert!(
            request.headers.get(header::AUTHORIZATION).is_none(),
            "{status}: the Authorization header was forwarded to another origin: {request:?}"
        );
    }
    assert!(
        seen.is_empty(),
        "{status}: requests reached another origin: {:?}",
        seen.iter()
            .map(|s| format!("{} {}", s.method, s.path))
            .collect::<Vec<_>>()
    );
}

/// The location the error names: the other origin's, without the query.
fn assert_points_at(location: Option<&str>, elsewhere: &str) {
    let location = location.expect("the error names the redirect's target");
    assert!(location.starts_with(elsewhere), "{location}");
    assert!(!location.contains("token"), "query kept in {location}");
}

#[tokio::test]
async fn evolution_follows_no_redirect_and_keeps_its_key() {
    for status in [StatusCode::FOUND, StatusCode::TEMPORARY_REDIRECT] {
        let (elsewhere, log) = recording_server().await;
        let origin = redirecting_server(status, elsewhere.clone()).await;
        let client = EvolutionClient::new(&origin, Some(Sensitive::new(EVOLUTION_KEY.into())))
            .unwrap()
            .with_timeout(Duration::from_secs(5));

        let listed = client.fetch_instances().await;
        let sent = client
            .send_text("loja-01", "5511987654321", "Olá!", None)
            .await;
        let key_check = client.check_api_key().await;
        assert_nothing_forwarded(&log, status);

        for result in [listed.map(|_| ()), sent.map(|_| ()), key_check.map(|_| ())] {
            match result {
                Err(e @ EvolutionError::Redirected { .. }) => {
                    // Never reached Evolution: nothing went out, and retrying cannot help.
                    assert_eq!(e.class(), FailureClass::Permanent, "{e}");
                    let EvolutionError::Redirected { location } = &e else {
                        unreachable!()
                    };
                    assert_points_at(location.as_deref(), &elsewhere);
                    assert!(!e.to_string().contains(EVOLUTION_KEY));
                }
                other => panic!("{status}: expected Redirected, got {other:?}"),
            }
        }
    }
}

fn ai_client(base: &str) -> AiClient {
    AiClient::new(AiConfig {
        timeout: Duration::from_secs(5),
        retry: RetryPolicy::never(),
        ..AiConfig::new(
            Some(base.to_owned()),
            Sensitive::new(OPENAI_KEY.to_owned()),
            "gpt-4o-mini",
        )
    })
    .unwrap()
}

fn ask() -> ChatRequest {
    ChatRequest::new(vec![ChatMessage::user(
        "Escreva para Maria, cliente desde 2019.",
    )])
}

#[tokio::test]
async fn ai_follows_no_redirect_to_another_origin() {
    for status in [StatusCode::FOUND, StatusCode::TEMPORARY_REDIRECT] {
        let (elsewhere, log) = recording_server().await;
        let origin = redirecting_server(status, elsewhere.clone()).await;
        let client = ai_client(&origin);

        let models = client.list_models().await.map(|_| ());
        let whole = client.complete(&ask()).await.map(|_| ());
        let streamed = client.stream(&ask()).await.map(|_| ());
        assert_nothing_forwarded(&log, status);

        for result in [models, whole, streamed] {
            match result {
                Err(e @ AiError::Redirected { .. }) => {
                    assert!(!e.is_transient());
                    let AiError::Redirected { location } = &e else {
                        unreachable!()
                    };
                    assert_points_at(location.as_deref(), &elsewhere);
                    assert!(!e.to_string().contains(OPENAI_KEY));
                }
                other => panic!("{status}: expected Redirected, got {other:?}"),
            }
        }
    }
}

/// FastAPI-based servers redirect a trailing-slash mismatch within their own origin; that
/// is followed, with the key, since it goes to the same server.
#[tokio::test]
async fn ai_follows_a_redirect_within_its_own_origin() {
    let log = Log::default();
    let seen = log.clone();
    let app = Router::new()
        .route(
            "/v1/models",
            axum::routing::get(|| async {
                (
                    StatusCode::TEMPORARY_REDIRECT,
                    [(header::LOCATION, "/v1/models/")],
                )
            }),
        )
        .route(
            "/v1/models/",
            axum::routing::get(move |headers: HeaderMap| {
                let seen = seen.clone();
                async move {
                    seen.lock().unwrap().push(Seen {
                        method: Method::GET,
                        path: "/v1/models/".into(),
                        headers,
                    });
                    json(MODELS)
                }
            }),
        );
    let origin = serve(app).await;
    let list = ai_client(&origin).list_models().await.unwrap();
    assert!(list.from_server);
    assert_eq!(list.models, ["gpt-4o-mini"]);
    let seen = log.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].headers.get(header::AUTHORIZATION).unwrap(),
        &format!("Bearer {OPENAI_KEY}")
    );
}
