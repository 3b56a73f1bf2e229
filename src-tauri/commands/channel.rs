//! Typed channels for commands that stream to the UI (import progress, opened files).
//!
//! `tauri::ipc::Channel` is read from the invoke message, not deserialised, and has no
//! TypeScript name; these newtypes give it one so the command list stays the single source
//! of the generated bindings.

use serde::Serialize;
use tauri::ipc::{Channel, CommandArg, CommandItem, InvokeError};
use tauri::Runtime;
use ts_rs::TS;

use crate::compose::assist::AssistEvent;
use crate::import::ImportProgress;
use crate::updates::UpdateProgress;

/// Declares a channel newtype whose TypeScript type is `Channel<Message>`.
macro_rules! typed_channel {
    ($(#[$doc:meta])* $name:ident => $message:ty, $ts:literal) => {
        $(#[$doc])*
        #[derive(Clone, TS)]
        #[ts(type = $ts)]
        pub struct $name(Channel<$message>);

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.0.id()).finish()
            }
        }

        impl $name {
            /// Sends one message; a closed window is not an error for the sender.
            pub fn send(&self, message: $message) {
                if let Err(e) = self.0.send(message) {
                    tracing::debug!(error = %e, "channel closed");
                }
            }
        }

        impl<'de, R: Runtime> CommandArg<'de, R> for $name {
            fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
                Channel::<$message>::from_command(command).map($name)
            }
        }
    };
}

typed_channel!(
    /// Import progress, at most every ~100 ms.
    ImportChannel => ImportProgress, "Channel<ImportProgress>"
);

typed_channel!(
    /// The AI assistant's answer as it is written, and its verdicts.
    AssistChannel => AssistEvent, "Channel<AssistEvent>"
);

typed_channel!(
    /// Files the user opened with the app (double-click, "Open with", drag and drop).
    OpenFileChannel => OpenedFile, "Channel<OpenedFile>"
);

/// A file handed to the app from outside the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenedFile {
    pub path: String,
    pub source: OpenSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum OpenSource {
    /// On the command line of this process or of a second one the single-instance plugin
    /// stopped (double-click, "Open with" on Windows and Linux).
    Launch,
    /// macOS's open-file event.
    OpenEvent,
    DragDrop,
}

typed_channel!(
    /// An update's download progress, then its verify and install stages.
    UpdateChannel => UpdateProgress, "Channel<UpdateProgress>"
);
