//! The files the user takes away from an import: the per-row report as CSV, and the
//! "corrected spreadsheet" (their sheet with the repaired numbers and a verdict column).
//! Column titles and verdict words are English for now, like the CLI; the UI's own
//! export can translate them. Every text cell goes through `crate::export`'s formula
//! guard: the files hold whatever the imported sheet held, and must be safe to open.

use std::collections::HashMap;
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::mapping::ColumnMapping;
use super::plan::ImportPlan;
use super::read::{self, Cell, ReadError, ReadOptions, Row};
use super::row_log::RowLog;
use super::slug::column_letter;
use super::verdict::RowReport;
use crate::export::{self, SafeCsvWriter};

/// The verdicts a report is written from: full reports (a dry run's), or the compact log of
/// a committed import, whose reports are rebuilt by reading the file again.
#[derive(Debug, Clone, Copy)]
pub enum ReportRows<'a> {
    Reports(&'a [RowReport]),
    Log(&'a RowLog),
}

impl<'a> From<&'a [RowReport]> for ReportRows<'a> {
    fn from(rows: &'a [RowReport]) -> Self {
        ReportRows::Reports(rows)
    }
}

impl<'a> From<&'a Vec<RowReport>> for ReportRows<'a> {
    fn from(rows: &'a Vec<RowReport>) -> Self {
        ReportRows::Reports(rows)
    }
}

impl<'a> From<&'a RowLog> for ReportRows<'a> {
    fn from(log: &'a RowLog) -> Self {
        ReportRows::Log(log)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("the report could not be written: {0}")]
    Write(String),
    /// Excel allows 1 048 576 rows and 16 384 columns.
    #[error("the sheet is too large for an xlsx file")]
    TooLarge,
}

impl From<XlsxError> for ReportError {
    fn from(err: XlsxError) -> Self {
        match err {
            XlsxError::RowColumnLimitError => ReportError::TooLarge,
            other => ReportError::Write(other.to_string()),
        }
    }
}

impl From<csv::Error> for ReportError {
    fn from(err: csv::Error) -> Self {
        ReportError::Write(err.to_string())
    }
}

/// `row,column,original,verdict,detail,action`, one line per row read. The column is named
/// by its header (or letter, for a file without one).
pub fn write_report_csv<'a>(
    rows: impl Into<ReportRows<'a>>,
    mapping: &ColumnMapping,
    out: &Path,
) -> Result<(), ReportError> {
    let mut writer = SafeCsvWriter::from_path(out)?;
    writer.write_record(["row", "column", "original", "verdict", "detail", "action"])?;
    let mut line = |report: &RowReport| {
        let column = mapping
            .column(report.column)
            .map(|c| c.header.clone())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| column_letter(report.column));
        writer.write_record([
            report.row.to_string().as_str(),
            &column,
            &report.original,
            report.verdict.label(),
            &report.verdict.detail(),
            report.action.label(),
        ])
    };
    match rows.into() {
        ReportRows::Reports(reports) => {
            for report in reports {
                line(report)?;
            }
        }
        ReportRows::Log(log) => {
            for item in log.reports()? {
                let (_, report) = item?;
                line(&report)?;
            }
        }
    }
    writer
        .flush()
        .map_err(|e| ReportError::Write(e.to_string()))
}

/// Re-reads the source file and writes it to `out` as xlsx: the header row, every data row
/// with the user's fixes and the phone cell replaced by its E.164 form, then "verdict"
/// and "detail" columns.
///
/// The repaired phone is written as `+5511987654321`: a text cell with Excel's quote-prefix
/// flag (what Excel sets itself when someone types `'+55…`), so it shows exactly that,
/// stays text when edited, and Excel cannot turn it into 5,51199E+12 again. No visible `'`
/// is added: a `+` followed by digits only is a number to every spreadsheet, never a
/// formula (see `export::formula_guard`), and the international form with `+` is what
/// WhatsApp and a second import of this sheet expect. Numbers stay numbers, text cells
/// are guarded like every other export.
pub fn write_corrected_xlsx<'a>(
    plan: &ImportPlan,
    rows: impl Into<ReportRows<'a>>,
    out: &Path,
) -> Result<(), ReportError> {
    let mut workbook = Workbook::new();
    match rows.into() {
        ReportRows::Reports(reports) => {
            let by_row: HashMap<usize, &RowReport> = reports.iter().map(|r| (r.row, r)).collect();
            let options = ReadOptions {
                sheet: plan.sheet.clone(),
                ..ReadOptions::default()
            };
            let mut reader = read::open(&plan.path, &options)?;
            let mut sheet = CorrectedSheet::start(&mut workbook, plan, reader.headers())?;
            while let Some(row) = reader.next_row() {
                let row = row?;
                let report = by_row.get(&row.number).copied();
                sheet.row(&row, report)?;
            }
        }
        ReportRows::Log(log) => {
            // The log's own plan: the one its verdicts were made with.
            let mut rows = log.reports()?;
            let mut sheet = CorrectedSheet::start(&mut workbook, log.plan(), rows.headers())?;
            for item in &mut rows {
                let (row, report) = item?;
                sheet.row(&row, Some(&report))?;
            }
        }
    }
    workbook.save(out)?;
    Ok(())
}

/// The corrected sheet being written, row after row.
struct CorrectedSheet<'w, 'p> {
    sheet: &'w mut Worksheet,
    plan: &'p ImportPlan,
    phone_column: Option<usize>,
    verdict_col: u16,
    line: u32,
    /// Marks the repaired phone cells as text (see `write_corrected_xlsx`).
    phone_format: Format,
}

impl<'w, 'p> CorrectedSheet<'w, 'p> {
    fn start(
        workbook: &'w mut Workbook,
        plan: &'p ImportPlan,
        headers: &[String],
    ) -> Result<Self, ReportError> {
        let width = plan.mapping.columns.len().max(headers.len());
        let verdict_col = col(width)?;
        let bold = Format::new().set_bold();
        let sheet = workbook.add_worksheet();
        for (index, header) in headers.iter().enumerate() {
            export::write_text_with_format(sheet, 0, col(index)?, header, &bold)?;
        }
        export::write_text_with_format(sheet, 0, verdict_col, "verdict", &bold)?;
        export::write_text_with_format(sheet, 0, verdict_col + 1, "detail", &bold)?;
        Ok(Self {
            sheet,
            plan,
            phone_column: plan.mapping.phone_column(),
            verdict_col,
            line: 0,
            phone_format: Format::new().set_quote_prefix(),
        })
    }

    fn row(&mut self, row: &Row, report: Option<&RowReport>) -> Result<(), ReportError> {
        self.line = self.line.checked_add(1).ok_or(ReportError::TooLarge)?;
        let (sheet, line, phone_column) = (&mut *self.sheet, self.line, self.phone_column);
        let phone_format = &self.phone_format;
        for (index, cell) in row.cells.iter().enumerate() {
            let fixed = self.plan.cell_fixes.get(&(row.number, index));
            let fixed_phone = (Some(index) == phone_column)
                .then(|| report.and_then(|r| r.verdict.e164()))
                .flatten();
            let c = col(index)?;
            match (fixed_phone, fixed, cell) {
                (Some(e164), _, _) => {
                    export::write_text_with_format(sheet, line, c, e164, phone_format)?
                }
                (None, Some(text), _) => export::write_text(sheet, line, c, text)?,
                (None, None, Cell::Empty) => {}
                (None, None, Cell::Number(n)) => sheet.write_number(line, c, *n).map(|_| ())?,
                (None, None, Cell::Bool(b)) => sheet.write_boolean(line, c, *b).map(|_| ())?,
                (None, None, Cell::Text(t) | Cell::Date(t) | Cell::Error(t)) => {
                    export::write_text(sheet, line, c, t)?
                }
            }
        }
        // A fixed phone cell beyond the row's last cell still gets written.
        if let (Some(index), Some(e164)) = (phone_column, report.and_then(|r| r.verdict.e164())) {
            if index >= row.cells.len() {
                export::write_text_with_format(sheet, line, col(index)?, e164, phone_format)?;
            }
        }
        if let Some(report) = report {
            export::write_text(sheet, line, self.verdict_col, report.verdict.label())?;
            export::write_text(sheet, line, self.verdict_col + 1, &report.verdict.detail())?;
        }
        Ok(())
    }
}

fn col(index: usize) -> Result<u16, ReportError> {
    u16::try_from(index).map_err(|_| ReportError::TooLarge)
}
