//! History: a campaign's report, the replies and review list, a number's timeline, and
//! the export of any of them to CSV or XLSX through the save dialog.

use tauri::AppHandle;

use super::file_dialog::{ask_save, SaveDialog};
use crate::app_core::{CampaignReport, Core, HistoryExportDone, HistoryExportRequest};
use crate::error::AppError;
use crate::history::export::ExportFormat;
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

pub async fn history_top_errors(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
) -> Result<Vec<crate::history::ErrorCount>, AppError> {
    core.history_top_errors(campaign_id).await
}

/// Asks where to save (the campaign's name and today's date suggested), then writes the
/// file. `None` when the user closed the dialog.
pub async fn history_export(
    app: &AppHandle,
    core: &Core,
    request: HistoryExportRequest,
    title: String,
) -> Result<Option<HistoryExportDone>, AppError> {
    let suggested = core.history_export_file_name(&request).await?;
    let (filter, extension) = match request.format {
        ExportFormat::Csv => ("CSV", "csv"),
        ExportFormat::Xlsx => ("Excel", "xlsx"),
    };
    let ask = SaveDialog {
        title,
        suggested,
        filter: (filter, &[extension]),
    };
    let Some(target) = ask_save(app, ask).await? else {
        return Ok(None);
    };
    let done = core.history_export(&request, &target).await?;
    tracing::info!(table = ?request.table, format = ?request.format, rows = done.rows, "history exported");
    Ok(Some(done))
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
