//! The consent ledger: every change to the do-not-contact list with who or what made it
//! and the proof (the reply's text, or the reason typed by the user). Append-only.

use sqlx::SqliteConnection;

use crate::storage::{Db, StorageError};

/// Appends one entry inside the caller's transaction. `action`: `opt_out` or `opt_in`;
/// `source`: `reply`, `review` or `user`.
pub async fn record(
    tx: &mut SqliteConnection,
    phone: &str,
    action: &str,
    source: &str,
    reply_id: Option<i64>,
    proof: Option<&str>,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO consent_ledger (phone_e164, action, source, reply_id, proof)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(phone)
    .bind(action)
    .bind(source)
    .bind(reply_id)
    .bind(proof)
    .execute(tx)
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(())
}

/// A change the user made by hand (the do-not-contact screen, `tip`).
pub async fn record_by_user(
    db: &Db,
    phone: &str,
    action: &str,
    reason: Option<&str>,
) -> Result<(), StorageError> {
    let mut conn = db.pool().acquire().await.map_err(StorageError::from_sqlx)?;
    record(&mut conn, phone, action, "user", None, reason).await
}
