//! `/_sandbox/*`: the control surface over HTTP (for the Node end-to-end tests and the
//! CLI). The same Bearer key as the API; not logged and not subject to faults.
//!
//! - `GET|DELETE /_sandbox/journal`: requests, in flight, max in flight, stream outcomes
//! - `GET|POST|DELETE /_sandbox/faults`: body `{"kind":"rateLimited","retryAfterSecs":1,"times":2}` or a list
//! - `GET|POST|DELETE /_sandbox/replies`: body `{"content":"…","finishReason":"stop"}` or a list
//! - `GET|PUT /_sandbox/settings`: body `{"latencyMs":0,"chunkDelayMs":20,"facts":"keep"}`

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::config::SandboxSettings;
use super::control::OpenAiSandboxControl;
use super::faults::FaultPlan;
use super::reply::Reply;
use super::shared::{ScriptedReply, Shared};

type Outcome = Result<Reply, Reply>;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_sandbox/journal", get(journal).delete(reset_journal))
        .route(
            "/_sandbox/faults",
            get(faults).post(add_faults).delete(clear_faults),
        )
        .route(
            "/_sandbox/replies",
            get(replies).post(add_replies).delete(clear_replies),
        )
        .route("/_sandbox/settings", get(settings).put(set_settings))
}

fn control(shared: &Arc<Shared>, headers: &HeaderMap) -> Result<OpenAiSandboxControl, Reply> {
    shared.authorize(headers)?;
    Ok(OpenAiSandboxControl::new(shared.clone()))
}

/// One item or a list of them.
fn items<T: DeserializeOwned>(bytes: &Bytes) -> Result<Vec<T>, Reply> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| Reply::bad_control(&e.to_string()))?;
    let list = match value {
        Value::Array(list) => list,
        one => vec![one],
    };
    list.into_iter()
        .map(|v| serde_json::from_value(v).map_err(|e| Reply::bad_control(&e.to_string())))
        .collect()
}

async fn journal(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Outcome {
    let control = control(&shared, &headers)?;
    Ok(Reply::ok(json!(control.journal())))
}

async fn reset_journal(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Outcome {
    control(&shared, &headers)?.reset_journal();
    Ok(Reply::ok(json!({"ok": true})))
}

async fn faults(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Outcome {
    Ok(Reply::ok(json!(control(&shared, &headers)?.faults())))
}

async fn add_faults(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Outcome {
    let control = control(&shared, &headers)?;
    for plan in items::<FaultPlan>(&bytes)? {
        control.fail_next(plan.fault, plan.times);
    }
    Ok(Reply::ok(json!(control.faults())))
}

async fn clear_faults(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Outcome {
    control(&shared, &headers)?.clear_faults();
    Ok(Reply::ok(json!([])))
}

async fn replies(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Outcome {
    control(&shared, &headers)?;
    Ok(Reply::ok(json!(shared.replies())))
}

async fn add_replies(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Outcome {
    let control = control(&shared, &headers)?;
    for reply in items::<ScriptedReply>(&bytes)? {
        control.push_reply(reply);
    }
    Ok(Reply::ok(json!(shared.replies())))
}

async fn clear_replies(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Outcome {
    control(&shared, &headers)?.clear_replies();
    Ok(Reply::ok(json!([])))
}

async fn settings(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Outcome {
    Ok(Reply::ok(json!(control(&shared, &headers)?.settings())))
}

async fn set_settings(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Outcome {
    let control = control(&shared, &headers)?;
    let settings: SandboxSettings =
        serde_json::from_slice(&bytes).map_err(|e| Reply::bad_control(&e.to_string()))?;
    control.set_settings(settings);
    Ok(Reply::ok(json!(settings)))
}
