//! The head of an xlsx workbook: an in-memory copy holding only the first rows of each
//! worksheet and the shared strings those rows use, for the sheet list and the preview.
//!
//! calamine reads the whole shared-strings table when it opens a workbook, ~0.5 s and tens
//! of MB for a million-row sheet, although the mapping screen shows fifty rows. The copy
//! is cut while streaming: each worksheet's XML stops after its first rows (closed again so
//! it stays well formed, its `<dimension>` kept), and `sharedStrings.xml` stops after the
//! highest index those rows use. Everything else is copied without being decompressed.
//! calamine then opens the copy, so cells are read exactly as from the file.

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read, Write};
use std::path::Path;

use quick_xml::escape::unescape;
use quick_xml::events::Event;
use quick_xml::Reader;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::error::ReadError;

/// The first rows of a workbook's worksheets, ready to be packed with as many shared
/// strings as the sheet read needs ([`XlsxHead::workbook`]).
pub(crate) struct XlsxHead {
    zip: ZipArchive<BufReader<File>>,
    /// The entries of the copy, in the file's order.
    parts: Vec<Entry>,
    /// The shared-strings entry: its index and name.
    strings: Option<(usize, String)>,
    /// Each worksheet entry's name and the highest shared-string index its rows use.
    needs: Vec<(String, Option<usize>)>,
    /// Some worksheet had more than the rows kept.
    pub cut: bool,
}

enum Entry {
    /// Copied as it is (not decompressed).
    Raw(usize),
    /// A worksheet cut after its first rows.
    Sheet { name: String, xml: Vec<u8> },
}

/// Which part of the package an XML entry is, judged by its root element.
enum Part {
    Worksheet,
    SharedStrings,
    Other,
}

impl XlsxHead {
    /// Reads the first `rows` row elements of every worksheet of the workbook at `path`.
    /// `None` when the file is not a zip this can read (calamine then reports the problem).
    pub(crate) fn read(path: &Path, rows: usize) -> Result<Option<Self>, ReadError> {
        let file = File::open(path)?;
        // The copy keeps the shared-strings header, which calamine trusts to reserve memory:
        // a hostile one goes to the full read instead, whose guard reports it as corrupt.
        if super::shared_strings_guard::check(&file).is_err() {
            return Ok(None);
        }
        let Ok(mut zip) = ZipArchive::new(BufReader::new(file)) else {
            return Ok(None);
        };
        let mut parts = Vec::with_capacity(zip.len());
        let mut needs = Vec::new();
        let mut strings = None;
        let mut cut = false;
        for index in 0..zip.len() {
            let (name, part) = {
                let Ok(entry) = zip.by_index(index) else {
                    return Ok(None);
                };
                let Ok(name) = entry.name().map(|n| n.into_owned()) else {
                    return Ok(None);
                };
                let part = if entry.is_file() && name.to_ascii_lowercase().ends_with(".xml") {
                    root_part(entry)?
                } else {
                    Part::Other
                };
                (name, part)
            };
            match part {
                Part::Other => parts.push(Entry::Raw(index)),
                Part::Worksheet => {
                    let Ok(entry) = zip.by_index(index) else {
                        return Ok(None);
                    };
                    let sheet = first_rows(entry, rows)?;
                    cut |= sheet.cut;
                    needs.push((name.clone(), sheet.highest_string));
                    parts.push(Entry::Sheet {
                        name,
                        xml: sheet.xml,
                    });
                }
                // Written last, cut to what the sheet read needs.
                Part::SharedStrings => strings = Some((index, name)),
            }
        }
        Ok(Some(Self {
            zip,
            parts,
            strings,
            needs,
            cut,
        }))
    }

    /// Shared strings the named sheet's rows use (every sheet's, when the sheet's part
    /// cannot be found).
    pub(crate) fn strings_needed(&mut self, sheet: &str) -> usize {
        let highest = match sheet_part(&mut self.zip, sheet) {
            Some(part) => self
                .needs
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(&part))
                .map_or_else(|| self.highest_needed(), |(_, need)| *need),
            None => self.highest_needed(),
        };
        highest.map_or(0, |h| h + 1)
    }

    fn highest_needed(&self) -> Option<usize> {
        self.needs.iter().filter_map(|(_, need)| *need).max()
    }

    /// A complete xlsx of the kept rows with the first `strings` shared strings.
    pub(crate) fn workbook(&mut self, strings: usize) -> Result<Vec<u8>, ReadError> {
        let mut out = ZipWriter::new(Cursor::new(Vec::new()));
        let stored = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .large_file(false);
        for part in &self.parts {
            match part {
                Entry::Raw(index) => {
                    let entry = self.zip.by_index_raw(*index).map_err(corrupt)?;
                    out.raw_copy_file(entry).map_err(corrupt)?;
                }
                Entry::Sheet { name, xml } => {
                    out.start_file(name.as_str(), stored).map_err(corrupt)?;
                    out.write_all(xml)?;
                }
            }
        }
        if let Some((index, name)) = &self.strings {
            let entry = self.zip.by_index(*index).map_err(corrupt)?;
            let xml = first_strings(entry, strings)?;
            out.start_file(name.as_str(), stored).map_err(corrupt)?;
            out.write_all(&xml)?;
        }
        Ok(out.finish().map_err(corrupt)?.into_inner())
    }
}

/// The zip entry of a worksheet, found as calamine finds it: the package's relationships
/// name the workbook part, the workbook names the sheet's relationship, whose target is the
/// sheet's part. `None` when any of it is missing.
fn sheet_part(zip: &mut ZipArchive<BufReader<File>>, sheet: &str) -> Option<String> {
    let package = relationships(zip, "_rels/.rels")?;
    let workbook = package
        .iter()
        .find(|r| r.kind.ends_with("/relationships/officeDocument"))
        .map(|r| r.target.trim_start_matches('/').to_owned())?;
    let (dir, file) = match workbook.rfind('/') {
        Some(at) => (&workbook[..=at], &workbook[at + 1..]),
        None => ("", workbook.as_str()),
    };
    let rels = relationships(zip, &format!("{dir}_rels/{file}.rels"))?;
    let id = sheet_relationship(zip, &workbook, sheet)?;
    let target = &rels.iter().find(|r| r.id == id)?.target;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("{dir}{target}"),
    })
}

struct Relationship {
    id: String,
    kind: String,
    target: String,
}

fn entry_xml<'z>(
    zip: &'z mut ZipArchive<BufReader<File>>,
    name: &str,
) -> Option<Reader<BufReader<zip::read::ZipFile<'z, BufReader<File>>>>> {
    let index = (0..zip.len()).find(|&i| {
        zip.name_for_index(i)
            .is_some_and(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)))
    })?;
    let entry = zip.by_index(index).ok()?;
    Some(xml_reader(BufReader::new(entry)))
}

fn relationships(zip: &mut ZipArchive<BufReader<File>>, name: &str) -> Option<Vec<Relationship>> {
    let mut reader = entry_xml(zip, name)?;
    let mut found = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let attr = |key: &str| -> Option<String> {
                    let value = e.try_get_attribute(key).ok()??;
                    Some(unescape(&value.value).ok()?.into_owned())
                };
                found.push(Relationship {
                    id: attr("Id")?,
                    kind: attr("Type").unwrap_or_default(),
                    target: attr("Target").unwrap_or_default(),
                });
            }
            Event::Eof => return Some(found),
            _ => {}
        }
    }
}

/// The relationship id of the named sheet in the workbook part.
fn sheet_relationship(
    zip: &mut ZipArchive<BufReader<File>>,
    workbook: &str,
    sheet: &str,
) -> Option<String> {
    let mut reader = entry_xml(zip, workbook)?;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let mut name = None;
                let mut id = None;
                for attr in e.attributes().with_checks(false).flatten() {
                    let key = attr.key.as_ref();
                    let value = unescape(&attr.value).ok()?.into_owned();
                    if key == "name" {
                        name = Some(value);
                    } else if key == "id" || key.ends_with(":id") {
                        id = Some(value);
                    }
                }
                if name.as_deref() == Some(sheet) {
                    return id;
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn corrupt(e: zip::result::ZipError) -> ReadError {
    ReadError::Corrupt(e.to_string())
}

fn xml_error(e: impl std::fmt::Display) -> ReadError {
    ReadError::Corrupt(format!("the workbook's XML is malformed: {e}"))
}

fn xml_reader<R: BufRead>(input: R) -> Reader<R> {
    let mut reader = Reader::from_reader(input);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    reader
}

/// The part an XML entry is, from its first element.
fn root_part(entry: impl Read) -> Result<Part, ReadError> {
    let mut reader = xml_reader(BufReader::with_capacity(1024, entry));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return Ok(match e.local_name().as_ref() {
                    "worksheet" => Part::Worksheet,
                    "sst" => Part::SharedStrings,
                    _ => Part::Other,
                })
            }
            Ok(Event::Eof) | Err(_) => return Ok(Part::Other),
            Ok(_) => {}
        }
    }
}

/// Everything read through it, kept: the XML is copied byte for byte up to a cut.
struct Recorder<R> {
    inner: R,
    seen: Vec<u8>,
}

impl<R: Read> Read for Recorder<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// A worksheet cut after its first rows.
struct SheetHead {
    xml: Vec<u8>,
    cut: bool,
    /// The highest shared-string index its cells use.
    highest_string: Option<usize>,
}

fn first_rows(entry: impl Read, rows: usize) -> Result<SheetHead, ReadError> {
    let recorder = Recorder {
        inner: entry,
        seen: Vec::with_capacity(64 * 1024),
    };
    let mut reader = xml_reader(BufReader::with_capacity(16 * 1024, recorder));
    let mut buf = Vec::new();
    // The qualified names to close with (`x:sheetData` when the file uses a prefix).
    let mut worksheet = None;
    let mut sheet_data = None;
    let mut rows_seen = 0usize;
    let mut highest_string: Option<usize> = None;
    // Inside a cell of type "s", and inside its value.
    let mut shared_cell = false;
    let mut in_value = false;
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf).map_err(xml_error)?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "worksheet" => worksheet = Some(e.name().as_ref().to_owned()),
                "sheetData" => sheet_data = Some(e.name().as_ref().to_owned()),
                "c" => {
                    shared_cell = e
                        .try_get_attribute("t")
                        .map_err(xml_error)?
                        .is_some_and(|t| t.value.as_ref() == "s");
                }
                "v" => in_value = shared_cell,
                _ => {}
            },
            Event::Text(text) if in_value => {
                if let Ok(index) = text.trim().parse::<usize>() {
                    highest_string = Some(highest_string.map_or(index, |h| h.max(index)));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "v" => in_value = false,
                "c" => shared_cell = false,
                "row" => rows_seen += 1,
                "sheetData" => break,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "row" => rows_seen += 1,
            Event::Eof => break,
            _ => {}
        }
        if rows_seen >= rows && sheet_data.is_some() {
            // Cut right after this row: the sheet goes on.
            let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let recorder = reader.into_inner().into_inner();
            let mut xml = recorder.seen;
            xml.truncate(at);
            for name in [sheet_data, worksheet].into_iter().flatten() {
                xml.extend_from_slice(b"</");
                xml.extend_from_slice(name.as_bytes());
                xml.push(b'>');
            }
            return Ok(SheetHead {
                xml,
                cut: true,
                highest_string,
            });
        }
    }
    // Fewer rows than asked: the whole sheet, read to its end.
    let mut recorder = reader.into_inner().into_inner();
    recorder.inner.read_to_end(&mut recorder.seen)?;
    Ok(SheetHead {
        xml: recorder.seen,
        cut: false,
        highest_string,
    })
}

/// The shared-strings table cut after its first `count` strings.
fn first_strings(entry: impl Read, count: usize) -> Result<Vec<u8>, ReadError> {
    let recorder = Recorder {
        inner: entry,
        seen: Vec::with_capacity(64 * 1024),
    };
    let mut reader = xml_reader(BufReader::with_capacity(16 * 1024, recorder));
    let mut buf = Vec::new();
    let mut root: Option<String> = None;
    let mut strings = 0usize;
    loop {
        if root.is_some() && strings >= count {
            let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let mut xml = reader.into_inner().into_inner().seen;
            xml.truncate(at);
            if let Some(root) = root {
                xml.extend_from_slice(b"</");
                xml.extend_from_slice(root.as_bytes());
                xml.push(b'>');
            }
            return Ok(xml);
        }
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(xml_error)? {
            Event::Start(e) if root.is_none() => root = Some(e.name().as_ref().to_owned()),
            Event::End(e) if e.local_name().as_ref() == "si" => strings += 1,
            Event::Empty(e) if e.local_name().as_ref() == "si" => strings += 1,
            Event::Eof => break,
            _ => {}
        }
    }
    let mut recorder = reader.into_inner().into_inner();
    recorder.inner.read_to_end(&mut recorder.seen)?;
    Ok(recorder.seen)
}
