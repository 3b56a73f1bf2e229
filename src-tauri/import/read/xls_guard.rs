//! Refuses an .xls whose records would make calamine allocate past the format's limits.
//!
//! When calamine 0.38 opens an .xls it loads every sheet. For each it reserves room for
//! the cells the sheet's DIMENSIONS record declares (rows × columns, 40 bytes a cell), then
//! lays the sheet out as a dense grid from its first cell to its last (32 bytes a cell,
//! all written). A 5 KB file declaring four billion rows asked for 497 GB (found by the
//! spreadsheet fuzz target), and two cells at opposite corners of 65,536 × 65,536 ask for
//! 137 GB: the allocation fails and aborts the whole app, which no error handling can
//! catch. An .xls sheet holds at most 65,536 rows × 256 columns, so [`check`] walks the
//! records the way calamine does and refuses a sheet that declares, or spreads its cells
//! over, more than that. Honest files never do; the worst a hostile one can cost is then
//! the format's own maximum.

use super::error::ReadError;

/// 65,536 rows × 256 columns: the most an .xls sheet can hold.
const MAX_CELLS: u64 = 65_536 * 256;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
const BOUND_SHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MUL_RK: u16 = 0x00BD;
/// Records calamine turns into a cell at the row and column of their first four bytes:
/// Number, Label, RString, BoolErr, RK, LabelSst, Formula.
const CELL_RECORDS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];

fn too_large(what: &str) -> ReadError {
    ReadError::Corrupt(format!(
        "a sheet {what} more cells than an .xls can hold (65,536 rows × 256 columns)"
    ))
}

/// Checks the sheets of the workbook stream `stream`.
pub(crate) fn check(stream: &[u8]) -> Result<(), ReadError> {
    // The globals: where each sheet's records start, up to the first EOF.
    let mut sheets = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            BOUND_SHEET if data.len() >= 4 => sheets.push(u32_at(data, 0)),
            EOF => break,
            _ => {}
        }
    }
    for start in sheets {
        let Some(sheet) = usize::try_from(start).ok().and_then(|at| stream.get(at..)) else {
            return Err(ReadError::Corrupt(
                "a sheet starts past the end of the workbook".to_owned(),
            ));
        };
        check_sheet(sheet)?;
    }
    Ok(())
}

/// One sheet's records, as calamine reads them: the first BOF is the sheet's own, nested
/// substreams (embedded charts) are skipped, EOF ends the sheet.
fn check_sheet(sheet: &[u8]) -> Result<(), ReadError> {
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut extent = Extent::default();
    for (typ, data) in records(sheet) {
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS if declared_cells(data).is_some_and(|cells| cells > MAX_CELLS) => {
                return Err(too_large("declares"));
            }
            MUL_RK if data.len() >= 6 => {
                let (row, first) = (u16_at(data, 0), u16_at(data, 2));
                let count = (data.len() - 6) / 6;
                extent.add(row, u32::from(first));
                extent.add(row, u32::from(first) + count.saturating_sub(1) as u32);
            }
            _ if CELL_RECORDS.contains(&typ) && data.len() >= 4 => {
                extent.add(u16_at(data, 0), u32::from(u16_at(data, 2)));
            }
            _ => {}
        }
    }
    if extent.cells() > MAX_CELLS {
        return Err(too_large("spreads over"));
    }
    Ok(())
}

/// The cells a DIMENSIONS record makes calamine reserve, with its arithmetic (first row
/// and column, one past the last; u32 that wraps in a release build). `None` for a record
/// calamine refuses.
fn declared_cells(data: &[u8]) -> Option<u64> {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)),
            u32::from(u16_at(data, 2)),
            u32::from(u16_at(data, 4)),
            u32::from(u16_at(data, 6)),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u32::from(u16_at(data, 8)),
            u32::from(u16_at(data, 10)),
        ),
        _ => return None,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    let (start, end) = if last_row >= 1 && last_col >= 1 {
        ((first_row, first_col), (last_row - 1, last_col - 1))
    } else {
        ((first_row, first_col), (first_row, first_col))
    };
    let rows = end.0.wrapping_sub(start.0).wrapping_add(1);
    let cols = end.1.wrapping_sub(start.1).wrapping_add(1);
    Some(u64::from(rows) * u64::from(cols))
}

/// The rectangle from a sheet's first cell to its last: calamine's dense grid.
#[derive(Default)]
struct Extent(Option<(u32, u32, u32, u32)>);

impl Extent {
    fn add(&mut self, row: u16, col: u32) {
        let row = u32::from(row);
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
        })
    }
}

/// BIFF records as calamine's iterator yields them: type, length, data, with the
/// CONTINUE records that follow folded in (skipped here); stops where calamine errs.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            return None;
        }
        let typ = u16_at(rest, 0);
        let len = usize::from(u16_at(rest, 2));
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        while rest.len() > 4 && u16_at(rest, 0) == CONTINUE {
            let len = usize::from(u16_at(rest, 2));
            rest = rest.get(4 + len..)?;
        }
        Some((typ, data))
    })
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = typ.to_le_bytes().to_vec();
        bytes.extend(u16::try_from(data.len()).expect("short").to_le_bytes());
        bytes.extend(data);
        bytes
    }

    /// A workbook stream: globals with one BoundSheet, then the sheet's `body` records.
    fn workbook(body: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(BOF, &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0]);
        let bound_sheet_len = 4 + 12;
        let sheet_at = u32::try_from(bof.len() + bound_sheet_len + 4).expect("small");
        let mut stream = bof.clone();
        let mut bound = sheet_at.to_le_bytes().to_vec();
        bound.extend([0, 0, 3, 0, b'a', b'b', b'c', 0]);
        stream.extend(record(BOUND_SHEET, &bound));
        stream.extend(record(EOF, &[]));
        stream.extend(bof);
        for r in body {
            stream.extend(r);
        }
        stream.extend(record(EOF, &[]));
        stream
    }

    fn dimensions(first_row: u32, last_row: u32, first_col: u16, last_col: u16) -> Vec<u8> {
        let mut data = first_row.to_le_bytes().to_vec();
        data.extend(last_row.to_le_bytes());
        data.extend(first_col.to_le_bytes());
        data.extend(last_col.to_le_bytes());
        data.extend([0, 0]);
        record(DIMENSIONS, &data)
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0u8; 10]);
        record(0x0203, &data)
    }

    #[test]
    fn sheets_within_the_format_pass() {
        assert_eq!(
            check(&workbook(&[dimensions(0, 3, 0, 2), number(0, 0)])),
            Ok(())
        );
        // The whole grid an .xls allows, declared and used.
        assert_eq!(
            check(&workbook(&[
                dimensions(0, 65_536, 0, 256),
                number(0, 0),
                number(65_535, 255),
            ])),
            Ok(())
        );
        // An empty sheet as LibreOffice writes it.
        assert_eq!(check(&workbook(&[dimensions(0, 0, 0, 0)])), Ok(()));
    }

    #[test]
    fn a_sheet_declaring_billions_of_rows_is_corrupt() {
        let stream = workbook(&[dimensions(0, 0xFFFF_0000, 0, 10)]);
        assert!(matches!(check(&stream), Err(ReadError::Corrupt(_))));
        // A first row after the last: calamine's subtraction wraps to four billion rows.
        let stream = workbook(&[dimensions(9, 3, 0, 10)]);
        assert!(matches!(check(&stream), Err(ReadError::Corrupt(_))));
    }

    #[test]
    fn cells_at_opposite_corners_of_a_huge_grid_are_corrupt() {
        let stream = workbook(&[number(0, 0), number(65_535, 65_535)]);
        assert!(matches!(check(&stream), Err(ReadError::Corrupt(_))));
    }

    #[test]
    fn a_sheet_starting_past_the_stream_is_corrupt() {
        let mut stream = workbook(&[]);
        stream.truncate(30);
        assert!(matches!(check(&stream), Err(ReadError::Corrupt(_))));
    }
}
