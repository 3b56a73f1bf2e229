//! One cell and one row as the importer sees them, and the conversion from calamine's values.

use calamine::{Data, DataRef, ExcelDateTime};

use super::error::ReadError;

/// A cell's value. Numbers stay numbers (a phone typed into Excel arrives as
/// `Number(11987654321.0)`; the phone repairer knows what to do with it).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// ISO 8601: `2024-03-15`, or `2024-03-15T14:30:00` when the cell has a time of day.
    Date(String),
    /// A formula error such as `#N/A` or `#DIV/0!`.
    Error(String),
}

impl Cell {
    /// Empty, or text made only of spaces: spreadsheets are full of cells holding a lone space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            Cell::Number(_) | Cell::Bool(_) | Cell::Date(_) | Cell::Error(_) => false,
        }
    }

    /// The cell as the user would read it, for headers.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) | Cell::Date(text) | Cell::Error(text) => text.trim().to_owned(),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

/// One row of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based, as Excel shows it: blank rows and title rows above still count.
    pub number: usize,
    /// `cells[0]` is column A. Trailing empty cells are dropped for spreadsheets; CSV rows
    /// keep exactly the fields the line had.
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

/// Where a spreadsheet cell sits, to name it in a `CellTooLarge` error.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Position {
    pub row: usize,
    pub column: usize,
}

pub(crate) fn text_cell(text: String, max_chars: usize, at: Position) -> Result<Cell, ReadError> {
    // Byte length bounds char count from above: the cheap check settles almost every cell.
    if text.len() > max_chars && text.chars().count() > max_chars {
        return Err(ReadError::CellTooLarge {
            row: at.row,
            column: at.column,
        });
    }
    Ok(Cell::Text(text))
}

/// Takes the value out of calamine's range (no copy of the string) and converts it.
pub(crate) fn from_data(data: Data, max_chars: usize, at: Position) -> Result<Cell, ReadError> {
    Ok(match data {
        Data::Empty => Cell::Empty,
        Data::String(text) => text_cell(text, max_chars, at)?,
        Data::Int(n) => Cell::Number(n as f64),
        Data::Float(n) => Cell::Number(n),
        Data::Bool(b) => Cell::Bool(b),
        Data::DateTime(dt) => excel_date(&dt),
        Data::DateTimeIso(iso) => Cell::Date(iso),
        // A duration ("01:30:00") is not a calendar date; keep its text.
        Data::DurationIso(text) => Cell::Text(text),
        Data::Error(e) => Cell::Error(e.to_string()),
    })
}

/// The same for the cell-by-cell readers used by previews.
pub(crate) fn from_data_ref(
    data: DataRef<'_>,
    max_chars: usize,
    at: Position,
) -> Result<Cell, ReadError> {
    Ok(match data {
        DataRef::Empty => Cell::Empty,
        DataRef::String(text) => text_cell(text, max_chars, at)?,
        DataRef::SharedString(text) => {
            if text.len() > max_chars && text.chars().count() > max_chars {
                return Err(ReadError::CellTooLarge {
                    row: at.row,
                    column: at.column,
                });
            }
            Cell::Text(text.to_owned())
        }
        DataRef::Int(n) => Cell::Number(n as f64),
        DataRef::Float(n) => Cell::Number(n),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) => excel_date(&dt),
        DataRef::DateTimeIso(iso) => Cell::Date(iso),
        DataRef::DurationIso(text) => Cell::Text(text),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    })
}

/// Excel stores dates as day counts with a date format; durations (`[h]:mm`) stay numbers
/// of days, since they are not dates.
fn excel_date(dt: &ExcelDateTime) -> Cell {
    if dt.is_duration() {
        return Cell::Number(dt.as_f64());
    }
    let (year, month, day, hour, minute, second, _milli) = dt.to_ymd_hms_milli();
    if (hour, minute, second) == (0, 0, 0) {
        Cell::Date(format!("{year:04}-{month:02}-{day:02}"))
    } else {
        Cell::Date(format!(
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"
        ))
    }
}

/// Drops trailing empty cells, so rows from a sheet end where their data ends.
pub(crate) fn trim_trailing_empty(cells: &mut Vec<Cell>) {
    while cells.last().is_some_and(|c| *c == Cell::Empty) {
        cells.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn excel_serials_become_iso_dates() {
        let date = ExcelDateTime::new(45366.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(excel_date(&date), Cell::Date("2024-03-15".into()));
        let with_time = ExcelDateTime::new(45366.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            excel_date(&with_time),
            Cell::Date("2024-03-15T12:00:00".into())
        );
    }

    #[test]
    fn long_text_is_refused_by_characters_not_bytes() {
        let at = Position { row: 3, column: 2 };
        // Four characters, eight bytes: within a four-character limit.
        assert_eq!(
            text_cell("ãããã".into(), 4, at),
            Ok(Cell::Text("ãããã".into()))
        );
        assert_eq!(
            text_cell("ããããã".into(), 4, at),
            Err(ReadError::CellTooLarge { row: 3, column: 2 })
        );
    }
}
