//! The database's page size: 16 KiB, set when the file is created, and a database made
//! with SQLite's default 4 KiB rebuilt once at start-up, while nothing else has it open.
//!
//! Why 16 KiB (measured on the 2-core build machine, 2026-12-07, `bench-import`, medians of
//! three against the same binary with 4 KiB): SQLite stores a million-row import's contacts
//! in 2.43 s instead of 3.00 s, copies them into the database file after the commit (the WAL
//! checkpoint) in ~0.43 s instead of ~0.61 s, and a 100k-row spreadsheet imported into the
//! list that already holds a million contacts takes 1.20 s instead of 1.61 s. A page holds
//! about sixty contacts instead of fifteen: a quarter of the pages to allocate, checksum
//! into the WAL and copy back. 64 KiB was faster still for bulk loads, but every small
//! write (a campaign's journal commits 32 results at a time) would then log 64 KiB pages.

use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags};

/// The page size of the app's database.
pub const PAGE_SIZE: u32 = 16_384;

/// Larger databases keep the page size they have: rebuilding one takes about a second per
/// 100 MB here (a million contacts, 250 MB: 2.5 s), and start-up should not hang longer
/// than that once. They work the same, with slower bulk imports.
pub const REBUILD_AT_MOST_BYTES: u64 = 512 * 1024 * 1024;

/// What [`adopt`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Adoption {
    /// No database yet (or an empty file): the pool creates it with [`PAGE_SIZE`].
    New,
    /// Already at [`PAGE_SIZE`].
    Current,
    /// Rebuilt from this page size.
    Rebuilt { from: u32 },
    /// Left as it is; the reason is for the log.
    Kept { size: u32, reason: KeptReason },
    /// The file could not be read as a database, or the rebuild failed and SQLite rolled it
    /// back: the caller opens it as it is and reports any real problem from there.
    Skipped(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptReason {
    /// Another connection (the app, or `tip`) has the database open: next start.
    InUse,
    /// Larger than [`REBUILD_AT_MOST_BYTES`].
    TooLarge,
}

/// Brings an existing database to [`PAGE_SIZE`], with `VACUUM` (one transaction under a
/// rollback journal: a crash or a full disk leaves the database as it was). Call before
/// any other connection of this process opens the file. Blocking.
pub fn adopt(path: &Path) -> Adoption {
    adopt_up_to(path, REBUILD_AT_MOST_BYTES)
}

fn adopt_up_to(path: &Path, most_bytes: u64) -> Adoption {
    let bytes = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(_) => return Adoption::New,
    };
    if bytes == 0 {
        return Adoption::New;
    }
    // No CREATE flag: this never makes a file, and reads before it writes anything.
    let db = match Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        Ok(db) => db,
        Err(e) => return Adoption::Skipped(e.to_string()),
    };
    let size = match db.query_row("PRAGMA page_size", [], |row| row.get::<_, u32>(0)) {
        Ok(size) => size,
        Err(e) => return Adoption::Skipped(e.to_string()),
    };
    if size == PAGE_SIZE {
        return Adoption::Current;
    }
    if bytes > most_bytes {
        return Adoption::Kept {
            size,
            reason: KeptReason::TooLarge,
        };
    }
    match rebuild(&db) {
        Ok(()) => Adoption::Rebuilt { from: size },
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) => {
            restore_wal(&db);
            Adoption::Kept {
                size,
                reason: KeptReason::InUse,
            }
        }
        Err(e) => {
            restore_wal(&db);
            Adoption::Skipped(e.to_string())
        }
    }
}

/// The page size of a WAL database can only change under a rollback journal, and leaving
/// WAL needs the only connection: with another one open, SQLite answers "busy" at once
/// (no busy timeout here), before anything is written.
fn rebuild(db: &Connection) -> rusqlite::Result<()> {
    let mode: String = db.query_row("PRAGMA journal_mode = DELETE", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some(format!("journal mode stayed {mode}")),
        ));
    }
    db.execute_batch(&format!("PRAGMA page_size = {PAGE_SIZE}; VACUUM;"))?;
    restore_wal(db);
    Ok(())
}

/// Back to WAL, as the app's connections expect (they also ask for it when they open).
fn restore_wal(db: &Connection) {
    if let Err(e) = db.query_row("PRAGMA journal_mode = WAL", [], |row| {
        row.get::<_, String>(0)
    }) {
        tracing::warn!(error = %e, "the database could not be put back in WAL mode yet");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn legacy_database(path: &Path, contacts: usize) {
        let db = Connection::open(path).unwrap();
        db.execute_batch(
            "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;
             CREATE TABLE t (id INTEGER PRIMARY KEY, phone TEXT NOT NULL, name TEXT);
             CREATE INDEX t_phone ON t (phone);",
        )
        .unwrap();
        let tx = db.unchecked_transaction().unwrap();
        for i in 0..contacts {
            tx.execute(
                "INSERT INTO t (phone, name) VALUES (?1, ?2)",
                (format!("+55119{i:08}"), format!("Conceição {i}")),
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }

    /// A 4 KiB database in a fresh folder, with what its rows add up to.
    fn legacy_in_temp_dir(
        contacts: usize,
    ) -> (tempfile::TempDir, std::path::PathBuf, (i64, String)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.sqlite3");
        legacy_database(&path, contacts);
        let before = checksum(&path);
        (dir, path, before)
    }

    fn page_size_and_mode(path: &Path) -> (u32, String) {
        let db = Connection::open(path).unwrap();
        let size = db.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
        let mode = db
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        (size, mode)
    }

    fn checksum(path: &Path) -> (i64, String) {
        let db = Connection::open(path).unwrap();
        db.query_row(
            "SELECT count(*), group_concat(id || phone || name, ',') FROM t",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    }

    #[test]
    fn a_4k_database_is_rebuilt_with_every_row_and_back_in_wal() {
        let (_dir, path, before) = legacy_in_temp_dir(3_000);
        assert_eq!(page_size_and_mode(&path), (4096, "wal".to_owned()));

        assert_eq!(adopt(&path), Adoption::Rebuilt { from: 4096 });

        assert_eq!(page_size_and_mode(&path), (PAGE_SIZE, "wal".to_owned()));
        assert_eq!(checksum(&path), before);
        let db = Connection::open(&path).unwrap();
        let ok: String = db
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        drop(db);
        assert_eq!(adopt(&path), Adoption::Current);
    }

    #[test]
    fn a_database_larger_than_the_limit_keeps_its_pages() {
        let (_dir, path, before) = legacy_in_temp_dir(2_000);
        let bytes = std::fs::metadata(&path).unwrap().len();

        assert_eq!(
            adopt_up_to(&path, bytes - 1),
            Adoption::Kept {
                size: 4096,
                reason: KeptReason::TooLarge
            }
        );
        assert_eq!(page_size_and_mode(&path), (4096, "wal".to_owned()));
        assert_eq!(checksum(&path), before);
        assert_eq!(adopt_up_to(&path, bytes), Adoption::Rebuilt { from: 4096 });
    }

    #[test]
    fn a_database_open_elsewhere_is_left_as_it_is() {
        let (_dir, path, before) = legacy_in_temp_dir(500);
        // Another process's connection (the app while `tip` starts, say), idle.
        let other = Connection::open(&path).unwrap();
        let _: i64 = other
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();

        assert_eq!(
            adopt(&path),
            Adoption::Kept {
                size: 4096,
                reason: KeptReason::InUse
            }
        );

        let mode: String = other
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(other);
        assert_eq!(page_size_and_mode(&path), (4096, "wal".to_owned()));
        assert_eq!(checksum(&path), before);
    }

    #[test]
    fn no_file_an_empty_file_and_a_file_that_is_not_a_database_are_not_touched() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.sqlite3");
        assert_eq!(adopt(&missing), Adoption::New);
        assert!(!missing.exists(), "adopt must never create the file");

        let empty = dir.path().join("empty.sqlite3");
        std::fs::write(&empty, b"").unwrap();
        assert_eq!(adopt(&empty), Adoption::New);

        let garbage = dir.path().join("notes.sqlite3");
        let text = b"these are not the pages you are looking for".repeat(200);
        std::fs::write(&garbage, &text).unwrap();
        assert!(matches!(adopt(&garbage), Adoption::Skipped(_)));
        assert_eq!(std::fs::read(&garbage).unwrap(), text);
    }

    #[tokio::test]
    async fn the_app_makes_its_database_with_these_pages_and_brings_an_older_one_to_them() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("fresh.sqlite3");
        let db = crate::storage::Db::open(&fresh).await.unwrap();
        let size: i64 = sqlx::query_scalar("PRAGMA page_size")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(size, i64::from(PAGE_SIZE));
        db.close().await;

        let older = dir.path().join("older.sqlite3");
        legacy_database(&older, 1_000);
        let before = checksum(&older);
        let db = crate::storage::Db::open(&older).await.unwrap();
        let (size, mode): (i64, String) = (
            sqlx::query_scalar("PRAGMA page_size")
                .fetch_one(db.pool())
                .await
                .unwrap(),
            sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(db.pool())
                .await
                .unwrap(),
        );
        assert_eq!((size, mode.as_str()), (i64::from(PAGE_SIZE), "wal"));
        db.close().await;
        assert_eq!(checksum(&older), before);
    }
}
