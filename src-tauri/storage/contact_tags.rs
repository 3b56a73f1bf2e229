//! `contact_tags`: free-form labels on contacts, used to filter lists and campaigns.

use super::{Db, StorageError};

/// Adds a tag; adding it twice is not an error. Returns whether it was new.
pub async fn add(db: &Db, contact_id: i64, tag: &str) -> Result<bool, StorageError> {
    let done = sqlx::query(
        "INSERT INTO contact_tags (contact_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(contact_id)
    .bind(tag.trim())
    .execute(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected() > 0)
}

/// Adds a tag to many contacts in one transaction: all of them or, on any error, none.
/// Returns how many did not have it yet.
pub async fn add_many(db: &Db, contact_ids: &[i64], tag: &str) -> Result<u64, StorageError> {
    let mut tx = db.pool().begin().await.map_err(StorageError::from_sqlx)?;
    let mut added = 0;
    for id in contact_ids {
        added += sqlx::query(
            "INSERT INTO contact_tags (contact_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(tag.trim())
        .execute(&mut *tx)
        .await
        .map_err(StorageError::from_sqlx)?
        .rows_affected();
    }
    tx.commit().await.map_err(StorageError::from_sqlx)?;
    Ok(added)
}

pub async fn remove(db: &Db, contact_id: i64, tag: &str) -> Result<bool, StorageError> {
    let done = sqlx::query("DELETE FROM contact_tags WHERE contact_id = ? AND tag = ?")
        .bind(contact_id)
        .bind(tag.trim())
        .execute(db.pool())
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected() > 0)
}

pub async fn for_contact(db: &Db, contact_id: i64) -> Result<Vec<String>, StorageError> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag")
            .bind(contact_id)
            .fetch_all(db.pool())
            .await
            .map_err(StorageError::from_sqlx)?;
    Ok(rows.into_iter().map(|(t,)| t).collect())
}

/// Every tag in use, for the filter menu.
pub async fn all(db: &Db) -> Result<Vec<String>, StorageError> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT tag FROM contact_tags ORDER BY tag")
        .fetch_all(db.pool())
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(rows.into_iter().map(|(t,)| t).collect())
}
