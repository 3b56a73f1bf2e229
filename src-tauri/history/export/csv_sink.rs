//! The CSV form: for Brazilian Excel (UTF-8 BOM, `;`). A report's parts stand one under
//! another, each with a title line and a blank line between them; a single table is a plain
//! table (header on line 1) so Excel's filters and a re-import work. Dates are local text
//! Excel recognises in the user's locale.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use super::{local_time, Cell, ExportError, Labels, Sink};
use crate::export::SafeCsvWriter;

#[derive(Debug)]
pub struct CsvSink {
    writer: Option<SafeCsvWriter<BufWriter<File>>>,
    labels: &'static Labels,
    zone: jiff::tz::TimeZone,
    /// Several parts: each gets a title line.
    titled: bool,
    sheets: u32,
}

impl CsvSink {
    pub fn create(
        path: &Path,
        labels: &'static Labels,
        zone: jiff::tz::TimeZone,
        titled: bool,
    ) -> Result<Self, ExportError> {
        let file = BufWriter::new(File::create(path)?);
        Ok(Self {
            writer: Some(SafeCsvWriter::for_excel(file)?),
            labels,
            zone,
            titled,
            sheets: 0,
        })
    }

    fn writer(&mut self) -> Result<&mut SafeCsvWriter<BufWriter<File>>, ExportError> {
        self.writer
            .as_mut()
            .ok_or_else(|| ExportError::Write("written after finish".into()))
    }

    fn text(&self, cell: &Cell<'_>) -> String {
        match cell {
            Cell::Text(t) => t.to_string(),
            // Counts are whole; Excel reads them as numbers in any locale.
            Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string(),
            Cell::Time(at) => at
                .and_then(|at| local_time(at, &self.zone))
                .map(|dt| dt.strftime(self.labels.csv_date_format).to_string())
                .unwrap_or_default(),
        }
    }
}

impl Sink for CsvSink {
    fn sheet(&mut self, title: &str, headers: &[&str]) -> Result<(), ExportError> {
        self.sheets += 1;
        let (titled, first) = (self.titled, self.sheets == 1);
        let writer = self.writer()?;
        if titled {
            if !first {
                writer.write_record([""])?;
            }
            writer.write_record([title])?;
        }
        writer.write_record(headers)?;
        Ok(())
    }

    fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        let record: Vec<String> = cells.iter().map(|c| self.text(c)).collect();
        self.writer()?.write_record(record)?;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ExportError> {
        let writer = self
            .writer
            .take()
            .ok_or_else(|| ExportError::Write("finished twice".into()))?;
        let file = writer.into_inner()?;
        file.into_inner()
            .map_err(|e| ExportError::Write(e.to_string()))?
            .sync_all()?;
        Ok(())
    }
}
