//! `tip doctor`: one look at everything the app depends on, without opening a window.

use serde::Serialize;

use crate::evolution::{ConnectionReport, EvolutionClient};
use crate::paths::AppPaths;
use crate::secrets::{Keychain, KeychainStatus, SecretKind};
use crate::settings;
use crate::storage::{Db, MigrationStatus};

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

pub async fn run(paths: &AppPaths) -> DoctorReport {
    let database = match Db::open(&paths.database()).await {
        Ok(db) => {
            let status = db.migration_status().await;
            db.close().await;
            match status {
                Ok(detail) => Check::Ok { detail },
                Err(e) => Check::Failed {
                    reason: e.to_string(),
                },
            }
        }
        Err(e) => Check::Failed {
            reason: e.to_string(),
        },
    };

    let keychain = Keychain::new(&paths.keyring_service);
    let (keychain_check, evolution_key) = match keychain.status().await {
        KeychainStatus::Unavailable { reason } => (Check::Failed { reason }, None),
        KeychainStatus::Available => {
            let evolution_key = keychain
                .get(SecretKind::EvolutionApiKey)
                .await
                .ok()
                .flatten();
            let openai = keychain.secret_status(SecretKind::OpenaiApiKey).await;
            let report = KeychainReport {
                service: paths.keyring_service.clone(),
                evolution_api_key: evolution_key.is_some(),
                openai_api_key: openai.map(|s| s.configured).unwrap_or(false),
            };
            (Check::Ok { detail: report }, evolution_key)
        }
    };

    let evolution = match settings::read_store_file(&paths.settings_file()) {
        Err(e) => Check::Failed {
            reason: e.to_string(),
        },
        Ok(s) => match s.evolution_url {
            None => Check::NotConfigured {
                reason: "no Evolution server address in Settings".into(),
            },
            Some(url) => match EvolutionClient::new(&url, evolution_key) {
                Err(e) => Check::Failed {
                    reason: e.to_string(),
                },
                Ok(client) => match client.check_connection().await {
                    Ok(detail) => Check::Ok { detail },
                    Err(e) => Check::Failed {
                        reason: format!("{url}: {e}"),
                    },
                },
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
