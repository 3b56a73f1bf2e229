//! AI commands: the models a server offers, the editor's assistant (draft, rewrite,
//! variations, streamed), and per-contact personalisation runs (estimate, prepare, run with
//! progress and cancel, review, approve). The key is read from the keychain here and never
//! leaves Rust.

use serde::Deserialize;
use tauri::{AppHandle, Manager};
use ts_rs::TS;

use super::channel::{AssistChannel, PersonaliseChannel};
use super::jobs::CancelJobs;
use crate::ai::{AiClient, AiConfig, CostEstimate, ModelList};
use crate::compose::assist::{self, AssistOutcome, AssistTask};
use crate::compose::personalise::{
    self, MessageStatus, MessageView, PrepareInput, RunOptions, RunView,
};
use crate::error::AppError;
use crate::secrets::{KeychainStatus, SecretKind};
use crate::state::AppState;

/// Requests in flight at once when the UI does not say.
const DEFAULT_CONCURRENCY: u32 = 4;
/// Many providers' lowest rate tiers allow few parallel requests; more gains nothing.
const MAX_CONCURRENCY: u32 = 16;

/// The client for the saved server, model and the key in the keychain.
async fn client(app: &AppHandle, state: &AppState) -> Result<AiClient, AppError> {
    let settings = super::settings::load(app, &state.paths)?;
    let key = match state.keychain.status().await {
        KeychainStatus::Available => state.keychain.get(SecretKind::OpenaiApiKey).await?,
        KeychainStatus::Unavailable { .. } => None,
    };
    Ok(AiClient::new(AiConfig::from_settings(&settings, key)?)?)
}

pub async fn ai_models(app: &AppHandle, state: &AppState) -> Result<ModelList, AppError> {
    Ok(client(app, state).await?.list_models().await?)
}

/// Runs one assistant task, streaming its events; `job` names it for `ai_cancel`.
pub async fn ai_assist(
    app: &AppHandle,
    state: &AppState,
    task: AssistTask,
    job: String,
    on_event: AssistChannel,
) -> Result<AssistOutcome, AppError> {
    let client = client(app, state).await?;
    let jobs = app.state::<CancelJobs>();
    let cancel = jobs.start(&job);
    let outcome = assist::assist(&client, &task, &cancel, |event| on_event.send(event)).await;
    jobs.end(&job);
    Ok(outcome?)
}

pub async fn ai_cancel(app: &AppHandle, _state: &AppState, job: String) -> Result<(), AppError> {
    if !app.state::<CancelJobs>().cancel(&job) {
        tracing::debug!(%job, "cancel for a job that is not running");
    }
    Ok(())
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EstimateInput {
    pub body: String,
    #[ts(type = "number")]
    pub list_id: i64,
}

/// Tokens and cost of personalising `body` for the list, with the saved model.
pub async fn personalise_estimate(
    app: &AppHandle,
    state: &AppState,
    input: EstimateInput,
) -> Result<CostEstimate, AppError> {
    let settings = super::settings::load(app, &state.paths)?;
    Ok(personalise::estimate(
        state.db()?,
        &input.body,
        input.list_id,
        &settings.openai_model,
        settings.language,
    )
    .await?)
}

pub async fn personalise_prepare(
    app: &AppHandle,
    state: &AppState,
    input: PrepareInput,
) -> Result<RunView, AppError> {
    // The model comes from Settings whatever the UI sent: it is what will be billed.
    let settings = super::settings::load(app, &state.paths)?;
    let input = PrepareInput {
        model: settings.openai_model,
        ..input
    };
    Ok(personalise::prepare(state.db()?, &input).await?)
}

/// Runs (or resumes) a run until done, cancelled or stopped by an error; returns its state.
pub async fn personalise_run(
    app: &AppHandle,
    state: &AppState,
    run_id: i64,
    concurrency: Option<u32>,
    job: String,
    on_progress: PersonaliseChannel,
) -> Result<RunView, AppError> {
    let client = client(app, state).await?;
    let db = state.db()?;
    let jobs = app.state::<CancelJobs>();
    let cancel = jobs.start(&job);
    let options = RunOptions {
        concurrency: concurrency
            .unwrap_or(DEFAULT_CONCURRENCY)
            .clamp(1, MAX_CONCURRENCY) as usize,
        ..RunOptions::default()
    };
    let result = personalise::run(db, run_id, &client, options, &cancel, |progress| {
        on_progress.send(progress)
    })
    .await;
    jobs.end(&job);
    result?;
    Ok(personalise::get(db, run_id).await?)
}

pub async fn personalise_runs(
    _app: &AppHandle,
    state: &AppState,
) -> Result<Vec<RunView>, AppError> {
    Ok(personalise::list(state.db()?).await?)
}

pub async fn personalise_get(
    _app: &AppHandle,
    state: &AppState,
    run_id: i64,
) -> Result<RunView, AppError> {
    Ok(personalise::get(state.db()?, run_id).await?)
}

pub async fn personalise_messages(
    _app: &AppHandle,
    state: &AppState,
    run_id: i64,
    status: Option<MessageStatus>,
    offset: u64,
    limit: u32,
) -> Result<Vec<MessageView>, AppError> {
    Ok(personalise::messages(state.db()?, run_id, status, offset, limit.min(500)).await?)
}

pub async fn personalise_edit(
    _app: &AppHandle,
    state: &AppState,
    run_id: i64,
    position: i64,
    text: String,
) -> Result<(), AppError> {
    Ok(personalise::edit(state.db()?, run_id, position, &text).await?)
}

pub async fn personalise_retry_failed(
    _app: &AppHandle,
    state: &AppState,
    run_id: i64,
) -> Result<u64, AppError> {
    Ok(personalise::retry_failed(state.db()?, run_id).await?)
}

pub async fn personalise_approve(
    _app: &AppHandle,
    state: &AppState,
    run_id: i64,
) -> Result<RunView, AppError> {
    Ok(personalise::approve(state.db()?, run_id).await?)
}

pub async fn personalise_delete(
    _app: &AppHandle,
    state: &AppState,
    run_id: i64,
) -> Result<(), AppError> {
    Ok(personalise::delete(state.db()?, run_id).await?)
}
