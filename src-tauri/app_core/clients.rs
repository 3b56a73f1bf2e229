//! The one place that turns settings + keychain (+ the demo server while demo mode is on)
//! into an Evolution client and an AI client. Every caller, window or CLI, goes through it.

use crate::ai::{AiClient, AiConfig, AiError};
use crate::evolution::{EvolutionClient, EvolutionError};
use crate::secrets::{KeychainStatus, SecretKind, SecretsError, Sensitive};
use crate::settings::SettingsError;

use super::Core;

/// Values that win over the saved ones: the CLI's `--url`, and keys from the environment
/// for scripts on machines without a keychain.
#[derive(Debug, Clone, Default)]
pub struct ClientOverrides {
    pub evolution_url: Option<String>,
    pub evolution_key: Option<Sensitive<String>>,
    pub openai_key: Option<Sensitive<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    #[error(transparent)]
    Evolution(#[from] EvolutionError),
    #[error(transparent)]
    Ai(#[from] AiError),
}

impl Core {
    /// The client for the server in use: the demo sandbox while demo mode is on, otherwise
    /// the saved address (or `--url`) with the global key from the keychain (or the
    /// environment).
    pub async fn evolution(&self) -> Result<EvolutionClient, ClientError> {
        if let Some((url, key)) = self.demo_endpoint().await {
            return Ok(EvolutionClient::new(&url, Some(key))?);
        }
        let url = match &self.0.overrides.evolution_url {
            Some(url) => url.clone(),
            None => self
                .settings()
                .load()?
                .evolution_url
                .ok_or(EvolutionError::NotConfigured)?,
        };
        let key = match &self.0.overrides.evolution_key {
            Some(key) => Some(key.clone()),
            None => self.saved_key(SecretKind::EvolutionApiKey).await?,
        };
        Ok(EvolutionClient::new(&url, key)?)
    }

    /// The AI client for the saved server and model, with the key from the keychain (or
    /// the environment).
    pub async fn ai(&self) -> Result<AiClient, ClientError> {
        let settings = self.settings().load()?;
        let key = match &self.0.overrides.openai_key {
            Some(key) => Some(key.clone()),
            None => self.saved_key(SecretKind::OpenaiApiKey).await?,
        };
        Ok(AiClient::new(AiConfig::from_settings(&settings, key)?)?)
    }

    /// A saved key; none when the machine has no keychain (the server then answers
    /// "unauthorized", which the UI explains).
    pub(super) async fn saved_key(
        &self,
        kind: SecretKind,
    ) -> Result<Option<Sensitive<String>>, SecretsError> {
        match self.keychain().status().await {
            KeychainStatus::Available => self.keychain().get(kind).await,
            KeychainStatus::Unavailable { .. } => Ok(None),
        }
    }
}
