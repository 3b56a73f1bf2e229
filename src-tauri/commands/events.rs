//! The window's event sink: the core's events go to the webview as the Tauri event
//! `app-event` (already throttled by `events::Throttled`).

use tauri::{AppHandle, Emitter};

use crate::events::{AppEvent, EventSink};

/// The one event name the UI listens to (`ui/src/ipc/events.ts`).
pub const APP_EVENT: &str = "app-event";

#[derive(Debug)]
pub struct TauriEvents(pub AppHandle);

impl EventSink for TauriEvents {
    fn emit(&self, event: AppEvent) {
        // The tray and the OS follow campaigns even with the window hidden.
        match &event {
            AppEvent::CampaignProgress { counts, .. } => {
                super::tray::show_progress(&self.0, counts)
            }
            AppEvent::CampaignState {
                status,
                pause_reason,
                counts,
                ..
            } => super::tray::notify_state(&self.0, *status, *pause_reason, counts),
            _ => {}
        }
        if let Err(e) = self.0.emit(APP_EVENT, &event) {
            tracing::debug!(error = %e, "event not delivered");
        }
    }
}
