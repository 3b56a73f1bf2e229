//! Key commands: the UI hands a key over once; afterwards it only sees its status.

use serde::Deserialize;
use tauri::AppHandle;
use ts_rs::TS;

use crate::app_core::Core;
use crate::error::AppError;
use crate::secrets::{SecretKind, SecretStatus, Sensitive};

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretInput {
    pub kind: SecretKind,
    #[ts(as = "String")]
    pub value: Sensitive<String>,
}

pub async fn secret_set(
    _app: &AppHandle,
    core: &Core,
    input: SecretInput,
) -> Result<SecretStatus, AppError> {
    core.keychain().set(input.kind, input.value).await?;
    Ok(core.keychain().secret_status(input.kind).await?)
}

pub async fn secret_remove(
    _app: &AppHandle,
    core: &Core,
    kind: SecretKind,
) -> Result<SecretStatus, AppError> {
    core.keychain().delete(kind).await?;
    Ok(core.keychain().secret_status(kind).await?)
}
