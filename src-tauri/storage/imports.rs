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

pub async fn finish(
    conn: &mut SqliteConnection,
    id: i64,
    counts: &ImportCountsRow,
) -> Result<(), StorageError> {
    sqlx::query(
        "UPDATE imports SET ok_count = ?, repaired_count = ?, duplicate_count = ?,
             opted_out_count = ?, invalid_count = ?, skipped_count = ?, inserted_count = ?,
             updated_count = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ?",
    )
    .bind(counts.ok)
    .bind(counts.repaired)
    .bind(counts.duplicate)
    .bind(counts.opted_out)
    .bind(counts.invalid)
    .bind(counts.skipped)
    .bind(counts.inserted)
    .bind(counts.updated)
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
