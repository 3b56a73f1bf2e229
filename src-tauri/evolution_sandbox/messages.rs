//! Sent messages as the server stores them, and their delivery statuses, which advance one
//! step every `status_steps` after the send (contract §5 "Reading delivery status").
//!
//! A message WhatsApp refuses after accepting it (error 463 to a new contact) gets one
//! `ERROR` status instead, one step after the send, and nothing after it. That is what a
//! client of Evolution 2.3.6 sees: `sendText` has already answered 201 `PENDING` (Baileys
//! resolves `relayMessage` before WhatsApp's ack), then the error ack
//! `<ack class="message" error="463"/>` makes Baileys emit `messages.update` with
//! `status: ERROR` (0) and `messageStubParameters: ["463"]` (Baileys
//! `Socket/messages-recv.ts`, `handleBadAck`), and Evolution's `messages.update` handler
//! (`whatsapp.baileys.service.ts`) stores a `MessageUpdate` row with status `ERROR` and
//! sends `MESSAGES_UPDATE`; it drops `messageStubParameters`, so the code itself never
//! reaches the client, and it leaves the `Message` row's own `status` alone for `fromMe`
//! messages. Public reports of the symptom: WhiskeySockets/Baileys#2441 and #2688.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::ids;

/// Statuses reached after the send, in order; each one is a `MessageUpdate` row.
const PROGRESS: [&str; 3] = ["SERVER_ACK", "DELIVERY_ACK", "READ"];

/// The only status of a refused message.
const REFUSED: [&str; 1] = ["ERROR"];

const CUID_ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Placeholder `pushName` the server puts on its own messages.
const OWN_PUSH_NAME: &str = "Você";

/// The `message` object of a stored message. Text is kept as its string and rendered
/// when read: a JSON map per message would triple the memory of a 100k-message run.
#[derive(Debug, Clone)]
pub(crate) enum Content {
    /// `{"conversation": text}`.
    Text(String),
    /// `{"imageMessage": {…}}` and the other media shapes, opaque.
    Media(Value),
}

impl Content {
    fn to_json(&self) -> Value {
        match self {
            Content::Text(text) => json!({"conversation": text}),
            Content::Media(message) => message.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct StoredMessage {
    /// Database row id (`cm…`).
    pub row_id: String,
    pub key_id: String,
    pub remote_jid: String,
    pub message_type: &'static str,
    pub message: Content,
    pub mentioned: Vec<String>,
    pub timestamp: u64,
    pub sent_at: Instant,
    /// How many statuses it can reach (READ needs read receipts; a refusal has one).
    reachable: usize,
    /// WhatsApp's error code when it refused the message after accepting it.
    pub refused: Option<u16>,
}

/// What a send produced: the message, as stored.
#[derive(Debug, Clone)]
pub(crate) struct NewMessage {
    pub remote_jid: String,
    pub message_type: &'static str,
    pub message: Content,
    pub mentioned: Vec<String>,
    pub timestamp: u64,
    /// Recipients hiding read receipts stop at DELIVERY_ACK.
    pub read_receipts: bool,
    /// WhatsApp refuses it after accepting it, with this error code.
    pub refused: Option<u16>,
}

impl StoredMessage {
    pub fn new(new: NewMessage, sent_at: Instant) -> StoredMessage {
        let reachable = match (new.refused, new.read_receipts) {
            (Some(_), _) => REFUSED.len(),
            (None, true) => 3,
            (None, false) => 2,
        };
        StoredMessage {
            row_id: ids::row_id(),
            key_id: ids::message_key_id(),
            remote_jid: new.remote_jid,
            message_type: new.message_type,
            message: new.message,
            mentioned: new.mentioned,
            timestamp: new.timestamp,
            sent_at,
            reachable,
            refused: new.refused,
        }
    }

    /// Statuses reached by `now`, oldest first.
    pub fn statuses(&self, now: Instant, step: Duration) -> &'static [&'static str] {
        let elapsed = now.saturating_duration_since(self.sent_at);
        let reached = if step.is_zero() {
            self.reachable
        } else {
            let steps = elapsed.as_nanos() / step.as_nanos();
            usize::try_from(steps).map_or(self.reachable, |s| s.min(self.reachable))
        };
        let path: &'static [&'static str] = if self.refused.is_some() {
            &REFUSED
        } else {
            &PROGRESS
        };
        &path[..reached]
    }

    /// Every status it will reach, in order (the events the sandbox emits for it).
    pub fn status_path(&self) -> &'static [&'static str] {
        self.statuses(self.sent_at, Duration::ZERO)
    }

    /// Its text, when it is a text message (quoted in automatic replies).
    pub fn text(&self) -> Option<&str> {
        match &self.message {
            Content::Text(text) => Some(text),
            Content::Media(_) => None,
        }
    }

    /// The row id of the `n`th `MessageUpdate` row: the message's own cuid with its last
    /// character moved on, so each row has a distinct, stable id without storing three
    /// more strings per message (100k-message runs).
    fn update_id(&self, n: usize) -> String {
        let mut id = self.row_id.clone();
        let last = id.pop().map_or(0, |c| {
            CUID_ALPHABET
                .iter()
                .position(|&b| char::from(b) == c)
                .unwrap_or(0)
        });
        id.push(char::from(
            CUID_ALPHABET[(last + 1 + n) % CUID_ALPHABET.len()],
        ));
        id
    }

    fn key(&self) -> Value {
        json!({"remoteJid": self.remote_jid, "fromMe": true, "id": self.key_id})
    }

    fn context_info(&self) -> Value {
        json!({"mentionedJid": self.mentioned, "groupMentions": []})
    }

    /// The 201 body of sendText / sendMedia: status is always PENDING there.
    pub fn sent_json(&self, instance_id: &str) -> Value {
        json!({
            "key": self.key(),
            "pushName": OWN_PUSH_NAME,
            "status": "PENDING",
            "message": self.message.to_json(),
            "contextInfo": self.context_info(),
            "messageType": self.message_type,
            "messageTimestamp": self.timestamp,
            "instanceId": instance_id,
            "source": "web",
        })
    }

    /// A findMessages record. Its own `status` stays PENDING, as on the real server for
    /// outgoing messages; progress is in `MessageUpdate`.
    pub fn record_json(&self, instance_id: &str, now: Instant, step: Duration) -> Value {
        let updates: Vec<Value> = self
            .statuses(now, step)
            .iter()
            .map(|status| json!({"status": status}))
            .collect();
        json!({
            "id": self.row_id,
            "key": self.key(),
            "pushName": OWN_PUSH_NAME,
            "participant": null,
            "messageType": self.message_type,
            "message": self.message.to_json(),
            "contextInfo": self.context_info(),
            "source": "web",
            "messageTimestamp": self.timestamp,
            "instanceId": instance_id,
            "status": "PENDING",
            "MessageUpdate": updates,
        })
    }

    /// findStatusMessage rows: one per status change so far.
    pub fn status_rows(&self, instance_id: &str, now: Instant, step: Duration) -> Vec<Value> {
        self.statuses(now, step)
            .iter()
            .enumerate()
            .map(|(n, status)| {
                json!({
                    "id": self.update_id(n),
                    "keyId": self.key_id,
                    "remoteJid": self.remote_jid,
                    "fromMe": true,
                    "participant": null,
                    "pollUpdates": null,
                    "status": status,
                    "messageId": self.row_id,
                    "instanceId": instance_id,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(read_receipts: bool, at: Instant) -> StoredMessage {
        new_message(read_receipts, None, at)
    }

    fn new_message(read_receipts: bool, refused: Option<u16>, at: Instant) -> StoredMessage {
        StoredMessage::new(
            NewMessage {
                remote_jid: "5511987654321@s.whatsapp.net".into(),
                message_type: "conversation",
                message: Content::Text("oi".into()),
                mentioned: vec![],
                timestamp: 1_732_867_200,
                read_receipts,
                refused,
            },
            at,
        )
    }

    #[test]
    fn a_refused_message_gets_one_error_status() {
        let start = Instant::now();
        let step = Duration::from_secs(1);
        let m = new_message(true, Some(463), start);
        assert!(m.statuses(start, step).is_empty());
        assert_eq!(m.statuses(start + Duration::from_secs(60), step), ["ERROR"]);
        assert_eq!(m.statuses(start, Duration::ZERO), ["ERROR"]);
        let record = m.record_json("i", start + Duration::from_secs(5), step);
        assert_eq!(record["MessageUpdate"], json!([{"status": "ERROR"}]));
        assert_eq!(record["status"], "PENDING", "fromMe rows keep their status");
    }

    #[test]
    fn statuses_advance_one_step_at_a_time() {
        let start = Instant::now();
        let step = Duration::from_secs(1);
        let m = message(true, start);
        assert!(m.statuses(start, step).is_empty());
        assert_eq!(
            m.statuses(start + Duration::from_millis(1500), step),
            ["SERVER_ACK"]
        );
        assert_eq!(
            m.statuses(start + Duration::from_secs(2), step),
            ["SERVER_ACK", "DELIVERY_ACK"]
        );
        assert_eq!(m.statuses(start + Duration::from_secs(60), step), PROGRESS);
        assert_eq!(m.statuses(start, Duration::ZERO), PROGRESS);
        let rows = m.status_rows("i", start + Duration::from_secs(2), step);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1]["status"], "DELIVERY_ACK");
        assert_eq!(rows[1]["keyId"], m.key_id.as_str());
        assert_ne!(rows[0]["id"], rows[1]["id"]);
        let all = m.status_rows("i", start + Duration::from_secs(60), step);
        let ids: std::collections::HashSet<&str> =
            all.iter().filter_map(|r| r["id"].as_str()).collect();
        assert_eq!(ids.len(), 3);
        assert!(!ids.contains(m.row_id.as_str()));
        assert!(ids.iter().all(|id| id.len() == 25 && id.starts_with("cm")));
        assert_eq!(
            m.status_rows("i", start + Duration::from_secs(60), step)[0]["id"],
            all[0]["id"],
            "stable across reads"
        );
    }

    #[test]
    fn hidden_read_receipts_stop_at_delivered() {
        let start = Instant::now();
        let m = message(false, start);
        assert_eq!(
            m.statuses(start + Duration::from_secs(60), Duration::from_secs(1)),
            ["SERVER_ACK", "DELIVERY_ACK"]
        );
        let record = m.record_json("i", start + Duration::from_secs(60), Duration::from_secs(1));
        assert_eq!(record["MessageUpdate"].as_array().map(Vec::len), Some(2));
        assert_eq!(record["status"], "PENDING");
    }
}
