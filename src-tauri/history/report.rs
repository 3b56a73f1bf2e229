//! What the history screens read: a campaign's funnel, per-number health, replies per hour,
//! the replies and the review list, and one person's timeline. Counts of the journal come
//! from its covering index; delivered/read/replied/opted-out from `campaign_funnel`, kept
//! by triggers; lists page by key (never OFFSET), so any page answers in milliseconds.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

use super::optout::ReplyIntent;
use crate::campaign::{journal, CampaignCounts, CampaignView};
use crate::storage::{Db, StorageError};

fn q(err: sqlx::Error) -> StorageError {
    StorageError::from_sqlx(err)
}

/// Audience → excluded → submitted → delivered → read → replied → opted out, plus what did
/// not go (failed) and what waits for the user.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Funnel {
    pub audience: u32,
    pub excluded: u32,
    /// Accepted by the server (sent).
    pub submitted: u32,
    pub delivered: u32,
    pub read: u32,
    pub replied: u32,
    pub opted_out: u32,
    pub failed: u32,
    pub needs_attention: u32,
}

pub async fn funnel(db: &Db, campaign_id: i64) -> Result<Funnel, StorageError> {
    let counts = journal::shown_counts(db, campaign_id).await?;
    funnel_with(db, campaign_id, &counts).await
}

/// The funnel over journal counts the caller already has (the campaign view counts them).
pub async fn funnel_with(
    db: &Db,
    campaign_id: i64,
    counts: &CampaignCounts,
) -> Result<Funnel, StorageError> {
    let row = sqlx::query(
        "SELECT delivered, read, replied, opted_out FROM campaign_funnel WHERE campaign_id = ?",
    )
    .bind(campaign_id)
    .fetch_optional(db.pool())
    .await
    .map_err(q)?;
    let get = |i: usize| -> u32 {
        row.as_ref()
            .map(|r| u32::try_from(r.get::<i64, _>(i)).unwrap_or(u32::MAX))
            .unwrap_or(0)
    };
    Ok(Funnel {
        audience: counts.total,
        excluded: counts.excluded,
        submitted: counts.sent,
        delivered: get(0),
        read: get(1),
        replied: get(2),
        opted_out: get(3),
        failed: counts.failed,
        needs_attention: counts.needs_attention,
    })
}

/// One number's part in a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InstanceHealth {
    pub name: String,
    pub sent: u32,
    pub failed: u32,
    pub delivered: u32,
    /// Why it left the rotation, if it did (logged out, banned…), as a code.
    pub left_reason: Option<String>,
}

/// Each number's health from the campaign view and the journal tallies already read.
pub fn instance_health_from(
    campaign: &CampaignView,
    tallies: &[journal::InstanceTally],
) -> Vec<InstanceHealth> {
    campaign
        .instances
        .iter()
        .map(|i| {
            let tally = tallies.iter().find(|t| t.instance == i.name);
            InstanceHealth {
                name: i.name.clone(),
                sent: tally.map_or(0, |t| t.sent),
                failed: tally.map_or(0, |t| t.failed),
                delivered: tally.map_or(0, |t| t.delivered),
                left_reason: i.left_reason.map(|r| r.as_str().to_owned()),
            }
        })
        .collect()
}

pub async fn instance_health(
    db: &Db,
    campaign_id: i64,
) -> Result<Vec<InstanceHealth>, StorageError> {
    // One pass over the campaign's rows, grouped, then joined to its numbers (a join per
    // number would read the campaign's rows once for each of them).
    let rows = sqlx::query(
        "SELECT ci.instance_name, ci.left_reason,
                COALESCE(t.sent, 0), COALESCE(t.failed, 0), COALESCE(t.delivered, 0)
           FROM campaign_instances ci
           LEFT JOIN (SELECT instance_name, SUM(state = 'sent') AS sent,
                             SUM(state = 'failed') AS failed,
                             SUM(delivered_at IS NOT NULL) AS delivered
                        FROM campaign_recipients
                       WHERE campaign_id = ?1 AND instance_name IS NOT NULL
                       GROUP BY instance_name) t
             ON t.instance_name = ci.instance_name
          WHERE ci.campaign_id = ?1
          ORDER BY ci.instance_name",
    )
    .bind(campaign_id)
    .fetch_all(db.pool())
    .await
    .map_err(q)?;
    let n = |r: &sqlx::sqlite::SqliteRow, i: usize| u32::try_from(r.get::<i64, _>(i)).unwrap_or(0);
    Ok(rows
        .iter()
        .map(|r| InstanceHealth {
            name: r.get(0),
            left_reason: r.get(1),
            sent: n(r, 2),
            failed: n(r, 3),
            delivered: n(r, 4),
        })
        .collect())
}

/// Replies received in one hour (UTC, `YYYY-MM-DDTHH:00:00Z`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HourCount {
    pub hour: String,
    pub replies: u32,
}

pub async fn replies_per_hour(db: &Db, campaign_id: i64) -> Result<Vec<HourCount>, StorageError> {
    let rows = sqlx::query(
        "SELECT substr(received_at, 1, 13) || ':00:00Z' AS hour, COUNT(*) FROM replies
          WHERE campaign_id = ?1 GROUP BY hour ORDER BY hour",
    )
    .bind(campaign_id)
    .fetch_all(db.pool())
    .await
    .map_err(q)?;
    Ok(rows
        .iter()
        .map(|r| HourCount {
            hour: r.get(0),
            replies: u32::try_from(r.get::<i64, _>(1)).unwrap_or(0),
        })
        .collect())
}

/// How many recipients one error code stopped (the printed report's top reasons).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorCount {
    /// A code the UI translates (`not_on_whatsapp`, `retries_exhausted`…).
    pub code: String,
    pub count: u32,
}

/// The most frequent reasons messages did not go (failed, excluded or unconfirmed), most
/// frequent first; `limit` of them.
pub async fn top_errors(
    db: &Db,
    campaign_id: i64,
    limit: u32,
) -> Result<Vec<ErrorCount>, StorageError> {
    let rows = sqlx::query(
        "SELECT error_code, COUNT(*) AS n FROM campaign_recipients
          WHERE campaign_id = ?1 AND error_code IS NOT NULL
            AND state IN ('failed', 'excluded', 'unknown')
          GROUP BY error_code ORDER BY n DESC, error_code LIMIT ?2",
    )
    .bind(campaign_id)
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await
    .map_err(q)?;
    Ok(rows
        .iter()
        .map(|r| ErrorCount {
            code: r.get(0),
            count: u32::try_from(r.get::<i64, _>(1)).unwrap_or(u32::MAX),
        })
        .collect())
}

/// Sent more than `older_than` ago and still not delivered: flagged in the report.
pub async fn undelivered_since(
    db: &Db,
    campaign_id: i64,
    older_than: &str,
) -> Result<u32, StorageError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM campaign_recipients
          WHERE campaign_id = ?1 AND state = 'sent' AND receipt_rank < 3 AND sent_at < ?2",
    )
    .bind(campaign_id)
    .bind(older_than)
    .fetch_one(db.pool())
    .await
    .map_err(q)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// A reply as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReplyView {
    #[ts(type = "number")]
    pub id: i64,
    pub instance: String,
    pub phone: String,
    pub push_name: Option<String>,
    pub text: String,
    pub received_at: String,
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    /// The campaign's name, for lists across campaigns.
    #[ts(optional = nullable)]
    pub campaign_name: Option<String>,
    pub position: Option<u32>,
    pub intent: ReplyIntent,
    /// For a review: `opted_out` or `kept` once a person decided.
    pub reviewed: Option<String>,
}

/// Which replies a list shows, newest first, paged by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReplyQuery {
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    /// Only replies waiting in the review list.
    pub review_only: bool,
    /// Only replies that took the number off the lists (automatically or on review).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub opted_out_only: Option<bool>,
    /// Ids below this one (the last row of the previous page).
    #[ts(type = "number | null")]
    pub before: Option<i64>,
    pub limit: u32,
}

pub async fn replies(db: &Db, query: &ReplyQuery) -> Result<Vec<ReplyView>, StorageError> {
    let rows = sqlx::query(
        "SELECT r.id, r.instance_name, r.phone_e164, r.push_name, r.text, r.received_at,
                r.campaign_id, r.position, r.intent, r.reviewed, c.name
           FROM replies r LEFT JOIN campaigns c ON c.id = r.campaign_id
          WHERE (?1 IS NULL OR r.campaign_id = ?1)
            AND (?2 = 0 OR (r.intent = 'review' AND r.reviewed IS NULL))
            AND (?3 IS NULL OR r.id < ?3)
            AND (?5 = 0 OR r.intent = 'opt_out' OR r.reviewed = 'opted_out')
          ORDER BY r.id DESC LIMIT ?4",
    )
    .bind(query.campaign_id)
    .bind(query.review_only)
    .bind(query.before)
    .bind(i64::from(query.limit.clamp(1, 500)))
    .bind(query.opted_out_only.unwrap_or(false))
    .fetch_all(db.pool())
    .await
    .map_err(q)?;
    Ok(rows
        .iter()
        .map(|r| ReplyView {
            id: r.get(0),
            instance: r.get(1),
            phone: r.get(2),
            push_name: r.get(3),
            text: r.get(4),
            received_at: r.get(5),
            campaign_id: r.get(6),
            campaign_name: r.get(10),
            position: r
                .get::<Option<i64>, _>(7)
                .and_then(|p| u32::try_from(p).ok()),
            intent: match r.get::<String, _>(8).as_str() {
                "opt_out" => ReplyIntent::OptOut,
                "opt_in" => ReplyIntent::OptIn,
                "review" => ReplyIntent::Review,
                _ => ReplyIntent::None,
            },
            reviewed: r.get(9),
        })
        .collect())
}

/// One moment in a person's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    pub at: String,
    pub kind: TimelineKind,
    pub campaign: Option<String>,
    /// The reply's text, or the proof of a consent change.
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TimelineKind {
    Sent,
    Delivered,
    Read,
    Replied,
    OptedOut,
    OptedIn,
}

/// Everything that happened with one number, oldest first.
pub async fn timeline(db: &Db, phone_e164: &str) -> Result<Vec<TimelineEntry>, StorageError> {
    let mut entries = Vec::new();
    let sent = sqlx::query(
        "SELECT c.name, r.sent_at, r.delivered_at, r.read_at FROM campaign_recipients r
           JOIN campaigns c ON c.id = r.campaign_id
          WHERE (r.phone_e164 = ?1 OR r.phone_alternative = ?1) AND r.sent_at IS NOT NULL",
    )
    .bind(phone_e164)
    .fetch_all(db.pool())
    .await
    .map_err(q)?;
    for r in &sent {
        let campaign: String = r.get(0);
        for (i, kind) in [
            (1, TimelineKind::Sent),
            (2, TimelineKind::Delivered),
            (3, TimelineKind::Read),
        ] {
            if let Some(at) = r.get::<Option<String>, _>(i) {
                entries.push(TimelineEntry {
                    at,
                    kind,
                    campaign: Some(campaign.clone()),
                    detail: None,
                });
            }
        }
    }
    let replies = sqlx::query(
        "SELECT r.received_at, c.name, r.text FROM replies r
           LEFT JOIN campaigns c ON c.id = r.campaign_id WHERE r.phone_e164 = ?1",
    )
    .bind(phone_e164)
    .fetch_all(db.pool())
    .await
    .map_err(q)?;
    entries.extend(replies.iter().map(|r| TimelineEntry {
        at: r.get(0),
        kind: TimelineKind::Replied,
        campaign: r.get(1),
        detail: r.get(2),
    }));
    let consent =
        sqlx::query("SELECT created_at, action, proof FROM consent_ledger WHERE phone_e164 = ?1")
            .bind(phone_e164)
            .fetch_all(db.pool())
            .await
            .map_err(q)?;
    entries.extend(consent.iter().map(|r| TimelineEntry {
        at: r.get(0),
        kind: if r.get::<String, _>(1) == "opt_in" {
            TimelineKind::OptedIn
        } else {
            TimelineKind::OptedOut
        },
        campaign: None,
        detail: r.get(2),
    }));
    entries.sort_by(|a, b| a.at.cmp(&b.at));
    Ok(entries)
}
