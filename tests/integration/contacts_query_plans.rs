//! Every statement the app runs on `contacts` keeps an index after `0008` dropped
//! `contacts_phone` and `contacts_list_name` (which no query needed): one list is always
//! reached through `contacts_list_key` (led by `list_id`), never by scanning the whole
//! table, and undo through the import's range of ids (`0012` dropped `contacts_import`).
//! The statements are those of
//! `storage::contacts` (page, count, search, custom field keys, the import's lookups and
//! updates, undo), `contact_lists::summaries`, `campaign/create.rs` and the cascade of
//! deleting a list, with every filter the Contacts screen can set.

use sqlx::AssertSqlSafe;
use whats_tip::storage::Db;

const BY_LIST: &str = "contacts_list_key (list_id=?)";

#[tokio::test]
async fn every_contacts_query_keeps_an_index_without_the_dropped_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("app.sqlite3")).await.unwrap();
    let indexes: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master
         WHERE type = 'index' AND tbl_name = 'contacts' ORDER BY name",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    assert_eq!(indexes, [("contacts_list_key".to_owned(),)]);

    let filters = [
        "c.list_id = 1",
        "c.list_id = 1 AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = 'vip')
         AND (c.name LIKE '%(11) Ana%' ESCAPE '\\' OR c.phone_e164 LIKE '%11%' ESCAPE '\\')
         AND c.phone_verdict = 'repaired' AND c.line_kind = 'mobile'",
    ];
    let mut statements: Vec<(String, &str)> = Vec::new();
    for filter in filters {
        statements.push((
            format!(
                "SELECT c.* FROM contacts c WHERE 1 AND {filter} ORDER BY c.id LIMIT 50 OFFSET 10"
            ),
            BY_LIST,
        ));
        statements.push((
            format!("SELECT count(*) FROM contacts c WHERE 1 AND {filter}"),
            BY_LIST,
        ));
    }
    for (sql, index) in [
        (
            "SELECT DISTINCT j.key FROM contacts c, json_each(c.custom_fields) j
             WHERE c.list_id = 1 ORDER BY j.key",
            BY_LIST,
        ),
        (
            "SELECT count(*) FROM (SELECT 1 FROM contacts WHERE list_id = 1 LIMIT 10)",
            BY_LIST,
        ),
        (
            "SELECT id, phone_key FROM contacts
             WHERE list_id = 1 AND phone_key BETWEEN 10 AND 11 AND +id <= 9",
            "COVERING INDEX contacts_list_key (list_id=? AND phone_key>? AND phone_key<?)",
        ),
        (
            "SELECT id FROM contacts
             WHERE list_id = 1 AND phone_key IS NULL AND phone_e164 = '+0' AND +id <= 9",
            "contacts_list_key (list_id=? AND phone_key=?)",
        ),
        (
            "UPDATE contacts SET name = 'x'
             WHERE list_id = 1 AND phone_key IS 11022 AND phone_e164 = '+5511'",
            "contacts_list_key (list_id=? AND phone_key=?)",
        ),
        (
            "SELECT list_id, count(*) AS n FROM contacts GROUP BY list_id",
            "COVERING INDEX contacts_list_key",
        ),
        (
            "SELECT c.* FROM contacts c WHERE c.list_id = 1 AND c.id > 0 ORDER BY c.id LIMIT 9",
            BY_LIST,
        ),
        (
            "SELECT c.* FROM contacts c WHERE c.list_id = 1 AND c.id > 0
               AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = 'vip')
             ORDER BY c.id LIMIT 9",
            BY_LIST,
        ),
        // What deleting a list cascades to.
        ("DELETE FROM contacts WHERE list_id = 1", BY_LIST),
        // Undo: the import's range of ids, through the table's own b-tree.
        (
            "DELETE FROM contacts WHERE import_id = ?1
               AND id BETWEEN (SELECT first_contact_id FROM imports WHERE id = ?1)
                          AND (SELECT last_contact_id FROM imports WHERE id = ?1)",
            "contacts USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)",
        ),
    ] {
        statements.push((sql.to_owned(), index));
    }
    for (sql, index) in &statements {
        let plan: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
                .fetch_all(db.pool())
                .await
                .unwrap();
        assert!(
            plan.iter().any(|(.., detail)| detail.contains(index)),
            "{sql}\n{plan:?}"
        );
    }
}
