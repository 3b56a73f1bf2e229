//! What the import says about each row, and the totals: the types the wizard and the
//! report show.

use serde::Serialize;
use ts_rs::TS;

use super::phone::{Change, InvalidReason};
use super::row_log::RowLog;

/// Rows that are not plainly ok listed in an [`ImportSummary`]: the review screen shows
/// these; the counts cover every row and the report files list every row.
pub const SUMMARY_ROWS: usize = 2_000;

/// The verdict for one row of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "verdict", rename_all = "camelCase")]
pub enum RowVerdict {
    /// The number was already complete.
    Ok {
        e164: String,
    },
    /// Usable after the listed changes.
    Repaired {
        e164: String,
        changes: Vec<Change>,
    },
    /// The same person (same number, or the other 9th-digit form) appears earlier in the
    /// file or is already in the list.
    Duplicate {
        e164: String,
        of: DuplicateOf,
    },
    /// The number is on the do-not-contact list.
    OptedOut {
        e164: String,
    },
    Invalid {
        reason: InvalidReason,
    },
    /// The user chose to leave the row out.
    Skipped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DuplicateOf {
    /// An earlier row of the same file (its number as Excel shows it).
    Row { row: usize },
    /// A contact already in the list.
    Contact {
        #[ts(type = "number")]
        id: i64,
    },
}

/// A [`RowVerdict`] without its data, for the compact per-row log and the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VerdictKind {
    Ok,
    Repaired,
    Duplicate,
    OptedOut,
    Invalid,
    Skipped,
}

/// What was (or, in a dry run, would be) written for the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RowAction {
    Inserted,
    Updated,
    NotWritten,
}

/// One line of the per-row report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowReport {
    /// 1-based, as Excel shows it.
    pub row: usize,
    /// 0-based index of the phone column.
    pub column: usize,
    /// The phone cell as the file had it (after the user's fix, if any).
    pub original: String,
    #[serde(flatten)]
    pub verdict: RowVerdict,
    pub action: RowAction,
}

impl RowVerdict {
    pub(crate) fn kind(&self) -> VerdictKind {
        match self {
            RowVerdict::Ok { .. } => VerdictKind::Ok,
            RowVerdict::Repaired { .. } => VerdictKind::Repaired,
            RowVerdict::Duplicate { .. } => VerdictKind::Duplicate,
            RowVerdict::OptedOut { .. } => VerdictKind::OptedOut,
            RowVerdict::Invalid { .. } => VerdictKind::Invalid,
            RowVerdict::Skipped => VerdictKind::Skipped,
        }
    }

    /// The number to write in a corrected sheet, when there is one.
    pub fn e164(&self) -> Option<&str> {
        match self {
            RowVerdict::Ok { e164 }
            | RowVerdict::Repaired { e164, .. }
            | RowVerdict::Duplicate { e164, .. }
            | RowVerdict::OptedOut { e164 } => Some(e164),
            RowVerdict::Invalid { .. } | RowVerdict::Skipped => None,
        }
    }

    /// A short English word for files and the CLI; the UI translates the tag itself.
    pub fn label(&self) -> &'static str {
        match self {
            RowVerdict::Ok { .. } => "ok",
            RowVerdict::Repaired { .. } => "repaired",
            RowVerdict::Duplicate { .. } => "duplicate",
            RowVerdict::OptedOut { .. } => "opted out",
            RowVerdict::Invalid { .. } => "invalid",
            RowVerdict::Skipped => "skipped",
        }
    }

    /// The why, in English: the changes made, the reason it is invalid, what it repeats.
    pub fn detail(&self) -> String {
        match self {
            RowVerdict::Ok { .. } | RowVerdict::OptedOut { .. } | RowVerdict::Skipped => {
                String::new()
            }
            RowVerdict::Repaired { changes, .. } => changes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
            RowVerdict::Duplicate { of, .. } => match of {
                DuplicateOf::Row { row } => format!("same number as row {row}"),
                DuplicateOf::Contact { id } => format!("already in the list (contact #{id})"),
            },
            RowVerdict::Invalid { reason } => reason.to_string(),
        }
    }
}

impl RowAction {
    pub fn label(self) -> &'static str {
        match self {
            RowAction::Inserted => "inserted",
            RowAction::Updated => "updated",
            RowAction::NotWritten => "not written",
        }
    }
}

/// Rows per verdict and per action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportCounts {
    pub ok: u32,
    pub repaired: u32,
    pub duplicate: u32,
    pub opted_out: u32,
    pub invalid: u32,
    pub skipped: u32,
    pub inserted: u32,
    pub updated: u32,
}

impl ImportCounts {
    pub fn add(&mut self, report: &RowReport) {
        self.add_kind(report.verdict.kind(), report.action);
    }

    pub(crate) fn add_kind(&mut self, kind: VerdictKind, action: RowAction) {
        let verdict = match kind {
            VerdictKind::Ok => &mut self.ok,
            VerdictKind::Repaired => &mut self.repaired,
            VerdictKind::Duplicate => &mut self.duplicate,
            VerdictKind::OptedOut => &mut self.opted_out,
            VerdictKind::Invalid => &mut self.invalid,
            VerdictKind::Skipped => &mut self.skipped,
        };
        *verdict = verdict.saturating_add(1);
        match action {
            RowAction::Inserted => self.inserted = self.inserted.saturating_add(1),
            RowAction::Updated => self.updated = self.updated.saturating_add(1),
            RowAction::NotWritten => {}
        }
    }

    /// Rows read from the file.
    pub fn rows(&self) -> u32 {
        self.ok + self.repaired + self.duplicate + self.opted_out + self.invalid + self.skipped
    }

    /// Rows that are not plainly ok: the review screen's list, however many are shown.
    pub fn problems(&self) -> u32 {
        self.rows() - self.ok
    }
}

/// What a committed import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    #[ts(type = "number")]
    pub import_id: i64,
    #[ts(type = "number")]
    pub list_id: i64,
    pub list_created: bool,
    pub counts: ImportCounts,
    /// The rows that are not plainly ok (repaired, duplicate, opted out, invalid, skipped),
    /// in file order, at most [`SUMMARY_ROWS`]; `counts.problems()` says how many there
    /// were in all. Keeping a report for every row cost ~420 bytes a row.
    pub rows: Vec<RowReport>,
    /// Every row's verdict in about a byte, for the report files: pass `&summary.log` to
    /// [`report::write_report_csv`](super::report::write_report_csv) or
    /// [`report::write_corrected_xlsx`](super::report::write_corrected_xlsx), which re-read
    /// the file for the rest. Not sent to the UI.
    #[serde(skip)]
    #[ts(skip)]
    pub log: RowLog,
}

/// What an import would do, without writing (the wizard's preview, `tip import --dry-run`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// False when the import would create the list.
    pub list_exists: bool,
    pub counts: ImportCounts,
    pub rows: Vec<RowReport>,
}

/// The wizard's review of a whole file: every row counted, a bounded set of reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReview {
    /// False when the import would create the list.
    pub list_exists: bool,
    pub counts: ImportCounts,
    /// The first rows, whatever their verdict (the mapping screen's preview).
    pub first_rows: Vec<RowReport>,
    /// The first rows that are not plainly ok, in file order (`counts.problems()` says how
    /// many there are in all).
    pub problems: Vec<RowReport>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_serialize_flat_for_the_ui() {
        let report = RowReport {
            row: 7,
            column: 1,
            original: "11 98765-4321".into(),
            verdict: RowVerdict::Duplicate {
                e164: "+5511987654321".into(),
                of: DuplicateOf::Row { row: 3 },
            },
            action: RowAction::NotWritten,
        };
        assert_eq!(
            serde_json::to_value(&report).unwrap(),
            serde_json::json!({
                "row": 7, "column": 1, "original": "11 98765-4321",
                "verdict": "duplicate", "e164": "+5511987654321",
                "of": { "kind": "row", "row": 3 },
                "action": "notWritten"
            })
        );
        assert_eq!(report.verdict.detail(), "same number as row 3");
    }
}
