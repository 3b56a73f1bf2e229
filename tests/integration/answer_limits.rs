//! Answers too large to be real are refused while they arrive. A local server offers far
//! more than any cap (256 MiB without a Content-Length: endless as far as a client is
//! concerned, yet finite so that a client without a cap fails a test instead of eating the
//! machine's memory) and counts the bytes it managed to hand over before the client hung
//! up. Each call must end with the typed error, promptly, having taken a small part.

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{header, StatusCode};
use axum::response::Response;
use axum::Router;
use futures_util::stream;
use whats_tip::ai::{AiClient, AiConfig, AiError, ChatMessage, ChatRequest, RetryPolicy};
use whats_tip::evolution::{EvolutionClient, EvolutionError};
use whats_tip::secrets::Sensitive;

const MIB: usize = 1024 * 1024;
/// What the flood offers.
const OFFERED: usize = 256 * MIB;
/// Most a client may have taken before hanging up: its cap plus socket buffers, with room.
const TAKEN_AT_MOST: usize = 64 * MIB;
/// A call that reads incrementally ends long before this, even on a busy machine.
const PROMPTLY: Duration = Duration::from_secs(15);

/// A server whose every answer is `status`, `content_type`, then `head` followed by
/// `filler` until [`OFFERED`] bytes.
struct Flood {
    url: String,
    /// Bytes handed to the connection so far.
    produced: Arc<AtomicUsize>,
    /// Requests received.
    hits: Arc<AtomicUsize>,
}

impl Flood {
    async fn start(
        status: StatusCode,
        content_type: &'static str,
        head: &'static str,
        filler: String,
    ) -> Flood {
        let produced = Arc::new(AtomicUsize::new(0));
        let hits = Arc::new(AtomicUsize::new(0));
        let (counter, hit) = (produced.clone(), hits.clone());
        // 64 KiB pieces, as a real streaming server would write them.
        let piece = Bytes::from(filler.repeat((64 * 1024 / filler.len()).max(1)));
        let app = Router::new().fallback(move || {
            let (counter, piece) = (counter.clone(), piece.clone());
            hit.fetch_add(1, Ordering::SeqCst);
            async move {
                let pieces = OFFERED / piece.len();
                let chunks = std::iter::once(Bytes::from_static(head.as_bytes()))
                    .chain(std::iter::repeat_n(piece, pieces))
                    .map(move |chunk| {
                        counter.fetch_add(chunk.len(), Ordering::SeqCst);
                        Ok::<_, Infallible>(chunk)
                    });
                Response::builder()
                    .status(status)
                    .header(header::CONTENT_TYPE, content_type)
                    .body(Body::from_stream(stream::iter(chunks)))
                    .unwrap()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Flood {
            url: format!("http://{addr}"),
            produced,
            hits,
        }
    }

    /// Checks what the last calls took, and starts counting afresh.
    fn assert_little_was_taken(&self) {
        let produced = self.produced.swap(0, Ordering::SeqCst);
        assert!(
            produced < TAKEN_AT_MOST,
            "the client read {} MiB before stopping",
            produced / MIB
        );
    }
}

/// Runs `call`, failing (instead of hanging) if it does not end promptly.
async fn promptly<T>(call: impl std::future::Future<Output = T>) -> T {
    let started = Instant::now();
    let result = tokio::time::timeout(PROMPTLY * 2, call)
        .await
        .expect("the call never ended");
    assert!(started.elapsed() < PROMPTLY, "took {:?}", started.elapsed());
    result
}

fn evolution(flood: &Flood) -> EvolutionClient {
    EvolutionClient::new(&flood.url, Some(Sensitive::new("k".repeat(20)))).unwrap()
}

#[tokio::test]
async fn evolution_refuses_an_endless_json_answer() {
    let flood = Flood::start(
        StatusCode::OK,
        "application/json",
        "[",
        r#"{"name":"loja-01","connectionStatus":"open","token":"58A9F301"},"#.to_owned(),
    )
    .await;
    let result = promptly(evolution(&flood).fetch_instances()).await;
    assert!(
        matches!(&result, Err(e @ EvolutionError::AnswerTooLarge { limit }) if *limit == 16 * MIB && !e.is_transient()),
        "{result:?}"
    );
    assert!(result.unwrap_err().to_string().contains("16 MiB"));
    flood.assert_little_was_taken();
    assert_eq!(flood.hits.load(Ordering::SeqCst), 1, "not retried");
}

#[tokio::test]
async fn evolution_refuses_a_declared_oversized_answer_without_reading_it() {
    let app = Router::new().fallback(|| async {
        Response::builder()
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(vec![b' '; 17 * MIB]))
            .unwrap()
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = EvolutionClient::new(
        &format!("http://{addr}"),
        Some(Sensitive::new("k".repeat(20))),
    )
    .unwrap();
    let result = promptly(client.whatsapp_numbers("loja-01", &["5511987654321".to_owned()])).await;
    assert!(
        matches!(result, Err(EvolutionError::AnswerTooLarge { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn evolution_reads_only_the_start_of_an_endless_error_answer() {
    let flood = Flood::start(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/html",
        "<html><body>",
        "<p>proxy error</p>".to_owned(),
    )
    .await;
    let result = promptly(evolution(&flood).fetch_instances()).await;
    match result {
        Err(EvolutionError::Http {
            status: 500,
            message,
        }) => {
            assert!(
                message.starts_with("<html><body><p>proxy error"),
                "{message}"
            );
            assert!(message.chars().count() <= 300);
        }
        other => panic!("{other:?}"),
    }
    flood.assert_little_was_taken();
}

fn ai(flood: &Flood) -> AiClient {
    AiClient::new(AiConfig {
        timeout: Duration::from_secs(10),
        retry: RetryPolicy::never(),
        ..AiConfig::new(
            Some(flood.url.clone()),
            Sensitive::new("sk-test-limits-0123456789".to_owned()),
            "gpt-4o-mini",
        )
    })
    .unwrap()
}

fn ask() -> ChatRequest {
    ChatRequest::new(vec![ChatMessage::user("Oi")])
}

fn assert_too_large<T: std::fmt::Debug>(result: Result<T, AiError>, part: &str, limit: usize) {
    match result {
        Err(e @ AiError::AnswerTooLarge { .. }) => {
            let AiError::AnswerTooLarge { what, limit: got } = &e else {
                unreachable!()
            };
            assert_eq!((*what, *got), (part, limit), "{e}");
            assert!(!e.is_transient());
        }
        other => panic!("expected AnswerTooLarge for {part}, got {other:?}"),
    }
}

#[tokio::test]
async fn ai_refuses_an_endless_json_answer() {
    let flood = Flood::start(
        StatusCode::OK,
        "application/json",
        r#"{"object":"list","data":["#,
        r#"{"id":"gpt-4o-mini","object":"model","owned_by":"openai"},"#.to_owned(),
    )
    .await;
    let client = ai(&flood);
    assert_too_large(promptly(client.list_models()).await, "an answer", 8 * MIB);
    flood.assert_little_was_taken();
    assert_too_large(
        promptly(client.complete(&ask())).await,
        "an answer",
        8 * MIB,
    );
    flood.assert_little_was_taken();
    // A server that ignores `stream: true` and answers JSON is read with the same cap.
    assert_too_large(promptly(client.stream(&ask())).await, "an answer", 8 * MIB);
    flood.assert_little_was_taken();
}

#[tokio::test]
async fn ai_refuses_an_endless_stream_line() {
    let flood = Flood::start(
        StatusCode::OK,
        "text/event-stream",
        r#"data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":""#,
        "a".to_owned(),
    )
    .await;
    let stream = ai(&flood).stream(&ask()).await.unwrap();
    assert_too_large(promptly(stream.collect()).await, "a stream event", MIB);
    flood.assert_little_was_taken();
}

#[tokio::test]
async fn ai_refuses_a_stream_that_never_ends() {
    let event = format!(
        "data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{}\"}},\"finish_reason\":null}}]}}\n\n",
        "lá ".repeat(1000)
    );
    let flood = Flood::start(StatusCode::OK, "text/event-stream", "", event).await;
    let mut stream = ai(&flood).stream(&ask()).await.unwrap();
    let first = stream.next().await.unwrap().unwrap();
    assert!(first.starts_with("lá lá"), "well-formed events are read");
    assert_too_large(
        promptly(stream.collect()).await,
        "a streamed answer",
        32 * MIB,
    );
    flood.assert_little_was_taken();
}

#[tokio::test]
async fn ai_reads_only_the_start_of_an_endless_error_answer() {
    let flood = Flood::start(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/plain",
        "upstream failed: ",
        "boom ".to_owned(),
    )
    .await;
    match promptly(ai(&flood).complete(&ask())).await {
        Err(AiError::Http {
            status: 500,
            message,
        }) => {
            assert!(message.starts_with("upstream failed: boom"), "{message}");
            assert!(message.chars().count() <= 301);
        }
        other => panic!("{other:?}"),
    }
    flood.assert_little_was_taken();
}
