//! Server doctor: why a QR code never appears or an instance stays `connecting`, and what
//! to change on the Evolution server (`DEL_INSTANCE`, `CONFIG_SESSION_PHONE_*`,
//! `CACHE_REDIS_ENABLED`), plus advice for server versions the app was not tested with.
//!
//! Facts ([`facts`]) go through pure rules ([`rules::diagnose`]) into findings (ids with
//! parameters, [`findings`]); the window translates them with its i18n files, `tip doctor`
//! with [`texts`]. [`probe`] reads the facts from a live server.

pub mod facts;
pub mod findings;
pub mod probe;
pub mod rules;
pub mod texts;

use std::time::Duration;

use serde::Serialize;
use ts_rs::TS;

pub use facts::{InstanceFacts, InstanceObservation, ServerFacts};
pub use findings::{
    FindingId, FindingLevel, ServerFinding, ServerSetting, ServerVariable, SettingNote,
};
pub use rules::diagnose;

use crate::evolution::compat::{self, ServerSupport};
use crate::evolution::EvolutionClient;

/// After this long `connecting` with no QR, the contract (§8.1) says to report it.
pub const NO_QR_AFTER: Duration = Duration::from_secs(60);

/// Shortens [`NO_QR_AFTER`] (end-to-end tests, support sessions); it cannot lengthen it.
pub const NO_QR_AFTER_ENV: &str = "WHATS_TIP_NO_QR_AFTER_SECS";

/// The wait before a `connecting` instance without a QR is reported.
pub fn no_qr_after() -> Duration {
    std::env::var(NO_QR_AFTER_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(NO_QR_AFTER, |secs| {
            Duration::from_secs(secs).min(NO_QR_AFTER)
        })
}

/// What the window shows: the server as seen, its support level, the findings, and the
/// wait after which a connect dialog asks again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerDiagnosis {
    pub server: ServerFacts,
    pub support: Option<ServerSupport>,
    pub findings: Vec<ServerFinding>,
    pub no_qr_after_secs: u32,
}

/// The window's check: the server, and the instance being connected if there is one.
pub async fn check(
    client: &EvolutionClient,
    instance: Option<InstanceObservation>,
    no_qr_after: Duration,
) -> ServerDiagnosis {
    let server = probe::server_facts(client).await;
    let mut instances = Vec::new();
    if let Some(seen) = instance {
        instances.extend(probe::observed_instance(client, seen).await);
    }
    ServerDiagnosis {
        support: server.version.as_deref().map(compat::assess),
        findings: diagnose(&server, &instances, no_qr_after),
        no_qr_after_secs: u32::try_from(no_qr_after.as_secs()).unwrap_or(u32::MAX),
        server,
    }
}
