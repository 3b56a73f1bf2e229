//! Self-update decisions, free of Tauri: when to look for a new version (at start, then at
//! most every 12 h), whether now is a safe moment to install (no campaign sending), and how
//! this copy of the app can be updated at all (by itself, or by whatever installed it).
//!
//! The window's `commands/updates.rs` reads the bundle type Tauri stamped into the binary,
//! drives `tauri-plugin-updater` and turns its errors into [`UpdatesError`].

mod install_kind;
mod last_check;
mod policy;
mod progress;

pub use install_kind::{feed_target, route, InstallEnv, InstallKind, UpdateRoute};
pub use last_check::LastCheckStore;
pub use policy::{check_due, install_plan, InstallPlan, CHECK_INTERVAL};
pub use progress::{DownloadMeter, UpdateProgress};

use serde::Serialize;
use ts_rs::TS;

/// The result of "check for updates".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum UpdateCheck {
    /// An automatic check that was not due yet (the last one is less than 12 h old).
    Skipped,
    UpToDate {
        current_version: String,
    },
    Available {
        current_version: String,
        version: String,
        /// Release notes from the feed (plain text or Markdown).
        notes: Option<String>,
        /// RFC 3339, when the feed gives one.
        pub_date: Option<String>,
    },
    /// This copy is updated by something else (Flatpak, a package manager, …): say how.
    Manual {
        route: UpdateRoute,
    },
}

/// What the About dialog and the update dialog show about this install.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdatesStatus {
    pub current_version: String,
    pub route: UpdateRoute,
    /// RFC 3339; `None` before the first check.
    pub last_check: Option<String>,
    /// Campaigns sending right now (an install waits for them or pauses them first).
    #[ts(type = "number[]")]
    pub campaigns_sending: Vec<i64>,
}

/// Why looking for, downloading or installing an update failed. The app keeps working.
#[derive(Debug, thiserror::Error)]
pub enum UpdatesError {
    /// No network, DNS failure, refused connection, timeout.
    #[error("the update server could not be reached: {0}")]
    Unreachable(String),
    /// The server answered, with an error status.
    #[error("the update server answered with an error: {0}")]
    ServerError(String),
    /// `latest.json` is not a valid feed.
    #[error("the update feed is not valid: {0}")]
    BadFeed(String),
    /// The feed has no entry for this install type (e.g. `linux-x86_64-deb`).
    #[error("the update feed has no build for this install type (looked for {0})")]
    NoBuildForThisInstall(String),
    /// Missing, malformed, from another key, or bound to another version.
    #[error("the update's signature is not valid: {0}")]
    BadSignature(String),
    #[error("downloading the update failed: {0}")]
    Download(String),
    /// Includes a file that is not an installer of this install type.
    #[error("installing the update failed: {0}")]
    InstallFailed(String),
    #[error("{count} campaign(s) are sending; the update waits for them")]
    CampaignsSending { count: usize },
    #[error("this copy of Whats TIP is updated by {0}, not by itself")]
    NotSelfUpdating(String),
    #[error("no update has been found to install; check for updates first")]
    NothingToInstall,
    #[error("an update is already being installed")]
    Busy,
}
