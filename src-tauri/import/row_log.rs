//! Every row's verdict in about a byte, so a million-row import does not keep a million
//! reports in memory. The report files need each row's strings too (the cell as written,
//! the repaired number, the changes): they come back from re-reading the file and
//! repeating the phone repair, which is pure. Only what depended on the database (opted
//! out, duplicate of which contact) is kept here.

use std::path::Path;
use std::time::SystemTime;

use super::judge;
use super::plan::ImportPlan;
use super::read::{self, ReadOptions, Row, RowReader};
use super::report::ReportError;
use super::verdict::{DuplicateOf, RowAction, RowReport, VerdictKind};

/// The verdict and action of every row read, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowLog {
    /// The import's plan: where the rows are, fixes, skipped rows, phone rules.
    plan: ImportPlan,
    phone_column: usize,
    /// The file as it was when read, to refuse rebuilding reports from a changed file.
    stamp: Option<FileStamp>,
    /// One byte per row: the verdict in the low nibble, the action in the high one.
    codes: Vec<u8>,
    /// What each duplicate repeats, in the order of the duplicates.
    duplicates: Vec<DuplicateOf>,
}

impl Default for RowLog {
    fn default() -> Self {
        Self {
            plan: ImportPlan::new("", Default::default(), ""),
            phone_column: 0,
            stamp: None,
            codes: Vec::new(),
            duplicates: Vec::new(),
        }
    }
}

/// Size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl FileStamp {
    fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

impl RowLog {
    /// An empty log for the plan's file, stamped with its current size and date.
    pub(crate) fn new(plan: &ImportPlan, phone_column: usize) -> Self {
        Self {
            stamp: FileStamp::of(&plan.path),
            plan: plan.clone(),
            phone_column,
            codes: Vec::new(),
            duplicates: Vec::new(),
        }
    }

    pub(crate) fn push(
        &mut self,
        kind: VerdictKind,
        action: RowAction,
        duplicate_of: Option<DuplicateOf>,
    ) {
        self.codes.push(encode(kind, action));
        if kind == VerdictKind::Duplicate {
            if let Some(of) = duplicate_of {
                self.duplicates.push(of);
            }
        }
    }

    /// Rows logged.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The plan of the import this log belongs to.
    pub fn plan(&self) -> &ImportPlan {
        &self.plan
    }

    /// Re-reads the file and yields each row with its full report, in file order. Fails up
    /// front when the file changed since the import, and mid-way when a row no longer
    /// matches its logged verdict.
    pub fn reports(&self) -> Result<LoggedRows<'_>, ReportError> {
        if FileStamp::of(&self.plan.path) != self.stamp {
            return Err(self.changed());
        }
        let options = ReadOptions {
            sheet: self.plan.sheet.clone(),
            ..ReadOptions::default()
        };
        Ok(LoggedRows {
            log: self,
            reader: read::open(&self.plan.path, &options)?,
            next: 0,
            next_duplicate: 0,
        })
    }

    fn changed(&self) -> ReportError {
        ReportError::Write(format!(
            "{} changed since it was imported; import it again to get its report",
            self.plan.file_name()
        ))
    }
}

fn encode(kind: VerdictKind, action: RowAction) -> u8 {
    let kind = match kind {
        VerdictKind::Ok => 0,
        VerdictKind::Repaired => 1,
        VerdictKind::Duplicate => 2,
        VerdictKind::OptedOut => 3,
        VerdictKind::Invalid => 4,
        VerdictKind::Skipped => 5,
    };
    let action = match action {
        RowAction::Inserted => 0,
        RowAction::Updated => 1,
        RowAction::NotWritten => 2,
    };
    kind | action << 4
}

fn decode(code: u8) -> Option<(VerdictKind, RowAction)> {
    let kind = match code & 0x0f {
        0 => VerdictKind::Ok,
        1 => VerdictKind::Repaired,
        2 => VerdictKind::Duplicate,
        3 => VerdictKind::OptedOut,
        4 => VerdictKind::Invalid,
        5 => VerdictKind::Skipped,
        _ => return None,
    };
    let action = match code >> 4 {
        0 => RowAction::Inserted,
        1 => RowAction::Updated,
        2 => RowAction::NotWritten,
        _ => return None,
    };
    Some((kind, action))
}

/// The rows of a logged import, read again, each with its report.
#[derive(Debug)]
pub struct LoggedRows<'a> {
    log: &'a RowLog,
    reader: RowReader,
    next: usize,
    next_duplicate: usize,
}

impl LoggedRows<'_> {
    /// The header cells of the file, as read again.
    pub fn headers(&self) -> &[String] {
        self.reader.headers()
    }
}

impl Iterator for LoggedRows<'_> {
    /// The row as the file has it (the user's fixes not applied) and its report.
    type Item = Result<(Row, RowReport), ReportError>;

    fn next(&mut self) -> Option<Self::Item> {
        let log = self.log;
        let row = match self.reader.next_row() {
            None if self.next == log.codes.len() => return None,
            None => return Some(Err(log.changed())),
            Some(Err(e)) => return Some(Err(e.into())),
            Some(Ok(row)) => row,
        };
        let Some((kind, action)) = log.codes.get(self.next).copied().and_then(decode) else {
            return Some(Err(log.changed()));
        };
        self.next += 1;
        let duplicate_of = if kind == VerdictKind::Duplicate {
            let of = log.duplicates.get(self.next_duplicate).copied();
            self.next_duplicate += 1;
            of
        } else {
            None
        };
        match judge::replay(
            &log.plan,
            log.phone_column,
            &row,
            kind,
            action,
            duplicate_of,
        ) {
            Some(report) => Some(Ok((row, report))),
            None => Some(Err(log.changed())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        let kinds = [
            VerdictKind::Ok,
            VerdictKind::Repaired,
            VerdictKind::Duplicate,
            VerdictKind::OptedOut,
            VerdictKind::Invalid,
            VerdictKind::Skipped,
        ];
        let actions = [
            RowAction::Inserted,
            RowAction::Updated,
            RowAction::NotWritten,
        ];
        for kind in kinds {
            for action in actions {
                assert_eq!(decode(encode(kind, action)), Some((kind, action)));
            }
        }
        assert_eq!(decode(0xff), None);
    }
}
