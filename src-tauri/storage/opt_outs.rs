//! `opt_outs`: the do-not-contact list. A number here is never imported or messaged.

use std::collections::HashSet;

use sqlx::SqliteConnection;

use super::{Db, StorageError};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OptOutRow {
    pub phone_e164: String,
    pub reason: Option<String>,
    pub created_at: String,
}

/// Adds a number; re-adding keeps the first date and updates the reason.
pub async fn add(db: &Db, phone_e164: &str, reason: Option<&str>) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO opt_outs (phone_e164, reason) VALUES (?, ?)
         ON CONFLICT(phone_e164) DO UPDATE SET reason = excluded.reason",
    )
    .bind(phone_e164)
    .bind(reason)
    .execute(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(())
}

pub async fn remove(db: &Db, phone_e164: &str) -> Result<bool, StorageError> {
    let done = sqlx::query("DELETE FROM opt_outs WHERE phone_e164 = ?")
        .bind(phone_e164)
        .execute(db.pool())
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected() > 0)
}

pub async fn list(db: &Db) -> Result<Vec<OptOutRow>, StorageError> {
    sqlx::query_as(
        "SELECT phone_e164, reason, created_at FROM opt_outs ORDER BY created_at DESC, phone_e164",
    )
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)
}

pub async fn contains(db: &Db, phone_e164: &str) -> Result<bool, StorageError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM opt_outs WHERE phone_e164 = ?")
        .bind(phone_e164)
        .fetch_optional(db.pool())
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(row.is_some())
}

/// Every number, for an import to check each row in memory instead of one query per row.
pub async fn all_phones(conn: &mut SqliteConnection) -> Result<HashSet<String>, StorageError> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT phone_e164 FROM opt_outs")
        .fetch_all(conn)
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(rows.into_iter().map(|(p,)| p).collect())
}
