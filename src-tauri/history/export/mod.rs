//! A campaign's history as a file people open in Excel or LibreOffice: the whole report
//! (funnel, per-number health, replies per hour, every recipient), the recipients table
//! with its filter, or the replies. CSV for Brazilian Excel (UTF-8 BOM, `;`) or XLSX with
//! one sheet per part, numbers as numbers and dates as dates. Column titles and values are
//! in the user's language. Rows arrive page by page ([`Sink`]), so a 100k-recipient
//! campaign never sits in memory; the file is written next to its target and renamed into
//! place only when complete. Every text cell goes through the formula guard in `export`.

mod csv_sink;
mod labels;
mod xlsx_sink;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use csv_sink::CsvSink;
pub use labels::Labels;
pub use xlsx_sink::XlsxSink;

/// Which table to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ExportTable {
    /// Funnel, per-number health, replies per hour and every recipient.
    Report,
    /// The recipients table, with the filter and search the screen shows.
    Recipients,
    /// The campaign's replies, newest first.
    Replies,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// One typed error for the export (the campaign's own errors keep their codes).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Disk full, no permission, the folder vanished…
    #[error("the export could not be written: {0}")]
    Write(String),
    /// Excel holds 1 048 576 rows per sheet.
    #[error("too many rows for an xlsx sheet")]
    TooLarge,
}

impl From<std::io::Error> for ExportError {
    fn from(err: std::io::Error) -> Self {
        ExportError::Write(err.to_string())
    }
}

impl From<csv::Error> for ExportError {
    fn from(err: csv::Error) -> Self {
        ExportError::Write(err.to_string())
    }
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(err: rust_xlsxwriter::XlsxError) -> Self {
        match err {
            rust_xlsxwriter::XlsxError::RowColumnLimitError => ExportError::TooLarge,
            other => ExportError::Write(other.to_string()),
        }
    }
}

/// One cell: text (formula-guarded by the sink), a number, or an instant (UTC, RFC 3339,
/// as stored) that the sink shows in the local time zone.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    Number(f64),
    Time(Option<&'a str>),
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(text: &'a str) -> Self {
        Cell::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Cell<'_> {
    fn from(text: String) -> Self {
        Cell::Text(Cow::Owned(text))
    }
}

impl From<u32> for Cell<'_> {
    fn from(n: u32) -> Self {
        Cell::Number(f64::from(n))
    }
}

/// Where the rows go: a sheet (XLSX) or a section (CSV) per part, rows in order.
pub trait Sink {
    fn sheet(&mut self, title: &str, headers: &[&str]) -> Result<(), ExportError>;
    fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), ExportError>;
    /// Everything flushed to the file; nothing may be written after.
    fn finish(&mut self) -> Result<(), ExportError>;
}

/// The sink for `format`, writing to `path`; `several_parts` titles each part of a CSV.
pub fn open_sink(
    format: ExportFormat,
    path: &Path,
    labels: &'static Labels,
    zone: jiff::tz::TimeZone,
    several_parts: bool,
) -> Result<Box<dyn Sink + Send>, ExportError> {
    Ok(match format {
        ExportFormat::Csv => Box::new(CsvSink::create(path, labels, zone, several_parts)?),
        ExportFormat::Xlsx => Box::new(XlsxSink::new(path, labels, zone)),
    })
}

/// An instant in the local zone, or `None` when it cannot be read.
pub(crate) fn local_time(stored: &str, zone: &jiff::tz::TimeZone) -> Option<jiff::civil::DateTime> {
    let at: jiff::Timestamp = stored.parse().ok()?;
    Some(at.to_zoned_datetime(zone.clone()).datetime())
}

/// The file beside `target` that is written first, then renamed over it.
pub fn partial_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".to_owned());
    target.with_file_name(format!(".{name}.{}.part", std::process::id()))
}

/// `Campanha de Natal - relatório - 2026-12-05.xlsx`: the campaign's name made safe for
/// every file system (no `/ \ : * ? " < > |`, no control characters, not too long).
pub fn default_file_name(
    campaign: &str,
    table: ExportTable,
    format: ExportFormat,
    date: jiff::civil::Date,
    labels: &Labels,
) -> String {
    let cleaned: String = campaign
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut name = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    // Windows refuses names ending in a dot; a leading dot hides the file on Linux.
    name = name.trim_matches(['.', ' ']).to_owned();
    if name.chars().count() > 80 {
        name = name
            .chars()
            .take(80)
            .collect::<String>()
            .trim_end()
            .to_owned();
    }
    if name.is_empty() {
        name = labels.campaign.to_owned();
    }
    format!(
        "{name} - {} - {}.{}",
        labels.table_name(table),
        date,
        format.extension()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_dated() {
        let date = jiff::civil::date(2026, 12, 5);
        let pt = Labels::for_language(crate::settings::Language::PtBr);
        assert_eq!(
            default_file_name(
                "Promoção: Natal/2026 <VIP>",
                ExportTable::Report,
                ExportFormat::Xlsx,
                date,
                pt
            ),
            "Promoção Natal 2026 VIP - relatório - 2026-12-05.xlsx"
        );
        assert_eq!(
            default_file_name("..", ExportTable::Replies, ExportFormat::Csv, date, pt),
            "campanha - respostas - 2026-12-05.csv"
        );
        let long = "a".repeat(200);
        let name = default_file_name(&long, ExportTable::Recipients, ExportFormat::Csv, date, pt);
        assert_eq!(
            name,
            format!("{} - destinatários - 2026-12-05.csv", "a".repeat(80))
        );
        let en = Labels::for_language(crate::settings::Language::En);
        assert_eq!(
            default_file_name(
                "Sale\tnow",
                ExportTable::Report,
                ExportFormat::Csv,
                date,
                en
            ),
            "Sale now - report - 2026-12-05.csv"
        );
    }

    #[test]
    fn the_partial_file_sits_beside_the_target_and_is_hidden() {
        let part = partial_path(Path::new("/tmp/x/relatório.csv"));
        assert_eq!(part.parent(), Some(Path::new("/tmp/x")));
        let name = part.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with(".relatório.csv.") && name.ends_with(".part"),
            "{name}"
        );
    }
}
