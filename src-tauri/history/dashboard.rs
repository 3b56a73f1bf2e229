//! The home screen's figures: each number's sends today against its daily cap (warm-up
//! included, computed by the same pacer the campaigns use), the campaigns that are sending,
//! scheduled or paused, and the replies waiting for a person's review.

use jiff::Timestamp;
use rand::SeedableRng;
use serde::Serialize;
use sqlx::Row;
use ts_rs::TS;

use super::campaigns::{self, CampaignListQuery, CampaignSummary};
use crate::campaign::engine::history_of;
use crate::campaign::pacing::{warmup_day, InstancePacer, PacingSettings};
use crate::campaign::{CampaignError, CampaignStatus};
use crate::storage::{Db, StorageError};

/// One number's day so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InstanceToday {
    pub name: String,
    /// Messages sent today (the local day of its sending window's time zone).
    pub sent_today: u32,
    /// Today's cap with warm-up; `None` when its campaign sends unpaced (demo, tests).
    pub cap_today: Option<u32>,
    /// Warm-up day a message sent now would belong to (1 = first day).
    pub warmup_day: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub instances: Vec<InstanceToday>,
    /// Sending, scheduled and paused campaigns, newest first.
    pub campaigns: Vec<CampaignSummary>,
    /// Replies that may be opt-out requests, waiting for the user.
    pub replies_to_review: u32,
}

/// Every number the app has sent with or lined up for a campaign, with the pacing of the
/// newest campaign that uses it (its cap and time zone decide "today").
async fn numbers(db: &Db) -> Result<Vec<(String, Option<String>)>, StorageError> {
    let rows = sqlx::query(
        "SELECT n.name,
                (SELECT c.pacing FROM campaign_instances ci JOIN campaigns c ON c.id = ci.campaign_id
                  WHERE ci.instance_name = n.name ORDER BY c.id DESC LIMIT 1)
           FROM (SELECT instance_name AS name FROM campaign_instances
                 UNION SELECT instance_name FROM instance_usage) n
          ORDER BY n.name",
    )
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

pub async fn dashboard(db: &Db, now: Timestamp) -> Result<Dashboard, CampaignError> {
    let mut instances = Vec::new();
    for (name, pacing) in numbers(db).await? {
        let settings: PacingSettings = pacing
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        let pacing = settings
            .validate()
            .or_else(|_| PacingSettings::default().validate())
            .map_err(|e| CampaignError::InvalidPacing(e.to_string()))?;
        let history = history_of(db, &pacing, &name, now).await?;
        let day = warmup_day(&history, now, &pacing.window);
        let pacer = InstancePacer::new(&pacing, history, rand::rngs::StdRng::seed_from_u64(0));
        let cap = pacer.cap_today(now);
        instances.push(InstanceToday {
            name,
            sent_today: pacer.sent_today(now),
            cap_today: (cap != u32::MAX).then_some(cap),
            warmup_day: day,
        });
    }
    let active = campaigns::page(
        db,
        &CampaignListQuery {
            statuses: vec![
                CampaignStatus::Running,
                CampaignStatus::Scheduled,
                CampaignStatus::Paused,
            ],
            limit: 50,
            ..CampaignListQuery::default()
        },
    )
    .await?;
    let review: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM replies WHERE intent = 'review' AND reviewed IS NULL",
    )
    .fetch_one(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(Dashboard {
        instances,
        campaigns: active.rows,
        replies_to_review: u32::try_from(review).unwrap_or(u32::MAX),
    })
}
