//! `tip doctor`: one look at everything the app depends on, without opening a window.

use std::time::Duration;

use serde::Serialize;

use crate::app_core::{ClientError, Core};
use crate::evolution::{
    ApiKeyCheck, ConnectionReport, ConnectionState, EvolutionClient, EvolutionError,
};
use crate::secrets::{KeychainStatus, SecretKind, SecretStatus};
use crate::server_doctor::{self, FindingLevel, ServerFacts, ServerFinding};
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
    /// The server doctor: version advice and instances stuck without a QR.
    pub server: Check<ServerChecks>,
}

/// What the server doctor saw and found.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerChecks {
    pub facts: ServerFacts,
    pub instances: Vec<InstanceSummary>,
    pub findings: Vec<ServerFinding>,
}

/// One instance as the doctor watched it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceSummary {
    pub name: String,
    pub state: ConnectionState,
    /// Whether a QR or pairing code came while it was `connecting` (None: not connecting).
    pub qr_seen: Option<bool>,
    /// How long it was watched while `connecting`.
    pub watched_secs: u64,
    pub vanished: bool,
}

/// How `tip doctor` runs.
#[derive(Debug, Clone, Copy)]
pub struct DoctorOptions {
    /// How long to watch an instance that is `connecting` without a QR before reporting it.
    pub qr_wait: Duration,
}

impl Default for DoctorOptions {
    fn default() -> Self {
        DoctorOptions {
            qr_wait: server_doctor::no_qr_after(),
        }
    }
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
        let server_failed = match &self.server {
            Check::Ok { detail } => detail
                .findings
                .iter()
                .any(|f| f.level == FindingLevel::Failure),
            other => other.is_failed(),
        };
        self.database.is_failed()
            || self.keychain.is_failed()
            || self.evolution.is_failed()
            || server_failed
    }
}

pub async fn run(core: &Core, options: DoctorOptions) -> DoctorReport {
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
    let (evolution, server) = match core.evolution().await {
        Err(ClientError::Evolution(EvolutionError::NotConfigured)) => {
            let reason = "no Evolution server address in Settings";
            (
                Check::NotConfigured {
                    reason: reason.into(),
                },
                Check::NotConfigured {
                    reason: reason.into(),
                },
            )
        }
        Err(e) => (
            Check::Failed {
                reason: e.to_string(),
            },
            Check::NotConfigured {
                reason: "no Evolution client".into(),
            },
        ),
        Ok(client) => {
            let evolution = match client.check_connection().await {
                Ok(detail) => Check::Ok { detail },
                Err(e) => Check::Failed {
                    reason: format!("{}: {e}", client.base_url()),
                },
            };
            let server = server_checks(&client, &evolution, options.qr_wait).await;
            (evolution, server)
        }
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
        server,
    }
}

/// The server doctor over the same client: facts from `GET /`, then (with a key the
/// server accepts) every instance, watching the `connecting` ones for a QR.
async fn server_checks(
    client: &EvolutionClient,
    connection: &Check<ConnectionReport>,
    qr_wait: Duration,
) -> Check<ServerChecks> {
    let mut facts = server_doctor::probe::server_facts(client).await;
    if facts.version.is_none() && !facts.licence_required {
        return Check::NotConfigured {
            reason: "the Evolution server did not say which version it is".into(),
        };
    }
    let key_works =
        matches!(connection, Check::Ok { detail } if detail.api_key == ApiKeyCheck::Valid);
    let mut watched = Vec::new();
    if key_works {
        match server_doctor::probe::observe_instances(
            client,
            qr_wait,
            server_doctor::probe::POLL_EVERY,
        )
        .await
        {
            Ok(instances) => watched = instances,
            Err(EvolutionError::LicenceRequired { .. }) => facts.licence_required = true,
            Err(e) => {
                return Check::Failed {
                    reason: format!("instances could not be listed: {e}"),
                }
            }
        }
    }
    let findings = server_doctor::diagnose(&facts, &watched, qr_wait);
    let instances = watched
        .into_iter()
        .map(|i| InstanceSummary {
            qr_seen: (i.state == ConnectionState::Connecting).then_some(i.qr_seen),
            watched_secs: i.connecting_for.as_secs(),
            name: i.name,
            state: i.state,
            vanished: i.vanished,
        })
        .collect();
    Check::Ok {
        detail: ServerChecks {
            facts,
            instances,
            findings,
        },
    }
}
