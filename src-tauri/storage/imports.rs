//! `imports`: one row per committed contact import, with its counts, for history and undo.

use sqlx::SqliteConnection;

use super::{Db, StorageError};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ImportRow {
    pub id: i64,
    pub file_name: String,
    pub list_id: Option<i64>,
    pub status: String,
    pub ok_count: i64,
    pub repaired_count: i64,
    pub duplicate_count: i64,
    pub opted_out_count: i64,
    pub invalid_count: i64,
    pub skipped_count: i64,
    pub inserted_count: i64,
    pub updated_count: i64,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub undone_at: Option<String>,
}

/// The counts written when an import finishes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCountsRow {
    pub ok: i64,
    pub repaired: i64,
    pub duplicate: i64,
    pub opted_out: i64,
    pub invalid: i64,
    pub skipped: i64,
    pub inserted: i64,
    pub updated: i64,
}

pub const STATUS_COMPLETED: &str = "completed";
pub const STATUS_UNDONE: &str = "undone";

/// Starts an import's transaction, taking the write lock now (waiting up to the busy
/// timeout) rather than at the first insert.
pub async fn begin(conn: &mut SqliteConnection) -> Result<(), StorageError> {
    sqlx::query("BEGIN IMMEDIATE")
        .execute(conn)
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(())
}

pub async fn commit(conn: &mut SqliteConnection) -> Result<(), StorageError> {
    sqlx::query("COMMIT")
        .execute(conn)
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(())
}

/// Stops this connection from copying the WAL into the database file when it commits
/// (SQLite's automatic checkpoint, run inside the COMMIT of the transaction that crosses
/// 1 000 pages): after a large import that copy takes as long again as the import, and
/// [`checkpoint`] does it afterwards. For a connection that is closed after its import.
pub async fn defer_checkpoint(conn: &mut SqliteConnection) -> Result<(), StorageError> {
    sqlx::query("PRAGMA wal_autocheckpoint = 0")
        .execute(conn)
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(())
}

/// Copies what the WAL holds into the database file, without blocking readers or writers
/// (`PASSIVE`). Returns the WAL's frames and those copied.
pub async fn checkpoint(db: &Db) -> Result<(i64, i64), StorageError> {
    let (_busy, log, copied): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(db.pool())
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok((log, copied))
}

pub async fn rollback(conn: &mut SqliteConnection) -> Result<(), StorageError> {
    sqlx::query("ROLLBACK")
        .execute(conn)
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(())
}

/// Starts the row inside the import's transaction, so contacts can point at it.
pub async fn insert(
    conn: &mut SqliteConnection,
    file_name: &str,
    list_id: i64,
) -> Result<i64, StorageError> {
    let (id,): (i64,) =
        sqlx::query_as("INSERT INTO imports (file_name, list_id) VALUES (?, ?) RETURNING id")
            .bind(file_name)
            .bind(list_id)
            .fetch_one(conn)
            .await
            .map_err(StorageError::from_sqlx)?;
    Ok(id)
}

/// Writes the import's counts, and the range of ids its contacts took: every contact
/// above `max_id_before` (the highest id when its transaction began, see
/// [`super::contacts::max_id`]) is the import's own, as nothing else writes meanwhile.
/// Undo finds them by that range (`migrations/0012_import_contact_range.sql`).
pub async fn finish(
    conn: &mut SqliteConnection,
    id: i64,
    counts: &ImportCountsRow,
    max_id_before: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "UPDATE imports SET ok_count = ?1, repaired_count = ?2, duplicate_count = ?3,
             opted_out_count = ?4, invalid_count = ?5, skipped_count = ?6, inserted_count = ?7,
             updated_count = ?8, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
             first_contact_id = (SELECT min(id) FROM contacts WHERE id > ?9),
             last_contact_id = (SELECT max(id) FROM contacts WHERE id > ?9)
         WHERE id = ?10",
    )
    .bind(counts.ok)
    .bind(counts.repaired)
    .bind(counts.duplicate)
    .bind(counts.opted_out)
    .bind(counts.invalid)
    .bind(counts.skipped)
    .bind(counts.inserted)
    .bind(counts.updated)
    .bind(max_id_before)
    .bind(id)
    .execute(conn)
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(())
}

pub async fn get(conn: &mut SqliteConnection, id: i64) -> Result<Option<ImportRow>, StorageError> {
    sqlx::query_as(
        "SELECT id, file_name, list_id, status, ok_count, repaired_count, duplicate_count,
                opted_out_count, invalid_count, skipped_count, inserted_count, updated_count,
                started_at, finished_at, undone_at
         FROM imports WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
    .map_err(StorageError::from_sqlx)
}

/// Newest first.
pub async fn list(db: &Db) -> Result<Vec<ImportRow>, StorageError> {
    sqlx::query_as(
        "SELECT id, file_name, list_id, status, ok_count, repaired_count, duplicate_count,
                opted_out_count, invalid_count, skipped_count, inserted_count, updated_count,
                started_at, finished_at, undone_at
         FROM imports ORDER BY id DESC",
    )
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)
}

/// Marks the import undone; false when it was not `completed`.
pub async fn mark_undone(conn: &mut SqliteConnection, id: i64) -> Result<bool, StorageError> {
    let done = sqlx::query(
        "UPDATE imports SET status = 'undone', undone_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? AND status = 'completed'",
    )
    .bind(id)
    .execute(conn)
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected() > 0)
}

#[cfg(test)]
mod tests {
    use sqlx::sqlite::SqlitePool;

    use super::super::contacts;

    async fn run(pool: &SqlitePool, sql: &str) {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(pool)
            .await
            .unwrap();
    }

    async fn ranges(pool: &SqlitePool) -> Vec<(i64, Option<i64>, Option<i64>)> {
        sqlx::query_as("SELECT id, first_contact_id, last_contact_id FROM imports ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap()
    }

    async fn ids(pool: &SqlitePool) -> Vec<(i64, Option<i64>)> {
        sqlx::query_as("SELECT id, import_id FROM contacts ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap()
    }

    /// A database made by the migrations before `0012`, with three imports (one of them
    /// inserted nothing) and a contact added by hand, migrated: each import's range covers
    /// its contacts, the index is gone, and undo deletes exactly one import's contacts,
    /// even where a range holds an id reused by someone else.
    #[tokio::test]
    async fn the_migration_records_each_imports_range_and_undo_keeps_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let (pool, range_migration) = crate::storage::migrated_before(
            &dir.path().join("old.sqlite3"),
            "import contact range",
        )
        .await;
        run(
            &pool,
            "INSERT INTO contact_lists (id, name, name_key) VALUES (1, 'a', 'a');
             INSERT INTO imports (id, file_name, list_id) VALUES (1, 'a.csv', 1), (2, 'b.csv', 1),
                 (3, 'vazio.csv', 1);
             INSERT INTO contacts (id, list_id, phone_e164, phone_original, line_kind, import_id)
             VALUES (1, 1, '+1', '1', 'unknown', 1), (2, 1, '+2', '2', 'unknown', 1),
                    (3, 1, '+3', '3', 'unknown', NULL), (4, 1, '+4', '4', 'unknown', 2),
                    (5, 1, '+5', '5', 'unknown', 2), (6, 1, '+6', '6', 'unknown', 2);",
        )
        .await;
        sqlx::raw_sql(range_migration.sql.clone())
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(
            ranges(&pool).await,
            [
                (1, Some(1), Some(2)),
                (2, Some(4), Some(6)),
                (3, None, None)
            ]
        );
        let (indexes,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM sqlite_master WHERE name = 'contacts_import'")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(indexes, 0);

        // Import 2's last contact is deleted and its id taken again by a contact of no
        // import: undoing import 2 leaves that one.
        run(
            &pool,
            "DELETE FROM contacts WHERE id = 6;
             INSERT INTO contacts (id, list_id, phone_e164, phone_original, line_kind)
             VALUES (6, 1, '+7', '7', 'unknown');",
        )
        .await;
        let mut conn = pool.acquire().await.unwrap();
        assert_eq!(contacts::delete_by_import(&mut conn, 2).await.unwrap(), 2);
        assert_eq!(contacts::delete_by_import(&mut conn, 3).await.unwrap(), 0);
        assert_eq!(
            ids(&pool).await,
            [(1, Some(1)), (2, Some(1)), (3, None), (6, None)]
        );
        assert_eq!(contacts::delete_by_import(&mut conn, 1).await.unwrap(), 2);
        assert_eq!(ids(&pool).await, [(3, None), (6, None)]);
    }

    /// `finish` records as the import's range exactly the contacts above the id it was
    /// given, and none when it inserted nothing.
    #[tokio::test]
    async fn finishing_records_the_ids_above_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::storage::Db::open(&dir.path().join("app.sqlite3"))
            .await
            .unwrap();
        let pool = db.pool();
        run(
            pool,
            "INSERT INTO contact_lists (id, name, name_key) VALUES (1, 'a', 'a');
             INSERT INTO contacts (id, list_id, phone_e164, phone_original, line_kind)
             VALUES (7, 1, '+7', '7', 'unknown');",
        )
        .await;
        let mut conn = pool.acquire().await.unwrap();
        let empty = super::insert(&mut conn, "vazio.csv", 1).await.unwrap();
        super::finish(&mut conn, empty, &super::ImportCountsRow::default(), 7)
            .await
            .unwrap();
        let full = super::insert(&mut conn, "cheio.csv", 1).await.unwrap();
        run(
            pool,
            &format!(
                "INSERT INTO contacts (list_id, phone_e164, phone_original, line_kind, import_id)
                 VALUES (1, '+8', '8', 'unknown', {full}), (1, '+9', '9', 'unknown', {full});"
            ),
        )
        .await;
        super::finish(&mut conn, full, &super::ImportCountsRow::default(), 7)
            .await
            .unwrap();
        assert_eq!(
            ranges(pool).await,
            [(empty, None, None), (full, Some(8), Some(9))]
        );
    }
}
