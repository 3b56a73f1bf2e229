//! "Is this number on WhatsApp?" for a campaign's unchecked recipients: `whatsappNumbers`
//! in small batches with random gaps between them (bulk checks get numbers banned),
//! spread over the campaign's instances, each answer kept for a while in `number_checks`.
//! The JID the server answers is where the message goes: it settles the Brazilian 9th
//! digit per contact.

use jiff::{SignedDuration, Timestamp};
use rand::Rng;
use sqlx::Row;

use crate::ai::CancelToken;
use crate::evolution::{digits, EvolutionClient, EvolutionError};
use crate::storage::{Db, StorageError};

use super::clock::{self, Clock};
use super::error::CampaignError;
use super::model::NumberCheckProgress;

/// Numbers per `whatsappNumbers` call.
pub const BATCH: usize = 10;

/// Gaps between calls: like a person checking a few contacts, not a scanner.
#[derive(Debug, Clone, Copy)]
pub struct CheckPace {
    pub min_gap: SignedDuration,
    pub max_gap: SignedDuration,
}

impl Default for CheckPace {
    fn default() -> Self {
        CheckPace {
            min_gap: SignedDuration::from_secs(8),
            max_gap: SignedDuration::from_secs(15),
        }
    }
}

/// Keeps one answer.
pub async fn remember(
    db: &Db,
    phone_e164: &str,
    on_whatsapp: bool,
    jid: Option<&str>,
    now: &str,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO number_checks (phone_e164, on_whatsapp, jid, checked_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(phone_e164) DO UPDATE SET on_whatsapp = excluded.on_whatsapp,
            jid = excluded.jid, checked_at = excluded.checked_at",
    )
    .bind(phone_e164)
    .bind(on_whatsapp)
    .bind(jid)
    .bind(now)
    .execute(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(())
}

/// Checked and total sendable-or-checked recipients of a campaign.
pub async fn progress(db: &Db, campaign_id: i64) -> Result<NumberCheckProgress, StorageError> {
    let row = sqlx::query(
        "SELECT SUM(verdict IN ('ready', 'not_on_whatsapp')) AS checked,
                SUM(verdict IN ('ready', 'not_on_whatsapp', 'unchecked')) AS total
           FROM campaign_recipients WHERE campaign_id = ?",
    )
    .bind(campaign_id)
    .fetch_one(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    let n = |c: &str| u32::try_from(row.get::<Option<i64>, _>(c).unwrap_or(0)).unwrap_or(0);
    Ok(NumberCheckProgress {
        checked: n("checked"),
        total: n("total"),
        running: false,
    })
}

/// Unchecked pending recipients, next batch (by position).
async fn next_batch(db: &Db, campaign_id: i64) -> Result<Vec<(u32, String)>, StorageError> {
    let rows = sqlx::query(
        "SELECT position, phone_e164 FROM campaign_recipients
          WHERE campaign_id = ? AND verdict = 'unchecked' AND state = 'pending'
          ORDER BY position LIMIT ?",
    )
    .bind(campaign_id)
    .bind(i64::try_from(BATCH).unwrap_or(10))
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                u32::try_from(r.get::<i64, _>("position")).unwrap_or(0),
                r.get::<String, _>("phone_e164"),
            )
        })
        .collect())
}

/// Applies one answer to every pending recipient with that number.
async fn apply(
    db: &Db,
    campaign_id: i64,
    phone: &str,
    on_whatsapp: bool,
    jid: Option<&str>,
    now: &str,
) -> Result<(), StorageError> {
    remember(db, phone, on_whatsapp, jid, now).await?;
    let sql = if on_whatsapp {
        "UPDATE campaign_recipients SET verdict = 'ready', jid = ?1, updated_at = ?2
          WHERE campaign_id = ?3 AND phone_e164 = ?4 AND verdict = 'unchecked' AND state = 'pending'"
    } else {
        "UPDATE campaign_recipients
            SET verdict = 'not_on_whatsapp', state = 'excluded', error_code = 'not_on_whatsapp',
                updated_at = ?2
          WHERE campaign_id = ?3 AND phone_e164 = ?4 AND verdict = 'unchecked' AND state = 'pending'"
    };
    sqlx::query(sql)
        .bind(jid)
        .bind(now)
        .bind(campaign_id)
        .bind(phone)
        .execute(db.pool())
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(())
}

/// Checks every unchecked recipient, batch by batch, until done or stopped. `instances`
/// take turns. `on_progress` is called after each batch.
#[allow(clippy::too_many_arguments)]
pub async fn check_all(
    db: &Db,
    client: &EvolutionClient,
    campaign_id: i64,
    instances: &[String],
    clock: &Clock,
    pace: CheckPace,
    stop: &CancelToken,
    mut on_progress: impl FnMut(NumberCheckProgress),
) -> Result<NumberCheckProgress, CampaignError> {
    let mut turn = 0_usize;
    let mut failures = 0_u32;
    loop {
        if stop.is_cancelled() || instances.is_empty() {
            break;
        }
        let batch = next_batch(db, campaign_id).await?;
        if batch.is_empty() {
            break;
        }
        let instance = &instances[turn % instances.len()];
        turn += 1;
        let numbers: Vec<String> = batch.iter().map(|(_, p)| digits(p)).collect();
        match client.whatsapp_numbers(instance, &numbers).await {
            Ok(answers) => {
                failures = 0;
                let now = clock::to_db(clock.now());
                for (_, phone) in &batch {
                    let asked = digits(phone);
                    // Matched by the echoed number; an unanswered number stays unchecked
                    // only if the server skipped it, so record it as checked-absent.
                    match answers.iter().find(|a| digits(&a.number) == asked) {
                        Some(a) => {
                            let jid = (a.exists && !a.jid.is_empty()).then_some(a.jid.as_str());
                            apply(db, campaign_id, phone, a.exists, jid, &now).await?;
                        }
                        None => apply(db, campaign_id, phone, false, None, &now).await?,
                    }
                }
            }
            Err(e) => {
                failures += 1;
                tracing::warn!(campaign_id, %instance, error = %e, "number check failed");
                // A refused key or licence will not pass by waiting.
                if failures >= 3
                    || matches!(
                        e,
                        EvolutionError::Unauthorized | EvolutionError::LicenceRequired { .. }
                    )
                {
                    return Err(e.into());
                }
            }
        }
        let mut p = progress(db, campaign_id).await?;
        p.running = true;
        on_progress(p);
        let gap = random_gap(pace);
        let until = clock.now().saturating_add(gap).unwrap_or(Timestamp::MAX);
        tokio::select! {
            () = clock.sleep_until(until) => {}
            () = stop.cancelled() => break,
        }
    }
    Ok(progress(db, campaign_id).await?)
}

fn random_gap(pace: CheckPace) -> SignedDuration {
    let lo = pace.min_gap.as_millis();
    let hi = pace.max_gap.as_millis().max(lo);
    let ms = rand::rng().random_range(lo..=hi);
    SignedDuration::from_millis(i64::try_from(ms).unwrap_or(0))
}
