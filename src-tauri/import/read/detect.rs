//! What kind of file this is, from its first bytes; the extension only breaks ties.
//!
//! Users rename files freely ("contatos.xlsx" that is really a CSV, a photo of a table saved
//! as .xlsx), so trusting the extension gives confusing errors deep inside a parser.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use calamine::Reader;

use super::error::ReadError;
use super::ole2_guard;

/// The formats the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
    /// Delimited text: .csv, .txt, .tsv.
    Csv,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const SNIFF_BYTES: usize = 8192;

/// Detects the format. A zero-byte file is `Empty`; an encrypted Office file is
/// `PasswordProtected`; anything recognisable but not a table is `Unsupported`.
pub fn detect(path: &Path) -> Result<FileKind, ReadError> {
    super::panic_guard::contain(|| detect_kind(path))
}

fn detect_kind(path: &Path) -> Result<FileKind, ReadError> {
    let mut file = File::open(path)?;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut file)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)?;
    if head.is_empty() {
        return Err(ReadError::Empty);
    }
    if head.starts_with(ZIP_MAGIC) {
        let names = zip_entry_names(&mut file)?;
        return zip_kind(&names, path);
    }
    if head.starts_with(ole2_guard::MAGIC) {
        // calamine is about to parse the container: it must be one calamine survives.
        ole2_guard::check(&mut file)?;
        return ole2_kind(file);
    }
    if let Some(detected) = binary_signature(&head) {
        return Err(ReadError::Unsupported {
            detected: detected.to_owned(),
        });
    }
    if looks_like_text(&head) {
        return Ok(FileKind::Csv);
    }
    Err(ReadError::Unsupported {
        detected: "binary data that is neither a spreadsheet nor text".to_owned(),
    })
}

/// Office Open XML and OpenDocument are zip files; their entry names tell them apart.
fn zip_kind(names: &[String], path: &Path) -> Result<FileKind, ReadError> {
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if has("xl/workbook.bin") {
        return Ok(FileKind::Xlsb);
    }
    if has("xl/workbook.xml") {
        // Macros live in vbaProject.bin; the extension covers macro-enabled files without any.
        let xlsm = has("xl/vbaProject.bin") || extension(path).as_deref() == Some("xlsm");
        return Ok(if xlsm { FileKind::Xlsm } else { FileKind::Xlsx });
    }
    if has("content.xml") && has("mimetype") {
        // Writer and Impress documents share the layout; calamine checks the mimetype.
        return Ok(FileKind::Ods);
    }
    let detected = if has("word/document.xml") {
        "a Word document (.docx)"
    } else if has("ppt/presentation.xml") {
        "a PowerPoint presentation (.pptx)"
    } else {
        "a zip archive"
    };
    Err(ReadError::Unsupported {
        detected: detected.to_owned(),
    })
}

/// Encrypted .xlsx files are OLE2 containers holding `EncryptionInfo` and
/// `EncryptedPackage` streams; calamine's xlsx reader checks for exactly that before it
/// expects a zip. Every other OLE2 file is taken as .xls (a .doc fails later as Unsupported).
fn ole2_kind(file: File) -> Result<FileKind, ReadError> {
    match calamine::Xlsx::new(BufReader::new(file)) {
        Err(calamine::XlsxError::Password) => Err(ReadError::PasswordProtected),
        _ => Ok(FileKind::Xls),
    }
}

fn binary_signature(head: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"{\\rtf", "an RTF document"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, name)| *name)
}

/// Text has a BOM, or no NUL bytes and few control characters. UTF-16 without a BOM has
/// NULs in every other byte, which `encoding` handles, so those are accepted too.
fn looks_like_text(head: &[u8]) -> bool {
    if head.starts_with(b"\xEF\xBB\xBF")
        || head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
    {
        return true;
    }
    if super::encoding::utf16_without_bom(head).is_some() {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    // A stray control character happens in exported data; a binary file is full of them.
    controls * 100 <= head.len()
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// The entry names from a zip's central directory, without decompressing anything.
/// Every length in the directory is the file's word, so each one is checked against the
/// bytes actually there: a directory that lies is `Corrupt`, never an index past the end.
fn zip_entry_names(file: &mut File) -> Result<Vec<String>, ReadError> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const CENTRAL: &[u8] = b"PK\x01\x02";
    /// A central-directory header before its name, extra field and comment.
    const ENTRY_HEADER: usize = 46;
    // The end record is 22 bytes plus a comment of at most 65,535.
    let len = file.seek(SeekFrom::End(0))?;
    let tail_len = len.min(22 + 65_535);
    file.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = Vec::new();
    file.take(tail_len).read_to_end(&mut tail)?;
    let truncated = || ReadError::Corrupt("the zip container is truncated".to_owned());
    let damaged = || ReadError::Corrupt("the zip container's directory is damaged".to_owned());
    let eocd = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..].starts_with(EOCD))
        .ok_or_else(truncated)?;
    let dir_size = u64::from(le_u32(&tail, eocd + 12).ok_or_else(truncated)?);
    let dir_offset = u64::from(le_u32(&tail, eocd + 16).ok_or_else(truncated)?);
    if dir_offset.saturating_add(dir_size) > len {
        return Err(truncated());
    }
    file.seek(SeekFrom::Start(dir_offset))?;
    let mut dir = Vec::new();
    file.take(dir_size).read_to_end(&mut dir)?;
    let mut names = Vec::new();
    let mut rest = dir.as_slice();
    // Anything after the last entry (a digital signature, zip64 records) is not ours to read.
    while rest.starts_with(CENTRAL) {
        let field = |offset| le_u16(rest, offset).map(usize::from).ok_or_else(damaged);
        let (name_len, extra_len, comment_len) = (field(28)?, field(30)?, field(32)?);
        let name_end = ENTRY_HEADER + name_len;
        let name = rest.get(ENTRY_HEADER..name_end).ok_or_else(damaged)?;
        names.push(String::from_utf8_lossy(name).into_owned());
        // At most 46 + 3 × 65,535: no overflow, but maybe past the directory's end.
        rest = rest
            .get(name_end + extra_len + comment_len..)
            .ok_or_else(damaged)?;
    }
    // A directory that holds bytes but not a single entry is not an empty zip.
    if names.is_empty() && !dir.is_empty() {
        return Err(damaged());
    }
    Ok(names)
}

fn le_u16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        bytes.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        bytes.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_with_accents_and_tabs_is_text() {
        assert!(looks_like_text("nome\ttelefone\nJoão\t1199\n".as_bytes()));
        assert!(looks_like_text(b"Jo\xE3o;S\xE3o Paulo\r\n"));
        assert!(!looks_like_text(&[0x00, 0x01, 0x02, 0x03, 0xFF, 0x10]));
    }

    #[test]
    fn zip_entries_decide_the_kind() {
        let names = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let path = Path::new("x.xlsx");
        assert_eq!(
            zip_kind(&names(&["xl/workbook.xml"]), path),
            Ok(FileKind::Xlsx)
        );
        assert_eq!(
            zip_kind(&names(&["xl/workbook.xml", "xl/vbaProject.bin"]), path),
            Ok(FileKind::Xlsm)
        );
        assert_eq!(
            zip_kind(&names(&["xl/workbook.bin"]), path),
            Ok(FileKind::Xlsb)
        );
        assert_eq!(
            zip_kind(&names(&["mimetype", "content.xml"]), path),
            Ok(FileKind::Ods)
        );
        assert!(matches!(
            zip_kind(&names(&["word/document.xml"]), path),
            Err(ReadError::Unsupported { .. })
        ));
    }
}
