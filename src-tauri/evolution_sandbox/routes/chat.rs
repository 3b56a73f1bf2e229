//! whatsappNumbers, findMessages and findStatusMessage (contract §5).

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Extension;
use serde_json::{json, Value};

use super::authorized;
use crate::evolution_sandbox::clock::Now;
use crate::evolution_sandbox::gate::JsonBody;
use crate::evolution_sandbox::reply::{Outcome, Reply};
use crate::evolution_sandbox::shared::Shared;
use crate::evolution_sandbox::state::LinkState;

const STATUSES: &[&str] = &[
    "ERROR",
    "PENDING",
    "SERVER_ACK",
    "DELIVERY_ACK",
    "READ",
    "DELETED",
    "PLAYED",
];

/// Its errors are always HTTP 400 with the raw thrown value (§3 "Irregular shapes").
pub(super) async fn whatsapp_numbers(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Outcome {
    let now = Now::current();
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, &name, &headers, &shared)?;
    let numbers = match body.get("numbers") {
        None | Some(Value::Null) => None,
        Some(value) => Some(numbers_schema(value)?),
    };
    if instance.is_removed() || !instance.ever_connected() {
        return Err(Reply::raw_empty_object());
    }
    let Some(numbers) = numbers else {
        return Err(Reply::raw_empty_object());
    };
    if shared.faults().connection_closed || instance.state() != Some(LinkState::Open) {
        return Err(Reply::boom_connection_closed());
    }
    let answers: Vec<Value> = numbers
        .iter()
        .map(|number| {
            let check = shared.config.numbers.check(number);
            let mut answer = json!({"jid": check.jid, "exists": check.exists, "number": number});
            if let (Some(name), Value::Object(map)) = (check.name, &mut answer) {
                map.insert("name".to_owned(), json!(name));
            }
            answer
        })
        .collect();
    Ok(Reply::ok(Value::Array(answers)))
}

/// `numbers`: an array of at least one string, no duplicates.
fn numbers_schema(value: &Value) -> Result<Vec<String>, Reply> {
    let Some(items) = value.as_array() else {
        return Err(Reply::raw_schema(vec![
            "numbers is not of a type(s) array".to_owned()
        ]));
    };
    let mut errors: Vec<String> = items
        .iter()
        .enumerate()
        .filter(|(_, item)| !item.is_string())
        .map(|(i, _)| format!("numbers[{i}] is not of a type(s) string"))
        .collect();
    if items.is_empty() {
        errors.push("numbers does not meet minimum length of 1".to_owned());
    }
    let mut seen = HashSet::new();
    if !items.iter().all(|item| seen.insert(item.to_string())) {
        errors.push("numbers contains duplicate item".to_owned());
    }
    if !errors.is_empty() {
        return Err(Reply::raw_schema(errors));
    }
    Ok(items
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect())
}

/// `page` (from 1) and `offset` (page size, default 50).
fn paging(body: &Value) -> (usize, usize) {
    let read = |key: &str, default: usize| {
        body.get(key)
            .and_then(Value::as_u64)
            .and_then(|v| usize::try_from(v).ok())
            .filter(|v| *v > 0)
            .unwrap_or(default)
    };
    (read("page", 1), read("offset", 50))
}

fn page_of<T: Clone>(items: &[T], page: usize, size: usize) -> Vec<T> {
    items
        .iter()
        .skip((page - 1).saturating_mul(size))
        .take(size)
        .cloned()
        .collect()
}

fn where_status_ok(filter: &Value) -> Result<(), Reply> {
    match filter.get("status") {
        Some(status) if !status.as_str().is_some_and(|s| STATUSES.contains(&s)) => {
            Err(Reply::schema(vec![format!(
                "where.status is not one of enum values: {}",
                STATUSES.join(",")
            )]))
        }
        _ => Ok(()),
    }
}

/// One row per status change; only `where.remoteJid` and `where.id` filter (`status` is
/// validated but ignored, like the server).
pub(super) async fn find_status_message(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Outcome {
    let now = Now::current();
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, &name, &headers, &shared)?;
    let filter = body.get("where").cloned().unwrap_or_else(|| json!({}));
    where_status_ok(&filter)?;
    let jid = filter.get("remoteJid").and_then(Value::as_str);
    let id = filter.get("id").and_then(Value::as_str);
    let rows: Vec<Value> = instance
        .messages
        .iter()
        .filter(|m| jid.is_none_or(|j| m.remote_jid == j))
        .filter(|m| id.is_none_or(|i| m.key_id == i))
        .flat_map(|m| m.status_rows(&instance.id, now.mono, shared.config.status_steps))
        .collect();
    let (page, size) = paging(&body);
    Ok(Reply::ok(Value::Array(page_of(&rows, page, size))))
}

/// Stored messages, newest first, filtered by `where.key.{id,remoteJid,fromMe}`.
pub(super) async fn find_messages(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Outcome {
    let now = Now::current();
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, &name, &headers, &shared)?;
    let key = body
        .pointer("/where/key")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let id = key.get("id").and_then(Value::as_str);
    let jid = key.get("remoteJid").and_then(Value::as_str);
    let from_me = key.get("fromMe").and_then(Value::as_bool);
    let records: Vec<Value> = instance
        .messages
        .iter()
        .rev()
        .filter(|m| id.is_none_or(|i| m.key_id == i))
        .filter(|m| jid.is_none_or(|j| m.remote_jid == j))
        // The sandbox stores only its own sends.
        .filter(|_| from_me != Some(false))
        .map(|m| m.record_json(&instance.id, now.mono, shared.config.status_steps))
        .collect();
    let (page, size) = paging(&body);
    let total = records.len();
    Ok(Reply::ok(json!({
        "messages": {
            "total": total,
            "pages": total.div_ceil(size),
            "currentPage": page,
            "records": page_of(&records, page, size),
        }
    })))
}
