//! Whats TIP: WhatsApp campaigns through the business's own Evolution API server.
//!
//! Domain modules (`evolution`, `instances`, `sandbox`, `secrets`, `settings`, `storage`,
//! `doctor`, `paths`, `qr`) never import Tauri, so the `tip` CLI and the tests use them
//! without a window. Only this file and `commands/` know about Tauri.

pub mod bindings;
pub mod commands;
pub mod doctor;
pub mod error;
pub mod evolution;
pub mod import;
pub mod instances;
pub mod logging;
pub mod paths;
pub mod qr;
pub mod sandbox;
pub mod secrets;
pub mod settings;
pub mod state;
pub mod storage;

use crate::error::IpcError;
use crate::paths::AppPaths;
use crate::secrets::Keychain;
use crate::state::AppState;
use crate::storage::Db;

/// Starts the desktop app.
pub fn run() {
    let paths = match AppPaths::resolve() {
        Ok(paths) => paths,
        Err(e) => {
            eprintln!("Whats TIP cannot start: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = logging::init(&paths.log_dir, cfg!(debug_assertions)) {
        eprintln!(
            "Whats TIP: logging to {} failed: {e}",
            paths.log_dir.display()
        );
    }
    tracing::info!(version = env!("CARGO_PKG_VERSION"), data = %paths.data_dir.display(), "starting");

    // A database that cannot open still gives a window, with an error screen.
    let database = tauri::async_runtime::block_on(Db::open(&paths.database())).map_err(|e| {
        tracing::error!(error = %e, "database unavailable");
        IpcError::from(e)
    });
    let state = AppState {
        keychain: Keychain::new(&paths.keyring_service),
        paths,
        database,
        demo: tokio::sync::Mutex::new(None),
    };

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "the window could not start");
        eprintln!("Whats TIP could not start its window: {e}");
        std::process::exit(1);
    }
}
