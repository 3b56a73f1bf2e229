//! Text cells for rust_xlsxwriter sheets, written through the formula guard.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::formula_guard::neutralise;

/// Writes `text` as a string cell (never a formula), quoted when it looks like one: the
/// quote is for the CSV a user may save this sheet as.
pub fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    text: &str,
) -> Result<(), XlsxError> {
    sheet.write_string(row, column, neutralise(text))?;
    Ok(())
}

/// [`write_text`] with a cell format.
pub fn write_text_with_format(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, column, neutralise(text), format)?;
    Ok(())
}
