//! `/_sandbox/*`: the control surface over HTTP for the Node end-to-end tests and headless
//! runs of `tip sandbox`. Global key only; not logged and not subject to faults (see
//! `gate.rs`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::Router;
use serde_json::{json, Value};

use super::control::IncomingMessage;
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
        .route(
            "/_sandbox/faults/{instance}",
            put(set_instance_faults)
                .get(instance_faults)
                .delete(clear_instance_faults),
        )
        .route("/_sandbox/instances", post(create_connected))
        .route("/_sandbox/instances/{instance}/incoming", post(incoming))
        .route("/_sandbox/requests", get(requests))
        .route("/_sandbox/messages", get(messages))
        .route("/_sandbox/messages/count", get(counts))
}

/// Most sent-log entries one `GET /_sandbox/messages?since=N` page returns.
const MESSAGES_PAGE_MAX: usize = 10_000;

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
        SandboxError::NameTaken(_) => StatusCode::CONFLICT,
        SandboxError::InvalidFaults(_) => StatusCode::BAD_REQUEST,
        SandboxError::NotConnected(_) => StatusCode::CONFLICT,
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

fn faults_body(bytes: &Bytes) -> Result<Faults, Reply> {
    let faults: Faults = serde_json::from_value(json_body(bytes)?)
        .map_err(|e| Reply::bad_request(&e.to_string()))?;
    faults.validate().map_err(|e| Reply::bad_request(&e))?;
    Ok(faults)
}

async fn set_faults(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Outcome {
    let control = control(&shared, &headers)?;
    let faults = faults_body(&bytes)?;
    control.set_faults(faults.clone());
    Ok(Reply::ok(json!(faults)))
}

/// The instance's own faults (replacing the global ones for it); answers them.
async fn set_instance_faults(
    State(shared): State<Arc<Shared>>,
    Path(instance): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Outcome {
    let control = control(&shared, &headers)?;
    let faults = faults_body(&bytes)?;
    control.set_instance_faults(&instance, faults.clone());
    Ok(Reply::ok(json!(faults)))
}

/// The faults in force for the instance (its own, else the global ones).
async fn instance_faults(
    State(shared): State<Arc<Shared>>,
    Path(instance): Path<String>,
    headers: HeaderMap,
) -> Outcome {
    let control = control(&shared, &headers)?;
    Ok(Reply::ok(json!(control.faults_for(&instance))))
}

/// Back to the global faults; answers them.
async fn clear_instance_faults(
    State(shared): State<Arc<Shared>>,
    Path(instance): Path<String>,
    headers: HeaderMap,
) -> Outcome {
    let control = control(&shared, &headers)?;
    control.clear_instance_faults(&instance);
    Ok(Reply::ok(json!(control.faults_for(&instance))))
}

/// Body `{"instanceName":"sandbox-5","number":"5511990000005","profileName":"Loja"}`: an
/// instance created already `open`. 201 with its name and state; 409 if the name is taken.
async fn create_connected(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Outcome {
    let control = control(&shared, &headers)?;
    let body = json_body(&bytes)?;
    let text = |key: &str| body.get(key).and_then(Value::as_str);
    let name = text("instanceName")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| Reply::bad_request("instanceName is required"))?;
    control
        .create_connected(
            name,
            text("number").unwrap_or_default(),
            text("profileName").unwrap_or("Sandbox"),
        )
        .map_err(|e| refused(&e))?;
    Ok(Reply::created(
        json!({"instance": {"instanceName": name, "state": "open"}}),
    ))
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

/// The sent log as an array. Without a query: all of it. With `?since=N` (0-based
/// position) and optional `&limit=M` (default and maximum 10,000): one page, each entry
/// with its `seq` position; an empty page means the end.
async fn messages(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Outcome {
    let control = control(&shared, &headers)?;
    let number = |key: &str| -> Result<Option<usize>, Reply> {
        params
            .get(key)
            .map(|v| {
                v.parse::<usize>()
                    .map_err(|_| Reply::bad_request(&format!("{key} must be a whole number")))
            })
            .transpose()
    };
    let (since, limit) = (number("since")?, number("limit")?);
    if since.is_none() && limit.is_none() {
        return Ok(Reply::ok(Value::Array(
            control
                .sent_messages()
                .iter()
                .map(|m| m.to_json())
                .collect(),
        )));
    }
    let since = since.unwrap_or(0);
    let limit = limit.unwrap_or(MESSAGES_PAGE_MAX).min(MESSAGES_PAGE_MAX);
    let page = control.sent_messages_since(since, limit);
    Ok(Reply::ok(Value::Array(
        page.iter()
            .zip(since..)
            .map(|(m, seq)| {
                let mut entry = m.to_json();
                if let Value::Object(map) = &mut entry {
                    map.insert("seq".to_owned(), json!(seq));
                }
                entry
            })
            .collect(),
    )))
}

/// `{"sent":N,"refused":R,"requests":T}`: the sent log's length, how many of those WhatsApp
/// refused, and how many Evolution requests arrived in all.
async fn counts(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Outcome {
    let control = control(&shared, &headers)?;
    Ok(Reply::ok(json!({
        "sent": control.sent_count(),
        "refused": control.refused_count(),
        "requests": control.request_count(),
    })))
}

/// Body `{"from":"5511987654321","text":"SAIR","quoted":"3EB0…"|null,"pushName":"Ana",
/// "lid":"123456789"|null}`: a contact's message (`messages.upsert`). 201 `{"keyId"}`.
async fn incoming(
    State(shared): State<Arc<Shared>>,
    Path(instance): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Outcome {
    let control = control(&shared, &headers)?;
    let body = json_body(&bytes)?;
    let text = |key: &str| {
        body.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let message = IncomingMessage {
        from: text("from").unwrap_or_default(),
        text: text("text").unwrap_or_default(),
        quoted: text("quoted"),
        push_name: text("pushName"),
        lid: text("lid"),
    };
    let key_id = control
        .incoming(&instance, message)
        .map_err(|e| refused(&e))?;
    Ok(Reply::created(json!({ "keyId": key_id })))
}
