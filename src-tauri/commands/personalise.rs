//! Per-contact personalisation commands: estimate, prepare, start/pause (the run goes on
//! in the core's background; progress arrives as `app-event`s), review, edit, approve.

use serde::Deserialize;
use tauri::AppHandle;
use ts_rs::TS;

use crate::ai::CostEstimate;
use crate::app_core::Core;
use crate::compose::personalise::{self, MessageStatus, MessageView, PrepareInput, RunView};
use crate::error::AppError;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EstimateInput {
    pub body: String,
    #[ts(type = "number")]
    pub list_id: i64,
}

/// Tokens and cost of personalising `body` for the list, with the saved model.
pub async fn personalise_estimate(
    _app: &AppHandle,
    core: &Core,
    input: EstimateInput,
) -> Result<CostEstimate, AppError> {
    let settings = core.settings().load()?;
    Ok(personalise::estimate(
        core.db()?,
        &input.body,
        input.list_id,
        &settings.openai_model,
        settings.language,
    )
    .await?)
}

pub async fn personalise_prepare(
    _app: &AppHandle,
    core: &Core,
    input: PrepareInput,
) -> Result<RunView, AppError> {
    // The model comes from Settings whatever the UI sent: it is what will be billed.
    let settings = core.settings().load()?;
    let input = PrepareInput {
        model: settings.openai_model,
        ..input
    };
    Ok(personalise::prepare(core.db()?, &input).await?)
}

/// Starts or resumes a run in the background; returns at once with the run `running`.
pub async fn personalise_start(
    _app: &AppHandle,
    core: &Core,
    run_id: i64,
    concurrency: Option<u32>,
) -> Result<RunView, AppError> {
    core.personalise_start(run_id, concurrency).await
}

/// Pauses a running run (answers already received are kept). False when it was not running.
pub async fn personalise_pause(
    _app: &AppHandle,
    core: &Core,
    run_id: i64,
) -> Result<bool, AppError> {
    Ok(core.personalise_pause(run_id))
}

pub async fn personalise_runs(_app: &AppHandle, core: &Core) -> Result<Vec<RunView>, AppError> {
    Ok(personalise::list(core.db()?).await?)
}

pub async fn personalise_get(
    _app: &AppHandle,
    core: &Core,
    run_id: i64,
) -> Result<RunView, AppError> {
    Ok(personalise::get(core.db()?, run_id).await?)
}

pub async fn personalise_messages(
    _app: &AppHandle,
    core: &Core,
    run_id: i64,
    status: Option<MessageStatus>,
    offset: u64,
    limit: u32,
) -> Result<Vec<MessageView>, AppError> {
    Ok(personalise::messages(core.db()?, run_id, status, offset, limit.min(500)).await?)
}

pub async fn personalise_edit(
    _app: &AppHandle,
    core: &Core,
    run_id: i64,
    position: i64,
    text: String,
) -> Result<(), AppError> {
    Ok(personalise::edit(core.db()?, run_id, position, &text).await?)
}

pub async fn personalise_retry_failed(
    _app: &AppHandle,
    core: &Core,
    run_id: i64,
) -> Result<u64, AppError> {
    Ok(personalise::retry_failed(core.db()?, run_id).await?)
}

pub async fn personalise_approve(
    _app: &AppHandle,
    core: &Core,
    run_id: i64,
) -> Result<RunView, AppError> {
    Ok(personalise::approve(core.db()?, run_id).await?)
}

pub async fn personalise_delete(
    _app: &AppHandle,
    core: &Core,
    run_id: i64,
) -> Result<(), AppError> {
    if core.personalise_is_running(run_id) {
        core.personalise_pause(run_id);
    }
    Ok(personalise::delete(core.db()?, run_id).await?)
}
