//! The window's background life: a tray icon that shows a running campaign's progress,
//! OS notifications when a campaign finishes or pauses itself, closing the window while a
//! campaign sends hides it instead (the engine keeps going), and quitting asks first.

use std::sync::Mutex;
use std::time::Duration;

use tauri::menu::{Menu, MenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons};
use tauri_plugin_notification::NotificationExt;

use crate::campaign::{CampaignCounts, CampaignStatus, PauseReason};
use crate::settings::Language;

const TRAY_ID: &str = "main";
/// The tray's "Check for updates" asks the window to open its update dialog.
const CHECK_UPDATES_EVENT: &str = "menu-check-updates";

/// Words of the tray and the notifications, in the user's language.
struct Words {
    open: &'static str,
    check_updates: &'static str,
    quit: &'static str,
    idle: &'static str,
    sending: &'static str,
    finished: &'static str,
    paused: &'static str,
    keeps_sending: &'static str,
    quit_title: &'static str,
    quit_text: &'static str,
}

fn words(language: Language) -> Words {
    match language {
        Language::En => Words {
            open: "Open Whats TIP",
            check_updates: "Check for updates",
            quit: "Quit",
            idle: "Whats TIP",
            sending: "sending",
            finished: "Campaign finished",
            paused: "Campaign paused",
            keeps_sending: "The campaign keeps sending in the background. Use the tray icon to open Whats TIP.",
            quit_title: "A campaign is sending",
            quit_text: "Quitting pauses it after the message being sent. You can resume it later. Quit anyway?",
        },
        _ => Words {
            open: "Abrir Whats TIP",
            check_updates: "Procurar atualizações",
            quit: "Sair",
            idle: "Whats TIP",
            sending: "enviando",
            finished: "Campanha concluída",
            paused: "Campanha pausada",
            keeps_sending: "A campanha continua enviando em segundo plano. Use o ícone da bandeja para abrir o Whats TIP.",
            quit_title: "Uma campanha está enviando",
            quit_text: "Sair pausa a campanha depois da mensagem em envio. Você pode retomá-la depois. Sair mesmo assim?",
        },
    }
}

fn language(app: &AppHandle) -> Language {
    super::current_core(app)
        .and_then(|core| core.settings().load().ok())
        .map(|s| s.language)
        .unwrap_or_default()
}

/// The tray icon, kept alive for the app's life (dropping it removes the icon).
pub struct Tray(#[allow(dead_code)] Mutex<Option<TrayIcon>>);

impl std::fmt::Debug for Tray {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tray")
    }
}

pub fn install(app: &AppHandle) -> tauri::Result<()> {
    let w = words(language(app));
    let open = MenuItem::with_id(app, "open", w.open, true, None::<&str>)?;
    let check_updates =
        MenuItem::with_id(app, "check_updates", w.check_updates, true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", w.quit, true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &check_updates, &quit])?;
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .menu(&menu)
        .tooltip(w.idle)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "open" => show_window(app),
            "check_updates" => {
                // The window opens its update dialog (`ui/src/ipc/updates.ts`).
                show_window(app);
                if let Err(e) = app.emit(CHECK_UPDATES_EVENT, ()) {
                    tracing::warn!(error = %e, "could not ask the window to check for updates");
                }
            }
            "quit" => request_quit(app),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    let tray = builder.build(app)?;
    app.manage(Tray(Mutex::new(Some(tray))));
    Ok(())
}

pub fn show_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// The tray's text follows the running campaign.
pub fn show_progress(app: &AppHandle, counts: &CampaignCounts) {
    let w = words(language(app));
    let to_send = counts.total - counts.excluded;
    let text = format!(
        "Whats TIP: {} {}/{}",
        w.sending,
        counts.sent + counts.failed,
        to_send
    );
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        let _ = tray.set_tooltip(Some(&text));
    }
}

/// An OS notification when a campaign ends or pauses by itself (not when the user
/// paused it: they know).
pub fn notify_state(
    app: &AppHandle,
    status: CampaignStatus,
    reason: Option<PauseReason>,
    counts: &CampaignCounts,
) {
    let w = words(language(app));
    let title = match (status, reason) {
        (CampaignStatus::Completed, _) => w.finished,
        (CampaignStatus::Paused, Some(r)) if r != PauseReason::User => w.paused,
        _ => {
            if let Some(tray) = app.tray_by_id(TRAY_ID) {
                let _ = tray.set_tooltip(Some(w.idle));
            }
            return;
        }
    };
    if let Some(tray) = app.tray_by_id(TRAY_ID) {
        let _ = tray.set_tooltip(Some(w.idle));
    }
    let body = format!(
        "{} ✓  {} ✗  ({})",
        counts.sent,
        counts.failed,
        counts.total - counts.excluded
    );
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::debug!(error = %e, "notification not shown");
    }
}

fn running(app: &AppHandle) -> Vec<i64> {
    let Some(core) = super::current_core(app) else {
        return Vec::new();
    };
    tauri::async_runtime::block_on(core.campaigns_running()).unwrap_or_default()
}

/// Closing the window while a campaign sends hides it; otherwise the app closes.
/// Returns true when the close was turned into a hide.
pub fn hide_instead_of_close(app: &AppHandle) -> bool {
    if running(app).is_empty() {
        return false;
    }
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.hide();
    }
    let w = words(language(app));
    let _ = app
        .notification()
        .builder()
        .title(w.idle)
        .body(w.keeps_sending)
        .show();
    true
}

/// "Quit" from the tray: asks when a campaign is sending, then pauses it cleanly.
pub fn request_quit(app: &AppHandle) {
    let campaigns = running(app);
    if campaigns.is_empty() {
        app.exit(0);
        return;
    }
    let w = words(language(app));
    let handle = app.clone();
    app.dialog()
        .message(w.quit_text)
        .title(w.quit_title)
        .buttons(MessageDialogButtons::OkCancelCustom(
            w.quit.to_owned(),
            "Cancel".to_owned(),
        ))
        .show(move |quit| {
            if !quit {
                return;
            }
            tauri::async_runtime::spawn(async move {
                if let Some(core) = super::current_core(&handle) {
                    for id in &campaigns {
                        let _ = core.campaign_pause(*id).await;
                    }
                    // The message in flight finishes (bounded by the send timeout).
                    for _ in 0..600 {
                        if campaigns.iter().all(|id| !core.campaign_is_running(*id)) {
                            break;
                        }
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
                handle.exit(0);
            });
        });
}
