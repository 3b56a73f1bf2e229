//! Contacts screen commands: thin adapters over `crate::contacts`.

use tauri::AppHandle;

use crate::app_core::Core;
use crate::contacts::{
    self, ContactDetail, ContactEditInput, ContactQuery, ContactView, ListView, OptOutInput,
    OptOutView,
};
use crate::error::AppError;
use crate::import::phone::PhoneRules;

/// The country assumed for numbers typed without one.
fn default_country(core: &Core) -> String {
    core.settings()
        .load()
        .map(|s| s.default_country)
        .unwrap_or_else(|_| PhoneRules::default().default_country)
}

pub async fn contacts_count(
    _app: &AppHandle,
    core: &Core,
    query: ContactQuery,
) -> Result<u64, AppError> {
    Ok(contacts::count(core.db()?, &query).await?)
}

pub async fn contacts_page(
    _app: &AppHandle,
    core: &Core,
    query: ContactQuery,
    offset: u64,
    limit: u32,
) -> Result<Vec<ContactView>, AppError> {
    Ok(contacts::page(core.db()?, &query, offset, limit).await?)
}

pub async fn contacts_get(
    _app: &AppHandle,
    core: &Core,
    id: i64,
) -> Result<ContactDetail, AppError> {
    Ok(contacts::get(core.db()?, id).await?)
}

pub async fn contacts_update(
    _app: &AppHandle,
    core: &Core,
    id: i64,
    input: ContactEditInput,
) -> Result<ContactDetail, AppError> {
    Ok(contacts::update(core.db()?, &default_country(core), id, input).await?)
}

pub async fn contacts_delete(
    _app: &AppHandle,
    core: &Core,
    ids: Vec<i64>,
) -> Result<u64, AppError> {
    Ok(contacts::delete(core.db()?, &ids).await?)
}

pub async fn contacts_tag(
    _app: &AppHandle,
    core: &Core,
    ids: Vec<i64>,
    tag: String,
) -> Result<(), AppError> {
    contacts::tag(core.db()?, &ids, &tag).await?;
    Ok(())
}

pub async fn contacts_untag(
    _app: &AppHandle,
    core: &Core,
    id: i64,
    tag: String,
) -> Result<(), AppError> {
    Ok(contacts::untag(core.db()?, id, &tag).await?)
}

pub async fn tags_list(_app: &AppHandle, core: &Core) -> Result<Vec<String>, AppError> {
    Ok(contacts::tags(core.db()?).await?)
}

pub async fn lists_list(_app: &AppHandle, core: &Core) -> Result<Vec<ListView>, AppError> {
    Ok(contacts::lists(core.db()?).await?)
}

pub async fn lists_create(_app: &AppHandle, core: &Core, name: String) -> Result<i64, AppError> {
    Ok(contacts::create_list(core.db()?, &name).await?)
}

pub async fn lists_rename(
    _app: &AppHandle,
    core: &Core,
    id: i64,
    name: String,
) -> Result<(), AppError> {
    Ok(contacts::rename_list(core.db()?, id, &name).await?)
}

pub async fn lists_delete(_app: &AppHandle, core: &Core, id: i64) -> Result<(), AppError> {
    Ok(contacts::delete_list(core.db()?, id).await?)
}

pub async fn optouts_list(_app: &AppHandle, core: &Core) -> Result<Vec<OptOutView>, AppError> {
    Ok(contacts::opt_outs(core.db()?).await?)
}

pub async fn optouts_add(
    _app: &AppHandle,
    core: &Core,
    input: OptOutInput,
) -> Result<String, AppError> {
    Ok(contacts::add_opt_out(core.db()?, &default_country(core), input).await?)
}

pub async fn optouts_remove(_app: &AppHandle, core: &Core, phone: String) -> Result<(), AppError> {
    Ok(contacts::remove_opt_out(core.db()?, &phone).await?)
}
