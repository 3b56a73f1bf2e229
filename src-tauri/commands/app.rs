//! App-level commands: start-up status for the UI's first screen, and opening folders.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager};
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

use crate::app_core::Core;
use crate::error::{AppError, IpcError};
use crate::secrets::KeychainStatus;
use crate::storage::MigrationStatus;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
    pub database: DatabaseStatus,
    pub keychain: KeychainStatus,
    /// Demo mode: the app talks to an in-process sandbox, not a real server.
    pub demo: bool,
    /// The server profile open in this window.
    pub profile: Option<crate::profiles::ProfileView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum DatabaseStatus {
    Ready {
        path: String,
        migrations: MigrationStatus,
    },
    Failed {
        path: String,
        error: IpcError,
    },
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FolderKind {
    Logs,
    Data,
}

pub async fn app_status(app: &AppHandle, core: &Core) -> Result<AppStatus, AppError> {
    let path = core.paths().database().display().to_string();
    let database = match core.database() {
        Ok(db) => match db.migration_status().await {
            Ok(migrations) => DatabaseStatus::Ready { path, migrations },
            Err(e) => DatabaseStatus::Failed {
                path,
                error: e.into(),
            },
        },
        Err(error) => DatabaseStatus::Failed {
            path,
            error: error.clone(),
        },
    };
    Ok(AppStatus {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: core.paths().data_dir.display().to_string(),
        log_dir: core.paths().log_dir.display().to_string(),
        database,
        keychain: core.keychain().status().await,
        demo: core.demo_running().await,
        // A profile list that cannot be read must not hide the start-up screen.
        profile: app
            .try_state::<crate::app_core::CoreSlot>()
            .and_then(|slot| {
                slot.view(&slot.current_id())
                    .inspect_err(|e| tracing::warn!(error = %e, "profile list unreadable"))
                    .ok()
            }),
    })
}

pub async fn app_open_folder(
    app: &AppHandle,
    core: &Core,
    folder: FolderKind,
) -> Result<(), AppError> {
    let path = match folder {
        FolderKind::Logs => &core.paths().log_dir,
        FolderKind::Data => &core.paths().data_dir,
    };
    std::fs::create_dir_all(path).map_err(|e| AppError::Internal(e.to_string()))?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| AppError::Internal(format!("could not open {}: {e}", path.display())))
}
