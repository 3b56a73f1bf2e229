//! A template's attachment checked before it is saved or sent: its type read from the
//! file's first bytes (the extension only when they say nothing), its size and MIME type
//! against what Evolution's `sendMedia` accepts.
//!
//! The Evolution contract fixes `mediatype` to `image | video | audio | document` and a
//! JSON body of about 136 MB (base64 makes a file 4/3 larger, so ~100 MB of file). It is
//! silent on per-type limits, so these are WhatsApp's documented ones: images 5 MB
//! (JPEG, PNG), video 16 MB (MP4, 3GPP), audio 16 MB (AAC, MP4, MPEG, AMR, OGG),
//! documents 100 MB (any type).

mod sniff;

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

const MB: u64 = 1024 * 1024;

/// Evolution's `mediatype`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    Document,
}

impl MediaKind {
    /// The `mediatype` value, also what the `templates.media_kind` column holds.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Document => "document",
        }
    }

    pub fn parse(text: &str) -> Option<MediaKind> {
        [
            MediaKind::Image,
            MediaKind::Video,
            MediaKind::Audio,
            MediaKind::Document,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }

    /// The largest file WhatsApp takes for this kind.
    pub fn max_bytes(self) -> u64 {
        match self {
            MediaKind::Image => 5 * MB,
            MediaKind::Video | MediaKind::Audio => 16 * MB,
            MediaKind::Document => 100 * MB,
        }
    }

    /// The MIME types WhatsApp plays as this kind; `None` means any (documents).
    pub fn accepted_mimes(self) -> Option<&'static [&'static str]> {
        match self {
            MediaKind::Image => Some(&["image/jpeg", "image/png"]),
            MediaKind::Video => Some(&["video/mp4", "video/3gpp"]),
            MediaKind::Audio => Some(&[
                "audio/aac",
                "audio/mp4",
                "audio/mpeg",
                "audio/amr",
                "audio/ogg",
            ]),
            MediaKind::Document => None,
        }
    }

    fn accepts(self, mime: &str) -> bool {
        self.accepted_mimes().is_none_or(|m| m.contains(&mime))
    }

    /// The kind a file of this MIME type is sent as: what WhatsApp plays, else a document.
    pub fn for_mime(mime: &str) -> MediaKind {
        [MediaKind::Image, MediaKind::Video, MediaKind::Audio]
            .into_iter()
            .find(|k| k.accepts(mime))
            .unwrap_or(MediaKind::Document)
    }
}

/// A file that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MediaFile {
    pub kind: MediaKind,
    pub mime: String,
    /// The name the recipient sees for a document (Evolution's `fileName`).
    pub file_name: String,
    pub path: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("the file {0} does not exist")]
    NotFound(PathBuf),
    #[error("{0} is not a file")]
    NotAFile(PathBuf),
    #[error("the file could not be read: {0}")]
    Unreadable(String),
    #[error("the file is empty")]
    Empty,
    #[error("the file has {size} bytes; WhatsApp takes at most {limit} for a {}", kind.as_str())]
    TooLarge {
        kind: MediaKind,
        size: u64,
        limit: u64,
    },
    #[error("a {} cannot be {mime}", kind.as_str())]
    UnsupportedType { kind: MediaKind, mime: String },
}

/// Checks the file at `path` to be sent as `wanted`, or as the kind its type suggests.
pub fn inspect(path: &Path, wanted: Option<MediaKind>) -> Result<MediaFile, MediaError> {
    let metadata = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => MediaError::NotFound(path.to_path_buf()),
        _ => MediaError::Unreadable(e.to_string()),
    })?;
    if !metadata.is_file() {
        return Err(MediaError::NotAFile(path.to_path_buf()));
    }
    let size = metadata.len();
    if size == 0 {
        return Err(MediaError::Empty);
    }
    let mut head = Vec::with_capacity(sniff::HEAD_BYTES);
    std::fs::File::open(path)
        .and_then(|f| f.take(sniff::HEAD_BYTES as u64).read_to_end(&mut head))
        .map_err(|e| MediaError::Unreadable(e.to_string()))?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let mime = sniff::mime(&head, &extension);
    let kind = wanted.unwrap_or_else(|| MediaKind::for_mime(mime));
    if !kind.accepts(mime) {
        return Err(MediaError::UnsupportedType {
            kind,
            mime: mime.to_owned(),
        });
    }
    if size > kind.max_bytes() {
        return Err(MediaError::TooLarge {
            kind,
            size,
            limit: kind.max_bytes(),
        });
    }
    Ok(MediaFile {
        kind,
        mime: mime.to_owned(),
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.to_string_lossy().into_owned(),
        size_bytes: size,
    })
}

#[cfg(test)]
mod tests;
