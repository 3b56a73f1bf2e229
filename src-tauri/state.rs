//! What every command can reach: paths, the database (or why it failed), the keychain.

use crate::error::IpcError;
use crate::paths::AppPaths;
use crate::sandbox::Sandbox;

/// The demo server and the key it accepts.
#[derive(Debug)]
pub struct DemoServer {
    pub sandbox: Sandbox,
    pub key: String,
}
use crate::secrets::Keychain;
use crate::storage::Db;

#[derive(Debug)]
pub struct AppState {
    pub paths: AppPaths,
    /// The app still opens when the database cannot, to show a clear error screen.
    pub database: Result<Db, IpcError>,
    pub keychain: Keychain,
    /// The in-process Evolution sandbox while demo mode is on (never persisted).
    pub demo: tokio::sync::Mutex<Option<DemoServer>>,
}

impl AppState {
    pub fn db(&self) -> Result<&Db, IpcError> {
        self.database.as_ref().map_err(Clone::clone)
    }
}
