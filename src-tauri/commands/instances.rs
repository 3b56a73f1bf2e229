//! Instance commands: thin adapters over `crate::instances` with the configured server.

use serde::Deserialize;
use tauri::AppHandle;
use ts_rs::TS;

use crate::error::AppError;
use crate::instances::{self, InstanceView, QrView};
use crate::state::AppState;

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectInput {
    pub name: String,
    /// Digits with country code: ask for a pairing code instead of a QR.
    pub number: Option<String>,
}

pub async fn instances_list(
    app: &AppHandle,
    state: &AppState,
) -> Result<Vec<InstanceView>, AppError> {
    let client = super::evolution::client(app, state).await?;
    Ok(instances::list(&client).await?)
}

pub async fn instances_create(
    app: &AppHandle,
    state: &AppState,
    name: String,
) -> Result<InstanceView, AppError> {
    let client = super::evolution::client(app, state).await?;
    Ok(instances::create(&client, &state.keychain, &name).await?)
}

pub async fn instances_connect(
    app: &AppHandle,
    state: &AppState,
    input: ConnectInput,
) -> Result<QrView, AppError> {
    let client = super::evolution::client(app, state).await?;
    let number = input
        .number
        .as_deref()
        .map(crate::evolution::digits)
        .filter(|n| !n.is_empty());
    Ok(instances::connect(&client, &input.name, number.as_deref()).await?)
}

pub async fn instances_qr(
    app: &AppHandle,
    state: &AppState,
    name: String,
) -> Result<QrView, AppError> {
    let client = super::evolution::client(app, state).await?;
    Ok(instances::current_qr(&client, &name).await?)
}

pub async fn instances_restart(
    app: &AppHandle,
    state: &AppState,
    name: String,
) -> Result<(), AppError> {
    let client = super::evolution::client(app, state).await?;
    client.restart(&name).await?;
    tracing::info!(instance = %name, "instance restarted");
    Ok(())
}

pub async fn instances_logout(
    app: &AppHandle,
    state: &AppState,
    name: String,
) -> Result<(), AppError> {
    let client = super::evolution::client(app, state).await?;
    client.logout(&name).await?;
    tracing::info!(instance = %name, "instance logged out");
    Ok(())
}

pub async fn instances_delete(
    app: &AppHandle,
    state: &AppState,
    name: String,
) -> Result<(), AppError> {
    let client = super::evolution::client(app, state).await?;
    Ok(instances::delete(&client, &state.keychain, &name).await?)
}
