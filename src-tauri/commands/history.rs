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
