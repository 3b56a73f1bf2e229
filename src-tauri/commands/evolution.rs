//! Evolution commands: "Test connection" in Settings, and the client every Evolution
//! command uses (the demo server while demo mode is on, else the configured one).

use serde::Deserialize;
use tauri::AppHandle;
use ts_rs::TS;

use crate::error::AppError;
use crate::evolution::{ConnectionReport, EvolutionClient, EvolutionError};
use crate::secrets::{KeychainStatus, SecretKind};
use crate::state::AppState;

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestConnectionInput {
    /// The address typed in the form (tested before saving); `None` uses the saved one.
    pub url: Option<String>,
}

pub async fn evolution_test_connection(
    app: &AppHandle,
    state: &AppState,
    input: TestConnectionInput,
) -> Result<ConnectionReport, AppError> {
    let url = match input.url.filter(|u| !u.trim().is_empty()) {
        Some(url) => url,
        None => super::settings::load(app, &state.paths)?
            .evolution_url
            .ok_or(EvolutionError::NotConfigured)?,
    };
    let key = match state.keychain.status().await {
        KeychainStatus::Available => state.keychain.get(SecretKind::EvolutionApiKey).await?,
        KeychainStatus::Unavailable { .. } => None,
    };
    let client = EvolutionClient::new(&url, key)?;
    Ok(client.check_connection().await?)
}

/// The client for the server in use: the demo sandbox while demo mode is on, otherwise
/// the saved address with the global key from the keychain.
pub(super) async fn client(app: &AppHandle, state: &AppState) -> Result<EvolutionClient, AppError> {
    if let Some(demo) = state.demo.lock().await.as_ref() {
        let key = crate::secrets::Sensitive::new(demo.key.clone());
        return Ok(EvolutionClient::new(&demo.sandbox.url(), Some(key))?);
    }
    let url = super::settings::load(app, &state.paths)?
        .evolution_url
        .ok_or(EvolutionError::NotConfigured)?;
    let key = match state.keychain.status().await {
        KeychainStatus::Available => state.keychain.get(SecretKind::EvolutionApiKey).await?,
        KeychainStatus::Unavailable { .. } => None,
    };
    Ok(EvolutionClient::new(&url, key)?)
}
