//! The embedded SQLite database: opening (WAL, busy timeout), migrations, and all SQL,
//! one file per table.

pub mod app_meta;
pub mod contact_lists;
pub mod contact_tags;
pub mod contacts;
pub mod contacts_bulk;
mod error;
pub mod imports;
pub mod in_place;
pub mod opt_outs;
pub mod page_size;
pub mod personalisation;
pub mod phone_key;
pub mod templates;
pub mod wal_sync;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use ts_rs::TS;

pub use error::StorageError;

/// Forward-only migrations from `migrations/`, compiled into the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// For a migration's tests: a database at `path` made by the migrations before the one
/// with this description, and that migration, to run once the test has filled it.
#[cfg(test)]
pub(crate) async fn migrated_before(
    path: &Path,
    description: &str,
) -> (SqlitePool, &'static sqlx::migrate::Migration) {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let migration = MIGRATOR
        .iter()
        .find(|m| m.description == description)
        .unwrap_or_else(|| panic!("no migration {description:?}"));
    for earlier in MIGRATOR.iter().filter(|m| m.version < migration.version) {
        sqlx::raw_sql(earlier.sql.clone())
            .execute(&pool)
            .await
            .unwrap();
    }
    (pool, migration)
}

/// How long a statement waits for another writer before giving up with "locked".
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A pool over the app database. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pool: SqlitePool,
    /// One connection for the campaign journal's hot writes (see [`Db::journal_writer`]).
    journal_writer: SqlitePool,
    path: PathBuf,
}

/// What `tip doctor` and the app report about the schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MigrationStatus {
    pub applied: u32,
    pub known: u32,
    pub latest: Option<String>,
}

/// Rebuilds a database made with smaller pages, before this process opens it otherwise
/// ([`page_size`]); what happened goes to the log, and nothing here stops the app opening.
async fn adopt_page_size(path: &Path) {
    let file = path.to_path_buf();
    let started = std::time::Instant::now();
    let adoption = match tokio::task::spawn_blocking(move || page_size::adopt(&file)).await {
        Ok(adoption) => adoption,
        Err(e) => page_size::Adoption::Skipped(e.to_string()),
    };
    let ms = started.elapsed().as_millis();
    match adoption {
        page_size::Adoption::New | page_size::Adoption::Current => {}
        page_size::Adoption::Rebuilt { from } => {
            tracing::info!(
                from,
                to = page_size::PAGE_SIZE,
                ms,
                "database rebuilt with larger pages"
            )
        }
        page_size::Adoption::Kept { size, reason } => {
            tracing::info!(size, ?reason, "database keeps its page size for now")
        }
        page_size::Adoption::Skipped(error) => {
            tracing::warn!(%error, "database page size not checked")
        }
    }
}

impl Db {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub async fn open(path: &Path) -> Result<Self, StorageError> {
        Self::open_with_timeout(path, DEFAULT_BUSY_TIMEOUT).await
    }

    pub async fn open_with_timeout(
        path: &Path,
        busy_timeout: Duration,
    ) -> Result<Self, StorageError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| StorageError::Io(e.to_string()))?;
        }
        adopt_page_size(path).await;
        let options = SqliteConnectOptions::from_str("sqlite://")
            .map_err(StorageError::from_sqlx)?
            .filename(path)
            .create_if_missing(true)
            // Before the journal mode: it takes effect only while the file is still empty.
            .page_size(page_size::PAGE_SIZE)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(busy_timeout);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(busy_timeout + Duration::from_secs(5))
            .connect_with(options.clone())
            .await
            .map_err(StorageError::from_sqlx)?;
        // A quick integrity probe: a file that is not SQLite fails here, before migrating.
        sqlx::query("SELECT count(*) FROM sqlite_master")
            .execute(&pool)
            .await
            .map_err(StorageError::from_sqlx)?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(StorageError::from_migrate)?;
        // Opened lazily, after the migrations: its first statement sees the migrated schema.
        // Its wait is the queue of the other journal writes (four workers and the receipts,
        // each a short transaction) plus one busy wait on another connection's write; a
        // timeout here is a typed storage error, which pauses the campaign.
        let journal_writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(busy_timeout + Duration::from_secs(30))
            .connect_lazy_with(options);
        let db = Self {
            pool,
            journal_writer,
            path: path.to_path_buf(),
        };
        app_meta::record_open(&db).await?;
        tracing::info!(path = %db.path.display(), "database ready");
        Ok(db)
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The one connection the campaign workers' journal writes share (claims, intents,
    /// results). Unpaced, four workers write hundreds of times a second: on the shared pool
    /// they met SQLite's busy handler, which sleeps a millisecond and more between tries, and
    /// each write on another connection than the last one emptied that connection's page
    /// cache (WAL), so pages were read again. Queued on one connection, they wait only for
    /// each other and find their pages cached.
    pub fn journal_writer(&self) -> &SqlitePool {
        &self.journal_writer
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub async fn migration_status(&self) -> Result<MigrationStatus, StorageError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT version, description FROM _sqlx_migrations WHERE success = 1 ORDER BY version",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(StorageError::from_sqlx)?;
        Ok(MigrationStatus {
            applied: u32::try_from(rows.len()).unwrap_or(u32::MAX),
            known: u32::try_from(MIGRATOR.iter().count()).unwrap_or(u32::MAX),
            latest: rows.last().map(|(v, d)| format!("{v:04} {d}")),
        })
    }

    pub async fn close(&self) {
        self.journal_writer.close().await;
        self.pool.close().await;
    }
}
