//! Spreadsheets through calamine: xlsx, xlsm, xlsb, xls and ods.
//!
//! xlsx and xlsb are read cell by cell (calamine's cell readers), so memory does not grow
//! with the sheet: previews stop as soon as they have enough rows, and a full read runs on
//! its own thread (see `stream`). xls and ods have no cell reader: calamine loads the whole
//! sheet into a `Range`, whose rows are converted one at a time, strings moved out rather
//! than copied.

use std::fs::File;
use std::io::{BufReader, Cursor, Seek, SeekFrom};
use std::path::Path;

use calamine::{Data, DataRef, Range, Reader, SheetType, SheetVisible, Sheets};

use super::cell::{self, Cell, Position, Row};
use super::detect::FileKind;
use super::error::ReadError;
use super::stream::RowStream;
use super::xlsx_head::XlsxHead;

/// One sheet of a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetInfo {
    pub name: String,
    /// Rows in the sheet's used area (titles and header included), when the file says so
    /// cheaply: xlsx and xlsb declare it, xls and ods are measured; CSV would need a full read.
    pub rows_hint: Option<u64>,
}

type Workbook = Sheets<BufReader<File>>;

pub(crate) fn open_workbook(path: &Path, kind: FileKind) -> Result<Workbook, ReadError> {
    let mut file = File::open(path)?;
    // calamine parses any OLE2 container it is handed (its xlsx and xlsb readers probe for
    // encryption). Detection checked this file, but it may have changed since.
    if kind == FileKind::Xls {
        if let Some(workbook) = super::ole2_guard::workbook_stream(&mut file)? {
            super::xls_guard::check(&workbook)?;
        }
    } else {
        super::ole2_guard::check(&mut file)?;
    }
    if kind == FileKind::Ods {
        super::ods_guard::check(&file)?;
        file.seek(SeekFrom::Start(0))?;
    }
    if matches!(kind, FileKind::Xlsx | FileKind::Xlsm) {
        super::shared_strings_guard::check(&file)?;
        file.seek(SeekFrom::Start(0))?;
    }
    let reader = BufReader::new(file);
    Ok(match kind {
        FileKind::Xlsx | FileKind::Xlsm => Sheets::Xlsx(calamine::Xlsx::new(reader)?),
        FileKind::Xlsb => Sheets::Xlsb(calamine::Xlsb::new(reader)?),
        FileKind::Xls => Sheets::Xls(calamine::Xls::new(reader)?),
        FileKind::Ods => Sheets::Ods(calamine::Ods::new(reader)?),
        FileKind::Csv => {
            return Err(ReadError::Unsupported {
                detected: "a text file".to_owned(),
            })
        }
    })
}

/// Worksheets in workbook order; chart and macro sheets hold no rows and are left out.
pub(crate) fn sheets(path: &Path, kind: FileKind) -> Result<Vec<SheetInfo>, ReadError> {
    if matches!(kind, FileKind::Xlsx | FileKind::Xlsm) {
        // The names and declared sizes are all in the workbook's head: no need to load
        // the shared strings of a large sheet.
        if let Some(sheets) = sheets_from_head(path) {
            return Ok(sheets);
        }
    }
    let mut workbook = open_workbook(path, kind)?;
    let names: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    names
        .into_iter()
        .map(|name| {
            let rows_hint = rows_hint(&mut workbook, &name)?;
            Ok(SheetInfo { name, rows_hint })
        })
        .collect()
}

/// [`sheets`] of an xlsx read from its head; `None` when the head cannot be read (the
/// whole file is then opened, and reports any error).
fn sheets_from_head(path: &Path) -> Option<Vec<SheetInfo>> {
    let mut head = XlsxHead::read(path, 1).ok()??;
    let mut xlsx = calamine::Xlsx::new(Cursor::new(head.workbook(0).ok()?)).ok()?;
    let names: Vec<String> = xlsx
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    names
        .into_iter()
        .map(|name| {
            let declared = xlsx.worksheet_cells_reader(&name).ok()?.dimensions();
            Some(SheetInfo {
                name,
                rows_hint: declared_span(declared),
            })
        })
        .collect()
}

fn rows_hint(workbook: &mut Workbook, name: &str) -> Result<Option<u64>, ReadError> {
    let declared = match workbook {
        // Opening the cell reader reads only up to the `<dimension>` element.
        Sheets::Xlsx(xlsx) => xlsx.worksheet_cells_reader(name)?.dimensions(),
        Sheets::Xlsb(xlsb) => xlsb.worksheet_cells_reader(name)?.dimensions(),
        // Already parsed in memory by calamine when the workbook opened.
        Sheets::Xls(_) | Sheets::Ods(_) => {
            let range = workbook.worksheet_range(name)?;
            return Ok(Some(range.height() as u64));
        }
    };
    Ok(declared_span(declared))
}

/// Rows a declared `<dimension>` spans.
fn declared_span(declared: calamine::Dimensions) -> Option<u64> {
    let span = u64::from(declared.end.0) + 1 - u64::from(declared.start.0.min(declared.end.0));
    // A missing `<dimension>` reads as A1:A1, which says nothing.
    (declared != calamine::Dimensions::default()).then_some(span)
}

/// The 1-based number of the sheet's last row, when its `<dimension>` says.
fn declared_last_row(declared: calamine::Dimensions) -> Option<u64> {
    (declared != calamine::Dimensions::default()).then(|| u64::from(declared.end.0) + 1)
}

/// Streams an xlsx or xlsb sheet's rows from a thread that owns the workbook (its cell
/// reader borrows it). Memory stays at the shared-strings table plus a few batches of rows.
pub(crate) fn stream(
    workbook: Workbook,
    sheet: String,
    max_chars: usize,
) -> Result<RowStream, ReadError> {
    RowStream::spawn(move |sink| {
        let mut workbook = workbook;
        match &mut workbook {
            Sheets::Xlsx(xlsx) => match xlsx.worksheet_cells_reader(&sheet) {
                Ok(mut cells) => {
                    sink.set_last_row(declared_last_row(cells.dimensions()));
                    sink.pump(CellRows::new(|| match cells.next_cell()? {
                        Some(cell) => stream_cell(cell, max_chars).map(Some),
                        None => Ok(None),
                    }));
                }
                Err(e) => sink.fail(e.into()),
            },
            Sheets::Xlsb(xlsb) => match xlsb.worksheet_cells_reader(&sheet) {
                Ok(mut cells) => {
                    sink.set_last_row(declared_last_row(cells.dimensions()));
                    sink.pump(CellRows::new(|| match cells.next_cell()? {
                        Some(cell) => stream_cell(cell, max_chars).map(Some),
                        None => Ok(None),
                    }));
                }
                Err(e) => sink.fail(e.into()),
            },
            Sheets::Xls(_) | Sheets::Ods(_) => sink.fail(ReadError::Corrupt(
                "the workbook changed kind while it was opened".to_owned(),
            )),
        }
    })
}

/// The sheet to read: the one asked for, else the first visible worksheet.
pub(crate) fn choose_sheet(workbook: &Workbook, wanted: Option<&str>) -> Result<String, ReadError> {
    choose_in(workbook.sheets_metadata(), wanted)
}

/// [`choose_sheet`] among a workbook's sheets.
pub(crate) fn choose_in(
    sheets: &[calamine::Sheet],
    wanted: Option<&str>,
) -> Result<String, ReadError> {
    if let Some(wanted) = wanted {
        return sheets
            .iter()
            .find(|s| s.name == wanted)
            .or_else(|| sheets.iter().find(|s| s.name.eq_ignore_ascii_case(wanted)))
            .map(|s| s.name.clone())
            .ok_or_else(|| ReadError::SheetNotFound(wanted.to_owned()));
    }
    let worksheets = || sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    worksheets()
        .find(|s| s.visible == SheetVisible::Visible)
        .or_else(|| worksheets().next())
        .map(|s| s.name.clone())
        .ok_or(ReadError::Empty)
}

/// Rows of a loaded sheet (xls, ods), converted as they are asked for.
#[derive(Debug)]
pub(crate) struct SheetRows {
    range: Range<Data>,
    next: usize,
    first_row: usize,
    first_column: usize,
    max_chars: usize,
}

impl SheetRows {
    pub(crate) fn load(
        workbook: &mut Workbook,
        sheet: &str,
        max_chars: usize,
    ) -> Result<Self, ReadError> {
        let range = workbook.worksheet_range(sheet)?;
        // calamine starts the range at the first used cell; row numbers count from row 1.
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        Ok(Self {
            range,
            next: 0,
            first_row: first_row as usize,
            first_column: first_column as usize,
            max_chars,
        })
    }

    /// The 1-based number of the sheet's last row.
    pub(crate) fn last_row(&self) -> u64 {
        (self.first_row + self.range.height()) as u64
    }

    pub(crate) fn next_row(&mut self) -> Option<Result<Row, ReadError>> {
        if self.next >= self.range.height() {
            return None;
        }
        let index = self.next;
        self.next += 1;
        let number = self.first_row + index + 1;
        let mut cells = vec![Cell::Empty; self.first_column];
        for (offset, data) in self.range[index].iter_mut().enumerate() {
            let at = Position {
                row: number,
                column: self.first_column + offset + 1,
            };
            match cell::from_data(std::mem::take(data), self.max_chars, at) {
                Ok(cell) => cells.push(cell),
                Err(e) => return Some(Err(e)),
            }
        }
        cell::trim_trailing_empty(&mut cells);
        Some(Ok(Row { number, cells }))
    }
}

/// Columns in an xlsx or xlsb sheet: A to XFD. calamine takes the column of a cell from the
/// file (an xlsb cell record says it in four bytes) without checking it, and a row is a
/// vector as wide as its last cell: one cell in column 67,108,864 asked for 2 GB.
const MAX_COLUMNS: u32 = 16_384;

/// Groups a stream of cells in sheet order into rows. The format keeps rows in ascending
/// order; a cell of a row already handed out ends the read with `Corrupt` (streaming
/// cannot go back to it, and handing the row out twice would give two contacts one row
/// number and cut one of them in half). A cell past column XFD is `Corrupt` too.
pub(crate) struct CellRows<F> {
    next_cell: F,
    pending: Option<(u32, u32, Cell)>,
    /// The row most recently started (0-based).
    last_row: Option<u32>,
    done: bool,
}

impl<F> CellRows<F>
where
    F: FnMut() -> Result<Option<(u32, u32, Cell)>, ReadError>,
{
    pub(crate) fn new(next_cell: F) -> Self {
        Self {
            next_cell,
            pending: None,
            last_row: None,
            done: false,
        }
    }
}

impl<F> Iterator for CellRows<F>
where
    F: FnMut() -> Result<Option<(u32, u32, Cell)>, ReadError>,
{
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut row: Option<(u32, Vec<Cell>)> = None;
        loop {
            let next = match self.pending.take() {
                Some(cell) => Some(cell),
                None => match (self.next_cell)() {
                    Ok(cell) => cell,
                    Err(e) => {
                        self.done = true;
                        return Some(Err(e));
                    }
                },
            };
            let Some((r, c, value)) = next else {
                self.done = true;
                break;
            };
            match &mut row {
                Some((current, _)) if *current != r => {
                    self.pending = Some((r, c, value));
                    break;
                }
                // Checked as the cell is placed: the row before it is whole and handed out.
                _ if c >= MAX_COLUMNS => {
                    self.done = true;
                    return Some(Err(ReadError::Corrupt(format!(
                        "a cell of row {} sits past the last column a sheet can have (XFD)",
                        u64::from(r) + 1
                    ))));
                }
                Some((_, cells)) => place(cells, c, value),
                None => {
                    if let Some(last) = self.last_row.filter(|&last| r <= last) {
                        self.done = true;
                        return Some(Err(ReadError::Corrupt(format!(
                            "the sheet's rows are out of order: a cell of row {} comes after row {}",
                            u64::from(r) + 1,
                            u64::from(last) + 1
                        ))));
                    }
                    self.last_row = Some(r);
                    let mut cells = Vec::new();
                    place(&mut cells, c, value);
                    row = Some((r, cells));
                }
            }
        }
        row.map(|(r, mut cells)| {
            cell::trim_trailing_empty(&mut cells);
            Ok(Row {
                number: r as usize + 1,
                cells,
            })
        })
    }
}

fn place(cells: &mut Vec<Cell>, column: u32, value: Cell) {
    let column = column as usize;
    if cells.len() <= column {
        cells.resize(column + 1, Cell::Empty);
    }
    cells[column] = value;
}

/// Converts one streamed cell, with its position for errors.
pub(crate) fn stream_cell(
    cell: calamine::Cell<DataRef<'_>>,
    max_chars: usize,
) -> Result<(u32, u32, Cell), ReadError> {
    let (row, column) = cell.get_position();
    let at = Position {
        row: row as usize + 1,
        column: column as usize + 1,
    };
    let value = cell::from_data_ref(cell.get_value().clone(), max_chars, at)?;
    Ok((row, column, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(cells: &[(u32, u32, &str)]) -> Vec<Result<Row, ReadError>> {
        rows_of_cells(
            cells
                .iter()
                .map(|&(r, c, text)| (r, c, Cell::Text(text.to_owned())))
                .collect(),
        )
    }

    fn rows_of_cells(cells: Vec<(u32, u32, Cell)>) -> Vec<Result<Row, ReadError>> {
        let mut cells = cells.into_iter();
        CellRows::new(move || Ok(cells.next())).collect()
    }

    #[test]
    fn cells_are_grouped_into_rows_in_sheet_order() {
        let rows = rows_of(&[
            (0, 1, "Telefone"),
            (0, 0, "Nome"),
            (1, 0, "Ana"),
            (3, 2, "x"),
        ]);
        let numbers: Vec<usize> = rows
            .iter()
            .map(|r| r.as_ref().map_or(0, |r| r.number))
            .collect();
        assert_eq!(numbers, [1, 2, 4]);
        let Ok(first) = &rows[0] else {
            panic!("{rows:?}")
        };
        assert_eq!(first.cells[0], Cell::Text("Nome".to_owned()));
    }

    #[test]
    fn a_cell_of_an_earlier_row_is_an_error_not_a_second_copy_of_that_row() {
        // Found by the spreadsheet fuzz target: a `B1` cell inside row 2 of an xlsx made
        // the stream hand out row 2, then row 1 again, then the rest of row 2 as another
        // row 2, so two contacts shared a row number and one was cut in half.
        let rows = rows_of(&[(0, 0, "Nome"), (1, 0, "Ana"), (0, 1, "x"), (1, 2, "SP")]);
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert!(matches!(&rows[0], Ok(row) if row.number == 1));
        assert!(matches!(&rows[1], Ok(row) if row.number == 2));
        assert!(matches!(&rows[2], Err(ReadError::Corrupt(_))), "{rows:?}");
    }

    #[test]
    fn a_cell_past_the_last_column_is_an_error_not_a_row_that_wide() {
        // Found by the xlsb fuzz target: a cell record naming column 67,108,864 made the
        // row 2 GB of empty cells, and the allocation ended the process. Column u32::MAX
        // (an xlsb cell can say so in four bytes) asked for 137 GB.
        for column in [MAX_COLUMNS, 67_108_864, u32::MAX] {
            let rows = rows_of_cells(vec![
                (0, 0, Cell::Text("Nome".to_owned())),
                (1, 0, Cell::Text("Ana".to_owned())),
                (1, column, Cell::Number(1.0)),
                (2, 0, Cell::Text("Bia".to_owned())),
            ]);
            assert_eq!(rows.len(), 2, "{column}: {rows:?}");
            assert!(matches!(&rows[0], Ok(row) if row.number == 1));
            assert!(matches!(&rows[1], Err(ReadError::Corrupt(_))), "{rows:?}");
        }
        // The last column itself (XFD) is a cell like any other.
        let rows = rows_of_cells(vec![(0, MAX_COLUMNS - 1, Cell::Number(1.0))]);
        assert!(matches!(&rows[..], [Ok(row)] if row.cells.len() == MAX_COLUMNS as usize));
    }
}
