//! What `create` asked for: the instance's name, token, integration and options, kept as
//! the server stores them (fetchInstances rows and the create answer are rendered from it).

use serde_json::{json, Value};

use super::ids;
use super::numbers::strip_punctuation;
use super::reply::Reply;
use super::schema::{violations, Field, Kind};

const INTEGRATIONS: [&str; 3] = ["WHATSAPP-BAILEYS", "WHATSAPP-BUSINESS", "EVOLUTION"];

const CREATE_FIELDS: &[Field] = &[
    Field::new("instanceName", Kind::String).required(),
    Field::new("token", Kind::String),
    Field::new("number", Kind::String),
    Field::new("qrcode", Kind::Boolean),
    Field::new("integration", Kind::String),
    Field::new("rejectCall", Kind::Boolean),
    Field::new("msgCall", Kind::String),
    Field::new("groupsIgnore", Kind::Boolean),
    Field::new("alwaysOnline", Kind::Boolean),
    Field::new("readMessages", Kind::Boolean),
    Field::new("readStatus", Kind::Boolean),
    Field::new("syncFullHistory", Kind::Boolean),
    Field::new("wavoipToken", Kind::String),
    Field::new("proxyHost", Kind::String),
    Field::new("proxyPort", Kind::String),
    Field::new("proxyProtocol", Kind::String),
    Field::new("proxyUsername", Kind::String),
    Field::new("proxyPassword", Kind::String),
    Field::new("webhook", Kind::Object),
    Field::new("websocket", Kind::Object),
];

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Settings {
    pub reject_call: bool,
    pub msg_call: String,
    pub groups_ignore: bool,
    pub always_online: bool,
    pub read_messages: bool,
    pub read_status: bool,
    pub sync_full_history: bool,
    pub wavoip_token: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Webhook {
    pub url: String,
    pub headers: Value,
    pub by_events: bool,
    pub base64: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Proxy {
    pub row_id: String,
    pub host: String,
    pub port: String,
    pub protocol: String,
    pub username: String,
    pub password: String,
}

/// The instance's socket.io row (`POST /websocket/set`, or `websocket` in create).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Websocket {
    pub enabled: bool,
    /// UPPER_SNAKE event names; emitted only when listed (empty = nothing).
    pub events: Vec<String>,
}

/// Every event a server knows (`EventController.events`, 2.3.6): what an enabled row
/// gets when `set` is given an empty list.
pub(crate) const ALL_EVENTS: [&str; 31] = [
    "APPLICATION_STARTUP",
    "QRCODE_UPDATED",
    "MESSAGES_SET",
    "MESSAGES_UPSERT",
    "MESSAGES_EDITED",
    "MESSAGES_UPDATE",
    "MESSAGES_DELETE",
    "SEND_MESSAGE",
    "SEND_MESSAGE_UPDATE",
    "CONTACTS_SET",
    "CONTACTS_UPSERT",
    "CONTACTS_UPDATE",
    "PRESENCE_UPDATE",
    "CHATS_SET",
    "CHATS_UPSERT",
    "CHATS_UPDATE",
    "CHATS_DELETE",
    "GROUPS_UPSERT",
    "GROUP_UPDATE",
    "GROUP_PARTICIPANTS_UPDATE",
    "CONNECTION_UPDATE",
    "LABELS_EDIT",
    "LABELS_ASSOCIATION",
    "CALL",
    "TYPEBOT_START",
    "TYPEBOT_CHANGE_STATUS",
    "REMOVE_INSTANCE",
    "LOGOUT_INSTANCE",
    "INSTANCE_CREATE",
    "INSTANCE_DELETE",
    "STATUS_INSTANCE",
];

impl Websocket {
    /// As `EventController.set` stores it: disabled keeps no events, enabled with none
    /// gets them all.
    pub fn from_body(value: &Value) -> Websocket {
        let enabled = value
            .get("enabled")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut events: Vec<String> = value
            .get("events")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        if !enabled {
            events.clear();
        } else if events.is_empty() {
            events = ALL_EVENTS.iter().map(|e| (*e).to_owned()).collect();
        }
        Websocket { enabled, events }
    }

    /// Whether `event` (dotted, e.g. `messages.update`) goes out on the namespace.
    pub fn emits(&self, event: &str) -> bool {
        let wanted = event.replace(['.', '-'], "_").to_ascii_uppercase();
        self.enabled && self.events.contains(&wanted)
    }
}

/// What `create` asked for.
#[derive(Debug, Clone)]
pub(crate) struct InstanceSpec {
    pub name: String,
    pub token: String,
    pub integration: String,
    pub number: Option<String>,
    pub settings: Settings,
    pub webhook: Option<Webhook>,
    pub websocket: Option<Websocket>,
    pub proxy: Option<Proxy>,
}

impl InstanceSpec {
    /// Checks a create body (schema, integration, proxy) after the name and key checks.
    pub(crate) fn from_create_body(name: String, body: &Value) -> Result<InstanceSpec, Reply> {
        let errors = violations(body, CREATE_FIELDS);
        if !errors.is_empty() {
            return Err(Reply::schema(errors));
        }
        let text = |key: &str| body.get(key).and_then(Value::as_str);
        let flag = |key: &str| body.get(key).and_then(Value::as_bool).unwrap_or(false);
        let integration = text("integration")
            .filter(|i| INTEGRATIONS.contains(i))
            .ok_or_else(|| Reply::bad_request("Invalid integration"))?;
        let proxy = match text("proxyHost").filter(|h| !h.is_empty()) {
            None => None,
            // The real server tries the proxy; the sandbox can only check it is well-formed.
            Some(host) => {
                let port = text("proxyPort").unwrap_or_default();
                if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(Reply::bad_request("Invalid proxy"));
                }
                Some(Proxy {
                    row_id: ids::row_id(),
                    host: host.to_owned(),
                    port: port.to_owned(),
                    protocol: text("proxyProtocol").unwrap_or("http").to_owned(),
                    username: text("proxyUsername").unwrap_or_default().to_owned(),
                    password: text("proxyPassword").unwrap_or_default().to_owned(),
                })
            }
        };
        let webhook = body.get("webhook").and_then(|w| {
            let url = w
                .get("url")
                .and_then(Value::as_str)
                .filter(|u| !u.is_empty())?;
            Some(Webhook {
                url: url.to_owned(),
                headers: w.get("headers").cloned().unwrap_or_else(|| json!({})),
                by_events: w.get("byEvents").and_then(Value::as_bool).unwrap_or(false),
                base64: w.get("base64").and_then(Value::as_bool).unwrap_or(false),
            })
        });
        Ok(InstanceSpec {
            name,
            token: text("token")
                .filter(|t| !t.is_empty())
                .map_or_else(ids::instance_token, str::to_owned),
            integration: integration.to_owned(),
            number: text("number")
                .filter(|n| !n.is_empty())
                .map(strip_punctuation),
            settings: Settings {
                reject_call: flag("rejectCall"),
                msg_call: text("msgCall").unwrap_or_default().to_owned(),
                groups_ignore: flag("groupsIgnore"),
                always_online: flag("alwaysOnline"),
                read_messages: flag("readMessages"),
                read_status: flag("readStatus"),
                sync_full_history: flag("syncFullHistory"),
                wavoip_token: text("wavoipToken").unwrap_or_default().to_owned(),
            },
            webhook,
            websocket: body.get("websocket").map(Websocket::from_body),
            proxy,
        })
    }
}
