//! Follows the CSV grammar ahead of the parser to number rows as Excel does and to stop a
//! runaway field (an unclosed quote swallowing the rest of the file) before it fills memory.
//!
//! The `csv` crate skips blank lines and does not say how many, yet row numbers must match
//! what the user sees when the file opens in Excel, where a blank line is a row and a
//! quoted multi-line cell is one. This walks the same grammar as `csv_core` (quotes open
//! only at the start of a field, `""` is a quote, `\r`, `\n` and `\r\n` end a record) and
//! queues the row number of each record in the order the parser will return them.

use std::collections::VecDeque;
use std::io::{self, Read};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StartRecord,
    StartField,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// Where a field grew past the limit (1-based row and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Oversized {
    pub row: usize,
    pub column: usize,
}

pub(crate) struct FieldGuard<R> {
    inner: R,
    delimiter: u8,
    /// Raw characters a field may hold before reading stops: twice the cell limit plus
    /// the quotes, since `""` stands for one character.
    field_limit: usize,
    state: State,
    after_cr: bool,
    row: usize,
    column: usize,
    field_chars: usize,
    record_rows: VecDeque<usize>,
    oversized: Option<Oversized>,
}

impl<R: Read> FieldGuard<R> {
    pub(crate) fn new(inner: R, delimiter: u8, max_cell_chars: usize) -> Self {
        Self {
            inner,
            delimiter,
            field_limit: max_cell_chars.saturating_mul(2).saturating_add(2),
            state: State::StartRecord,
            after_cr: false,
            row: 1,
            column: 0,
            field_chars: 0,
            record_rows: VecDeque::new(),
            oversized: None,
        }
    }

    pub(crate) fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The row number of the next record the parser returns.
    pub(crate) fn next_record_row(&mut self) -> Option<usize> {
        self.record_rows.pop_front()
    }

    pub(crate) fn oversized(&self) -> Option<Oversized> {
        self.oversized
    }

    /// Walks one byte; false when the current field just grew past the limit.
    fn step(&mut self, byte: u8) -> bool {
        if std::mem::take(&mut self.after_cr) && byte == b'\n' {
            return true;
        }
        let terminator = byte == b'\r' || byte == b'\n';
        match self.state {
            State::StartRecord if terminator => {
                // A blank line: csv skips it, Excel shows it as a row.
                self.row += 1;
                self.after_cr = byte == b'\r';
                return true;
            }
            State::StartRecord => {
                self.record_rows.push_back(self.row);
                self.column = 0;
                self.start_field();
                return self.step_in_field_start(byte);
            }
            State::StartField => return self.step_in_field_start(byte),
            State::Unquoted | State::QuoteInQuoted if terminator => self.end_record(byte),
            State::Unquoted | State::QuoteInQuoted if byte == self.delimiter => {
                self.start_field();
            }
            State::Unquoted => self.count(byte),
            State::QuoteInQuoted if byte == b'"' => {
                self.state = State::Quoted;
                self.count(byte);
            }
            State::QuoteInQuoted => {
                self.state = State::Unquoted;
                self.count(byte);
            }
            State::Quoted if byte == b'"' => self.state = State::QuoteInQuoted,
            State::Quoted => self.count(byte),
        }
        self.field_chars <= self.field_limit
    }

    fn step_in_field_start(&mut self, byte: u8) -> bool {
        match byte {
            b'\r' | b'\n' => self.end_record(byte),
            b'"' => self.state = State::Quoted,
            b if b == self.delimiter => self.start_field(),
            b => {
                self.state = State::Unquoted;
                self.count(b);
            }
        }
        self.field_chars <= self.field_limit
    }

    fn start_field(&mut self) {
        self.state = State::StartField;
        self.column += 1;
        self.field_chars = 0;
    }

    fn end_record(&mut self, byte: u8) {
        self.state = State::StartRecord;
        self.row += 1;
        self.field_chars = 0;
        self.after_cr = byte == b'\r';
    }

    /// Counts characters, not bytes: UTF-8 continuation bytes are skipped.
    fn count(&mut self, byte: u8) {
        if byte & 0xC0 != 0x80 {
            self.field_chars += 1;
        }
    }
}

impl<R: Read> Read for FieldGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.oversized.is_some() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a cell is too large",
            ));
        }
        let n = self.inner.read(buf)?;
        let mut i = 0;
        while i < n {
            // Most bytes are the inside of a field: take the run in one go when it cannot
            // overflow, else walk it byte by byte to stop at the exact byte.
            let run = self.plain_run(&buf[i..n]);
            let chars = buf[i..i + run]
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count();
            let end = if self.field_chars + chars <= self.field_limit {
                self.field_chars += chars;
                i += run;
                (i + 1).min(n)
            } else {
                i + run
            };
            while i < end {
                if !self.step(buf[i]) {
                    // Hand over the bytes before the runaway field's excess, so every
                    // record before it parses; the next read reports the error. With
                    // nothing before it, report it now: `Ok(0)` would read as the end of
                    // the file and drop the row silently.
                    self.oversized = Some(Oversized {
                        row: self.row,
                        column: self.column,
                    });
                    if i == 0 {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            "a cell is too large",
                        ));
                    }
                    return Ok(i);
                }
                i += 1;
            }
        }
        Ok(n)
    }
}

impl<R> FieldGuard<R> {
    /// How many bytes from the start of `rest` only add characters to the current field:
    /// up to the next delimiter or line end outside quotes, the next quote inside them.
    fn plain_run(&self, rest: &[u8]) -> usize {
        if self.after_cr {
            return 0;
        }
        let special = match self.state {
            State::Unquoted => {
                let delimiter = self.delimiter;
                rest.iter()
                    .position(|&b| b == delimiter || b == b'\r' || b == b'\n')
            }
            State::Quoted => rest.iter().position(|&b| b == b'"'),
            State::StartRecord | State::StartField | State::QuoteInQuoted => Some(0),
        };
        special.unwrap_or(rest.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(text: &str) -> Vec<usize> {
        let mut guard = FieldGuard::new(text.as_bytes(), b';', 100);
        let mut sink = Vec::new();
        guard.read_to_end(&mut sink).unwrap();
        guard.record_rows.into_iter().collect()
    }

    #[test]
    fn blank_lines_count_and_quoted_line_breaks_do_not() {
        assert_eq!(rows_of("a;b\n\n\nc;d\n"), vec![1, 4]);
        assert_eq!(rows_of("a;\"x\r\ny\"\r\n\r\nc;d"), vec![1, 3]);
        assert_eq!(rows_of("\"say \"\"hi\"\"\";b\nc\n"), vec![1, 2]);
        // A quote in the middle of a field is a plain character, as in csv_core.
        assert_eq!(rows_of("Jo\"ão;1\nAna;2\n"), vec![1, 2]);
    }

    /// Row numbers from walking every byte through `step`, without the fast path.
    fn rows_byte_by_byte(text: &str) -> Vec<usize> {
        let mut guard = FieldGuard::new(&b""[..], b';', 100);
        for &byte in text.as_bytes() {
            assert!(guard.step(byte));
        }
        guard.record_rows.into_iter().collect()
    }

    #[test]
    fn the_fast_path_walks_the_same_grammar() {
        let text = "nome;obs\r\n\"Ana\";\"a;b\r\nc\"\"d\"\r\n\r\nJo\"ão;x\ny;\"\"\n\"z\"\"\";w\r";
        let expected = rows_byte_by_byte(text);
        assert_eq!(expected, vec![1, 2, 4, 5, 6]);
        // Reads of every size split fields, quotes and line ends at every possible byte.
        for size in 1..=text.len() {
            let mut guard = FieldGuard::new(text.as_bytes(), b';', 100);
            let mut buf = vec![0; size];
            let mut out = Vec::new();
            loop {
                let n = guard.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                out.extend_from_slice(&buf[..n]);
            }
            assert_eq!(out, text.as_bytes(), "read size {size}");
            let rows: Vec<usize> = guard.record_rows.iter().copied().collect();
            assert_eq!(rows, expected, "read size {size}");
        }
    }

    #[test]
    fn a_runaway_field_stops_at_the_same_byte_whatever_the_read_size() {
        let text = format!("a;b\nc;ãããã{}\n", "x".repeat(100));
        let mut lengths = Vec::new();
        for size in [1, 2, 3, 7, 64, 4096] {
            let mut guard = FieldGuard::new(text.as_bytes(), b';', 20);
            let mut buf = vec![0; size];
            let mut taken = 0;
            let err = loop {
                match guard.read(&mut buf) {
                    Ok(0) => panic!("no error at read size {size}"),
                    Ok(n) => taken += n,
                    Err(e) => break e,
                }
            };
            assert_eq!(err.kind(), io::ErrorKind::InvalidData);
            assert_eq!(guard.oversized(), Some(Oversized { row: 2, column: 2 }));
            lengths.push(taken);
        }
        assert!(lengths.windows(2).all(|w| w[0] == w[1]), "{lengths:?}");
    }

    #[test]
    fn a_runaway_field_stops_the_stream() {
        let text = format!("a;b\nc;\"{}", "x".repeat(1000));
        let mut guard = FieldGuard::new(text.as_bytes(), b';', 10);
        let mut sink = Vec::new();
        let err = guard.read_to_end(&mut sink).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert_eq!(guard.oversized(), Some(Oversized { row: 2, column: 2 }));
        // Nothing past the limit was handed on.
        assert!(sink.len() < 4 + 3 + 23, "{}", sink.len());
    }
}
