//! Typed requests and responses. Every response type tolerates unknown fields and the
//! 2.0–2.3 differences (missing keys default), because servers in the wild vary.

use serde::{Deserialize, Deserializer, Serialize};
use ts_rs::TS;

use crate::secrets::Sensitive;

/// Live connection state (`connectionState`); `Unknown` when the server omits `state`
/// (instance in the database but not in memory: retry later).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ConnectionState {
    Open,
    Connecting,
    Close,
    /// `refused` (QR limit) and anything unrecognised.
    #[default]
    Unknown,
}

impl<'de> Deserialize<'de> for ConnectionState {
    /// Unknown words (`refused`, future states) read as `Unknown` rather than failing.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match String::deserialize(d)?.as_str() {
            "open" => ConnectionState::Open,
            "connecting" => ConnectionState::Connecting,
            "close" => ConnectionState::Close,
            _ => ConnectionState::Unknown,
        })
    }
}

/// The QR object of connect / create / restart. Fields not yet known are omitted by the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct QrCode {
    pub pairing_code: Option<String>,
    /// Raw QR payload; the app draws it itself.
    pub code: Option<String>,
    pub count: u32,
}

/// What `GET /instance/connect` (and restart) answers: a QR object, or the state when open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectOutcome {
    Qr(QrCode),
    State(ConnectionState),
}

/// One row of `fetchInstances` (database row; `connectionStatus` may lag behind reality).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceRecord {
    #[serde(default)]
    pub id: Option<String>,
    pub name: String,
    #[serde(default, deserialize_with = "lenient_state")]
    pub connection_status: ConnectionState,
    #[serde(default)]
    pub owner_jid: Option<String>,
    #[serde(default)]
    pub profile_name: Option<String>,
    #[serde(default)]
    pub profile_pic_url: Option<String>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub integration: Option<String>,
    #[serde(default)]
    pub disconnection_reason_code: Option<i64>,
    /// The instance's own API key: a secret, never serialized or logged.
    #[serde(default)]
    pub token: Option<Sensitive<String>>,
}

fn lenient_state<'de, D: Deserializer<'de>>(d: D) -> Result<ConnectionState, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(value
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or(ConnectionState::Unknown))
}

/// `POST /instance/create` input (Baileys only; the app never sends webhooks or proxies yet).
#[derive(Debug, Clone)]
pub struct CreateInstance {
    pub instance_name: String,
    /// Start connecting right away (the answer then waits ~5 s and may carry the QR).
    pub qrcode: bool,
    /// Digits with country code: asks for a pairing code instead of a QR.
    pub number: Option<String>,
}

/// `POST /instance/create` answer.
#[derive(Debug, Clone)]
pub struct CreatedInstance {
    pub instance_name: String,
    pub instance_id: Option<String>,
    /// The instance token (`hash`).
    pub token: Option<Sensitive<String>>,
    pub qrcode: Option<QrCode>,
}

/// The key of a sent message; `id` is the handle for status tracking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageKey {
    #[serde(default)]
    pub remote_jid: String,
    #[serde(default)]
    pub from_me: bool,
    pub id: String,
}

/// `sendText` / `sendMedia` answer (201). `message` is opaque and not kept.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SentMessage {
    pub key: MessageKey,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub message_type: Option<String>,
    #[serde(default)]
    pub message_timestamp: Option<serde_json::Value>,
}

/// Media kinds `sendMedia` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MediaType {
    Image,
    Video,
    Audio,
    Document,
}

/// `sendMedia` input: `media` is an http(s) URL or raw base64 (never a `data:` URI).
#[derive(Debug, Clone)]
pub struct SendMedia {
    pub number: String,
    pub media_type: MediaType,
    pub mime_type: Option<String>,
    pub caption: Option<String>,
    pub media: String,
    pub file_name: Option<String>,
    pub delay_ms: Option<u32>,
}

/// One answer of `whatsappNumbers`: correlate by `number` (the input echoed), send to `jid`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberCheck {
    pub jid: String,
    pub exists: bool,
    pub number: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub lid: Option<String>,
}

/// Delivery status, ordered: a later event never lowers it (events come out of order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MessageStatus {
    Error,
    Pending,
    ServerAck,
    DeliveryAck,
    Read,
    Played,
    /// Deleted by the sender; ordered last so it is never hidden.
    Deleted,
}

/// A row of `findStatusMessage`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusRecord {
    #[serde(default)]
    pub key_id: Option<String>,
    #[serde(default)]
    pub remote_jid: Option<String>,
    pub status: MessageStatus,
}

/// A record of `findMessages`, reduced to what status tracking and reconciliation need.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageRecord {
    pub key: MessageKey,
    #[serde(default, rename = "MessageUpdate")]
    pub updates: Vec<MessageUpdate>,
    #[serde(default)]
    pub status: Option<MessageStatus>,
    /// Baileys' message object (`conversation`, `extendedTextMessage`, `imageMessage`…).
    #[serde(default)]
    pub message: Option<serde_json::Value>,
    /// Seconds since the epoch; a number or a numeric string depending on the version.
    #[serde(default)]
    pub message_timestamp: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MessageUpdate {
    pub status: MessageStatus,
}

impl MessageRecord {
    /// The text the message carried: its body, or a media caption.
    pub fn text(&self) -> Option<&str> {
        let m = self.message.as_ref()?;
        let pointers = [
            "/conversation",
            "/extendedTextMessage/text",
            "/imageMessage/caption",
            "/videoMessage/caption",
            "/documentMessage/caption",
            "/documentWithCaptionMessage/message/documentMessage/caption",
        ];
        pointers
            .iter()
            .find_map(|p| m.pointer(p).and_then(serde_json::Value::as_str))
    }

    /// WhatsApp refused it after the server accepted it (an `ERROR` update; error 463 for
    /// new contacts). `best_status` cannot say so: ERROR ranks below PENDING.
    pub fn was_refused(&self) -> bool {
        self.updates
            .iter()
            .any(|u| u.status == MessageStatus::Error)
    }

    /// When the server stored it, in seconds since the epoch.
    pub fn timestamp_secs(&self) -> Option<i64> {
        match self.message_timestamp.as_ref()? {
            serde_json::Value::Number(n) => n.as_i64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The highest status seen (the record's own `status` goes stale for outgoing messages).
    pub fn best_status(&self) -> Option<MessageStatus> {
        self.updates
            .iter()
            .map(|u| u.status)
            .chain(self.status)
            .max()
    }
}
