//! `POST /v1/chat/completions`, whole or streamed, after the checks every API route shares.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::faults::Fault;
use super::journal::LoggedRequest;
use super::reply::Reply;
use super::shared::{InFlight, ScriptedReply, Shared};
use super::sse::{respond, StreamPlan};
use super::writer::answer;

/// Reported in every answer, like a real deployment's.
pub(crate) const FINGERPRINT: &str = "fp_sandbox01";

/// What passed the shared checks: the request is logged, counted in flight, authorised,
/// and past any injected fault that stops it.
pub(crate) struct Admitted {
    pub guard: InFlight,
    pub body: Result<Value, ()>,
    /// A fault that changes the answer rather than replacing it.
    pub fault: Option<Fault>,
}

/// Log, count, wait the latency, check the key, then apply a queued fault.
pub(crate) async fn admit(
    shared: &Arc<Shared>,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    bytes: &Bytes,
) -> Result<Admitted, Response> {
    let body: Result<Value, ()> = if bytes.iter().all(u8::is_ascii_whitespace) {
        Err(())
    } else {
        serde_json::from_slice(bytes).map_err(|_| ())
    };
    let json = body.as_ref().ok();
    let guard = shared.enter(LoggedRequest {
        method: method.to_string(),
        path: uri.path().to_owned(),
        auth: shared.auth_used(headers),
        model: json
            .and_then(|b| b.get("model"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        stream: json
            .and_then(|b| b.get("stream"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
        body: json.cloned(),
    });
    if !shared.sleep(shared.settings().latency).await {
        return Err(StatusCode::SERVICE_UNAVAILABLE.into_response());
    }
    shared
        .authorize(headers)
        .map_err(IntoResponse::into_response)?;
    let model = json
        .and_then(|b| b.get("model"))
        .and_then(Value::as_str)
        .unwrap_or("gpt-4o-mini");
    let fault = match shared.take_fault() {
        None => None,
        Some(Fault::Hang) => {
            shared.until_shutdown().await;
            return Err(StatusCode::SERVICE_UNAVAILABLE.into_response());
        }
        Some(Fault::Unauthorized) => {
            return Err(Reply::wrong_key("sk-sandbox-revoked-key-0000").into_response())
        }
        Some(Fault::RateLimited {
            retry_after_secs,
            retry_after_ms,
        }) => {
            return Err(Reply::rate_limited(model, retry_after_secs, retry_after_ms).into_response())
        }
        Some(Fault::QuotaExceeded) => return Err(Reply::quota().into_response()),
        Some(Fault::ModelNotFound) => return Err(Reply::model_not_found(model).into_response()),
        Some(Fault::ContentFilter) => return Err(Reply::content_filter().into_response()),
        Some(Fault::ServerError) => return Err(Reply::server_error().into_response()),
        Some(fault @ (Fault::ContentFilterFinish | Fault::MalformedJson | Fault::MalformedSse)) => {
            Some(fault)
        }
    };
    Ok(Admitted { guard, body, fault })
}

pub(crate) async fn completions(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let admitted = match admit(&shared, &method, &uri, &headers, &bytes).await {
        Ok(admitted) => admitted,
        Err(response) => return response,
    };
    let Ok(request) = admitted.body else {
        return Reply::invalid_json().into_response();
    };
    let Some(model) = request.get("model").and_then(Value::as_str) else {
        return Reply::missing_parameter("model").into_response();
    };
    if request
        .get("messages")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty)
    {
        return Reply::missing_parameter("messages").into_response();
    }
    if !shared.config.models.iter().any(|m| m == model) {
        return Reply::model_not_found(model).into_response();
    }
    let stream = request.get("stream").and_then(Value::as_bool) == Some(true);
    let fault = admitted.fault;
    if fault == Some(Fault::MalformedJson) || (fault == Some(Fault::MalformedSse) && !stream) {
        return (
            StatusCode::OK,
            [("content-type", "application/json")],
            "{\"id\":\"chatcmpl-broken\",\"object\":\"chat.completion\",\"choices\":[{\"ind",
        )
            .into_response();
    }
    let facts = shared.settings().facts;
    let n = request
        .get("n")
        .and_then(Value::as_u64)
        .map_or(1, |n| n.clamp(1, 8) as usize);
    let mut answers: Vec<ScriptedReply> = (0..n)
        .map(|i| {
            shared
                .take_reply()
                .unwrap_or_else(|| ScriptedReply::new(answer(&request, facts, i)))
        })
        .collect();
    if fault == Some(Fault::ContentFilterFinish) {
        for reply in &mut answers {
            // What got through before the filter stopped it.
            reply.content = reply
                .content
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            reply.finish_reason = "content_filter".to_owned();
        }
    }
    let prompt_tokens = prompt_tokens(&request);
    let id = shared.next_id();
    let created = shared.config.created;
    if stream {
        let first = answers.swap_remove(0);
        let include_usage = request
            .pointer("/stream_options/include_usage")
            .and_then(Value::as_bool)
            == Some(true);
        let plan = StreamPlan {
            id,
            model: model.to_owned(),
            created,
            pieces: pieces(&first.content),
            usage: include_usage.then(|| usage(prompt_tokens, tokens(&first.content))),
            finish_reason: first.finish_reason,
            malformed: fault == Some(Fault::MalformedSse),
        };
        return respond(shared.clone(), admitted.guard, plan);
    }
    let completion_tokens = answers.iter().map(|a| tokens(&a.content)).sum();
    let choices: Vec<Value> = answers
        .into_iter()
        .enumerate()
        .map(|(index, reply)| {
            let filtered = reply.finish_reason == "content_filter";
            json!({
                "index": index,
                "message": {
                    "role": "assistant",
                    "content": if filtered { Value::Null } else { json!(reply.content) },
                    "refusal": null,
                    "annotations": [],
                },
                "logprobs": null,
                "finish_reason": reply.finish_reason,
            })
        })
        .collect();
    Reply::ok(json!({
        "id": id,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": choices,
        "usage": usage(prompt_tokens, completion_tokens),
        "service_tier": "default",
        "system_fingerprint": FINGERPRINT,
    }))
    .into_response()
}

/// Word-sized pieces, spaces kept, so the joined pieces are the text exactly.
fn pieces(text: &str) -> Vec<String> {
    text.split_inclusive(' ').map(str::to_owned).collect()
}

/// About four characters a token, like the real tokenizer on average.
fn tokens(text: &str) -> u64 {
    (text.chars().count() as u64).div_ceil(4)
}

fn prompt_tokens(request: &Value) -> u64 {
    request
        .get("messages")
        .and_then(Value::as_array)
        .map_or(0, |messages| {
            messages
                .iter()
                .map(|m| 3 + m.get("content").and_then(Value::as_str).map_or(0, tokens))
                .sum::<u64>()
                + 3
        })
}

fn usage(prompt: u64, completion: u64) -> Value {
    json!({
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_rebuild_the_text() {
        let text = "Olá {{nome}}!  Até  15/12.\n\n*Aproveite!*";
        assert_eq!(pieces(text).concat(), text);
        assert!(pieces(text).len() > 3);
    }
}
