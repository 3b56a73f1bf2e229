//! Server profiles: list, create, rename, delete, and switch the one the window shows.
//! The slot does the work; switching also retitles the window so the open profile is
//! visible even in the taskbar.

use tauri::{AppHandle, Manager};

use crate::app_core::{Core, CoreSlot};
use crate::error::AppError;
use crate::profiles::ProfileView;

fn slot(app: &AppHandle) -> tauri::State<'_, CoreSlot> {
    app.state::<CoreSlot>()
}

pub async fn profiles_list(app: &AppHandle, _core: &Core) -> Result<Vec<ProfileView>, AppError> {
    Ok(slot(app).list()?)
}

pub async fn profiles_create(
    app: &AppHandle,
    _core: &Core,
    name: String,
) -> Result<ProfileView, AppError> {
    Ok(slot(app).create(&name)?)
}

pub async fn profiles_rename(
    app: &AppHandle,
    _core: &Core,
    id: String,
    name: String,
) -> Result<ProfileView, AppError> {
    let view = slot(app).rename(&id, &name)?;
    if view.current {
        set_title(app, &view);
    }
    Ok(view)
}

pub async fn profiles_delete(app: &AppHandle, _core: &Core, id: String) -> Result<(), AppError> {
    Ok(slot(app).delete(&id).await?)
}

pub async fn profiles_switch(
    app: &AppHandle,
    _core: &Core,
    id: String,
) -> Result<ProfileView, AppError> {
    let view = slot(app).switch(&id).await?;
    set_title(app, &view);
    Ok(view)
}

/// "Whats TIP" for the default profile, "Whats TIP — Loja Centro" for a named one.
pub fn set_title(app: &AppHandle, view: &ProfileView) {
    let title = match &view.name {
        Some(name) => format!("Whats TIP — {name}"),
        None => "Whats TIP".to_owned(),
    };
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_title(&title);
    }
}
