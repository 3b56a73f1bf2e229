//! Demo mode commands: thin adapters over the core's demo server (`app_core/demo.rs`).

use tauri::AppHandle;

use crate::app_core::Core;
use crate::error::AppError;

pub async fn demo_start(_app: &AppHandle, core: &Core) -> Result<(), AppError> {
    Ok(core.demo_start().await?)
}

pub async fn demo_stop(_app: &AppHandle, core: &Core) -> Result<(), AppError> {
    core.demo_stop().await;
    Ok(())
}

pub async fn demo_scan(_app: &AppHandle, core: &Core, name: String) -> Result<(), AppError> {
    Ok(core.demo_scan(&name).await?)
}
