//! Composer commands: the template library, the live check while typing, the preview for
//! real contacts, and choosing an attachment. Thin adapters over `compose`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use super::contacts::ContactView;
use crate::compose::library::{self, TemplateDraft, TemplateView};
use crate::compose::media::{self, MediaFile, MediaKind};
use crate::compose::template::{
    self, KnownFields, MergeValues, Rendered, Seed, Severity, TemplateCheck,
};
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::contacts::{self, ContactFilter};

/// Contacts read to learn a list's fields and which of them are blank for someone.
const SAMPLE_CONTACTS: u32 = 500;

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

fn in_list(list_id: Option<i64>) -> ContactFilter {
    ContactFilter {
        list_id,
        ..ContactFilter::default()
    }
}

pub async fn templates_list(
    _app: &AppHandle,
    state: &AppState,
) -> Result<Vec<TemplateView>, AppError> {
    Ok(library::list(state.db()?).await?)
}

/// Creates (`id` null) or updates a template.
pub async fn templates_save(
    _app: &AppHandle,
    state: &AppState,
    id: Option<i64>,
    draft: TemplateDraft,
) -> Result<TemplateView, AppError> {
    let db = state.db()?;
    let view = match id {
        Some(id) => library::update(db, id, &draft).await?,
        None => library::create(db, &draft).await?,
    };
    tracing::info!(template_id = view.id, "template saved");
    Ok(view)
}

pub async fn templates_duplicate(
    _app: &AppHandle,
    state: &AppState,
    id: i64,
) -> Result<TemplateView, AppError> {
    Ok(library::duplicate(state.db()?, id).await?)
}

pub async fn templates_delete(_app: &AppHandle, state: &AppState, id: i64) -> Result<(), AppError> {
    library::delete(state.db()?, id).await?;
    Ok(())
}

pub async fn compose_check(
    _app: &AppHandle,
    state: &AppState,
    input: CheckInput,
) -> Result<TemplateCheck, AppError> {
    let known = match input.list_id {
        Some(list_id) => {
            let sample =
                contacts::page_at(state.db()?, &in_list(Some(list_id)), 0, SAMPLE_CONTACTS).await?;
            let values: Vec<MergeValues> = sample.iter().map(MergeValues::from_contact).collect();
            KnownFields::from_contacts(&values)
        }
        None => KnownFields::builtins(),
    };
    Ok(template::check(&input.body, &known))
}

pub async fn compose_preview(
    _app: &AppHandle,
    state: &AppState,
    input: PreviewInput,
) -> Result<ComposePreview, AppError> {
    let db = state.db()?;
    let filter = in_list(Some(input.list_id));
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
    let (parsed, problems) = template::Template::parse_lenient(&input.body);
    // Warnings (a one-option group, a blank field) still render, as they still save.
    let has_errors = problems.iter().any(|p| p.severity == Severity::Error);
    let rendered = (!has_errors).then(|| {
        parsed.render(
            &MergeValues::from_contact(&row),
            Seed::for_message(input.template_id, &row.phone_e164),
        )
    });
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
    _state: &AppState,
    title: String,
    kind: Option<MediaKind>,
) -> Result<Option<MediaFile>, AppError> {
    let dialog = app.dialog().file().set_title(title);
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_file())
        .await
        .map_err(|e| AppError::Internal(format!("dialog task failed: {e}")))?;
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    Ok(Some(inspect_media(path, kind)?))
}

fn inspect_media(path: PathBuf, kind: Option<MediaKind>) -> Result<MediaFile, AppError> {
    Ok(media::inspect(&path, kind).map_err(crate::compose::ComposeError::from)?)
}
