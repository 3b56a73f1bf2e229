//! `app_meta`: small facts about this installation (first and last open).

use super::{Db, StorageError};

pub const FIRST_OPENED_AT: &str = "first_opened_at";
pub const LAST_OPENED_AT: &str = "last_opened_at";

pub async fn get(db: &Db, key: &str) -> Result<Option<String>, StorageError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM app_meta WHERE key = ?")
        .bind(key)
        .fetch_optional(db.pool())
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(row.map(|(v,)| v))
}

/// Records this open; the first one also sets `first_opened_at`.
pub(super) async fn record_open(db: &Db) -> Result<(), StorageError> {
    let mut tx = db.pool().begin().await.map_err(StorageError::from_sqlx)?;
    sqlx::query(
        "INSERT INTO app_meta (key, value) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
         ON CONFLICT(key) DO NOTHING",
    )
    .bind(FIRST_OPENED_AT)
    .execute(&mut *tx)
    .await
    .map_err(StorageError::from_sqlx)?;
    sqlx::query(
        "INSERT INTO app_meta (key, value) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(LAST_OPENED_AT)
    .execute(&mut *tx)
    .await
    .map_err(StorageError::from_sqlx)?;
    tx.commit().await.map_err(StorageError::from_sqlx)
}
