//! A server-sent events decoder: bytes in as they arrive, each event's `data` out.
//! Pure and incremental, so a chunk may end anywhere, even inside a UTF-8 character.
//! Bounded: a line or an event longer than [`MAX_EVENT_BYTES`] is refused, so a stream
//! that never sends a newline cannot grow the buffer until memory runs out.

/// The longest line, and the most `data` one event may gather. A chat chunk is a few
/// hundred bytes; even a server that sends a long answer as one event stays far below.
pub(crate) const MAX_EVENT_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SseEvent {
    Data(String),
    /// `data: [DONE]`, OpenAI's end of stream.
    Done,
}

#[derive(Debug, Default)]
pub(crate) struct SseDecoder {
    /// Bytes after the last newline seen.
    partial: Vec<u8>,
    /// `data:` lines of the event being read.
    data: Vec<String>,
    /// Their total length.
    data_len: usize,
}

/// Why a byte stream is not acceptable SSE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SseError {
    /// Not UTF-8 text.
    NotText,
    /// A line or event longer than [`MAX_EVENT_BYTES`].
    TooLarge,
}

impl SseDecoder {
    /// Feeds bytes and returns the events they complete.
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<SseEvent>, SseError> {
        self.partial.extend_from_slice(bytes);
        let mut events = Vec::new();
        // A newline byte never occurs inside a UTF-8 sequence, so whole lines decode.
        while let Some(end) = self.partial.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=end).collect();
            let line =
                std::str::from_utf8(&line[..line.len() - 1]).map_err(|_| SseError::NotText)?;
            self.line(line.strip_suffix('\r').unwrap_or(line), &mut events)?;
        }
        if self.partial.len() > MAX_EVENT_BYTES {
            return Err(SseError::TooLarge);
        }
        Ok(events)
    }

    /// The end of the byte stream: an event not followed by a blank line still counts.
    pub fn finish(&mut self) -> Result<Vec<SseEvent>, SseError> {
        let mut events = Vec::new();
        if !self.partial.is_empty() {
            let rest = std::mem::take(&mut self.partial);
            let line = std::str::from_utf8(&rest).map_err(|_| SseError::NotText)?;
            self.line(line.strip_suffix('\r').unwrap_or(line), &mut events)?;
        }
        self.dispatch(&mut events);
        Ok(events)
    }

    fn line(&mut self, line: &str, events: &mut Vec<SseEvent>) -> Result<(), SseError> {
        if line.len() > MAX_EVENT_BYTES {
            return Err(SseError::TooLarge);
        }
        if line.is_empty() {
            self.dispatch(events);
            return Ok(());
        }
        if line.starts_with(':') {
            return Ok(()); // a comment, used as keep-alive
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        // `event:`, `id:` and `retry:` carry nothing OpenAI's chat stream needs.
        if field == "data" {
            self.data_len += value.len() + 1;
            if self.data_len > MAX_EVENT_BYTES {
                return Err(SseError::TooLarge);
            }
            self.data.push(value.to_owned());
        }
        Ok(())
    }

    fn dispatch(&mut self, events: &mut Vec<SseEvent>) {
        if self.data.is_empty() {
            return;
        }
        self.data_len = 0;
        let data = std::mem::take(&mut self.data).join("\n");
        events.push(if data.trim() == "[DONE]" {
            SseEvent::Done
        } else {
            SseEvent::Data(data)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(s: &str) -> SseEvent {
        SseEvent::Data(s.to_owned())
    }

    #[test]
    fn events_split_anywhere_are_reassembled() {
        let wire =
            "data: {\"a\":\"olá\"}\n\n: keep-alive\n\ndata: {\"b\":2}\r\n\r\ndata: [DONE]\n\n";
        let bytes = wire.as_bytes();
        for cut in 0..bytes.len() {
            let mut decoder = SseDecoder::default();
            let mut events = decoder.push(&bytes[..cut]).unwrap();
            events.extend(decoder.push(&bytes[cut..]).unwrap());
            events.extend(decoder.finish().unwrap());
            assert_eq!(
                events,
                vec![data("{\"a\":\"olá\"}"), data("{\"b\":2}"), SseEvent::Done],
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn multi_line_data_and_other_fields() {
        let mut decoder = SseDecoder::default();
        let events = decoder
            .push(b"event: message\nid: 7\ndata: one\ndata:two\n\n")
            .unwrap();
        assert_eq!(events, vec![data("one\ntwo")]);
        assert_eq!(decoder.push(b"data: tail").unwrap(), vec![]);
        assert_eq!(decoder.finish().unwrap(), vec![data("tail")]);
    }

    #[test]
    fn binary_garbage_is_refused() {
        let mut decoder = SseDecoder::default();
        assert_eq!(decoder.push(b"data: \xff\xfe\n"), Err(SseError::NotText));
    }

    #[test]
    fn endless_lines_and_events_are_refused() {
        // A line that never ends, fed in pieces.
        let mut decoder = SseDecoder::default();
        let piece = vec![b'a'; 64 * 1024];
        let mut fed = 0;
        let refused = loop {
            match decoder.push(&piece) {
                Ok(events) => assert!(events.is_empty()),
                Err(e) => break e,
            }
            fed += piece.len();
            assert!(fed <= 2 * MAX_EVENT_BYTES, "never refused");
        };
        assert_eq!(refused, SseError::TooLarge);
        assert!(decoder.partial.len() <= MAX_EVENT_BYTES + piece.len());

        // An event made of many short data lines that never ends with a blank line.
        let mut decoder = SseDecoder::default();
        let line = format!("data: {}\n", "b".repeat(1000));
        let mut result = Ok(Vec::new());
        for _ in 0..(2 * MAX_EVENT_BYTES / line.len()) {
            result = decoder.push(line.as_bytes());
            if result.is_err() {
                break;
            }
        }
        assert_eq!(result, Err(SseError::TooLarge));

        // Many events of the same total size are fine: the cap is per event.
        let mut decoder = SseDecoder::default();
        let event = format!("data: {}\n\n", "c".repeat(1000));
        for _ in 0..(2 * MAX_EVENT_BYTES / event.len()) {
            assert_eq!(decoder.push(event.as_bytes()).unwrap().len(), 1);
        }
    }
}
