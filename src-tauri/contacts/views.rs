//! What the contacts screen and the CLI show and send: queries, contact views, lists,
//! the do-not-contact list, and the edit form.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::import::phone::Change;
use crate::storage::contacts::{self, ContactLineKind, PhoneVerdict};

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
    pub fn filter(&self) -> contacts::ContactFilter {
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
