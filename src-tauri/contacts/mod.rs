//! Contacts after import: browse by page, edit (the phone repaired like an imported cell),
//! delete and tag many at once (each one transaction), lists, and the do-not-contact list.
//! The window's commands and `tip` call these; SQL stays in `storage/`.

mod views;

use std::collections::BTreeMap;

pub use views::{
    ContactDetail, ContactEditInput, ContactQuery, ContactView, ListView, OptOutInput, OptOutView,
};

use crate::import::phone::{self, PhoneRules, RawPhone, UsablePhone};
use crate::storage::contact_lists::Renamed;
use crate::storage::contacts::{ContactEdit, ContactLineKind};
use crate::storage::{contact_lists, contact_tags, contacts, opt_outs, Db, StorageError};

/// The most rows one page request returns.
pub const MAX_PAGE: u32 = 500;

#[derive(Debug, thiserror::Error)]
pub enum ContactsError {
    /// A contact or list the caller named is gone (deleted in another window or undone).
    #[error("there is no contact #{0}")]
    ContactNotFound(i64),
    #[error("there is no contact list #{0}")]
    ListNotFound(i64),
    #[error("there is already a list named {0:?}")]
    ListNameInUse(String),
    #[error("the list name is empty")]
    EmptyListName,
    /// A number typed by hand (opt-out, contact edit) that the phone doctor rejects.
    #[error("{0:?} is not a usable phone number: {1}")]
    InvalidPhone(String, String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Repairs a number typed by hand with the default country's rules, like a text cell.
pub fn repair_typed(typed: &str, default_country: &str) -> Result<UsablePhone, ContactsError> {
    let rules = PhoneRules {
        default_country: default_country.to_owned(),
    };
    phone::repair(RawPhone::Text(typed), &rules)
        .outcome
        .usable()
        .map_err(|reason| ContactsError::InvalidPhone(typed.to_owned(), reason.to_string()))
}

fn blank_to_none(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

pub async fn count(db: &Db, query: &ContactQuery) -> Result<u64, ContactsError> {
    Ok(contacts::count(db, &query.filter()).await?)
}

pub async fn page(
    db: &Db,
    query: &ContactQuery,
    offset: u64,
    limit: u32,
) -> Result<Vec<ContactView>, ContactsError> {
    let rows = contacts::page_at(db, &query.filter(), offset, limit.min(MAX_PAGE)).await?;
    Ok(rows.into_iter().map(ContactView::from).collect())
}

pub async fn get(db: &Db, id: i64) -> Result<ContactDetail, ContactsError> {
    let row = contacts::get(db, id)
        .await?
        .ok_or(ContactsError::ContactNotFound(id))?;
    let tags = contact_tags::for_contact(db, id).await?;
    let opted_out = opt_outs::contains(db, &row.phone_e164).await?;
    Ok(ContactDetail {
        contact: row.into(),
        tags,
        opted_out,
    })
}

/// Saves the edit form. A new number is repaired and loses the import's verdict.
pub async fn update(
    db: &Db,
    default_country: &str,
    id: i64,
    input: ContactEditInput,
) -> Result<ContactDetail, ContactsError> {
    let UsablePhone {
        e164,
        kind,
        alternative,
    } = repair_typed(&input.phone, default_country)?;
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
        // A map of strings always serialises.
        custom_fields: serde_json::to_string(&custom).unwrap_or_else(|_| "{}".to_owned()),
    };
    if !contacts::update(db, id, &edit).await? {
        return Err(ContactsError::ContactNotFound(id));
    }
    tracing::info!(contact_id = id, "contact edited");
    get(db, id).await
}

/// Deletes the contacts in one transaction; returns how many existed.
pub async fn delete(db: &Db, ids: &[i64]) -> Result<u64, ContactsError> {
    let deleted = contacts::delete_many(db, ids).await?;
    tracing::info!(deleted, "contacts deleted");
    Ok(deleted)
}

/// Tags the contacts in one transaction. Tags are trimmed; an empty tag does nothing.
pub async fn tag(db: &Db, ids: &[i64], tag: &str) -> Result<u64, ContactsError> {
    let tag = tag.trim();
    if tag.is_empty() {
        return Ok(0);
    }
    Ok(contact_tags::add_many(db, ids, tag).await?)
}

pub async fn untag(db: &Db, id: i64, tag: &str) -> Result<(), ContactsError> {
    contact_tags::remove(db, id, tag).await?;
    Ok(())
}

pub async fn tags(db: &Db) -> Result<Vec<String>, ContactsError> {
    Ok(contact_tags::all(db).await?)
}

pub async fn lists(db: &Db) -> Result<Vec<ListView>, ContactsError> {
    Ok(contact_lists::summaries(db)
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

pub async fn create_list(db: &Db, name: &str) -> Result<i64, ContactsError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ContactsError::EmptyListName);
    }
    let mut conn = db.pool().acquire().await.map_err(StorageError::from_sqlx)?;
    if contact_lists::find_by_name(&mut conn, name)
        .await?
        .is_some()
    {
        return Err(ContactsError::ListNameInUse(name.to_owned()));
    }
    Ok(contact_lists::create(&mut conn, name).await?)
}

pub async fn rename_list(db: &Db, id: i64, name: &str) -> Result<(), ContactsError> {
    match contact_lists::rename(db, id, name).await? {
        Renamed::Done => Ok(()),
        Renamed::NotFound => Err(ContactsError::ListNotFound(id)),
        Renamed::NameInUse => Err(ContactsError::ListNameInUse(name.trim().to_owned())),
        Renamed::EmptyName => Err(ContactsError::EmptyListName),
    }
}

pub async fn delete_list(db: &Db, id: i64) -> Result<(), ContactsError> {
    if !contact_lists::delete(db, id).await? {
        return Err(ContactsError::ListNotFound(id));
    }
    tracing::info!(list_id = id, "contact list deleted");
    Ok(())
}

pub async fn opt_outs(db: &Db) -> Result<Vec<OptOutView>, ContactsError> {
    Ok(opt_outs::list(db)
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
pub async fn add_opt_out(
    db: &Db,
    default_country: &str,
    input: OptOutInput,
) -> Result<String, ContactsError> {
    let e164 = repair_typed(&input.phone, default_country)?.e164;
    let reason = input.reason.filter(|r| !r.trim().is_empty());
    opt_outs::add(db, &e164, reason.as_deref()).await?;
    crate::history::consent::record_by_user(db, &e164, "opt_out", reason.as_deref()).await?;
    tracing::info!("number added to the do-not-contact list");
    Ok(e164)
}

pub async fn remove_opt_out(db: &Db, phone: &str) -> Result<(), ContactsError> {
    if opt_outs::remove(db, phone).await? {
        crate::history::consent::record_by_user(db, phone, "opt_in", None).await?;
    }
    Ok(())
}
