//! What the Contacts screen reads: pages at any offset (the virtualised table jumps when the
//! scrollbar is dragged) and lists with their sizes, on a real SQLite file.

use crate::support::import_csv;
use whats_tip::import::phone::PhoneRules;
use whats_tip::import::read::{self, ReadOptions};
use whats_tip::import::{self, mapping, ImportPlan};
use whats_tip::storage::contacts::{self, ContactFilter};
use whats_tip::storage::{contact_lists, Db};

#[tokio::test]
async fn pages_at_any_offset_cover_the_list_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("app.sqlite3")).await.unwrap();
    let mut big = String::from("Nome;Celular\n");
    for i in 0..250 {
        big.push_str(&format!("Pessoa {i:03};11 9{:04}-{:04}\n", 1000 + i, i));
    }
    let big_id = import_csv(&db, dir.path(), "big.csv", &big, "Grande").await;
    let small_id = import_csv(
        &db,
        dir.path(),
        "small.csv",
        "Nome;Celular\nZé;21 99876-5432\n",
        "Pequena",
    )
    .await;

    let in_big = ContactFilter {
        list_id: Some(big_id),
        ..ContactFilter::default()
    };
    let mut names = Vec::new();
    for offset in (0..300).step_by(100) {
        let page = contacts::page_at(&db, &in_big, offset, 100).await.unwrap();
        names.extend(page.into_iter().map(|c| c.name.unwrap()));
    }
    let expected: Vec<String> = (0..250).map(|i| format!("Pessoa {i:03}")).collect();
    assert_eq!(
        names, expected,
        "three pages, no gap, no repeat, file order"
    );

    // A jump straight to the end, as when the scrollbar is dragged down.
    let tail = contacts::page_at(&db, &in_big, 245, 100).await.unwrap();
    assert_eq!(tail.len(), 5);
    assert_eq!(tail[0].name.as_deref(), Some("Pessoa 245"));
    assert!(contacts::page_at(&db, &in_big, 250, 100)
        .await
        .unwrap()
        .is_empty());

    // Search by digits, across lists.
    let by_number = ContactFilter {
        search: Some("(11) 91010".into()),
        ..ContactFilter::default()
    };
    let found = contacts::page_at(&db, &by_number, 0, 100).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name.as_deref(), Some("Pessoa 010"));
    assert_eq!(contacts::count(&db, &by_number).await.unwrap(), 1);

    // Lists with their sizes, an empty one included.
    let mut conn = db.pool().acquire().await.unwrap();
    contact_lists::create(&mut conn, "Vazia").await.unwrap();
    drop(conn);
    let summaries = contact_lists::summaries(&db).await.unwrap();
    let sizes: Vec<(&str, i64)> = summaries
        .iter()
        .map(|l| (l.name.as_str(), l.contact_count))
        .collect();
    assert_eq!(sizes, [("Grande", 250), ("Pequena", 1), ("Vazia", 0)]);
    assert_eq!(summaries[1].id, small_id);
}

#[tokio::test]
async fn the_review_counts_every_row_but_keeps_a_bounded_set_of_reports() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("app.sqlite3")).await.unwrap();
    // 3 000 rows: every third number lacks its area code (invalid); the rest are complete
    // numbers written as digits (plainly ok), so the invalid ones are the only problems.
    let mut csv = String::from("Nome;Celular\n");
    for i in 0..3_000 {
        if i % 3 == 0 {
            csv.push_str(&format!(
                "Sem DDD {i};9{:04}-{:04}\n",
                1000 + i % 9000,
                i % 10_000
            ));
        } else {
            csv.push_str(&format!("Pessoa {i};55119{:04}{:04}\n", 1000 + i % 9000, i));
        }
    }
    let path = dir.path().join("big.csv");
    std::fs::write(&path, csv).unwrap();
    let preview = read::preview(&path, &ReadOptions::default(), 50).unwrap();
    let suggestion = mapping::suggest(
        &preview.table.headers,
        &preview.rows,
        &PhoneRules::default(),
    );
    let plan = ImportPlan::new(&path, suggestion.mapping, "Grande");

    let review = import::dry_run_review(&db, &plan, 50, 200).await.unwrap();
    assert_eq!(review.counts.rows(), 3_000);
    assert_eq!(review.counts.invalid, 1_000);
    assert_eq!(review.counts.problems(), 1_000);
    assert_eq!(review.first_rows.len(), 50);
    assert_eq!(review.first_rows[0].row, 2, "file order, header on row 1");
    assert_eq!(review.problems.len(), 200, "capped");
    assert!(review
        .problems
        .windows(2)
        .all(|w| w[0].row < w[1].row && w[1].row - w[0].row == 3));
    assert!(!review.list_exists);
    // Nothing was written.
    assert!(contact_lists::summaries(&db).await.unwrap().is_empty());
}
