//! Messages people send back: stored once, attributed to the campaign message they answer,
//! and read for an opt-out. An opt-out is applied at once, with the message kept as proof
//! in the consent ledger; "VOLTAR" opts back in; a stop word inside a sentence waits for a
//! person in the review list.

use sqlx::{Row, SqliteConnection};

use super::consent;
use super::optout::{classify, ReplyIntent};
use crate::storage::{Db, StorageError};

fn q(err: sqlx::Error) -> StorageError {
    StorageError::from_sqlx(err)
}

/// How long after a campaign message a reply without a quote is still taken as an answer.
pub const ATTRIBUTION_WINDOW_HOURS: i64 = 72;

/// A message an instance received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingMessage {
    pub instance: String,
    pub message_id: String,
    /// The sender's phone JID (`5511987654321@s.whatsapp.net`); for `@lid` senders, the
    /// phone JID the server gives alongside.
    pub jid: String,
    pub push_name: Option<String>,
    pub text: String,
    /// The message it quotes (`contextInfo.stanzaId`), when it is a reply to one.
    pub quoted_id: Option<String>,
    /// RFC 3339.
    pub received_at: String,
}

/// What a reply changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyOutcome {
    pub reply_id: i64,
    /// The campaign message it answers, if any.
    pub campaign: Option<(i64, i64)>,
    pub intent: ReplyIntent,
    /// The do-not-contact list changed (in or out).
    pub consent_changed: bool,
    /// Seen before (the socket repeats): nothing changed.
    pub duplicate: bool,
}

/// Stores `message`, attributes it, and applies what it asks for, in one transaction.
pub async fn ingest(
    db: &Db,
    message: &IncomingMessage,
    stop_words: &[String],
) -> Result<ReplyOutcome, StorageError> {
    let mut tx = db.pool().begin().await.map_err(q)?;
    if let Some(id) = existing(&mut tx, message).await? {
        return Ok(ReplyOutcome {
            reply_id: id,
            campaign: None,
            intent: ReplyIntent::None,
            consent_changed: false,
            duplicate: true,
        });
    }
    let attributed = attribute(&mut tx, message).await?;
    let intent = classify(&message.text, stop_words);
    let phone = phone_of(&message.jid);
    let reply_id: i64 = sqlx::query_scalar(
        "INSERT INTO replies (instance_name, message_id, phone_e164, jid, push_name, text,
                              quoted_id, received_at, campaign_id, position, attributed_by,
                              intent)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
    )
    .bind(&message.instance)
    .bind(&message.message_id)
    .bind(&phone)
    .bind(&message.jid)
    .bind(&message.push_name)
    .bind(&message.text)
    .bind(&message.quoted_id)
    .bind(&message.received_at)
    .bind(attributed.as_ref().map(|a| a.campaign_id))
    .bind(attributed.as_ref().map(|a| a.position))
    .bind(attributed.as_ref().map(|a| a.by))
    .bind(intent.as_str())
    .fetch_one(&mut *tx)
    .await
    .map_err(q)?;
    if let Some(a) = &attributed {
        sqlx::query(
            "UPDATE campaign_recipients SET replied_at = COALESCE(replied_at, ?3)
             WHERE campaign_id = ?1 AND position = ?2",
        )
        .bind(a.campaign_id)
        .bind(a.position)
        .bind(&message.received_at)
        .execute(&mut *tx)
        .await
        .map_err(q)?;
    }
    let phones = numbers_of(&phone, attributed.as_ref());
    let consent_changed = match intent {
        ReplyIntent::OptOut => {
            opt_out(&mut tx, &phones, reply_id, &message.text, "reply").await?;
            mark_opted_out(&mut tx, attributed.as_ref(), &message.received_at).await?;
            true
        }
        ReplyIntent::OptIn => opt_in(&mut tx, &phones, reply_id, &message.text).await?,
        ReplyIntent::None | ReplyIntent::Review => false,
    };
    tx.commit().await.map_err(q)?;
    if consent_changed {
        tracing::info!(intent = intent.as_str(), "consent changed by a reply");
    }
    Ok(ReplyOutcome {
        reply_id,
        campaign: attributed.map(|a| (a.campaign_id, a.position)),
        intent,
        consent_changed,
        duplicate: false,
    })
}

/// A person's decision on a reply in the review list: opt the number out, or keep it.
pub async fn resolve_review(
    db: &Db,
    reply_id: i64,
    opt_out_number: bool,
) -> Result<bool, StorageError> {
    let mut tx = db.pool().begin().await.map_err(q)?;
    let row = sqlx::query(
        "SELECT phone_e164, text, campaign_id, position, received_at FROM replies
         WHERE id = ?1 AND intent = 'review' AND reviewed IS NULL",
    )
    .bind(reply_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(q)?;
    let Some(row) = row else {
        return Ok(false);
    };
    let phone: String = row.get(0);
    let text: String = row.get(1);
    let attributed = match (row.get::<Option<i64>, _>(2), row.get::<Option<i64>, _>(3)) {
        (Some(campaign_id), Some(position)) => Some(Attribution {
            campaign_id,
            position,
            by: "quote",
            phone: None,
        }),
        _ => None,
    };
    let received_at: String = row.get(4);
    let outcome = if opt_out_number { "opted_out" } else { "kept" };
    sqlx::query("UPDATE replies SET reviewed = ?2 WHERE id = ?1")
        .bind(reply_id)
        .bind(outcome)
        .execute(&mut *tx)
        .await
        .map_err(q)?;
    if opt_out_number {
        let phones = numbers_of(&phone, None);
        opt_out(&mut tx, &phones, reply_id, &text, "review").await?;
        mark_opted_out(&mut tx, attributed.as_ref(), &received_at).await?;
    }
    tx.commit().await.map_err(q)?;
    Ok(true)
}

struct Attribution {
    campaign_id: i64,
    position: i64,
    by: &'static str,
    /// The number as the campaign had it (may differ from the JID by the 9th digit).
    phone: Option<String>,
}

async fn existing(
    tx: &mut SqliteConnection,
    message: &IncomingMessage,
) -> Result<Option<i64>, StorageError> {
    sqlx::query_scalar("SELECT id FROM replies WHERE instance_name = ?1 AND message_id = ?2")
        .bind(&message.instance)
        .bind(&message.message_id)
        .fetch_optional(tx)
        .await
        .map_err(q)
}

/// The quoted message first; else the last message this instance sent to this JID within
/// the window before the reply.
async fn attribute(
    tx: &mut SqliteConnection,
    message: &IncomingMessage,
) -> Result<Option<Attribution>, StorageError> {
    if let Some(quoted) = message.quoted_id.as_deref().filter(|s| !s.is_empty()) {
        let row = sqlx::query(
            "SELECT campaign_id, position, phone_e164 FROM campaign_recipients
             WHERE message_id = ?1 AND instance_name = ?2 LIMIT 1",
        )
        .bind(quoted)
        .bind(&message.instance)
        .fetch_optional(&mut *tx)
        .await
        .map_err(q)?;
        if let Some(row) = row {
            return Ok(Some(Attribution {
                campaign_id: row.get(0),
                position: row.get(1),
                by: "quote",
                phone: Some(row.get(2)),
            }));
        }
    }
    let Ok(received) = message.received_at.parse::<jiff::Timestamp>() else {
        return Ok(None);
    };
    let since = received
        .checked_sub(jiff::SignedDuration::from_hours(ATTRIBUTION_WINDOW_HOURS))
        .unwrap_or(received);
    let row = sqlx::query(
        "SELECT campaign_id, position, phone_e164 FROM campaign_recipients
         WHERE jid = ?1 AND instance_name = ?2 AND sent_at IS NOT NULL
           AND sent_at >= ?3 AND sent_at <= ?4
         ORDER BY sent_at DESC LIMIT 1",
    )
    .bind(&message.jid)
    .bind(&message.instance)
    .bind(crate::campaign::clock::to_db(since))
    .bind(crate::campaign::clock::to_db(received))
    .fetch_optional(&mut *tx)
    .await
    .map_err(q)?;
    Ok(row.map(|row| Attribution {
        campaign_id: row.get(0),
        position: row.get(1),
        by: "recent",
        phone: Some(row.get(2)),
    }))
}

/// `+5511987654321` from `5511987654321@s.whatsapp.net`.
fn phone_of(jid: &str) -> String {
    let digits: String = jid
        .split('@')
        .next()
        .unwrap_or_default()
        .split(':')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    format!("+{digits}")
}

/// Both forms a person may be listed under: the JID's and the campaign's (they differ by
/// the Brazilian 9th digit when WhatsApp registered the older form).
fn numbers_of(phone: &str, attributed: Option<&Attribution>) -> Vec<String> {
    let mut phones = vec![phone.to_owned()];
    if let Some(other) = attributed.and_then(|a| a.phone.clone()) {
        if !phones.contains(&other) {
            phones.push(other);
        }
    }
    phones
}

async fn opt_out(
    tx: &mut SqliteConnection,
    phones: &[String],
    reply_id: i64,
    proof: &str,
    source: &str,
) -> Result<(), StorageError> {
    let reason = if source == "review" {
        "respondeu pedindo para sair (revisado)"
    } else {
        "respondeu pedindo para sair"
    };
    for phone in phones {
        sqlx::query(
            "INSERT INTO opt_outs (phone_e164, reason) VALUES (?1, ?2)
             ON CONFLICT(phone_e164) DO NOTHING",
        )
        .bind(phone)
        .bind(reason)
        .execute(&mut *tx)
        .await
        .map_err(q)?;
        consent::record(tx, phone, "opt_out", source, Some(reply_id), Some(proof)).await?;
    }
    Ok(())
}

/// Opts back in only numbers that were out; returns whether any was.
async fn opt_in(
    tx: &mut SqliteConnection,
    phones: &[String],
    reply_id: i64,
    proof: &str,
) -> Result<bool, StorageError> {
    let mut changed = false;
    for phone in phones {
        let removed = sqlx::query("DELETE FROM opt_outs WHERE phone_e164 = ?1")
            .bind(phone)
            .execute(&mut *tx)
            .await
            .map_err(q)?
            .rows_affected();
        if removed > 0 {
            consent::record(tx, phone, "opt_in", "reply", Some(reply_id), Some(proof)).await?;
            changed = true;
        }
    }
    Ok(changed)
}

async fn mark_opted_out(
    tx: &mut SqliteConnection,
    attributed: Option<&Attribution>,
    at: &str,
) -> Result<(), StorageError> {
    if let Some(a) = attributed {
        sqlx::query(
            "UPDATE campaign_recipients SET opted_out_at = COALESCE(opted_out_at, ?3)
             WHERE campaign_id = ?1 AND position = ?2",
        )
        .bind(a.campaign_id)
        .bind(a.position)
        .bind(at)
        .execute(tx)
        .await
        .map_err(q)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jid_becomes_a_phone_number() {
        assert_eq!(phone_of("5511987654321@s.whatsapp.net"), "+5511987654321");
        assert_eq!(phone_of("551187654321:12@s.whatsapp.net"), "+551187654321");
    }
}
