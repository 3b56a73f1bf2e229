//! Storage errors, classified so the UI can say "locked" or "damaged" rather than a code.

/// SQLite primary result codes we act on (the low byte of extended codes).
const SQLITE_BUSY: i64 = 5;
const SQLITE_LOCKED: i64 = 6;
const SQLITE_CORRUPT: i64 = 11;
const SQLITE_NOTADB: i64 = 26;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// Another program (often a second copy of the app) holds the database.
    #[error("the database is locked by another program")]
    Locked,
    /// The file exists but is not a readable SQLite database.
    #[error("the database file is damaged or is not a Whats TIP database: {0}")]
    Corrupt(String),
    /// The database was written by a newer version of the app.
    #[error("the database was created by a newer version of Whats TIP (migration {0})")]
    NewerThanApp(i64),
    #[error("updating the database failed: {0}")]
    Migration(String),
    #[error("file system error: {0}")]
    Io(String),
    #[error("database error: {0}")]
    Query(String),
}

impl StorageError {
    pub fn from_sqlx(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err {
            let primary = db
                .code()
                .and_then(|c| c.parse::<i64>().ok())
                .map(|c| c & 0xff);
            match primary {
                Some(SQLITE_BUSY | SQLITE_LOCKED) => return StorageError::Locked,
                Some(SQLITE_CORRUPT | SQLITE_NOTADB) => {
                    return StorageError::Corrupt(db.message().to_owned())
                }
                _ => {}
            }
        }
        match err {
            sqlx::Error::Io(e) => StorageError::Io(e.to_string()),
            sqlx::Error::PoolTimedOut => StorageError::Locked,
            other => StorageError::Query(other.to_string()),
        }
    }

    pub fn from_migrate(err: sqlx::migrate::MigrateError) -> Self {
        use sqlx::migrate::MigrateError;
        match err {
            MigrateError::Execute(e) => match Self::from_sqlx(e) {
                StorageError::Query(msg) => StorageError::Migration(msg),
                classified => classified,
            },
            MigrateError::VersionMissing(v) => StorageError::NewerThanApp(v),
            other => StorageError::Migration(other.to_string()),
        }
    }
}
