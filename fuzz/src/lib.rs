//! What the spreadsheet and CSV targets do with each input: what the app does with a file
//! the user picks, with checks that what comes out holds together.
//!
//! The app's import screen calls `read::detect`, `read::sheets`, then `read::preview` of
//! 50 rows (for an xlsx, read from the workbook's head) and `mapping::suggest` on it; the
//! import itself (`dry_run`, `run_import`, the report) reads the chosen sheet to the end
//! with `read::open`. [`read_like_the_app`] does the same for the first sheet and then for
//! every sheet the list offers, chosen by name, and checks:
//!
//! - nothing panics (a panic inside the reader is contained and becomes `Corrupt`; one
//!   that escapes is a crash) and every call ends;
//! - a sheet the list offers can be chosen (never `SheetNotFound`);
//! - full read: row numbers increase and sit below the header, no blank row is handed out,
//!   the reader stays finished after its end or an error, progress counts add up;
//! - the preview shows what the import will read: the same table (sheet, header row,
//!   headers) and the same first rows, and a preview shorter than asked means the sheet
//!   has no more rows.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use whats_tip::import::mapping;
use whats_tip::import::phone::PhoneRules;
use whats_tip::import::read::{self, ReadError, ReadOptions, Row, Table};

/// Rows the import screen previews (`commands::import::PREVIEW_ROWS`).
pub const PREVIEW_ROWS: usize = 50;
/// Sheets read by name per input, at most (the first ones the list offers).
const SHEETS_BY_NAME: usize = 4;

/// Replaces libfuzzer-sys's panic hook, which aborts on every panic, caught or not.
///
/// calamine panics on some hostile files (an index past a record's end, arithmetic
/// overflow); the reader contains those (`read::panic_guard`, the row stream's thread) and
/// reports the file as `Corrupt`, which is the behaviour under test. Such a panic is
/// printed once per place in the dependency's code. A panic in the app's own code
/// (`src-tauri/`) is a bug even when contained, so it still aborts: libFuzzer records the
/// input as a crash. A panic that escapes the read API reaches libfuzzer-sys's wrapper,
/// which aborts too.
pub fn install_panic_hook() {
    static SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| l.to_string()).unwrap_or_default();
        if place.contains("src-tauri/") {
            eprintln!("panic in the app's own code: {info}");
            std::process::abort();
        }
        let first = SEEN
            .lock()
            .map(|mut seen| seen.insert(place))
            .unwrap_or(true);
        if first {
            eprintln!("contained panic (reported as Corrupt): {info}");
        }
    }));
}

/// A file in the temporary folder for this fuzzing process, rewritten for every input.
pub fn scratch_file(target: &str, extension: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "whats-tip-fuzz-{target}-{}.{extension}",
        std::process::id()
    ))
}

/// Writes `data` to `path` and reads it as the app would (see the module's doc).
pub fn read_like_the_app(path: &Path, data: &[u8], options: &ReadOptions) {
    if std::fs::write(path, data).is_err() {
        return;
    }
    let _ = read::detect(path);
    let sheets = read::sheets(path);
    inspect_and_import(path, options);
    let Ok(sheets) = sheets else { return };
    for sheet in sheets.iter().take(SHEETS_BY_NAME) {
        let options = ReadOptions {
            sheet: Some(sheet.name.clone()),
            ..options.clone()
        };
        inspect_and_import(path, &options);
    }
}

/// The import screen's preview and mapping suggestion, then the import's full read.
fn inspect_and_import(path: &Path, options: &ReadOptions) {
    let preview = read::preview(path, options, PREVIEW_ROWS);
    if let Ok(preview) = &preview {
        assert!(preview.rows.len() <= PREVIEW_ROWS);
        let _ = mapping::suggest(
            &preview.table.headers,
            &preview.rows,
            &PhoneRules::default(),
        );
    }
    let full = read_to_the_end(path, options);
    for result in [preview.as_ref().err(), full.as_ref().err()] {
        if let (Some(ReadError::SheetNotFound(name)), Some(_)) = (result, &options.sheet) {
            panic!("the sheet list offers {name:?}, which cannot be opened");
        }
    }
    if let (Ok(preview), Ok(full)) = (preview, full) {
        same_rows(&preview.table, &preview.rows, &full);
    }
}

/// What a full read handed out.
struct FullRead {
    table: Table,
    rows: Vec<Row>,
    /// It stopped at an error rather than at the end of the sheet.
    failed: bool,
}

fn read_to_the_end(path: &Path, options: &ReadOptions) -> Result<FullRead, ReadError> {
    let mut reader = read::open(path, options)?;
    let mut rows = Vec::new();
    let mut failed = false;
    let mut last = 0;
    while let Some(row) = reader.next_row() {
        let Ok(row) = row else {
            failed = true;
            break;
        };
        // Row numbers are those of the sheet: increasing, below any header.
        assert!(row.number > last, "row {} after row {last}", row.number);
        assert!(
            reader.header_row().is_none_or(|h| row.number > h + 1),
            "row {} above the header (row {:?})",
            row.number,
            reader.header_row()
        );
        assert!(!row.is_blank(), "blank row {} handed out", row.number);
        last = row.number;
        // Rows past the preview are only counted: a large sheet must not fill memory here.
        if rows.len() <= PREVIEW_ROWS {
            rows.push(row);
        }
        let progress = reader.progress();
        if let (Some(read), Some(total)) = (progress.bytes_read, progress.bytes_total) {
            assert!(read <= total, "{read} of {total} bytes read");
        }
        assert!(reader.estimated_rows() >= progress.rows_read);
    }
    // After the end (or an error) the reader stays finished.
    assert!(reader.next_row().is_none(), "a row after the end");
    let progress = reader.progress();
    if let Some(total) = progress.rows_total {
        assert!(
            total >= progress.rows_read,
            "{total} rows declared, {} read",
            progress.rows_read
        );
    }
    Ok(FullRead {
        table: reader.table().clone(),
        rows,
        failed,
    })
}

/// The preview against the full read of the same file and sheet.
fn same_rows(table: &Table, preview: &[Row], full: &FullRead) {
    // Debug text compares a NaN cell equal to itself.
    assert_eq!(
        format!("{table:?}"),
        format!("{:?}", full.table),
        "the preview's table differs from the import's"
    );
    for (shown, read) in preview.iter().zip(&full.rows) {
        assert_eq!(
            format!("{shown:?}"),
            format!("{read:?}"),
            "the preview shows a row the import reads differently"
        );
    }
    if full.rows.len() < preview.len() {
        assert!(full.failed, "the import ended before the preview's rows");
    }
    if preview.len() < PREVIEW_ROWS && !full.failed {
        assert_eq!(
            full.rows.len(),
            preview.len(),
            "the preview stopped early, the import read more rows"
        );
    }
}
