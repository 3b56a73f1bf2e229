//! Files opened with the app from outside the window: on its command line (double-click
//! or "Open with" on Windows and Linux), from a second launch stopped by the
//! single-instance plugin, by macOS's open-file event, or dropped on the window.
//!
//! They may arrive before the UI is listening (a double-click starts the app with the
//! file), so they wait in a queue until the UI subscribes with [`app_watch_files`].

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tauri::{AppHandle, Manager};

use super::channel::{OpenFileChannel, OpenSource, OpenedFile};
use crate::app_core::Core;
use crate::error::AppError;

/// The UI's subscription and what arrived before it.
#[derive(Debug, Default)]
pub struct OpenFiles {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    channel: Option<OpenFileChannel>,
    pending: Vec<OpenedFile>,
}

impl OpenFiles {
    /// Hands files to the UI, or keeps them until it subscribes.
    pub fn deliver(&self, paths: impl IntoIterator<Item = PathBuf>, source: OpenSource) {
        let files: Vec<OpenedFile> = paths
            .into_iter()
            .filter(|p| is_importable(p))
            .map(|p| OpenedFile {
                path: p.display().to_string(),
                source,
            })
            .collect();
        if files.is_empty() {
            return;
        }
        tracing::info!(count = files.len(), ?source, "files opened with the app");
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match &inner.channel {
            Some(channel) => files.into_iter().for_each(|f| channel.send(f)),
            None => inner.pending.extend(files),
        }
    }

    fn subscribe(&self, channel: OpenFileChannel) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        for file in inner.pending.drain(..) {
            channel.send(file);
        }
        // A reload of the page subscribes again: the newest channel wins.
        inner.channel = Some(channel);
    }
}

/// Spreadsheet and text files only: anything else on a command line (flags, a URL) or
/// dropped by mistake is ignored here and never reaches the import wizard.
pub fn is_importable(path: &Path) -> bool {
    const EXTENSIONS: [&str; 8] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt", "tsv"];
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The file arguments of a command line (the first item is the program), resolved
/// against the directory it was started in.
pub fn files_in_args(args: &[String], cwd: &Path) -> Vec<PathBuf> {
    args.iter()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(|a| {
            let path = PathBuf::from(a);
            if path.is_absolute() {
                path
            } else {
                cwd.join(path)
            }
        })
        .filter(|p| is_importable(p))
        .collect()
}

pub async fn app_watch_files(
    app: &AppHandle,
    _core: &Core,
    channel: OpenFileChannel,
) -> Result<(), AppError> {
    app.state::<OpenFiles>().subscribe(channel);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_spreadsheet_arguments_are_files_to_import() {
        let args = [
            "/usr/bin/whats-tip".to_owned(),
            "--flag".to_owned(),
            "clientes.XLSX".to_owned(),
            "/tmp/lista.csv".to_owned(),
            "foto.png".to_owned(),
        ];
        assert_eq!(
            files_in_args(&args, Path::new("/home/ana")),
            vec![
                PathBuf::from("/home/ana/clientes.XLSX"),
                PathBuf::from("/tmp/lista.csv")
            ]
        );
    }
}
