//! Instance routes: create, fetchInstances, connect, connectionState, restart, logout,
//! delete (contract §5, state machine §7).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Extension;
use serde_json::{json, Value};

use super::{authorized, rows};
use crate::evolution_sandbox::clock::Now;
use crate::evolution_sandbox::gate::JsonBody;
use crate::evolution_sandbox::numbers::strip_punctuation;
use crate::evolution_sandbox::reply::{Outcome, Reply};
use crate::evolution_sandbox::shared::{api_key, Shared};
use crate::evolution_sandbox::spec::InstanceSpec;
use crate::evolution_sandbox::state::{Instance, LinkState, Restarted};

fn success(message: &str) -> Reply {
    Reply::ok(json!({"status": "SUCCESS", "error": false, "response": {"message": message}}))
}

/// A JavaScript-falsy query value counts as absent.
fn query<'q>(params: &'q HashMap<String, String>, name: &str) -> Option<&'q str> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

/// Digits usable as a pairing number, or None.
fn phone_digits(number: &str) -> Option<String> {
    let digits = strip_punctuation(number);
    ((8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(digits)
}

pub(super) async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Outcome {
    let now = Now::current();
    let mut registry = shared.registry(&now);
    // The name check runs before the key check, and a missing name reads "undefined".
    let name = match body.get("instanceName") {
        None | Some(Value::Null) => "undefined".to_owned(),
        Some(Value::String(name)) => name.clone(),
        Some(other) => other.to_string(),
    };
    if body.get("instanceName").is_none_or(Value::is_null) || registry.get(&name).is_some() {
        return Err(Reply::forbidden(&format!(
            "This name \"{name}\" is already in use."
        )));
    }
    if api_key(&headers) != Some(shared.config.global_key.as_str()) {
        return Err(Reply::unauthorized());
    }
    let spec = InstanceSpec::from_create_body(name, &body)?;
    let starts_pairing = body.get("qrcode").and_then(Value::as_bool) == Some(true);
    let pairing_number = spec.number.as_deref().and_then(phone_digits);
    let mut instance = Instance::new(spec, &now);
    // The real server waits ~5 s for WhatsApp's first QR; the sandbox answers at once,
    // before the first QR exists (`{"count":0}`), and connect shows QR 1 right after.
    let qrcode = starts_pairing.then(|| {
        instance.start_pairing(&now, pairing_number);
        rows::qr_object(None)
    });
    let body = rows::created(&instance, qrcode);
    registry.insert(instance);
    Ok(Reply::created(body))
}

pub(super) async fn fetch_instances(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Outcome {
    let now = Now::current();
    let registry = shared.registry(&now);
    let key = api_key(&headers).ok_or_else(Reply::unauthorized)?;
    let name = query(&params, "instanceName");
    let id = query(&params, "instanceId");
    let number = query(&params, "number");
    let found: Vec<&Instance> = if key == shared.config.global_key {
        // With the global key, instanceId and number take precedence over instanceName.
        let found: Vec<&Instance> = if let Some(id) = id {
            registry.iter().filter(|i| i.id == id).collect()
        } else if let Some(number) = number {
            let digits = strip_punctuation(number);
            registry
                .iter()
                .filter(|i| {
                    i.spec.number.as_deref() == Some(digits.as_str())
                        || i.owner
                            .as_ref()
                            .is_some_and(|o| o.jid.split('@').next() == Some(digits.as_str()))
                })
                .collect()
        } else {
            registry
                .iter()
                .filter(|i| name.is_none_or(|n| i.name() == n))
                .collect()
        };
        let asked = id.or(if number.is_some() { None } else { name });
        if let (Some(asked), true) = (asked, found.is_empty()) {
            return Err(Reply::envelope(
                axum::http::StatusCode::NOT_FOUND,
                json!([format!("Instance \"{asked}\" not found")]),
            ));
        }
        found
    } else {
        // A token sees only the instances holding it; asking for any other is a 401.
        let found: Vec<&Instance> = registry
            .iter()
            .filter(|i| i.spec.token == key)
            .filter(|i| name.is_none_or(|n| i.name() == n))
            .filter(|i| id.is_none_or(|id| i.id == id))
            .collect();
        if found.is_empty() {
            return Err(Reply::unauthorized());
        }
        found
    };
    Ok(Reply::ok(Value::Array(
        found.into_iter().map(rows::fetch_row).collect(),
    )))
}

pub(super) async fn connect(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Outcome {
    let now = Now::current();
    let config = &shared.config;
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, &name, &headers, &shared)?;
    let no_qr = shared.faults_for(Some(&name)).no_qr;
    let body = match instance.state() {
        None => return Ok(Reply::connect_failure()),
        // WhatsApp never answers with a QR: the socket stays `connecting` with nothing.
        Some(LinkState::Connecting) if no_qr => rows::qr_object(None),
        Some(LinkState::Open) => rows::connection_state(instance),
        // Already pairing: the current QR; `number` is ignored (pairing only from close).
        Some(LinkState::Connecting) => rows::qr_object(instance.qr(now.mono, config).as_ref()),
        Some(LinkState::Close) => {
            let pairing = match query(&params, "number") {
                None => None,
                // WhatsApp refuses a pairing request for a malformed number.
                Some(number) => match phone_digits(number) {
                    Some(digits) => Some(digits),
                    None => return Ok(Reply::connect_failure()),
                },
            };
            // The real server waits ~2 s for the first QR; here it exists at once.
            instance.start_pairing(&now, pairing);
            let qr = instance.qr(now.mono, config).filter(|_| !no_qr);
            rows::qr_object(qr.as_ref())
        }
    };
    Ok(Reply::ok(body))
}

pub(super) async fn connection_state(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Outcome {
    let now = Now::current();
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, &name, &headers, &shared)?;
    Ok(Reply::ok(rows::connection_state(instance)))
}

pub(super) async fn restart(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Outcome {
    let now = Now::current();
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, &name, &headers, &shared)?;
    if instance.is_removed() {
        return Ok(Reply::connect_failure());
    }
    let body = match instance.restart(&now, &shared.config) {
        Restarted::NotConnected => return Ok(Reply::connect_failure()),
        // A new socket that has no QR yet.
        Restarted::NewPairing => rows::qr_object(None),
        Restarted::Reconnecting => {
            instance.settle(&now, &shared.config);
            rows::connection_state(instance)
        }
    };
    Ok(Reply::ok(body))
}

pub(super) async fn logout(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Outcome {
    let now = Now::current();
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, &name, &headers, &shared)?;
    if instance.is_removed() || !instance.logout(&now) {
        return Err(Reply::not_connected(&name));
    }
    Ok(success("Instance logged out"))
}

pub(super) async fn delete(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Outcome {
    let now = Now::current();
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, &name, &headers, &shared)?;
    instance.remove(&now);
    Ok(success("Instance deleted"))
}
