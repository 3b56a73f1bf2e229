//! The MIME type from a file's first bytes; the extension decides only when the bytes
//! are not a format we know (plain text, CSV) or are a container shared by several
//! formats (Office files are ZIP or OLE inside).

/// Enough for every signature below.
pub(super) const HEAD_BYTES: usize = 32;

pub(super) fn mime(head: &[u8], extension: &str) -> &'static str {
    by_bytes(head).unwrap_or_else(|| by_extension(extension))
}

fn by_bytes(head: &[u8]) -> Option<&'static str> {
    let at = |offset: usize, bytes: &[u8]| head.get(offset..offset + bytes.len()) == Some(bytes);
    if at(0, &[0xff, 0xd8, 0xff]) {
        return Some("image/jpeg");
    }
    if at(0, b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if at(0, b"GIF8") {
        return Some("image/gif");
    }
    if at(0, b"RIFF") && at(8, b"WEBP") {
        return Some("image/webp");
    }
    if at(0, b"RIFF") && at(8, b"WAVE") {
        return Some("audio/wav");
    }
    if at(4, b"ftyp") {
        return Some(iso_media(head.get(8..12).unwrap_or_default()));
    }
    if at(0, b"OggS") {
        return Some("audio/ogg");
    }
    if at(0, b"#!AMR") {
        return Some("audio/amr");
    }
    if at(0, b"ID3") {
        return Some("audio/mpeg");
    }
    if let [0xff, second, ..] = head {
        // ADTS (AAC) frames start 0xFFF with layer bits 00; MPEG audio frames 0xFFE/0xFFF
        // with other layers.
        if second & 0xf6 == 0xf0 {
            return Some("audio/aac");
        }
        if second & 0xe0 == 0xe0 {
            return Some("audio/mpeg");
        }
    }
    if at(0, b"%PDF") {
        return Some("application/pdf");
    }
    None
}

/// The ISO media (MP4 family) brand: audio-only M4A, 3GPP, QuickTime, HEIF, else MP4.
fn iso_media(brand: &[u8]) -> &'static str {
    match brand {
        b"M4A " | b"M4B " | b"M4P " => "audio/mp4",
        b"qt  " => "video/quicktime",
        b"heic" | b"heix" | b"mif1" | b"msf1" => "image/heic",
        [b'3', b'g', ..] => "video/3gpp",
        _ => "video/mp4",
    }
}

fn by_extension(extension: &str) -> &'static str {
    match extension {
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}
