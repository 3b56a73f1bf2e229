//! The OS keychain (Secret Service, macOS Keychain, Windows Credential Manager) via `keyring`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Sensitive;

/// The secrets the app keeps; each is one keychain entry under the app's service name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SecretKind {
    /// The Evolution server's global API key (`AUTHENTICATION_API_KEY`).
    EvolutionApiKey,
    /// The OpenAI (or compatible server) API key.
    OpenaiApiKey,
}

impl SecretKind {
    pub const ALL: [SecretKind; 2] = [SecretKind::EvolutionApiKey, SecretKind::OpenaiApiKey];

    /// The keychain "account" name; stable, since changing it would orphan saved keys.
    fn account(self) -> &'static str {
        match self {
            SecretKind::EvolutionApiKey => "evolution-api-key",
            SecretKind::OpenaiApiKey => "openai-api-key",
        }
    }
}

/// What the UI may learn about a secret: whether it exists and its last characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretStatus {
    pub configured: bool,
    pub hint: Option<String>,
}

/// Whether this machine has a usable keychain at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum KeychainStatus {
    Available,
    Unavailable { reason: String },
}

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    /// No Secret Service / keychain, or it is locked and refused access.
    #[error("the system keychain is not available: {0}")]
    Unavailable(String),
    #[error("the key is empty")]
    Empty,
    #[error("the key is too long for the system keychain")]
    TooLong,
    #[error("keychain error: {0}")]
    Other(String),
}

impl From<keyring::Error> for SecretsError {
    fn from(err: keyring::Error) -> Self {
        match err {
            keyring::Error::PlatformFailure(e) => SecretsError::Unavailable(e.to_string()),
            keyring::Error::NoStorageAccess(e) => SecretsError::Unavailable(e.to_string()),
            keyring::Error::TooLong(..) => SecretsError::TooLong,
            other => SecretsError::Other(other.to_string()),
        }
    }
}

/// Access to this app's entries in the OS keychain. Every call blocks on the OS service,
/// so the async methods run it on the blocking pool.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Keychain {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, kind: SecretKind) -> Result<keyring::Entry, SecretsError> {
        Ok(keyring::Entry::new(&self.service, kind.account())?)
    }

    /// Reads a probe entry: "not found" proves the keychain answers.
    pub fn status_blocking(&self) -> KeychainStatus {
        let probe = keyring::Entry::new(&self.service, "availability-probe")
            .and_then(|entry| entry.get_password());
        match probe {
            Ok(_) | Err(keyring::Error::NoEntry) => KeychainStatus::Available,
            Err(err) => KeychainStatus::Unavailable {
                reason: SecretsError::from(err).to_string(),
            },
        }
    }

    pub fn get_blocking(
        &self,
        kind: SecretKind,
    ) -> Result<Option<Sensitive<String>>, SecretsError> {
        match self.entry(kind)?.get_password() {
            Ok(value) => {
                super::redaction::remember(&value);
                Ok(Some(Sensitive::new(value)))
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    pub fn set_blocking(
        &self,
        kind: SecretKind,
        value: &Sensitive<String>,
    ) -> Result<(), SecretsError> {
        let trimmed = value.expose().trim();
        if trimmed.is_empty() {
            return Err(SecretsError::Empty);
        }
        super::redaction::remember(trimmed);
        self.entry(kind)?.set_password(trimmed)?;
        tracing::info!(secret = ?kind, "secret saved to the keychain");
        Ok(())
    }

    pub fn delete_blocking(&self, kind: SecretKind) -> Result<(), SecretsError> {
        match self.entry(kind)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => {
                tracing::info!(secret = ?kind, "secret removed from the keychain");
                Ok(())
            }
            Err(err) => Err(err.into()),
        }
    }

    pub fn secret_status_blocking(&self, kind: SecretKind) -> Result<SecretStatus, SecretsError> {
        Ok(match self.get_blocking(kind)? {
            Some(value) => SecretStatus {
                configured: true,
                hint: Some(value.hint()).filter(|h| !h.is_empty()),
            },
            None => SecretStatus {
                configured: false,
                hint: None,
            },
        })
    }

    pub async fn status(&self) -> KeychainStatus {
        let this = self.clone();
        blocking(move || Ok(this.status_blocking()))
            .await
            .unwrap_or_else(|e| KeychainStatus::Unavailable {
                reason: e.to_string(),
            })
    }

    pub async fn get(&self, kind: SecretKind) -> Result<Option<Sensitive<String>>, SecretsError> {
        let this = self.clone();
        blocking(move || this.get_blocking(kind)).await
    }

    pub async fn set(
        &self,
        kind: SecretKind,
        value: Sensitive<String>,
    ) -> Result<(), SecretsError> {
        let this = self.clone();
        blocking(move || this.set_blocking(kind, &value)).await
    }

    pub async fn delete(&self, kind: SecretKind) -> Result<(), SecretsError> {
        let this = self.clone();
        blocking(move || this.delete_blocking(kind)).await
    }

    pub async fn secret_status(&self, kind: SecretKind) -> Result<SecretStatus, SecretsError> {
        let this = self.clone();
        blocking(move || this.secret_status_blocking(kind)).await
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, SecretsError> + Send + 'static,
) -> Result<T, SecretsError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| SecretsError::Other(format!("keychain task failed: {e}")))?
}
