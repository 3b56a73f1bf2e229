//! `contacts`: the people campaigns are sent to, one row per (list, number) kept.

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::{Db, StorageError};

/// Rows per multi-row INSERT: 11 parameters each keeps a statement at 5 500 bound values,
/// far below SQLite's 32 766, while cutting round trips 500-fold.
pub const INSERT_BATCH_ROWS: usize = 500;

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
    pub created_at: String,
    pub updated_at: String,
}

/// A contact to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContactRow {
    pub list_id: i64,
    pub name: Option<String>,
    pub phone_e164: String,
    pub phone_original: String,
    pub phone_alternative: Option<String>,
    /// `mobile`, `landline` or `unknown` (checked by the table).
    pub line_kind: String,
    pub email: Option<String>,
    pub company: Option<String>,
    pub city: Option<String>,
    pub custom_fields: String,
    pub import_id: Option<i64>,
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

/// A number already in a list, for deduplication.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ListPhoneRow {
    pub id: i64,
    pub phone_e164: String,
    pub phone_alternative: Option<String>,
}

/// Which contacts a screen shows. `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactFilter {
    pub list_id: Option<i64>,
    pub tag: Option<String>,
    /// A substring of the name, or digits found in the number.
    pub search: Option<String>,
}

/// One page: contacts with `id > after_id`, in id order (keyset paging stays fast and
/// stable while rows are added, unlike OFFSET).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactPage {
    pub filter: ContactFilter,
    pub after_id: Option<i64>,
    pub limit: u32,
}

/// Inserts in multi-row statements of [`INSERT_BATCH_ROWS`]; call inside a transaction.
pub async fn insert_batch(
    conn: &mut SqliteConnection,
    rows: &[NewContactRow],
) -> Result<u64, StorageError> {
    let mut inserted = 0;
    for chunk in rows.chunks(INSERT_BATCH_ROWS) {
        let mut builder: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO contacts (list_id, name, phone_e164, phone_original, phone_alternative,
                 line_kind, email, company, city, custom_fields, import_id) ",
        );
        builder.push_values(chunk, |mut b, row| {
            b.push_bind(row.list_id)
                .push_bind(row.name.clone())
                .push_bind(row.phone_e164.clone())
                .push_bind(row.phone_original.clone())
                .push_bind(row.phone_alternative.clone())
                .push_bind(row.line_kind.clone())
                .push_bind(row.email.clone())
                .push_bind(row.company.clone())
                .push_bind(row.city.clone())
                .push_bind(row.custom_fields.clone())
                .push_bind(row.import_id);
        });
        let done = builder
            .build()
            .execute(&mut *conn)
            .await
            .map_err(StorageError::from_sqlx)?;
        inserted += done.rows_affected();
    }
    Ok(inserted)
}

/// Every number in a list with its other 9th-digit form.
pub async fn phones_in_list(
    conn: &mut SqliteConnection,
    list_id: i64,
) -> Result<Vec<ListPhoneRow>, StorageError> {
    sqlx::query_as(
        "SELECT id, phone_e164, phone_alternative FROM contacts WHERE list_id = ? ORDER BY id",
    )
    .bind(list_id)
    .fetch_all(conn)
    .await
    .map_err(StorageError::from_sqlx)
}

/// Updates the contacts of `list_id` holding `phone_e164` (several when a list keeps
/// both). Blank values in the file do not erase what is stored.
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
         WHERE list_id = ? AND phone_e164 = ?",
    )
    .bind(update.name.as_deref())
    .bind(update.phone_original.as_str())
    .bind(update.email.as_deref())
    .bind(update.company.as_deref())
    .bind(update.city.as_deref())
    .bind(update.custom_fields.as_str())
    .bind(list_id)
    .bind(phone_e164)
    .execute(conn)
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected())
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

pub async fn page(db: &Db, page: &ContactPage) -> Result<Vec<ContactRow>, StorageError> {
    let (name_like, phone_like) = search_patterns(page.filter.search.as_deref());
    sqlx::query_as(
        "SELECT id, list_id, name, phone_e164, phone_original, phone_alternative, line_kind,
                email, company, city, custom_fields, import_id, created_at, updated_at
         FROM contacts c
         WHERE (? IS NULL OR c.list_id = ?)
           AND (? IS NULL OR EXISTS (SELECT 1 FROM contact_tags t
                                     WHERE t.contact_id = c.id AND t.tag = ?))
           AND (? IS NULL OR c.name LIKE ? ESCAPE '\\' OR c.phone_e164 LIKE ? ESCAPE '\\')
           AND c.id > ?
         ORDER BY c.id
         LIMIT ?",
    )
    .bind(page.filter.list_id)
    .bind(page.filter.list_id)
    .bind(page.filter.tag.as_deref())
    .bind(page.filter.tag.as_deref())
    .bind(name_like.as_deref())
    .bind(name_like.as_deref())
    .bind(phone_like.as_deref())
    .bind(page.after_id.unwrap_or(0))
    .bind(i64::from(page.limit))
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)
}

/// Rows `offset..offset+limit` in id order: what a virtualised table asks for when the user
/// drags the scrollbar anywhere in a long list (keyset paging cannot jump).
pub async fn page_at(
    db: &Db,
    filter: &ContactFilter,
    offset: u64,
    limit: u32,
) -> Result<Vec<ContactRow>, StorageError> {
    let (name_like, phone_like) = search_patterns(filter.search.as_deref());
    sqlx::query_as(
        "SELECT id, list_id, name, phone_e164, phone_original, phone_alternative, line_kind,
                email, company, city, custom_fields, import_id, created_at, updated_at
         FROM contacts c
         WHERE (? IS NULL OR c.list_id = ?)
           AND (? IS NULL OR EXISTS (SELECT 1 FROM contact_tags t
                                     WHERE t.contact_id = c.id AND t.tag = ?))
           AND (? IS NULL OR c.name LIKE ? ESCAPE '\\' OR c.phone_e164 LIKE ? ESCAPE '\\')
         ORDER BY c.id
         LIMIT ? OFFSET ?",
    )
    .bind(filter.list_id)
    .bind(filter.list_id)
    .bind(filter.tag.as_deref())
    .bind(filter.tag.as_deref())
    .bind(name_like.as_deref())
    .bind(name_like.as_deref())
    .bind(phone_like.as_deref())
    .bind(i64::from(limit))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)
}

pub async fn count(db: &Db, filter: &ContactFilter) -> Result<u64, StorageError> {
    let (name_like, phone_like) = search_patterns(filter.search.as_deref());
    let (n,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM contacts c
         WHERE (? IS NULL OR c.list_id = ?)
           AND (? IS NULL OR EXISTS (SELECT 1 FROM contact_tags t
                                     WHERE t.contact_id = c.id AND t.tag = ?))
           AND (? IS NULL OR c.name LIKE ? ESCAPE '\\' OR c.phone_e164 LIKE ? ESCAPE '\\')",
    )
    .bind(filter.list_id)
    .bind(filter.list_id)
    .bind(filter.tag.as_deref())
    .bind(filter.tag.as_deref())
    .bind(name_like.as_deref())
    .bind(name_like.as_deref())
    .bind(phone_like.as_deref())
    .fetch_one(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

pub async fn get(db: &Db, id: i64) -> Result<Option<ContactRow>, StorageError> {
    sqlx::query_as(
        "SELECT id, list_id, name, phone_e164, phone_original, phone_alternative, line_kind,
                email, company, city, custom_fields, import_id, created_at, updated_at
         FROM contacts WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await
    .map_err(StorageError::from_sqlx)
}

pub async fn delete(db: &Db, id: i64) -> Result<bool, StorageError> {
    let done = sqlx::query("DELETE FROM contacts WHERE id = ?")
        .bind(id)
        .execute(db.pool())
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected() > 0)
}

/// The contacts an import created (not those it updated: they keep their first import).
pub async fn delete_by_import(
    conn: &mut SqliteConnection,
    import_id: i64,
) -> Result<u64, StorageError> {
    let done = sqlx::query("DELETE FROM contacts WHERE import_id = ?")
        .bind(import_id)
        .execute(conn)
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected())
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
}
