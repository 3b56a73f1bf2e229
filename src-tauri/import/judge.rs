//! The verdict for one row: phone repair, opt-outs, duplicates in the file and in the list.
//! Shared by the real import and the dry run so the preview says exactly what will happen;
//! [`replay`] rebuilds a row's report from its logged verdict for the report files.
//!
//! This runs once per row of files with a million rows, so it avoids work per row: cells
//! are moved into the contact rather than copied, the custom-fields JSON is written
//! directly, numbers are deduplicated by a packed integer key, and a row's report (two
//! more copies of its strings) is only built when someone will read it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::storage::contacts::{ContactLineKind, ContactUpdateRow, NewContactRow, PhoneVerdict};
use crate::storage::phone_key::phone_key;

use super::first_rows::FirstRows;
use super::mapping::Field;
use super::phone::{self, Change, InvalidReason, LineKind, PhoneOutcome, PhoneRepair, RawPhone};
use super::plan::{DuplicatePolicy, ImportPlan};
use super::read::{Cell, Row};
use super::verdict::{DuplicateOf, RowAction, RowReport, RowVerdict, VerdictKind};

/// A contact as read from one row, before it has a list or an import.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ContactDraft {
    pub name: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub city: Option<String>,
    /// The custom fields as a JSON object, keys sorted.
    pub custom_fields: String,
    pub e164: String,
    pub original: String,
    pub alternative: Option<String>,
    pub kind: LineKind,
    pub verdict: PhoneVerdict,
    /// The repairs as a JSON array, `None` when there were none.
    pub changes: Option<Arc<str>>,
}

impl ContactDraft {
    pub fn into_new_row(self) -> NewContactRow {
        NewContactRow {
            name: self.name,
            phone_e164: self.e164,
            phone_original: self.original,
            phone_alternative: self.alternative,
            line_kind: line_kind(self.kind),
            email: self.email,
            company: self.company,
            city: self.city,
            custom_fields: self.custom_fields,
            phone_verdict: self.verdict,
            phone_changes: self.changes,
        }
    }

    pub fn into_update(self) -> ContactUpdateRow {
        ContactUpdateRow {
            name: self.name,
            phone_original: self.original,
            email: self.email,
            company: self.company,
            city: self.city,
            custom_fields: self.custom_fields,
        }
    }
}

fn line_kind(kind: LineKind) -> ContactLineKind {
    match kind {
        LineKind::Mobile => ContactLineKind::Mobile,
        LineKind::Landline => ContactLineKind::Landline,
        LineKind::Unknown => ContactLineKind::Unknown,
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

/// Which rows get a full [`RowReport`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reports {
    None,
    /// Rows that are not plainly ok: what the review screen lists.
    Problems,
    All,
}

impl Reports {
    fn wants(self, kind: VerdictKind) -> bool {
        match self {
            Reports::None => false,
            Reports::Problems => kind != VerdictKind::Ok,
            Reports::All => true,
        }
    }
}

/// The outcome for one row.
#[derive(Debug)]
pub(crate) struct Judged {
    pub kind: VerdictKind,
    pub action: RowAction,
    pub duplicate_of: Option<DuplicateOf>,
    /// Built when the [`Reports`] asked for asked for it.
    pub report: Option<RowReport>,
    pub write: Option<Write>,
}

/// A row after the part of judging that needs nothing from the list.
#[derive(Debug)]
pub(crate) struct Prepared {
    row: Row,
    stage: Stage,
}

impl Prepared {
    /// The forms of the row's number to look up among the list's contacts, when it has a
    /// usable number that is not on the do-not-contact list.
    pub fn numbers(&self) -> Option<(&str, Option<&str>)> {
        match &self.stage {
            Stage::Usable {
                e164, alternative, ..
            } => Some((e164, alternative.as_deref())),
            _ => None,
        }
    }
}

#[derive(Debug)]
enum Stage {
    Skipped,
    Invalid {
        original: String,
        reason: InvalidReason,
    },
    OptedOut {
        original: String,
        e164: String,
    },
    Usable {
        original: String,
        e164: String,
        kind: LineKind,
        alternative: Option<String>,
        changes: Vec<Change>,
        /// The number's key among the file's numbers (see [`Judge::first_row`]).
        first_key: Option<u64>,
    },
}

/// A stored contact found by one of its two number forms.
#[derive(Debug, Clone)]
struct Existing {
    id: i64,
    stored_e164: String,
}

/// An E.164 number ("+" and 1–15 digits) as an integer: its [`phone_key`], the key the
/// database keeps for it. Hashing and storing a `u64` instead of a `String` halves the
/// import's memory on a million rows.
fn pack(e164: &str) -> Option<u64> {
    phone_key(e164).and_then(|key| u64::try_from(key).ok())
}

/// Hashes a packed number with one multiplication: the keys are not chosen by an attacker
/// (at worst a crafted sheet imports slowly), and SipHash was a tenth of the judging time.
#[derive(Debug, Default, Clone, Copy)]
struct PackedHasher(u64);

impl std::hash::Hasher for PackedHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        // Fibonacci hashing: the high bits, which hashbrown uses for its tags, depend on
        // every bit of the key; the rotation brings them down to the bucket index too.
        self.0 = (self.0 ^ n)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(26);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type PackedMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<PackedHasher>>;

/// Numbers keyed by [`pack`], with a fallback for anything that does not pack (a stored
/// number edited by hand into another shape).
#[derive(Debug)]
struct NumberMap<V> {
    packed: PackedMap<V>,
    text: HashMap<String, V>,
}

impl<V> NumberMap<V> {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            packed: PackedMap::with_capacity_and_hasher(capacity, Default::default()),
            text: HashMap::new(),
        }
    }

    fn get(&self, number: &str) -> Option<&V> {
        match pack(number) {
            Some(key) => self.packed.get(&key),
            None => self.text.get(number),
        }
    }

    fn is_empty(&self) -> bool {
        self.packed.is_empty() && self.text.is_empty()
    }

    fn clear(&mut self) {
        self.packed.clear();
        self.text.clear();
    }

    fn insert(&mut self, number: &str, value: V) {
        match pack(number) {
            Some(key) => self.packed.insert(key, value),
            None => self.text.insert(number.to_owned(), value),
        };
    }
}

/// Where each contact field comes from, worked out once from the mapping.
#[derive(Debug, Default)]
struct Sources {
    /// Columns in mapping order; the last one with a value wins, as it always has.
    name: Vec<usize>,
    email: Vec<usize>,
    company: Vec<usize>,
    city: Vec<usize>,
    /// By key, sorted (the JSON object's key order): the key already written as a JSON
    /// string, and its columns in mapping order.
    custom: Vec<(String, Vec<usize>)>,
    /// Columns feeding more than one field: copied, not moved out of the row.
    shared: HashSet<usize>,
}

impl Sources {
    fn new(plan: &ImportPlan) -> Self {
        let mut sources = Sources::default();
        let mut custom: Vec<(&str, usize)> = Vec::new();
        let mut uses: HashMap<usize, usize> = HashMap::new();
        for column in &plan.mapping.columns {
            let target = match &column.field {
                Field::Name => &mut sources.name,
                Field::Email => &mut sources.email,
                Field::Company => &mut sources.company,
                Field::City => &mut sources.city,
                Field::Custom(key) => {
                    custom.push((key, column.index));
                    *uses.entry(column.index).or_default() += 1;
                    continue;
                }
                Field::Phone | Field::Ignore => continue,
            };
            target.push(column.index);
            *uses.entry(column.index).or_default() += 1;
        }
        // Stable: columns of one key keep their mapping order.
        custom.sort_by(|a, b| a.0.cmp(b.0));
        let mut last_key: Option<&str> = None;
        for (key, index) in custom {
            match sources.custom.last_mut() {
                Some((_, columns)) if last_key == Some(key) => columns.push(index),
                _ => {
                    let mut json = String::with_capacity(key.len() + 2);
                    push_json_str(&mut json, key);
                    sources.custom.push((json, vec![index]));
                }
            }
            last_key = Some(key);
        }
        sources.shared = uses
            .into_iter()
            .filter(|&(_, n)| n > 1)
            .map(|(i, _)| i)
            .collect();
        sources
    }
}

/// The judge of one import (or dry run).
#[derive(Debug)]
pub(crate) struct Judge<'a> {
    plan: &'a ImportPlan,
    phone_column: usize,
    sources: Sources,
    opted_out: HashSet<String>,
    /// The list's contacts found under the numbers of the rows being decided (see
    /// [`Judge::remember_stored`]): number → the first contact stored under it.
    stored: NumberMap<Existing>,
    /// One entry per number met in the file (the smaller packed form of the pair) → the
    /// first row holding it. The two 9th-digit forms are each other's alternative, so
    /// either form of a pair finds the entry.
    seen: FirstRows,
    /// Both forms of numbers that do not pack (none come out of phone repair today).
    seen_text: HashMap<String, usize>,
    /// The JSON of each list of changes met so far: a file repeats the same few, so a
    /// short list searched in order beats hashing the changes.
    changes_json: Vec<(Vec<Change>, Arc<str>)>,
}

impl<'a> Judge<'a> {
    pub fn new(plan: &'a ImportPlan, phone_column: usize, opted_out: HashSet<String>) -> Self {
        Self {
            plan,
            phone_column,
            sources: Sources::new(plan),
            opted_out,
            stored: NumberMap::with_capacity(2 * 512),
            seen: FirstRows::with_capacity(1024),
            seen_text: HashMap::new(),
            changes_json: Vec::new(),
        }
    }

    /// The list's contacts stored under the numbers of the rows about to be decided, as
    /// `(id, phone_e164)`: what looking up [`Prepared::numbers`] finds
    /// ([`contacts_bulk::Probe`]).
    /// Replaces what the previous rows were given, so memory follows the chunk, not the list.
    ///
    /// A row matches a stored contact when either form of its number is that contact's
    /// `phone_e164`. This equals matching the stored `phone_alternative` too, because phone
    /// repair pairs the two 9th-digit forms both ways (the alternative of a number's
    /// alternative is the number), and every stored alternative comes from phone repair.
    ///
    /// [`contacts_bulk::Probe`]: crate::storage::contacts_bulk::Probe
    pub fn remember_stored(&mut self, found: Vec<(i64, String)>) {
        self.stored.clear();
        for (id, stored_e164) in found {
            if self
                .stored
                .get(&stored_e164)
                .is_some_and(|kept| kept.id <= id)
            {
                continue;
            }
            let number = stored_e164.clone();
            self.stored.insert(&number, Existing { id, stored_e164 });
        }
    }

    /// The first stored contact (lowest id) under either form of the number.
    fn stored_contact(&self, e164: &str, alternative: Option<&str>) -> Option<Existing> {
        // Into an empty list (every large first import) nothing is stored: skip parsing
        // both forms of the number into keys for nothing.
        if self.stored.is_empty() {
            return None;
        }
        let first = self.stored.get(e164);
        let second = alternative.and_then(|a| self.stored.get(a));
        match (first, second) {
            (Some(a), Some(b)) if b.id < a.id => Some(b.clone()),
            (Some(a), _) => Some(a.clone()),
            (None, b) => b.cloned(),
        }
    }

    /// Makes room for the numbers of about `rows` rows at once: growing the map by doubling
    /// near the end of a million rows holds the old and the new table together, ~50 MB.
    pub fn expect_rows(&mut self, rows: u64) {
        /// Beyond this a file is more likely mis-estimated than that large.
        const MOST: u64 = 20_000_000;
        // Invalid rows and repeats add no entry: a tenth fewer than the rows is typical.
        let numbers = rows.min(MOST) / 10 * 9;
        let len = self.seen.len() as u64;
        let wanted = numbers.saturating_sub(len);
        self.seen.reserve(usize::try_from(wanted).unwrap_or(0));
    }

    /// The first half of judging a row, which needs nothing from the list: the user's
    /// fixes, skipped rows, phone repair and the do-not-contact list. Rows with a usable
    /// number then need the list's contacts under [`Prepared::numbers`] (see
    /// [`Judge::remember_stored`]) before [`Judge::decide`].
    pub fn prepare(&self, mut row: Row) -> Prepared {
        apply_fixes(self.plan, &mut row);
        if self.plan.skip_rows.contains(&row.number) {
            return Prepared {
                row,
                stage: Stage::Skipped,
            };
        }
        let repair = repair_cell(row.cells.get(self.phone_column), self.plan);
        let original = repair.original;
        let stage = match repair.outcome {
            PhoneOutcome::Invalid { reason } => Stage::Invalid { original, reason },
            PhoneOutcome::Ok {
                e164,
                kind,
                alternative,
            } => self.usable(original, e164, kind, alternative, Vec::new()),
            PhoneOutcome::Repaired {
                e164,
                kind,
                alternative,
                changes,
            } => self.usable(original, e164, kind, alternative, changes),
        };
        Prepared { row, stage }
    }

    fn usable(
        &self,
        original: String,
        e164: String,
        kind: LineKind,
        alternative: Option<String>,
        changes: Vec<Change>,
    ) -> Stage {
        let opted_out = !self.opted_out.is_empty()
            && (self.opted_out.contains(&e164)
                || alternative
                    .as_ref()
                    .is_some_and(|a| self.opted_out.contains(a)));
        if opted_out {
            return Stage::OptedOut { original, e164 };
        }
        // Both forms of a pair lead to one entry: the smaller key.
        let first_key = match (pack(&e164), alternative.as_deref().map(pack)) {
            (Some(key), None) => Some(key),
            (Some(a), Some(Some(b))) => Some(a.min(b)),
            _ => None,
        };
        Stage::Usable {
            original,
            e164,
            kind,
            alternative,
            changes,
            first_key,
        }
    }

    /// Brings what deciding `prepared` reads from the file's numbers into the CPU's cache:
    /// called a few rows ahead of [`Judge::decide`], it overlaps that wait for memory with
    /// judging the rows between (see [`FirstRows`]). Changes nothing.
    pub fn prefetch(&self, prepared: &Prepared) {
        if let Stage::Usable {
            first_key: Some(key),
            ..
        } = &prepared.stage
        {
            self.seen.prefetch(*key);
        }
    }

    /// The second half: duplicates in the file and in the list, and what to write. Rows
    /// must come in file order, each after the [`Judge::remember_stored`] that covers it.
    pub fn decide(&mut self, prepared: Prepared, reports: Reports) -> Judged {
        let Prepared { row, stage } = prepared;
        let number = row.number;
        let column = self.phone_column;
        let not_written = |kind, report: Option<RowReport>| Judged {
            kind,
            action: RowAction::NotWritten,
            duplicate_of: None,
            report,
            write: None,
        };
        let (original, e164, kind, alternative, changes, first_key) = match stage {
            Stage::Skipped => {
                let report = reports.wants(VerdictKind::Skipped).then(|| {
                    let original = row.cells.get(column).map(Cell::to_text).unwrap_or_default();
                    report(
                        number,
                        column,
                        original,
                        RowVerdict::Skipped,
                        RowAction::NotWritten,
                    )
                });
                return not_written(VerdictKind::Skipped, report);
            }
            Stage::Invalid { original, reason } => {
                let report = reports.wants(VerdictKind::Invalid).then(|| {
                    let verdict = RowVerdict::Invalid { reason };
                    report(number, column, original, verdict, RowAction::NotWritten)
                });
                return not_written(VerdictKind::Invalid, report);
            }
            Stage::OptedOut { original, e164 } => {
                let report = reports.wants(VerdictKind::OptedOut).then(|| {
                    let verdict = RowVerdict::OptedOut { e164 };
                    report(number, column, original, verdict, RowAction::NotWritten)
                });
                return not_written(VerdictKind::OptedOut, report);
            }
            Stage::Usable {
                original,
                e164,
                kind,
                alternative,
                changes,
                first_key,
            } => (original, e164, kind, alternative, changes, first_key),
        };
        let earlier = self.first_row(first_key, &e164, alternative.as_deref(), number);
        let stored = self.stored_contact(&e164, alternative.as_deref());
        let policy = self.plan.duplicate_policy;
        // What happens, decided before the row's strings are moved anywhere.
        let (verdict_kind, duplicate_of, action) = match (earlier, &stored) {
            (Some(first), _) => (
                VerdictKind::Duplicate,
                Some(DuplicateOf::Row { row: first }),
                if policy == DuplicatePolicy::KeepBoth {
                    RowAction::Inserted
                } else {
                    RowAction::NotWritten
                },
            ),
            (None, Some(found)) => (
                VerdictKind::Duplicate,
                Some(DuplicateOf::Contact { id: found.id }),
                match policy {
                    DuplicatePolicy::Skip => RowAction::NotWritten,
                    DuplicatePolicy::UpdateExisting => RowAction::Updated,
                    DuplicatePolicy::KeepBoth => RowAction::Inserted,
                },
            ),
            (None, None) if changes.is_empty() => (VerdictKind::Ok, None, RowAction::Inserted),
            (None, None) => (VerdictKind::Repaired, None, RowAction::Inserted),
        };
        let report = reports.wants(verdict_kind).then(|| {
            let e164 = e164.clone();
            let verdict = match (verdict_kind, duplicate_of) {
                (VerdictKind::Duplicate, Some(of)) => RowVerdict::Duplicate { e164, of },
                (VerdictKind::Repaired, _) => RowVerdict::Repaired {
                    e164,
                    changes: changes.clone(),
                },
                _ => RowVerdict::Ok { e164 },
            };
            report(number, column, original.clone(), verdict, action)
        });
        let write = match action {
            RowAction::NotWritten => None,
            RowAction::Inserted | RowAction::Updated => {
                let verdict = match verdict_kind {
                    VerdictKind::Duplicate => PhoneVerdict::Duplicate,
                    VerdictKind::Repaired => PhoneVerdict::Repaired,
                    _ => PhoneVerdict::Ok,
                };
                let changes = self.changes_json(changes);
                let draft = self.draft(row, e164, original, alternative, kind, verdict, changes);
                Some(match (action, stored) {
                    (RowAction::Updated, Some(found)) => Write::Update {
                        stored_e164: found.stored_e164,
                        draft,
                    },
                    _ => Write::Insert(draft),
                })
            }
        };
        Judged {
            kind: verdict_kind,
            action,
            duplicate_of,
            report,
            write,
        }
    }

    /// The first row of the file holding this number (in either form), recording `row`
    /// as that first row when there is none yet. `key` is the pair's smaller packed form
    /// ([`Judge::prepare`]); numbers without one are kept by their text.
    fn first_row(
        &mut self,
        key: Option<u64>,
        e164: &str,
        alternative: Option<&str>,
        row: usize,
    ) -> Option<usize> {
        if let Some(key) = key {
            let first = self.seen.first_or_insert(key, row);
            return (first != row).then_some(first);
        }
        let forms = || std::iter::once(e164).chain(alternative);
        let earlier = forms().find_map(|p| self.seen_text.get(p).copied());
        for form in forms() {
            self.seen_text.entry(form.to_owned()).or_insert(row);
        }
        earlier
    }

    fn changes_json(&mut self, changes: Vec<Change>) -> Option<Arc<str>> {
        /// Lists remembered; a file with more variety than this just pays for the JSON.
        const REMEMBERED: usize = 64;
        if changes.is_empty() {
            return None;
        }
        if let Some((_, json)) = self.changes_json.iter().find(|(c, _)| *c == changes) {
            return Some(json.clone());
        }
        let json: Arc<str> = serde_json::to_string(&changes)
            .unwrap_or_else(|_| "[]".to_owned())
            .into();
        if self.changes_json.len() < REMEMBERED {
            self.changes_json.push((changes, json.clone()));
        }
        Some(json)
    }

    #[allow(clippy::too_many_arguments)]
    fn draft(
        &self,
        mut row: Row,
        e164: String,
        original: String,
        alternative: Option<String>,
        kind: LineKind,
        verdict: PhoneVerdict,
        changes: Option<Arc<str>>,
    ) -> ContactDraft {
        let sources = &self.sources;
        let mut take = |columns: &[usize]| take_last(&mut row.cells, columns, &sources.shared);
        let name = take(&sources.name);
        let email = take(&sources.email);
        let company = take(&sources.company);
        let city = take(&sources.city);
        let mut custom_fields = String::from("{");
        for (key, columns) in &sources.custom {
            if let Some(value) = take(columns) {
                if custom_fields.len() > 1 {
                    custom_fields.push(',');
                }
                custom_fields.push_str(key);
                custom_fields.push(':');
                push_json_str(&mut custom_fields, &value);
            }
        }
        custom_fields.push('}');
        ContactDraft {
            name,
            email,
            company,
            city,
            custom_fields,
            e164,
            original,
            alternative,
            kind,
            verdict,
            changes,
        }
    }
}

fn report(
    row: usize,
    column: usize,
    original: String,
    verdict: RowVerdict,
    action: RowAction,
) -> RowReport {
    RowReport {
        row,
        column,
        original,
        verdict,
        action,
    }
}

/// The user's fixes typed in the review table, in place of the cells.
fn apply_fixes(plan: &ImportPlan, row: &mut Row) {
    let number = row.number;
    for ((_, column), text) in plan.cell_fixes.range((number, 0)..=(number, usize::MAX)) {
        if row.cells.len() <= *column {
            row.cells.resize(*column + 1, Cell::Empty);
        }
        row.cells[*column] = Cell::Text(text.clone());
    }
}

/// Repairs the phone cell as the spreadsheet holds it: numbers as numbers, all else as text.
fn repair_cell(cell: Option<&Cell>, plan: &ImportPlan) -> PhoneRepair {
    let rules = &plan.phone_rules;
    match cell {
        Some(Cell::Number(n)) => phone::repair(RawPhone::Number(*n), rules),
        Some(Cell::Text(text)) => phone::repair(RawPhone::Text(text), rules),
        Some(other) => phone::repair(RawPhone::Text(&other.to_text()), rules),
        None => phone::repair(RawPhone::Text(""), rules),
    }
}

/// The value of the last of `columns` that has one, as [`Cell::to_text`] gives it: moved out
/// of the row unless another field reads the same column.
fn take_last(cells: &mut [Cell], columns: &[usize], shared: &HashSet<usize>) -> Option<String> {
    for &index in columns.iter().rev() {
        let Some(cell) = cells.get_mut(index) else {
            continue;
        };
        let text = match cell {
            Cell::Empty => continue,
            Cell::Text(text) | Cell::Date(text) | Cell::Error(text) => {
                let trimmed = text.trim();
                if trimmed.is_empty() {
                    continue;
                }
                if trimmed.len() == text.len() && !shared.contains(&index) {
                    std::mem::take(text)
                } else {
                    trimmed.to_owned()
                }
            }
            Cell::Number(_) | Cell::Bool(_) => cell.to_text(),
        };
        return Some(text);
    }
    None
}

/// Appends `text` as a JSON string, escaped exactly as `serde_json` does.
fn push_json_str(out: &mut String, text: &str) {
    if !text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push('"');
        out.push_str(text);
        out.push('"');
        return;
    }
    out.push('"');
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        if escape.is_empty() {
            out.push_str(&format!("\\u{byte:04x}"));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// The report of a row whose verdict was logged (see `RowLog`), rebuilt from the file: the
/// phone repair is repeated, the decisions that depended on the database are the logged
/// ones. `None` when the row no longer matches its verdict (the file changed).
pub(crate) fn replay(
    plan: &ImportPlan,
    phone_column: usize,
    row: &Row,
    kind: VerdictKind,
    action: RowAction,
    duplicate_of: Option<DuplicateOf>,
) -> Option<RowReport> {
    let number = row.number;
    let fixed = plan
        .cell_fixes
        .get(&(number, phone_column))
        .map(|text| Cell::Text(text.clone()));
    let cell = fixed.as_ref().or_else(|| row.cells.get(phone_column));
    if kind == VerdictKind::Skipped {
        let original = cell.map(Cell::to_text).unwrap_or_default();
        return Some(report(
            number,
            phone_column,
            original,
            RowVerdict::Skipped,
            action,
        ));
    }
    let repair = repair_cell(cell, plan);
    let verdict = match (kind, repair.outcome) {
        (VerdictKind::Invalid, PhoneOutcome::Invalid { reason }) => RowVerdict::Invalid { reason },
        (VerdictKind::Ok, PhoneOutcome::Ok { e164, .. }) => RowVerdict::Ok { e164 },
        (VerdictKind::Repaired, PhoneOutcome::Repaired { e164, changes, .. }) => {
            RowVerdict::Repaired { e164, changes }
        }
        (
            VerdictKind::Duplicate,
            PhoneOutcome::Ok { e164, .. } | PhoneOutcome::Repaired { e164, .. },
        ) => RowVerdict::Duplicate {
            e164,
            of: duplicate_of?,
        },
        (
            VerdictKind::OptedOut,
            PhoneOutcome::Ok { e164, .. } | PhoneOutcome::Repaired { e164, .. },
        ) => RowVerdict::OptedOut { e164 },
        _ => return None,
    };
    Some(report(
        number,
        phone_column,
        repair.original,
        verdict,
        action,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_match_serde_json() {
        for text in [
            "Centro",
            "São Paulo – \"Zona Sul\"",
            "a\\b/c",
            "line\nbreak\ttab\r",
            "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f}",
            "💇‍♀️",
        ] {
            let mut ours = String::new();
            push_json_str(&mut ours, text);
            assert_eq!(ours, serde_json::to_string(text).unwrap(), "{text:?}");
        }
    }
}
