//! History: a campaign's report, the replies and review list, a number's timeline.

use tauri::AppHandle;

use crate::app_core::{CampaignReport, Core};
use crate::error::AppError;
use crate::history::{ReplyQuery, ReplyView, TimelineEntry};

pub async fn history_report(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
) -> Result<CampaignReport, AppError> {
    core.history_report(campaign_id).await
}

pub async fn history_replies(
    _app: &AppHandle,
    core: &Core,
    query: ReplyQuery,
) -> Result<Vec<ReplyView>, AppError> {
    core.history_replies(&query).await
}

pub async fn history_resolve_review(
    _app: &AppHandle,
    core: &Core,
    reply_id: i64,
    opt_out: bool,
) -> Result<bool, AppError> {
    core.history_resolve_review(reply_id, opt_out).await
}

pub async fn history_timeline(
    _app: &AppHandle,
    core: &Core,
    phone: String,
) -> Result<Vec<TimelineEntry>, AppError> {
    core.history_timeline(&phone).await
}

pub async fn history_campaigns(
    _app: &AppHandle,
    core: &Core,
    query: crate::history::CampaignListQuery,
) -> Result<crate::history::CampaignListPage, AppError> {
    core.history_campaigns(&query).await
}

pub async fn history_dashboard(
    _app: &AppHandle,
    core: &Core,
) -> Result<crate::history::Dashboard, AppError> {
    core.history_dashboard().await
}

pub async fn history_consent_proofs(
    _app: &AppHandle,
    core: &Core,
) -> Result<Vec<crate::history::ConsentEntry>, AppError> {
    core.history_consent_proofs().await
}

pub async fn history_consent(
    _app: &AppHandle,
    core: &Core,
    phone: String,
) -> Result<Vec<crate::history::ConsentEntry>, AppError> {
    core.history_consent(&phone).await
}

/// The stop words the app ships with (Settings' "restore defaults").
pub async fn history_default_opt_out_words(
    _app: &AppHandle,
    _core: &Core,
) -> Result<Vec<String>, AppError> {
    Ok(crate::history::default_stop_words())
}

pub async fn campaign_copy(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
) -> Result<crate::history::CampaignCopy, AppError> {
    core.campaign_copy(campaign_id).await
}

pub async fn history_recipients(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
    query: crate::campaign::RecipientQuery,
    instance: Option<String>,
) -> Result<crate::campaign::RecipientPage, AppError> {
    core.history_recipients(campaign_id, &query, instance.as_deref())
        .await
}
