//! The typed events a listener hands out, and how Evolution's socket.io messages become
//! them. The message is the webhook body minus `destination`:
//! `{"event","instance","data","server_url","date_time","sender","apikey"}` — `apikey` is
//! the instance token when the server exposes it, so raw payloads are never logged.
//! Parsing is defensive: anything unexpected is skipped (`None`), never a panic.

use std::time::Duration;

use jiff::Timestamp;
use serde_json::Value;

use crate::evolution::{ConnectionState, MessageStatus};

/// What one watched instance reported, or how its event stream is doing.
#[derive(Debug, Clone, PartialEq)]
pub enum EvolutionEvent {
    /// `messages.update`: a status step of a message (sent or received).
    StatusUpdate(StatusUpdate),
    /// `messages.upsert`: a message stored by the server (a reply, or one sent from the
    /// phone when `from_me`).
    Incoming(IncomingMessage),
    /// `send.message`: the server sent a message (the same body as sendText's 201), also
    /// when the HTTP answer was lost.
    Sent(SentMessage),
    /// `connection.update`: the instance's WhatsApp link changed.
    Connection(ConnectionUpdate),
    /// The socket.io stream of one instance (not an Evolution event).
    Stream {
        instance: String,
        state: StreamState,
    },
}

impl EvolutionEvent {
    pub fn instance(&self) -> &str {
        match self {
            EvolutionEvent::StatusUpdate(e) => &e.instance,
            EvolutionEvent::Incoming(e) => &e.instance,
            EvolutionEvent::Sent(e) => &e.instance,
            EvolutionEvent::Connection(e) => &e.instance,
            EvolutionEvent::Stream { instance, .. } => instance,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusUpdate {
    pub instance: String,
    /// Match on this, not on the phone: LID addressing changes `remote_jid` (§8.8).
    pub key_id: String,
    pub remote_jid: Option<String>,
    pub from_me: bool,
    pub status: MessageStatus,
    /// When this client received it (the server's `date_time` is local time with a
    /// wrong `Z`, contract §6).
    pub received_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IncomingMessage {
    pub instance: String,
    pub key_id: String,
    /// `…@s.whatsapp.net`, or `…@lid` with the phone JID in `remote_jid_alt`.
    pub remote_jid: String,
    pub remote_jid_alt: Option<String>,
    pub from_me: bool,
    pub push_name: Option<String>,
    /// The text, or a media caption; None for other messages (stickers, reactions…).
    pub text: Option<String>,
    /// `contextInfo.stanzaId`: the key id of the message this one replies to.
    pub quoted_key_id: Option<String>,
    /// `messageType` (`conversation`, `imageMessage`, `reactionMessage`…).
    pub message_type: String,
    /// `messageTimestamp`, seconds since the epoch.
    pub timestamp: Option<i64>,
    pub received_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    pub instance: String,
    pub key_id: String,
    pub remote_jid: String,
    pub timestamp: Option<i64>,
    pub received_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionUpdate {
    pub instance: String,
    /// `refused` (QR limit reached) reads as `Unknown`; `raw_state` keeps the word.
    pub state: ConnectionState,
    pub raw_state: String,
    /// Baileys' disconnect code: 200 normally, 401 logged out, 403 banned, 428 QR limit.
    pub status_reason: Option<u16>,
    pub received_at: Timestamp,
}

/// How one instance's event stream is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamState {
    /// Joined the instance's namespace: events flow. After a reconnect, statuses sent
    /// meanwhile were missed: poll them (`poll_status`).
    Connected { reconnected: bool },
    /// Lost or not yet reached; the listener tries again after `retry_in`. `reason` is
    /// safe to log (never carries the key).
    Retrying {
        attempt: u32,
        retry_in: Duration,
        reason: String,
    },
    /// Given up until watched again: the key was refused, or the server has no
    /// WebSocket support turned on. `code` is the error's stable code.
    Stopped { code: &'static str, reason: String },
    /// `unwatch` was called.
    Closed,
}

/// The largest strings kept from an event (names, texts); a WhatsApp text is at most
/// 65,536 characters.
const MAX_TEXT_CHARS: usize = 65_536;
const MAX_ID_CHARS: usize = 256;

fn text_at<'v>(value: &'v Value, pointer: &str) -> Option<&'v str> {
    value.pointer(pointer).and_then(Value::as_str)
}

fn capped(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn id_at(value: &Value, pointer: &str) -> Option<String> {
    text_at(value, pointer)
        .filter(|s| !s.is_empty())
        .map(|s| capped(s, MAX_ID_CHARS))
}

/// A status as Evolution writes it (`READ`), or Baileys' number (`4`) as some builds
/// and the raw `messages.update` carry it (`renderStatus.ts`: 0 ERROR … 5 PLAYED).
pub(crate) fn parse_status(value: &Value) -> Option<MessageStatus> {
    match value {
        Value::String(s) => match s.trim().to_ascii_uppercase().as_str() {
            "ERROR" => Some(MessageStatus::Error),
            "PENDING" => Some(MessageStatus::Pending),
            "SERVER_ACK" => Some(MessageStatus::ServerAck),
            "DELIVERY_ACK" => Some(MessageStatus::DeliveryAck),
            "READ" => Some(MessageStatus::Read),
            "PLAYED" => Some(MessageStatus::Played),
            "DELETED" => Some(MessageStatus::Deleted),
            numeric => numeric.parse::<u64>().ok().and_then(status_number),
        },
        Value::Number(n) => n.as_u64().and_then(status_number),
        _ => None,
    }
}

fn status_number(n: u64) -> Option<MessageStatus> {
    Some(match n {
        0 => MessageStatus::Error,
        1 => MessageStatus::Pending,
        2 => MessageStatus::ServerAck,
        3 => MessageStatus::DeliveryAck,
        4 => MessageStatus::Read,
        5 => MessageStatus::Played,
        _ => return None,
    })
}

fn seconds(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        // A protobuf Long serialised as {low, high, unsigned}.
        Value::Object(long) => {
            let low = long.get("low")?.as_i64()?;
            let high = long.get("high").and_then(Value::as_i64).unwrap_or(0);
            Some((high << 32) | (low & 0xFFFF_FFFF))
        }
        _ => None,
    }
}

/// Why an event was skipped (for a debug line; never the payload itself).
pub(crate) type Skipped = &'static str;

/// One socket.io event of `instance`'s namespace → a typed event. `Ok(None)`: an event
/// this client does not use.
pub(crate) fn parse_event(
    instance: &str,
    name: &str,
    message: &Value,
    received_at: Timestamp,
) -> Result<Option<EvolutionEvent>, Skipped> {
    // The message is the webhook body; accept a bare `data` object too (other builds).
    let data = message.get("data").unwrap_or(message);
    let instance = instance.to_owned();
    Ok(Some(match name {
        "messages.update" => {
            EvolutionEvent::StatusUpdate(status_update(instance, data, received_at)?)
        }
        "messages.upsert" => EvolutionEvent::Incoming(incoming(instance, data, received_at)?),
        "send.message" => EvolutionEvent::Sent(SentMessage {
            instance,
            key_id: id_at(data, "/key/id").ok_or("send.message without key.id")?,
            remote_jid: id_at(data, "/key/remoteJid")
                .ok_or("send.message without key.remoteJid")?,
            timestamp: seconds(data.get("messageTimestamp")),
            received_at,
        }),
        "connection.update" => {
            let raw_state = id_at(data, "/state").ok_or("connection.update without state")?;
            let state = serde_json::from_value(Value::String(raw_state.clone()))
                .unwrap_or(ConnectionState::Unknown);
            EvolutionEvent::Connection(ConnectionUpdate {
                instance,
                state,
                raw_state,
                status_reason: data
                    .get("statusReason")
                    .and_then(Value::as_u64)
                    .and_then(|c| u16::try_from(c).ok()),
                received_at,
            })
        }
        _ => return Ok(None),
    }))
}

fn status_update(
    instance: String,
    data: &Value,
    received_at: Timestamp,
) -> Result<StatusUpdate, Skipped> {
    // 2.3.x flattens the key (`keyId`, `remoteJid`, `fromMe`); older builds sent Baileys'
    // `{key:{id,remoteJid,fromMe}, update:{status}}`.
    let key_id = id_at(data, "/keyId")
        .or_else(|| id_at(data, "/key/id"))
        .ok_or("messages.update without keyId")?;
    let status = data
        .get("status")
        .or_else(|| data.pointer("/update/status"))
        .and_then(parse_status)
        .ok_or("messages.update without a known status")?;
    let remote_jid = id_at(data, "/remoteJid").or_else(|| id_at(data, "/key/remoteJid"));
    let from_me = data
        .get("fromMe")
        .or_else(|| data.pointer("/key/fromMe"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Ok(StatusUpdate {
        instance,
        key_id,
        remote_jid,
        from_me,
        status,
        received_at,
    })
}

fn incoming(
    instance: String,
    data: &Value,
    received_at: Timestamp,
) -> Result<IncomingMessage, Skipped> {
    let message = data.get("message").unwrap_or(&Value::Null);
    let text = [
        "/conversation",
        "/extendedTextMessage/text",
        "/imageMessage/caption",
        "/videoMessage/caption",
        "/documentMessage/caption",
        "/documentWithCaptionMessage/message/documentMessage/caption",
    ]
    .iter()
    .find_map(|p| text_at(message, p))
    .map(|t| capped(t, MAX_TEXT_CHARS));
    // Evolution lifts the content's contextInfo to the top; Baileys keeps it inside.
    let quoted_key_id = id_at(data, "/contextInfo/stanzaId").or_else(|| {
        [
            "extendedTextMessage",
            "imageMessage",
            "videoMessage",
            "documentMessage",
        ]
        .iter()
        .find_map(|kind| id_at(message, &format!("/{kind}/contextInfo/stanzaId")))
    });
    Ok(IncomingMessage {
        instance,
        key_id: id_at(data, "/key/id").ok_or("messages.upsert without key.id")?,
        remote_jid: id_at(data, "/key/remoteJid").ok_or("messages.upsert without key.remoteJid")?,
        remote_jid_alt: id_at(data, "/key/remoteJidAlt"),
        from_me: data
            .pointer("/key/fromMe")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        push_name: text_at(data, "/pushName").map(|n| capped(n, MAX_ID_CHARS)),
        text,
        quoted_key_id,
        message_type: id_at(data, "/messageType").unwrap_or_else(|| "unknown".to_owned()),
        timestamp: seconds(data.get("messageTimestamp")),
        received_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(name: &str, message: Value) -> Result<Option<EvolutionEvent>, Skipped> {
        parse_event("shop-01", name, &message, Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn a_status_update_as_evolution_2_3_sends_it() {
        let message = json!({"event":"messages.update","instance":"shop-01","data":{
            "keyId":"3EB0","remoteJid":"5511987654321@s.whatsapp.net","fromMe":true,
            "participant":null,"status":"DELIVERY_ACK","instanceId":"i","messageId":"cm1"},
            "server_url":"http://x","date_time":"2026-11-29T05:12:05.665Z","sender":"s","apikey":"TOKEN-1"});
        let Ok(Some(EvolutionEvent::StatusUpdate(u))) = parse("messages.update", message) else {
            panic!("not a status update");
        };
        assert_eq!(u.key_id, "3EB0");
        assert_eq!(u.status, MessageStatus::DeliveryAck);
        assert!(u.from_me);
        assert_eq!(
            u.remote_jid.as_deref(),
            Some("5511987654321@s.whatsapp.net")
        );
    }

    #[test]
    fn statuses_in_words_and_numbers() {
        assert_eq!(parse_status(&json!("read")), Some(MessageStatus::Read));
        assert_eq!(parse_status(&json!(3)), Some(MessageStatus::DeliveryAck));
        assert_eq!(parse_status(&json!("5")), Some(MessageStatus::Played));
        assert_eq!(parse_status(&json!(0)), Some(MessageStatus::Error));
        assert_eq!(
            parse_status(&json!("DELETED")),
            Some(MessageStatus::Deleted)
        );
        assert_eq!(parse_status(&json!(9)), None);
        assert_eq!(parse_status(&json!(null)), None);
        let old =
            json!({"data":{"key":{"id":"K","remoteJid":"j","fromMe":true},"update":{"status":2}}});
        let Ok(Some(EvolutionEvent::StatusUpdate(u))) = parse("messages.update", old) else {
            panic!("old shape");
        };
        assert_eq!(
            (u.key_id.as_str(), u.status),
            ("K", MessageStatus::ServerAck)
        );
    }

    #[test]
    fn a_reply_with_its_quoted_id_and_lid() {
        let message = json!({"data":{
            "key":{"remoteJid":"123456789@lid","remoteJidAlt":"5511987654321@s.whatsapp.net","fromMe":false,"id":"R1","addressingMode":"lid"},
            "pushName":"Ana","status":"DELIVERY_ACK","message":{"conversation":"SAIR"},
            "contextInfo":{"stanzaId":"3EB0","participant":"5511900000000@s.whatsapp.net"},
            "messageType":"conversation","messageTimestamp":1732867200,"instanceId":"i","source":"android"}});
        let Ok(Some(EvolutionEvent::Incoming(m))) = parse("messages.upsert", message) else {
            panic!("not incoming");
        };
        assert_eq!(m.text.as_deref(), Some("SAIR"));
        assert_eq!(m.quoted_key_id.as_deref(), Some("3EB0"));
        assert_eq!(
            m.remote_jid_alt.as_deref(),
            Some("5511987654321@s.whatsapp.net")
        );
        assert_eq!(m.push_name.as_deref(), Some("Ana"));
        assert_eq!(m.timestamp, Some(1_732_867_200));
        assert!(!m.from_me);
        let nested = json!({"data":{"key":{"remoteJid":"j","id":"R2"},"messageTimestamp":"1732867200",
            "message":{"extendedTextMessage":{"text":"ok","contextInfo":{"stanzaId":"Q"}}}}});
        let Ok(Some(EvolutionEvent::Incoming(m))) = parse("messages.upsert", nested) else {
            panic!("nested");
        };
        assert_eq!(
            (m.text.as_deref(), m.quoted_key_id.as_deref()),
            (Some("ok"), Some("Q"))
        );
        assert_eq!(m.timestamp, Some(1_732_867_200));
    }

    #[test]
    fn connection_updates_and_junk() {
        let Ok(Some(EvolutionEvent::Connection(c))) = parse(
            "connection.update",
            json!({"data":{"instance":"shop-01","state":"refused","statusReason":428}}),
        ) else {
            panic!("connection");
        };
        assert_eq!(c.state, ConnectionState::Unknown);
        assert_eq!(
            (c.raw_state.as_str(), c.status_reason),
            ("refused", Some(428))
        );
        assert!(parse("messages.update", json!({"data":{"status":"READ"}})).is_err());
        assert!(parse(
            "messages.update",
            json!({"data":{"keyId":"K","status":"SOON"}})
        )
        .is_err());
        assert!(parse("messages.upsert", json!({"data":[]})).is_err());
        assert!(parse("connection.update", json!(null)).is_err());
        assert_eq!(parse("qrcode.updated", json!({"data":{}})), Ok(None));
    }
}
