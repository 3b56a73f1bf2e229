//! The campaign list of the history screens: one page of campaigns, newest first, with
//! their dates, numbers, counts and a small funnel, in a single query (no query per row).
//! Pages by id (keyset, never OFFSET); counts come from the journal's covering
//! `(campaign_id, state, position)` index and delivered/read/replied from `campaign_funnel`.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use ts_rs::TS;

use crate::campaign::{CampaignStatus, PauseReason};
use crate::storage::{Db, StorageError};

/// Which campaigns a list page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignListQuery {
    /// Part of the name (case-insensitive for plain letters).
    pub search: Option<String>,
    /// Only these statuses; empty for every status.
    #[serde(default)]
    pub statuses: Vec<CampaignStatus>,
    /// Started (or, never started, created) at or after this moment (UTC, RFC 3339).
    pub from: Option<String>,
    /// …and before this one.
    pub to: Option<String>,
    /// Ids below this one (the `next` of the previous page).
    #[ts(type = "number | null")]
    pub before: Option<i64>,
    pub limit: u32,
}

/// One row of the campaign list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub status: CampaignStatus,
    pub pause_reason: Option<PauseReason>,
    pub list_name: String,
    pub tag: Option<String>,
    pub created_at: String,
    pub scheduled_at: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// Instance names in rotation order of their names.
    pub instances: Vec<String>,
    pub audience: u32,
    pub excluded: u32,
    /// Not sent yet (pending or in flight).
    pub waiting: u32,
    pub sent: u32,
    pub failed: u32,
    pub delivered: u32,
    pub read: u32,
    pub replied: u32,
    pub opted_out: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignListPage {
    pub rows: Vec<CampaignSummary>,
    /// Pass as `before` for the next page; `None` on the last one.
    #[ts(type = "number | null")]
    pub next: Option<i64>,
}

/// `%`, `_` and `\` taken literally inside a LIKE pattern.
fn like_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

pub async fn page(db: &Db, query: &CampaignListQuery) -> Result<CampaignListPage, StorageError> {
    let limit = query.limit.clamp(1, 200);
    let search = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(like_pattern);
    let statuses = if query.statuses.is_empty() {
        None
    } else {
        Some(
            serde_json::to_string(
                &query
                    .statuses
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>(),
            )
            .unwrap_or_else(|_| "[]".into()),
        )
    };
    let rows = sqlx::query(
        "WITH page AS (
             SELECT id FROM campaigns
              WHERE (?1 IS NULL OR name LIKE ?1 ESCAPE '\\')
                AND (?2 IS NULL OR status IN (SELECT value FROM json_each(?2)))
                AND (?3 IS NULL OR COALESCE(started_at, created_at) >= ?3)
                AND (?4 IS NULL OR COALESCE(started_at, created_at) < ?4)
                AND (?5 IS NULL OR id < ?5)
              ORDER BY id DESC LIMIT ?6),
         -- Kept by triggers (migration 0010): a few rows per campaign, not its journal.
         counts AS (
             SELECT campaign_id, SUM(n) AS audience,
                    SUM(CASE WHEN state = 'excluded' THEN n ELSE 0 END) AS excluded,
                    SUM(CASE WHEN state IN ('pending', 'claimed', 'sending') THEN n ELSE 0 END)
                        AS waiting,
                    SUM(CASE WHEN state = 'sent' THEN n ELSE 0 END) AS sent,
                    SUM(CASE WHEN state = 'failed' THEN n ELSE 0 END) AS failed
               FROM campaign_counts
              WHERE campaign_id IN (SELECT id FROM page)
              GROUP BY campaign_id)
         SELECT c.id, c.name, c.status, c.list_name, c.tag, c.created_at, c.scheduled_at,
                c.started_at, c.finished_at,
                (SELECT group_concat(instance_name, char(10)) FROM
                    (SELECT instance_name FROM campaign_instances ci
                      WHERE ci.campaign_id = c.id ORDER BY instance_name)),
                COALESCE(k.audience, 0), COALESCE(k.excluded, 0), COALESCE(k.waiting, 0),
                COALESCE(k.sent, 0), COALESCE(k.failed, 0),
                COALESCE(f.delivered, 0), COALESCE(f.read, 0), COALESCE(f.replied, 0),
                COALESCE(f.opted_out, 0), c.pause_reason
           FROM page p
           JOIN campaigns c ON c.id = p.id
           LEFT JOIN counts k ON k.campaign_id = c.id
           LEFT JOIN campaign_funnel f ON f.campaign_id = c.id
          ORDER BY c.id DESC",
    )
    .bind(search)
    .bind(statuses)
    .bind(query.from.as_deref())
    .bind(query.to.as_deref())
    .bind(query.before)
    .bind(i64::from(limit))
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    let n = |r: &sqlx::sqlite::SqliteRow, i: usize| {
        u32::try_from(r.get::<i64, _>(i)).unwrap_or(u32::MAX)
    };
    let rows: Vec<CampaignSummary> = rows
        .iter()
        .map(|r| CampaignSummary {
            id: r.get(0),
            name: r.get(1),
            status: CampaignStatus::parse(&r.get::<String, _>(2)).unwrap_or(CampaignStatus::Draft),
            pause_reason: r
                .get::<Option<String>, _>(19)
                .as_deref()
                .and_then(PauseReason::parse),
            list_name: r.get(3),
            tag: r.get(4),
            created_at: r.get(5),
            scheduled_at: r.get(6),
            started_at: r.get(7),
            finished_at: r.get(8),
            instances: r
                .get::<Option<String>, _>(9)
                .map(|s| s.split('\n').map(str::to_owned).collect())
                .unwrap_or_default(),
            audience: n(r, 10),
            excluded: n(r, 11),
            waiting: n(r, 12),
            sent: n(r, 13),
            failed: n(r, 14),
            delivered: n(r, 15),
            read: n(r, 16),
            replied: n(r, 17),
            opted_out: n(r, 18),
        })
        .collect();
    let next = if rows.len() == limit as usize {
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(CampaignListPage { rows, next })
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn like_wildcards_are_literal() {
        assert_eq!(like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
