//! Contact import end to end: real xlsx/ods/CSV files in temporary folders, a real SQLite
//! file, and the `tip import` binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::Workbook;
use whats_tip::import::phone::{Change, InvalidReason, PhoneRules};
use whats_tip::import::read::{self, Cell, ReadError, ReadOptions};
use whats_tip::import::{
    self, mapping, report, Control, DuplicateOf, DuplicatePolicy, Field, ImportError, ImportPlan,
    ImportStatus, ImportSummary, RowAction, RowReport, RowVerdict,
};
use whats_tip::storage::contacts::{
    self, ContactEdit, ContactFilter, ContactLineKind, ContactRow, PhoneVerdict,
};
use whats_tip::storage::phone_key::phone_key;
use whats_tip::storage::{contact_lists, contact_tags, opt_outs, Db};

/// What a test spreadsheet cell holds.
enum V {
    S(&'static str),
    N(f64),
}
use V::{N, S};

fn xlsx(dir: &Path, file: &str, rows: &[Vec<V>]) -> PathBuf {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, cells) in rows.iter().enumerate() {
        for (c, value) in cells.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match value {
                S(text) => sheet.write_string(r, c, *text).map(|_| ()),
                N(n) => sheet.write_number(r, c, *n).map(|_| ()),
            }
            .unwrap();
        }
    }
    let path = dir.join(file);
    workbook.save(&path).unwrap();
    path
}

fn csv(dir: &Path, file: &str, text: &str) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    path
}

async fn open_db(dir: &Path) -> Db {
    Db::open(&dir.join("app.sqlite3")).await.unwrap()
}

/// The plan the wizard would start from: columns guessed from the first rows.
fn plan_for(path: &Path, list: &str) -> ImportPlan {
    let preview = read::preview(path, &ReadOptions::default(), 50).unwrap();
    let suggestion = mapping::suggest(
        &preview.table.headers,
        &preview.rows,
        &PhoneRules::default(),
    );
    ImportPlan::new(path, suggestion.mapping, list)
}

/// (contacts, imports, lists) in the whole database.
async fn totals(db: &Db) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM imports),
                (SELECT count(*) FROM contact_lists)",
    )
    .fetch_one(db.pool())
    .await
    .unwrap()
}

async fn list_contacts(db: &Db, list_id: i64) -> Vec<ContactRow> {
    let filter = ContactFilter {
        list_id: Some(list_id),
        ..ContactFilter::default()
    };
    contacts::page_at(db, &filter, 0, 1000).await.unwrap()
}

/// Every contact of a list as `(id, phone_e164, name, phone_original)`, in id order.
async fn whole_list(db: &Db, list_id: i64) -> Vec<(i64, String, Option<String>, String)> {
    sqlx::query_as(
        "SELECT id, phone_e164, name, phone_original FROM contacts WHERE list_id = ? ORDER BY id",
    )
    .bind(list_id)
    .fetch_all(db.pool())
    .await
    .unwrap()
}

/// Every contact's `phone_key` is its number's: each write of a number (import, update,
/// edit form) set both, so the list's key index finds it.
async fn assert_phone_keys_match(db: &Db) {
    let rows: Vec<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT id, phone_e164, phone_key FROM contacts")
            .fetch_all(db.pool())
            .await
            .unwrap();
    assert!(!rows.is_empty());
    for (id, phone, key) in rows {
        assert_eq!(key, phone_key(&phone), "contact {id}, {phone}");
        assert!(key.is_some(), "contact {id}, {phone}");
    }
}

fn go(_: import::ImportProgress) -> Control {
    Control::Continue
}

fn by_row(rows: &[RowReport], row: usize) -> &RowReport {
    rows.iter().find(|r| r.row == row).unwrap()
}

/// Every row's report of a committed import, rebuilt from its log by reading the file
/// again. Also checks that the summary lists exactly the rows that are not plainly ok.
fn all_reports(summary: &ImportSummary) -> Vec<RowReport> {
    let all: Vec<RowReport> = summary
        .log
        .reports()
        .unwrap()
        .map(|item| item.unwrap().1)
        .collect();
    let problems: Vec<RowReport> = all
        .iter()
        .filter(|r| !matches!(r.verdict, RowVerdict::Ok { .. }))
        .take(import::SUMMARY_ROWS)
        .cloned()
        .collect();
    assert_eq!(summary.rows, problems);
    assert_eq!(all.len(), summary.counts.rows() as usize);
    all
}

#[tokio::test]
async fn portuguese_ods_maps_itself_and_custom_fields_are_queryable() {
    use spreadsheet_ods::{Sheet, WorkBook};
    let dir = tempfile::tempdir().unwrap();
    let mut book = WorkBook::new_empty();
    let mut sheet = Sheet::new("Clientes");
    for (c, h) in ["NOME", "Celular", "Município", "Bairro", "Razão Social"]
        .iter()
        .enumerate()
    {
        sheet.set_value(0, c as u32, *h);
    }
    sheet.set_value(1, 0, "Conceição");
    sheet.set_value(1, 1, 11987654321.0);
    sheet.set_value(1, 2, "São Paulo");
    sheet.set_value(1, 3, "Centro");
    sheet.set_value(1, 4, "Padaria Pão Quente");
    book.push_sheet(sheet);
    let path = dir.path().join("clientes.ods");
    spreadsheet_ods::write_ods(&mut book, &path).unwrap();

    let plan = plan_for(&path, "Clientes");
    let fields: Vec<Field> = plan
        .mapping
        .columns
        .iter()
        .map(|c| c.field.clone())
        .collect();
    assert_eq!(
        fields,
        [
            Field::Name,
            Field::Phone,
            Field::City,
            Field::Custom("bairro".into()),
            Field::Company
        ]
    );
    let db = open_db(dir.path()).await;
    let summary = import::run_import(&db, &plan, go).await.unwrap();
    assert!(summary.list_created);
    let stored = list_contacts(&db, summary.list_id).await;
    assert_eq!(stored.len(), 1);
    let c = &stored[0];
    assert_eq!(c.name.as_deref(), Some("Conceição"));
    assert_eq!(c.phone_e164, "+5511987654321");
    assert_eq!(c.phone_original, "11987654321");
    assert_eq!(c.phone_alternative.as_deref(), Some("+551187654321"));
    assert_eq!(c.line_kind, "mobile");
    assert_eq!(c.city.as_deref(), Some("São Paulo"));
    assert_eq!(c.company.as_deref(), Some("Padaria Pão Quente"));
    let (bairro,): (String,) =
        sqlx::query_as("SELECT json_extract(custom_fields, '$.bairro') FROM contacts")
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(bairro, "Centro");
}

#[tokio::test]
async fn english_csv_maps_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = csv(
        dir.path(),
        "customers.csv",
        "Name,Mobile,E-mail,Company,City,Birthday\nJohn,+1 415 555 2671,j@x.com,Acme,SF,1990-01-02\n",
    );
    let plan = plan_for(&path, "Customers");
    let fields: Vec<Field> = plan
        .mapping
        .columns
        .iter()
        .map(|c| c.field.clone())
        .collect();
    assert_eq!(
        fields,
        [
            Field::Name,
            Field::Phone,
            Field::Email,
            Field::Company,
            Field::City,
            Field::Custom("birthday".into())
        ]
    );
    let db = open_db(dir.path()).await;
    let summary = import::run_import(&db, &plan, go).await.unwrap();
    let c = &list_contacts(&db, summary.list_id).await[0];
    assert_eq!(c.phone_e164, "+14155552671");
    assert_eq!(c.email.as_deref(), Some("j@x.com"));
    assert_eq!(c.custom_fields, r#"{"birthday":"1990-01-02"}"#);
}

/// Rows 2–8 of the mixed sheet and what each must become.
fn mixed_sheet(dir: &Path) -> PathBuf {
    xlsx(
        dir,
        "mistos.xlsx",
        &[
            vec![S("Nome"), S("Telefone"), S("Cidade")],
            vec![S("Ana"), N(11987654321.0), S("SP")],
            vec![S("Bia"), S("+5511912345678"), S("SP")],
            vec![S("Caio"), S("(21) 99876-5432"), S("RJ")],
            vec![S("Dani"), S("0800 123 4567"), S("BR")],
            vec![S("Edu"), S("5.51199E+12"), S("BH")],
            vec![S("Fê"), S("98765-4321"), S("SP")],
            vec![S("Gil"), S("31 3333-4444"), S("BH")],
        ],
    )
}

#[tokio::test]
async fn mixed_phone_formats_get_their_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    let path = mixed_sheet(dir.path());
    let db = open_db(dir.path()).await;
    let summary = import::run_import(&db, &plan_for(&path, "Mistos"), go)
        .await
        .unwrap();
    let rows = &all_reports(&summary);
    assert_eq!(rows.len(), 7);
    assert_eq!(summary.rows.len(), 6, "every row but the plain ok one");
    assert_eq!(
        by_row(rows, 2).verdict,
        RowVerdict::Repaired {
            e164: "+5511987654321".into(),
            changes: vec![Change::FromNumericCell, Change::AddedCountryCode]
        }
    );
    assert_eq!(
        by_row(rows, 3).verdict,
        RowVerdict::Ok {
            e164: "+5511912345678".into()
        }
    );
    assert!(matches!(
        &by_row(rows, 4).verdict,
        RowVerdict::Repaired { e164, changes }
            if e164 == "+5521998765432" && changes.contains(&Change::StrippedPunctuation)
    ));
    assert!(matches!(
        by_row(rows, 5).verdict,
        RowVerdict::Invalid {
            reason: InvalidReason::NonGeographic(_)
        }
    ));
    assert_eq!(
        by_row(rows, 6).verdict,
        RowVerdict::Invalid {
            reason: InvalidReason::DigitsLostInScientificNotation
        }
    );
    assert_eq!(
        by_row(rows, 7).verdict,
        RowVerdict::Invalid {
            reason: InvalidReason::MissingAreaCode
        }
    );
    assert_eq!(by_row(rows, 7).original, "98765-4321");
    assert_eq!(by_row(rows, 7).column, 1);
    assert_eq!(by_row(rows, 7).action, RowAction::NotWritten);
    let c = summary.counts;
    assert_eq!((c.ok, c.repaired, c.invalid, c.inserted), (1, 3, 3, 4));
    let stored = list_contacts(&db, summary.list_id).await;
    let phones: Vec<&str> = stored.iter().map(|c| c.phone_e164.as_str()).collect();
    assert_eq!(
        phones,
        [
            "+5511987654321",
            "+5511912345678",
            "+5521998765432",
            "+553133334444"
        ]
    );
    assert_eq!(stored[3].line_kind, "landline");
    // The import row carries the same counts.
    let history = import::import_history(&db).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].counts, c);
    assert_eq!(history[0].status, ImportStatus::Completed);
    assert_eq!(history[0].file_name, "mistos.xlsx");
    assert!(history[0].finished_at.is_some());
}

/// Ana and Bia, then a second file with a new person, Ana's old 8-digit form, and the new
/// person again.
async fn existing_then_second_file(
    dir: &Path,
    policy: DuplicatePolicy,
) -> (Db, i64, Vec<RowReport>) {
    let first = csv(
        dir,
        "primeira.csv",
        "Nome;Telefone\nAna;11987654321\nBia;21998765432\n",
    );
    let second = csv(
        dir,
        "segunda.csv",
        "Nome;Telefone;Bairro\nCarla;31 97777-6666;Savassi\nAna Atualizada;(11) 8765-4321;Moema\nCarla de novo;31977776666;Lourdes\n",
    );
    let db = open_db(dir).await;
    let a = import::run_import(&db, &plan_for(&first, "Clientes"), go)
        .await
        .unwrap();
    // The list is found again whatever the case.
    let mut plan = plan_for(&second, "CLIENTES");
    plan.duplicate_policy = policy;
    let b = import::run_import(&db, &plan, go).await.unwrap();
    let b_rows = all_reports(&b);
    assert_eq!(b.list_id, a.list_id);
    assert!(!b.list_created);
    let ana_id = list_contacts(&db, a.list_id).await[0].id;
    assert_eq!(
        by_row(&b_rows, 3).verdict,
        RowVerdict::Duplicate {
            e164: "+551187654321".into(),
            of: DuplicateOf::Contact { id: ana_id }
        },
        "the 8-digit form is the same person"
    );
    assert_eq!(
        by_row(&b_rows, 4).verdict,
        RowVerdict::Duplicate {
            e164: "+5531977776666".into(),
            of: DuplicateOf::Row { row: 2 }
        }
    );
    assert_eq!(b.counts.duplicate, 2);
    (db, a.list_id, b_rows)
}

#[tokio::test]
async fn duplicates_are_skipped_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let (db, list, rows) = existing_then_second_file(dir.path(), DuplicatePolicy::Skip).await;
    let actions: Vec<RowAction> = rows.iter().map(|r| r.action).collect();
    assert_eq!(
        actions,
        [
            RowAction::Inserted,
            RowAction::NotWritten,
            RowAction::NotWritten
        ]
    );
    let stored = list_contacts(&db, list).await;
    assert_eq!(stored.len(), 3);
    assert_eq!(stored[0].name.as_deref(), Some("Ana"));
}

#[tokio::test]
async fn update_existing_overwrites_the_stored_contact_only() {
    let dir = tempfile::tempdir().unwrap();
    let (db, list, rows) =
        existing_then_second_file(dir.path(), DuplicatePolicy::UpdateExisting).await;
    let actions: Vec<RowAction> = rows.iter().map(|r| r.action).collect();
    assert_eq!(
        actions,
        [
            RowAction::Inserted,
            RowAction::Updated,
            RowAction::NotWritten
        ]
    );
    let stored = list_contacts(&db, list).await;
    assert_eq!(stored.len(), 3);
    let ana = &stored[0];
    assert_eq!(ana.name.as_deref(), Some("Ana Atualizada"));
    // The stored number stays; the file's form is remembered as the original.
    assert_eq!(ana.phone_e164, "+5511987654321");
    assert_eq!(ana.phone_original, "(11) 8765-4321");
    assert_eq!(ana.custom_fields, r#"{"bairro":"Moema"}"#);
}

#[tokio::test]
async fn keep_both_inserts_every_repeat() {
    let dir = tempfile::tempdir().unwrap();
    let (db, list, rows) = existing_then_second_file(dir.path(), DuplicatePolicy::KeepBoth).await;
    assert!(rows.iter().all(|r| r.action == RowAction::Inserted));
    let stored = list_contacts(&db, list).await;
    assert_eq!(stored.len(), 5);
    assert_eq!(
        stored
            .iter()
            .filter(|c| c.phone_e164 == "+5531977776666")
            .count(),
        2
    );
}

#[tokio::test]
async fn opted_out_numbers_are_never_imported_in_either_form() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_db(dir.path()).await;
    opt_outs::add(&db, "+5511987654321", Some("pediu para sair"))
        .await
        .unwrap();
    assert!(opt_outs::contains(&db, "+5511987654321").await.unwrap());
    assert!(!opt_outs::contains(&db, "+551187654321").await.unwrap());
    let path = csv(
        dir.path(),
        "lista.csv",
        "Nome,Celular\nAna,11987654321\nAna velha,11 8765-4321\nBia,21998765432\n",
    );
    let summary = import::run_import(&db, &plan_for(&path, "Lista"), go)
        .await
        .unwrap();
    assert_eq!(
        by_row(&summary.rows, 3).verdict,
        RowVerdict::OptedOut {
            e164: "+551187654321".into()
        }
    );
    assert_eq!(summary.counts.opted_out, 2);
    assert_eq!(summary.counts.inserted, 1);
    let listed = opt_outs::list(&db).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].reason.as_deref(), Some("pediu para sair"));
    assert!(opt_outs::remove(&db, "+5511987654321").await.unwrap());
    assert!(opt_outs::list(&db).await.unwrap().is_empty());
}

/// `rows` valid, distinct mobile numbers.
fn many_rows(rows: usize) -> String {
    let mut text = String::from("Nome;Celular\n");
    for i in 0..rows {
        text.push_str(&format!("Pessoa {i};1198{i:07}\n"));
    }
    text
}

/// A new database whose list "Grande" was imported from `many_rows(rows)`: its folder, the
/// database, the list and its contacts' ids by number.
async fn list_of_many(
    rows: usize,
) -> (
    tempfile::TempDir,
    Db,
    i64,
    std::collections::HashMap<String, i64>,
) {
    let dir = tempfile::tempdir().unwrap();
    let db = open_db(dir.path()).await;
    let first = csv(dir.path(), "primeira.csv", &many_rows(rows));
    let list = import::run_import(&db, &plan_for(&first, "Grande"), go)
        .await
        .unwrap()
        .list_id;
    let ids = whole_list(&db, list)
        .await
        .into_iter()
        .map(|(id, phone, ..)| (phone, id))
        .collect();
    (dir, db, list, ids)
}

/// A second file of 1,700 rows (four chunks of the pipeline) into a list of 1,200: rows
/// 0-799 bring stored people 600-1399 back (even ones in their old 8-digit form), so 600 are
/// in the list and 200 are new; rows 800-1099 repeat rows 0-299 of the same file. Each
/// chunk's numbers are looked up while the chunk before is written: every row must still
/// get the verdict it would get alone, under every policy.
#[tokio::test]
async fn a_large_second_import_finds_every_stored_and_repeated_number() {
    for policy in [
        DuplicatePolicy::Skip,
        DuplicatePolicy::UpdateExisting,
        DuplicatePolicy::KeepBoth,
    ] {
        let (dir, db, list, ids) = list_of_many(1200).await;
        assert_eq!(ids.len(), 1200);

        let person = |row: usize| {
            if row < 800 {
                600 + row
            } else {
                row - 800 + 600
            }
        };
        let mut text = String::from("Nome;Celular\n");
        for row in 0..1100 {
            let i = person(row);
            if i % 2 == 0 {
                text.push_str(&format!("Nova {row};118{i:07}\n"));
            } else {
                text.push_str(&format!("Nova {row};1198{i:07}\n"));
            }
        }
        // 600 more rows of new people, so the file spans four chunks.
        for row in 1100..1700 {
            text.push_str(&format!("Nova {row};2198{row:07}\n"));
        }
        let second = csv(dir.path(), "segunda.csv", &text);
        let mut plan = plan_for(&second, "Grande");
        plan.duplicate_policy = policy;
        let summary = import::run_import(&db, &plan, go).await.unwrap();
        let reports = all_reports(&summary);
        assert_eq!(reports.len(), 1700);
        for (row, report) in reports.iter().enumerate() {
            let line = row + 2;
            assert_eq!(report.row, line);
            // The 8-digit form stays the number (its 9th-digit form is the alternative).
            let e164 = if row < 1100 && person(row) % 2 == 0 {
                format!("+55118{:07}", person(row))
            } else if row < 1100 {
                format!("+551198{:07}", person(row))
            } else {
                format!("+552198{row:07}")
            };
            let expected = if (800..1100).contains(&row) {
                RowVerdict::Duplicate {
                    e164: e164.clone(),
                    of: DuplicateOf::Row { row: row - 800 + 2 },
                }
            } else if row < 600 {
                RowVerdict::Duplicate {
                    e164: e164.clone(),
                    of: DuplicateOf::Contact {
                        id: ids[&format!("+551198{:07}", person(row))],
                    },
                }
            } else {
                match &report.verdict {
                    RowVerdict::Repaired { .. } => report.verdict.clone(),
                    other => panic!("{policy:?} row {line}: expected a new number, got {other:?}"),
                }
            };
            assert_eq!(report.verdict, expected, "{policy:?} row {line}");
        }
        let c = summary.counts;
        assert_eq!(c.duplicate, 900, "{policy:?}");
        let stored = whole_list(&db, list).await;
        match policy {
            DuplicatePolicy::Skip => {
                assert_eq!((c.inserted, c.updated), (800, 0));
                assert_eq!(stored.len(), 2000);
            }
            DuplicatePolicy::UpdateExisting => {
                assert_eq!((c.inserted, c.updated), (800, 600));
                assert_eq!(stored.len(), 2000);
                let updated = stored
                    .iter()
                    .filter(|(_, _, name, _)| {
                        name.as_deref().is_some_and(|n| n.starts_with("Nova"))
                    })
                    .count();
                assert_eq!(updated, 1400, "600 updated and 800 inserted");
                let (_, _, name, original) = stored
                    .iter()
                    .find(|(_, phone, ..)| phone == "+5511980000600")
                    .unwrap();
                assert_eq!(name.as_deref(), Some("Nova 0"));
                assert_eq!(original, "1180000600");
            }
            DuplicatePolicy::KeepBoth => {
                assert_eq!((c.inserted, c.updated), (1700, 0));
                assert_eq!(stored.len(), 2900);
            }
        }
        assert_phone_keys_match(&db).await;
    }
}

/// A second file of 25,000 rows, several of the import's lookup windows, into a list of
/// 12,000: rows 0-9,999 bring people 6,000-15,999 (even ones in their 8-digit form), so
/// 6,000 are in the list; rows 10,000-19,999 are new; rows 20,000-24,999 repeat rows
/// 5,000-9,999, which were judged windows earlier. Every row gets the verdict it would
/// get alone, wherever the windows fall.
#[tokio::test]
async fn numbers_are_found_across_lookup_windows() {
    const STORED: usize = 12_000;
    const ROWS: usize = 25_000;
    let person = |row: usize| {
        if row >= 20_000 {
            row - 15_000 + 6_000
        } else {
            row + 6_000
        }
    };
    let mut text = String::from("Nome;Celular\n");
    for row in 0..ROWS {
        match row {
            10_000..20_000 => text.push_str(&format!("Nova {row};2198{row:07}\n")),
            _ if person(row) % 2 == 0 => {
                text.push_str(&format!("Nova {row};118{:07}\n", person(row)))
            }
            _ => text.push_str(&format!("Nova {row};1198{:07}\n", person(row))),
        }
    }
    for policy in [
        DuplicatePolicy::Skip,
        DuplicatePolicy::UpdateExisting,
        DuplicatePolicy::KeepBoth,
    ] {
        let (dir, db, list, ids) = list_of_many(STORED).await;
        let second = csv(dir.path(), "segunda.csv", &text);
        let mut plan = plan_for(&second, "Grande");
        plan.duplicate_policy = policy;
        let summary = import::run_import(&db, &plan, go).await.unwrap();
        let reports = all_reports(&summary);
        assert_eq!(reports.len(), ROWS);
        for (row, report) in reports.iter().enumerate() {
            let line = row + 2;
            let verdict = &report.verdict;
            if row >= 20_000 {
                let first_line = row - 15_000 + 2;
                assert!(
                    matches!(verdict, RowVerdict::Duplicate { of: DuplicateOf::Row { row }, .. } if *row == first_line),
                    "{policy:?} row {line}: {verdict:?}"
                );
            } else if row < 6_000 {
                let id = ids[&format!("+551198{:07}", person(row))];
                assert!(
                    matches!(verdict, RowVerdict::Duplicate { of: DuplicateOf::Contact { id: found }, .. } if *found == id),
                    "{policy:?} row {line}: {verdict:?}"
                );
            } else {
                assert!(
                    matches!(verdict, RowVerdict::Repaired { .. }),
                    "{policy:?} row {line}: {verdict:?}"
                );
            }
        }
        let c = summary.counts;
        assert_eq!(c.duplicate, 11_000, "{policy:?}");
        let expected = match policy {
            DuplicatePolicy::Skip => (14_000, 0, STORED + 14_000),
            DuplicatePolicy::UpdateExisting => (14_000, 6_000, STORED + 14_000),
            DuplicatePolicy::KeepBoth => (25_000, 0, STORED + 25_000),
        };
        let stored = whole_list(&db, list).await.len();
        assert_eq!((c.inserted, c.updated, stored), expected, "{policy:?}");
        assert_phone_keys_match(&db).await;
    }
}

#[tokio::test]
async fn cancelling_midway_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = csv(dir.path(), "grande.csv", &many_rows(1200));
    let db = open_db(dir.path()).await;
    let mut seen = Vec::new();
    let err = import::run_import(&db, &plan_for(&path, "Grande"), |p| {
        seen.push(p);
        Control::Cancel
    })
    .await
    .unwrap_err();
    assert!(matches!(err, ImportError::Cancelled), "{err:?}");
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].rows_read, 500,
        "cancelled after the first batch was written"
    );
    assert!(seen[0].bytes_read.unwrap() > 0);
    assert!(seen[0].bytes_total.unwrap() >= seen[0].bytes_read.unwrap());
    assert_eq!(totals(&db).await, (0, 0, 0));

    // The same file goes through when not cancelled, with progress along the way.
    let mut calls = 0;
    let summary = import::run_import(&db, &plan_for(&path, "Grande"), |_| {
        calls += 1;
        Control::Continue
    })
    .await
    .unwrap();
    assert_eq!(summary.counts.inserted, 1200);
    assert!(calls >= 1);
    assert_eq!(totals(&db).await, (1200, 1, 1));
}

#[tokio::test]
async fn a_broken_row_midway_rolls_back_the_whole_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_db(dir.path()).await;
    let first = csv(dir.path(), "ok.csv", "Nome;Celular\nAna;11987654321\n");
    import::run_import(&db, &plan_for(&first, "Clientes"), go)
        .await
        .unwrap();
    // 700 good rows (one batch already written), then a cell no contact field can be.
    let mut text = many_rows(700);
    text.push_str(&format!("Quebrado;{}\n", "9".repeat(20_000)));
    let broken = csv(dir.path(), "quebrado.csv", &text);
    let err = import::run_import(&db, &plan_for(&broken, "Clientes"), go)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ImportError::Read(ReadError::CellTooLarge { row: 702, .. })
        ),
        "{err:?}"
    );
    assert_eq!(
        totals(&db).await,
        (1, 1, 1),
        "only the first import remains"
    );
}

#[tokio::test]
async fn undo_removes_what_the_import_inserted_and_keeps_updates() {
    let dir = tempfile::tempdir().unwrap();
    let (db, list, _) =
        existing_then_second_file(dir.path(), DuplicatePolicy::UpdateExisting).await;
    let history = import::import_history(&db).await.unwrap();
    let (second, first) = (history[0].id, history[1].id);
    let undone = import::undo_import(&db, second).await.unwrap();
    assert_eq!(
        undone.deleted, 1,
        "only Carla was inserted by the second import"
    );
    let stored = list_contacts(&db, list).await;
    let names: Vec<&str> = stored.iter().filter_map(|c| c.name.as_deref()).collect();
    assert_eq!(names, ["Ana Atualizada", "Bia"]);
    let history = import::import_history(&db).await.unwrap();
    assert_eq!(history[0].status, ImportStatus::Undone);
    assert!(history[0].undone_at.is_some());
    assert_eq!(history[1].status, ImportStatus::Completed);
    assert!(matches!(
        import::undo_import(&db, second).await,
        Err(ImportError::AlreadyUndone(id)) if id == second
    ));
    assert!(matches!(
        import::undo_import(&db, 999).await,
        Err(ImportError::ImportNotFound(999))
    ));
    assert_eq!(import::undo_import(&db, first).await.unwrap().deleted, 2);
    assert!(list_contacts(&db, list).await.is_empty());
}

#[tokio::test]
async fn unreadable_files_give_typed_errors_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_db(dir.path()).await;
    let good = csv(dir.path(), "modelo.csv", "Nome;Telefone\nAna;11987654321\n");
    let mapping = plan_for(&good, "x").mapping;
    let cases: [(&str, &[u8]); 3] = [
        ("vazio.csv", b""),
        ("so_cabecalho.csv", b"Nome;Telefone\n"),
        (
            "quebrado.xlsx",
            b"PK\x03\x04 this is not really a zip archive at all",
        ),
    ];
    let mut errors = Vec::new();
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let plan = ImportPlan::new(&path, mapping.clone(), "Clientes");
        errors.push(import::run_import(&db, &plan, go).await.unwrap_err());
        assert!(import::dry_run(&db, &plan, Some(10)).await.is_err());
    }
    assert!(
        matches!(errors[0], ImportError::Read(ReadError::Empty)),
        "{errors:?}"
    );
    assert!(
        matches!(errors[1], ImportError::Read(ReadError::NoRows)),
        "{errors:?}"
    );
    assert!(
        matches!(errors[2], ImportError::Read(ReadError::Corrupt(_))),
        "{errors:?}"
    );
    // A mapping without a phone column and a blank list name are refused up front.
    let mut no_phone = mapping.clone();
    no_phone.set(1, Field::Ignore).unwrap();
    let plan = ImportPlan::new(&good, no_phone, "Clientes");
    assert!(matches!(
        import::run_import(&db, &plan, go).await,
        Err(ImportError::NoPhoneColumn)
    ));
    let plan = ImportPlan::new(&good, mapping, "  ");
    assert!(matches!(
        import::run_import(&db, &plan, go).await,
        Err(ImportError::EmptyListName)
    ));
    assert_eq!(totals(&db).await, (0, 0, 0));
}

#[tokio::test]
async fn dry_run_judges_without_writing_and_fixes_and_skips_apply() {
    let dir = tempfile::tempdir().unwrap();
    let path = mixed_sheet(dir.path());
    let db = open_db(dir.path()).await;
    let mut plan = plan_for(&path, "Mistos");
    plan.cell_fixes.insert((7, 1), "11 98765-4321".into());
    plan.skip_rows.insert(3);
    let preview = import::dry_run(&db, &plan, Some(3)).await.unwrap();
    assert!(!preview.list_exists);
    assert_eq!(preview.rows.len(), 3);
    assert_eq!(by_row(&preview.rows, 3).verdict, RowVerdict::Skipped);
    let full = import::dry_run(&db, &plan, None).await.unwrap();
    // Row 7 now holds Ana's number, fixed by hand: a duplicate of row 2.
    assert_eq!(
        by_row(&full.rows, 7).verdict,
        RowVerdict::Duplicate {
            e164: "+5511987654321".into(),
            of: DuplicateOf::Row { row: 2 }
        }
    );
    assert_eq!(by_row(&full.rows, 7).original, "11 98765-4321");
    assert_eq!(full.counts.skipped, 1);
    assert_eq!(full.counts.inserted, 3);
    assert_eq!(totals(&db).await, (0, 0, 0));
    // The real import does what the dry run said, and its log gives back the same reports.
    let summary = import::run_import(&db, &plan, go).await.unwrap();
    assert_eq!(summary.counts, full.counts);
    assert_eq!(all_reports(&summary), full.rows);
}

#[tokio::test]
async fn corrected_xlsx_and_report_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = mixed_sheet(dir.path());
    let db = open_db(dir.path()).await;
    let plan = plan_for(&path, "Mistos");
    let summary = import::run_import(&db, &plan, go).await.unwrap();

    let corrected = dir.path().join("corrigida.xlsx");
    report::write_corrected_xlsx(&plan, &summary.log, &corrected).unwrap();
    let reader = read::open(&corrected, &ReadOptions::default()).unwrap();
    assert_eq!(
        reader.headers(),
        ["Nome", "Telefone", "Cidade", "verdict", "detail"]
    );
    let rows: Vec<Vec<Cell>> = reader.map(|r| r.unwrap().cells).collect();
    let t = |s: &str| Cell::Text(s.to_owned());
    assert_eq!(rows.len(), 7);
    assert_eq!(
        rows[0][1],
        t("+5511987654321"),
        "the numeric cell is now text"
    );
    assert_eq!(rows[0][3], t("repaired"));
    assert_eq!(rows[1][1], t("+5511912345678"));
    assert_eq!(rows[1][3], t("ok"));
    assert_eq!(
        rows[4][1],
        t("5.51199E+12"),
        "invalid numbers stay as they were"
    );
    assert_eq!(rows[4][3], t("invalid"));
    let Cell::Text(detail) = &rows[4][4] else {
        panic!("{:?}", rows[4])
    };
    assert!(detail.contains("scientific notation"), "{detail}");

    let csv_path = dir.path().join("relatorio.csv");
    report::write_report_csv(&summary.log, &plan.mapping, &csv_path).unwrap();
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "row,column,original,verdict,detail,action");
    assert_eq!(lines.len(), 8);
    assert_eq!(
        lines[1],
        "2,Telefone,11987654321,repaired,\"read from a numeric cell (leading zeros and \"\"+\"\" may have been lost); added the country code\",inserted"
    );
    assert_eq!(
        lines[6],
        "7,Telefone,98765-4321,invalid,the area code (DDD) is missing,not written"
    );
}

#[tokio::test]
async fn contacts_page_search_tags_count_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let path = csv(
        dir.path(),
        "c.csv",
        "Nome;Celular\nAna Souza;11987654321\nBia Lima;21998765432\nCaio Souza;31977776666\n",
    );
    let db = open_db(dir.path()).await;
    let summary = import::run_import(&db, &plan_for(&path, "C"), go)
        .await
        .unwrap();
    let all = list_contacts(&db, summary.list_id).await;
    let filter = |search: Option<&str>, tag: Option<&str>| ContactFilter {
        list_id: Some(summary.list_id),
        tag: tag.map(Into::into),
        search: search.map(Into::into),
        ..ContactFilter::default()
    };
    assert_eq!(
        contacts::count(&db, &filter(Some("souza"), None))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        contacts::count(&db, &filter(Some("(21) 99876"), None))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        contacts::count(&db, &filter(Some("50%"), None))
            .await
            .unwrap(),
        0
    );
    assert!(contact_tags::add(&db, all[2].id, "vip").await.unwrap());
    assert!(!contact_tags::add(&db, all[2].id, "vip").await.unwrap());
    contact_tags::add(&db, all[0].id, "vip").await.unwrap();
    assert_eq!(contact_tags::all(&db).await.unwrap(), ["vip"]);
    assert_eq!(
        contacts::count(&db, &filter(None, Some("vip")))
            .await
            .unwrap(),
        2
    );
    // Paging one row at a time over the tagged Souzas.
    let mut names = Vec::new();
    for offset in 0.. {
        let page = contacts::page_at(&db, &filter(Some("Souza"), Some("vip")), offset, 1)
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        names.extend(page.iter().filter_map(|c| c.name.clone()));
    }
    assert_eq!(names, ["Ana Souza", "Caio Souza"]);
    assert!(contact_tags::remove(&db, all[0].id, "vip").await.unwrap());
    assert_eq!(
        contact_tags::for_contact(&db, all[2].id).await.unwrap(),
        ["vip"]
    );
    assert_eq!(contacts::delete_many(&db, &[all[2].id]).await.unwrap(), 1);
    assert!(contacts::get(&db, all[2].id).await.unwrap().is_none());
    assert_eq!(
        contacts::count(&db, &filter(None, Some("vip")))
            .await
            .unwrap(),
        0
    );
    // Deleting the list takes its contacts along.
    let lists = contact_lists::list(&db).await.unwrap();
    assert_eq!(lists.len(), 1);
    assert!(contact_lists::delete(&db, lists[0].id).await.unwrap());
    assert_eq!(totals(&db).await.0, 0);
    let history = import::import_history(&db).await.unwrap();
    assert_eq!(history[0].list_id, None);
}

fn tip(data_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tip"));
    cmd.env("WHATS_TIP_DATA_DIR", data_dir);
    cmd
}

#[tokio::test]
async fn tip_import_dry_run_then_for_real() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let path = csv(
        dir.path(),
        "clientes.csv",
        "Cliente;Celular;Fixo\nAna;11987654321;1133334444\nBia;123;2133334444\n",
    );
    let file = path.to_str().unwrap();
    let out = tip(&data)
        .args(["import", file, "--dry-run", "--list", "Clientes"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("dry run: nothing was written"), "{stdout}");
    assert!(
        stdout.contains("ok 0, repaired 1,") && stdout.contains("invalid 1"),
        "{stdout}"
    );
    assert!(stdout.contains("row      3  invalid"), "{stdout}");
    let db = Db::open(&data.join("whats-tip.sqlite3")).await.unwrap();
    assert_eq!(totals(&db).await, (0, 0, 0));
    db.close().await;

    // The user points the phone at the landline column instead, and drops the mobiles.
    let report_path = dir.path().join("relatorio.csv");
    let out = tip(&data)
        .args([
            "import",
            file,
            "--list",
            "Clientes",
            "--map",
            "Fixo=phone",
            "--map",
            "B=ignore",
            "--report",
            report_path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("inserted 2, updated 0"), "{stdout}");
    let report_text = std::fs::read_to_string(&report_path).unwrap();
    assert!(
        report_text.contains("2,Fixo,1133334444,repaired"),
        "{report_text}"
    );
    let db = Db::open(&data.join("whats-tip.sqlite3")).await.unwrap();
    assert_eq!(totals(&db).await, (2, 1, 1));
    let phones: Vec<(String, String)> =
        sqlx::query_as("SELECT phone_e164, custom_fields FROM contacts ORDER BY id")
            .fetch_all(db.pool())
            .await
            .unwrap();
    assert_eq!(phones[0].0, "+551133334444");
    assert_eq!(phones[0].1, "{}", "the ignored column is not stored");
    db.close().await;

    // A file that is not there fails with a message and a non-zero exit.
    let out = tip(&data)
        .args(["import", dir.path().join("nope.csv").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}

/// (verdict, changes) of each stored contact, by id.
async fn stored_verdicts(db: &Db, list_id: i64) -> Vec<(String, String, Option<String>)> {
    list_contacts(db, list_id)
        .await
        .into_iter()
        .map(|c| (c.phone_e164, c.phone_verdict, c.phone_changes))
        .collect()
}

#[tokio::test]
async fn each_contact_keeps_its_phone_verdict_and_the_ui_can_filter_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_db(dir.path()).await;
    let summary = import::run_import(&db, &plan_for(&mixed_sheet(dir.path()), "Mistos"), go)
        .await
        .unwrap();
    let list = summary.list_id;
    // Bia again, under "keep both".
    let again = csv(
        dir.path(),
        "de_novo.csv",
        "Nome;Celular\nBia 2;+55 11 91234-5678\n",
    );
    let mut plan = plan_for(&again, "Mistos");
    plan.duplicate_policy = DuplicatePolicy::KeepBoth;
    import::run_import(&db, &plan, go).await.unwrap();

    let from_numeric = r#"[{"kind":"fromNumericCell"},{"kind":"addedCountryCode"}]"#;
    let punctuation = r#"[{"kind":"strippedPunctuation"},{"kind":"addedCountryCode"}]"#;
    let s = |text: &str| text.to_owned();
    assert_eq!(
        stored_verdicts(&db, list).await,
        [
            (s("+5511987654321"), s("repaired"), Some(s(from_numeric))),
            (s("+5511912345678"), s("ok"), None),
            (s("+5521998765432"), s("repaired"), Some(s(punctuation))),
            (s("+553133334444"), s("repaired"), Some(s(punctuation))),
            (
                s("+5511912345678"),
                s("duplicate"),
                Some(s(r#"[{"kind":"strippedPunctuation"}]"#))
            ),
        ]
    );
    // The JSON is the serialised `Change` list, for the UI to translate.
    let changes: Vec<Change> = serde_json::from_str::<Vec<serde_json::Value>>(from_numeric)
        .unwrap()
        .iter()
        .map(|v| match v["kind"].as_str().unwrap() {
            "fromNumericCell" => Change::FromNumericCell,
            "addedCountryCode" => Change::AddedCountryCode,
            other => panic!("{other}"),
        })
        .collect();
    assert_eq!(
        serde_json::to_string(&changes).unwrap(),
        from_numeric,
        "stored exactly as serde writes Change"
    );

    let filter = |verdict, line_kind| ContactFilter {
        list_id: Some(list),
        verdict,
        line_kind,
        ..ContactFilter::default()
    };
    let count = |f: ContactFilter| {
        let db = db.clone();
        async move { contacts::count(&db, &f).await.unwrap() }
    };
    assert_eq!(count(filter(Some(PhoneVerdict::Repaired), None)).await, 3);
    assert_eq!(count(filter(Some(PhoneVerdict::Ok), None)).await, 1);
    assert_eq!(count(filter(Some(PhoneVerdict::Duplicate), None)).await, 1);
    assert_eq!(
        count(filter(None, Some(ContactLineKind::Landline))).await,
        1
    );
    assert_eq!(
        count(filter(
            Some(PhoneVerdict::Repaired),
            Some(ContactLineKind::Mobile)
        ))
        .await,
        2
    );
    let landlines = contacts::page_at(&db, &filter(None, Some(ContactLineKind::Landline)), 0, 10)
        .await
        .unwrap();
    assert_eq!(landlines.len(), 1);
    assert_eq!(landlines[0].name.as_deref(), Some("Gil"));
    let repaired = contacts::page_at(&db, &filter(Some(PhoneVerdict::Repaired), None), 1, 10)
        .await
        .unwrap();
    let names: Vec<&str> = repaired.iter().filter_map(|c| c.name.as_deref()).collect();
    assert_eq!(names, ["Caio", "Gil"], "offset 1 of the three repaired");
    // The filters also work without a list, and search still narrows them.
    let everywhere = ContactFilter {
        verdict: Some(PhoneVerdict::Duplicate),
        search: Some("bia".into()),
        ..ContactFilter::default()
    };
    assert_eq!(contacts::count(&db, &everywhere).await.unwrap(), 1);
}

#[tokio::test]
async fn editing_contacts_custom_keys_and_lists() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_db(dir.path()).await;
    let clientes = csv(
        dir.path(),
        "clientes.csv",
        "Nome;Celular;Bairro;Pedido\nAna;11987654321;Centro;12\nBia;21998765432;;7\n",
    );
    let outros = csv(
        dir.path(),
        "outros.csv",
        "Nome;Celular;Loja\nCaio;31977776666;Savassi\n",
    );
    let a = import::run_import(&db, &plan_for(&clientes, "Clientes"), go)
        .await
        .unwrap();
    let b = import::run_import(&db, &plan_for(&outros, "Outros"), go)
        .await
        .unwrap();
    assert_eq!(
        contacts::custom_field_keys(&db, a.list_id).await.unwrap(),
        ["bairro", "pedido"]
    );
    assert_eq!(
        contacts::custom_field_keys(&db, b.list_id).await.unwrap(),
        ["loja"]
    );
    assert!(contacts::custom_field_keys(&db, 999)
        .await
        .unwrap()
        .is_empty());

    // Edit Ana: same number, so the import's verdict stays.
    let ana = list_contacts(&db, a.list_id).await.remove(0);
    assert_eq!(ana.phone_verdict, "repaired");
    let mut edit = ContactEdit {
        name: Some("Ana Souza".into()),
        phone_e164: ana.phone_e164.clone(),
        phone_original: ana.phone_original.clone(),
        phone_alternative: ana.phone_alternative.clone(),
        line_kind: ContactLineKind::Mobile,
        email: Some("ana@example.com".into()),
        company: Some("Padaria".into()),
        city: None,
        custom_fields: r#"{"bairro":"Moema","vip":"sim"}"#.into(),
    };
    assert!(contacts::update(&db, ana.id, &edit).await.unwrap());
    let saved = contacts::get(&db, ana.id).await.unwrap().unwrap();
    assert_eq!(saved.name.as_deref(), Some("Ana Souza"));
    assert_eq!(saved.email.as_deref(), Some("ana@example.com"));
    assert_eq!(saved.company.as_deref(), Some("Padaria"));
    assert_eq!(saved.city, None);
    assert_eq!(saved.custom_fields, r#"{"bairro":"Moema","vip":"sim"}"#);
    assert_eq!(saved.phone_verdict, "repaired");
    assert!(saved.phone_changes.is_some());
    assert!(saved.updated_at >= ana.updated_at);
    assert_eq!(
        contacts::custom_field_keys(&db, a.list_id).await.unwrap(),
        ["bairro", "pedido", "vip"],
        "the keys of every contact of the list (Bia's has `pedido`)"
    );
    // A new number: the import's verdict described the old one.
    edit.phone_e164 = "+5511912345678".into();
    edit.phone_original = "11 91234-5678".into();
    edit.phone_alternative = None;
    assert!(contacts::update(&db, ana.id, &edit).await.unwrap());
    let saved = contacts::get(&db, ana.id).await.unwrap().unwrap();
    assert_eq!(saved.phone_e164, "+5511912345678");
    assert_eq!(saved.phone_alternative, None);
    assert_phone_keys_match(&db).await;
    assert_eq!(
        (saved.phone_verdict.as_str(), saved.phone_changes),
        ("ok", None)
    );
    // Custom fields must stay a JSON object; a missing contact is not an error.
    edit.custom_fields = "[1, 2]".into();
    assert!(contacts::update(&db, ana.id, &edit).await.is_err());
    edit.custom_fields = "{}".into();
    assert!(!contacts::update(&db, 999_999, &edit).await.unwrap());

    // Lists: rename (case of its own name too), refusals, and the counts.
    use contact_lists::Renamed;
    assert_eq!(
        contact_lists::rename(&db, a.list_id, " Clientes VIP ")
            .await
            .unwrap(),
        Renamed::Done
    );
    assert_eq!(
        contact_lists::rename(&db, a.list_id, "CLIENTES vip")
            .await
            .unwrap(),
        Renamed::Done
    );
    assert_eq!(
        contact_lists::rename(&db, a.list_id, "OUTROS")
            .await
            .unwrap(),
        Renamed::NameInUse
    );
    assert_eq!(
        contact_lists::rename(&db, a.list_id, "   ").await.unwrap(),
        Renamed::EmptyName
    );
    assert_eq!(
        contact_lists::rename(&db, 999, "Nova").await.unwrap(),
        Renamed::NotFound
    );
    let mut conn = db.pool().acquire().await.unwrap();
    let empty = contact_lists::create(&mut conn, "Vazia").await.unwrap();
    drop(conn);
    let summaries = contact_lists::summaries(&db).await.unwrap();
    let rows: Vec<(i64, &str, i64)> = summaries
        .iter()
        .map(|l| (l.id, l.name.as_str(), l.contact_count))
        .collect();
    assert_eq!(
        rows,
        [
            (a.list_id, "CLIENTES vip", 2),
            (b.list_id, "Outros", 1),
            (empty, "Vazia", 0)
        ]
    );
    assert!(summaries.iter().all(|l| !l.created_at.is_empty()));
    // The import history still finds the renamed list by id.
    let found =
        contact_lists::find_by_name(&mut db.pool().acquire().await.unwrap(), "clientes VIP")
            .await
            .unwrap()
            .unwrap();
    assert_eq!(found.id, a.list_id);
}

/// The contacts table's indexes as the schema defines them.
async fn contact_indexes(db: &Db) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT name, sql FROM sqlite_master
         WHERE type = 'index' AND tbl_name = 'contacts' ORDER BY name",
    )
    .fetch_all(db.pool())
    .await
    .unwrap()
}

async fn schema_version(db: &Db) -> i64 {
    let (v,): (i64,) = sqlx::query_as("PRAGMA schema_version")
        .fetch_one(db.pool())
        .await
        .unwrap();
    v
}

#[tokio::test]
async fn a_bulk_import_rebuilds_the_indexes_and_a_failed_one_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_db(dir.path()).await;
    let schema = contact_indexes(&db).await;
    let names: Vec<&str> = schema.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["contacts_list_key"]);
    let version = schema_version(&db).await;
    let rows = 12_000;
    let path = csv(dir.path(), "grande.csv", &many_rows(rows));

    // Cancelled at the last progress, after every row was written without the indexes.
    let err = import::run_import(&db, &plan_for(&path, "Grande"), |p| {
        if p.rows_read == rows as u64 {
            Control::Cancel
        } else {
            Control::Continue
        }
    })
    .await
    .unwrap_err();
    assert!(matches!(err, ImportError::Cancelled), "{err:?}");
    assert_eq!(totals(&db).await, (0, 0, 0));
    assert_eq!(contact_indexes(&db).await, schema);
    assert_eq!(
        schema_version(&db).await,
        version,
        "the drop was rolled back"
    );

    // Failed on a broken last row.
    let mut text = many_rows(rows);
    text.push_str(&format!("Quebrado;{}\n", "9".repeat(20_000)));
    let broken = csv(dir.path(), "quebrado.csv", &text);
    let err = import::run_import(&db, &plan_for(&broken, "Grande"), go)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ImportError::Read(ReadError::CellTooLarge { .. })),
        "{err:?}"
    );
    assert_eq!(totals(&db).await, (0, 0, 0));
    assert_eq!(contact_indexes(&db).await, schema);
    assert_eq!(schema_version(&db).await, version);

    // Committed: the indexes were dropped and built again, exactly as they were.
    let summary = import::run_import(&db, &plan_for(&path, "Grande"), go)
        .await
        .unwrap();
    assert_eq!(summary.counts.inserted, rows as u32);
    assert_eq!(contact_indexes(&db).await, schema);
    assert_phone_keys_match(&db).await;
    assert!(
        schema_version(&db).await > version,
        "a 12 000-row import into an empty table takes the bulk path"
    );
    let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(check, "ok");
    // The rows were inserted with CHECK constraints off: they must satisfy them anyway,
    // and every pooled connection must still enforce them.
    let (unchecked,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM contacts
         WHERE NOT (json_valid(custom_fields) AND json_type(custom_fields) = 'object')
            OR line_kind NOT IN ('mobile', 'landline', 'unknown')
            OR phone_verdict NOT IN ('ok', 'repaired', 'duplicate')",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(unchecked, 0);
    let orphans: Vec<(String, i64, String, i64)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert!(orphans.is_empty(), "{orphans:?}");
    // Inserted with foreign-key checks off too: both stay on for everyone else.
    for _ in 0..4 {
        for (broken, lost) in [
            (
                "UPDATE contacts SET custom_fields = '[1]' WHERE id = 1",
                "CHECK constraints",
            ),
            (
                "UPDATE contacts SET list_id = 999999 WHERE id = 1",
                "foreign-key checks",
            ),
        ] {
            let refused = sqlx::query(broken).execute(db.pool()).await;
            assert!(refused.is_err(), "a pooled connection lost its {lost}");
        }
    }
    let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(
        "EXPLAIN QUERY PLAN
         SELECT id FROM contacts WHERE list_id = 1 AND phone_key = 1102360000003",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    assert!(
        plan.iter()
            .any(|(.., detail)| detail.contains("contacts_list_key")),
        "{plan:?}"
    );

    // A small import into a large table leaves the indexes alone.
    let version = schema_version(&db).await;
    let small = csv(dir.path(), "pequena.csv", &many_rows(600));
    import::run_import(&db, &plan_for(&small, "Pequena"), go)
        .await
        .unwrap();
    assert_eq!(schema_version(&db).await, version);
    // As does "update existing" into a list that has contacts: updates need the index.
    let mut plan = plan_for(&path, "Grande");
    plan.duplicate_policy = DuplicatePolicy::UpdateExisting;
    let again = import::run_import(&db, &plan, go).await.unwrap();
    assert_eq!(again.counts.updated, rows as u32);
    assert_eq!(schema_version(&db).await, version);
}

#[tokio::test]
async fn the_summary_lists_the_first_problems_and_the_report_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = open_db(dir.path()).await;
    // Every number lacks its country code: 2 500 repaired rows.
    let rows = import::SUMMARY_ROWS + 500;
    let path = csv(dir.path(), "muitos.csv", &many_rows(rows));
    let plan = plan_for(&path, "Muitos");
    let summary = import::run_import(&db, &plan, go).await.unwrap();
    assert_eq!(summary.counts.problems(), rows as u32);
    assert_eq!(summary.rows.len(), import::SUMMARY_ROWS);
    assert_eq!(summary.rows[0].row, 2);
    assert_eq!(summary.log.len(), rows);
    all_reports(&summary);
    let report_path = dir.path().join("relatorio.csv");
    report::write_report_csv(&summary.log, &plan.mapping, &report_path).unwrap();
    let text = std::fs::read_to_string(&report_path).unwrap();
    assert_eq!(text.lines().count(), rows + 1);
    assert!(text
        .lines()
        .last()
        .unwrap()
        .starts_with(&format!("{},Celular,", rows + 1)));

    // The same report from a dry run's full list is byte for byte the same.
    let full = import::dry_run(&db, &plan_for(&path, "Outra"), None)
        .await
        .unwrap();
    let from_reports = dir.path().join("relatorio-2.csv");
    report::write_report_csv(&full.rows, &plan.mapping, &from_reports).unwrap();
    assert_eq!(std::fs::read_to_string(&from_reports).unwrap(), text);

    // Once the file changes, its report can no longer be rebuilt from the log.
    std::fs::write(&path, many_rows(rows + 1)).unwrap();
    let err = report::write_report_csv(&summary.log, &plan.mapping, &report_path).unwrap_err();
    assert!(
        err.to_string().contains("changed since it was imported"),
        "{err}"
    );
}

#[tokio::test]
async fn spreadsheet_progress_estimates_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = vec![vec![S("Relatório"), S("")], vec![S("Nome"), S("Celular")]];
    for _ in 0..1_200 {
        rows.push(vec![S("Pessoa"), N(11987654321.0)]);
    }
    let path = xlsx(dir.path(), "progresso.xlsx", &rows);
    let db = open_db(dir.path()).await;
    let mut seen = Vec::new();
    import::run_import(&db, &plan_for(&path, "Progresso"), |p| {
        seen.push(p);
        Control::Continue
    })
    .await
    .unwrap();
    assert_eq!(seen[0].rows_read, 500);
    assert_eq!(seen[0].rows_total, Some(1_200));
    assert_eq!((seen[0].bytes_read, seen[0].bytes_total), (None, None));
    let last = seen.last().unwrap();
    assert_eq!((last.rows_read, last.rows_total), (1_200, Some(1_200)));
}
