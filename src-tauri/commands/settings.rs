//! Settings commands: non-secret values from the core's settings file, key status from
//! the keychain.

use serde::Serialize;
use tauri::AppHandle;
use ts_rs::TS;

use crate::app_core::Core;
use crate::error::AppError;
use crate::secrets::{Keychain, KeychainStatus, SecretKind, SecretStatus};
use crate::settings::{self, Settings};

/// What the Settings screen shows. Keys appear only as "configured" plus a hint.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub settings: Settings,
    pub keychain: KeychainStatus,
    /// `None` when the keychain cannot be read.
    pub secrets: Option<SecretsView>,
    /// The saved Evolution address is plain `http://` to another machine: the key travels
    /// unencrypted, and the screen says so.
    pub evolution_insecure: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretsView {
    pub evolution_api_key: SecretStatus,
    pub openai_api_key: SecretStatus,
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
        evolution_insecure: settings
            .evolution_url
            .as_deref()
            .is_some_and(settings::sends_keys_in_clear),
        settings,
        keychain: status,
        secrets,
    }
}

pub async fn settings_get(_app: &AppHandle, core: &Core) -> Result<SettingsView, AppError> {
    let settings = core.settings().load()?;
    Ok(view(core.keychain(), settings).await)
}

pub async fn settings_save(
    _app: &AppHandle,
    core: &Core,
    input: Settings,
) -> Result<SettingsView, AppError> {
    let settings = core.settings().save(input)?;
    tracing::info!(language = ?settings.language, theme = ?settings.theme, "settings saved");
    Ok(view(core.keychain(), settings).await)
}
