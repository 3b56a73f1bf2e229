//! Refuses an xlsx whose shared-strings table announces more strings than it can hold.
//!
//! calamine 0.38 reserves room for the `uniqueCount` the `<sst>` element declares before
//! it reads a single string, 24 bytes each: a 2 KB file declaring two billion strings asks
//! for 48 GB, and a failed allocation aborts the whole app (it is not a panic that could
//! be caught). Each string takes at least 5 bytes of XML (`<si/>`), and a deflated part
//! holds at most 1,032 bytes per compressed byte, so an honest count never passes the
//! bound [`check`] applies: the reservation stays in proportion to what the file can hold.

use std::fs::File;
use std::io::Read;

use quick_xml::events::Event;

use super::error::ReadError;

/// The shortest shared string in the XML: `<si/>`.
const MIN_STRING_BYTES: u64 = 5;
/// Deflate's largest expansion, per compressed byte.
const MAX_DEFLATE_RATIO: u64 = 1032;
/// Where the `<sst>` start tag must be found: Excel writes it right after the XML declaration.
const HEAD_BYTES: u64 = 64 * 1024;

fn damaged(what: &str) -> ReadError {
    ReadError::Corrupt(format!("the shared strings table is damaged ({what})"))
}

/// Checks every `…sharedStrings.xml` part of the xlsx in `file` (calamine picks the one
/// next to the workbook part, wherever that is).
pub(crate) fn check(file: &File) -> Result<(), ReadError> {
    // Not a readable zip: calamine says so in its own words.
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return Ok(());
    };
    for index in 0..zip.len() {
        let Ok(mut part) = zip.by_index(index) else {
            continue;
        };
        if !part
            .name_raw()
            .to_ascii_lowercase()
            .ends_with(b"sharedstrings.xml")
        {
            continue;
        }
        let room = part
            .size()
            .min(part.compressed_size().saturating_mul(MAX_DEFLATE_RATIO));
        let mut head = Vec::new();
        // A part calamine cannot decompress fails there too, with its own error.
        if (&mut part).take(HEAD_BYTES).read_to_end(&mut head).is_err() {
            continue;
        }
        let declared = match unique_count(&head) {
            Some(count) => count,
            None if (head.len() as u64) < HEAD_BYTES => continue,
            None => return Err(damaged("no table at its start")),
        };
        if declared.saturating_mul(MIN_STRING_BYTES) > room {
            return Err(damaged("it declares more strings than it can hold"));
        }
    }
    Ok(())
}

/// The `uniqueCount` of the first `sst` start tag, found and read the way calamine does
/// (the same quick-xml settings, the same raw attribute scan): digits only, anything else
/// calamine ignores, and so is `Some(0)`. `None` when `head` ends before such a tag.
fn unique_count(head: &[u8]) -> Option<u64> {
    let mut xml = quick_xml::Reader::from_reader(head);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let tag = loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => break e.into_owned(),
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    };
    let Some(value) = raw_attributes(tag.attributes_raw().as_bytes())
        .find(|(key, _)| *key == b"uniqueCount")
        .map(|(_, value)| value)
    else {
        return Some(0);
    };
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Some(0);
    }
    Some(value.iter().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

/// `key="value"` pairs as calamine's own attribute scan sees them: the key runs to the
/// next `=` (trailing spaces trimmed), the value sits in either quote; a malformed pair
/// ends the scan, as it ends calamine's read.
pub(super) fn raw_attributes(raw: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        while raw.get(pos).is_some_and(u8::is_ascii_whitespace) {
            pos += 1;
        }
        let key_start = pos;
        let eq = key_start + raw.get(key_start..)?.iter().position(|&b| b == b'=')?;
        let key = raw[key_start..eq].trim_ascii_end();
        pos = eq + 1;
        while raw.get(pos).is_some_and(u8::is_ascii_whitespace) {
            pos += 1;
        }
        let quote = *raw.get(pos).filter(|q| matches!(q, b'"' | b'\''))?;
        let value_start = pos + 1;
        let len = raw
            .get(value_start..)?
            .iter()
            .position(|&b| b == quote)
            .unwrap_or(raw.len() - value_start);
        pos = value_start + len + 1;
        Some((key, &raw[value_start..value_start + len]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declared_count_is_read_as_calamine_reads_it() {
        let count = |xml: &str| unique_count(xml.as_bytes());
        assert_eq!(
            count(r#"<?xml version="1.0"?><sst xmlns="x" count="9" uniqueCount="5"><si>"#),
            Some(5)
        );
        assert_eq!(count(r#"<x:sst uniqueCount = '12' count="3">"#), Some(12));
        assert_eq!(count(r#"<sst uniqueCount="+12">"#), Some(0));
        assert_eq!(count(r#"<sst count="3"/>"#), Some(0));
        // A commented-out table is not the table.
        assert_eq!(
            count(r#"<!-- <sst uniqueCount="1"> --><sst uniqueCount="9">"#),
            Some(9)
        );
        assert_eq!(count(r#"<sst uniqueCount="many">"#), Some(0));
        assert_eq!(
            count(r#"<sst notuniqueCount="7" uniqueCount="8">"#),
            Some(8)
        );
        // calamine reads `a uniqueCount` as one key: no count for either of us.
        assert_eq!(count(r#"<sst a uniqueCount="8">"#), Some(0));
        assert_eq!(
            count(r#"<sst uniqueCount="99999999999999999999999">"#),
            Some(u64::MAX)
        );
        assert_eq!(
            count(r#"<sstx uniqueCount="4"><sst uniqueCount="6">"#),
            Some(6)
        );
        assert_eq!(count("<?xml version=\"1.0\"?><sst uniqueCount=\"7\""), None);
        assert_eq!(count("<sst uniqueCount='7'><si><t>Ana"), Some(7));
        assert_eq!(count("no tags at all"), None);
    }
}
