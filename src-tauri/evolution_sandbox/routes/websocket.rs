//! `POST /websocket/set/{instance}` and `GET /websocket/find/{instance}` (2.3.6
//! `WebsocketRouter` over `EventController`): one row per instance; `set` validates
//! `eventSchema` (`websocket.enabled` required, events from the server's list) and
//! replaces the row — disabled keeps no events, enabled with none gets them all.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Extension;
use serde_json::Value;

use super::{authorized, rows, schema_ok};
use crate::evolution_sandbox::clock::Now;
use crate::evolution_sandbox::gate::JsonBody;
use crate::evolution_sandbox::reply::{Outcome, Reply};
use crate::evolution_sandbox::shared::Shared;
use crate::evolution_sandbox::spec::{Websocket, ALL_EVENTS};

fn violations(body: &Value) -> Vec<String> {
    let Some(websocket) = body.get("websocket") else {
        return Vec::new();
    };
    if !websocket.is_object() {
        return vec!["websocket is not of a type(s) object".to_owned()];
    }
    let mut errors = Vec::new();
    match websocket.get("enabled") {
        None => errors.push("websocket requires property \"enabled\"".to_owned()),
        Some(Value::Bool(_)) => {}
        Some(_) => errors.push("websocket.enabled is not of a type(s) boolean".to_owned()),
    }
    match websocket.get("events") {
        None => {}
        Some(Value::Array(events)) => {
            for (n, event) in events.iter().enumerate() {
                if !event.as_str().is_some_and(|e| ALL_EVENTS.contains(&e)) {
                    errors.push(format!(
                        "websocket.events[{n}] is not one of enum values: {}",
                        ALL_EVENTS.join(",")
                    ));
                }
            }
        }
        Some(_) => errors.push("websocket.events is not of a type(s) array".to_owned()),
    }
    errors
}

pub(super) async fn set(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Outcome {
    let now = Now::current();
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, &name, &headers, &shared)?;
    schema_ok(violations(&body))?;
    let Some(websocket) = body.get("websocket") else {
        // `data[this.name].events = …` on a missing key throws.
        return Err(Reply::bad_request(
            "Cannot set properties of undefined (setting 'events')",
        ));
    };
    // Link changes from before the row existed were never emitted by the real server
    // (it emits at once); drop them rather than let the emitter pick them up now.
    instance.take_link_events();
    instance.spec.websocket = Some(Websocket::from_body(websocket));
    instance.updated_at = now.wall;
    Ok(Reply::created(rows::websocket_row(instance)))
}

pub(super) async fn find(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Outcome {
    let now = Now::current();
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, &name, &headers, &shared)?;
    Ok(Reply::ok(rows::websocket_row(instance)))
}
