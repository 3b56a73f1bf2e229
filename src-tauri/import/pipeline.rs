//! Running an import: stream the rows, judge each one, write everything in one
//! transaction. Cancel or any error rolls back, so a failed import leaves nothing behind.
//!
//! Three things run at once: the file is parsed on a reader thread (`read::open`), this
//! task judges rows, and a blocking thread writes the chunks judged before, from a short
//! queue ([`InsertWorker`]: SQLite's API on this import's connection, without sqlx's
//! per-value overhead). Rows are compared with the list's contacts a window of rows at a
//! time, by looking their numbers' keys up in the list's `(list_id, phone_key)` index, so
//! the work and the memory follow the file, not the list. The same thread does those
//! lookups between two chunks of inserts ([`InsertWorker::look_up`]), so the pages they
//! read are in the cache when the inserts update them. A large import drops the
//! contacts indexes that its rows would scatter over and builds them again before the
//! commit: sorting once is several times cheaper than updating b-trees at random places
//! for every row (see [`Bulk`]). DDL is transactional in SQLite, so a rollback brings the
//! indexes back, and readers keep seeing them until the commit. The WAL checkpoint of such
//! an import runs after it returns.
//!
//! The app calls this from a blocking-friendly task; the CLI from its own runtime.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::Sqlite;

use crate::storage::contacts::{self, ContactUpdateRow, IndexDefinition, NewContactRow};
use crate::storage::contacts_bulk::{self, ContactInserter, InsertWorker, Probe, Stopped};
use crate::storage::{contact_lists, imports, opt_outs, wal_sync, Db, StorageError};

use super::error::ImportError;
use super::judge::{Judge, Prepared, Reports, Write};
use super::plan::{Control, DuplicatePolicy, ImportPlan, ImportProgress};
use super::read::{self, ReadOptions, RowReader};
use super::row_log::RowLog;
use super::verdict::{
    ImportCounts, ImportPreview, ImportReview, ImportSummary, VerdictKind, SUMMARY_ROWS,
};

/// Rows judged between two chances to report progress or cancel (and between flushes).
const CHUNK_ROWS: usize = 500;

/// How many rows ahead of the one being decided the judging asks for the memory its
/// duplicate check reads ([`Judge::prefetch`]): a few rows' work covers a trip to memory.
/// 4 to 32 measured alike.
const PREFETCH_AHEAD: usize = 8;
/// Progress is sent at most this often, so a UI channel is not flooded.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);
/// Imports expected to bring fewer rows keep the indexes: below this the b-trees fit in
/// SQLite's cache and updating them is cheap, so the schema is left alone.
const BULK_MIN_ROWS: u64 = 10_000;
/// ... and so do imports smaller than 1/BULK_SHARE of the contacts already stored, since
/// a rebuild sorts every row of the table. Measured here: rebuilding costs ~1.3 s per
/// million rows in the table; updating the three scattered indexes costs ~25-40 µs per
/// new row once they outgrow the cache (1M rows took 39 s with them, under 5 s without;
/// measured with the three of `0002`, `0008` left one).
/// The rebuild wins from about a fifteenth; a tenth leaves a margin.
const BULK_SHARE: u64 = 10;
/// Indexes led by `list_id` are kept when the target list ends up no larger than this and
/// the table holds more than [`LIST_SHARE`] times the file: the new entries then land in a
/// small part of the index, and updating it (~2 µs a row here) is cheaper than sorting
/// the whole table again (~0.35 µs a row of the table, per index). Measured with 100k
/// rows into a new list beside 1M contacts: 1.0 s updating both list indexes, 1.6 s
/// rebuilding them.
const LIST_ROWS_SMALL: u64 = 200_000;
const LIST_SHARE: u64 = 3;
/// The page cache of an import into a list that already has contacts. Every row's number
/// is looked up in the list's key index, and its new contacts go into that index, at
/// random places: with SQLite's default 2 MiB most probes read their page again (a
/// million-contact list's index is ~15 MB). Measured with 100k rows into the list of a
/// million (16 KiB pages, before the key index): 1.22-1.50 s and 28 MB peak with 2 MiB,
/// 0.95-1.25 s and 42 MB with 16 MiB, 0.87-1.09 s and 59 MB with 32 MiB (too near the 60 MB
/// the import may use). Only this connection has it, and it is closed when the import ends.
const LOOKUP_CACHE_KIB: u32 = 16 * 1024;
/// Rows prepared ahead and looked up together when the list has contacts. A window's
/// probes are sorted by key, so with thousands of them several fall in each leaf of the
/// list's index one after the other, and the leaf is still in the CPU's cache (a million
/// contacts' index has ~1,000 leaves; 500 probes at a time touched as many leaves, each
/// read from memory). Measured on 100k rows into the list of a million, three interleaved
/// runs each: the lookups took 0.28-0.35 s 500 rows at a time, 0.17-0.23 s 8,000 at a
/// time, 0.10-0.14 s 16,000 at a time; the window's prepared rows raise peak RSS from 41
/// to 50 MB with 8,000 and to 57 MB with 16,000, too near the 60 MB such an import may use.
/// Measured again on 2026-12-08 with today's import (rounds of alternating single runs;
/// MB = 10^6 bytes): peak RSS 53.7-59.8 MB with 8,000 and 59.9-67.1 MB with 16,000 (twelve
/// runs each), over the 60 MB, for lookups of 148-379 ms against 170-352 ms; 12,000 peaked
/// at 56.8-60.5 MB (six runs); 16,000 with a 12 MiB cache fitted (56.1-57.9 MB) but wrote
/// its rows slower (771-1,237 ms against 569-865 ms in the same rounds).
const LOOKUP_WINDOW_ROWS: usize = 8_000;

type Conn = PoolConnection<Sqlite>;

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
    // The inserts run with CHECK constraints and foreign-key checks off (their rows are
    // valid by construction, and point only at the list and the import record made below
    // in the same transaction): this connection is closed when the import ends, never
    // handed back to the pool, so no error path can leave a pooled connection without its
    // checks. Foreign keys can only be switched outside a transaction.
    conn.close_on_drop();
    contacts::skip_foreign_key_checks(&mut conn).await?;
    imports::begin(&mut conn).await?;
    let (list_id, list_created) = contact_lists::find_or_create(&mut conn, &plan.list_name).await?;
    let import_id = imports::insert(&mut conn, &plan.file_name(), list_id).await?;
    // Every contact above this id is the import's own (see `imports::finish`).
    let max_id_before = contacts::max_id(&mut conn).await?;
    let opted_out = opt_outs::all_phones(&mut conn).await?;
    // Rows are compared with the list's contacts by looking their numbers up, chunk by
    // chunk, among the contacts there before the import (never loading the whole list).
    let list_rows = contacts::count_in_list_up_to(&mut conn, list_id, LIST_ROWS_SMALL).await?;
    let lookup = (list_rows > 0).then_some(Lookup {
        list_id,
        max_id: max_id_before,
    });
    if lookup.is_some() {
        contacts::set_cache_kib(&mut conn, LOOKUP_CACHE_KIB).await?;
    }
    let stored_contacts = contacts::count_all(&mut conn).await?;
    let inserter = ContactInserter::new(list_id, Some(import_id), &contacts::now(&mut conn).await?);
    contacts::enforce_checks(&mut conn, false).await?;
    let mut judge = Judge::new(plan, phone_column, opted_out);
    let mut writer = Writer {
        state: Some(WriterState::Idle(conn)),
        inserter,
    };

    let mut counts = ImportCounts::default();
    let mut problems = Vec::new();
    let mut updates: Vec<(String, ContactUpdateRow)> = Vec::new();
    let mut prepared = Vec::with_capacity(CHUNK_ROWS);
    // With a list to look up in, rows are prepared a window ahead of the judging.
    let mut ahead: VecDeque<Prepared> = VecDeque::new();
    let mut read_all = false;
    let mut dropped: Option<Vec<IndexDefinition>> = None;
    let mut last_report: Option<Instant> = None;
    // Where the time goes, for the debug log (`RUST_LOG=whats_tip::import=debug`).
    let started = Instant::now();
    let mut waited = Duration::ZERO;
    let mut looked_up = Duration::ZERO;
    loop {
        // A list's contacts are looked up for a window of rows at once (sorted, so the
        // probes of neighbouring numbers share index pages while they are in the CPU's
        // cache), then the window is judged a chunk at a time.
        let window = if lookup.is_some() && ahead.is_empty() && !read_all {
            read_all = read_rows(&mut reader, &judge, &mut ahead, LOOKUP_WINDOW_ROWS)?;
            true
        } else {
            false
        };
        let probe = match &lookup {
            Some(lookup) if window => Some(lookup.probe(&ahead)),
            _ => None,
        };
        if lookup.is_some() {
            prepared.extend(ahead.drain(..CHUNK_ROWS.min(ahead.len())));
        } else {
            read_all = read_rows(&mut reader, &judge, &mut prepared, CHUNK_ROWS)?;
        }
        let chunk = prepared.len();
        let finished = read_all && ahead.is_empty();

        let expected = reader.estimated_rows();
        judge.expect_rows(expected);
        let expected = expected.max(u64::from(counts.inserted));
        let bulk = Bulk {
            expected,
            stored_contacts,
            list_rows,
            keep_list_phone: lookup.is_some(),
            // Updates find their contacts by the list's key index and change the
            // others' keys: a list that has contacts keeps every index then.
            keep_all: lookup.is_some() && plan.duplicate_policy == DuplicatePolicy::UpdateExisting,
        };
        // Decided once the file looks large enough (a CSV's estimate grows at first).
        if dropped.is_none() && bulk.worth_rebuilding() {
            let wait = Instant::now();
            let conn = writer.conn().await?;
            waited += wait.elapsed();
            let indexes = contacts::scattered_indexes(conn).await?;
            let drop: Vec<IndexDefinition> =
                indexes.into_iter().filter(|i| bulk.drops(i)).collect();
            if !drop.is_empty() {
                contacts::drop_indexes(conn, &drop).await?;
                tracing::debug!(
                    expected,
                    indexes = ?drop.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
                    "bulk import: contacts indexes dropped until commit"
                );
            }
            dropped = Some(drop);
        }
        // The writing thread looks a new window's numbers up after the chunks queued
        // before it; this task judges the window once it has them.
        if let Some(probe) = probe {
            let wait = Instant::now();
            judge.remember_stored(writer.look_up(probe).await?);
            looked_up += wait.elapsed();
        }
        let mut rows = Vec::with_capacity(CHUNK_ROWS);
        let mut chunk_rows = prepared.drain(..);
        while let Some(row) = chunk_rows.next() {
            if let Some(ahead) = chunk_rows.as_slice().get(PREFETCH_AHEAD - 1) {
                judge.prefetch(ahead);
            }
            let reports = if problems.len() < SUMMARY_ROWS {
                Reports::Problems
            } else {
                Reports::None
            };
            let judged = judge.decide(row, reports);
            counts.add_kind(judged.kind, judged.action);
            log.push(judged.kind, judged.action, judged.duplicate_of);
            problems.extend(judged.report);
            match judged.write {
                Some(Write::Insert(draft)) => rows.push(draft.into_new_row()),
                Some(Write::Update { stored_e164, draft }) => {
                    updates.push((stored_e164, draft.into_update()))
                }
                None => {}
            }
        }
        // Updates go through sqlx, which needs the connection back from the writing
        // thread (only imports that update existing contacts ever wait for that).
        if !updates.is_empty() {
            let wait = Instant::now();
            let conn = writer.conn().await?;
            waited += wait.elapsed();
            for (stored_e164, update) in updates.drain(..) {
                contacts::update_by_phone(conn, list_id, &stored_e164, &update).await?;
            }
        }
        // The chunk's contacts are written while the next chunk is judged. Each chunk's
        // contacts at once: batches of 2,000 overlapped less with judging and were slower
        // (1M-row CSV 7.96-9.14 s against 5.97-7.34 s).
        if !rows.is_empty() {
            let wait = Instant::now();
            writer.insert(rows).await?;
            waited += wait.elapsed();
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
    // The last chunks' contacts.
    let wait = Instant::now();
    let conn = writer.conn().await?;
    waited += wait.elapsed();
    let rows_done = started.elapsed();
    // The duplicate maps are the import's largest allocation; SQLite's sort needs room now.
    drop(judge);
    drop(reader);
    let dropped = dropped.unwrap_or_default();
    let bulk = !dropped.is_empty();
    if bulk {
        // The disk writes the WAL while the indexes are sorted (see `wal_sync`).
        let _ = wal_sync::start(db.path());
        contacts::create_indexes(conn, &dropped).await?;
    }
    let indexed = started.elapsed();
    imports::finish(conn, import_id, &counts_row(&counts), max_id_before).await?;
    contacts::enforce_checks(conn, true).await?;
    if bulk {
        imports::defer_checkpoint(conn).await?;
    }
    writer.commit().await?;
    if bulk {
        checkpoint_soon(db);
    }
    tracing::debug!(
        rows_ms = rows_done.as_millis(),
        waiting_for_sqlite_ms = waited.as_millis(),
        lookups_ms = looked_up.as_millis(),
        indexes_ms = (indexed - rows_done).as_millis(),
        commit_ms = (started.elapsed() - indexed).as_millis(),
        "contact import timing"
    );
    tracing::info!(
        import_id,
        list_id,
        rows = counts.rows(),
        bulk,
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

/// Reads and prepares up to `rows` rows into `into`; true when the file has no more.
fn read_rows(
    reader: &mut RowReader,
    judge: &Judge<'_>,
    into: &mut impl Extend<Prepared>,
    rows: usize,
) -> Result<bool, ImportError> {
    for _ in 0..rows {
        let Some(row) = reader.next_row() else {
            return Ok(true);
        };
        into.extend(std::iter::once(judge.prepare(row?)));
    }
    Ok(false)
}

/// Looks up a window's numbers among the list's contacts.
#[derive(Debug, Clone, Copy)]
struct Lookup {
    list_id: i64,
    /// Contacts with a higher id were inserted by this import: not "already in the list".
    max_id: i64,
}

impl Lookup {
    /// The rows' numbers to look up (see [`Writer::look_up`]).
    fn probe<'p>(&self, prepared: impl IntoIterator<Item = &'p Prepared>) -> Probe {
        let prepared = prepared.into_iter();
        let mut probe = Probe::with_capacity(self.list_id, self.max_id, prepared.size_hint().0);
        for row in prepared {
            if let Some((e164, alternative)) = row.numbers() {
                probe.add(e164);
                if let Some(alternative) = alternative {
                    probe.add(alternative);
                }
            }
        }
        probe
    }

    /// The dry runs' lookups: the same probes, on the dry run's connection, which comes
    /// back with what they found.
    async fn remember(
        &self,
        conn: Conn,
        prepared: &[Prepared],
        judge: &mut Judge<'_>,
    ) -> Result<Conn, ImportError> {
        let (conn, found) = contacts_bulk::find_numbers(conn, self.probe(prepared)).await?;
        judge.remember_stored(found);
        Ok(conn)
    }
}

/// Which of the contacts indexes an import is better off dropping and building again
/// before its commit.
#[derive(Debug, Clone, Copy)]
struct Bulk {
    /// Rows the file is expected to bring.
    expected: u64,
    /// Contacts in every list before the import.
    stored_contacts: u64,
    /// Contacts in the target list before the import (counted up to [`LIST_ROWS_SMALL`]).
    list_rows: u64,
    /// The lookups need the list's key index while rows are written.
    keep_list_phone: bool,
    keep_all: bool,
}

impl Bulk {
    /// Whether rebuilding any index can pay: the file is large, and large next to the
    /// table (a rebuild sorts every row of it).
    fn worth_rebuilding(&self) -> bool {
        !self.keep_all
            && self.expected >= BULK_MIN_ROWS
            && self.expected.saturating_mul(BULK_SHARE) >= self.stored_contacts
    }

    fn drops(&self, index: &IndexDefinition) -> bool {
        if index.leading_column() != Some("list_id") {
            return true;
        }
        if self.keep_list_phone && index.has_column("phone_key") {
            return false;
        }
        // Led by the list: the new entries all land in the list's own part of the index.
        // While that part is small, updating it costs about as much as sorting the
        // file's rows, and less than sorting a large table's.
        self.list_rows.saturating_add(self.expected) > LIST_ROWS_SMALL
            || self.expected.saturating_mul(LIST_SHARE) >= self.stored_contacts
    }
}

/// The import's connection (in its transaction): idle, for the import's own statements, or
/// lent to the thread writing its contacts.
struct Writer {
    /// `None` only if a worker panicked, taking the connection with it.
    state: Option<WriterState>,
    inserter: ContactInserter,
}

enum WriterState {
    Idle(Conn),
    Writing(InsertWorker),
}

impl Writer {
    /// The connection, once every chunk handed over is written.
    async fn conn(&mut self) -> Result<&mut Conn, ImportError> {
        match self.state.take() {
            Some(WriterState::Writing(worker)) => {
                let finished = worker.finish().await.map_err(|e| {
                    ImportError::Storage(StorageError::Query(format!(
                        "the contacts could not be written: {e}"
                    )))
                })?;
                self.state = Some(WriterState::Idle(finished.conn));
                finished.inserted?;
            }
            other => self.state = other,
        }
        match &mut self.state {
            Some(WriterState::Idle(conn)) => Ok(conn),
            _ => Err(lost_transaction()),
        }
    }

    /// The thread writing the contacts, started with the connection if it is idle.
    fn worker(&mut self) -> Result<&mut InsertWorker, ImportError> {
        self.state = match self.state.take() {
            Some(WriterState::Idle(conn)) => Some(WriterState::Writing(self.inserter.start(conn))),
            other => other,
        };
        match &mut self.state {
            Some(WriterState::Writing(worker)) => Ok(worker),
            _ => Err(lost_transaction()),
        }
    }

    /// Hands the rows to the writing thread; returns once it has room for them.
    async fn insert(&mut self, rows: Vec<NewContactRow>) -> Result<(), ImportError> {
        let worker = self.worker()?;
        worker.free_written();
        match worker.insert(rows).await {
            Ok(()) => Ok(()),
            Err(Stopped) => Err(self.stopped().await),
        }
    }

    /// The list's contacts under `probe`'s numbers, looked up on the writing thread.
    async fn look_up(&mut self, probe: Probe) -> Result<Vec<(i64, String)>, ImportError> {
        match self.worker()?.look_up(probe).await {
            Ok(found) => Ok(found?),
            Err(Stopped) => Err(self.stopped().await),
        }
    }

    /// Why the writing thread stopped taking jobs.
    async fn stopped(&mut self) -> ImportError {
        match self.conn().await {
            Err(e) => e,
            // It stops only on an error, which `conn` returns.
            Ok(_) => lost_transaction(),
        }
    }

    async fn commit(mut self) -> Result<(), ImportError> {
        let conn = self.conn().await?;
        imports::commit(conn).await?;
        Ok(())
    }

    async fn rollback(mut self) -> Result<(), ImportError> {
        let conn = self.conn().await?;
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

/// Cannot happen unless the writing thread panicked: the connection is only away while
/// it runs, and `Writer::conn` waits for it.
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
    let opted_out = opt_outs::all_phones(&mut conn).await?;
    let lookup = list.as_ref().map(|list| Lookup {
        list_id: list.id,
        max_id: i64::MAX,
    });
    let mut judge = Judge::new(plan, phone_column, opted_out);
    let mut counts = ImportCounts::default();
    let mut rows = Vec::new();
    let mut prepared = Vec::with_capacity(CHUNK_ROWS);
    let mut finished = false;
    while !finished {
        let wanted = max_rows.map_or(CHUNK_ROWS, |max| {
            max.saturating_sub(rows.len()).min(CHUNK_ROWS)
        });
        while prepared.len() < wanted {
            let Some(row) = reader.next_row() else { break };
            prepared.push(judge.prepare(row?));
        }
        finished = prepared.len() < CHUNK_ROWS;
        if let Some(lookup) = &lookup {
            conn = lookup.remember(conn, &prepared, &mut judge).await?;
        }
        for row in prepared.drain(..) {
            let judged = judge.decide(row, Reports::All);
            counts.add_kind(judged.kind, judged.action);
            rows.extend(judged.report);
        }
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
    let opted_out = opt_outs::all_phones(&mut conn).await?;
    let lookup = list.as_ref().map(|list| Lookup {
        list_id: list.id,
        max_id: i64::MAX,
    });
    let mut judge = Judge::new(plan, phone_column, opted_out);
    let mut review = ImportReview {
        list_exists: list.is_some(),
        ..ImportReview::default()
    };
    let mut seen = 0usize;
    let mut prepared = Vec::with_capacity(CHUNK_ROWS);
    let mut finished = false;
    while !finished {
        while prepared.len() < CHUNK_ROWS {
            let Some(row) = reader.next_row() else { break };
            prepared.push(judge.prepare(row?));
        }
        finished = prepared.len() < CHUNK_ROWS;
        if let Some(lookup) = &lookup {
            conn = lookup.remember(conn, &prepared, &mut judge).await?;
        }
        let mut chunk_rows = prepared.drain(..);
        while let Some(row) = chunk_rows.next() {
            if let Some(ahead) = chunk_rows.as_slice().get(PREFETCH_AHEAD - 1) {
                judge.prefetch(ahead);
            }
            let wanted = if seen < first {
                Reports::All
            } else if review.problems.len() < problems {
                Reports::Problems
            } else {
                Reports::None
            };
            let judged = judge.decide(row, wanted);
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
