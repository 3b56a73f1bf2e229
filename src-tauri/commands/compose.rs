//! Composer commands: the template library, the live check while typing, the preview for
//! real contacts, and choosing an attachment. Thin adapters over `compose`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use ts_rs::TS;

use super::file_dialog::ask_open;
use crate::app_core::Core;
use crate::compose::library::{self, TemplateDraft, TemplateView};
use crate::compose::media::{self, MediaFile, MediaKind};
use crate::compose::preview::{self, Renderer};
use crate::compose::template::{Rendered, TemplateCheck};
use crate::contacts::ContactView;
use crate::error::AppError;
use crate::storage::contacts;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckInput {
    pub body: String,
    /// The list the template is for: its custom fields are known, and fields blank for
    /// some of its contacts are pointed out. `None`: built-in fields only.
    #[ts(type = "number | null")]
    pub list_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviewInput {
    pub body: String,
    #[ts(type = "number | null")]
    pub template_id: Option<i64>,
    #[ts(type = "number")]
    pub list_id: i64,
    /// 0-based position of the contact in the list.
    #[ts(type = "number")]
    pub index: u64,
}

/// One contact's message, and how it came out.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComposePreview {
    /// Contacts in the list.
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number")]
    pub index: u64,
    /// `None` when the list is empty.
    pub contact: Option<ContactView>,
    /// `None` when the text has errors or the list is empty.
    pub rendered: Option<Rendered>,
}

pub async fn templates_list(_app: &AppHandle, core: &Core) -> Result<Vec<TemplateView>, AppError> {
    Ok(library::list(core.db()?).await?)
}

/// Creates (`id` null) or updates a template.
pub async fn templates_save(
    _app: &AppHandle,
    core: &Core,
    id: Option<i64>,
    draft: TemplateDraft,
) -> Result<TemplateView, AppError> {
    let db = core.db()?;
    let view = match id {
        Some(id) => library::update(db, id, &draft).await?,
        None => library::create(db, &draft).await?,
    };
    tracing::info!(template_id = view.id, "template saved");
    Ok(view)
}

pub async fn templates_duplicate(
    _app: &AppHandle,
    core: &Core,
    id: i64,
) -> Result<TemplateView, AppError> {
    Ok(library::duplicate(core.db()?, id).await?)
}

pub async fn templates_delete(_app: &AppHandle, core: &Core, id: i64) -> Result<(), AppError> {
    library::delete(core.db()?, id).await?;
    Ok(())
}

pub async fn compose_check(
    _app: &AppHandle,
    core: &Core,
    input: CheckInput,
) -> Result<TemplateCheck, AppError> {
    Ok(preview::check_for_list(core.db()?, &input.body, input.list_id).await?)
}

pub async fn compose_preview(
    _app: &AppHandle,
    core: &Core,
    input: PreviewInput,
) -> Result<ComposePreview, AppError> {
    let db = core.db()?;
    let filter = preview::in_list(Some(input.list_id));
    let total = contacts::count(db, &filter).await?;
    let index = input.index.min(total.saturating_sub(1));
    let Some(row) = contacts::page_at(db, &filter, index, 1)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(ComposePreview {
            total,
            index: 0,
            contact: None,
            rendered: None,
        });
    };
    let rendered = Renderer::new(&input.body, input.template_id).map(|r| r.render(&row));
    Ok(ComposePreview {
        total,
        index,
        contact: Some(row.into()),
        rendered,
    })
}

/// The native open dialog for an attachment, then the size and type checks.
pub async fn compose_pick_media(
    app: &AppHandle,
    _core: &Core,
    title: String,
    kind: Option<MediaKind>,
) -> Result<Option<MediaFile>, AppError> {
    let Some(path) = ask_open(app, title, None).await? else {
        return Ok(None);
    };
    Ok(Some(inspect_media(path, kind)?))
}

fn inspect_media(path: PathBuf, kind: Option<MediaKind>) -> Result<MediaFile, AppError> {
    Ok(media::inspect(&path, kind).map_err(crate::compose::ComposeError::from)?)
}
