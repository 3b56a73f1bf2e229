//! The first-run guide's commands: thin adapters over `app_core/first_run.rs`.

use serde::Deserialize;
use tauri::AppHandle;
use ts_rs::TS;

use crate::app_core::{ConnectionTest, Core, SampleList, TestMessage};
use crate::error::AppError;
use crate::secrets::Sensitive;

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectServerInput {
    pub url: String,
    #[ts(as = "String")]
    pub key: Sensitive<String>,
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SampleListInput {
    /// In the UI's language.
    pub list_name: String,
    /// How the user's own contact is called in the list ("Você (teste)").
    pub own_name: String,
    pub own_number: String,
}

pub async fn first_run_connect(
    _app: &AppHandle,
    core: &Core,
    input: ConnectServerInput,
) -> Result<ConnectionTest, AppError> {
    Ok(core.connect_server(&input.url, input.key).await?)
}

pub async fn first_run_sample_list(
    _app: &AppHandle,
    core: &Core,
    input: SampleListInput,
) -> Result<SampleList, AppError> {
    core.import_sample_list(&input.list_name, &input.own_name, &input.own_number)
        .await
}

pub async fn messages_send_test(
    _app: &AppHandle,
    core: &Core,
    instance: String,
    number: String,
    text: String,
) -> Result<TestMessage, AppError> {
    core.send_test_message(&instance, &number, &text).await
}
