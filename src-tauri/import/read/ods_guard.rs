//! Refuses an .ods whose repeated rows and columns would make calamine hold more cells
//! than a contact sheet can use.
//!
//! OpenDocument writes a run of equal cells once, with `table:number-columns-repeated`,
//! and a run of equal rows once, with `table:number-rows-repeated`. calamine 0.38 loads
//! every sheet when it opens an .ods and expands both: each row element into its cells (up
//! to 16,384), then the sheet into a dense grid from its first filled row to its last (up to
//! 1,048,576 rows, and it stops only past 100 million cells: 3 GB). A 766-byte file
//! repeating a one-cell row 6,000 times across 16,384 columns took 2.7 GB before the
//! fuzzing harness stopped it, and a failed allocation aborts the whole app, which no
//! error handling can catch. A `<text:s text:c="…"/>` is likewise expanded into that many
//! spaces, up to two billion for one element. [`check`] reads `content.xml` the way
//! calamine does, without keeping a cell, and refuses a workbook that would pass
//! [`MAX_CELLS`], or whose spaces pass [`MAX_SPACES`]. Empty cells and rows after the last
//! filled one (LibreOffice repeats formatted blanks to the sheet's end) cost calamine
//! nothing and count for nothing here.

use std::fs::File;
use std::io::{BufRead, BufReader};

use quick_xml::escape::unescape;
use quick_xml::events::{BytesStart, Event};

use super::error::ReadError;
use super::shared_strings_guard::raw_attributes;

/// calamine's own caps on a row's cells and a sheet's rows.
const MAX_COLUMNS: u64 = 16_384;
const MAX_ROWS: u64 = 1_048_576;
/// Cells calamine may hold: 65,536 × 256, the .xls maximum (`xls_guard`), about 1 GB at
/// calamine's 56 bytes a cell (value and formula). A million contacts of sixteen columns.
const MAX_CELLS: u64 = 65_536 * 256;
/// Spaces written as `text:s` in the whole workbook, 16 MB once calamine expands them:
/// each cell is held, and a contact field is never that long (the cell limit is 10,000).
const MAX_SPACES: u64 = 1 << 24;

fn too_large(what: &str) -> ReadError {
    ReadError::Corrupt(format!(
        "{what} (more than 16,777,216 cells once its repeated rows and columns are expanded)"
    ))
}

/// Checks the `content.xml` of the .ods in `file`. A file that is not a readable zip, or
/// has no `content.xml`, passes: calamine reports it in its own words.
pub(crate) fn check(file: &File) -> Result<(), ReadError> {
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return Ok(());
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    scan(BufReader::new(content))
}

/// Walks the tables of `content`, counting what calamine would hold.
fn scan(content: impl BufRead) -> Result<(), ReadError> {
    let mut xml = quick_xml::Reader::from_reader(content);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut held = 0u64;
    let mut table: Option<Table> = None;
    let mut row: Option<RowCells> = None;
    let mut spaces = 0u64;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            // Broken XML: calamine stops there too, with its own error.
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(Event::Start(e)) => match e.name().as_ref() {
                "table:table" => table = Some(Table::default()),
                "table:table-row" if table.is_some() => {
                    row = Some(RowCells::new(count(&e, b"table:number-rows-repeated")));
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some(row) = &mut row {
                        row.cell(count(&e, b"table:number-columns-repeated"), holds_value(&e));
                    }
                }
                "text:s" => {
                    spaces = spaces.saturating_add(count(&e, b"text:c"));
                    if spaces > MAX_SPACES {
                        return Err(ReadError::Corrupt(
                            "the file repeats spaces more than 16 million times".to_owned(),
                        ));
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) => match e.name().as_ref() {
                "table:table-row" => {
                    if let (Some(table), Some(row)) = (&mut table, row.take()) {
                        table.add(row)?;
                    }
                }
                "table:table" => {
                    if let Some(table) = table.take() {
                        held = held.saturating_add(table.grid());
                        if held > MAX_CELLS {
                            return Err(too_large("the workbook is too large"));
                        }
                    }
                }
                _ => {}
            },
            Ok(_) => {}
        }
    }
}

/// A repeat count as calamine reads it (entities decoded, a plain number); 1 when absent.
/// A count calamine cannot parse fails its read, so it costs nothing: 1 here too.
fn count(e: &BytesStart<'_>, key: &[u8]) -> u64 {
    raw_attributes(e.attributes_raw().as_bytes())
        .find(|(k, _)| *k == key)
        .and_then(|(_, value)| {
            let value = std::str::from_utf8(value).ok()?;
            unescape(value).ok()?.parse::<u64>().ok()
        })
        .unwrap_or(1)
}

/// Whether calamine gives the cell a value (or a formula), as opposed to `Empty`. A cell
/// typed as string holds its text, even an empty one.
fn holds_value(e: &BytesStart<'_>) -> bool {
    raw_attributes(e.attributes_raw().as_bytes()).any(|(key, value)| match key {
        b"office:value"
        | b"office:string-value"
        | b"office:date-value"
        | b"office:time-value"
        | b"office:boolean-value"
        | b"table:formula" => true,
        b"office:value-type" => value == b"string",
        _ => false,
    })
}

/// One row element's cells, as calamine's `read_row` pushes them: a run of empty cells
/// once another cell follows it (the row's last run is dropped), every run cut at the
/// last column.
struct RowCells {
    repeats: u64,
    pushed: u64,
    pending_empty: u64,
    /// One past the last filled cell.
    width: u64,
}

impl RowCells {
    fn new(repeats: u64) -> Self {
        Self {
            repeats,
            pushed: 0,
            pending_empty: 0,
            width: 0,
        }
    }

    fn cell(&mut self, repeats: u64, filled: bool) {
        // The run before this cell goes in, whatever this cell holds.
        self.pushed += std::mem::take(&mut self.pending_empty).min(MAX_COLUMNS - self.pushed);
        let repeats = repeats.min(MAX_COLUMNS - self.pushed);
        if filled {
            self.pushed += repeats;
            self.width = self.pushed;
        } else {
            self.pending_empty = repeats;
        }
    }
}

/// A table's cost so far: the cells its row elements pushed, and the grid calamine builds
/// from the first filled row to the last.
#[derive(Default)]
struct Table {
    /// Rows counted towards calamine's cap.
    rows: u64,
    /// Cells of every row element, held until the grid is built.
    pushed: u64,
    /// Rows from the first filled row to the last one, repeats included.
    span: u64,
    /// Empty rows since the last filled one: in the grid only if a filled row follows.
    pending_rows: u64,
    /// The widest filled row.
    width: u64,
}

impl Table {
    fn add(&mut self, row: RowCells) -> Result<(), ReadError> {
        let repeats = row.repeats.min(MAX_ROWS - self.rows);
        self.rows += repeats;
        self.pushed = self.pushed.saturating_add(row.pushed);
        if self.pushed > MAX_CELLS {
            return Err(too_large("a sheet is too large"));
        }
        if row.width == 0 {
            if self.span > 0 {
                self.pending_rows = self.pending_rows.saturating_add(repeats);
            }
            return Ok(());
        }
        self.span = self
            .span
            .saturating_add(std::mem::take(&mut self.pending_rows))
            .saturating_add(repeats);
        self.width = self.width.max(row.width);
        if self.grid() > MAX_CELLS {
            return Err(too_large("a sheet is too large"));
        }
        Ok(())
    }

    /// Cells of the grid calamine builds (at most: its first column may be past A).
    fn grid(&self) -> u64 {
        self.span.saturating_mul(self.width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0""#;

    fn content(tables: &str) -> String {
        format!(
            "<office:document-content {NS}><office:body><office:spreadsheet>{tables}\
             </office:spreadsheet></office:body></office:document-content>"
        )
    }

    fn check_tables(tables: &str) -> Result<(), ReadError> {
        scan(content(tables).as_bytes())
    }

    const HEADER: &str = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Nome</text:p></table:table-cell></table:table-row>"#;

    fn float_row(rows: u64, columns: u64) -> String {
        format!(
            r#"<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{columns}" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#
        )
    }

    #[test]
    fn repeated_rows_of_repeated_cells_past_the_limit_are_refused() {
        // The fuzzing harness measured 2.7 GB for 6,000 × 16,384 before stopping it.
        let huge = format!(
            r#"<table:table table:name="A">{HEADER}{}</table:table>"#,
            float_row(6000, 16_384)
        );
        assert!(matches!(check_tables(&huge), Err(ReadError::Corrupt(_))));
        // Columns past 16,384 are cut by calamine, and here.
        let wide = format!(
            r#"<table:table table:name="A">{}</table:table>"#,
            float_row(1000, 1 << 40)
        );
        assert!(matches!(check_tables(&wide), Ok(())));
        let over = format!(
            r#"<table:table table:name="A">{}</table:table>"#,
            float_row(1025, 1 << 40)
        );
        assert!(matches!(check_tables(&over), Err(ReadError::Corrupt(_))));
    }

    #[test]
    fn row_elements_each_wide_are_counted_before_any_repeat() {
        // calamine keeps every row element's cells until it builds the grid.
        let rows = float_row(1, 16_384).repeat(1025);
        let tables = format!(r#"<table:table table:name="A">{rows}</table:table>"#);
        assert!(matches!(check_tables(&tables), Err(ReadError::Corrupt(_))));
    }

    #[test]
    fn the_workbook_counts_every_sheet() {
        let sheet = |name: &str| {
            format!(
                r#"<table:table table:name="{name}">{}</table:table>"#,
                float_row(400, 16_384)
            )
        };
        let two = format!("{}{}", sheet("A"), sheet("B"));
        assert!(matches!(check_tables(&two), Ok(())));
        let two_many = format!("{two}{}", sheet("C"));
        assert!(matches!(
            check_tables(&two_many),
            Err(ReadError::Corrupt(_))
        ));
    }

    #[test]
    fn blank_rows_and_cells_libreoffice_repeats_to_the_end_cost_nothing() {
        let tables = format!(
            r#"<table:table table:name="A">{HEADER}{}<table:table-row table:number-rows-repeated="1048500"><table:table-cell table:style-name="ce1" table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#,
            float_row(3, 2)
        );
        assert!(matches!(check_tables(&tables), Ok(())));
    }

    #[test]
    fn blank_rows_between_filled_ones_are_in_the_grid() {
        let tables = format!(
            r#"<table:table table:name="A">{}<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>{}</table:table>"#,
            float_row(1, 100),
            float_row(1, 1)
        );
        assert!(matches!(check_tables(&tables), Err(ReadError::Corrupt(_))));
    }

    #[test]
    fn billions_of_spaces_are_refused_in_one_cell_or_spread_over_many() {
        let cell = |c: &str| {
            format!(
                r#"<table:table table:name="A"><table:table-row><table:table-cell office:value-type="string"><text:p>Ana<text:s text:c="{c}"/>Silva</text:p></table:table-cell></table:table-row></table:table>"#
            )
        };
        assert!(matches!(
            check_tables(&cell("2000000000")),
            Err(ReadError::Corrupt(_))
        ));
        let many = cell("1000000").repeat(17);
        assert!(matches!(check_tables(&many), Err(ReadError::Corrupt(_))));
        let some = cell("1000000").repeat(16);
        assert!(matches!(check_tables(&some), Ok(())));
        assert!(matches!(check_tables(&cell("3")), Ok(())));
        // Entities are decoded, as calamine decodes them.
        assert!(matches!(
            check_tables(&cell("&#x31;000000000")),
            Err(ReadError::Corrupt(_))
        ));
    }
}
