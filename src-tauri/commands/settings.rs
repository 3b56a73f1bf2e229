//! Settings commands: non-secret values in `tauri-plugin-store`, key status from the keychain.

use serde::Serialize;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;
use ts_rs::TS;

use crate::error::AppError;
use crate::paths::AppPaths;
use crate::secrets::{Keychain, KeychainStatus, SecretKind, SecretStatus};
use crate::settings::{Settings, STORE_KEY};
use crate::state::AppState;

/// What the Settings screen shows. Keys appear only as "configured" plus a hint.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub settings: Settings,
    pub keychain: KeychainStatus,
    /// `None` when the keychain cannot be read.
    pub secrets: Option<SecretsView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretsView {
    pub evolution_api_key: SecretStatus,
    pub openai_api_key: SecretStatus,
}

/// Reads the saved settings (defaults when none are saved yet).
pub fn load<R: Runtime>(app: &AppHandle<R>, paths: &AppPaths) -> Result<Settings, AppError> {
    let store = app
        .store(paths.settings_file())
        .map_err(|e| AppError::Store(e.to_string()))?;
    Ok(Settings::from_stored(store.get(STORE_KEY)))
}

fn save<R: Runtime>(
    app: &AppHandle<R>,
    paths: &AppPaths,
    settings: &Settings,
) -> Result<(), AppError> {
    let store = app
        .store(paths.settings_file())
        .map_err(|e| AppError::Store(e.to_string()))?;
    let value = serde_json::to_value(settings).map_err(|e| AppError::Internal(e.to_string()))?;
    store.set(STORE_KEY, value);
    // Written now rather than on the debounce, so a crash right after saving loses nothing.
    store.save().map_err(|e| AppError::Store(e.to_string()))
}

pub(super) async fn view(keychain: &Keychain, settings: Settings) -> SettingsView {
    let status = keychain.status().await;
    let secrets = match status {
        KeychainStatus::Available => {
            let evolution = keychain.secret_status(SecretKind::EvolutionApiKey).await;
            let openai = keychain.secret_status(SecretKind::OpenaiApiKey).await;
            match (evolution, openai) {
                (Ok(evolution_api_key), Ok(openai_api_key)) => Some(SecretsView {
                    evolution_api_key,
                    openai_api_key,
                }),
                _ => None,
            }
        }
        KeychainStatus::Unavailable { .. } => None,
    };
    SettingsView {
        settings,
        keychain: status,
        secrets,
    }
}

pub async fn settings_get(app: &AppHandle, state: &AppState) -> Result<SettingsView, AppError> {
    let settings = load(app, &state.paths)?;
    Ok(view(&state.keychain, settings).await)
}

pub async fn settings_save(
    app: &AppHandle,
    state: &AppState,
    input: Settings,
) -> Result<SettingsView, AppError> {
    let settings = input.validated()?;
    save(app, &state.paths, &settings)?;
    tracing::info!(language = ?settings.language, theme = ?settings.theme, "settings saved");
    Ok(view(&state.keychain, settings).await)
}
