//! Instance commands: thin adapters over `crate::instances` with the server in use.

use serde::Deserialize;
use tauri::AppHandle;
use ts_rs::TS;

use crate::app_core::Core;
use crate::error::AppError;
use crate::instance_views::{self as instances, InstanceView, QrView};

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectInput {
    pub name: String,
    /// Digits with country code: ask for a pairing code instead of a QR.
    pub number: Option<String>,
}

pub async fn instances_list(_app: &AppHandle, core: &Core) -> Result<Vec<InstanceView>, AppError> {
    Ok(instances::list_with(&core.evolution().await?, core.live_states()).await?)
}

pub async fn instances_create(
    _app: &AppHandle,
    core: &Core,
    name: String,
) -> Result<InstanceView, AppError> {
    Ok(instances::create(&core.evolution().await?, &name).await?)
}

pub async fn instances_connect(
    _app: &AppHandle,
    core: &Core,
    input: ConnectInput,
) -> Result<QrView, AppError> {
    let number = input
        .number
        .as_deref()
        .map(crate::evolution::digits)
        .filter(|n| !n.is_empty());
    Ok(instances::connect(&core.evolution().await?, &input.name, number.as_deref()).await?)
}

pub async fn instances_qr(_app: &AppHandle, core: &Core, name: String) -> Result<QrView, AppError> {
    Ok(instances::current_qr(&core.evolution().await?, &name).await?)
}

pub async fn instances_restart(
    _app: &AppHandle,
    core: &Core,
    name: String,
) -> Result<(), AppError> {
    core.evolution().await?.restart(&name).await?;
    tracing::info!(instance = %name, "instance restarted");
    Ok(())
}

pub async fn instances_logout(_app: &AppHandle, core: &Core, name: String) -> Result<(), AppError> {
    core.evolution().await?.logout(&name).await?;
    tracing::info!(instance = %name, "instance logged out");
    Ok(())
}

pub async fn instances_delete(_app: &AppHandle, core: &Core, name: String) -> Result<(), AppError> {
    Ok(instances::delete(&core.evolution().await?, &name).await?)
}
