//! CSV and delimited text, streamed: file → decoder to UTF-8 → field guard → `csv` parser.
//! Memory stays at a few 64 KiB windows however large the file is.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use super::cell::{text_cell, Cell, Position, Row};
use super::delimiter;
use super::encoding::{self, DecodingReader, SNIFF_BYTES};
use super::error::ReadError;
use super::field_guard::FieldGuard;

/// How the file was read, for the import screen to show ("Windows-1252, separado por ;").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvFormat {
    /// The WHATWG name (`UTF-8`, `windows-1252`, `UTF-16LE`). A file that is pure ASCII in
    /// the part read so far reports `UTF-8`.
    pub encoding: String,
    pub delimiter: char,
}

type Pipeline = csv::Reader<FieldGuard<DecodingReader<BufReader<File>>>>;

pub(crate) struct CsvRows {
    parser: Pipeline,
    record: csv::StringRecord,
    delimiter: u8,
    last_row: usize,
    max_chars: usize,
    total_bytes: u64,
    done: bool,
}

impl std::fmt::Debug for CsvRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvRows")
            .field("delimiter", &char::from(self.delimiter))
            .field("last_row", &self.last_row)
            .finish_non_exhaustive()
    }
}

impl CsvRows {
    pub(crate) fn open(path: &Path, max_chars: usize) -> Result<Self, ReadError> {
        let mut file = File::open(path)?;
        let total_bytes = file.metadata()?.len();
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        (&mut file)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut head)?;
        if head.is_empty() {
            return Err(ReadError::Empty);
        }
        let delimiter = delimiter::sniff(&sample_text(&head, total_bytes));
        file.seek(SeekFrom::Start(0))?;
        let decoder = DecodingReader::new(BufReader::new(file), &head);
        let parser = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(FieldGuard::new(decoder, delimiter, max_chars));
        Ok(Self {
            parser,
            record: csv::StringRecord::new(),
            delimiter,
            last_row: 0,
            max_chars,
            total_bytes,
            done: false,
        })
    }

    pub(crate) fn format(&self) -> CsvFormat {
        let decoder = self.parser.get_ref().get_ref();
        CsvFormat {
            encoding: decoder
                .encoding()
                .unwrap_or(encoding_rs::UTF_8)
                .name()
                .to_owned(),
            delimiter: char::from(self.delimiter),
        }
    }

    /// Raw bytes taken from the file so far (a window ahead of the rows returned) and the
    /// file's size.
    pub(crate) fn bytes(&self) -> (u64, u64) {
        (
            self.parser.get_ref().get_ref().bytes_read(),
            self.total_bytes,
        )
    }

    pub(crate) fn next_row(&mut self) -> Option<Result<Row, ReadError>> {
        if self.done {
            return None;
        }
        match self.parser.read_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                let number = self
                    .parser
                    .get_mut()
                    .next_record_row()
                    .unwrap_or(self.last_row + 1);
                self.last_row = number;
                let cells = self
                    .record
                    .iter()
                    .enumerate()
                    .map(|(i, field)| {
                        if field.is_empty() {
                            return Ok(Cell::Empty);
                        }
                        let at = Position {
                            row: number,
                            column: i + 1,
                        };
                        text_cell(field.to_owned(), self.max_chars, at)
                    })
                    .collect::<Result<Vec<_>, _>>();
                self.done = cells.is_err();
                Some(cells.map(|cells| Row { number, cells }))
            }
            Err(err) => {
                self.done = true;
                Some(Err(self.error(err)))
            }
        }
    }

    fn error(&self, err: csv::Error) -> ReadError {
        if let Some(at) = self.parser.get_ref().oversized() {
            return ReadError::CellTooLarge {
                row: at.row,
                column: at.column,
            };
        }
        match err.into_kind() {
            csv::ErrorKind::Io(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                ReadError::Encoding(e.to_string())
            }
            csv::ErrorKind::Io(e) => e.into(),
            other => ReadError::Corrupt(format!("{other:?}")),
        }
    }
}

/// The start of the file as text, for guessing the delimiter (not for reading rows, so a
/// character cut at the end of the window does no harm).
fn sample_text(head: &[u8], total_bytes: u64) -> String {
    let at_eof = head.len() as u64 >= total_bytes;
    let encoding = encoding::from_bom(head)
        .map(|(encoding, _)| encoding)
        .or_else(|| encoding::utf16_without_bom(head))
        .unwrap_or_else(|| encoding::guess(head, at_eof));
    let (text, _, _) = encoding.decode(head);
    text.into_owned()
}

/// The name a CSV's only "sheet" gets: the file name without its extension.
pub(crate) fn sheet_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
