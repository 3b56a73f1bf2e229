//! Delivery and read receipts: the server's status events applied to the journal rows of
//! the messages they name. Each event is stored once (the socket and the server repeat
//! them) and a row's status only moves forward, whatever order events arrive in.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

use crate::storage::{Db, StorageError};

fn q(err: sqlx::Error) -> StorageError {
    StorageError::from_sqlx(err)
}

/// A sent message's status as the server reports it, in the order it can only advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptStatus {
    /// WhatsApp refused it after accepting the request (e.g. code 463 for new contacts).
    Error,
    Pending,
    /// One tick: WhatsApp has it.
    ServerAck,
    /// Two ticks: on the phone.
    DeliveryAck,
    /// Blue ticks (only when the recipient shares read receipts).
    Read,
    /// A voice or video message was played.
    Played,
}

impl ReceiptStatus {
    /// The stored rank: higher replaces lower, never the reverse. `Error` ranks 0 and is
    /// recorded only while nothing better than pending is known.
    pub fn rank(self) -> i64 {
        match self {
            ReceiptStatus::Error => 0,
            ReceiptStatus::Pending => 1,
            ReceiptStatus::ServerAck => 2,
            ReceiptStatus::DeliveryAck => 3,
            ReceiptStatus::Read => 4,
            ReceiptStatus::Played => 5,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReceiptStatus::Error => "error",
            ReceiptStatus::Pending => "pending",
            ReceiptStatus::ServerAck => "server_ack",
            ReceiptStatus::DeliveryAck => "delivery_ack",
            ReceiptStatus::Read => "read",
            ReceiptStatus::Played => "played",
        }
    }

    /// The stored form ([`Self::as_str`]).
    pub fn parse_stored(value: &str) -> Option<Self> {
        [
            ReceiptStatus::Error,
            ReceiptStatus::Pending,
            ReceiptStatus::ServerAck,
            ReceiptStatus::DeliveryAck,
            ReceiptStatus::Read,
            ReceiptStatus::Played,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }

    /// Evolution's names (`DELIVERY_ACK`…) and Baileys' numeric codes (0 error … 5 played).
    /// `DELETED` and anything unknown is `None`: not a delivery status.
    pub fn from_evolution(value: &str) -> Option<Self> {
        match value.trim().to_ascii_uppercase().as_str() {
            "ERROR" | "0" => Some(ReceiptStatus::Error),
            "PENDING" | "1" => Some(ReceiptStatus::Pending),
            "SERVER_ACK" | "2" => Some(ReceiptStatus::ServerAck),
            "DELIVERY_ACK" | "3" => Some(ReceiptStatus::DeliveryAck),
            "READ" | "4" => Some(ReceiptStatus::Read),
            "PLAYED" | "5" => Some(ReceiptStatus::Played),
            _ => None,
        }
    }
}

/// One status event about a message an instance sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEvent {
    pub instance: String,
    /// WhatsApp's key id (the `key.id` a send returned).
    pub message_id: String,
    pub status: ReceiptStatus,
    /// When it happened (RFC 3339), or when it was received.
    pub at: String,
}

/// What a batch of events changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyStats {
    /// Events about a campaign message seen for the first time.
    pub recorded: usize,
    /// Of those, how many moved a message's status forward.
    pub advanced: usize,
    /// Repeats of an event already recorded.
    pub duplicates: usize,
    /// Events about messages no campaign sent (the business's own chats): ignored.
    pub unrelated: usize,
}

/// Applies a batch in one transaction (the caller batches: hundreds per commit keep up
/// with thousands of events a second without holding the writer long). On the journal's
/// writer connection, so a batch queues behind the campaign's writes instead of racing them.
pub async fn apply(db: &Db, events: &[StatusEvent]) -> Result<ApplyStats, StorageError> {
    let mut stats = ApplyStats::default();
    if events.is_empty() {
        return Ok(stats);
    }
    let mut tx = db.journal_writer().begin().await.map_err(q)?;
    for event in events {
        let known = sqlx::query(
            "SELECT receipt_rank FROM campaign_recipients
             WHERE message_id = ?1 AND instance_name = ?2 LIMIT 1",
        )
        .bind(&event.message_id)
        .bind(&event.instance)
        .fetch_optional(&mut *tx)
        .await
        .map_err(q)?;
        let Some(row) = known else {
            stats.unrelated += 1;
            continue;
        };
        let rank: i64 = row.get(0);
        let inserted = sqlx::query(
            "INSERT OR IGNORE INTO receipt_events (instance_name, message_id, status, at)
             VALUES (?1, ?2, ?3, ?4)",
        )
        .bind(&event.instance)
        .bind(&event.message_id)
        .bind(event.status.as_str())
        .bind(&event.at)
        .execute(&mut *tx)
        .await
        .map_err(q)?;
        if inserted.rows_affected() == 0 {
            stats.duplicates += 1;
            continue;
        }
        stats.recorded += 1;
        let new_rank = event.status.rank();
        let changed = if event.status == ReceiptStatus::Error {
            // An error after delivery is noise; before it, it says why nothing arrived.
            sqlx::query(
                "UPDATE campaign_recipients SET receipt = 'error'
                 WHERE message_id = ?1 AND instance_name = ?2 AND receipt_rank <= 1",
            )
            .bind(&event.message_id)
            .bind(&event.instance)
            .execute(&mut *tx)
            .await
            .map_err(q)?
            .rows_affected()
        } else if new_rank > rank {
            // Read implies delivered: a read that overtakes its delivery fills both.
            sqlx::query(
                "UPDATE campaign_recipients
                 SET receipt = ?3, receipt_rank = ?4,
                     delivered_at = CASE WHEN ?4 >= 3 THEN COALESCE(delivered_at, ?5)
                                         ELSE delivered_at END,
                     read_at = CASE WHEN ?4 >= 4 THEN COALESCE(read_at, ?5) ELSE read_at END
                 WHERE message_id = ?1 AND instance_name = ?2 AND receipt_rank < ?4",
            )
            .bind(&event.message_id)
            .bind(&event.instance)
            .bind(event.status.as_str())
            .bind(new_rank)
            .bind(&event.at)
            .execute(&mut *tx)
            .await
            .map_err(q)?
            .rows_affected()
        } else {
            0
        };
        if changed > 0 {
            stats.advanced += 1;
        }
    }
    tx.commit().await.map_err(q)?;
    Ok(stats)
}

/// A sent message whose delivery has not been confirmed, to ask the server about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unconfirmed {
    pub instance: String,
    pub jid: String,
    pub message_id: String,
    /// When it was sent (RFC 3339, as stored): where the next sweep continues.
    pub sent_at: String,
}

/// Messages sent before `sent_before` and after `sent_after` that are not delivered yet:
/// after a socket reconnect, and for messages stuck more than 10 minutes, their status is
/// read with `findStatusMessage`.
pub async fn unconfirmed(
    db: &Db,
    sent_after: &str,
    sent_before: &str,
    limit: u32,
) -> Result<Vec<Unconfirmed>, StorageError> {
    let rows = sqlx::query(
        "SELECT instance_name, jid, message_id, sent_at FROM campaign_recipients
         WHERE state = 'sent' AND receipt_rank < 3 AND message_id IS NOT NULL
           AND jid IS NOT NULL AND sent_at > ?1 AND sent_at <= ?2
         ORDER BY sent_at LIMIT ?3",
    )
    .bind(sent_after)
    .bind(sent_before)
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await
    .map_err(q)?;
    Ok(rows
        .into_iter()
        .map(|r| Unconfirmed {
            instance: r.get(0),
            jid: r.get(1),
            message_id: r.get(2),
            sent_at: r.get(3),
        })
        .collect())
}
