//! A server-sent events decoder: bytes in as they arrive, each event's `data` out.
//! Pure and incremental, so a chunk may end anywhere, even inside a UTF-8 character.

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
}

/// The stream is not SSE text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotSse(pub String);

impl SseDecoder {
    /// Feeds bytes and returns the events they complete.
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<SseEvent>, NotSse> {
        self.partial.extend_from_slice(bytes);
        let mut events = Vec::new();
        // A newline byte never occurs inside a UTF-8 sequence, so whole lines decode.
        while let Some(end) = self.partial.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=end).collect();
            let line = std::str::from_utf8(&line[..line.len() - 1])
                .map_err(|_| NotSse("the stream is not UTF-8 text".to_owned()))?;
            self.line(line.strip_suffix('\r').unwrap_or(line), &mut events);
        }
        Ok(events)
    }

    /// The end of the byte stream: an event not followed by a blank line still counts.
    pub fn finish(&mut self) -> Result<Vec<SseEvent>, NotSse> {
        let mut events = Vec::new();
        if !self.partial.is_empty() {
            let rest = std::mem::take(&mut self.partial);
            let line = std::str::from_utf8(&rest)
                .map_err(|_| NotSse("the stream is not UTF-8 text".to_owned()))?;
            self.line(line.strip_suffix('\r').unwrap_or(line), &mut events);
        }
        self.dispatch(&mut events);
        Ok(events)
    }

    fn line(&mut self, line: &str, events: &mut Vec<SseEvent>) {
        if line.is_empty() {
            self.dispatch(events);
            return;
        }
        if line.starts_with(':') {
            return; // a comment, used as keep-alive
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        // `event:`, `id:` and `retry:` carry nothing OpenAI's chat stream needs.
        if field == "data" {
            self.data.push(value.to_owned());
        }
    }

    fn dispatch(&mut self, events: &mut Vec<SseEvent>) {
        if self.data.is_empty() {
            return;
        }
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
        assert!(decoder.push(b"data: \xff\xfe\n").is_err());
    }
}
