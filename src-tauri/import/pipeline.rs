//! Running an import: stream the rows, judge each one, write everything in one
//! transaction. Cancel or any error rolls back, so a failed import leaves nothing behind.
//!
//! The reader is synchronous (calamine loads a sheet whole, CSV streams); reading happens
//! on the calling task between batched writes. The app calls this from a blocking-friendly
//! task; the CLI from its own runtime.

use std::time::{Duration, Instant};

use crate::storage::{contact_lists, contacts, imports, opt_outs, Db, StorageError};

use super::error::ImportError;
use super::judge::{Judge, Write};
use super::plan::{Control, ImportPlan, ImportProgress};
use super::read::{self, ReadOptions, RowReader};
use super::verdict::{ImportCounts, ImportPreview, ImportSummary, RowReport};

/// Rows judged between two chances to report progress or cancel (and between flushes).
const CHUNK_ROWS: usize = contacts::INSERT_BATCH_ROWS;
/// Progress is sent at most this often, so a UI channel is not flooded.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Imports the file as planned. `progress` is called after the first chunk of rows and
/// then at most every ~100 ms; answering `Cancel` rolls everything back.
pub async fn run_import(
    db: &Db,
    plan: &ImportPlan,
    mut progress: impl FnMut(ImportProgress) -> Control,
) -> Result<ImportSummary, ImportError> {
    let phone_column = check(plan)?;
    let mut reader = open(plan)?;
    let mut tx = db.pool().begin().await.map_err(StorageError::from_sqlx)?;
    let (list_id, list_created) = contact_lists::find_or_create(&mut tx, &plan.list_name).await?;
    let import_id = imports::insert(&mut tx, &plan.file_name(), list_id).await?;
    let opted_out = opt_outs::all_phones(&mut tx).await?;
    let stored = contacts::phones_in_list(&mut tx, list_id).await?;
    let mut judge = Judge::new(plan, phone_column, opted_out, stored);

    let mut counts = ImportCounts::default();
    let mut rows: Vec<RowReport> = Vec::new();
    let mut pending = Vec::with_capacity(CHUNK_ROWS);
    let mut last_report: Option<Instant> = None;
    while let Some(row) = reader.next_row() {
        let (report, write) = judge.judge(row?);
        match write {
            Some(Write::Insert(draft)) => {
                pending.push(draft.into_new_row(list_id, Some(import_id)))
            }
            Some(Write::Update { stored_e164, draft }) => {
                contacts::update_by_phone(&mut tx, list_id, &stored_e164, &draft.into_update())
                    .await?;
            }
            None => {}
        }
        counts.add(&report);
        rows.push(report);
        if rows.len() % CHUNK_ROWS == 0 {
            contacts::insert_batch(&mut tx, &pending).await?;
            pending.clear();
            if last_report.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) {
                last_report = Some(Instant::now());
                if progress(progress_of(&reader)) == Control::Cancel {
                    tx.rollback().await.map_err(StorageError::from_sqlx)?;
                    return Err(ImportError::Cancelled);
                }
            }
        }
    }
    contacts::insert_batch(&mut tx, &pending).await?;
    imports::finish(&mut tx, import_id, &counts_row(&counts)).await?;
    tx.commit().await.map_err(StorageError::from_sqlx)?;
    tracing::info!(
        import_id,
        list_id,
        rows = rows.len(),
        "contact import committed"
    );
    Ok(ImportSummary {
        import_id,
        list_id,
        list_created,
        counts,
        rows,
    })
}

/// The verdicts of the first `max_rows` rows (all when `None`) without writing anything:
/// the same opt-outs and the same list are consulted as by [`run_import`].
pub async fn dry_run(
    db: &Db,
    plan: &ImportPlan,
    max_rows: Option<usize>,
) -> Result<ImportPreview, ImportError> {
    let phone_column = check(plan)?;
    let mut reader = open(plan)?;
    let mut conn = db.pool().acquire().await.map_err(StorageError::from_sqlx)?;
    let list = contact_lists::find_by_name(&mut conn, &plan.list_name).await?;
    let stored = match &list {
        Some(list) => contacts::phones_in_list(&mut conn, list.id).await?,
        None => Vec::new(),
    };
    let opted_out = opt_outs::all_phones(&mut conn).await?;
    drop(conn);
    let mut judge = Judge::new(plan, phone_column, opted_out, stored);
    let mut counts = ImportCounts::default();
    let mut rows = Vec::new();
    while max_rows.is_none_or(|max| rows.len() < max) {
        let Some(row) = reader.next_row() else { break };
        let (report, _) = judge.judge(row?);
        counts.add(&report);
        rows.push(report);
    }
    Ok(ImportPreview {
        list_exists: list.is_some(),
        counts,
        rows,
    })
}

fn check(plan: &ImportPlan) -> Result<usize, ImportError> {
    if plan.list_name.trim().is_empty() {
        return Err(ImportError::EmptyListName);
    }
    plan.mapping
        .phone_column()
        .ok_or(ImportError::NoPhoneColumn)
}

fn open(plan: &ImportPlan) -> Result<RowReader, ImportError> {
    let options = ReadOptions {
        sheet: plan.sheet.clone(),
        ..ReadOptions::default()
    };
    Ok(read::open(&plan.path, &options)?)
}

fn progress_of(reader: &RowReader) -> ImportProgress {
    let p = reader.progress();
    ImportProgress {
        rows_read: p.rows_read,
        bytes_read: p.bytes_read,
        bytes_total: p.bytes_total,
    }
}

fn counts_row(counts: &ImportCounts) -> imports::ImportCountsRow {
    imports::ImportCountsRow {
        ok: counts.ok.into(),
        repaired: counts.repaired.into(),
        duplicate: counts.duplicate.into(),
        opted_out: counts.opted_out.into(),
        invalid: counts.invalid.into(),
        skipped: counts.skipped.into(),
        inserted: counts.inserted.into(),
        updated: counts.updated.into(),
    }
}
