//! The database on real files: WAL, migrations, and the failures the start-up screen shows.

use std::time::Duration;

use sqlx::Connection;
use whats_tip::storage::{app_meta, Db, StorageError};

#[tokio::test]
async fn opens_in_wal_mode_and_applies_every_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/app.sqlite3");
    let db = Db::open(&path).await.unwrap();
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let (timeout,): (i64,) = sqlx::query_as("PRAGMA busy_timeout")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(timeout, 5000);
    let status = db.migration_status().await.unwrap();
    assert!(status.applied >= 1);
    assert_eq!(status.applied, status.known);
    assert!(app_meta::get(&db, app_meta::FIRST_OPENED_AT)
        .await
        .unwrap()
        .is_some());
}

#[tokio::test]
async fn reopening_keeps_the_first_open_and_migrates_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite3");
    let db = Db::open(&path).await.unwrap();
    let first = app_meta::get(&db, app_meta::FIRST_OPENED_AT).await.unwrap();
    db.close().await;
    let db = Db::open(&path).await.unwrap();
    assert_eq!(
        app_meta::get(&db, app_meta::FIRST_OPENED_AT).await.unwrap(),
        first
    );
    let (count,): (i64,) = sqlx::query_as("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(i64::from(db.migration_status().await.unwrap().known), count);
}

#[tokio::test]
async fn a_file_that_is_not_sqlite_is_reported_as_corrupt_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite3");
    let garbage = vec![0x5a_u8; 8192];
    std::fs::write(&path, &garbage).unwrap();
    let result = Db::open(&path).await;
    assert!(
        matches!(result, Err(StorageError::Corrupt(_))),
        "{result:?}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        garbage,
        "the damaged file must not be touched"
    );
}

#[tokio::test]
async fn a_database_held_by_another_writer_is_reported_as_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite3");
    Db::open(&path).await.unwrap().close().await;

    let url = format!("sqlite://{}", path.display());
    let mut holder = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut holder)
        .await
        .unwrap();
    let result = Db::open_with_timeout(&path, Duration::from_millis(200)).await;
    assert!(matches!(result, Err(StorageError::Locked)), "{result:?}");
    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
}

#[tokio::test]
async fn a_database_from_a_newer_app_is_refused_not_downgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite3");
    let db = Db::open(&path).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99990101000000, 'from the future', 1, x'00', 0)",
    )
    .execute(db.pool())
    .await
    .unwrap();
    db.close().await;
    let result = Db::open(&path).await;
    assert!(
        matches!(result, Err(StorageError::NewerThanApp(99990101000000))),
        "{result:?}"
    );
}
