//! JSON renderings of an instance: fetchInstances rows, the create answer, the QR object
//! and connectionState (contract §5).

use std::collections::HashSet;

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::evolution_sandbox::clock::iso8601;
use crate::evolution_sandbox::state::{Instance, LinkState, Qr};

/// The server's `clientName`; fetchInstances lists only this client's instances.
pub(super) const CLIENT_NAME: &str = "evolution_exchange";

/// `{"instance":{"instanceName","state"}}`; `state` is missing while a deletion finishes.
pub(super) fn connection_state(instance: &Instance) -> Value {
    match instance.state() {
        Some(state) => {
            json!({"instance": {"instanceName": instance.name(), "state": state.as_str()}})
        }
        None => json!({"instance": {"instanceName": instance.name()}}),
    }
}

/// The QR object; `{"count":0}` before the first QR exists.
pub(super) fn qr_object(qr: Option<&Qr>) -> Value {
    match qr {
        Some(qr) => json!({
            "pairingCode": qr.pairing_code,
            "code": qr.code,
            "base64": crate::evolution_sandbox::qr::PLACEHOLDER_PNG,
            "count": qr.count,
        }),
        None => json!({"count": 0}),
    }
}

fn settings_json(instance: &Instance) -> serde_json::Map<String, Value> {
    let s = &instance.spec.settings;
    let value = json!({
        "rejectCall": s.reject_call,
        "msgCall": s.msg_call,
        "groupsIgnore": s.groups_ignore,
        "alwaysOnline": s.always_online,
        "readMessages": s.read_messages,
        "readStatus": s.read_status,
        "syncFullHistory": s.sync_full_history,
        "wavoipToken": s.wavoip_token,
    });
    match value {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// The 201 body of create. `qrcode` is present only when create started connecting.
pub(super) fn created(instance: &Instance, qrcode: Option<Value>) -> Value {
    let webhook = instance.spec.webhook.as_ref().map_or_else(
        || json!({}),
        |w| {
            json!({
                "webhookUrl": w.url,
                "webhookHeaders": w.headers,
                "webhookByEvents": w.by_events,
                "webhookBase64": w.base64,
            })
        },
    );
    let websocket = if instance.spec.websocket.as_ref().is_some_and(|w| w.enabled) {
        json!({"enabled": true})
    } else {
        json!({})
    };
    let status = instance.state().unwrap_or(LinkState::Close).as_str();
    let mut body = json!({
        "instance": {
            "instanceName": instance.name(),
            "instanceId": instance.id,
            "integration": instance.spec.integration,
            "webhookWaBusiness": null,
            "accessTokenWaBusiness": "",
            "status": status,
        },
        "hash": instance.spec.token,
        "webhook": webhook,
        "websocket": websocket,
        "rabbitmq": {},
        "nats": {},
        "sqs": {},
        "settings": settings_json(instance),
    });
    if let (Some(qrcode), Value::Object(map)) = (qrcode, &mut body) {
        map.insert("qrcode".to_owned(), qrcode);
    }
    body
}

/// One fetchInstances row (a database row: `connectionStatus` is the stored state).
pub(super) fn fetch_row(instance: &Instance) -> Value {
    let created = iso8601(instance.created_at);
    let updated = iso8601(instance.updated_at);
    let mut setting = settings_json(instance);
    setting.insert("id".to_owned(), json!(instance.setting_id));
    setting.insert("createdAt".to_owned(), json!(created));
    setting.insert("updatedAt".to_owned(), json!(updated));
    setting.insert("instanceId".to_owned(), json!(instance.id));
    let proxy = instance.spec.proxy.as_ref().map(|p| {
        json!({
            "id": p.row_id,
            "enabled": true,
            "host": p.host,
            "port": p.port,
            "protocol": p.protocol,
            "username": p.username,
            "password": p.password,
            "createdAt": created,
            "updatedAt": updated,
            "instanceId": instance.id,
        })
    });
    let websocket = websocket_row(instance);
    let owner = instance.owner.as_ref();
    let disconnection = instance.disconnection;
    let chats: HashSet<&str> = instance
        .messages
        .iter()
        .map(|m| m.remote_jid.as_str())
        .collect();
    json!({
        "id": instance.id,
        "name": instance.name(),
        "connectionStatus": instance.state().unwrap_or(LinkState::Close).as_str(),
        "ownerJid": owner.map(|o| o.jid.clone()),
        "profileName": owner.map(|o| o.profile_name.clone()),
        "profilePicUrl": owner.and_then(|o| o.profile_pic_url.clone()),
        "integration": instance.spec.integration,
        "number": instance.spec.number,
        "businessId": null,
        "token": instance.spec.token,
        "clientName": CLIENT_NAME,
        "disconnectionReasonCode": disconnection.map(|d| d.code),
        "disconnectionObject": disconnection.map(|d| disconnection_object(d.code)),
        "disconnectionAt": disconnection.map(|d| iso8601(d.at)),
        "createdAt": created,
        "updatedAt": updated,
        "Chatwoot": null,
        "Proxy": proxy,
        "Rabbitmq": null,
        "Nats": null,
        "Sqs": null,
        "Websocket": websocket,
        "Setting": setting,
        "_count": {"Message": instance.messages.len(), "Contact": chats.len(), "Chat": chats.len()},
    })
}

/// The stored `disconnectionObject`: Baileys' error, stringified JSON as the server saves it.
fn disconnection_object(code: u16) -> String {
    let (message, reason) = match code {
        401 => ("Connection Failure", "logged out"),
        403 => ("Connection Failure", "forbidden"),
        _ => ("Connection Closed", "closed"),
    };
    let error = StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    json!({
        "error": {
            "data": {"reason": reason},
            "isBoom": true,
            "isServer": false,
            "output": {
                "statusCode": code,
                "payload": {"statusCode": code, "error": error, "message": message},
                "headers": {},
            },
        },
        "date": null,
    })
    .to_string()
}

/// The instance's `Websocket` row (`GET /websocket/find`, fetchInstances), or null.
pub(super) fn websocket_row(instance: &Instance) -> Value {
    let Some(websocket) = &instance.spec.websocket else {
        return Value::Null;
    };
    json!({
        "id": instance.setting_id.replacen("cm", "cw", 1),
        "enabled": websocket.enabled,
        "events": websocket.events,
        "createdAt": iso8601(instance.created_at),
        "updatedAt": iso8601(instance.updated_at),
        "instanceId": instance.id,
    })
}
