//! Past imports and their undo.
//!
//! Undo deletes the contacts the import inserted and marks it undone, in one transaction.
//! Contacts it updated keep their new values: the old ones were never saved, and keeping a
//! copy of every overwritten row would double the import's writes for a rare action. The
//! wizard says so before the user picks "update existing".

use serde::Serialize;
use ts_rs::TS;

use crate::storage::{contacts, imports, Db, StorageError};

use super::error::ImportError;
use super::verdict::ImportCounts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ImportStatus {
    Completed,
    Undone,
}

/// One past import as the history screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub file_name: String,
    /// `None` once the list was deleted.
    #[ts(type = "number | null")]
    pub list_id: Option<i64>,
    pub status: ImportStatus,
    pub counts: ImportCounts,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub undone_at: Option<String>,
}

/// What an undo removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UndoSummary {
    #[ts(type = "number")]
    pub deleted: u64,
}

pub async fn import_history(db: &Db) -> Result<Vec<ImportRecord>, ImportError> {
    Ok(imports::list(db).await?.into_iter().map(record).collect())
}

pub async fn undo_import(db: &Db, import_id: i64) -> Result<UndoSummary, ImportError> {
    let mut tx = db.pool().begin().await.map_err(StorageError::from_sqlx)?;
    let row = imports::get(&mut tx, import_id)
        .await?
        .ok_or(ImportError::ImportNotFound(import_id))?;
    if row.status != imports::STATUS_COMPLETED {
        return Err(ImportError::AlreadyUndone(import_id));
    }
    let deleted = contacts::delete_by_import(&mut tx, import_id).await?;
    if !imports::mark_undone(&mut tx, import_id).await? {
        return Err(ImportError::AlreadyUndone(import_id));
    }
    tx.commit().await.map_err(StorageError::from_sqlx)?;
    tracing::info!(import_id, deleted, "contact import undone");
    Ok(UndoSummary { deleted })
}

fn record(row: imports::ImportRow) -> ImportRecord {
    // Counts are written from u32 values; a larger number can only come from a foreign edit.
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    ImportRecord {
        id: row.id,
        file_name: row.file_name,
        list_id: row.list_id,
        status: if row.status == imports::STATUS_UNDONE {
            ImportStatus::Undone
        } else {
            ImportStatus::Completed
        },
        counts: ImportCounts {
            ok: n(row.ok_count),
            repaired: n(row.repaired_count),
            duplicate: n(row.duplicate_count),
            opted_out: n(row.opted_out_count),
            invalid: n(row.invalid_count),
            skipped: n(row.skipped_count),
            inserted: n(row.inserted_count),
            updated: n(row.updated_count),
        },
        started_at: row.started_at,
        finished_at: row.finished_at,
        undone_at: row.undone_at,
    }
}
