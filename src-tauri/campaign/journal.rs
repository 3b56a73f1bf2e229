//! The journal's SQL: every move of a recipient through its state machine is one
//! conditional UPDATE (`… AND state = 'expected'`), so a step can never happen twice, and
//! a campaign's counts are always counted from its rows.

use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::storage::{Db, StorageError};

use super::model::{CampaignCounts, RecipientState};

fn q(err: sqlx::Error) -> StorageError {
    StorageError::from_sqlx(err)
}

/// The hash stored with the intent: which text was about to go, without reading it back.
pub fn text_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// A row an instance took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub position: u32,
    pub contact_id: Option<i64>,
    pub phone_e164: String,
    pub phone_alternative: Option<String>,
    pub jid: Option<String>,
    pub text: String,
    pub attempts: u32,
}

/// Counts by state from the campaign's `(campaign_id, state, position)` index alone (a
/// covering scan: no table rows read), plus the few unknown rows that need attention.
/// The engine decides from these (settled, complete, reconcile): computed from the
/// journal itself, never from a kept counter.
pub async fn counts(db: &Db, campaign_id: i64) -> Result<CampaignCounts, StorageError> {
    counts_from(
        db,
        campaign_id,
        "SELECT state, COUNT(*) AS n FROM campaign_recipients
         WHERE campaign_id = ? GROUP BY state",
    )
    .await
}

/// The same figures for screens, from `campaign_counts` (kept by triggers in the journal's
/// own transactions, migration 0010): a few rows whatever the campaign's size.
pub async fn shown_counts(db: &Db, campaign_id: i64) -> Result<CampaignCounts, StorageError> {
    counts_from(
        db,
        campaign_id,
        "SELECT state, SUM(n) AS n FROM campaign_counts
         WHERE campaign_id = ? GROUP BY state",
    )
    .await
}

async fn counts_from(
    db: &Db,
    campaign_id: i64,
    sql: &'static str,
) -> Result<CampaignCounts, StorageError> {
    let rows = sqlx::query(sql)
        .bind(campaign_id)
        .fetch_all(db.pool())
        .await
        .map_err(q)?;
    let mut counts = CampaignCounts::default();
    for row in rows {
        let state: String = row.get("state");
        let n = u32::try_from(row.get::<i64, _>("n")).unwrap_or(u32::MAX);
        counts.total += n;
        match RecipientState::parse(&state) {
            Some(RecipientState::Excluded) => counts.excluded += n,
            Some(RecipientState::Pending) => counts.pending += n,
            Some(RecipientState::Claimed | RecipientState::Sending) => counts.in_flight += n,
            Some(RecipientState::Sent) => counts.sent += n,
            Some(RecipientState::Failed) => counts.failed += n,
            Some(RecipientState::Unknown) => counts.unknown += n,
            None => {}
        }
    }
    if counts.unknown > 0 {
        let attention: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM campaign_recipients
              WHERE campaign_id = ? AND state = 'unknown' AND needs_attention = 1",
        )
        .bind(campaign_id)
        .fetch_one(db.pool())
        .await
        .map_err(q)?;
        counts.needs_attention = u32::try_from(attention).unwrap_or(u32::MAX);
    }
    Ok(counts)
}

/// Sent and failed per instance, for the progress screen.
pub async fn per_instance(
    db: &Db,
    campaign_id: i64,
) -> Result<Vec<(String, u32, u32)>, StorageError> {
    Ok(tallies(db, campaign_id)
        .await?
        .into_iter()
        .map(|t| (t.instance, t.sent, t.failed))
        .collect())
}

/// One instance's part of a campaign, as the journal says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceTally {
    pub instance: String,
    pub sent: u32,
    pub failed: u32,
    /// Of the sent, how many reached the phone (a delivery or read receipt).
    pub delivered: u32,
}

/// Every instance's tally (the report and the progress screen share it), from the
/// trigger-kept `campaign_counts`: a few rows per number, whatever the campaign's size.
pub async fn tallies(db: &Db, campaign_id: i64) -> Result<Vec<InstanceTally>, StorageError> {
    let rows = sqlx::query(
        "SELECT instance_name,
                SUM(CASE WHEN state = 'sent' THEN n ELSE 0 END) AS sent,
                SUM(CASE WHEN state = 'failed' THEN n ELSE 0 END) AS failed,
                SUM(delivered) AS delivered
         FROM campaign_counts
         WHERE campaign_id = ? AND instance_name <> ''
         GROUP BY instance_name
         HAVING SUM(n) > 0",
    )
    .bind(campaign_id)
    .fetch_all(db.pool())
    .await
    .map_err(q)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let n = |col: &str| u32::try_from(r.get::<i64, _>(col)).unwrap_or(0);
            InstanceTally {
                instance: r.get::<String, _>("instance_name"),
                sent: n("sent"),
                failed: n("failed"),
                delivered: n("delivered"),
            }
        })
        .collect())
}

/// Takes the first pending row whose backoff has passed, for `instance`.
pub async fn claim_next(
    db: &Db,
    campaign_id: i64,
    instance: &str,
    now: &str,
) -> Result<Option<Claimed>, StorageError> {
    let row = sqlx::query(
        "UPDATE campaign_recipients
            SET state = 'claimed', instance_name = ?1, updated_at = ?2
          WHERE campaign_id = ?3 AND state = 'pending' AND position = (
                SELECT position FROM campaign_recipients
                 WHERE campaign_id = ?3 AND state = 'pending'
                   AND (not_before IS NULL OR not_before <= ?2)
                 ORDER BY position LIMIT 1)
        RETURNING position, contact_id, phone_e164, phone_alternative, jid, text, attempts",
    )
    .bind(instance)
    .bind(now)
    .bind(campaign_id)
    .fetch_optional(db.journal_writer())
    .await
    .map_err(q)?;
    Ok(row.map(|r| Claimed {
        position: u32::try_from(r.get::<i64, _>("position")).unwrap_or(0),
        contact_id: r.get("contact_id"),
        phone_e164: r.get("phone_e164"),
        phone_alternative: r.get("phone_alternative"),
        jid: r.get("jid"),
        text: r.get::<Option<String>, _>("text").unwrap_or_default(),
        attempts: u32::try_from(r.get::<i64, _>("attempts")).unwrap_or(0),
    }))
}

/// Takes up to `limit` pending rows (first positions whose backoff has passed), for
/// `instance`, in position order.
pub async fn claim_batch(
    db: &Db,
    campaign_id: i64,
    instance: &str,
    limit: u32,
    now: &str,
) -> Result<Vec<Claimed>, StorageError> {
    if limit <= 1 {
        return Ok(claim_next(db, campaign_id, instance, now)
            .await?
            .into_iter()
            .collect());
    }
    let rows = sqlx::query(
        "UPDATE campaign_recipients
            SET state = 'claimed', instance_name = ?1, updated_at = ?2
          WHERE campaign_id = ?3 AND state = 'pending' AND position IN (
                SELECT position FROM campaign_recipients
                 WHERE campaign_id = ?3 AND state = 'pending'
                   AND (not_before IS NULL OR not_before <= ?2)
                 ORDER BY position LIMIT ?4)
        RETURNING position, contact_id, phone_e164, phone_alternative, jid, text, attempts",
    )
    .bind(instance)
    .bind(now)
    .bind(campaign_id)
    .bind(limit)
    .fetch_all(db.journal_writer())
    .await
    .map_err(q)?;
    let mut claimed: Vec<Claimed> = rows
        .into_iter()
        .map(|r| Claimed {
            position: u32::try_from(r.get::<i64, _>("position")).unwrap_or(0),
            contact_id: r.get("contact_id"),
            phone_e164: r.get("phone_e164"),
            phone_alternative: r.get("phone_alternative"),
            jid: r.get("jid"),
            text: r.get::<Option<String>, _>("text").unwrap_or_default(),
            attempts: u32::try_from(r.get::<i64, _>("attempts")).unwrap_or(0),
        })
        .collect();
    claimed.sort_by_key(|c| c.position);
    Ok(claimed)
}

/// claimed → sending for several rows in one transaction, synced to disk like
/// [`write_intent`]: one disk flush for a batch (unpaced sending to a local sandbox).
/// Returns the positions that moved.
pub async fn write_intents(
    db: &Db,
    campaign_id: i64,
    rows: &[(u32, String, String)],
    now: &str,
) -> Result<Vec<u32>, StorageError> {
    use sqlx::Connection;
    let mut conn = db.journal_writer().acquire().await.map_err(q)?;
    sqlx::query("PRAGMA synchronous = FULL")
        .execute(&mut *conn)
        .await
        .map_err(q)?;
    let result = async {
        let mut tx = conn.begin().await.map_err(q)?;
        let mut moved = Vec::with_capacity(rows.len());
        for (position, jid, hash) in rows {
            let done = sqlx::query(
                "UPDATE campaign_recipients
                    SET state = 'sending', jid = ?1, text_hash = ?2, intent_at = ?3, updated_at = ?3,
                        attempts = attempts + 1
                  WHERE campaign_id = ?4 AND position = ?5 AND state = 'claimed'",
            )
            .bind(jid)
            .bind(hash)
            .bind(now)
            .bind(campaign_id)
            .bind(position)
            .execute(&mut *tx)
            .await
            .map_err(q)?;
            if done.rows_affected() == 1 {
                moved.push(*position);
            }
        }
        tx.commit().await.map_err(q)?;
        Ok::<_, StorageError>(moved)
    }
    .await;
    let reset = sqlx::query("PRAGMA synchronous = NORMAL")
        .execute(&mut *conn)
        .await
        .map_err(q);
    let moved = result?;
    reset?;
    Ok(moved)
}

/// The earliest backoff among pending rows, when every pending row is waiting for one.
pub async fn next_retry_at(db: &Db, campaign_id: i64) -> Result<Option<String>, StorageError> {
    let row: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT MIN(not_before) FROM campaign_recipients
          WHERE campaign_id = ? AND state = 'pending'",
    )
    .bind(campaign_id)
    .fetch_optional(db.pool())
    .await
    .map_err(q)?;
    Ok(row.and_then(|(t,)| t))
}

/// Replaces a claimed row's text (the engine varied the spintax) before its intent.
pub async fn replace_text(
    db: &Db,
    campaign_id: i64,
    position: u32,
    text: &str,
) -> Result<bool, StorageError> {
    let done = sqlx::query(
        "UPDATE campaign_recipients SET text = ? WHERE campaign_id = ? AND position = ? AND state = 'claimed'",
    )
    .bind(text)
    .bind(campaign_id)
    .bind(position)
    .execute(db.pool())
    .await
    .map_err(q)?;
    Ok(done.rows_affected() == 1)
}

/// claimed → sending, durable before the HTTP call: this commit is synced to disk
/// (`synchronous = FULL` for it), so not even a power cut can lose the fact that a
/// message may have left.
pub async fn write_intent(
    db: &Db,
    campaign_id: i64,
    position: u32,
    jid: &str,
    text_hash: &str,
    now: &str,
) -> Result<bool, StorageError> {
    let mut conn = db.journal_writer().acquire().await.map_err(q)?;
    sqlx::query("PRAGMA synchronous = FULL")
        .execute(&mut *conn)
        .await
        .map_err(q)?;
    let done = sqlx::query(
        "UPDATE campaign_recipients
            SET state = 'sending', jid = ?1, text_hash = ?2, intent_at = ?3, updated_at = ?3,
                attempts = attempts + 1
          WHERE campaign_id = ?4 AND position = ?5 AND state = 'claimed'",
    )
    .bind(jid)
    .bind(text_hash)
    .bind(now)
    .bind(campaign_id)
    .bind(position)
    .execute(&mut *conn)
    .await
    .map_err(q);
    // Back to the pool's default whatever happened.
    let reset = sqlx::query("PRAGMA synchronous = NORMAL")
        .execute(&mut *conn)
        .await
        .map_err(q);
    let done = done?;
    reset?;
    Ok(done.rows_affected() == 1)
}

/// sending → sent, with the server's message id; the number's usage in the same
/// transaction (daily caps and warm-up read it).
pub async fn mark_sent(
    db: &Db,
    campaign_id: i64,
    position: u32,
    instance: &str,
    message_id: &str,
    jid: Option<&str>,
    now: &str,
) -> Result<bool, StorageError> {
    let row = SentRow {
        position,
        message_id: message_id.to_owned(),
        jid: jid.map(str::to_owned),
        at: now.to_owned(),
    };
    Ok(mark_sent_many(db, campaign_id, instance, &[row]).await? == 1)
}

/// One send the server accepted, waiting to be journaled with others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRow {
    pub position: u32,
    pub message_id: String,
    pub jid: Option<String>,
    /// When it was accepted (the row's `sent_at`).
    pub at: String,
}

/// [`mark_sent`] for several rows of one instance in one transaction. Unpaced sending
/// journals its sends in groups: one commit writes the journal's pages once for the group
/// instead of once per message. Returns how many rows moved.
pub async fn mark_sent_many(
    db: &Db,
    campaign_id: i64,
    instance: &str,
    rows: &[SentRow],
) -> Result<u64, StorageError> {
    let Some(last) = rows.iter().map(|r| r.at.as_str()).max() else {
        return Ok(0);
    };
    let mut tx = db.journal_writer().begin().await.map_err(q)?;
    let mut moved = 0;
    for row in rows {
        moved += sqlx::query(
            "UPDATE campaign_recipients
                SET state = 'sent', message_id = ?1, jid = COALESCE(?2, jid), sent_at = ?3,
                    updated_at = ?3, error_code = NULL, error_detail = NULL, needs_attention = 0
              WHERE campaign_id = ?4 AND position = ?5 AND state IN ('sending', 'unknown')",
        )
        .bind(&row.message_id)
        .bind(row.jid.as_deref())
        .bind(&row.at)
        .bind(campaign_id)
        .bind(row.position)
        .execute(&mut *tx)
        .await
        .map_err(q)?
        .rows_affected();
    }
    note_sent(&mut tx, instance, last).await?;
    tx.commit().await.map_err(q)?;
    Ok(moved)
}

/// Warm-up restarts after 72 h without a send (pacing rules): the first send after such a
/// silence starts it again.
async fn note_sent(
    conn: &mut sqlx::SqliteConnection,
    instance: &str,
    now: &str,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO instance_usage (instance_name, warmup_started_at, last_sent_at)
         VALUES (?1, ?2, ?2)
         ON CONFLICT(instance_name) DO UPDATE SET
            warmup_started_at = CASE
                WHEN warmup_started_at IS NULL OR last_sent_at IS NULL
                  OR julianday(?2) - julianday(last_sent_at) >= 3.0 THEN ?2
                ELSE warmup_started_at END,
            last_sent_at = MAX(COALESCE(last_sent_at, ?2), ?2)",
    )
    .bind(instance)
    .bind(now)
    .execute(conn)
    .await
    .map_err(q)?;
    Ok(())
}

/// A final answer for the recipient: `sending`/`claimed` → `failed`.
pub async fn mark_failed(
    db: &Db,
    campaign_id: i64,
    position: u32,
    code: &str,
    detail: &str,
    now: &str,
) -> Result<bool, StorageError> {
    let done = sqlx::query(
        "UPDATE campaign_recipients
            SET state = 'failed', error_code = ?1, error_detail = ?2, updated_at = ?3
          WHERE campaign_id = ?4 AND position = ?5 AND state IN ('claimed', 'sending')",
    )
    .bind(code)
    .bind(detail)
    .bind(now)
    .bind(campaign_id)
    .bind(position)
    .execute(db.journal_writer())
    .await
    .map_err(q)?;
    Ok(done.rows_affected() == 1)
}

/// WhatsApp refused a message the server had accepted (an `ERROR` status afterwards):
/// sent → failed.
pub async fn mark_refused(
    db: &Db,
    campaign_id: i64,
    position: u32,
    now: &str,
) -> Result<bool, StorageError> {
    let done = sqlx::query(
        "UPDATE campaign_recipients
            SET state = 'failed', error_code = 'new_contact_refused',
                error_detail = 'WhatsApp refused the message after the server accepted it (error 463: new contact)',
                updated_at = ?1
          WHERE campaign_id = ?2 AND position = ?3 AND state = 'sent'",
    )
    .bind(now)
    .bind(campaign_id)
    .bind(position)
    .execute(db.pool())
    .await
    .map_err(q)?;
    Ok(done.rows_affected() == 1)
}

/// Not on WhatsApp (learnt from the send): the verdict changes too.
pub async fn mark_not_on_whatsapp(
    db: &Db,
    campaign_id: i64,
    position: u32,
    detail: &str,
    now: &str,
) -> Result<bool, StorageError> {
    let done = sqlx::query(
        "UPDATE campaign_recipients
            SET state = 'failed', verdict = 'not_on_whatsapp', error_code = 'not_on_whatsapp',
                error_detail = ?1, updated_at = ?2
          WHERE campaign_id = ?3 AND position = ?4 AND state IN ('claimed', 'sending')",
    )
    .bind(detail)
    .bind(now)
    .bind(campaign_id)
    .bind(position)
    .execute(db.pool())
    .await
    .map_err(q)?;
    Ok(done.rows_affected() == 1)
}

/// sending → unknown: the message may have gone out.
pub async fn mark_unknown(
    db: &Db,
    campaign_id: i64,
    position: u32,
    code: &str,
    detail: &str,
    now: &str,
) -> Result<bool, StorageError> {
    let done = sqlx::query(
        "UPDATE campaign_recipients
            SET state = 'unknown', error_code = ?1, error_detail = ?2, updated_at = ?3
          WHERE campaign_id = ?4 AND position = ?5 AND state = 'sending'",
    )
    .bind(code)
    .bind(detail)
    .bind(now)
    .bind(campaign_id)
    .bind(position)
    .execute(db.journal_writer())
    .await
    .map_err(q)?;
    Ok(done.rows_affected() == 1)
}

/// Back to the queue, when nothing left: a claimed row the instance gives up (it left the
/// rotation, the campaign paused), or a send that never reached the server.
/// `not_before` delays it (backoff); `count_attempt: false` undoes the intent's count
/// (the instance was at fault, not the recipient).
pub async fn release(
    db: &Db,
    campaign_id: i64,
    position: u32,
    not_before: Option<&str>,
    error: Option<(&str, &str)>,
    count_attempt: bool,
    now: &str,
) -> Result<bool, StorageError> {
    let done = sqlx::query(
        "UPDATE campaign_recipients
            SET state = 'pending', not_before = ?1, instance_name = NULL,
                attempts = CASE WHEN state = 'sending' AND NOT ?2 THEN MAX(attempts - 1, 0) ELSE attempts END,
                error_code = COALESCE(?3, error_code), error_detail = COALESCE(?4, error_detail),
                updated_at = ?5
          WHERE campaign_id = ?6 AND position = ?7 AND state IN ('claimed', 'sending')",
    )
    .bind(not_before)
    .bind(count_attempt)
    .bind(error.map(|e| e.0))
    .bind(error.map(|e| e.1))
    .bind(now)
    .bind(campaign_id)
    .bind(position)
    .execute(db.journal_writer())
    .await
    .map_err(q)?;
    Ok(done.rows_affected() == 1)
}

/// A recipient who opted out after the campaign was created: claimed → excluded.
pub async fn exclude_opted_out(
    db: &Db,
    campaign_id: i64,
    position: u32,
    now: &str,
) -> Result<bool, StorageError> {
    let done = sqlx::query(
        "UPDATE campaign_recipients
            SET state = 'excluded', verdict = 'opted_out', error_code = 'opted_out',
                instance_name = NULL, updated_at = ?1
          WHERE campaign_id = ?2 AND position = ?3 AND state = 'claimed'",
    )
    .bind(now)
    .bind(campaign_id)
    .bind(position)
    .execute(db.pool())
    .await
    .map_err(q)?;
    Ok(done.rows_affected() == 1)
}

/// After a crash: nothing claimed had left (back to pending); anything `sending` may have
/// (unknown, to be looked up before any resend). Returns how many rows became unknown.
pub async fn recover_rows(db: &Db, campaign_id: i64, now: &str) -> Result<u64, StorageError> {
    let mut tx = db.pool().begin().await.map_err(q)?;
    sqlx::query(
        "UPDATE campaign_recipients SET state = 'pending', instance_name = NULL, updated_at = ?1
          WHERE campaign_id = ?2 AND state = 'claimed'",
    )
    .bind(now)
    .bind(campaign_id)
    .execute(&mut *tx)
    .await
    .map_err(q)?;
    let unknown = sqlx::query(
        "UPDATE campaign_recipients
            SET state = 'unknown', error_code = 'interrupted',
                error_detail = 'the app stopped while this message was being sent',
                updated_at = ?1
          WHERE campaign_id = ?2 AND state = 'sending'",
    )
    .bind(now)
    .bind(campaign_id)
    .execute(&mut *tx)
    .await
    .map_err(q)?;
    tx.commit().await.map_err(q)?;
    Ok(unknown.rows_affected())
}

/// An unknown outcome to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRow {
    pub position: u32,
    pub phone_e164: String,
    pub phone_alternative: Option<String>,
    pub jid: Option<String>,
    pub text: String,
    pub instance: Option<String>,
    pub intent_at: Option<String>,
    pub checks: u32,
}

/// Unknown rows not yet handed to the user, whose intent is older than `settled_before`.
pub async fn unknown_due(
    db: &Db,
    campaign_id: i64,
    settled_before: &str,
    now: &str,
    limit: u32,
) -> Result<Vec<UnknownRow>, StorageError> {
    let rows = sqlx::query(
        "SELECT position, phone_e164, phone_alternative, jid, text, instance_name, intent_at, checks
           FROM campaign_recipients
          WHERE campaign_id = ?1 AND state = 'unknown' AND needs_attention = 0
            AND (intent_at IS NULL OR intent_at <= ?2)
            AND (not_before IS NULL OR not_before <= ?3)
          ORDER BY position LIMIT ?4",
    )
    .bind(campaign_id)
    .bind(settled_before)
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await
    .map_err(q)?;
    Ok(rows
        .into_iter()
        .map(|r| UnknownRow {
            position: u32::try_from(r.get::<i64, _>("position")).unwrap_or(0),
            phone_e164: r.get("phone_e164"),
            phone_alternative: r.get("phone_alternative"),
            jid: r.get("jid"),
            text: r.get::<Option<String>, _>("text").unwrap_or_default(),
            instance: r.get("instance_name"),
            intent_at: r.get("intent_at"),
            checks: u32::try_from(r.get::<i64, _>("checks")).unwrap_or(0),
        })
        .collect())
}

/// The lookup found nothing and the server has settled: unknown → pending, to resend.
pub async fn unknown_to_resend(
    db: &Db,
    campaign_id: i64,
    position: u32,
    now: &str,
) -> Result<bool, StorageError> {
    let done = sqlx::query(
        "UPDATE campaign_recipients
            SET state = 'pending', needs_attention = 0, instance_name = NULL, not_before = NULL,
                error_code = NULL, error_detail = NULL, updated_at = ?1
          WHERE campaign_id = ?2 AND position = ?3 AND state = 'unknown'",
    )
    .bind(now)
    .bind(campaign_id)
    .bind(position)
    .execute(db.pool())
    .await
    .map_err(q)?;
    Ok(done.rows_affected() == 1)
}

/// A lookup that could not decide; it is tried again from `retry_at`, and after
/// `max_checks` the user decides.
#[allow(clippy::too_many_arguments)]
pub async fn unknown_check_failed(
    db: &Db,
    campaign_id: i64,
    position: u32,
    detail: &str,
    max_checks: u32,
    force_attention: bool,
    now: &str,
    retry_at: &str,
) -> Result<(), StorageError> {
    sqlx::query(
        "UPDATE campaign_recipients
            SET checks = checks + 1, error_detail = ?1, updated_at = ?2, not_before = ?7,
                needs_attention = CASE WHEN ?3 OR checks + 1 >= ?4 THEN 1 ELSE 0 END
          WHERE campaign_id = ?5 AND position = ?6 AND state = 'unknown'",
    )
    .bind(detail)
    .bind(now)
    .bind(force_attention)
    .bind(max_checks)
    .bind(campaign_id)
    .bind(position)
    .bind(retry_at)
    .execute(db.pool())
    .await
    .map_err(q)?;
    Ok(())
}

/// Runs `sql` (binding now, campaign, position) for each position in one transaction.
async fn for_positions(
    db: &Db,
    sql: &'static str,
    campaign_id: i64,
    positions: &[u32],
    now: &str,
) -> Result<u64, StorageError> {
    let mut tx = db.pool().begin().await.map_err(q)?;
    let mut n = 0;
    for position in positions {
        n += sqlx::query(sql)
            .bind(now)
            .bind(campaign_id)
            .bind(position)
            .execute(&mut *tx)
            .await
            .map_err(q)?
            .rows_affected();
    }
    tx.commit().await.map_err(q)?;
    Ok(n)
}

/// The user's "mark as sent" on unknown rows waiting for them.
pub async fn attention_mark_sent(
    db: &Db,
    campaign_id: i64,
    positions: &[u32],
    now: &str,
) -> Result<u64, StorageError> {
    for_positions(
        db,
        "UPDATE campaign_recipients
            SET state = 'sent', needs_attention = 0, sent_at = COALESCE(intent_at, ?1),
                error_code = 'marked_sent', updated_at = ?1
          WHERE campaign_id = ?2 AND position = ?3 AND state = 'unknown' AND needs_attention = 1",
        campaign_id,
        positions,
        now,
    )
    .await
}

/// The user's "resend" on unknown rows waiting for them.
pub async fn attention_resend(
    db: &Db,
    campaign_id: i64,
    positions: &[u32],
    now: &str,
) -> Result<u64, StorageError> {
    for_positions(
        db,
        "UPDATE campaign_recipients
            SET state = 'pending', needs_attention = 0, checks = 0, instance_name = NULL,
                not_before = NULL, error_code = NULL, error_detail = NULL, updated_at = ?1
          WHERE campaign_id = ?2 AND position = ?3 AND state = 'unknown' AND needs_attention = 1",
        campaign_id,
        positions,
        now,
    )
    .await
}

/// "Retry failed": failed rows whose reason may pass (not invalid, not on WhatsApp, opted
/// out) go back to the queue with their attempts reset.
pub async fn retry_failed(db: &Db, campaign_id: i64, now: &str) -> Result<u64, StorageError> {
    let done = sqlx::query(
        "UPDATE campaign_recipients
            SET state = 'pending', attempts = 0, not_before = NULL, instance_name = NULL,
                error_code = NULL, error_detail = NULL, updated_at = ?1
          WHERE campaign_id = ?2 AND state = 'failed'
            AND COALESCE(error_code, '') NOT IN ('not_on_whatsapp', 'invalid', 'opted_out')",
    )
    .bind(now)
    .bind(campaign_id)
    .execute(db.pool())
    .await
    .map_err(q)?;
    Ok(done.rows_affected())
}

/// Sends of a number since `since` (all campaigns): its ceilings and today's count.
pub async fn sends_since(
    db: &Db,
    instance: &str,
    since: &str,
) -> Result<Vec<String>, StorageError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT intent_at FROM campaign_recipients
          WHERE instance_name = ? AND intent_at >= ? AND state IN ('sending', 'sent', 'unknown')
          ORDER BY intent_at",
    )
    .bind(instance)
    .bind(since)
    .fetch_all(db.pool())
    .await
    .map_err(q)?;
    Ok(rows.into_iter().map(|(t,)| t).collect())
}

/// When the number's warm-up started and when it last sent.
pub async fn usage(
    db: &Db,
    instance: &str,
) -> Result<(Option<String>, Option<String>, Option<String>), StorageError> {
    let row: Option<(Option<String>, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT warmup_started_at, last_sent_at, first_seen_open FROM instance_usage WHERE instance_name = ?",
    )
    .bind(instance)
    .fetch_optional(db.pool())
    .await
    .map_err(q)?;
    Ok(row.unwrap_or((None, None, None)))
}

/// Remembers the first time an instance was seen connected (new numbers are at risk).
pub async fn note_seen_open(db: &Db, instance: &str, now: &str) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO instance_usage (instance_name, first_seen_open) VALUES (?1, ?2)
         ON CONFLICT(instance_name) DO UPDATE SET first_seen_open = COALESCE(first_seen_open, ?2)",
    )
    .bind(instance)
    .bind(now)
    .execute(db.pool())
    .await
    .map_err(q)?;
    Ok(())
}

/// Whether the opt-out list holds this number (checked again at send time).
pub async fn opted_out(db: &Db, phone_e164: &str) -> Result<bool, StorageError> {
    crate::storage::opt_outs::contains(db, phone_e164).await
}

/// Which of these numbers are on the opt-out list now (one query for a claimed batch).
pub async fn opted_out_among(
    db: &Db,
    phones: &[&str],
) -> Result<std::collections::HashSet<String>, StorageError> {
    if phones.is_empty() {
        return Ok(std::collections::HashSet::new());
    }
    let list = serde_json::to_string(phones).map_err(|e| StorageError::Query(e.to_string()))?;
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT phone_e164 FROM opt_outs WHERE phone_e164 IN (SELECT value FROM json_each(?))",
    )
    .bind(list)
    .fetch_all(db.pool())
    .await
    .map_err(q)?;
    Ok(rows.into_iter().map(|(p,)| p).collect())
}
