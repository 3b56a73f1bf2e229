//! A streamed answer: OpenAI's `chat.completion.chunk` events written one by one with the
//! configured delay, ending with `data: [DONE]`. When the client goes away the body is
//! dropped, the writer notices, and the journal counts a cancelled stream.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::shared::{InFlight, Shared};

/// Everything the writer needs to produce one stream.
pub(crate) struct StreamPlan {
    pub id: String,
    pub model: String,
    pub created: u64,
    pub pieces: Vec<String>,
    pub finish_reason: String,
    /// `stream_options.include_usage`: a last event with usage and no choices.
    pub usage: Option<Value>,
    /// The `malformed_sse` fault: the second event is not JSON.
    pub malformed: bool,
}

/// The receiving end of the writer, as an HTTP body.
struct SseBody {
    events: mpsc::Receiver<Bytes>,
}

impl futures_core::Stream for SseBody {
    type Item = Result<Bytes, std::convert::Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.events.poll_recv(cx).map(|event| event.map(Ok))
    }
}

/// Starts the writer and returns the streaming response. `guard` keeps the request in
/// flight until the stream ends either way.
pub(crate) fn respond(shared: Arc<Shared>, guard: InFlight, plan: StreamPlan) -> Response {
    // Capacity 1: the writer is never far ahead of the socket, so a client that leaves is
    // noticed within a piece or two.
    let (sender, events) = mpsc::channel(1);
    tokio::spawn(write(shared, guard, plan, sender));
    let mut response = Response::new(Body::from_stream(SseBody { events }));
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

async fn write(
    shared: Arc<Shared>,
    _guard: InFlight,
    plan: StreamPlan,
    sender: mpsc::Sender<Bytes>,
) {
    let delay = shared.settings().chunk_delay;
    let chunk = |delta: Value, finish: Value| {
        let mut event = json!({
            "id": plan.id,
            "object": "chat.completion.chunk",
            "created": plan.created,
            "model": plan.model,
            "service_tier": "default",
            "system_fingerprint": super::chat::FINGERPRINT,
            "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish}],
        });
        if plan.usage.is_some() {
            event["usage"] = Value::Null;
        }
        event
    };
    let mut events = vec![chunk(
        json!({"role": "assistant", "content": "", "refusal": null}),
        Value::Null,
    )];
    let content_events = plan.pieces.len();
    events.extend(
        plan.pieces
            .iter()
            .map(|piece| chunk(json!({"content": piece}), Value::Null)),
    );
    events.push(chunk(json!({}), json!(plan.finish_reason)));
    if let Some(usage) = &plan.usage {
        let mut last = chunk(json!({}), Value::Null);
        last["choices"] = json!([]);
        last["usage"] = usage.clone();
        events.push(last);
    }
    let mut wire: Vec<Bytes> = events
        .iter()
        .map(|e| Bytes::from(format!("data: {e}\n\n")))
        .collect();
    if plan.malformed && wire.len() > 1 {
        wire[1] =
            Bytes::from_static(b"data: {\"id\":\"chatcmpl-broken\",\"choices\":[{\"delta\":\n\n");
    }
    wire.push(Bytes::from_static(b"data: [DONE]\n\n"));

    for (i, bytes) in wire.into_iter().enumerate() {
        // Pieces of content are paced; the framing events around them are not.
        if i >= 2 && i <= content_events && !delay.is_zero() {
            let mut stopping = shared.shutdown_signal();
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                () = sender.closed() => return cancelled(&shared),
                _ = stopping.wait_for(|stop| *stop) => return,
            }
        }
        if sender.send(bytes).await.is_err() {
            return cancelled(&shared);
        }
        if (1..=content_events).contains(&i) {
            shared.journal().chunks_sent += 1;
        }
    }
    shared.journal().streams_completed += 1;
}

fn cancelled(shared: &Shared) {
    shared.journal().streams_cancelled += 1;
}
