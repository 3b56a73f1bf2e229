//! Campaign commands: create, pre-flight, test send, start/pause/resume/cancel, results
//! and the "needs attention" choices. The engine runs in the core's background and reports
//! through `app-event`s; these are one-line adapters over [`Core`].

use tauri::AppHandle;

use crate::app_core::Core;
use crate::campaign::{
    AttentionChoice, CampaignDraft, CampaignView, Preflight, RecipientPage, RecipientQuery,
    StartInput, TestSendOutcome,
};
use crate::error::AppError;

pub async fn campaign_list(_app: &AppHandle, core: &Core) -> Result<Vec<CampaignView>, AppError> {
    core.campaign_list().await
}

pub async fn campaign_get(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
) -> Result<CampaignView, AppError> {
    core.campaign_get(campaign_id).await
}

/// Creates a draft: every recipient's text is rendered and stored now.
pub async fn campaign_create(
    _app: &AppHandle,
    core: &Core,
    draft: CampaignDraft,
) -> Result<CampaignView, AppError> {
    core.campaign_create(&draft).await
}

/// Deletes a campaign that never sent anything (a draft or a scheduled one).
pub async fn campaign_delete(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
) -> Result<(), AppError> {
    core.campaign_delete(campaign_id).await
}

/// The pre-flight report as it stands (number checks go on in the background).
pub async fn campaign_preflight(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
) -> Result<Preflight, AppError> {
    core.campaign_preflight(campaign_id).await
}

/// Starts the paced `whatsappNumbers` checks of the campaign's unchecked numbers.
pub async fn campaign_check_numbers(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
) -> Result<Preflight, AppError> {
    core.campaign_check_numbers(campaign_id).await
}

/// Sends the first recipient's text to `number` (the user's own) through `instance`.
pub async fn campaign_test_send(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
    number: String,
    instance: Option<String>,
) -> Result<TestSendOutcome, AppError> {
    core.campaign_test_send(campaign_id, &number, instance.as_deref())
        .await
}

pub async fn campaign_start(
    _app: &AppHandle,
    core: &Core,
    input: StartInput,
) -> Result<CampaignView, AppError> {
    core.campaign_start(input.campaign_id, input.at.as_deref())
        .await
}

pub async fn campaign_pause(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
) -> Result<CampaignView, AppError> {
    core.campaign_pause(campaign_id).await
}

pub async fn campaign_resume(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
) -> Result<CampaignView, AppError> {
    core.campaign_resume(campaign_id).await
}

pub async fn campaign_cancel(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
) -> Result<CampaignView, AppError> {
    core.campaign_cancel(campaign_id).await
}

/// Puts failed recipients (except those who can never receive) back in the queue.
pub async fn campaign_retry_failed(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
) -> Result<CampaignView, AppError> {
    core.campaign_retry_failed(campaign_id).await
}

pub async fn campaign_recipients(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
    query: RecipientQuery,
) -> Result<RecipientPage, AppError> {
    core.campaign_recipients(campaign_id, &query).await
}

/// The user's choice for unknown outcomes the engine could not settle.
pub async fn campaign_resolve(
    _app: &AppHandle,
    core: &Core,
    campaign_id: i64,
    positions: Vec<u32>,
    choice: AttentionChoice,
) -> Result<CampaignView, AppError> {
    core.campaign_resolve(campaign_id, &positions, choice).await
}
