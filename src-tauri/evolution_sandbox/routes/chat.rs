//! whatsappNumbers, findMessages and findStatusMessage (contract §5), checked against the
//! 2.3.6 source (`src/api/services/channel.service.ts`, `src/validate/chat.schema.ts`).

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Extension;
use serde_json::{json, Value};

use super::{authorized, schema_ok};
use crate::evolution_sandbox::clock::{js_date_millis, Now};
use crate::evolution_sandbox::gate::JsonBody;
use crate::evolution_sandbox::messages::StoredMessage;
use crate::evolution_sandbox::reply::{Outcome, Reply};
use crate::evolution_sandbox::schema::is_integer;
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
    if shared.faults_for(Some(&name)).connection_closed || instance.state() != Some(LinkState::Open)
    {
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
    let (page, size) = paging(&body);
    // Lazy: only the rows of the asked page are rendered.
    let rows: Vec<Value> = instance
        .messages
        .iter()
        .filter(|m| jid.is_none_or(|j| m.remote_jid == j))
        .filter(|m| id.is_none_or(|i| m.key_id == i))
        .flat_map(|m| m.status_rows(&instance.id, now.mono, shared.config.status_steps))
        .skip((page - 1).saturating_mul(size))
        .take(size)
        .collect();
    Ok(Reply::ok(Value::Array(rows)))
}

/// `POST /chat/findMessages`, as `ChannelStartupService.fetchMessages` (2.3.6) runs it:
/// the `messageValidateSchema` checks, then filters on `where.key.id`, `where.key.remoteJid`,
/// `where.key.fromMe` (only when true: a false is falsy in JavaScript and filters
/// nothing), `where.key.participants`, `where.id` (row id), `where.source`,
/// `where.messageType`, and `where.messageTimestamp` `{gte, lte}`: only with both bounds,
/// each read by `new Date(…)` (an ISO string or epoch **milliseconds**) and compared in
/// whole seconds, bounds included. Newest first; `page` from 1, `offset` = page size
/// (default 50). Only the page is rendered, so a 100k-message instance stays cheap.
pub(super) async fn find_messages(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Extension(JsonBody(body)): Extension<JsonBody>,
) -> Outcome {
    let now = Now::current();
    let mut registry = shared.registry(&now);
    let instance = authorized(&mut registry, &name, &headers, &shared)?;
    schema_ok(find_messages_violations(&body))?;
    let filter = MessageFilter::from_body(&body)?;
    let matching: Vec<&StoredMessage> = instance
        .messages
        .iter()
        .rev()
        .filter(|m| filter.matches(m))
        .collect();
    let (page, size) = paging(&body);
    let total = matching.len();
    let records: Vec<Value> = page_of(&matching, page, size)
        .into_iter()
        .map(|m| m.record_json(&instance.id, now.mono, shared.config.status_steps))
        .collect();
    Ok(Reply::ok(json!({
        "messages": {
            "total": total,
            "pages": total.div_ceil(size),
            "currentPage": page,
            "records": records,
        }
    })))
}

/// JavaScript truthiness of a JSON value.
fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

/// `messageValidateSchema` (src/validate/chat.schema.ts): `where` and `where.key` are
/// objects; when `key` holds only `fromMe`/`remoteJid`/`id`, those must be a non-empty
/// string, a non-empty string and a boolean; `limit` is an integer.
fn find_messages_violations(body: &Value) -> Vec<String> {
    const CANNOT_BE_EMPTY: &str = "The property cannot be empty";
    let mut errors = Vec::new();
    let Some(filter) = body.get("where") else {
        return limit_violations(body, errors);
    };
    let Some(filter) = filter.as_object() else {
        errors.push("where is not of a type(s) object".to_owned());
        return limit_violations(body, errors);
    };
    match filter.get("key") {
        None => {}
        Some(Value::Object(key)) => {
            let only_known = key
                .keys()
                .all(|k| matches!(k.as_str(), "fromMe" | "remoteJid" | "id"));
            if only_known {
                for field in ["remoteJid", "id"] {
                    if key
                        .get(field)
                        .is_some_and(|v| v.as_str().is_none_or(str::is_empty))
                    {
                        errors.push(CANNOT_BE_EMPTY.to_owned());
                    }
                }
                if key.get("fromMe").is_some_and(|v| !v.is_boolean()) {
                    errors.push("where.key.fromMe is not of a type(s) boolean".to_owned());
                    errors
                        .push("where.key.fromMe is not one of enum values: true,false".to_owned());
                }
            }
        }
        Some(_) => errors.push("where.key is not of a type(s) object".to_owned()),
    }
    if filter
        .get("message")
        .is_some_and(|message| !message.is_object())
    {
        errors.push("where.message is not of a type(s) object".to_owned());
    }
    limit_violations(body, errors)
}

fn limit_violations(body: &Value, mut errors: Vec<String>) -> Vec<String> {
    if body.get("limit").is_some_and(|l| !is_integer(l)) {
        errors.push("limit is not of a type(s) integer".to_owned());
    }
    errors
}

/// The `where` of findMessages, as Prisma applies it.
#[derive(Debug, Default)]
struct MessageFilter {
    key_id: Option<String>,
    remote_jid: Option<String>,
    // `fromMe` needs no field: only `true` filters, and the sandbox stores only its own
    // sends, so it never excludes anything.
    participants: bool,
    row_id: Option<Value>,
    source: Option<Value>,
    message_type: Option<Value>,
    /// Unix seconds, both bounds included.
    timestamps: Option<(i64, i64)>,
}

impl MessageFilter {
    fn from_body(body: &Value) -> Result<MessageFilter, Reply> {
        let filter = body.get("where");
        let field = |path: &str| filter.and_then(|f| f.pointer(path));
        let key_text = |path: &str| {
            let value = field(path);
            truthy(value)
                .then(|| value.and_then(Value::as_str).map(str::to_owned))
                .flatten()
        };
        // Prisma's `undefined` means "no filter"; JSON null means "equals null".
        let column = |path: &str| field(path).cloned();
        let timestamps = match field("/messageTimestamp") {
            Some(range) if truthy(range.get("gte")) && truthy(range.get("lte")) => {
                let seconds = |bound: &str| {
                    range
                        .get(bound)
                        .and_then(js_date_millis)
                        .map(|ms| ms.div_euclid(1000))
                };
                match (seconds("gte"), seconds("lte")) {
                    (Some(gte), Some(lte)) => Some((gte, lte)),
                    // `Math.floor(NaN)` reaches Prisma, which refuses it: the route's
                    // error handler answers 500 with Prisma's message (abridged here).
                    _ => {
                        return Err(Reply::exception(
                            "Invalid `this.prismaRepository.message.count()` invocation: \
                             Argument `gte`: Invalid value provided. Expected Int, provided Float.",
                        ))
                    }
                }
            }
            _ => None,
        };
        Ok(MessageFilter {
            key_id: key_text("/key/id"),
            remote_jid: key_text("/key/remoteJid"),
            participants: truthy(field("/key/participants")),
            row_id: column("/id"),
            source: column("/source"),
            message_type: column("/messageType"),
            timestamps,
        })
    }

    fn matches(&self, m: &StoredMessage) -> bool {
        let equals = |filter: &Option<Value>, actual: &str| {
            filter.as_ref().is_none_or(|v| v.as_str() == Some(actual))
        };
        self.key_id.as_deref().is_none_or(|id| m.key_id == id)
            && self.remote_jid.as_deref().is_none_or(|j| m.remote_jid == j)
            // Own sends have no `key.participants`: asking for one matches none.
            && !self.participants
            && equals(&self.row_id, &m.row_id)
            && equals(&self.source, "web")
            && equals(&self.message_type, m.message_type)
            && self.timestamps.is_none_or(|(gte, lte)| {
                i64::try_from(m.timestamp).is_ok_and(|t| (gte..=lte).contains(&t))
            })
    }
}
