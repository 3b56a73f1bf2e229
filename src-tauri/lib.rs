//! Whats TIP: WhatsApp campaigns through the business's own Evolution API server.
//!
//! Domain modules (`evolution`, `instances`, `sandbox`, `secrets`, `settings`, `storage`,
//! `doctor`, `paths`, `qr`) never import Tauri, so the `tip` CLI and the tests use them
//! without a window. Only this file and `commands/` know about Tauri.

pub mod ai;
pub mod bindings;
pub mod commands;
pub mod compose;
pub mod doctor;
pub mod error;
pub mod evolution;
pub mod export;
pub mod import;
pub mod instances;
pub mod logging;
pub mod openai_sandbox;
pub mod paths;
pub mod qr;
pub mod sandbox;
pub mod secrets;
pub mod settings;
pub mod state;
pub mod storage;

use tauri::{DragDropEvent, Manager, WindowEvent};

use crate::commands::OpenSource;
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
    // Personalisation runs a crash left running are paused, for the user to resume.
    if let Ok(db) = &database {
        if let Err(e) = tauri::async_runtime::block_on(compose::personalise::recover(db)) {
            tracing::error!(error = %e, "recovering interrupted personalisation runs failed");
        }
    }
    let state = AppState {
        keychain: Keychain::new(&paths.keyring_service),
        paths,
        database,
        demo: tokio::sync::Mutex::new(None),
    };

    let opened = commands::OpenFiles::default();
    let cwd = std::env::current_dir().unwrap_or_default();
    let args: Vec<String> = std::env::args().collect();
    opened.deliver(commands::files_in_args(&args, &cwd), OpenSource::Launch);

    let app = tauri::Builder::default()
        // First, so a second launch hands its files over before anything else starts.
        .plugin(single_instance(&state.paths))
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .manage(opened)
        .manage(commands::FinishedImports::default())
        .manage(commands::CancelJobs::default())
        .on_window_event(|window, event| {
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                window
                    .state::<commands::OpenFiles>()
                    .deliver(paths.clone(), OpenSource::DragDrop);
            }
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            tracing::error!(error = %e, "the window could not start");
            eprintln!("Whats TIP could not start its window: {e}");
            std::process::exit(1);
        }
    };
    app.run(|_app, _event| {
        // macOS passes double-clicked files as an event, not on the command line.
        #[cfg(any(target_os = "macos", target_os = "ios"))]
        if let tauri::RunEvent::Opened { urls } = _event {
            let paths = urls.into_iter().filter_map(|u| u.to_file_path().ok());
            _app.state::<commands::OpenFiles>()
                .deliver(paths, OpenSource::OpenEvent);
        }
    });
}

/// A second launch (double-clicking a spreadsheet while the app runs) hands its files to
/// the running window and exits. Profiles with their own data folder (tests, a second
/// account) are separate instances, so they get their own D-Bus name on Linux.
fn single_instance(paths: &AppPaths) -> tauri::plugin::TauriPlugin<tauri::Wry> {
    let builder = tauri_plugin_single_instance::Builder::new().callback(|app, args, cwd| {
        let files = commands::files_in_args(&args, std::path::Path::new(&cwd));
        app.state::<commands::OpenFiles>()
            .deliver(files, OpenSource::Launch);
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.set_focus();
        }
    });
    #[cfg(target_os = "linux")]
    let builder = match paths.profile_id() {
        Some(profile) => builder.dbus_id(format!("br.com.whatstip.desktop.p{profile}")),
        None => builder,
    };
    #[cfg(not(target_os = "linux"))]
    let _ = paths;
    builder.build()
}
