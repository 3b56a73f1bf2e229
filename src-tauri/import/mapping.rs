//! Which column of the sheet is which contact field: guessed from Portuguese and English
//! headers (accents and case ignored), then corrected by the user. Every column that is not
//! a standard field becomes a custom field whose key is the merge field (`{{bairro}}`).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::phone::{self, PhoneRules};
use super::read::{Cell, Row};
use super::slug::{column_from_letter, column_letter, fold, slug};

/// What a column feeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "key", rename_all = "camelCase")]
pub enum Field {
    Name,
    Phone,
    Email,
    Company,
    City,
    /// Stored in the contact's custom fields under this key.
    Custom(String),
    /// Not imported.
    Ignore,
}

impl Field {
    /// `name`, `phone`, `email`, `company`, `city`, `ignore`, or any other word as a
    /// custom field key (Portuguese names are accepted too: `nome`, `telefone`, …).
    pub fn parse(text: &str) -> Result<Field, MappingError> {
        // Exact words only: a custom key such as "customer_code" must not turn into the
        // name the way a header "Customer" does.
        Ok(match fold(text).as_str() {
            "name" | "nome" => Field::Name,
            "phone" | "telefone" | "celular" | "whatsapp" => Field::Phone,
            "email" | "e mail" => Field::Email,
            "company" | "empresa" => Field::Company,
            "city" | "cidade" => Field::City,
            "ignore" | "ignorar" => Field::Ignore,
            _ => slug(text)
                .map(Field::Custom)
                .ok_or_else(|| MappingError::BadField(text.to_owned()))?,
        })
    }

    /// Only one column may feed each of these.
    fn is_single(&self) -> bool {
        match self {
            Field::Name | Field::Phone | Field::Email | Field::Company | Field::City => true,
            Field::Custom(_) | Field::Ignore => false,
        }
    }
}

/// One column and what it feeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MappedColumn {
    /// 0-based: column A is 0.
    pub index: usize,
    /// The header as written (empty for a file without a header row).
    pub header: String,
    /// The custom-field key this column takes when it is not a standard field; unique.
    pub key: String,
    pub field: Field,
}

/// The whole sheet's mapping, one entry per column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    pub columns: Vec<MappedColumn>,
}

/// A column that may hold the phone numbers, with how many preview values are usable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhoneCandidate {
    pub index: usize,
    pub header: String,
    /// Preview cells that repair into a sendable number.
    pub usable: usize,
    /// Preview cells that are not blank.
    pub filled: usize,
}

/// The guess shown on the mapping screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MappingSuggestion {
    pub mapping: ColumnMapping,
    /// Every column considered for the phone, best first; more than one means the choice
    /// deserves a look.
    pub phone_candidates: Vec<PhoneCandidate>,
    /// English sentence for the CLI and logs when a choice was made between columns.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("there is no column {0:?} (use its header or its letter)")]
    UnknownColumn(String),
    #[error("{0:?} is not a field name")]
    BadField(String),
    #[error("{0:?} is not COLUMN=FIELD")]
    BadOverride(String),
}

impl ColumnMapping {
    pub fn phone_column(&self) -> Option<usize> {
        self.field_column(&Field::Phone)
    }

    pub fn field_column(&self, field: &Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|c| c.field == *field)
            .map(|c| c.index)
    }

    pub fn column(&self, index: usize) -> Option<&MappedColumn> {
        self.columns.iter().find(|c| c.index == index)
    }

    /// The column named by its header (accents and case ignored) or by its letter.
    pub fn find(&self, label: &str) -> Option<usize> {
        let folded = fold(label);
        self.columns
            .iter()
            .find(|c| !c.header.is_empty() && fold(&c.header) == folded)
            .map(|c| c.index)
            .or_else(|| column_from_letter(label.trim()).filter(|i| self.column(*i).is_some()))
    }

    /// The user's choice. A standard field taken from another column sends that column
    /// back to its custom key, so each standard field keeps a single source.
    pub fn set(&mut self, index: usize, field: Field) -> Result<(), MappingError> {
        if self.column(index).is_none() {
            return Err(MappingError::UnknownColumn(column_letter(index)));
        }
        for column in &mut self.columns {
            if column.index != index && field.is_single() && column.field == field {
                column.field = Field::Custom(column.key.clone());
            }
        }
        if let Some(column) = self.columns.iter_mut().find(|c| c.index == index) {
            column.field = field;
        }
        Ok(())
    }

    /// Applies `COLUMN=FIELD` (as `tip import --map` takes it).
    pub fn apply_override(&mut self, spec: &str) -> Result<(), MappingError> {
        let (column, field) = spec
            .split_once('=')
            .ok_or_else(|| MappingError::BadOverride(spec.to_owned()))?;
        let index = self
            .find(column)
            .ok_or_else(|| MappingError::UnknownColumn(column.trim().to_owned()))?;
        self.set(index, Field::parse(field)?)
    }
}

/// Guesses the mapping from the header and the preview rows. `headers` is empty for a
/// file without a header row; columns then come from the widest preview row.
pub fn suggest(headers: &[String], rows: &[Row], rules: &PhoneRules) -> MappingSuggestion {
    let width = rows
        .iter()
        .map(|r| r.cells.len())
        .chain(std::iter::once(headers.len()))
        .max()
        .unwrap_or(0);
    let mut columns: Vec<MappedColumn> = Vec::with_capacity(width);
    let mut keys = Keys::default();
    for index in 0..width {
        let header = headers.get(index).cloned().unwrap_or_default();
        let base = slug(&header)
            .unwrap_or_else(|| format!("coluna_{}", column_letter(index).to_lowercase()));
        let key = keys.unique(base);
        columns.push(MappedColumn {
            index,
            field: Field::Custom(key.clone()),
            header,
            key,
        });
    }

    // Standard fields by header, first column wins; phones are decided below.
    let mut phone_like = Vec::new();
    for column in &mut columns {
        match standard_field(&fold(&column.header)) {
            Some(Field::Phone) => phone_like.push(column.index),
            Some(field) => column.field = field,
            None => {}
        }
    }
    dedupe_single_fields(&mut columns);

    // Without a phone header (or without any header), every column is a candidate.
    let considered: Vec<usize> = if phone_like.is_empty() {
        (0..width).collect()
    } else {
        phone_like.clone()
    };
    let mut candidates: Vec<PhoneCandidate> = considered
        .iter()
        .map(|&index| score(index, &columns[index].header, rows, rules))
        .filter(|c| !phone_like.is_empty() || c.usable * 2 > c.filled && c.usable > 0)
        .collect();
    // Best first; ties keep the leftmost column.
    candidates.sort_by(|a, b| b.usable.cmp(&a.usable).then(a.index.cmp(&b.index)));

    let mut note = None;
    if let Some(best) = candidates.first() {
        columns[best.index].field = Field::Phone;
        if candidates.len() > 1 {
            let names: Vec<String> = candidates.iter().map(label).collect();
            note = Some(format!(
                "several columns look like phone numbers ({}); using {}: {} of {} preview values are usable",
                names.join(", "),
                label(best),
                best.usable,
                best.filled
            ));
        }
    }
    MappingSuggestion {
        mapping: ColumnMapping { columns },
        phone_candidates: candidates,
        note,
    }
}

/// The standard field a folded header names, if any. Order matters: "E-mail do cliente"
/// is an e-mail, "Nome da empresa" a company, "Telefone do contato" a phone.
fn standard_field(folded: &str) -> Option<Field> {
    let words: Vec<&str> = folded.split(' ').collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let compact: String = folded.chars().filter(|c| *c != ' ').collect();
    if compact.contains("email") || folded == "mail" {
        return Some(Field::Email);
    }
    if has(&[
        "telefone",
        "telefones",
        "celular",
        "celulares",
        "whatsapp",
        "whats",
        "wpp",
        "zap",
        "fone",
        "tel",
        "cel",
        "numero",
        "phone",
        "mobile",
        "telephone",
        "cellphone",
    ]) || compact.starts_with("whatsapp")
        || compact.starts_with("telefone")
    {
        return Some(Field::Phone);
    }
    if has(&[
        "empresa",
        "company",
        "companhia",
        "organizacao",
        "organization",
    ]) || folded.contains("razao social")
        || folded.contains("nome fantasia")
    {
        return Some(Field::Company);
    }
    if has(&["cidade", "city", "municipio"]) {
        return Some(Field::City);
    }
    if has(&[
        "nome", "name", "cliente", "contato", "contact", "client", "customer",
    ]) {
        return Some(Field::Name);
    }
    None
}

/// A second "Nome" column stays a custom field: the first one is the name.
fn dedupe_single_fields(columns: &mut [MappedColumn]) {
    let mut taken: Vec<Field> = Vec::new();
    for column in columns.iter_mut() {
        if column.field.is_single() {
            if taken.contains(&column.field) {
                column.field = Field::Custom(column.key.clone());
            } else {
                taken.push(column.field.clone());
            }
        }
    }
}

/// The column keys given so far. A sheet can be 16,384 columns wide (65,536 in an .xls),
/// so a key is found without comparing it to every column before it: that took minutes
/// for a wide .xls the fuzz target made, and hours for as many columns all named alike.
#[derive(Default)]
struct Keys {
    taken: HashSet<String>,
    /// For each key asked for twice, the suffix to try next.
    next_suffix: HashMap<String, u64>,
}

impl Keys {
    /// `base` if it is free, else `base_2`, `base_3`… the first one free.
    fn unique(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        // Keys are never given back: every suffix below the one stored is taken.
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(2);
        let key = loop {
            let key = format!("{base}_{n}");
            n += 1;
            if self.taken.insert(key.clone()) {
                break key;
            }
        };
        self.next_suffix.insert(base, n);
        key
    }
}

fn score(index: usize, header: &str, rows: &[Row], rules: &PhoneRules) -> PhoneCandidate {
    let mut usable = 0;
    let mut filled = 0;
    for row in rows {
        let Some(cell) = row.cells.get(index).filter(|c| !c.is_blank()) else {
            continue;
        };
        filled += 1;
        if phone::repair(raw_phone(cell).as_raw(), rules)
            .e164()
            .is_some()
        {
            usable += 1;
        }
    }
    PhoneCandidate {
        index,
        header: header.to_owned(),
        usable,
        filled,
    }
}

fn label(candidate: &PhoneCandidate) -> String {
    if candidate.header.is_empty() {
        format!("column {}", column_letter(candidate.index))
    } else {
        format!("\"{}\"", candidate.header)
    }
}

/// A cell as the phone repairer takes it: numeric cells as numbers (the exact value),
/// everything else as text.
pub(crate) enum PhoneCell {
    Text(String),
    Number(f64),
}

impl PhoneCell {
    pub(crate) fn as_raw(&self) -> phone::RawPhone<'_> {
        match self {
            PhoneCell::Text(text) => phone::RawPhone::Text(text),
            PhoneCell::Number(n) => phone::RawPhone::Number(*n),
        }
    }
}

pub(crate) fn raw_phone(cell: &Cell) -> PhoneCell {
    match cell {
        Cell::Number(n) => PhoneCell::Number(*n),
        Cell::Text(text) => PhoneCell::Text(text.clone()),
        other => PhoneCell::Text(other.to_text()),
    }
}

#[cfg(test)]
#[path = "mapping_tests.rs"]
mod tests;
