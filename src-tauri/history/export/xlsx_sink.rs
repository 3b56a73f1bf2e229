//! The XLSX form: one sheet per part, bold frozen header, counts as numbers, instants as
//! Excel dates in the local zone. Constant-memory sheets: each row goes to a temporary file
//! as soon as the next one starts, so a 100k-row sheet never sits in memory.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::{local_time, Cell, ExportError, Labels, Sink};
use crate::export::{write_text, write_text_with_format};

pub struct XlsxSink {
    workbook: Workbook,
    path: PathBuf,
    zone: jiff::tz::TimeZone,
    date: Format,
    bold: Format,
    sheet: Option<usize>,
    row: u32,
}

impl XlsxSink {
    pub fn new(path: &Path, labels: &'static Labels, zone: jiff::tz::TimeZone) -> Self {
        Self {
            workbook: Workbook::new(),
            path: path.to_owned(),
            zone,
            date: Format::new().set_num_format(labels.xlsx_date_format),
            bold: Format::new().set_bold(),
            sheet: None,
            row: 0,
        }
    }

    fn excel_time(&self, stored: &str) -> Option<ExcelDateTime> {
        let dt = local_time(stored, &self.zone)?;
        let year = u16::try_from(dt.year()).ok()?;
        let month = u8::try_from(dt.month()).ok()?;
        let day = u8::try_from(dt.day()).ok()?;
        let hour = u16::try_from(dt.hour()).ok()?;
        let minute = u8::try_from(dt.minute()).ok()?;
        ExcelDateTime::from_ymd(year, month, day)
            .and_then(|d| d.and_hms(hour, minute, f64::from(dt.second())))
            .ok()
    }
}

impl std::fmt::Debug for XlsxSink {
    // The workbook has no Debug of its own.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XlsxSink")
            .field("path", &self.path)
            .field("sheet", &self.sheet)
            .field("row", &self.row)
            .finish_non_exhaustive()
    }
}

/// Excel refuses sheet names over 31 characters or with `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

impl Sink for XlsxSink {
    fn sheet(&mut self, title: &str, headers: &[&str]) -> Result<(), ExportError> {
        let sheet = self.workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(sheet_name(title))?;
        // Widths before any row: a constant-memory sheet writes rows out as it goes.
        for (col, header) in headers.iter().enumerate() {
            let col = u16::try_from(col).map_err(|_| ExportError::TooLarge)?;
            let width = (header.chars().count() + 4).clamp(12, 40);
            sheet.set_column_width(col, width as f64)?;
            write_text_with_format(sheet, 0, col, header, &self.bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        self.sheet = Some(self.sheet.map_or(0, |s| s + 1));
        self.row = 1;
        Ok(())
    }

    fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        let index = self
            .sheet
            .ok_or_else(|| ExportError::Write("a row before any sheet".into()))?;
        let row = self.row;
        let times: Vec<Option<ExcelDateTime>> = cells
            .iter()
            .map(|c| match c {
                Cell::Time(Some(at)) => self.excel_time(at),
                _ => None,
            })
            .collect();
        let sheet = self.workbook.worksheet_from_index(index)?;
        for (col, (cell, time)) in cells.iter().zip(times).enumerate() {
            let col = u16::try_from(col).map_err(|_| ExportError::TooLarge)?;
            match cell {
                Cell::Text(text) if text.is_empty() => {}
                Cell::Text(text) => write_text(sheet, row, col, text)?,
                Cell::Number(n) => {
                    sheet.write_number(row, col, *n)?;
                }
                Cell::Time(_) => {
                    if let Some(time) = time {
                        sheet.write_datetime_with_format(row, col, time, &self.date)?;
                    }
                }
            }
        }
        self.row = row.checked_add(1).ok_or(ExportError::TooLarge)?;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ExportError> {
        if self.sheet.is_none() {
            // An xlsx needs one sheet to open.
            self.workbook.add_worksheet_with_constant_memory()?;
        }
        self.workbook.save(&self.path)?;
        Ok(())
    }
}
