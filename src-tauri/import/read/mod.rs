//! Reading contact tables from spreadsheets and CSV files, streamed row by row.
//!
//! [`detect`] names the format from the file's first bytes (a PNG renamed `.xlsx` is caught
//! there); [`sheets`] lists what can be chosen; [`open`] finds the header row (which may sit
//! below a title and blank lines) and hands out data rows with the row numbers the user sees
//! in Excel; [`preview`] gives the header and the first rows without reading a large file to
//! the end. Cells keep their types: phone numbers typed into Excel stay `Cell::Number`, for
//! `import::phone` to repair.

mod cell;
#[cfg(test)]
mod crafted_tests;
mod csv_file;
mod delimiter;
mod detect;
mod encoding;
mod error;
mod field_guard;
mod header;
mod ods_guard;
mod ole2_guard;
mod panic_guard;
mod shared_strings_guard;
mod sheet;
mod stream;
mod table;
mod xls_guard;
mod xlsx_head;

use std::path::Path;

pub use cell::{Cell, Row};
pub use csv_file::CsvFormat;
pub use detect::{detect, FileKind};
pub use error::ReadError;
pub use sheet::SheetInfo;
pub use table::{open, preview, Preview, ReadOptions, ReadProgress, RowReader, Table};

/// The sheets a user can pick from. A CSV has one, named after the file.
pub fn sheets(path: &Path) -> Result<Vec<SheetInfo>, ReadError> {
    panic_guard::contain(|| match detect(path)? {
        FileKind::Csv => Ok(vec![SheetInfo {
            name: csv_file::sheet_name(path),
            rows_hint: None,
        }]),
        kind @ (FileKind::Xlsx
        | FileKind::Xlsm
        | FileKind::Xlsb
        | FileKind::Xls
        | FileKind::Ods) => sheet::sheets(path, kind),
    })
}
