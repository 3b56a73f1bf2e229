//! Whats TIP: WhatsApp campaigns through the business's own Evolution API server.
//!
//! Everything but this file, `main.rs`, `build.rs` and `commands/` is a Tauri-free core
//! (`scripts/check-architecture.sh` keeps it so): the window and the `tip` CLI both build an
//! [`app_core::Core`] and drive it.

pub mod about;
pub mod ai;
pub mod app_core;
pub mod bindings;
pub mod campaign;
pub mod commands;
pub mod compose;
pub mod contacts;
pub mod doctor;
pub mod error;
pub mod events;
pub mod evolution;
pub mod evolution_events;
pub mod evolution_sandbox;
pub mod export;
pub mod history;
pub mod import;
pub mod instance_views;
pub mod logging;
pub mod openai_sandbox;
pub mod paths;
pub mod profiles;
pub mod qr;
pub mod secrets;
pub mod server_doctor;
pub mod settings;
pub mod storage;
pub mod updates;

use std::sync::Arc;

use tauri::{DragDropEvent, Manager, WindowEvent};

use crate::app_core::{CoreOptions, CoreSlot};
use crate::commands::OpenSource;
use crate::events::Throttled;
use crate::paths::AppPaths;

/// mimalloc for every Rust allocation of the app, `tip` and the benches (they all link this
/// library). Imports allocate and free several small strings per row on three threads at
/// once; glibc's allocator spent about a sixth of a large import's CPU on that (arena locks,
/// consolidations), and mimalloc cut the import's CPU by 10-20% (README, Benchmarks). It is
/// built without its transparent-huge-page advice (`no_thp`): with it, peak RSS of a 100k-row
/// import rose from 30 to 48 MB. C libraries (SQLite, GTK, WebKit) keep the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

    let opened = commands::OpenFiles::default();
    let cwd = std::env::current_dir().unwrap_or_default();
    let args: Vec<String> = std::env::args().collect();
    opened.deliver(commands::files_in_args(&args, &cwd), OpenSource::Launch);

    let app = tauri::Builder::default()
        // First, so a second launch hands its files over before anything else starts.
        .plugin(single_instance(&paths))
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        // Signed self-update; the UI reaches it only through `commands/updates.rs`.
        .plugin(tauri_plugin_updater::Builder::new().build())
        .setup(move |app| {
            // The core is the same one `tip` builds; its events go to the webview. The
            // window holds one server profile's core at a time (the one used last).
            let events = Arc::new(Throttled::new(commands::TauriEvents(app.handle().clone())));
            let options = CoreOptions {
                events,
                ..CoreOptions::default()
            };
            // A database that cannot open still gives a window, with an error screen. The
            // profile's campaigns recover and continue, and scheduled ones start when due,
            // for as long as the app runs (window open or in the tray).
            let slot = tauri::async_runtime::block_on(CoreSlot::open(paths, options));
            if let Ok(view) = slot.view(&slot.current_id()) {
                commands::profiles::set_title(app.handle(), &view);
            }
            app.manage(slot);
            if let Err(e) = commands::tray::install(app.handle()) {
                tracing::warn!(error = %e, "no tray icon on this desktop");
            }
            Ok(())
        })
        .manage(opened)
        .manage(commands::FinishedImports::default())
        .manage(commands::PendingUpdate::default())
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                if commands::tray::hide_instead_of_close(window.app_handle()) {
                    api.prevent_close();
                }
            }
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
