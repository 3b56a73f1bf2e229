//! Server profiles: several Evolution servers (two companies, production and testing), each
//! with its own address, keys, instances and data. One profile is open at a time, in the
//! window and in each `tip` run.
//!
//! Layout: the first profile ("default") lives in the app's data folder, exactly where data
//! lived before profiles existed, so upgrades move nothing. Every other profile has a folder
//! `profiles/<id>/` with its own database and settings file, and its own keychain service
//! (`<service>.profile.<id>`), so no key, contact or campaign is ever shared. `profiles.json`
//! in the data folder lists them and says which one the window opened last.

mod registry;

pub use registry::{ProfileRegistry, DEFAULT_PROFILE, MAX_NAME_CHARS};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One profile as the registry stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileEntry {
    /// Stable: names the folder and the keychain service, never changes on rename.
    pub id: String,
    /// `None` for the default profile until the user names it (the UI shows "Principal").
    #[serde(default)]
    pub name: Option<String>,
    pub created_at: String,
}

/// A profile as the window and `tip` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileView {
    pub id: String,
    /// `None`: the default profile, never renamed.
    pub name: Option<String>,
    pub is_default: bool,
    /// The one open in this window (or this `tip` run).
    pub current: bool,
    /// The Evolution server this profile talks to, when set.
    pub evolution_url: Option<String>,
    pub created_at: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("no profile {0:?}")]
    NotFound(String),
    #[error("a profile name cannot be empty")]
    EmptyName,
    #[error("a profile name has at most {MAX_NAME_CHARS} characters")]
    NameTooLong,
    #[error("a profile named {0:?} already exists")]
    NameInUse(String),
    #[error("the default profile cannot be deleted")]
    DefaultNotDeletable,
    #[error("the profile open now cannot be deleted; switch to another one first")]
    CurrentNotDeletable,
    /// Switching would stop work in progress: campaigns sending, imports, AI runs.
    #[error("{campaigns} campaign(s) sending and {jobs} other task(s) running in this profile")]
    Busy { campaigns: usize, jobs: usize },
    #[error("the profile list could not be read or saved: {0}")]
    Io(String),
    #[error("the profile's keys could not be removed: {0}")]
    Keychain(String),
}
