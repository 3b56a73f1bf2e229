//! Sent messages as the server stores them, and their delivery statuses, which advance one
//! step every `status_steps` after the send (contract §5 "Reading delivery status").

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::ids;

/// Statuses reached after the send, in order; each one is a `MessageUpdate` row.
const PROGRESS: [&str; 3] = ["SERVER_ACK", "DELIVERY_ACK", "READ"];

/// Placeholder `pushName` the server puts on its own messages.
const OWN_PUSH_NAME: &str = "Você";

#[derive(Debug, Clone)]
pub(crate) struct StoredMessage {
    /// Database row id (`cm…`).
    pub row_id: String,
    pub key_id: String,
    pub remote_jid: String,
    pub message_type: &'static str,
    pub message: Value,
    pub mentioned: Vec<String>,
    pub timestamp: u64,
    pub sent_at: Instant,
    /// Row ids of the `MessageUpdate` rows, one per reachable status.
    update_ids: Vec<String>,
}

/// What a send produced: the message, as stored.
#[derive(Debug, Clone)]
pub(crate) struct NewMessage {
    pub remote_jid: String,
    pub message_type: &'static str,
    pub message: Value,
    pub mentioned: Vec<String>,
    pub timestamp: u64,
    /// Recipients hiding read receipts stop at DELIVERY_ACK.
    pub read_receipts: bool,
}

impl StoredMessage {
    pub fn new(new: NewMessage, sent_at: Instant) -> StoredMessage {
        let reachable = if new.read_receipts { 3 } else { 2 };
        StoredMessage {
            row_id: ids::row_id(),
            key_id: ids::message_key_id(),
            remote_jid: new.remote_jid,
            message_type: new.message_type,
            message: new.message,
            mentioned: new.mentioned,
            timestamp: new.timestamp,
            sent_at,
            update_ids: (0..reachable).map(|_| ids::row_id()).collect(),
        }
    }

    /// Statuses reached by `now`, oldest first.
    pub fn statuses(&self, now: Instant, step: Duration) -> &'static [&'static str] {
        let elapsed = now.saturating_duration_since(self.sent_at);
        let reached = if step.is_zero() {
            self.update_ids.len()
        } else {
            let steps = elapsed.as_nanos() / step.as_nanos();
            usize::try_from(steps).map_or(self.update_ids.len(), |s| s.min(self.update_ids.len()))
        };
        &PROGRESS[..reached]
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
            "message": self.message,
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
            "message": self.message,
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
            .zip(&self.update_ids)
            .map(|(status, id)| {
                json!({
                    "id": id,
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
        StoredMessage::new(
            NewMessage {
                remote_jid: "5511987654321@s.whatsapp.net".into(),
                message_type: "conversation",
                message: json!({"conversation": "oi"}),
                mentioned: vec![],
                timestamp: 1_732_867_200,
                read_receipts,
            },
            at,
        )
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
