//! Where something sits in a text, in UTF-8 bytes (for Rust) and in UTF-16 code units
//! (what JavaScript strings and the web editor count; an emoji is two of them).

use std::ops::Range;

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TextRange {
    #[ts(type = "number")]
    pub byte_start: usize,
    #[ts(type = "number")]
    pub byte_end: usize,
    #[ts(type = "number")]
    pub utf16_start: usize,
    #[ts(type = "number")]
    pub utf16_end: usize,
}

impl TextRange {
    /// The range `bytes` of `text`, with its UTF-16 offsets worked out.
    pub fn new(text: &str, bytes: Range<usize>) -> Self {
        Self {
            byte_start: bytes.start,
            byte_end: bytes.end,
            utf16_start: utf16_offset(text, bytes.start),
            utf16_end: utf16_offset(text, bytes.end),
        }
    }

    pub fn bytes(&self) -> Range<usize> {
        self.byte_start..self.byte_end
    }
}

/// UTF-16 units before byte `byte`. Counting per call is fine: templates are a few KB and
/// a lint has a handful of problems.
fn utf16_offset(text: &str, byte: usize) -> usize {
    text.char_indices()
        .take_while(|(i, _)| *i < byte)
        .map(|(_, c)| c.len_utf16())
        .sum()
}

/// Length of `text` in UTF-16 units (JavaScript's `.length`).
pub(crate) fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_count_twice_and_accents_once_in_utf16() {
        let text = "Olá 😀 {{nome}}";
        let start = text.find("{{").unwrap_or_default();
        let range = TextRange::new(text, start..text.len());
        // "Olá " = 5 bytes / 4 units, the emoji 4 bytes / 2 units, a space.
        assert_eq!((range.byte_start, range.byte_end), (10, 18));
        assert_eq!((range.utf16_start, range.utf16_end), (7, 15));
        assert_eq!(utf16_len(text), 15);
    }
}
