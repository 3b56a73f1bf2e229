//! An import's contact inserts, and its lookups of numbers in the target list, stepped
//! through SQLite's own API on the import's sqlx connection: same connection, so the same
//! transaction, pragmas and error handling after.
//!
//! Through sqlx, each value of each row was boxed into an argument list, sent over a
//! channel to the connection's worker thread, copied by SQLite and freed there; a
//! million-row import spent about 3 s of CPU on that, more than SQLite spent inserting.
//! Here a blocking thread takes the connection, locks it (`lock_handle`: sqlx's worker
//! waits until the lock is dropped), wraps the same `sqlite3*` in a rusqlite connection
//! that does not own it, and works through a short queue of jobs
//! ([`InsertWorker`]): chunks of contacts, each row one step of a prepared single-row
//! INSERT with its text bound in place ([`super::in_place`]), and lookups of numbers (one
//! prepared SELECT per [`phone_key`]).

use std::marker::PhantomData;
use std::ops::Deref;
use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqliteConnection};

use super::contacts::{ContactLineKind, NewContactRow, PhoneVerdict};
use super::in_place::{InPlaceStatement, Value};
use super::phone_key::{number_of_key, pair_of, phone_key};
use super::StorageError;

type Conn = PoolConnection<Sqlite>;

/// Inserts the contacts of one import. Built once per import: the values shared by every
/// row (list, import, creation time) are written into the statement's text, so each row
/// binds only its own twelve values. (SQLite's `strftime('now')` defaults, evaluated twice
/// per row, cost more than writing the stamp once.)
#[derive(Debug, Clone)]
pub struct ContactInserter {
    sql: Arc<str>,
}

impl ContactInserter {
    /// `created_at` (see [`super::contacts::now`]) stamps every row as created and updated.
    pub fn new(list_id: i64, import_id: Option<i64>, created_at: &str) -> Self {
        let import_id = import_id.map_or_else(|| "NULL".to_owned(), |id| id.to_string());
        // A string literal: quotes doubled, as SQL wants.
        let stamp = format!("'{}'", created_at.replace('\'', "''"));
        // The line kind and the verdict are bound as small integers; the CASE picks a
        // constant string.
        let sql = format!(
            "INSERT INTO contacts (name, phone_e164, phone_original, phone_alternative, \
             line_kind, email, company, city, custom_fields, phone_verdict, phone_changes, \
             phone_key, list_id, import_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, \
             CASE ?5 WHEN 0 THEN 'mobile' WHEN 1 THEN 'landline' ELSE 'unknown' END, \
             ?6, ?7, ?8, ?9, CASE ?10 WHEN 0 THEN 'ok' WHEN 1 THEN 'repaired' ELSE 'duplicate' END, \
             ?11, ?12, {list_id}, {import_id}, {stamp}, {stamp})"
        );
        Self { sql: sql.into() }
    }

    /// Starts the thread that writes this import's contacts: it owns `conn` until
    /// [`InsertWorker::finish`], and works through what it is sent in order. Call inside
    /// the import's transaction, from a Tokio runtime.
    pub fn start(&self, mut conn: Conn) -> InsertWorker {
        let sql = self.sql.clone();
        let (jobs, mut queue) = tokio::sync::mpsc::channel(QUEUED_JOBS);
        let (written_back, written) = tokio::sync::mpsc::unbounded_channel();
        let thread = tokio::task::spawn_blocking(move || {
            let inserted = locked(&mut conn, |db| work(db, &sql, &mut queue, &written_back));
            Finished { conn, inserted }
        });
        InsertWorker {
            jobs,
            written,
            thread,
        }
    }
}

/// Jobs an [`InsertWorker`] holds before [`InsertWorker::insert`] waits for it: enough that
/// neither side waits for the other over one chunk that is slow to judge or to write, and
/// that the writer still has chunks to insert while the judging reads the next window of a
/// same-list import; few enough to keep memory flat (8 chunks of 500 contacts, ~2 MB).
/// Measured on 100k rows into the list of a million, three interleaved runs each: the
/// judging waited 134-169 ms for SQLite with 2, 28-79 ms with 8, 10-14 ms with 32 (whose
/// lookups then waited longer behind the queue: 243-309 ms against 187-227 ms); the rows'
/// phase took 441-503, 355-476 and 378-497 ms.
const QUEUED_JOBS: usize = 8;

/// The thread writing an import's contacts, with its connection (see
/// [`ContactInserter::start`]). Handing it a chunk returns at once: the caller judges the
/// next chunk while this one is written, and neither waits for the other chunk by chunk.
#[derive(Debug)]
pub struct InsertWorker {
    jobs: tokio::sync::mpsc::Sender<Job>,
    written: tokio::sync::mpsc::UnboundedReceiver<Vec<NewContactRow>>,
    thread: tokio::task::JoinHandle<Finished>,
}

#[derive(Debug)]
enum Job {
    Insert(Vec<NewContactRow>),
    LookUp(Probe, FoundSender),
}

/// What an [`InsertWorker`] gives back.
#[derive(Debug)]
pub struct Finished {
    pub conn: Conn,
    /// Contacts inserted, or the error that stopped the worker.
    pub inserted: Result<u64, StorageError>,
}

/// The worker stopped before it took a job, after an error: [`InsertWorker::finish`] says
/// which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped;

impl InsertWorker {
    /// Queues `rows` to be inserted after the jobs before them. Waits only while the
    /// worker already holds [`QUEUED_JOBS`] jobs.
    pub async fn insert(&mut self, rows: Vec<NewContactRow>) -> Result<(), Stopped> {
        self.jobs.send(Job::Insert(rows)).await.map_err(|_| Stopped)
    }

    /// Looks `probe`'s numbers up among the list's contacts, after the jobs queued before.
    ///
    /// Stepping one prepared `SELECT` per number (sorted by key, so neighbours share index
    /// pages) costs about a third of the same lookups through sqlx (a JSON array of the
    /// chunk's numbers, bound, parsed by `json_each` and sent back over sqlx's channel), and
    /// the pages they read are the ones the inserts update next.
    pub async fn look_up(
        &mut self,
        probe: Probe,
    ) -> Result<Result<Vec<(i64, String)>, StorageError>, Stopped> {
        let (found, answer) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Job::LookUp(probe, found))
            .await
            .map_err(|_| Stopped)?;
        answer.await.map_err(|_| Stopped)
    }

    /// Frees the rows written so far here: their strings were allocated on the caller's
    /// thread, and freeing them there keeps the worker out of that thread's allocator
    /// arena (freeing them on the worker contended with the judging for its lock).
    pub fn free_written(&mut self) {
        while let Ok(rows) = self.written.try_recv() {
            drop(rows);
        }
    }

    /// Waits for every queued job and gives the connection back. An error joining means
    /// the thread panicked, and the connection (with the transaction) went with it.
    pub async fn finish(self) -> Result<Finished, tokio::task::JoinError> {
        let Self {
            jobs,
            mut written,
            thread,
        } = self;
        drop(jobs);
        let finished = thread.await;
        written.close();
        while let Ok(rows) = written.try_recv() {
            drop(rows);
        }
        finished
    }
}

/// The worker's loop: every job in order, until the queue closes or a job fails.
fn work(
    db: &rusqlite::Connection,
    sql: &str,
    queue: &mut tokio::sync::mpsc::Receiver<Job>,
    written: &tokio::sync::mpsc::UnboundedSender<Vec<NewContactRow>>,
) -> Result<u64, StorageError> {
    let mut statement = InPlaceStatement::prepare(db, sql).map_err(from_rusqlite)?;
    let mut inserted = 0;
    while let Some(job) = queue.blocking_recv() {
        match job {
            Job::Insert(rows) => {
                inserted += insert(&mut statement, &rows)?;
                // A caller that stopped listening leaves them to be freed here.
                let _ = written.send(rows);
            }
            Job::LookUp(probe, found) => {
                let result = look_up(db, &probe);
                let failed = result.is_err();
                // A caller that stopped waiting is no reason to stop: it settles later.
                let _ = found.send(result);
                if failed {
                    // The caller has the error and rolls the import back.
                    break;
                }
            }
        }
    }
    Ok(inserted)
}

/// Numbers to look up among one list's contacts (see [`InsertWorker::look_up`]).
#[derive(Debug, Clone, Default)]
pub struct Probe {
    pub list_id: i64,
    /// Contacts with a higher id were inserted by this import: not "already in the list".
    pub max_id: i64,
    /// The [`phone_key`]s of the numbers, in any order, repeats allowed.
    keys: Vec<i64>,
    /// Numbers without a key (none come out of phone repair), found by their text.
    unkeyed: Vec<String>,
}

impl Probe {
    pub fn new(list_id: i64, max_id: i64) -> Self {
        Self {
            list_id,
            max_id,
            ..Self::default()
        }
    }

    /// Room for `numbers` numbers without growing.
    pub fn with_capacity(list_id: i64, max_id: i64, numbers: usize) -> Self {
        Self {
            keys: Vec::with_capacity(numbers),
            ..Self::new(list_id, max_id)
        }
    }

    /// Looks up `e164`: the contacts stored under it and, for a Brazilian mobile, under its
    /// other form (with or without the 9th digit), the pair phone repair gives as
    /// `alternative`. Adding both forms costs no more than one.
    pub fn add(&mut self, e164: &str) {
        match phone_key(e164) {
            Some(key) => self.keys.push(key),
            None => self.unkeyed.push(e164.to_owned()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.unkeyed.is_empty()
    }
}

/// Where the list's contacts stored under a probe's numbers go, as `(id, phone_e164)`:
/// every contact, so several when the list keeps duplicates.
type FoundSender = tokio::sync::oneshot::Sender<Result<Vec<(i64, String)>, StorageError>>;

/// Looks `probe`'s numbers up outside an import (the dry runs), on a blocking thread that
/// holds the connection meanwhile, and gives it back with what it found: the same lookups
/// as [`InsertWorker::look_up`]'s, so the preview judges duplicates exactly as
/// the import will. Each number is one probe of the list's key index, so the cost follows
/// the file, not the list.
pub async fn find_numbers(
    mut conn: Conn,
    probe: Probe,
) -> Result<(Conn, Vec<(i64, String)>), StorageError> {
    if probe.is_empty() {
        return Ok((conn, Vec::new()));
    }
    tokio::task::spawn_blocking(move || {
        let found = locked(&mut conn, |db| look_up(db, &probe))?;
        Ok((conn, found))
    })
    .await
    .map_err(|e| StorageError::Query(format!("the numbers could not be looked up: {e}")))?
}

// `+id` keeps the planner on the (list_id, phone_key) index: the id bound filters what it
// finds and is no range to scan. The index holds the key, so the stored number comes back
// without reading the table row.
const LOOK_UP: &str = "SELECT id, phone_key FROM contacts \
     WHERE list_id = ?1 AND phone_key BETWEEN ?2 AND ?3 AND +id <= ?4";
const LOOK_UP_UNKEYED: &str = "SELECT id FROM contacts \
     WHERE list_id = ?1 AND phone_key IS NULL AND phone_e164 = ?2 AND +id <= ?3";

fn look_up(db: &rusqlite::Connection, probe: &Probe) -> Result<Vec<(i64, String)>, StorageError> {
    // One range per pair of forms.
    let mut pairs: Vec<i64> = probe.keys.iter().map(|&key| pair_of(key).0).collect();
    pairs.sort_unstable();
    pairs.dedup();
    // About one contact a pair when the list and the file overlap.
    let mut found = Vec::with_capacity(pairs.len());
    let mut statement = db.prepare(LOOK_UP).map_err(from_rusqlite)?;
    for low in pairs {
        let high = pair_of(low).1;
        let mut rows = statement
            .query((probe.list_id, low, high, probe.max_id))
            .map_err(from_rusqlite)?;
        while let Some(row) = rows.next().map_err(from_rusqlite)? {
            let id: i64 = row.get(0).map_err(from_rusqlite)?;
            let key: i64 = row.get(1).map_err(from_rusqlite)?;
            let number = number_of_key(key).ok_or_else(|| {
                StorageError::Query(format!("contact {id} has a phone key of no number: {key}"))
            })?;
            found.push((id, number));
        }
    }
    if !probe.unkeyed.is_empty() {
        let mut numbers: Vec<&str> = probe.unkeyed.iter().map(String::as_str).collect();
        numbers.sort_unstable();
        numbers.dedup();
        let mut statement = db.prepare(LOOK_UP_UNKEYED).map_err(from_rusqlite)?;
        for number in numbers {
            let mut rows = statement
                .query((probe.list_id, number, probe.max_id))
                .map_err(from_rusqlite)?;
            while let Some(row) = rows.next().map_err(from_rusqlite)? {
                found.push((row.get(0).map_err(from_rusqlite)?, number.to_owned()));
            }
        }
    }
    Ok(found)
}

/// Runs `work` on the connection's own handle, locked away from sqlx meanwhile.
fn locked<T>(
    conn: &mut SqliteConnection,
    work: impl FnOnce(&rusqlite::Connection) -> Result<T, StorageError>,
) -> Result<T, StorageError> {
    let runtime = tokio::runtime::Handle::try_current()
        .map_err(|e| StorageError::Query(format!("bulk insert outside a runtime: {e}")))?;
    let mut locked = runtime
        .block_on(conn.lock_handle())
        .map_err(StorageError::from_sqlx)?;
    let db = BorrowedDb::new(&mut locked)?;
    work(&db)
}

fn insert(
    statement: &mut InPlaceStatement<'_>,
    rows: &[NewContactRow],
) -> Result<u64, StorageError> {
    let mut inserted = 0;
    for row in rows {
        let kind = match row.line_kind {
            ContactLineKind::Mobile => 0,
            ContactLineKind::Landline => 1,
            ContactLineKind::Unknown => 2,
        };
        let verdict = match row.phone_verdict {
            PhoneVerdict::Ok => 0,
            PhoneVerdict::Repaired => 1,
            PhoneVerdict::Duplicate => 2,
        };
        inserted += statement
            .execute(&[
                row.name.as_deref().into(),
                Value::Text(&row.phone_e164),
                Value::Text(&row.phone_original),
                row.phone_alternative.as_deref().into(),
                Value::Int(kind),
                row.email.as_deref().into(),
                row.company.as_deref().into(),
                row.city.as_deref().into(),
                Value::Text(&row.custom_fields),
                Value::Int(verdict),
                row.phone_changes.as_deref().into(),
                phone_key(&row.phone_e164).map_or(Value::Null, Value::Int),
            ])
            .map_err(from_rusqlite)?;
    }
    Ok(inserted)
}

/// A locked sqlx connection's handle as a rusqlite connection that never closes it. It
/// borrows the lock mutably, so the lock (and with it sqlx's claim on the handle) cannot be
/// released, or the handle used through sqlx, while this lives; statements borrow this,
/// so they are finalized first.
struct BorrowedDb<'lock> {
    db: rusqlite::Connection,
    _lock: PhantomData<&'lock mut ()>,
}

impl<'lock> BorrowedDb<'lock> {
    #[allow(unsafe_code)]
    fn new(locked: &'lock mut sqlx::sqlite::LockedSqliteHandle<'_>) -> Result<Self, StorageError> {
        let raw = locked.as_raw_handle().as_ptr();
        // SAFETY: `raw` is a valid, open `sqlite3*` (sqlx's), and nothing else uses it
        // while the returned connection lives: sqlx's worker waits on the lock held by
        // `locked`, which this borrows for its whole life. sqlx opens connections in
        // SQLite's multi-thread mode (`SQLITE_OPEN_NOMUTEX`, as `storage::Db` leaves
        // `serialized` off; serialized mode would allow this too), where a connection may
        // be used from any one thread at a time. `from_handle` (not `from_handle_owned`) never closes the handle: sqlx
        // still owns it.
        let db = unsafe { rusqlite::Connection::from_handle(raw) }.map_err(from_rusqlite)?;
        Ok(Self {
            db,
            _lock: PhantomData,
        })
    }
}

impl Deref for BorrowedDb<'_> {
    type Target = rusqlite::Connection;

    fn deref(&self) -> &Self::Target {
        &self.db
    }
}

fn from_rusqlite(err: rusqlite::Error) -> StorageError {
    match &err {
        rusqlite::Error::SqliteFailure(failure, message) => match failure.code {
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                StorageError::Locked
            }
            rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase => {
                StorageError::Corrupt(message.clone().unwrap_or_else(|| failure.to_string()))
            }
            rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::SystemIoFailure => {
                StorageError::Io(err.to_string())
            }
            _ => StorageError::Query(err.to_string()),
        },
        _ => StorageError::Query(err.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{imports, Db};

    fn row(phone: &str, name: Option<&str>) -> NewContactRow {
        NewContactRow {
            name: name.map(str::to_owned),
            phone_e164: phone.to_owned(),
            phone_original: format!("({phone})"),
            phone_alternative: Some(format!("{phone}0")),
            line_kind: ContactLineKind::Landline,
            email: Some("ana@example.com".to_owned()),
            company: None,
            city: Some("Recife".to_owned()),
            custom_fields: r#"{"bairro":"Boa Viagem"}"#.to_owned(),
            phone_verdict: PhoneVerdict::Repaired,
            phone_changes: Some(Arc::from(r#"[{"kind":"addedCountryCode"}]"#)),
        }
    }

    #[derive(Debug, PartialEq, sqlx::FromRow)]
    struct Stored {
        list_id: i64,
        name: Option<String>,
        phone_e164: String,
        phone_original: String,
        phone_alternative: Option<String>,
        line_kind: String,
        email: Option<String>,
        company: Option<String>,
        city: Option<String>,
        custom_fields: String,
        import_id: Option<i64>,
        phone_verdict: String,
        phone_changes: Option<String>,
        created_at: String,
        updated_at: String,
    }

    /// A fresh database holding empty lists with these ids, and a connection to it.
    async fn with_lists(ids: &[i64]) -> (tempfile::TempDir, Db, Conn) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("app.sqlite3")).await.unwrap();
        let mut conn = db.pool().acquire().await.unwrap();
        for id in ids {
            sqlx::query("INSERT INTO contact_lists (id, name, name_key) VALUES (?1, ?1, ?1)")
                .bind(id)
                .execute(&mut *conn)
                .await
                .unwrap();
        }
        (dir, db, conn)
    }

    /// Writes `rows` on a worker of its own and gives the connection back.
    async fn write(inserter: &ContactInserter, conn: Conn, rows: Vec<NewContactRow>) -> Finished {
        let mut worker = inserter.start(conn);
        worker.insert(rows).await.unwrap();
        worker.finish().await.unwrap()
    }

    #[tokio::test(flavor = "current_thread")]
    async fn rows_go_into_the_sqlx_transaction_and_sqlx_works_after() {
        let (_dir, _db, mut conn) = with_lists(&[7]).await;
        imports::begin(&mut conn).await.unwrap();
        let inserter = ContactInserter::new(7, None, "2026-12-06T10:00:00.000Z");
        let done = write(
            &inserter,
            conn,
            vec![
                row("+5581987654321", Some("Ana")),
                row("+558133334444", None),
            ],
        )
        .await;
        assert_eq!(done.inserted.unwrap(), 2);
        let done = write(&inserter, done.conn, Vec::new()).await;
        assert_eq!(done.inserted.unwrap(), 0);
        let mut conn = done.conn;

        // The same transaction: sqlx sees the rows before the commit...
        let stored: Vec<Stored> = sqlx::query_as(
            "SELECT list_id, name, phone_e164, phone_original, phone_alternative, line_kind,
                    email, company, city, custom_fields, import_id, phone_verdict,
                    phone_changes, created_at, updated_at
             FROM contacts ORDER BY id",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        assert_eq!(stored.len(), 2);
        assert_eq!(
            stored[0],
            Stored {
                list_id: 7,
                name: Some("Ana".to_owned()),
                phone_e164: "+5581987654321".to_owned(),
                phone_original: "(+5581987654321)".to_owned(),
                phone_alternative: Some("+55819876543210".to_owned()),
                line_kind: "landline".to_owned(),
                email: Some("ana@example.com".to_owned()),
                company: None,
                city: Some("Recife".to_owned()),
                custom_fields: r#"{"bairro":"Boa Viagem"}"#.to_owned(),
                import_id: None,
                phone_verdict: "repaired".to_owned(),
                phone_changes: Some(r#"[{"kind":"addedCountryCode"}]"#.to_owned()),
                created_at: "2026-12-06T10:00:00.000Z".to_owned(),
                updated_at: "2026-12-06T10:00:00.000Z".to_owned(),
            }
        );
        assert_eq!(stored[1].name, None);
        assert_eq!(stored[1].phone_e164, "+558133334444");
        // ... and a rollback takes them away with the rest of the transaction.
        imports::rollback(&mut conn).await.unwrap();
        let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM contacts")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(n, 0);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn the_worker_takes_its_jobs_in_order_and_lookups_skip_what_the_import_wrote() {
        let (_dir, _db, mut conn) = with_lists(&[7, 8]).await;
        imports::begin(&mut conn).await.unwrap();
        let in_seven = ContactInserter::new(7, None, "2026-12-06T10:00:00.000Z");
        let in_eight = ContactInserter::new(8, None, "2026-12-06T10:00:00.000Z");
        // Ids 1-2 in list 7, 3 in list 8: there before "the import".
        let done = write(
            &in_seven,
            conn,
            vec![row("+5581987654321", None), row("+558133334444", None)],
        )
        .await;
        let done = write(&in_eight, done.conn, vec![row("+5511999990000", None)]).await;
        let probe = || {
            let mut probe = Probe::new(7, 3);
            for number in [
                "+5581987654321",
                "+5511999990000",
                "+558133334444",
                "+5581987654321",
                "+5521988887777",
            ] {
                probe.add(number);
            }
            probe
        };
        // The import's worker: more chunks than its queue holds, repeats of the list's
        // numbers among them (ids 4 and up, above the bound), a lookup between them.
        let chunks = QUEUED_JOBS + 3;
        let mut worker = in_seven.start(done.conn);
        for chunk in 0..chunks {
            let rows = (0..100)
                .map(|i| row(&format!("+55119{chunk:02}{i:06}"), None))
                .chain([row("+5581987654321", None), row("+5521988887777", None)])
                .collect();
            worker.insert(rows).await.unwrap();
            if chunk == QUEUED_JOBS / 2 {
                let mut found = worker.look_up(probe()).await.unwrap().unwrap();
                found.sort();
                assert_eq!(
                    found,
                    [
                        (1, "+5581987654321".to_owned()),
                        (2, "+558133334444".to_owned())
                    ],
                    "list 8's number and the rows above max_id are not found"
                );
            }
        }
        let done = worker.finish().await.unwrap();
        assert_eq!(done.inserted.unwrap(), chunks as u64 * 102);
        let mut conn = done.conn;
        // In the order handed over: ids follow the chunks.
        let phones: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, phone_e164 FROM contacts WHERE list_id = 7 AND id > 3 ORDER BY id",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        let expected: Vec<String> = (0..chunks)
            .flat_map(|chunk| {
                (0..100)
                    .map(move |i| format!("+55119{chunk:02}{i:06}"))
                    .chain(["+5581987654321".to_owned(), "+5521988887777".to_owned()])
            })
            .collect();
        assert_eq!(
            phones.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>(),
            expected
        );
        assert_eq!(phones.first().map(|(id, _)| *id), Some(4));
        imports::rollback(&mut conn).await.unwrap();
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_failed_chunk_stops_the_worker_and_the_jobs_behind_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("app.sqlite3")).await.unwrap();
        let mut conn = db.pool().acquire().await.unwrap();
        imports::begin(&mut conn).await.unwrap();
        // No list 99: the foreign key refuses the rows.
        let mut worker = ContactInserter::new(99, None, "2026-12-06T10:00:00.000Z").start(conn);
        worker
            .insert(vec![row("+5581987654321", None)])
            .await
            .unwrap();
        // Queued behind the failure, or refused once the worker stopped: never answered.
        let mut probe = Probe::new(99, 0);
        probe.add("+5581987654321");
        assert!(matches!(worker.look_up(probe).await, Err(Stopped)));
        assert_eq!(
            worker.insert(vec![row("+558133334444", None)]).await,
            Err(Stopped)
        );
        let done = worker.finish().await.unwrap();
        match done.inserted {
            Err(StorageError::Query(message)) => {
                assert!(message.contains("FOREIGN KEY"), "{message}")
            }
            other => panic!("expected a query error, got {other:?}"),
        }
        let mut conn = done.conn;
        imports::rollback(&mut conn).await.unwrap();
        let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM contacts")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(n, 0);
    }

    #[tokio::test]
    async fn dry_run_lookups_find_the_list_numbers_in_either_form_by_probing_its_key_index() {
        let (_dir, _db, mut conn) = with_lists(&[1, 2]).await;
        for (list, phone) in [
            (1, "+5511987654321"),
            (2, "+5511987654321"),
            (1, "+551187654321"),
            (1, "+5521998765432"),
            (1, "+5511987654321"),
            // Not E.164 (a hand-made row): no key, found by its text.
            (1, "+0800 123"),
            (1, "+551133334444"),
        ] {
            sqlx::query(
                "INSERT INTO contacts (list_id, phone_e164, phone_original, line_kind, phone_key)
                 VALUES (?, ?, ?, 'mobile', ?)",
            )
            .bind(list)
            .bind(phone)
            .bind(phone)
            .bind(phone_key(phone))
            .execute(&mut *conn)
            .await
            .unwrap();
        }
        let probe = |max_id, numbers: &[&str]| {
            let mut probe = Probe::new(1, max_id);
            for number in numbers {
                probe.add(number);
            }
            probe
        };
        let (conn, mut found) = find_numbers(conn, probe(4, &["+551187654321", "+5531900000000"]))
            .await
            .unwrap();
        found.sort();
        // Both forms of the number, read back from the key. Contact 2 is another list's,
        // contact 5 came after the bound.
        assert_eq!(
            found,
            [
                (1, "+5511987654321".to_owned()),
                (3, "+551187654321".to_owned())
            ]
        );
        let (conn, found) = find_numbers(conn, probe(4, &[])).await.unwrap();
        assert!(found.is_empty());
        // A landline is no mobile's other form, and a number without a key is found by
        // its text.
        let (conn, mut found) = find_numbers(
            conn,
            probe(9, &["+551133334444", "+0800 123", "+55113333444"]),
        )
        .await
        .unwrap();
        found.sort();
        assert_eq!(
            found,
            [(6, "+0800 123".to_owned()), (7, "+551133334444".to_owned())]
        );
        // Many numbers at once.
        let many: Vec<String> = (0..2_500).map(|i| format!("+55119{i:08}")).collect();
        let mut numbers: Vec<&str> = many.iter().map(String::as_str).collect();
        numbers.push("+5521998765432");
        let (mut conn, found) = find_numbers(conn, probe(i64::MAX, &numbers)).await.unwrap();
        assert_eq!(found, [(4, "+5521998765432".to_owned())]);

        // One probe of the index per pair of forms, whatever the size of the list or the
        // table, and the table's rows are not read. (Unbound parameters read as NULL; the
        // plan does not depend on them.)
        for (sql, plan_step) in [
            (LOOK_UP, "SEARCH contacts USING COVERING INDEX contacts_list_key (list_id=? AND phone_key>? AND phone_key<?)"),
            (LOOK_UP_UNKEYED, "SEARCH contacts USING INDEX contacts_list_key (list_id=? AND phone_key=?)"),
        ] {
            let plan: Vec<(i64, i64, i64, String)> =
                sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
                    .fetch_all(&mut *conn)
                    .await
                    .unwrap();
            assert!(
                plan.iter().any(|(.., detail)| detail.contains(plan_step)),
                "{sql}: {plan:?}"
            );
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn inserted_rows_carry_their_phone_key() {
        let (_dir, _db, conn) = with_lists(&[7]).await;
        let inserter = ContactInserter::new(7, None, "2026-12-06T10:00:00.000Z");
        let done = write(
            &inserter,
            conn,
            vec![
                row("+5581987654321", None),
                row("+558133334444", None),
                row("+0800 123", None),
            ],
        )
        .await;
        assert_eq!(done.inserted.unwrap(), 3);
        let mut conn = done.conn;
        let keys: Vec<(String, Option<i64>)> =
            sqlx::query_as("SELECT phone_e164, phone_key FROM contacts ORDER BY id")
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        assert_eq!(
            keys,
            [
                ("+5581987654321".to_owned(), Some(558_187_654_321 * 2 + 1)),
                ("+558133334444".to_owned(), Some(558_133_334_444 * 2)),
                ("+0800 123".to_owned(), None),
            ]
        );
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_refused_row_is_a_typed_error_and_leaves_the_connection_usable() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("app.sqlite3")).await.unwrap();
        let conn = db.pool().acquire().await.unwrap();
        // No list 99: the foreign key refuses the row.
        let inserter = ContactInserter::new(99, None, "2026-12-06T10:00:00.000Z");
        let done = write(&inserter, conn, vec![row("+5581987654321", None)]).await;
        let mut conn = done.conn;
        match done.inserted {
            Err(StorageError::Query(message)) => {
                assert!(message.contains("FOREIGN KEY"), "{message}")
            }
            other => panic!("expected a query error, got {other:?}"),
        }
        let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM contacts")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(n, 0);
    }
}
