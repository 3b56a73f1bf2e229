//! Writing a large import's WAL to disk while the import still builds its indexes.
//!
//! The checkpoint after a large import must sync the WAL (about a quarter of a gigabyte
//! for a million contacts) before it copies it into the database file, and the kernel has
//! written little of it by then: it starts on its own only after seconds, or when far more
//! is waiting. On the build machine that sync was 0.17 s of the checkpoint's 0.42 s, with
//! the CPU idle. Asked for from a thread of its own once the rows are in, the disk does it
//! while the import sorts its indexes (CPU work), and the checkpoint finds little left.
//!
//! Only a head start: SQLite's own syncs still make the data durable, so a failure here
//! (no WAL, a read-only file system) changes nothing but the timing. Linux only, where it
//! was measured; elsewhere a sync may flush the whole drive's cache (`F_FULLFSYNC` on
//! macOS), which SQLite itself does not ask for.

use std::path::Path;
use std::thread::JoinHandle;

/// Starts syncing the WAL of the database at `db_path` on a background thread. `None`
/// where this does nothing (not Linux) or when no thread could be started.
pub fn start(db_path: &Path) -> Option<JoinHandle<std::io::Result<()>>> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let mut wal = db_path.as_os_str().to_owned();
    wal.push("-wal");
    std::thread::Builder::new()
        .name("wal-sync".to_owned())
        .spawn(move || {
            let started = std::time::Instant::now();
            // Read-only is enough: on Linux fdatasync writes back the file, whichever
            // descriptor asks.
            let result = std::fs::File::open(&wal).and_then(|file| file.sync_data());
            match &result {
                Ok(()) => tracing::debug!(ms = started.elapsed().as_millis(), "WAL synced early"),
                Err(e) => tracing::debug!(error = %e, "WAL not synced early"),
            }
            result
        })
        .ok()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn syncs_the_wal_beside_the_database_and_reports_a_missing_one() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("whats-tip.db");
        let missing = start(&db).unwrap().join().unwrap();
        assert_eq!(missing.unwrap_err().kind(), std::io::ErrorKind::NotFound);

        std::fs::write(dir.path().join("whats-tip.db-wal"), b"frames").unwrap();
        start(&db).unwrap().join().unwrap().unwrap();
        // A head start only: the file is left as it was.
        assert_eq!(
            std::fs::read(dir.path().join("whats-tip.db-wal")).unwrap(),
            b"frames"
        );
    }
}
