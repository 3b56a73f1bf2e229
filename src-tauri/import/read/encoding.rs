//! Text encodings of CSV files, and a reader that turns any of them into UTF-8 as it streams.
//!
//! Brazilian Excel saves "CSV (separado por vírgulas)" in Windows-1252; Google Sheets and
//! LibreOffice save UTF-8, sometimes with a BOM; "Unicode text" from Excel is UTF-16 LE.

use std::io::{self, Read};

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How much text the guess looks at; enough for a few hundred contact lines.
pub(crate) const SNIFF_BYTES: usize = 64 * 1024;
const OUT_CHUNK: usize = 32 * 1024;
/// How much of a non-UTF-8 window chardetng reads.
const GUESS_BYTES: usize = 16 * 1024;

/// The encoding named by a byte order mark, and the mark's length.
pub(crate) fn from_bom(head: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(head)
}

/// UTF-16 without a BOM: ASCII text then has a NUL in every other byte.
pub(crate) fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let sample = &head[..head.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let nul_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    // 90 %: a few non-ASCII characters (ã, ç) have non-NUL high bytes.
    if nul_at(1) * 10 >= pairs * 9 && nul_at(0) * 10 < pairs {
        Some(UTF_16LE)
    } else if nul_at(0) * 10 >= pairs * 9 && nul_at(1) * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Guesses the encoding of a chunk that has non-ASCII bytes and no BOM: valid UTF-8 is
/// UTF-8 (a legacy encoding almost never forms valid multi-byte sequences by chance),
/// anything else goes to chardetng with Brazil as the hint, which favours Windows-1252.
pub(crate) fn guess(chunk: &[u8], at_eof: bool) -> &'static Encoding {
    match std::str::from_utf8(chunk) {
        Ok(_) => return UTF_8,
        // The chunk may end in the middle of a character: that is not an error.
        Err(e) if e.error_len().is_none() && !at_eof => return UTF_8,
        Err(_) => {}
    }
    // chardetng costs ~1 400 instructions a byte: a few thousand characters of names and
    // streets settle a Latin encoding as well as 64 KiB do, in a quarter of the time.
    let sample = &chunk[..chunk.len().min(GUESS_BYTES)];
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, at_eof && sample.len() == chunk.len());
    detector.guess(Some(b"br"), Utf8Detection::Deny)
}

enum State {
    /// Only ASCII so far, which reads the same in UTF-8 and in every legacy encoding a
    /// spreadsheet uses: the choice waits for the first non-ASCII byte, so a file whose
    /// first accented name sits on line 5,000 is still guessed from real evidence.
    Undecided,
    Decoding(encoding_rs::Decoder),
    Done,
}

/// A `Read` that yields UTF-8 from bytes in any supported encoding, holding at most a
/// 64 KiB window of the file. Invalid bytes are an error (`InvalidData`, reported as
/// `ReadError::Encoding`), never silently replaced: a name with "�" would go out in
/// WhatsApp messages.
pub(crate) struct DecodingReader<R> {
    inner: R,
    state: State,
    encoding: Option<&'static Encoding>,
    raw: Vec<u8>,
    raw_start: usize,
    inner_eof: bool,
    /// Bytes taken from the file, for progress.
    bytes_read: u64,
    /// File offset of `raw[0]`, for error messages.
    raw_offset: u64,
    out: Vec<u8>,
    out_start: usize,
    /// Invalid bytes met after some good text: reported once that text has been read.
    failure: Option<String>,
}

impl<R: Read> DecodingReader<R> {
    /// `head` is the start of the file as read for sniffing (it decides BOMs and UTF-16).
    pub(crate) fn new(inner: R, head: &[u8]) -> Self {
        let (state, encoding) = if let Some((encoding, _)) = from_bom(head) {
            (
                State::Decoding(encoding.new_decoder_with_bom_removal()),
                Some(encoding),
            )
        } else if let Some(encoding) = utf16_without_bom(head) {
            (
                State::Decoding(encoding.new_decoder_without_bom_handling()),
                Some(encoding),
            )
        } else {
            (State::Undecided, None)
        };
        Self {
            inner,
            state,
            encoding,
            raw: Vec::with_capacity(SNIFF_BYTES),
            raw_start: 0,
            inner_eof: false,
            bytes_read: 0,
            raw_offset: 0,
            out: Vec::with_capacity(OUT_CHUNK),
            out_start: 0,
            failure: None,
        }
    }

    /// The encoding in use, or `None` while everything read so far was ASCII.
    pub(crate) fn encoding(&self) -> Option<&'static Encoding> {
        self.encoding
    }

    pub(crate) fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Tops the raw window up to `SNIFF_BYTES` unread bytes (or the end of the file).
    fn fill_raw(&mut self) -> io::Result<()> {
        if self.raw_start > 0 {
            self.raw.drain(..self.raw_start);
            self.raw_offset += self.raw_start as u64;
            self.raw_start = 0;
        }
        while self.raw.len() < SNIFF_BYTES && !self.inner_eof {
            let old = self.raw.len();
            self.raw.resize(SNIFF_BYTES, 0);
            match self.inner.read(&mut self.raw[old..]) {
                Ok(0) => {
                    self.raw.truncate(old);
                    self.inner_eof = true;
                }
                Ok(n) => {
                    self.raw.truncate(old + n);
                    self.bytes_read += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => self.raw.truncate(old),
                Err(e) => {
                    self.raw.truncate(old);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// Produces the next piece of UTF-8 into `out`.
    fn fill_out(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_start = 0;
        self.fill_raw()?;
        if matches!(self.state, State::Undecided) {
            let pending = &self.raw[self.raw_start..];
            let ascii = pending.iter().position(|b| !b.is_ascii());
            let run = ascii.unwrap_or(pending.len());
            self.out.extend_from_slice(&pending[..run]);
            self.raw_start += run;
            if ascii.is_some() {
                // Guess from a full window that starts at the first non-ASCII byte.
                self.fill_raw()?;
                let encoding = guess(&self.raw[self.raw_start..], self.inner_eof);
                self.encoding = Some(encoding);
                self.state = State::Decoding(encoding.new_decoder_without_bom_handling());
            } else if self.inner_eof {
                self.state = State::Done;
            }
            return Ok(());
        }
        let State::Decoding(decoder) = &mut self.state else {
            return Ok(());
        };
        self.out.resize(OUT_CHUNK, 0);
        let last = self.inner_eof;
        let (result, read, written) = decoder.decode_to_utf8_without_replacement(
            &self.raw[self.raw_start..],
            &mut self.out,
            last,
        );
        self.out.truncate(written);
        self.raw_start += read;
        match result {
            DecoderResult::Malformed(bad, extra) => {
                let at = (self.raw_offset + self.raw_start as u64)
                    .saturating_sub(u64::from(bad) + u64::from(extra));
                let name = self.encoding.map_or("text", Encoding::name);
                // What decoded before the bad bytes is still delivered first.
                self.failure = Some(format!("the bytes at offset {at} are not valid {name}"));
                self.state = State::Done;
            }
            DecoderResult::InputEmpty if last => self.state = State::Done,
            DecoderResult::InputEmpty | DecoderResult::OutputFull => {}
        }
        Ok(())
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_start < self.out.len() {
                let n = buf.len().min(self.out.len() - self.out_start);
                buf[..n].copy_from_slice(&self.out[self.out_start..self.out_start + n]);
                self.out_start += n;
                return Ok(n);
            }
            if matches!(self.state, State::Done) {
                return match self.failure.take() {
                    Some(message) => Err(io::Error::new(io::ErrorKind::InvalidData, message)),
                    None => Ok(0),
                };
            }
            self.fill_out()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> io::Result<(String, Option<&'static str>)> {
        let mut reader = DecodingReader::new(bytes, bytes);
        let mut text = String::new();
        reader.read_to_string(&mut text)?;
        Ok((text, reader.encoding().map(Encoding::name)))
    }

    #[test]
    fn brazilian_excel_csv_is_windows_1252() {
        let (text, encoding) = decode_all(b"Jo\xE3o;Concei\xE7\xE3o;S\xE3o Paulo\r\n").unwrap();
        assert_eq!(text, "João;Conceição;São Paulo\r\n");
        assert_eq!(encoding, Some("windows-1252"));
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode_all("nome;cidade\nJoão;São Paulo\n".as_bytes()).unwrap();
        assert_eq!(
            plain,
            ("nome;cidade\nJoão;São Paulo\n".to_owned(), Some("UTF-8"))
        );
        let bom = decode_all("\u{FEFF}nome\nJoão\n".as_bytes()).unwrap();
        assert_eq!(bom, ("nome\nJoão\n".to_owned(), Some("UTF-8")));
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("nome\nJoão\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            decode_all(&le).unwrap(),
            ("nome\nJoão\n".to_owned(), Some("UTF-16LE"))
        );
        let be: Vec<u8> = "nome;tel\nJoão;1\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(
            decode_all(&be).unwrap(),
            ("nome;tel\nJoão;1\n".to_owned(), Some("UTF-16BE"))
        );
    }

    #[test]
    fn the_guess_waits_for_the_first_accent_even_far_into_the_file() {
        let mut bytes = "nome;telefone\n".repeat(10_000).into_bytes();
        bytes.extend_from_slice(b"Jo\xE3o;1\n");
        assert!(bytes.len() > SNIFF_BYTES * 2);
        let (text, encoding) = decode_all(&bytes).unwrap();
        assert!(text.ends_with("João;1\n"));
        assert_eq!(encoding, Some("windows-1252"));
    }

    #[test]
    fn invalid_utf8_after_good_utf8_is_an_error_with_its_offset() {
        // The first window is valid UTF-8, so the file is UTF-8; the stray Latin-1 byte
        // 80 KB later is reported, not replaced.
        let mut bytes = "São\n".as_bytes().to_vec();
        bytes.extend("x;y\n".repeat(20_000).as_bytes());
        bytes.extend_from_slice(b"Jo\xE3o\n");
        let mut reader = DecodingReader::new(&bytes[..], &bytes);
        let mut text = String::new();
        let err = reader.read_to_string(&mut text).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("offset 80007"), "{err}");
    }
}
