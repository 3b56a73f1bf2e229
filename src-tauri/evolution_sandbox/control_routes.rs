//! `/_sandbox/*`: the control surface over HTTP for the Node end-to-end tests. Global key
//! only; not logged and not subject to faults (see `gate.rs`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::Router;
use serde_json::{json, Value};

use super::control::SandboxControl;
use super::errors::SandboxError;
use super::faults::Faults;
use super::reply::{Outcome, Reply};
use super::shared::{api_key, Shared};

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_sandbox/scan/{instance}", post(scan))
        .route("/_sandbox/qr/{instance}", get(qr))
        .route("/_sandbox/disconnect/{instance}", post(disconnect))
        .route("/_sandbox/faults", put(set_faults).get(faults))
        .route("/_sandbox/requests", get(requests))
        .route("/_sandbox/messages", get(messages))
}

fn control(shared: &Arc<Shared>, headers: &HeaderMap) -> Result<SandboxControl, Reply> {
    if api_key(headers) == Some(shared.config.global_key.as_str()) {
        Ok(SandboxControl::new(shared.clone()))
    } else {
        Err(Reply::unauthorized())
    }
}

fn json_body(bytes: &Bytes) -> Result<Value, Reply> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(bytes).map_err(|e| Reply::malformed_json(&e.to_string()))
}

fn refused(error: &SandboxError) -> Reply {
    let status = match error {
        SandboxError::UnknownInstance(_) => StatusCode::NOT_FOUND,
        SandboxError::NotPairing { .. } => StatusCode::CONFLICT,
        SandboxError::InvalidNumber(_) => StatusCode::BAD_REQUEST,
    };
    Reply::envelope(status, json!([error.to_string()]))
}

/// Body `{"number":"5511987654321","profileName":"Loja Demo"}`.
async fn scan(
    State(shared): State<Arc<Shared>>,
    Path(instance): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Outcome {
    let control = control(&shared, &headers)?;
    let body = json_body(&bytes)?;
    let number = body
        .get("number")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let profile = body
        .get("profileName")
        .and_then(Value::as_str)
        .unwrap_or("Sandbox");
    control
        .scan(&instance, number, profile)
        .map_err(|e| refused(&e))?;
    Ok(Reply::ok(
        json!({"instance": {"instanceName": instance, "state": "open"}}),
    ))
}

/// `{"code":"2@…","count":N}` while the instance shows QR codes, else 409.
async fn qr(
    State(shared): State<Arc<Shared>>,
    Path(instance): Path<String>,
    headers: HeaderMap,
) -> Outcome {
    let control = control(&shared, &headers)?;
    match control.qr_with_count(&instance) {
        Some((code, count)) => Ok(Reply::ok(json!({"code": code, "count": count}))),
        None => Err(Reply::envelope(
            StatusCode::CONFLICT,
            json!([format!(
                "The \"{instance}\" instance is not showing a QR code"
            )]),
        )),
    }
}

/// Body `{"statusCode":401}`; answers the state after the drop.
async fn disconnect(
    State(shared): State<Arc<Shared>>,
    Path(instance): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Outcome {
    let control = control(&shared, &headers)?;
    let body = json_body(&bytes)?;
    let code = body
        .get("statusCode")
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
        .ok_or_else(|| Reply::bad_request("statusCode must be an HTTP-like status number"))?;
    let state = control
        .try_disconnect(&instance, code)
        .map_err(|e| refused(&e))?;
    Ok(Reply::ok(
        json!({"instance": {"instanceName": instance, "state": state.as_str()}}),
    ))
}

async fn set_faults(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Outcome {
    let control = control(&shared, &headers)?;
    let faults: Faults = serde_json::from_value(json_body(&bytes)?)
        .map_err(|e| Reply::bad_request(&e.to_string()))?;
    faults.validate().map_err(|e| Reply::bad_request(&e))?;
    control.set_faults(faults.clone());
    Ok(Reply::ok(json!(faults)))
}

async fn faults(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Outcome {
    let control = control(&shared, &headers)?;
    Ok(Reply::ok(json!(control.faults())))
}

async fn requests(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Outcome {
    let control = control(&shared, &headers)?;
    Ok(Reply::ok(Value::Array(
        control.requests().iter().map(|r| r.to_json()).collect(),
    )))
}

async fn messages(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Outcome {
    let control = control(&shared, &headers)?;
    Ok(Reply::ok(Value::Array(
        control
            .sent_messages()
            .iter()
            .map(|m| m.to_json())
            .collect(),
    )))
}
