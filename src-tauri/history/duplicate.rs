//! "Duplicate campaign": what a new wizard starts from, taken from an existing campaign (its
//! list and tag, message source, numbers, pacing and window). Nothing is created or sent
//! here; the user reviews the wizard and creates a new draft as usual.

use serde::Serialize;
use sqlx::Row;
use ts_rs::TS;

use crate::campaign::pacing::PacingSettings;
use crate::campaign::{CampaignError, MessageSource};
use crate::storage::{Db, StorageError};

/// A campaign's choices, for a new wizard. A list, template or personalisation deleted
/// since is `None`: the wizard asks for it again.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignCopy {
    /// The original's name (the UI adds "(copy)" in its language).
    pub name: String,
    #[ts(type = "number | null")]
    pub list_id: Option<i64>,
    pub tag: Option<String>,
    pub source: Option<MessageSource>,
    /// By name (the table keeps no rotation order).
    pub instances: Vec<String>,
    pub pacing: PacingSettings,
}

pub async fn copy_of(db: &Db, campaign_id: i64) -> Result<CampaignCopy, CampaignError> {
    let row = sqlx::query(
        "SELECT c.name, l.id, c.tag, c.source, t.id, p.id, c.pacing
           FROM campaigns c
           LEFT JOIN contact_lists l ON l.id = c.list_id
           LEFT JOIN templates t ON t.id = c.template_id
           LEFT JOIN personalisation_runs p ON p.id = c.run_id
          WHERE c.id = ?1",
    )
    .bind(campaign_id)
    .fetch_optional(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?
    .ok_or(CampaignError::NotFound(campaign_id))?;
    let source = match row.get::<String, _>(3).as_str() {
        "personalisation" => row
            .get::<Option<i64>, _>(5)
            .map(|run_id| MessageSource::Personalisation { run_id }),
        _ => row
            .get::<Option<i64>, _>(4)
            .map(|template_id| MessageSource::Template { template_id }),
    };
    let instances: Vec<String> = sqlx::query_scalar(
        "SELECT instance_name FROM campaign_instances WHERE campaign_id = ?1
          ORDER BY instance_name",
    )
    .bind(campaign_id)
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(CampaignCopy {
        name: row.get(0),
        list_id: row.get(1),
        tag: row.get(2),
        source,
        instances,
        pacing: serde_json::from_str(&row.get::<String, _>(6)).unwrap_or_default(),
    })
}
