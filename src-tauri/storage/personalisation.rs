//! `personalisation_runs` and `personalised_messages`: per-contact AI messages, written one
//! by one as they arrive so an interrupted run resumes without asking twice.

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::{Db, StorageError};

/// Rows per multi-row INSERT (8 values each: far below SQLite's bound-parameter limit).
const INSERT_BATCH_ROWS: usize = 500;

pub const STATUS_READY: &str = "ready";
pub const STATUS_RUNNING: &str = "running";
pub const STATUS_PAUSED: &str = "paused";
pub const STATUS_COMPLETED: &str = "completed";
pub const STATUS_APPROVED: &str = "approved";

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RunRow {
    pub id: i64,
    pub template_id: Option<i64>,
    pub list_id: Option<i64>,
    pub body: String,
    pub model: String,
    pub language: String,
    pub status: String,
    pub created_at: String,
    pub updated_at: String,
    pub approved_at: Option<String>,
}

/// What a new run records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRun {
    pub template_id: Option<i64>,
    pub list_id: i64,
    pub body: String,
    pub model: String,
    pub language: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub position: i64,
    pub contact_id: i64,
    pub contact_name: Option<String>,
    pub phone_e164: String,
    /// The contact's merge values as a JSON object.
    pub fields: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MessageRow {
    pub run_id: i64,
    pub position: i64,
    pub contact_id: i64,
    pub contact_name: Option<String>,
    pub phone_e164: String,
    pub fields: String,
    pub status: String,
    pub text: Option<String>,
    pub error_code: Option<String>,
    pub error_detail: Option<String>,
    pub attempts: i64,
    pub input_tokens: Option<i64>,
    pub output_tokens: Option<i64>,
    pub updated_at: String,
}

/// Rows by status, and the tokens spent so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct RunCounts {
    pub total: i64,
    pub pending: i64,
    pub done: i64,
    pub failed: i64,
    pub edited: i64,
    pub input_tokens: i64,
    pub output_tokens: i64,
}

/// How one request ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageResult {
    Done {
        text: String,
        input_tokens: Option<i64>,
        output_tokens: Option<i64>,
    },
    Failed {
        code: String,
        detail: String,
    },
}

const RUN_COLUMNS: &str =
    "id, template_id, list_id, body, model, language, status, created_at, updated_at, approved_at";

pub async fn create_run(conn: &mut SqliteConnection, run: &NewRun) -> Result<i64, StorageError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO personalisation_runs (template_id, list_id, body, model, language)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(run.template_id)
    .bind(run.list_id)
    .bind(&run.body)
    .bind(&run.model)
    .bind(&run.language)
    .fetch_one(conn)
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(id)
}

/// Adds the run's rows; call inside the transaction that created the run.
pub async fn insert_messages(
    conn: &mut SqliteConnection,
    run_id: i64,
    messages: Vec<NewMessage>,
) -> Result<(), StorageError> {
    let mut rest = messages;
    while !rest.is_empty() {
        let tail = rest.split_off(rest.len().min(INSERT_BATCH_ROWS));
        let chunk = std::mem::replace(&mut rest, tail);
        let mut builder: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO personalised_messages
                 (run_id, position, contact_id, contact_name, phone_e164, fields) ",
        );
        builder.push_values(chunk, |mut b, m| {
            b.push_bind(run_id)
                .push_bind(m.position)
                .push_bind(m.contact_id)
                .push_bind(m.contact_name)
                .push_bind(m.phone_e164)
                .push_bind(m.fields);
        });
        builder
            .build()
            .execute(&mut *conn)
            .await
            .map_err(StorageError::from_sqlx)?;
    }
    Ok(())
}

pub async fn get_run(db: &Db, id: i64) -> Result<Option<RunRow>, StorageError> {
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT ");
    q.push(RUN_COLUMNS)
        .push(" FROM personalisation_runs WHERE id = ")
        .push_bind(id);
    q.build_query_as()
        .fetch_optional(db.pool())
        .await
        .map_err(StorageError::from_sqlx)
}

/// Newest first.
pub async fn list_runs(db: &Db) -> Result<Vec<RunRow>, StorageError> {
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT ");
    q.push(RUN_COLUMNS)
        .push(" FROM personalisation_runs ORDER BY id DESC");
    q.build_query_as()
        .fetch_all(db.pool())
        .await
        .map_err(StorageError::from_sqlx)
}

pub async fn set_status(db: &Db, id: i64, status: &str) -> Result<bool, StorageError> {
    let done = sqlx::query(
        "UPDATE personalisation_runs
         SET status = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ?",
    )
    .bind(status)
    .bind(id)
    .execute(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected() > 0)
}

/// Marks a completed run approved. False when the run is not completed (rows still
/// pending or failed, or already approved).
pub async fn approve(db: &Db, id: i64) -> Result<bool, StorageError> {
    let done = sqlx::query(
        "UPDATE personalisation_runs
         SET status = 'approved',
             approved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? AND status = 'completed'",
    )
    .bind(id)
    .execute(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected() > 0)
}

/// Runs left `running` by a crash become `paused`; returns their ids.
pub async fn pause_interrupted(db: &Db) -> Result<Vec<i64>, StorageError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "UPDATE personalisation_runs
         SET status = 'paused', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE status = 'running' RETURNING id",
    )
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

const MESSAGE_COLUMNS: &str = "run_id, position, contact_id, contact_name, phone_e164, fields, status, text, error_code, error_detail, attempts, input_tokens, output_tokens, updated_at";

/// The next pending rows after `after` (a position), in list order. A cursor rather than
/// "the first pending rows", because rows in flight are still pending.
pub async fn pending_after(
    db: &Db,
    run_id: i64,
    after: i64,
    limit: u32,
) -> Result<Vec<MessageRow>, StorageError> {
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT ");
    q.push(MESSAGE_COLUMNS)
        .push(" FROM personalised_messages WHERE run_id = ")
        .push_bind(run_id)
        .push(" AND status = 'pending' AND position > ")
        .push_bind(after)
        .push(" ORDER BY position LIMIT ")
        .push_bind(i64::from(limit));
    q.build_query_as()
        .fetch_all(db.pool())
        .await
        .map_err(StorageError::from_sqlx)
}

/// A page for the review screen; `status` `None` means every row.
pub async fn page(
    db: &Db,
    run_id: i64,
    status: Option<&str>,
    offset: u64,
    limit: u32,
) -> Result<Vec<MessageRow>, StorageError> {
    let mut q: QueryBuilder<Sqlite> = QueryBuilder::new("SELECT ");
    q.push(MESSAGE_COLUMNS)
        .push(" FROM personalised_messages WHERE run_id = ")
        .push_bind(run_id);
    if let Some(status) = status {
        q.push(" AND status = ").push_bind(status.to_owned());
    }
    q.push(" ORDER BY position LIMIT ")
        .push_bind(i64::from(limit))
        .push(" OFFSET ")
        .push_bind(i64::try_from(offset).unwrap_or(i64::MAX));
    q.build_query_as()
        .fetch_all(db.pool())
        .await
        .map_err(StorageError::from_sqlx)
}

/// Records one answer. Only a pending row changes: a result arriving after the user
/// edited the row by hand never overwrites the edit.
pub async fn save_result(
    db: &Db,
    run_id: i64,
    position: i64,
    result: &MessageResult,
) -> Result<bool, StorageError> {
    let (status, text, code, detail, input, output) = match result {
        MessageResult::Done {
            text,
            input_tokens,
            output_tokens,
        } => (
            "done",
            Some(text.as_str()),
            None,
            None,
            *input_tokens,
            *output_tokens,
        ),
        MessageResult::Failed { code, detail } => (
            "failed",
            None,
            Some(code.as_str()),
            Some(detail.as_str()),
            None,
            None,
        ),
    };
    let done = sqlx::query(
        "UPDATE personalised_messages
         SET status = ?, text = ?, error_code = ?, error_detail = ?,
             input_tokens = ?, output_tokens = ?, attempts = attempts + 1,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE run_id = ? AND position = ? AND status = 'pending'",
    )
    .bind(status)
    .bind(text)
    .bind(code)
    .bind(detail)
    .bind(input)
    .bind(output)
    .bind(run_id)
    .bind(position)
    .execute(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected() > 0)
}

/// The user's own text for a row (any status but pending-in-flight is fine: the runner's
/// later result for it is ignored, see [`save_result`]).
pub async fn edit(db: &Db, run_id: i64, position: i64, text: &str) -> Result<bool, StorageError> {
    let done = sqlx::query(
        "UPDATE personalised_messages
         SET status = 'edited', text = ?, error_code = NULL, error_detail = NULL,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE run_id = ? AND position = ?",
    )
    .bind(text)
    .bind(run_id)
    .bind(position)
    .execute(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected() > 0)
}

/// Failed rows go back to pending so the next run asks again.
pub async fn retry_failed(db: &Db, run_id: i64) -> Result<u64, StorageError> {
    let done = sqlx::query(
        "UPDATE personalised_messages
         SET status = 'pending', error_code = NULL, error_detail = NULL,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE run_id = ? AND status = 'failed'",
    )
    .bind(run_id)
    .execute(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected())
}

pub async fn counts(db: &Db, run_id: i64) -> Result<RunCounts, StorageError> {
    sqlx::query_as(
        "SELECT count(*) AS total,
                coalesce(sum(status = 'pending'), 0) AS pending,
                coalesce(sum(status = 'done'), 0) AS done,
                coalesce(sum(status = 'failed'), 0) AS failed,
                coalesce(sum(status = 'edited'), 0) AS edited,
                coalesce(sum(input_tokens), 0) AS input_tokens,
                coalesce(sum(output_tokens), 0) AS output_tokens
         FROM personalised_messages WHERE run_id = ?",
    )
    .bind(run_id)
    .fetch_one(db.pool())
    .await
    .map_err(StorageError::from_sqlx)
}

pub async fn delete_run(db: &Db, id: i64) -> Result<bool, StorageError> {
    let done = sqlx::query("DELETE FROM personalisation_runs WHERE id = ?")
        .bind(id)
        .execute(db.pool())
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected() > 0)
}
