use super::*;

fn file(dir: &Path, name: &str, head: &[u8], size: usize) -> PathBuf {
    let path = dir.join(name);
    let mut bytes = head.to_vec();
    bytes.resize(size.max(head.len()), 0);
    std::fs::write(&path, bytes).unwrap();
    path
}

const JPEG: &[u8] = &[0xff, 0xd8, 0xff, 0xe0, 0, 0x10, b'J', b'F', b'I', b'F'];
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const MP4: &[u8] = b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2";
const M4A: &[u8] = b"\0\0\0\x20ftypM4A \0\0\0\0M4A mp42";
const GP3: &[u8] = b"\0\0\0\x14ftyp3gp4\0\0\0\0";

#[test]
fn kinds_come_from_the_bytes_not_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], MediaKind, &str); 8] = [
        ("foto.jpg", JPEG, MediaKind::Image, "image/jpeg"),
        // A PNG named .jpg is still a PNG.
        ("foto2.jpg", PNG, MediaKind::Image, "image/png"),
        ("video.mp4", MP4, MediaKind::Video, "video/mp4"),
        ("video.3gp", GP3, MediaKind::Video, "video/3gpp"),
        ("audio.m4a", M4A, MediaKind::Audio, "audio/mp4"),
        ("nota.ogg", b"OggS\0\x02", MediaKind::Audio, "audio/ogg"),
        ("musica.mp3", b"ID3\x04\0", MediaKind::Audio, "audio/mpeg"),
        (
            "tabela.pdf",
            b"%PDF-1.7\n",
            MediaKind::Document,
            "application/pdf",
        ),
    ];
    for (name, head, kind, mime) in cases {
        let checked = inspect(&file(dir.path(), name, head, 1000), None).unwrap();
        assert_eq!(
            (checked.kind, checked.mime.as_str()),
            (kind, mime),
            "{name}"
        );
        assert_eq!(checked.file_name, name);
        assert_eq!(checked.size_bytes, 1000);
    }
}

#[test]
fn unknown_bytes_fall_back_to_the_extension_as_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let csv = inspect(&file(dir.path(), "lista.CSV", b"nome;telefone\n", 0), None).unwrap();
    assert_eq!(
        (csv.kind, csv.mime.as_str()),
        (MediaKind::Document, "text/csv")
    );
    let gif = inspect(&file(dir.path(), "anim.gif", b"GIF89a", 100), None).unwrap();
    assert_eq!(
        (gif.kind, gif.mime.as_str()),
        (MediaKind::Document, "image/gif")
    );
}

#[test]
fn a_type_whatsapp_cannot_play_is_refused_for_that_kind() {
    let dir = tempfile::tempdir().unwrap();
    let gif = file(dir.path(), "anim.gif", b"GIF89a", 100);
    assert!(matches!(
        inspect(&gif, Some(MediaKind::Image)),
        Err(MediaError::UnsupportedType { kind: MediaKind::Image, ref mime }) if mime == "image/gif"
    ));
    let text_as_video = file(dir.path(), "fake.mp4", b"not a video", 100);
    assert!(matches!(
        inspect(&text_as_video, Some(MediaKind::Video)),
        Err(MediaError::UnsupportedType { .. })
    ));
    // Anything can go as a document.
    assert!(inspect(&gif, Some(MediaKind::Document)).is_ok());
}

#[test]
fn sizes_are_checked_per_kind() {
    let dir = tempfile::tempdir().unwrap();
    let limit = MediaKind::Image.max_bytes() as usize;
    let at_limit = file(dir.path(), "ok.png", PNG, limit);
    assert!(inspect(&at_limit, None).is_ok());
    let over = file(dir.path(), "big.png", PNG, limit + 1);
    assert!(matches!(
        inspect(&over, None),
        Err(MediaError::TooLarge { kind: MediaKind::Image, size, limit: l }) if size == l + 1
    ));
    // The same bytes are fine as a document (100 MB).
    assert!(inspect(&over, Some(MediaKind::Document)).is_ok());
    let empty = file(dir.path(), "vazio.pdf", b"", 0);
    assert!(matches!(inspect(&empty, None), Err(MediaError::Empty)));
}

#[test]
fn missing_paths_and_folders_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        inspect(&dir.path().join("nada.jpg"), None),
        Err(MediaError::NotFound(_))
    ));
    assert!(matches!(
        inspect(dir.path(), None),
        Err(MediaError::NotAFile(_))
    ));
}

#[test]
fn kinds_round_trip_through_their_column_values() {
    for kind in [
        MediaKind::Image,
        MediaKind::Video,
        MediaKind::Audio,
        MediaKind::Document,
    ] {
        assert_eq!(MediaKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(MediaKind::parse("sticker"), None);
}
