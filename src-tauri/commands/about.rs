//! The About dialog: version, build, links and folders.

use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;

use crate::about::{AboutLink, AboutView};
use crate::app_core::Core;
use crate::error::AppError;

pub async fn app_about(_app: &AppHandle, core: &Core) -> Result<AboutView, AppError> {
    Ok(AboutView::new(
        core.paths(),
        super::install_kind(),
        super::current_route(),
    ))
}

pub async fn app_open_link(app: &AppHandle, _core: &Core, link: AboutLink) -> Result<(), AppError> {
    app.opener()
        .open_url(link.url(), None::<&str>)
        .map_err(|e| AppError::Internal(format!("could not open {}: {e}", link.url())))
}
