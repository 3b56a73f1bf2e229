//! Contacts screen commands: browse (by page, for a virtualised table), edit, delete, tag;
//! lists; the do-not-contact list. Thin adapters over `storage`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use ts_rs::TS;

use crate::error::{AppError, NotFound};
use crate::import::phone::{self, Change, PhoneRules, RawPhone, UsablePhone};
use crate::state::AppState;
use crate::storage::contact_lists::Renamed;
use crate::storage::contacts::{ContactEdit, ContactLineKind, PhoneVerdict};
use crate::storage::{contact_lists, contact_tags, contacts, opt_outs, StorageError};

/// The most rows one page request returns.
const MAX_PAGE: u32 = 500;

/// Which contacts the table shows. Empty/`null` means "any".
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactQuery {
    #[ts(type = "number | null")]
    pub list_id: Option<i64>,
    pub tag: Option<String>,
    /// Part of the name, or digits of the number.
    pub search: Option<String>,
    /// How the phone came out of the import: ok, repaired, duplicate (kept both).
    pub verdict: Option<PhoneVerdict>,
    pub line_kind: Option<ContactLineKind>,
}

impl ContactQuery {
    fn filter(&self) -> contacts::ContactFilter {
        contacts::ContactFilter {
            list_id: self.list_id,
            tag: self.tag.clone().filter(|t| !t.trim().is_empty()),
            search: self.search.clone().filter(|s| !s.trim().is_empty()),
            verdict: self.verdict,
            line_kind: self.line_kind,
        }
    }
}

/// One contact as the table and the edit form show it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub list_id: i64,
    pub name: Option<String>,
    pub phone: String,
    /// The cell as the spreadsheet had it.
    pub phone_original: String,
    /// The same line with or without the Brazilian 9th digit.
    pub phone_alternative: Option<String>,
    /// `mobile`, `landline` or `unknown`.
    pub line_kind: String,
    pub email: Option<String>,
    pub company: Option<String>,
    pub city: Option<String>,
    /// Every other column of the sheet: merge field → value.
    pub custom_fields: BTreeMap<String, String>,
    #[ts(type = "number | null")]
    pub import_id: Option<i64>,
    /// How the phone came out of the import (`ok` for contacts added or edited by hand).
    pub phone_verdict: String,
    /// What the import changed in the number, for the contact's card.
    pub phone_changes: Vec<Change>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<contacts::ContactRow> for ContactView {
    fn from(row: contacts::ContactRow) -> Self {
        let custom_fields =
            serde_json::from_str::<BTreeMap<String, serde_json::Value>>(&row.custom_fields)
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| match v {
                    serde_json::Value::String(s) => (k, s),
                    other => (k, other.to_string()),
                })
                .collect();
        Self {
            id: row.id,
            list_id: row.list_id,
            name: row.name,
            phone: row.phone_e164,
            phone_original: row.phone_original,
            phone_alternative: row.phone_alternative,
            line_kind: row.line_kind,
            email: row.email,
            company: row.company,
            city: row.city,
            custom_fields,
            import_id: row.import_id,
            phone_changes: row
                .phone_changes
                .as_deref()
                .and_then(|json| serde_json::from_str(json).ok())
                .unwrap_or_default(),
            phone_verdict: row.phone_verdict,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactDetail {
    pub contact: ContactView,
    pub tags: Vec<String>,
    /// The number is on the do-not-contact list.
    pub opted_out: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub contact_count: i64,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OptOutView {
    pub phone: String,
    pub reason: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OptOutInput {
    /// As the user typed it: "(11) 98765-4321", "+55 11 …".
    pub phone: String,
    pub reason: Option<String>,
}

/// The edit form: every field as typed. The phone is repaired like an imported cell.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactEditInput {
    pub name: Option<String>,
    pub phone: String,
    pub email: Option<String>,
    pub company: Option<String>,
    pub city: Option<String>,
    pub custom_fields: BTreeMap<String, String>,
}

fn blank_to_none(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Repairs a number typed by hand with the default country's rules, like a text cell.
fn repair_typed(app: &AppHandle, state: &AppState, typed: &str) -> Result<UsablePhone, AppError> {
    let default_country = super::settings::load(app, &state.paths)
        .map(|s| s.default_country)
        .unwrap_or_else(|_| PhoneRules::default().default_country);
    phone::repair(RawPhone::Text(typed), &PhoneRules { default_country })
        .outcome
        .usable()
        .map_err(|reason| AppError::InvalidPhone(typed.to_owned(), reason.to_string()))
}

pub async fn contacts_update(
    app: &AppHandle,
    state: &AppState,
    id: i64,
    input: ContactEditInput,
) -> Result<ContactDetail, AppError> {
    let UsablePhone {
        e164,
        kind,
        alternative,
    } = repair_typed(app, state, &input.phone)?;
    let line_kind = match kind {
        phone::LineKind::Mobile => ContactLineKind::Mobile,
        phone::LineKind::Landline => ContactLineKind::Landline,
        phone::LineKind::Unknown => ContactLineKind::Unknown,
    };
    let custom: BTreeMap<String, String> = input
        .custom_fields
        .into_iter()
        .filter_map(|(k, v)| crate::import::slug(&k).map(|k| (k, v.trim().to_owned())))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let edit = ContactEdit {
        name: blank_to_none(input.name),
        phone_e164: e164,
        phone_original: input.phone.trim().to_owned(),
        phone_alternative: alternative,
        line_kind,
        email: blank_to_none(input.email),
        company: blank_to_none(input.company),
        city: blank_to_none(input.city),
        custom_fields: serde_json::to_string(&custom)
            .map_err(|e| AppError::Internal(e.to_string()))?,
    };
    if !contacts::update(state.db()?, id, &edit).await? {
        return Err(AppError::NotFound(NotFound::Contact(id)));
    }
    tracing::info!(contact_id = id, "contact edited");
    contacts_get(app, state, id).await
}

pub async fn contacts_count(
    _app: &AppHandle,
    state: &AppState,
    query: ContactQuery,
) -> Result<u64, AppError> {
    Ok(contacts::count(state.db()?, &query.filter()).await?)
}

pub async fn contacts_page(
    _app: &AppHandle,
    state: &AppState,
    query: ContactQuery,
    offset: u64,
    limit: u32,
) -> Result<Vec<ContactView>, AppError> {
    let rows = contacts::page_at(state.db()?, &query.filter(), offset, limit.min(MAX_PAGE)).await?;
    Ok(rows.into_iter().map(ContactView::from).collect())
}

pub async fn contacts_get(
    _app: &AppHandle,
    state: &AppState,
    id: i64,
) -> Result<ContactDetail, AppError> {
    let db = state.db()?;
    let row = contacts::get(db, id)
        .await?
        .ok_or(AppError::NotFound(NotFound::Contact(id)))?;
    let tags = contact_tags::for_contact(db, id).await?;
    let opted_out = opt_outs::contains(db, &row.phone_e164).await?;
    Ok(ContactDetail {
        contact: row.into(),
        tags,
        opted_out,
    })
}

pub async fn contacts_delete(
    _app: &AppHandle,
    state: &AppState,
    ids: Vec<i64>,
) -> Result<u64, AppError> {
    let db = state.db()?;
    let mut deleted = 0;
    for id in ids {
        deleted += u64::from(contacts::delete(db, id).await?);
    }
    tracing::info!(deleted, "contacts deleted");
    Ok(deleted)
}

/// Tags are trimmed and compared as written; an empty tag is refused by the UI.
pub async fn contacts_tag(
    _app: &AppHandle,
    state: &AppState,
    ids: Vec<i64>,
    tag: String,
) -> Result<(), AppError> {
    let db = state.db()?;
    let tag = tag.trim();
    if tag.is_empty() {
        return Ok(());
    }
    for id in ids {
        contact_tags::add(db, id, tag).await?;
    }
    Ok(())
}

pub async fn contacts_untag(
    _app: &AppHandle,
    state: &AppState,
    id: i64,
    tag: String,
) -> Result<(), AppError> {
    contact_tags::remove(state.db()?, id, &tag).await?;
    Ok(())
}

pub async fn tags_list(_app: &AppHandle, state: &AppState) -> Result<Vec<String>, AppError> {
    Ok(contact_tags::all(state.db()?).await?)
}

pub async fn lists_list(_app: &AppHandle, state: &AppState) -> Result<Vec<ListView>, AppError> {
    Ok(contact_lists::summaries(state.db()?)
        .await?
        .into_iter()
        .map(|l| ListView {
            id: l.id,
            name: l.name,
            contact_count: l.contact_count,
            created_at: l.created_at,
        })
        .collect())
}

pub async fn lists_create(
    _app: &AppHandle,
    state: &AppState,
    name: String,
) -> Result<i64, AppError> {
    let db = state.db()?;
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(crate::import::ImportError::EmptyListName.into());
    }
    let mut conn = db.pool().acquire().await.map_err(StorageError::from_sqlx)?;
    if contact_lists::find_by_name(&mut conn, &name)
        .await?
        .is_some()
    {
        return Err(AppError::ListNameInUse(name));
    }
    Ok(contact_lists::create(&mut conn, &name).await?)
}

pub async fn lists_rename(
    _app: &AppHandle,
    state: &AppState,
    id: i64,
    name: String,
) -> Result<(), AppError> {
    match contact_lists::rename(state.db()?, id, &name).await? {
        Renamed::Done => Ok(()),
        Renamed::NotFound => Err(AppError::NotFound(NotFound::List(id))),
        Renamed::NameInUse => Err(AppError::ListNameInUse(name.trim().to_owned())),
        Renamed::EmptyName => Err(crate::import::ImportError::EmptyListName.into()),
    }
}

pub async fn lists_delete(_app: &AppHandle, state: &AppState, id: i64) -> Result<(), AppError> {
    if !contact_lists::delete(state.db()?, id).await? {
        return Err(AppError::NotFound(NotFound::List(id)));
    }
    tracing::info!(list_id = id, "contact list deleted");
    Ok(())
}

pub async fn optouts_list(_app: &AppHandle, state: &AppState) -> Result<Vec<OptOutView>, AppError> {
    Ok(opt_outs::list(state.db()?)
        .await?
        .into_iter()
        .map(|o| OptOutView {
            phone: o.phone_e164,
            reason: o.reason,
            created_at: o.created_at,
        })
        .collect())
}

/// Repairs the typed number like an imported cell, then adds it. Returns the stored form.
pub async fn optouts_add(
    app: &AppHandle,
    state: &AppState,
    input: OptOutInput,
) -> Result<String, AppError> {
    let e164 = repair_typed(app, state, &input.phone)?.e164;
    let reason = input.reason.filter(|r| !r.trim().is_empty());
    opt_outs::add(state.db()?, &e164, reason.as_deref()).await?;
    tracing::info!("number added to the do-not-contact list");
    Ok(e164)
}

pub async fn optouts_remove(
    _app: &AppHandle,
    state: &AppState,
    phone: String,
) -> Result<(), AppError> {
    opt_outs::remove(state.db()?, &phone).await?;
    Ok(())
}
