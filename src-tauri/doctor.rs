//! `tip doctor`: one look at everything the app depends on, without opening a window.

use serde::Serialize;

use crate::app_core::{ClientError, Core};
use crate::evolution::{ConnectionReport, EvolutionError};
use crate::secrets::{KeychainStatus, SecretKind, SecretStatus};
use crate::storage::MigrationStatus;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DoctorReport {
    pub version: &'static str,
    pub data_dir: String,
    pub log_dir: String,
    pub database_path: String,
    pub settings_file: String,
    pub database: Check<MigrationStatus>,
    pub keychain: Check<KeychainReport>,
    pub evolution: Check<ConnectionReport>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeychainReport {
    pub service: String,
    pub evolution_api_key: bool,
    pub openai_api_key: bool,
}

/// The outcome of one check: fine, not set up yet, or failing with a reason.
#[derive(Debug, Serialize)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum Check<T> {
    Ok { detail: T },
    NotConfigured { reason: String },
    Failed { reason: String },
}

impl<T> Check<T> {
    pub fn is_failed(&self) -> bool {
        matches!(self, Check::Failed { .. })
    }
}

impl DoctorReport {
    pub fn has_failures(&self) -> bool {
        self.database.is_failed() || self.keychain.is_failed() || self.evolution.is_failed()
    }
}

pub async fn run(core: &Core) -> DoctorReport {
    let paths = core.paths();
    let database = match core.database() {
        Ok(db) => match db.migration_status().await {
            Ok(detail) => Check::Ok { detail },
            Err(e) => Check::Failed {
                reason: e.to_string(),
            },
        },
        Err(e) => Check::Failed {
            reason: e.message.clone(),
        },
    };

    let keychain = core.keychain();
    let keychain_check = match keychain.status().await {
        KeychainStatus::Unavailable { reason } => Check::Failed { reason },
        KeychainStatus::Available => {
            let configured = |status: Result<SecretStatus, _>| status.is_ok_and(|s| s.configured);
            Check::Ok {
                detail: KeychainReport {
                    service: paths.keyring_service.clone(),
                    evolution_api_key: configured(
                        keychain.secret_status(SecretKind::EvolutionApiKey).await,
                    ),
                    openai_api_key: configured(
                        keychain.secret_status(SecretKind::OpenaiApiKey).await,
                    ),
                },
            }
        }
    };

    // The same client every command uses (saved address, or `--url`; key from the keychain).
    let evolution = match core.evolution().await {
        Err(ClientError::Evolution(EvolutionError::NotConfigured)) => Check::NotConfigured {
            reason: "no Evolution server address in Settings".into(),
        },
        Err(e) => Check::Failed {
            reason: e.to_string(),
        },
        Ok(client) => match client.check_connection().await {
            Ok(detail) => Check::Ok { detail },
            Err(e) => Check::Failed {
                reason: format!("{}: {e}", client.base_url()),
            },
        },
    };

    DoctorReport {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: paths.data_dir.display().to_string(),
        log_dir: paths.log_dir.display().to_string(),
        database_path: paths.database().display().to_string(),
        settings_file: paths.settings_file().display().to_string(),
        database,
        keychain: keychain_check,
        evolution,
    }
}
