//! What the user decided in the wizard: the file, the mapping, the list, what to do with
//! duplicates, and the rows skipped or fixed by hand.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::mapping::ColumnMapping;
use super::phone::PhoneRules;

/// What to do with a number already in the list (or earlier in the file).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DuplicatePolicy {
    /// Keep what is there; the row is reported as a duplicate.
    #[default]
    Skip,
    /// Overwrite the stored contact with the file's non-blank values. A repeat inside the
    /// file is still skipped: the first row wins, as there is nothing stored to update yet.
    UpdateExisting,
    /// Insert anyway, so the list holds the number twice.
    KeepBoth,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    pub path: PathBuf,
    /// `None`: the first visible sheet.
    pub sheet: Option<String>,
    pub mapping: ColumnMapping,
    /// Found case-insensitively, created when missing.
    pub list_name: String,
    pub duplicate_policy: DuplicatePolicy,
    pub phone_rules: PhoneRules,
    /// Row numbers as Excel shows them.
    pub skip_rows: BTreeSet<usize>,
    /// `(row, 0-based column)` → the text to use instead of the cell.
    pub cell_fixes: BTreeMap<(usize, usize), String>,
}

impl ImportPlan {
    /// A plan with the defaults: first sheet, skip duplicates, Brazilian numbers, no fixes.
    pub fn new(path: impl Into<PathBuf>, mapping: ColumnMapping, list_name: &str) -> Self {
        Self {
            path: path.into(),
            sheet: None,
            mapping,
            list_name: list_name.to_owned(),
            duplicate_policy: DuplicatePolicy::default(),
            phone_rules: PhoneRules::default(),
            skip_rows: BTreeSet::new(),
            cell_fixes: BTreeMap::new(),
        }
    }

    /// The file name stored in the import history.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string())
    }
}

/// Sent while an import runs, at most every ~100 ms, and once more when every row is read
/// (the indexes and the commit come after it).
///
/// A progress bar: `bytesRead / bytesTotal` for CSV, `rowsRead / rowsTotal` for
/// spreadsheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    #[ts(type = "number")]
    pub rows_read: u64,
    /// For CSV files: bytes read (a few batches ahead of the rows) and the file's size.
    #[ts(type = "number | null")]
    pub bytes_read: Option<u64>,
    #[ts(type = "number | null")]
    pub bytes_total: Option<u64>,
    /// For spreadsheets: an estimate of the data rows, from the rows the sheet declares
    /// (blank rows count, so the import may end a little short of it). Never below
    /// `rowsRead`.
    #[ts(type = "number | null")]
    pub rows_total: Option<u64>,
}

/// The progress callback's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Continue,
    Cancel,
}
