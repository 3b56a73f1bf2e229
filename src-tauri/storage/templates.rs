//! `templates`: the composer's saved messages with their optional attachment, unique by
//! name whatever its case.

use super::contact_lists::name_key;
use super::{Db, StorageError};

/// The columns of [`TemplateRow`], spliced into statements with `concat!` (sqlx takes
/// only literal SQL).
macro_rules! columns {
    () => {
        "id, name, body, media_kind, media_path, media_file_name, media_mime, media_size, \
         media_caption, created_at, updated_at"
    };
}

/// Copies are named "X (cópia)", then "X (cópia 2)", … up to this many.
const MAX_COPIES: u32 = 1000;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TemplateRow {
    pub id: i64,
    pub name: String,
    pub body: String,
    /// `image`, `video`, `audio` or `document` (checked by the table).
    pub media_kind: Option<String>,
    pub media_path: Option<String>,
    pub media_file_name: Option<String>,
    pub media_mime: Option<String>,
    pub media_size: Option<i64>,
    pub media_caption: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What create and update write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateFields {
    pub name: String,
    pub body: String,
    pub media: Option<MediaColumns>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaColumns {
    pub kind: String,
    pub path: String,
    pub file_name: String,
    pub mime: String,
    pub size: i64,
    pub caption: Option<String>,
}

/// The outcome of a write the table can refuse for a reason the user can fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateWrite {
    Saved(Box<TemplateRow>),
    /// Another template has this name (in any case).
    NameTaken,
    /// No template has this id (update and duplicate only).
    NotFound,
}

pub async fn create(db: &Db, fields: &TemplateFields) -> Result<TemplateWrite, StorageError> {
    let media = fields.media.as_ref();
    let sql = concat!(
        "INSERT INTO templates (name, name_key, body, media_kind, media_path, media_file_name,
             media_mime, media_size, media_caption)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ",
        columns!()
    );
    let row = sqlx::query_as(sql)
        .bind(fields.name.trim())
        .bind(name_key(&fields.name))
        .bind(&fields.body)
        .bind(media.map(|m| &m.kind))
        .bind(media.map(|m| &m.path))
        .bind(media.map(|m| &m.file_name))
        .bind(media.map(|m| &m.mime))
        .bind(media.map(|m| m.size))
        .bind(media.and_then(|m| m.caption.as_ref()))
        .fetch_optional(db.pool())
        .await;
    written(row)
}

pub async fn update(
    db: &Db,
    id: i64,
    fields: &TemplateFields,
) -> Result<TemplateWrite, StorageError> {
    let media = fields.media.as_ref();
    let sql = concat!(
        "UPDATE templates SET name = ?, name_key = ?, body = ?, media_kind = ?, media_path = ?,
             media_file_name = ?, media_mime = ?, media_size = ?, media_caption = ?,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? RETURNING ",
        columns!()
    );
    let row = sqlx::query_as(sql)
        .bind(fields.name.trim())
        .bind(name_key(&fields.name))
        .bind(&fields.body)
        .bind(media.map(|m| &m.kind))
        .bind(media.map(|m| &m.path))
        .bind(media.map(|m| &m.file_name))
        .bind(media.map(|m| &m.mime))
        .bind(media.map(|m| m.size))
        .bind(media.and_then(|m| m.caption.as_ref()))
        .bind(id)
        .fetch_optional(db.pool())
        .await;
    written(row)
}

/// A copy of template `id` named "X (cópia)", or "X (cópia 2)", "X (cópia 3)", … when
/// taken. Copying a copy numbers from the original name, never "X (cópia) (cópia)".
pub async fn duplicate(db: &Db, id: i64) -> Result<TemplateWrite, StorageError> {
    let Some(original) = get(db, id).await? else {
        return Ok(TemplateWrite::NotFound);
    };
    let base = strip_copy_suffix(&original.name);
    let sql = concat!(
        "INSERT INTO templates (name, name_key, body, media_kind, media_path, media_file_name,
             media_mime, media_size, media_caption)
         SELECT ?, ?, body, media_kind, media_path, media_file_name, media_mime, media_size,
             media_caption
         FROM templates WHERE id = ? RETURNING ",
        columns!()
    );
    for n in 1..=MAX_COPIES {
        let name = copy_name(base, n);
        let row = sqlx::query_as(sql)
            .bind(&name)
            .bind(name_key(&name))
            .bind(id)
            .fetch_optional(db.pool())
            .await;
        match written(row)? {
            TemplateWrite::NameTaken => continue,
            other => return Ok(other),
        }
    }
    Ok(TemplateWrite::NameTaken)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<TemplateRow>, StorageError> {
    sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM templates WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(db.pool())
    .await
    .map_err(StorageError::from_sqlx)
}

/// Every template, by name.
pub async fn list(db: &Db) -> Result<Vec<TemplateRow>, StorageError> {
    sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM templates ORDER BY name_key"
    ))
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)
}

pub async fn delete(db: &Db, id: i64) -> Result<bool, StorageError> {
    let done = sqlx::query("DELETE FROM templates WHERE id = ?")
        .bind(id)
        .execute(db.pool())
        .await
        .map_err(StorageError::from_sqlx)?;
    Ok(done.rows_affected() > 0)
}

/// A unique-name violation is an answer, not a failure; no row is "not found".
fn written(row: Result<Option<TemplateRow>, sqlx::Error>) -> Result<TemplateWrite, StorageError> {
    match row {
        Ok(Some(row)) => Ok(TemplateWrite::Saved(Box::new(row))),
        Ok(None) => Ok(TemplateWrite::NotFound),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(TemplateWrite::NameTaken),
        Err(e) => Err(StorageError::from_sqlx(e)),
    }
}

fn copy_name(base: &str, n: u32) -> String {
    if n == 1 {
        format!("{base} (cópia)")
    } else {
        format!("{base} (cópia {n})")
    }
}

/// "X (cópia)" and "X (cópia 3)" → "X".
fn strip_copy_suffix(name: &str) -> &str {
    let name = name.trim();
    let Some(open) = name.rfind(" (cópia") else {
        return name;
    };
    let inside = &name[open + " (cópia".len()..];
    let numbered = inside
        .strip_prefix(' ')
        .and_then(|rest| rest.strip_suffix(')'))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if inside == ")" || numbered {
        &name[..open]
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn open() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("app.sqlite3")).await.unwrap();
        (dir, db)
    }

    fn fields(name: &str, body: &str) -> TemplateFields {
        TemplateFields {
            name: name.into(),
            body: body.into(),
            media: None,
        }
    }

    fn saved(write: TemplateWrite) -> TemplateRow {
        match write {
            TemplateWrite::Saved(row) => *row,
            other => panic!("expected a saved row, got {other:?}"),
        }
    }

    fn catalogue() -> MediaColumns {
        MediaColumns {
            kind: "document".into(),
            path: "/tmp/catalogo.pdf".into(),
            file_name: "catalogo.pdf".into(),
            mime: "application/pdf".into(),
            size: 12_345,
            caption: Some("Catálogo de {{cidade}}".into()),
        }
    }

    #[tokio::test]
    async fn create_get_list_and_delete() {
        let (_dir, db) = open().await;
        let natal = saved(
            create(&db, &fields("  Promoção Natal ", "Oi {{nome}}!"))
                .await
                .unwrap(),
        );
        assert_eq!(natal.name, "Promoção Natal");
        assert_eq!(natal.media_kind, None);
        let with_media = TemplateFields {
            media: Some(catalogue()),
            ..fields("catálogo", "")
        };
        let catalogo = saved(create(&db, &with_media).await.unwrap());
        assert_eq!(catalogo.media_file_name.as_deref(), Some("catalogo.pdf"));
        assert_eq!(catalogo.media_size, Some(12_345));
        assert_eq!(get(&db, natal.id).await.unwrap(), Some(natal.clone()));
        let names: Vec<String> = list(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["catálogo", "Promoção Natal"]);
        assert!(delete(&db, natal.id).await.unwrap());
        assert!(!delete(&db, natal.id).await.unwrap());
        assert_eq!(get(&db, natal.id).await.unwrap(), None);
    }

    #[tokio::test]
    async fn names_are_unique_whatever_their_case_and_accents_case() {
        let (_dir, db) = open().await;
        saved(create(&db, &fields("Promoção", "a")).await.unwrap());
        assert_eq!(
            create(&db, &fields("PROMOÇÃO ", "b")).await.unwrap(),
            TemplateWrite::NameTaken
        );
        // Another accent is another name.
        saved(create(&db, &fields("Promocao", "c")).await.unwrap());
    }

    #[tokio::test]
    async fn update_rewrites_fields_and_refuses_a_taken_name() {
        let (_dir, db) = open().await;
        let a = saved(create(&db, &fields("A", "um")).await.unwrap());
        saved(create(&db, &fields("B", "dois")).await.unwrap());
        let with_media = TemplateFields {
            media: Some(catalogue()),
            ..fields("a", "um, editado")
        };
        let edited = saved(update(&db, a.id, &with_media).await.unwrap());
        assert_eq!(
            (edited.name.as_str(), edited.body.as_str()),
            ("a", "um, editado")
        );
        assert_eq!(edited.media_kind.as_deref(), Some("document"));
        assert_eq!(edited.created_at, a.created_at);
        assert!(edited.updated_at >= a.updated_at);
        // Removing the attachment clears every media column.
        let plain = saved(update(&db, a.id, &fields("a", "sem anexo")).await.unwrap());
        assert_eq!((plain.media_kind, plain.media_caption), (None, None));
        assert_eq!(
            update(&db, a.id, &fields("b", "x")).await.unwrap(),
            TemplateWrite::NameTaken
        );
        assert_eq!(
            update(&db, 999, &fields("c", "x")).await.unwrap(),
            TemplateWrite::NotFound
        );
    }

    #[tokio::test]
    async fn duplicates_are_numbered_from_the_original_name() {
        let (_dir, db) = open().await;
        let with_media = TemplateFields {
            media: Some(catalogue()),
            ..fields("Boas-vindas", "Olá {{nome|cliente}}")
        };
        let original = saved(create(&db, &with_media).await.unwrap());
        let first = saved(duplicate(&db, original.id).await.unwrap());
        assert_eq!(first.name, "Boas-vindas (cópia)");
        assert_eq!(first.body, original.body);
        assert_eq!(first.media_caption, original.media_caption);
        assert_ne!(first.id, original.id);
        let second = saved(duplicate(&db, original.id).await.unwrap());
        assert_eq!(second.name, "Boas-vindas (cópia 2)");
        let of_copy = saved(duplicate(&db, first.id).await.unwrap());
        assert_eq!(of_copy.name, "Boas-vindas (cópia 3)");
        assert_eq!(duplicate(&db, 999).await.unwrap(), TemplateWrite::NotFound);
    }

    #[tokio::test]
    async fn the_table_refuses_half_an_attachment() {
        let (_dir, db) = open().await;
        let result = sqlx::query(
            "INSERT INTO templates (name, name_key, body, media_kind) VALUES ('x', 'x', '', 'image')",
        )
        .execute(db.pool())
        .await;
        assert!(result.is_err());
        let result = sqlx::query(
            "INSERT INTO templates (name, name_key, body, media_kind, media_path, media_file_name,
                 media_mime, media_size) VALUES ('y', 'y', '', 'sticker', 'p', 'f', 'm', 1)",
        )
        .execute(db.pool())
        .await;
        assert!(result.is_err());
    }

    #[test]
    fn copy_suffixes_are_recognised() {
        assert_eq!(strip_copy_suffix("X (cópia)"), "X");
        assert_eq!(strip_copy_suffix("X (cópia 12)"), "X");
        assert_eq!(strip_copy_suffix("X (cópia de Y)"), "X (cópia de Y)");
        assert_eq!(strip_copy_suffix("X"), "X");
        assert_eq!(copy_name("X", 2), "X (cópia 2)");
    }
}
