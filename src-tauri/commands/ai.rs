//! AI assistant commands: the models a server offers, and the editor's assistant (draft,
//! rewrite, variations, streamed through a Channel). The key stays in Rust: the core builds
//! the client.

use tauri::AppHandle;

use super::channel::AssistChannel;
use crate::ai::ModelList;
use crate::app_core::Core;
use crate::compose::assist::{self, AssistOutcome, AssistTask};
use crate::error::AppError;

pub async fn ai_models(_app: &AppHandle, core: &Core) -> Result<ModelList, AppError> {
    Ok(core.ai().await?.list_models().await?)
}

/// Runs one assistant task, streaming its events; `job` names it for `ai_cancel`.
pub async fn ai_assist(
    _app: &AppHandle,
    core: &Core,
    task: AssistTask,
    job: String,
    on_event: AssistChannel,
) -> Result<AssistOutcome, AppError> {
    let client = core.ai().await?;
    let cancel = core.jobs().start(&job);
    let outcome = assist::assist(&client, &task, &cancel, |event| on_event.send(event)).await;
    core.jobs().end(&job);
    Ok(outcome?)
}

pub async fn ai_cancel(_app: &AppHandle, core: &Core, job: String) -> Result<(), AppError> {
    if !core.jobs().cancel(&job) {
        tracing::debug!(%job, "cancel for a job that is not running");
    }
    Ok(())
}
