//! The verdict for one row: phone repair, opt-outs, duplicates in the file and in the list.
//! Shared by the real import and the dry run so the preview says exactly what will happen.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::storage::contacts::{ContactUpdateRow, ListPhoneRow, NewContactRow};

use super::mapping::{raw_phone, Field};
use super::phone::{self, LineKind, PhoneOutcome};
use super::plan::{DuplicatePolicy, ImportPlan};
use super::read::{Cell, Row};
use super::verdict::{DuplicateOf, RowAction, RowReport, RowVerdict};

/// A contact as read from one row, before it has a list or an import.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ContactDraft {
    pub name: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub city: Option<String>,
    pub custom: Map<String, Value>,
    pub e164: String,
    pub original: String,
    pub alternative: Option<String>,
    pub kind: LineKind,
}

impl ContactDraft {
    pub fn into_new_row(self, list_id: i64, import_id: Option<i64>) -> NewContactRow {
        NewContactRow {
            list_id,
            name: self.name,
            phone_e164: self.e164,
            phone_original: self.original,
            phone_alternative: self.alternative,
            line_kind: line_kind(self.kind).to_owned(),
            email: self.email,
            company: self.company,
            city: self.city,
            custom_fields: Value::Object(self.custom).to_string(),
            import_id,
        }
    }

    pub fn into_update(self) -> ContactUpdateRow {
        ContactUpdateRow {
            name: self.name,
            phone_original: self.original,
            email: self.email,
            company: self.company,
            city: self.city,
            custom_fields: Value::Object(self.custom).to_string(),
        }
    }
}

fn line_kind(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Mobile => "mobile",
        LineKind::Landline => "landline",
        LineKind::Unknown => "unknown",
    }
}

/// What to write for a row.
#[derive(Debug)]
pub(crate) enum Write {
    Insert(ContactDraft),
    /// Update the contacts of the list stored under this number.
    Update {
        stored_e164: String,
        draft: ContactDraft,
    },
}

/// A stored contact found by one of its two number forms.
#[derive(Debug, Clone)]
struct Existing {
    id: i64,
    stored_e164: String,
}

#[derive(Debug)]
pub(crate) struct Judge<'a> {
    plan: &'a ImportPlan,
    phone_column: usize,
    opted_out: HashSet<String>,
    existing: HashMap<String, Existing>,
    /// Numbers (both forms) seen in the file → the first row holding them.
    seen: HashMap<String, usize>,
}

impl<'a> Judge<'a> {
    pub fn new(
        plan: &'a ImportPlan,
        phone_column: usize,
        opted_out: HashSet<String>,
        list: Vec<ListPhoneRow>,
    ) -> Self {
        let mut existing = HashMap::with_capacity(list.len() * 2);
        for row in list {
            let found = Existing {
                id: row.id,
                stored_e164: row.phone_e164.clone(),
            };
            if let Some(alt) = row.phone_alternative {
                existing.entry(alt).or_insert_with(|| found.clone());
            }
            existing.entry(row.phone_e164).or_insert(found);
        }
        Self {
            plan,
            phone_column,
            opted_out,
            existing,
            seen: HashMap::new(),
        }
    }

    pub fn judge(&mut self, mut row: Row) -> (RowReport, Option<Write>) {
        self.apply_fixes(&mut row);
        let column = self.phone_column;
        let cell = row.cells.get(column).cloned().unwrap_or(Cell::Empty);
        let report = |original: String, verdict, action| RowReport {
            row: row.number,
            column,
            original,
            verdict,
            action,
        };
        if self.plan.skip_rows.contains(&row.number) {
            return (
                report(cell.to_text(), RowVerdict::Skipped, RowAction::NotWritten),
                None,
            );
        }
        let repair = phone::repair(raw_phone(&cell).as_raw(), &self.plan.phone_rules);
        let original = repair.original;
        let (e164, kind, alternative, changes) = match repair.outcome {
            PhoneOutcome::Invalid { reason } => {
                return (
                    report(
                        original,
                        RowVerdict::Invalid { reason },
                        RowAction::NotWritten,
                    ),
                    None,
                )
            }
            PhoneOutcome::Ok {
                e164,
                kind,
                alternative,
            } => (e164, kind, alternative, Vec::new()),
            PhoneOutcome::Repaired {
                e164,
                kind,
                alternative,
                changes,
            } => (e164, kind, alternative, changes),
        };
        let forms = || std::iter::once(e164.as_str()).chain(alternative.as_deref());
        if forms().any(|p| self.opted_out.contains(p)) {
            return (
                report(
                    original,
                    RowVerdict::OptedOut { e164 },
                    RowAction::NotWritten,
                ),
                None,
            );
        }
        let earlier = forms().find_map(|p| self.seen.get(p).copied());
        let stored = forms().find_map(|p| self.existing.get(p).cloned());
        for form in forms() {
            self.seen.entry(form.to_owned()).or_insert(row.number);
        }
        let draft = self.draft(
            &row,
            e164.clone(),
            original.clone(),
            alternative.clone(),
            kind,
        );
        let policy = self.plan.duplicate_policy;
        let (verdict, write) = match (earlier, stored) {
            (Some(first), _) => (
                RowVerdict::Duplicate {
                    e164,
                    of: DuplicateOf::Row { row: first },
                },
                (policy == DuplicatePolicy::KeepBoth).then_some(Write::Insert(draft)),
            ),
            (None, Some(found)) => (
                RowVerdict::Duplicate {
                    e164,
                    of: DuplicateOf::Contact { id: found.id },
                },
                match policy {
                    DuplicatePolicy::Skip => None,
                    DuplicatePolicy::UpdateExisting => Some(Write::Update {
                        stored_e164: found.stored_e164,
                        draft,
                    }),
                    DuplicatePolicy::KeepBoth => Some(Write::Insert(draft)),
                },
            ),
            (None, None) if changes.is_empty() => {
                (RowVerdict::Ok { e164 }, Some(Write::Insert(draft)))
            }
            (None, None) => (
                RowVerdict::Repaired { e164, changes },
                Some(Write::Insert(draft)),
            ),
        };
        let action = match &write {
            Some(Write::Insert(_)) => RowAction::Inserted,
            Some(Write::Update { .. }) => RowAction::Updated,
            None => RowAction::NotWritten,
        };
        (report(original, verdict, action), write)
    }

    fn apply_fixes(&self, row: &mut Row) {
        let number = row.number;
        for ((_, column), text) in self
            .plan
            .cell_fixes
            .range((number, 0)..=(number, usize::MAX))
        {
            if row.cells.len() <= *column {
                row.cells.resize(*column + 1, Cell::Empty);
            }
            row.cells[*column] = Cell::Text(text.clone());
        }
    }

    fn draft(
        &self,
        row: &Row,
        e164: String,
        original: String,
        alternative: Option<String>,
        kind: LineKind,
    ) -> ContactDraft {
        let mut draft = ContactDraft {
            name: None,
            email: None,
            company: None,
            city: None,
            custom: Map::new(),
            e164,
            original,
            alternative,
            kind,
        };
        for column in &self.plan.mapping.columns {
            let Some(text) = row
                .cells
                .get(column.index)
                .map(Cell::to_text)
                .filter(|t| !t.is_empty())
            else {
                continue;
            };
            match &column.field {
                Field::Name => draft.name = Some(text),
                Field::Email => draft.email = Some(text),
                Field::Company => draft.company = Some(text),
                Field::City => draft.city = Some(text),
                Field::Custom(key) => {
                    draft.custom.insert(key.clone(), Value::String(text));
                }
                Field::Phone | Field::Ignore => {}
            }
        }
        draft
    }
}
