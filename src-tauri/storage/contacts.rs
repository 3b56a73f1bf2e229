//! `contacts`: the people campaigns are sent to, one row per (list, number) kept.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sqlx::{AssertSqlSafe, QueryBuilder, Sqlite, SqliteConnection};
use ts_rs::TS;

use super::phone_key::phone_key;
use super::{Db, StorageError};

/// Every column of a [`ContactRow`], in its field order (a macro so `concat!` can use it).
macro_rules! contact_columns {
    () => {
        "c.id, c.list_id, c.name, c.phone_e164, c.phone_original, c.phone_alternative,
         c.line_kind, c.email, c.company, c.city, c.custom_fields, c.import_id,
         c.phone_verdict, c.phone_changes, c.created_at, c.updated_at"
    };
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ContactRow {
    pub id: i64,
    pub list_id: i64,
    pub name: Option<String>,
    pub phone_e164: String,
    pub phone_original: String,
    pub phone_alternative: Option<String>,
    pub line_kind: String,
    pub email: Option<String>,
    pub company: Option<String>,
    pub city: Option<String>,
    /// A JSON object, `{"bairro": "Centro"}`.
    pub custom_fields: String,
    pub import_id: Option<i64>,
    /// `ok`, `repaired` or `duplicate`: see [`PhoneVerdict`].
    pub phone_verdict: String,
    /// The import's repairs as a JSON array of `import::phone::Change`
    /// (`[{"kind":"fromNumericCell"},{"kind":"addedCountryCode"}]`); `None` when the
    /// number needed none.
    pub phone_changes: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// How the phone came out of the import that inserted the contact (`phone_verdict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PhoneVerdict {
    /// The cell already held a complete number (also contacts added by hand).
    Ok,
    /// Usable after the changes in `phone_changes`.
    Repaired,
    /// The number was already in the list or the file; inserted under "keep both".
    Duplicate,
}

impl PhoneVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            PhoneVerdict::Ok => "ok",
            PhoneVerdict::Repaired => "repaired",
            PhoneVerdict::Duplicate => "duplicate",
        }
    }
}

/// The `line_kind` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ContactLineKind {
    Mobile,
    /// WhatsApp Business runs on landlines too; the UI flags them rather than refusing.
    Landline,
    Unknown,
}

impl ContactLineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactLineKind::Mobile => "mobile",
            ContactLineKind::Landline => "landline",
            ContactLineKind::Unknown => "unknown",
        }
    }
}

/// A contact to insert (its list and import are the [`super::contacts_bulk::ContactInserter`]'s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContactRow {
    pub name: Option<String>,
    pub phone_e164: String,
    pub phone_original: String,
    pub phone_alternative: Option<String>,
    pub line_kind: ContactLineKind,
    pub email: Option<String>,
    pub company: Option<String>,
    pub city: Option<String>,
    pub custom_fields: String,
    pub phone_verdict: PhoneVerdict,
    /// A JSON array of changes, or `None`. Shared: an import repeats the same few lists.
    pub phone_changes: Option<Arc<str>>,
}

/// What an import writes over an existing contact with the same number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactUpdateRow {
    pub name: Option<String>,
    pub phone_original: String,
    pub email: Option<String>,
    pub company: Option<String>,
    pub city: Option<String>,
    /// Merged into the stored object key by key (`json_patch`).
    pub custom_fields: String,
}

/// One contact as the edit form saves it: every field is written, `None` clears it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactEdit {
    pub name: Option<String>,
    pub phone_e164: String,
    pub phone_original: String,
    pub phone_alternative: Option<String>,
    pub line_kind: ContactLineKind,
    pub email: Option<String>,
    pub company: Option<String>,
    pub city: Option<String>,
    /// A JSON object that replaces the stored one (the table refuses anything else).
    pub custom_fields: String,
}

/// Which contacts a screen shows. `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactFilter {
    pub list_id: Option<i64>,
    pub tag: Option<String>,
    /// A substring of the name, or digits found in the number.
    pub search: Option<String>,
    /// Only contacts whose phone came out of the import this way ("show the repaired").
    pub verdict: Option<PhoneVerdict>,
    /// Only mobiles, only landlines (worth a look: WhatsApp may not be there), …
    pub line_kind: Option<ContactLineKind>,
}

/// The time SQLite stamps rows with, in the same format as the columns' defaults.
pub async fn now(conn: &mut SqliteConnection) -> Result<String, StorageError> {
    let (now,): (String,) = sqlx::query_as("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')")
        .fetch_one(conn)
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(now)
}

/// Turns this connection's foreign-key checks off for good. A bulk import whose rows point
/// only at the list and the import record it made in its own transaction skips the two
/// parent lookups of every inserted contact this way: about a third of SQLite's insert time
/// for a million contacts (2.26–2.58 s → 1.42–1.91 s on the build machine). SQLite ignores
/// this inside a transaction, so it cannot be turned back on before the commit: the
/// connection must be closed afterwards, never handed back to the pool.
pub async fn skip_foreign_key_checks(conn: &mut SqliteConnection) -> Result<(), StorageError> {
    pragma(conn, "PRAGMA foreign_keys = OFF").await
}

/// Sets this connection's page cache to `kib` KiB (SQLite's default is 2 MiB). For a
/// connection that is closed after its work, like an import's.
pub async fn set_cache_kib(conn: &mut SqliteConnection, kib: u32) -> Result<(), StorageError> {
    // A negative cache_size is a size in KiB; a positive one would count pages. Pragmas
    // take no parameters: the value is a number written into the statement.
    pragma(conn, AssertSqlSafe(format!("PRAGMA cache_size = -{kib}"))).await
}

/// Turns this connection's CHECK constraints off (`false`) or back on. A bulk import whose
/// rows are valid by construction skips the per-row `json_valid` of `custom_fields` this
/// way (about a tenth of its SQLite time). A connection that could be left with checks
/// off must be closed rather than handed back to the pool.
pub async fn enforce_checks(conn: &mut SqliteConnection, on: bool) -> Result<(), StorageError> {
    let sql = if on {
        "PRAGMA ignore_check_constraints = OFF"
    } else {
        "PRAGMA ignore_check_constraints = ON"
    };
    pragma(conn, sql).await
}

async fn pragma(
    conn: &mut SqliteConnection,
    sql: impl sqlx::SqlSafeStr,
) -> Result<(), StorageError> {
    sqlx::query(sql)
        .execute(conn)
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(())
}

/// The highest contact id (0 when there is none): rows inserted later have higher ids.
pub async fn max_id(conn: &mut SqliteConnection) -> Result<i64, StorageError> {
    let (id,): (Option<i64>,) = sqlx::query_as("SELECT max(id) FROM contacts")
        .fetch_one(conn)
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(id.unwrap_or(0))
}

/// Contacts in a list, counting no further than `limit`: enough to tell an empty or small
/// list from a large one without reading a large one.
pub async fn count_in_list_up_to(
    conn: &mut SqliteConnection,
    list_id: i64,
    limit: u64,
) -> Result<u64, StorageError> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM (SELECT 1 FROM contacts WHERE list_id = ? LIMIT ?)")
            .bind(list_id)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_one(conn)
            .await
            .map_err(StorageError::from_sqlx)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Updates the contacts of `list_id` holding `phone_e164` (several when a list keeps
/// both). Blank values in the file do not erase what is stored. Found by the number's
/// [`phone_key`] in the list's index; the text is compared too, for numbers without one.
pub async fn update_by_phone(
    conn: &mut SqliteConnection,
    list_id: i64,
    phone_e164: &str,
    update: &ContactUpdateRow,
) -> Result<u64, StorageError> {
    let done = sqlx::query(
        "UPDATE contacts SET
             name = COALESCE(?, name),
             phone_original = ?,
             email = COALESCE(?, email),
             company = COALESCE(?, company),
             city = COALESCE(?, city),
             custom_fields = json_patch(custom_fields, ?),
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE list_id = ? AND phone_key IS ? AND phone_e164 = ?",
    )
    .bind(update.name.as_deref())
    .bind(update.phone_original.as_str())
    .bind(update.email.as_deref())
    .bind(update.company.as_deref())
    .bind(update.city.as_deref())
    .bind(update.custom_fields.as_str())
    .bind(list_id)
    .bind(phone_key(phone_e164))
    .bind(phone_e164)
    .execute(conn)
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected())
}

/// Saves the edit form. A new number drops the import's verdict (it described the old one):
/// the contact then reads `ok` with no changes. False when there is no such contact; a
/// `custom_fields` that is not a JSON object is refused by the table (`Query` error).
pub async fn update(db: &Db, id: i64, edit: &ContactEdit) -> Result<bool, StorageError> {
    // In an UPDATE every expression sees the row as it was, so `phone_e164` in the CASEs
    // is the stored number whatever the order of the assignments.
    let done = sqlx::query(
        "UPDATE contacts SET
             phone_verdict = CASE WHEN phone_e164 = ?1 THEN phone_verdict ELSE 'ok' END,
             phone_changes = CASE WHEN phone_e164 = ?1 THEN phone_changes ELSE NULL END,
             phone_e164 = ?1,
             name = ?2,
             phone_original = ?3,
             phone_alternative = ?4,
             line_kind = ?5,
             email = ?6,
             company = ?7,
             city = ?8,
             custom_fields = ?9,
             phone_key = ?11,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ?10",
    )
    .bind(edit.phone_e164.as_str())
    .bind(edit.name.as_deref())
    .bind(edit.phone_original.as_str())
    .bind(edit.phone_alternative.as_deref())
    .bind(edit.line_kind.as_str())
    .bind(edit.email.as_deref())
    .bind(edit.company.as_deref())
    .bind(edit.city.as_deref())
    .bind(edit.custom_fields.as_str())
    .bind(id)
    .bind(phone_key(&edit.phone_e164))
    .execute(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected() > 0)
}

/// The custom field keys used in a list (`bairro`, `pedido`), sorted: the merge fields a
/// template for this list can use besides the built-in ones.
pub async fn custom_field_keys(db: &Db, list_id: i64) -> Result<Vec<String>, StorageError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT j.key FROM contacts c, json_each(c.custom_fields) j
         WHERE c.list_id = ? ORDER BY j.key",
    )
    .bind(list_id)
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(rows.into_iter().map(|(k,)| k).collect())
}

/// `%text%` for LIKE, with the wildcards the user typed taken literally.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The LIKE patterns for a search: on the name as typed, on the number by its digits
/// ("(11) 98765" finds "+5511987654321").
fn search_patterns(search: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(text) = search.map(str::trim).filter(|t| !t.is_empty()) else {
        return (None, None);
    };
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (
        Some(like_pattern(text)),
        (!digits.is_empty()).then(|| like_pattern(&digits)),
    )
}

/// Appends ` WHERE …` for the filter (always a WHERE, so callers can add ` AND …`). Only
/// the conditions asked for are written, so SQLite can pick the list's index.
fn push_filter(builder: &mut QueryBuilder<Sqlite>, filter: &ContactFilter) {
    builder.push(" WHERE 1");
    if let Some(list_id) = filter.list_id {
        builder.push(" AND c.list_id = ").push_bind(list_id);
    }
    if let Some(tag) = &filter.tag {
        builder
            .push(
                " AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = ",
            )
            .push_bind(tag.clone())
            .push(")");
    }
    let (name_like, phone_like) = search_patterns(filter.search.as_deref());
    if let Some(name_like) = name_like {
        builder
            .push(" AND (c.name LIKE ")
            .push_bind(name_like)
            .push(" ESCAPE '\\'");
        if let Some(phone_like) = phone_like {
            builder
                .push(" OR c.phone_e164 LIKE ")
                .push_bind(phone_like)
                .push(" ESCAPE '\\'");
        }
        builder.push(")");
    }
    if let Some(verdict) = filter.verdict {
        builder
            .push(" AND c.phone_verdict = ")
            .push_bind(verdict.as_str());
    }
    if let Some(kind) = filter.line_kind {
        builder.push(" AND c.line_kind = ").push_bind(kind.as_str());
    }
}

fn select_contacts() -> QueryBuilder<Sqlite> {
    QueryBuilder::new(concat!("SELECT ", contact_columns!(), " FROM contacts c"))
}

/// Rows `offset..offset+limit` in id order: what a virtualised table asks for when the user
/// drags the scrollbar anywhere in a long list (keyset paging cannot jump).
pub async fn page_at(
    db: &Db,
    filter: &ContactFilter,
    offset: u64,
    limit: u32,
) -> Result<Vec<ContactRow>, StorageError> {
    let mut builder = select_contacts();
    push_filter(&mut builder, filter);
    builder
        .push(" ORDER BY c.id LIMIT ")
        .push_bind(i64::from(limit))
        .push(" OFFSET ")
        .push_bind(i64::try_from(offset).unwrap_or(i64::MAX));
    builder
        .build_query_as()
        .fetch_all(db.pool())
        .await
        .map_err(StorageError::from_sqlx)
}

pub async fn count(db: &Db, filter: &ContactFilter) -> Result<u64, StorageError> {
    let mut builder = QueryBuilder::new("SELECT count(*) FROM contacts c");
    push_filter(&mut builder, filter);
    let (n,): (i64,) = builder
        .build_query_as()
        .fetch_one(db.pool())
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

pub async fn get(db: &Db, id: i64) -> Result<Option<ContactRow>, StorageError> {
    sqlx::query_as(concat!(
        "SELECT ",
        contact_columns!(),
        " FROM contacts c WHERE c.id = ?"
    ))
    .bind(id)
    .fetch_optional(db.pool())
    .await
    .map_err(StorageError::from_sqlx)
}

/// Deletes the given contacts in one transaction: all of them or, on any error, none.
pub async fn delete_many(db: &Db, ids: &[i64]) -> Result<u64, StorageError> {
    let mut tx = db.pool().begin().await.map_err(StorageError::from_sqlx)?;
    let mut deleted = 0;
    // Bound parameters per statement stay far below SQLite's limit.
    for chunk in ids.chunks(500) {
        let mut query = QueryBuilder::<Sqlite>::new("DELETE FROM contacts WHERE id IN (");
        let mut list = query.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        query.push(")");
        deleted += query
            .build()
            .execute(&mut *tx)
            .await
            .map_err(StorageError::from_sqlx)?
            .rows_affected();
    }
    tx.commit().await.map_err(StorageError::from_sqlx)?;
    Ok(deleted)
}

/// The contacts an import created (not those it updated: they keep their first import),
/// found within the range of ids the import recorded ([`super::imports::finish`]).
pub async fn delete_by_import(
    conn: &mut SqliteConnection,
    import_id: i64,
) -> Result<u64, StorageError> {
    let done = sqlx::query(
        "DELETE FROM contacts WHERE import_id = ?1
           AND id BETWEEN (SELECT first_contact_id FROM imports WHERE id = ?1)
                      AND (SELECT last_contact_id FROM imports WHERE id = ?1)",
    )
    .bind(import_id)
    .execute(conn)
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected())
}

/// Contacts in every list: what a bulk import compares its size with.
pub async fn count_all(conn: &mut SqliteConnection) -> Result<u64, StorageError> {
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM contacts")
        .fetch_one(conn)
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// A secondary index of `contacts` exactly as the schema created it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IndexDefinition {
    pub name: String,
    /// The `CREATE INDEX` statement as SQLite keeps it in `sqlite_master`.
    pub sql: String,
    /// Its columns in key order, comma-separated.
    pub columns: String,
}

impl IndexDefinition {
    pub fn leading_column(&self) -> Option<&str> {
        self.columns.split(',').next()
    }

    pub fn has_column(&self, column: &str) -> bool {
        self.columns.split(',').any(|c| c == column)
    }
}

/// The indexes a bulk import may be better off dropping and building again: every index
/// of `contacts` created by a statement, except those led by `import_id`, where a new
/// import's rows (the highest import id, in rowid order) are appended at the end, as
/// cheaply as the table's own rows. The automatic indexes of UNIQUE constraints have no
/// SQL and stay.
pub async fn scattered_indexes(
    conn: &mut SqliteConnection,
) -> Result<Vec<IndexDefinition>, StorageError> {
    sqlx::query_as(
        "SELECT m.name, m.sql,
                (SELECT group_concat(c.name, ',')
                 FROM (SELECT i.name FROM pragma_index_info(m.name) i ORDER BY i.seqno) c)
                    AS columns
         FROM sqlite_master m
         WHERE m.type = 'index' AND m.tbl_name = 'contacts' AND m.sql IS NOT NULL
           AND (SELECT i.name FROM pragma_index_info(m.name) i WHERE i.seqno = 0)
               IS NOT 'import_id'
         ORDER BY m.name",
    )
    .fetch_all(conn)
    .await
    .map_err(StorageError::from_sqlx)
}

/// Drops these indexes. Inside a transaction, as DDL in SQLite is transactional: a rollback
/// brings them back, and readers keep seeing them until the commit.
pub async fn drop_indexes(
    conn: &mut SqliteConnection,
    indexes: &[IndexDefinition],
) -> Result<(), StorageError> {
    for index in indexes {
        let sql = format!("DROP INDEX \"{}\"", index.name.replace('"', "\"\""));
        sqlx::query(AssertSqlSafe(sql))
            .execute(&mut *conn)
            .await
            .map_err(StorageError::from_sqlx)?;
    }
    Ok(())
}

/// Recreates indexes from their own statements, so the schema is exactly what it was.
/// SQLite's sorter may use a second thread meanwhile: nothing else runs by then.
pub async fn create_indexes(
    conn: &mut SqliteConnection,
    indexes: &[IndexDefinition],
) -> Result<(), StorageError> {
    sqlx::query("PRAGMA threads = 2")
        .execute(&mut *conn)
        .await
        .map_err(StorageError::from_sqlx)?;
    for index in indexes {
        // The text comes from sqlite_master: the schema's own statement, not user input.
        sqlx::query(AssertSqlSafe(index.sql.clone()))
            .execute(&mut *conn)
            .await
            .map_err(StorageError::from_sqlx)?;
    }
    sqlx::query("PRAGMA threads = 0")
        .execute(&mut *conn)
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_escapes_wildcards_and_matches_numbers_by_digits() {
        assert_eq!(
            search_patterns(Some(" 50%_off ")),
            (Some("%50\\%\\_off%".into()), Some("%50%".into()))
        );
        assert_eq!(
            search_patterns(Some("(11) 98765")),
            (Some("%(11) 98765%".into()), Some("%1198765%".into()))
        );
        assert_eq!(
            search_patterns(Some("Maria")),
            (Some("%Maria%".into()), None)
        );
        assert_eq!(search_patterns(Some("  ")), (None, None));
    }

    #[tokio::test]
    async fn the_cache_size_is_set_in_kib_on_that_connection_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::storage::Db::open(&dir.path().join("t.db"))
            .await
            .unwrap();
        let mut widened = db.pool().acquire().await.unwrap();
        let default: i64 = sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(&mut *widened)
            .await
            .unwrap();
        set_cache_kib(&mut widened, 16 * 1024).await.unwrap();
        let now: i64 = sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(&mut *widened)
            .await
            .unwrap();
        assert_eq!(now, -16384);
        assert_ne!(default, now);
        let mut other = db.pool().acquire().await.unwrap();
        let other_size: i64 = sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(&mut *other)
            .await
            .unwrap();
        assert_eq!(other_size, default);
    }
}
