//! The native open and save dialogs every command uses, and the one place a window test can
//! answer them: WebDriver cannot reach a native dialog, so with `WHATS_TIP_E2E_SAVE_DIR` set
//! to an existing folder a save goes there under the suggested name, and with
//! `WHATS_TIP_E2E_OPEN_FILE` set to an existing file an open picks it. Either variable
//! only replaces what the user would have picked, with the same rights the user has.

use std::path::{Path, PathBuf};

use tauri::AppHandle;
use tauri_plugin_dialog::{DialogExt, FilePath};

use crate::error::{AppError, DialogError};

/// What a save dialog shows.
pub struct SaveDialog<'a> {
    pub title: String,
    pub suggested: String,
    /// The filter's label ("CSV", "Excel") and the extensions it keeps.
    pub filter: (&'a str, &'a [&'a str]),
}

/// Asks where to save. `None` when the user closed the dialog.
pub async fn ask_save(app: &AppHandle, ask: SaveDialog<'_>) -> Result<Option<PathBuf>, AppError> {
    if let Some(dir) = e2e_path("WHATS_TIP_E2E_SAVE_DIR").filter(|dir| dir.is_dir()) {
        return Ok(Some(dir.join(file_name_only(&ask.suggested))));
    }
    let dialog = app
        .dialog()
        .file()
        .set_title(ask.title)
        .set_file_name(ask.suggested)
        .add_filter(ask.filter.0, ask.filter.1);
    let picked = run(move || dialog.blocking_save_file()).await?;
    picked.map(into_path).transpose()
}

/// Asks which file to open (`filter` narrows the list). `None` when the user closed the dialog.
pub async fn ask_open(
    app: &AppHandle,
    title: String,
    filter: Option<(&str, &[&str])>,
) -> Result<Option<PathBuf>, AppError> {
    if let Some(file) = e2e_path("WHATS_TIP_E2E_OPEN_FILE").filter(|file| file.is_file()) {
        return Ok(Some(file));
    }
    let mut dialog = app.dialog().file().set_title(title);
    if let Some((name, extensions)) = filter {
        dialog = dialog.add_filter(name, extensions);
    }
    let picked = run(move || dialog.blocking_pick_file()).await?;
    picked.map(into_path).transpose()
}

/// The dialog blocks its thread until the user answers: keep it off the async workers.
async fn run<T: Send + 'static>(ask: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    tauri::async_runtime::spawn_blocking(ask)
        .await
        .map_err(|e| AppError::Dialog(DialogError::Failed(e.to_string())))
}

/// A location that is not a file on disk (a content URI on mobile) cannot be written here.
fn into_path(picked: FilePath) -> Result<PathBuf, AppError> {
    picked
        .into_path()
        .map_err(|e| AppError::Dialog(DialogError::NotAFile(e.to_string())))
}

fn e2e_path(variable: &str) -> Option<PathBuf> {
    std::env::var_os(variable)
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
}

/// A suggested name never carries folders (a campaign called "a/b" must not leave the folder).
fn file_name_only(suggested: &str) -> String {
    Path::new(suggested)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "export".to_owned())
}

#[cfg(test)]
mod tests {
    use super::file_name_only;

    #[test]
    fn a_suggested_name_cannot_leave_the_chosen_folder() {
        assert_eq!(
            file_name_only("Natal (2026-12-06).csv"),
            "Natal (2026-12-06).csv"
        );
        assert_eq!(file_name_only("../../etc/passwd"), "passwd");
        assert_eq!(file_name_only("a/b.csv"), "b.csv");
        assert_eq!(file_name_only(".."), "export");
    }
}
