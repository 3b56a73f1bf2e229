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

/// One change to the do-not-contact list, as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ConsentEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub phone: String,
    /// `opt_out` or `opt_in`.
    pub action: String,
    /// `reply` (automatic, from the reply's text), `review` (a person decided on a reply)
    /// or `user` (by hand, in the app or `tip`).
    pub source: String,
    /// The reply's text, or the reason the user typed.
    pub proof: Option<String>,
    /// The campaign the reply answered.
    pub campaign: Option<String>,
    pub at: String,
}

fn entry(r: &sqlx::sqlite::SqliteRow) -> ConsentEntry {
    use sqlx::Row;
    ConsentEntry {
        id: r.get(0),
        phone: r.get(1),
        action: r.get(2),
        source: r.get(3),
        proof: r.get(4),
        campaign: r.get(5),
        at: r.get(6),
    }
}

/// Every change for one number, newest first (columns as [`entry`] reads them).
pub async fn entries(db: &Db, phone: &str) -> Result<Vec<ConsentEntry>, StorageError> {
    let rows = sqlx::query(
        "SELECT l.id, l.phone_e164, l.action, l.source, l.proof, c.name, l.created_at
           FROM consent_ledger l
           LEFT JOIN replies r ON r.id = l.reply_id
           LEFT JOIN campaigns c ON c.id = r.campaign_id
          WHERE l.phone_e164 = ?1 ORDER BY l.created_at DESC, l.id DESC",
    )
    .bind(phone)
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(rows.iter().map(entry).collect())
}

/// For each number on the do-not-contact list, the ledger entry that put it there (the
/// latest opt-out), in one query. Numbers listed before the ledger existed have none.
pub async fn latest_opt_outs(db: &Db) -> Result<Vec<ConsentEntry>, StorageError> {
    let rows = sqlx::query(
        "SELECT l.id, l.phone_e164, l.action, l.source, l.proof, c.name, l.created_at
           FROM opt_outs o
           JOIN consent_ledger l ON l.id = (
                SELECT MAX(id) FROM consent_ledger
                 WHERE phone_e164 = o.phone_e164 AND action = 'opt_out')
           LEFT JOIN replies r ON r.id = l.reply_id
           LEFT JOIN campaigns c ON c.id = r.campaign_id
          ORDER BY l.id DESC",
    )
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(rows.iter().map(entry).collect())
}
