//! The template library: saving checks the name, the text and the attachment; rows come
//! back as the views the UI shows.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::storage::templates::{self, MediaColumns, TemplateFields, TemplateRow, TemplateWrite};
use crate::storage::Db;

use super::media::{self, MediaKind};
use super::template::Template;
use super::ComposeError;

/// What the editor saves.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDraft {
    pub name: String,
    pub body: String,
    #[serde(default)]
    pub media: Option<MediaDraft>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MediaDraft {
    pub path: String,
    /// `None`: the kind the file's type suggests.
    #[serde(default)]
    pub kind: Option<MediaKind>,
    #[serde(default)]
    pub caption: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub body: String,
    pub media: Option<TemplateMedia>,
    /// Possible messages from the body's spintax.
    #[ts(type = "number")]
    pub variants: u64,
    /// The fields the body and caption use.
    pub fields: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateMedia {
    pub kind: MediaKind,
    pub path: String,
    pub file_name: String,
    pub mime: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub caption: Option<String>,
}

pub async fn create(db: &Db, draft: &TemplateDraft) -> Result<TemplateView, ComposeError> {
    let fields = prepare(draft)?;
    saved(templates::create(db, &fields).await?, &fields.name, None)
}

pub async fn update(db: &Db, id: i64, draft: &TemplateDraft) -> Result<TemplateView, ComposeError> {
    let fields = prepare(draft)?;
    saved(
        templates::update(db, id, &fields).await?,
        &fields.name,
        Some(id),
    )
}

/// A copy named "X (cópia)" (numbered when taken).
pub async fn duplicate(db: &Db, id: i64) -> Result<TemplateView, ComposeError> {
    saved(templates::duplicate(db, id).await?, "(cópia)", Some(id))
}

pub async fn delete(db: &Db, id: i64) -> Result<(), ComposeError> {
    if templates::delete(db, id).await? {
        Ok(())
    } else {
        Err(ComposeError::TemplateNotFound(id))
    }
}

pub async fn get(db: &Db, id: i64) -> Result<TemplateView, ComposeError> {
    let row = templates::get(db, id).await?;
    row.map(view).ok_or(ComposeError::TemplateNotFound(id))
}

/// Every template, by name.
pub async fn list(db: &Db) -> Result<Vec<TemplateView>, ComposeError> {
    Ok(templates::list(db).await?.into_iter().map(view).collect())
}

/// The columns to write, once the draft passes every check.
fn prepare(draft: &TemplateDraft) -> Result<TemplateFields, ComposeError> {
    let name = draft.name.trim();
    if name.is_empty() {
        return Err(ComposeError::EmptyName);
    }
    Template::parse(&draft.body)?;
    let media = draft.media.as_ref().map(attach).transpose()?;
    if draft.body.trim().is_empty() && media.is_none() {
        return Err(ComposeError::EmptyTemplate);
    }
    Ok(TemplateFields {
        name: name.to_owned(),
        body: draft.body.clone(),
        media,
    })
}

fn attach(draft: &MediaDraft) -> Result<MediaColumns, ComposeError> {
    let file = media::inspect(Path::new(&draft.path), draft.kind)?;
    let caption = draft
        .caption
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|c| Template::parse(c).map(|_| c.to_owned()))
        .transpose()?;
    Ok(MediaColumns {
        kind: file.kind.as_str().to_owned(),
        path: file.path,
        file_name: file.file_name,
        mime: file.mime,
        size: i64::try_from(file.size_bytes).unwrap_or(i64::MAX),
        caption,
    })
}

fn saved(write: TemplateWrite, name: &str, id: Option<i64>) -> Result<TemplateView, ComposeError> {
    match write {
        TemplateWrite::Saved(row) => Ok(view(*row)),
        TemplateWrite::NameTaken => Err(ComposeError::NameTaken(name.to_owned())),
        TemplateWrite::NotFound => Err(ComposeError::TemplateNotFound(id.unwrap_or_default())),
    }
}

fn view(row: TemplateRow) -> TemplateView {
    let (body, _) = Template::parse_lenient(&row.body);
    let mut fields = body.fields();
    if let Some(caption) = &row.media_caption {
        let (caption, _) = Template::parse_lenient(caption);
        for key in caption.fields() {
            if !fields.contains(&key) {
                fields.push(key);
            }
        }
    }
    let media = match (
        row.media_kind.as_deref().and_then(MediaKind::parse),
        row.media_path,
    ) {
        (Some(kind), Some(path)) => Some(TemplateMedia {
            kind,
            path,
            file_name: row.media_file_name.unwrap_or_default(),
            mime: row.media_mime.unwrap_or_default(),
            size_bytes: row
                .media_size
                .and_then(|s| u64::try_from(s).ok())
                .unwrap_or(0),
            caption: row.media_caption,
        }),
        _ => None,
    };
    TemplateView {
        id: row.id,
        name: row.name,
        variants: body.variants(),
        body: row.body,
        media,
        fields,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::compose::media::MediaError;
    use crate::compose::template::LintKind;

    async fn open() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("app.sqlite3")).await.unwrap();
        (dir, db)
    }

    fn draft(name: &str, body: &str) -> TemplateDraft {
        TemplateDraft {
            name: name.into(),
            body: body.into(),
            media: None,
        }
    }

    #[tokio::test]
    async fn a_valid_draft_is_saved_with_its_counts_and_fields() {
        let (_dir, db) = open().await;
        let view = create(
            &db,
            &draft("Natal", "{Oi|Olá} {{nome|cliente}}, {{bairro}}!"),
        )
        .await
        .unwrap();
        assert_eq!(view.variants, 2);
        assert_eq!(view.fields, ["nome", "bairro"]);
        assert_eq!(get(&db, view.id).await.unwrap(), view);
        let copy = duplicate(&db, view.id).await.unwrap();
        assert_eq!(copy.name, "Natal (cópia)");
        assert_eq!(list(&db).await.unwrap().len(), 2);
        delete(&db, copy.id).await.unwrap();
        assert!(matches!(
            delete(&db, copy.id).await,
            Err(ComposeError::TemplateNotFound(_))
        ));
    }

    #[tokio::test]
    async fn drafts_with_errors_are_refused_with_the_reason() {
        let (_dir, db) = open().await;
        let broken = create(&db, &draft("A", "Oi {amigo|amiga")).await;
        match broken {
            Err(ComposeError::InvalidTemplate(problems)) => {
                assert_eq!(problems[0].kind, LintKind::UnclosedBrace);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            create(&db, &draft("  ", "Oi")).await,
            Err(ComposeError::EmptyName)
        ));
        assert!(matches!(
            create(&db, &draft("B", "  ")).await,
            Err(ComposeError::EmptyTemplate)
        ));
        create(&db, &draft("Igual", "1")).await.unwrap();
        assert!(matches!(
            create(&db, &draft("IGUAL", "2")).await,
            Err(ComposeError::NameTaken(name)) if name == "IGUAL"
        ));
        assert!(matches!(
            update(&db, 404, &draft("C", "3")).await,
            Err(ComposeError::TemplateNotFound(404))
        ));
    }

    #[tokio::test]
    async fn attachments_are_checked_and_described() {
        let (dir, db) = open().await;
        let png = dir.path().join("oferta.png");
        std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
        let with_image = TemplateDraft {
            media: Some(MediaDraft {
                path: png.to_string_lossy().into_owned(),
                kind: None,
                caption: Some("Só em {{cidade}}".into()),
            }),
            ..draft("Oferta", "")
        };
        let view = create(&db, &with_image).await.unwrap();
        let media = view.media.unwrap();
        assert_eq!(
            (media.kind, media.mime.as_str()),
            (MediaKind::Image, "image/png")
        );
        assert_eq!(media.file_name, "oferta.png");
        assert_eq!(view.fields, ["cidade"]);

        let as_video = TemplateDraft {
            media: Some(MediaDraft {
                kind: Some(MediaKind::Video),
                ..with_image.media.clone().unwrap()
            }),
            ..draft("Oferta 2", "")
        };
        assert!(matches!(
            create(&db, &as_video).await,
            Err(ComposeError::Media(MediaError::UnsupportedType { .. }))
        ));
    }
}
