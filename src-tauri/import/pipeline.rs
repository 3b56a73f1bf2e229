//! Running an import: stream the rows, judge each one, write everything in one
//! transaction. Cancel or any error rolls back, so a failed import leaves nothing behind.
//!
//! Three things run at once: the file is parsed on a reader thread (`read::open`), this
//! task judges rows, and SQLite's worker thread inserts the chunk judged before. A large
//! import drops the contacts indexes that its rows would scatter over and builds them
//! again before the commit: sorting once is several times cheaper than updating three
//! b-trees at random places for every row. DDL is transactional in SQLite, so a rollback
//! brings the indexes back, and readers keep seeing them until the commit. The WAL
//! checkpoint of such an import runs after it returns.
//!
//! The app calls this from a blocking-friendly task; the CLI from its own runtime.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::Sqlite;

use crate::storage::contacts::{
    self, ContactInserter, IndexDefinition, NewContactRow, INSERT_BATCH_ROWS,
};
use crate::storage::{contact_lists, imports, opt_outs, Db, StorageError};

use super::error::ImportError;
use super::judge::{Judge, Reports, Write};
use super::plan::{Control, DuplicatePolicy, ImportPlan, ImportProgress};
use super::read::{self, ReadOptions, RowReader};
use super::row_log::RowLog;
use super::verdict::{
    ImportCounts, ImportPreview, ImportReview, ImportSummary, VerdictKind, SUMMARY_ROWS,
};

/// Rows judged between two chances to report progress or cancel (and between flushes).
const CHUNK_ROWS: usize = 500;
/// Progress is sent at most this often, so a UI channel is not flooded.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);
/// Imports expected to bring fewer rows keep the indexes: below this the b-trees fit in
/// SQLite's cache and updating them is cheap, so the schema is left alone.
const BULK_MIN_ROWS: u64 = 10_000;
/// ... and so do imports smaller than 1/BULK_SHARE of the contacts already stored, since
/// a rebuild sorts every row of the table. Measured here: rebuilding costs ~1.3 s per
/// million rows in the table; updating the three scattered indexes costs ~25-40 µs per
/// new row once they outgrow the cache (1M rows took 39 s with them, under 5 s without).
/// The rebuild wins from about a fifteenth; a tenth leaves a margin.
const BULK_SHARE: u64 = 10;

type Conn = PoolConnection<Sqlite>;
type InsertFuture = Pin<Box<dyn Future<Output = (Conn, Result<u64, StorageError>)> + Send>>;

/// Imports the file as planned. `progress` is called after the first chunk of rows, then
/// at most every ~100 ms, and once when every row is read; answering `Cancel` rolls
/// everything back.
pub async fn run_import(
    db: &Db,
    plan: &ImportPlan,
    mut progress: impl FnMut(ImportProgress) -> Control,
) -> Result<ImportSummary, ImportError> {
    let phone_column = check(plan)?;
    let mut log = RowLog::new(plan, phone_column);
    let mut reader = open(plan)?;
    let mut conn = db.pool().acquire().await.map_err(StorageError::from_sqlx)?;
    // The inserts run with CHECK constraints off (their rows are valid by construction):
    // this connection is closed when the import ends, never handed back to the pool, so no
    // error path can leave a pooled connection without its checks.
    conn.close_on_drop();
    imports::begin(&mut conn).await?;
    let (list_id, list_created) = contact_lists::find_or_create(&mut conn, &plan.list_name).await?;
    let import_id = imports::insert(&mut conn, &plan.file_name(), list_id).await?;
    let opted_out = opt_outs::all_phones(&mut conn).await?;
    let stored = contacts::phones_in_list(&mut conn, list_id).await?;
    // Updates find their contact by the list's phone index: keep it when any can happen.
    let updates_possible =
        plan.duplicate_policy == DuplicatePolicy::UpdateExisting && !stored.is_empty();
    let stored_contacts = contacts::count_all(&mut conn).await?;
    let inserter = ContactInserter::new(list_id, Some(import_id), &contacts::now(&mut conn).await?);
    contacts::enforce_checks(&mut conn, false).await?;
    let mut judge = Judge::new(plan, phone_column, opted_out, stored);
    let mut writer = Writer {
        conn: Some(conn),
        in_flight: None,
        inserter: Arc::new(inserter),
    };

    let mut counts = ImportCounts::default();
    let mut problems = Vec::new();
    let mut pending: Vec<NewContactRow> = Vec::with_capacity(2 * INSERT_BATCH_ROWS);
    let mut dropped: Option<Vec<IndexDefinition>> = None;
    let mut last_report: Option<Instant> = None;
    // Where the time goes, for the debug log (`RUST_LOG=whats_tip::import=debug`).
    let started = Instant::now();
    let mut waited = Duration::ZERO;
    loop {
        let mut updates = Vec::new();
        let mut chunk = 0;
        while chunk < CHUNK_ROWS {
            let Some(row) = reader.next_row() else { break };
            let row = row?;
            chunk += 1;
            let reports = if problems.len() < SUMMARY_ROWS {
                Reports::Problems
            } else {
                Reports::None
            };
            let judged = judge.judge(row, reports);
            counts.add_kind(judged.kind, judged.action);
            log.push(judged.kind, judged.action, judged.duplicate_of);
            problems.extend(judged.report);
            match judged.write {
                Some(Write::Insert(draft)) => pending.push(draft.into_new_row()),
                Some(Write::Update { stored_e164, draft }) => {
                    updates.push((stored_e164, draft.into_update()))
                }
                None => {}
            }
        }
        let finished = chunk < CHUNK_ROWS;

        let wait = Instant::now();
        let conn = writer.settle().await?;
        waited += wait.elapsed();
        let expected = reader.estimated_rows();
        judge.expect_rows(expected);
        if dropped.is_none() && !updates_possible {
            let expected = expected.max(u64::from(counts.inserted));
            if expected >= BULK_MIN_ROWS && expected.saturating_mul(BULK_SHARE) >= stored_contacts {
                let indexes = contacts::scattered_indexes(conn).await?;
                contacts::drop_indexes(conn, &indexes).await?;
                tracing::debug!(
                    expected,
                    "bulk import: contacts indexes dropped until commit"
                );
                dropped = Some(indexes);
            }
        }
        for (stored_e164, update) in &updates {
            contacts::update_by_phone(conn, list_id, stored_e164, update).await?;
        }
        // Whole statements only, until the end: a shorter one is prepared anew.
        let ready = if finished {
            pending.len()
        } else {
            pending.len() / INSERT_BATCH_ROWS * INSERT_BATCH_ROWS
        };
        if ready > 0 {
            let rest = pending.split_off(ready);
            writer
                .start_insert(std::mem::replace(&mut pending, rest))
                .await?;
        }

        let due = last_report.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY);
        if (finished && counts.rows() > 0) || (chunk == CHUNK_ROWS && due) {
            last_report = Some(Instant::now());
            if progress(progress_of(&reader)) == Control::Cancel {
                writer.rollback().await?;
                return Err(ImportError::Cancelled);
            }
        }
        if finished {
            break;
        }
    }
    let wait = Instant::now();
    let conn = writer.settle().await?;
    waited += wait.elapsed();
    let rows_done = started.elapsed();
    // The duplicate maps are the import's largest allocation; SQLite's sort needs room now.
    drop(judge);
    drop(reader);
    if let Some(indexes) = &dropped {
        contacts::create_indexes(conn, indexes).await?;
    }
    let indexed = started.elapsed();
    imports::finish(conn, import_id, &counts_row(&counts)).await?;
    contacts::enforce_checks(conn, true).await?;
    if dropped.is_some() {
        imports::defer_checkpoint(conn).await?;
    }
    writer.commit().await?;
    if dropped.is_some() {
        checkpoint_soon(db);
    }
    tracing::debug!(
        rows_ms = rows_done.as_millis(),
        waiting_for_inserts_ms = waited.as_millis(),
        indexes_ms = (indexed - rows_done).as_millis(),
        commit_ms = (started.elapsed() - indexed).as_millis(),
        "contact import timing"
    );
    tracing::info!(
        import_id,
        list_id,
        rows = counts.rows(),
        bulk = dropped.is_some(),
        "contact import committed"
    );
    Ok(ImportSummary {
        import_id,
        list_id,
        list_created,
        counts,
        rows: problems,
        log,
    })
}

/// The import's connection (in its transaction), and the insert running on SQLite's worker
/// thread.
struct Writer {
    /// `None` only while an insert holds it.
    conn: Option<Conn>,
    in_flight: Option<InsertFuture>,
    inserter: Arc<ContactInserter>,
}

impl Writer {
    /// Waits for the running insert, then lends the connection.
    async fn settle(&mut self) -> Result<&mut Conn, ImportError> {
        if let Some(insert) = self.in_flight.take() {
            let (conn, inserted) = insert.await;
            self.conn = Some(conn);
            inserted?;
        }
        self.conn.as_mut().ok_or_else(lost_transaction)
    }

    /// Hands the rows to SQLite and returns without waiting: one poll sends the statement
    /// to the connection's worker thread, which runs it while the next chunk is judged.
    async fn start_insert(&mut self, rows: Vec<NewContactRow>) -> Result<(), ImportError> {
        self.settle().await?;
        let mut conn = self.conn.take().ok_or_else(lost_transaction)?;
        let inserter = self.inserter.clone();
        let mut insert: InsertFuture = Box::pin(async move {
            let inserted = inserter.insert(&mut conn, rows).await;
            (conn, inserted)
        });
        match std::future::poll_fn(|cx| Poll::Ready(insert.as_mut().poll(cx))).await {
            Poll::Ready((conn, inserted)) => {
                self.conn = Some(conn);
                inserted?;
            }
            Poll::Pending => self.in_flight = Some(insert),
        }
        Ok(())
    }

    async fn commit(mut self) -> Result<(), ImportError> {
        let conn = self.settle().await?;
        imports::commit(conn).await?;
        Ok(())
    }

    async fn rollback(mut self) -> Result<(), ImportError> {
        let conn = self.settle().await?;
        imports::rollback(conn).await?;
        Ok(())
    }
}

/// A large import is committed once it is in the WAL; copying it into the database file
/// (and syncing that) takes as long again, about a second per million rows here. Nobody
/// needs to wait for it: it runs on another connection while the user looks at the
/// result, and neither readers nor writers are blocked meanwhile. Without a runtime to run
/// it on, SQLite's next automatic checkpoint (or the last connection's close) does it.
fn checkpoint_soon(db: &Db) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let db = db.clone();
    runtime.spawn(async move {
        let started = Instant::now();
        match imports::checkpoint(&db).await {
            Ok((frames, copied)) => tracing::debug!(
                frames,
                copied,
                ms = started.elapsed().as_millis(),
                "WAL checkpoint after a bulk import"
            ),
            Err(e) => tracing::warn!(error = %e, "WAL checkpoint after a bulk import failed"),
        }
    });
}

/// Cannot happen: the connection is only away inside a running insert, which `settle`
/// waits for.
fn lost_transaction() -> ImportError {
    ImportError::Storage(StorageError::Query(
        "the import's transaction was lost".to_owned(),
    ))
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
        let judged = judge.judge(row?, Reports::All);
        counts.add_kind(judged.kind, judged.action);
        rows.extend(judged.report);
    }
    Ok(ImportPreview {
        list_exists: list.is_some(),
        counts,
        rows,
    })
}

/// A whole-file dry run for the wizard's review, in bounded memory: the counts cover every
/// row, but reports are kept only for the first `first` rows and the first `problems`
/// rows that are not plainly ok (a million-row file would otherwise hold ~420 MB of them).
pub async fn dry_run_review(
    db: &Db,
    plan: &ImportPlan,
    first: usize,
    problems: usize,
) -> Result<ImportReview, ImportError> {
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
    let mut review = ImportReview {
        list_exists: list.is_some(),
        ..ImportReview::default()
    };
    let mut seen = 0usize;
    while let Some(row) = reader.next_row() {
        let wanted = if seen < first {
            Reports::All
        } else if review.problems.len() < problems {
            Reports::Problems
        } else {
            Reports::None
        };
        let judged = judge.judge(row?, wanted);
        review.counts.add_kind(judged.kind, judged.action);
        if let Some(report) = judged.report {
            if seen < first {
                review.first_rows.push(report.clone());
            }
            if judged.kind != VerdictKind::Ok && review.problems.len() < problems {
                review.problems.push(report);
            }
        }
        seen += 1;
    }
    Ok(review)
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
        rows_total: p.rows_total,
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
