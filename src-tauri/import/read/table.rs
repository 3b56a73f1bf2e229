//! `RowReader`: the header found, then data rows one at a time, whatever the format.

use std::collections::VecDeque;
use std::io::Cursor;
use std::path::Path;

use calamine::Reader;

use super::cell::Row;
use super::csv_file::{self, CsvFormat, CsvRows};
use super::detect::{detect, FileKind};
use super::error::ReadError;
use super::header;
use super::sheet::{self, CellRows, SheetRows};
use super::stream::RowStream;
use super::xlsx_head::XlsxHead;

/// What to read and how much to trust a single cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// The sheet to read; `None` takes the first visible worksheet. For CSV, the file's own
    /// name (see [`sheets`](super::sheets)) or `None`.
    pub sheet: Option<String>,
    /// Longest cell accepted, in characters; a longer one stops the read with
    /// `CellTooLarge` (a contact field is never a novel: it is a broken file).
    pub max_cell_chars: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            sheet: None,
            max_cell_chars: 10_000,
        }
    }
}

/// Where the table sits in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub kind: FileKind,
    /// The sheet read (for CSV, the file name without extension).
    pub sheet: String,
    /// 0-based index of the header row (Excel row 3 is 2), or `None` when no row in the
    /// first twenty looks like a header (a bare list of numbers): then every row is data and
    /// `headers` is empty, so the first contact is never mistaken for column names.
    pub header_row: Option<usize>,
    /// The header cells as text, `headers[0]` being column A. Empty labels stay `""`.
    pub headers: Vec<String>,
    /// Encoding and delimiter, for CSV files.
    pub csv: Option<CsvFormat>,
}

/// How far a read has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadProgress {
    /// Data rows handed out so far.
    pub rows_read: u64,
    /// For CSV: bytes taken from the file (read ahead of the rows by a few batches) and its
    /// size.
    pub bytes_read: Option<u64>,
    pub bytes_total: Option<u64>,
    /// For spreadsheets: about how many data rows there are, from the rows the sheet
    /// declares below the header (blank rows included, so the true count may be lower;
    /// never below `rows_read`). `None` for CSV, whose bytes tell the same.
    pub rows_total: Option<u64>,
}

/// The header and the first rows, for the column-mapping screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub table: Table,
    pub rows: Vec<Row>,
}

#[derive(Debug)]
enum Source {
    /// CSV, xlsx and xlsb: parsed on a thread of their own, in batches.
    Stream(RowStream),
    /// xls and ods, loaded whole by calamine.
    Sheet(SheetRows),
}

impl Source {
    fn next_row(&mut self) -> Option<Result<Row, ReadError>> {
        match self {
            Source::Stream(stream) => stream.next_row(),
            Source::Sheet(sheet) => sheet.next_row(),
        }
    }
}

/// Data rows after the header, in file order, blank rows skipped.
#[derive(Debug)]
pub struct RowReader {
    table: Table,
    source: Source,
    /// Rows read while looking for the header, not handed out yet.
    buffered: VecDeque<Row>,
    /// An error met while looking for the header, due after the buffered rows.
    pending_error: Option<ReadError>,
    finished: bool,
    rows_read: u64,
    /// The file's size, for CSV progress.
    bytes_total: Option<u64>,
}

/// Opens a file, finds its header and stands ready at the first data row.
/// A file with a header and no data is `NoRows`; with nothing at all, `Empty`.
pub fn open(path: &Path, options: &ReadOptions) -> Result<RowReader, ReadError> {
    super::panic_guard::contain(|| open_table(path, options))
}

fn open_table(path: &Path, options: &ReadOptions) -> Result<RowReader, ReadError> {
    let kind = detect(path)?;
    let max_chars = options.max_cell_chars;
    let (sheet, mut source, bytes_total) = match kind {
        FileKind::Csv => {
            let name = csv_sheet(path, options)?;
            let rows = CsvRows::open(path, max_chars)?;
            let (_, total) = rows.bytes();
            (name, Source::Stream(RowStream::csv(rows)?), Some(total))
        }
        FileKind::Xlsx | FileKind::Xlsm | FileKind::Xlsb => {
            let workbook = sheet::open_workbook(path, kind)?;
            let name = sheet::choose_sheet(&workbook, options.sheet.as_deref())?;
            let stream = sheet::stream(workbook, name.clone(), max_chars)?;
            (name, Source::Stream(stream), None)
        }
        FileKind::Xls | FileKind::Ods => {
            let mut workbook = sheet::open_workbook(path, kind)?;
            let name = sheet::choose_sheet(&workbook, options.sheet.as_deref())?;
            let rows = SheetRows::load(&mut workbook, &name, max_chars)?;
            (name, Source::Sheet(rows), None)
        }
    };
    let framed = frame(std::iter::from_fn(|| source.next_row()))?;
    let csv = match &source {
        Source::Stream(stream) => stream.csv_format().cloned(),
        Source::Sheet(_) => None,
    };
    Ok(RowReader {
        table: Table {
            kind,
            sheet,
            header_row: framed.header_row,
            headers: framed.headers,
            csv,
        },
        source,
        buffered: framed.rows,
        pending_error: framed.error,
        finished: false,
        rows_read: 0,
        bytes_total,
    })
}

/// The header and the first `rows` data rows. CSV reads only what it needs; xlsx and xlsb
/// stop parsing the sheet once enough rows are in; xls and ods are loaded whole by calamine.
pub fn preview(path: &Path, options: &ReadOptions, rows: usize) -> Result<Preview, ReadError> {
    super::panic_guard::contain(|| preview_table(path, options, rows))
}

fn preview_table(path: &Path, options: &ReadOptions, rows: usize) -> Result<Preview, ReadError> {
    let kind = detect(path)?;
    if !matches!(kind, FileKind::Xlsx | FileKind::Xlsm | FileKind::Xlsb) {
        let mut reader = open_table(path, options)?;
        let mut taken = Vec::with_capacity(rows.min(1000));
        while taken.len() < rows {
            match reader.next_row() {
                Some(row) => taken.push(row?),
                None => break,
            }
        }
        return Ok(Preview {
            table: reader.table,
            rows: taken,
        });
    }
    if matches!(kind, FileKind::Xlsx | FileKind::Xlsm) {
        if let Some(preview) = preview_from_head(path, kind, options, rows) {
            return Ok(preview);
        }
    }
    let max = options.max_cell_chars;
    let mut workbook = sheet::open_workbook(path, kind)?;
    let name = sheet::choose_sheet(&workbook, options.sheet.as_deref())?;
    let taken = match &mut workbook {
        calamine::Sheets::Xlsx(xlsx) => {
            let mut cells = xlsx.worksheet_cells_reader(&name)?;
            let mut stream = CellRows::new(|| match cells.next_cell()? {
                Some(cell) => sheet::stream_cell(cell, max).map(Some),
                None => Ok(None),
            });
            take_preview(&mut stream, rows)?
        }
        calamine::Sheets::Xlsb(xlsb) => {
            let mut cells = xlsb.worksheet_cells_reader(&name)?;
            let mut stream = CellRows::new(|| match cells.next_cell()? {
                Some(cell) => sheet::stream_cell(cell, max).map(Some),
                None => Ok(None),
            });
            take_preview(&mut stream, rows)?
        }
        calamine::Sheets::Xls(_) | calamine::Sheets::Ods(_) => unreachable_kind()?,
    };
    Ok(taken.into_preview(kind, name))
}

/// The preview of an xlsx read from its head (see `xlsx_head`): the same rows as from the
/// whole file, without loading its shared strings. `None` when the head cannot tell (the
/// rows kept ran out before the preview was full) or cannot be read: the caller then
/// reads the file itself, which also reports any error in it.
fn preview_from_head(
    path: &Path,
    kind: FileKind,
    options: &ReadOptions,
    rows: usize,
) -> Option<Preview> {
    // Rows the preview reads at most, plus room for blank rows among them.
    const BLANK_ROWS_ALLOWED: usize = 64;
    let kept = header::SCAN_ROWS + header::LOOKAHEAD + 1 + rows + BLANK_ROWS_ALLOWED;
    let mut head = XlsxHead::read(path, kept).ok()??;
    // Opened once without shared strings to learn which sheet is read (exactly as the
    // whole file would choose it), then again with the strings that sheet's rows use.
    let bare = calamine::Xlsx::new(Cursor::new(head.workbook(0).ok()?)).ok()?;
    let name = sheet::choose_in(bare.sheets_metadata(), options.sheet.as_deref()).ok()?;
    let strings = head.strings_needed(&name);
    let cut = head.cut;
    let mut xlsx = calamine::Xlsx::new(Cursor::new(head.workbook(strings).ok()?)).ok()?;
    let max = options.max_cell_chars;
    let mut cells = xlsx.worksheet_cells_reader(&name).ok()?;
    let mut ran_out = false;
    let mut stream = CellRows::new(|| match cells.next_cell()? {
        Some(cell) => sheet::stream_cell(cell, max).map(Some),
        None => {
            ran_out = true;
            Ok(None)
        }
    });
    let taken = take_preview(&mut stream, rows).ok()?;
    drop(stream);
    if cut && ran_out {
        return None;
    }
    Some(taken.into_preview(kind, name))
}

/// A preview's rows as read from a sheet's cell stream.
struct Taken {
    framed: Framed,
    rest: Vec<Row>,
    rows: usize,
}

/// The header and the first `rows` data rows; an error among them when they fall short.
fn take_preview(
    stream: &mut impl Iterator<Item = Result<Row, ReadError>>,
    rows: usize,
) -> Result<Taken, ReadError> {
    let (mut framed, rest) = frame_and_take(stream, rows)?;
    if framed.rows.len() + rest.len() < rows {
        if let Some(error) = framed.error.take() {
            return Err(error);
        }
    }
    Ok(Taken { framed, rest, rows })
}

impl Taken {
    fn into_preview(self, kind: FileKind, sheet: String) -> Preview {
        let mut taken: Vec<Row> = self.framed.rows.into_iter().collect();
        taken.extend(self.rest);
        taken.truncate(self.rows);
        Preview {
            table: Table {
                kind,
                sheet,
                header_row: self.framed.header_row,
                headers: self.framed.headers,
                csv: None,
            },
            rows: taken,
        }
    }
}

fn unreachable_kind<T>() -> Result<T, ReadError> {
    Err(ReadError::Corrupt(
        "the workbook changed kind while it was opened".to_owned(),
    ))
}

impl RowReader {
    pub fn kind(&self) -> FileKind {
        self.table.kind
    }

    pub fn table(&self) -> &Table {
        &self.table
    }

    pub fn headers(&self) -> &[String] {
        &self.table.headers
    }

    pub fn header_row(&self) -> Option<usize> {
        self.table.header_row
    }

    /// The next data row; blank rows are skipped, numbers stay those of the file. After an
    /// error the reader ends.
    pub fn next_row(&mut self) -> Option<Result<Row, ReadError>> {
        if let Some(row) = self.buffered.pop_front() {
            self.rows_read += 1;
            return Some(Ok(row));
        }
        if self.finished {
            return None;
        }
        if let Some(error) = self.pending_error.take() {
            self.finished = true;
            return Some(Err(error));
        }
        loop {
            match self.source.next_row() {
                None => {
                    self.finished = true;
                    return None;
                }
                Some(Ok(row)) if row.is_blank() => continue,
                Some(Ok(row)) => {
                    self.rows_read += 1;
                    return Some(Ok(row));
                }
                Some(Err(e)) => {
                    self.finished = true;
                    return Some(Err(e));
                }
            }
        }
    }

    pub fn progress(&self) -> ReadProgress {
        let (bytes_read, last_row) = match &self.source {
            Source::Stream(stream) => (stream.bytes_read(), stream.last_row()),
            Source::Sheet(sheet) => (None, Some(sheet.last_row())),
        };
        let bytes_read = self
            .bytes_total
            .map(|total| bytes_read.unwrap_or(0).min(total));
        // Rows below the header, as far as the sheet says.
        let below_header = self.table.header_row.map_or(0, |h| h as u64 + 1);
        let rows_total = match self.table.kind {
            FileKind::Csv => None,
            _ => last_row.map(|last| last.saturating_sub(below_header).max(self.rows_read)),
        };
        ReadProgress {
            rows_read: self.rows_read,
            bytes_read,
            bytes_total: self.bytes_total,
            rows_total,
        }
    }
}

impl RowReader {
    /// About how many data rows the file has: what the sheet declares, or for CSV the rows
    /// parsed so far scaled by the bytes left (the reader's read-ahead makes this guess
    /// low at first; it settles within a few thousand rows).
    pub fn estimated_rows(&self) -> u64 {
        let progress = self.progress();
        if let Some(total) = progress.rows_total {
            return total;
        }
        let parsed = match &self.source {
            Source::Stream(stream) => stream.rows_received(),
            Source::Sheet(_) => progress.rows_read,
        };
        match (progress.bytes_read, progress.bytes_total) {
            (Some(read), Some(total)) if read > 0 => {
                let scaled = u128::from(parsed) * u128::from(total) / u128::from(read);
                u64::try_from(scaled)
                    .unwrap_or(u64::MAX)
                    .max(progress.rows_read)
            }
            _ => progress.rows_read,
        }
    }
}

impl Iterator for RowReader {
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_row()
    }
}

fn csv_sheet(path: &Path, options: &ReadOptions) -> Result<String, ReadError> {
    let name = csv_file::sheet_name(path);
    match &options.sheet {
        Some(wanted) if *wanted != name => Err(ReadError::SheetNotFound(wanted.clone())),
        _ => Ok(name),
    }
}

/// The header found in the first rows and the data rows read past it.
struct Framed {
    header_row: Option<usize>,
    headers: Vec<String>,
    rows: VecDeque<Row>,
    /// A bad row among the first ones: reported in its turn, after the good rows above it.
    error: Option<ReadError>,
}

/// Reads the non-blank rows needed to find the header (at most `SCAN_ROWS + LOOKAHEAD`).
/// An error stops the scan; the header is then decided from the rows before it.
fn frame(mut rows: impl Iterator<Item = Result<Row, ReadError>>) -> Result<Framed, ReadError> {
    let wanted = header::SCAN_ROWS + header::LOOKAHEAD;
    let mut seen = Vec::with_capacity(wanted);
    let mut error = None;
    while seen.len() < wanted {
        match rows.next() {
            Some(Ok(row)) if row.is_blank() => {}
            Some(Ok(row)) => seen.push(row),
            Some(Err(e)) => {
                error = Some(e);
                break;
            }
            None => break,
        }
    }
    if seen.is_empty() {
        return Err(error.unwrap_or(ReadError::Empty));
    }
    let Some(at) = header::find(&seen) else {
        return Ok(Framed {
            header_row: None,
            headers: Vec::new(),
            rows: seen.into(),
            error,
        });
    };
    let mut after = seen.split_off(at);
    let data: VecDeque<Row> = after.drain(1..).collect();
    let header = &after[0];
    if data.is_empty() {
        return Err(error.unwrap_or(ReadError::NoRows));
    }
    Ok(Framed {
        header_row: Some(header.number - 1),
        headers: header.cells.iter().map(|c| c.to_text()).collect(),
        rows: data,
        error,
    })
}

fn frame_and_take(
    rows: &mut impl Iterator<Item = Result<Row, ReadError>>,
    wanted: usize,
) -> Result<(Framed, Vec<Row>), ReadError> {
    let framed = frame(rows.by_ref())?;
    let mut rest = Vec::new();
    let mut have = framed.rows.len();
    while have < wanted && framed.error.is_none() {
        match rows.next() {
            Some(row) => {
                let row = row?;
                if !row.is_blank() {
                    rest.push(row);
                    have += 1;
                }
            }
            None => break,
        }
    }
    Ok((framed, rest))
}
