//! The server doctor for the window: an adapter over `server_doctor::check` with the
//! server in use.

use serde::Deserialize;
use tauri::AppHandle;
use ts_rs::TS;

use crate::app_core::Core;
use crate::error::AppError;
use crate::server_doctor::{self, InstanceObservation, ServerDiagnosis};

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DoctorCheckInput {
    /// The instance a connect dialog is waiting for, with what it saw so far.
    pub instance: Option<InstanceObservation>,
}

pub async fn doctor_check(
    _app: &AppHandle,
    core: &Core,
    input: DoctorCheckInput,
) -> Result<ServerDiagnosis, AppError> {
    let client = core.evolution().await?;
    Ok(server_doctor::check(&client, input.instance, server_doctor::no_qr_after()).await)
}
