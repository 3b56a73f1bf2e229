//! `contact_lists`: named sets of contacts, unique by name whatever its case.

use sqlx::SqliteConnection;

use super::{Db, StorageError};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ContactListRow {
    pub id: i64,
    pub name: String,
    pub created_at: String,
}

/// The uniqueness key: trimmed and lower-cased with Unicode rules (SQLite's NOCASE folds
/// ASCII only, so "SÃO" and "são" would be two lists).
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

pub async fn find_by_name(
    conn: &mut SqliteConnection,
    name: &str,
) -> Result<Option<ContactListRow>, StorageError> {
    sqlx::query_as("SELECT id, name, created_at FROM contact_lists WHERE name_key = ?")
        .bind(name_key(name))
        .fetch_optional(conn)
        .await
        .map_err(StorageError::from_sqlx)
}

pub async fn create(conn: &mut SqliteConnection, name: &str) -> Result<i64, StorageError> {
    let (id,): (i64,) =
        sqlx::query_as("INSERT INTO contact_lists (name, name_key) VALUES (?, ?) RETURNING id")
            .bind(name.trim())
            .bind(name_key(name))
            .fetch_one(conn)
            .await
            .map_err(StorageError::from_sqlx)?;
    Ok(id)
}

/// The list with this name, created when missing. Returns its id and whether it is new.
pub async fn find_or_create(
    conn: &mut SqliteConnection,
    name: &str,
) -> Result<(i64, bool), StorageError> {
    if let Some(list) = find_by_name(&mut *conn, name).await? {
        return Ok((list.id, false));
    }
    Ok((create(conn, name).await?, true))
}

pub async fn list(db: &Db) -> Result<Vec<ContactListRow>, StorageError> {
    sqlx::query_as("SELECT id, name, created_at FROM contact_lists ORDER BY name_key")
        .fetch_all(db.pool())
        .await
        .map_err(StorageError::from_sqlx)
}

/// A list with its size, for the Contacts screen.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ListSummaryRow {
    pub id: i64,
    pub name: String,
    pub contact_count: i64,
    pub created_at: String,
}

/// Every list with its number of contacts, by name. One grouped scan of the
/// `contacts_list_key` index, not a count per list.
pub async fn summaries(db: &Db) -> Result<Vec<ListSummaryRow>, StorageError> {
    sqlx::query_as(
        "SELECT l.id, l.name, COALESCE(c.n, 0) AS contact_count, l.created_at
         FROM contact_lists l
         LEFT JOIN (SELECT list_id, count(*) AS n FROM contacts GROUP BY list_id) c
                ON c.list_id = l.id
         ORDER BY l.name_key",
    )
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)
}

/// What a rename did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renamed {
    Done,
    /// There is no list with this id.
    NotFound,
    /// Another list already has this name (whatever its case).
    NameInUse,
    /// The name is blank.
    EmptyName,
}

/// Renames a list. Changing only the case of its own name is allowed.
pub async fn rename(db: &Db, id: i64, name: &str) -> Result<Renamed, StorageError> {
    let key = name_key(name);
    if key.is_empty() {
        return Ok(Renamed::EmptyName);
    }
    let done = sqlx::query("UPDATE contact_lists SET name = ?, name_key = ? WHERE id = ?")
        .bind(name.trim())
        .bind(&key)
        .bind(id)
        .execute(db.pool())
        .await;
    match done {
        Ok(done) if done.rows_affected() > 0 => Ok(Renamed::Done),
        Ok(_) => Ok(Renamed::NotFound),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(Renamed::NameInUse),
        Err(e) => Err(StorageError::from_sqlx(e)),
    }
}

/// Deletes the list and (by cascade) its contacts and their tags.
pub async fn delete(db: &Db, id: i64) -> Result<bool, StorageError> {
    let done = sqlx::query("DELETE FROM contact_lists WHERE id = ?")
        .bind(id)
        .execute(db.pool())
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected() > 0)
}
