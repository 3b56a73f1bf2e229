//! What the sandbox saw and did, for assertions: the Evolution requests received (all, or
//! the most recent ones when the log is capped) and every message sent (always complete:
//! tests compare it with a campaign's journal). The `apikey` is never stored, only which
//! kind of key it was.

use std::collections::VecDeque;
use std::time::SystemTime;

use serde_json::{json, Value};

use super::clock::iso8601;

/// Which key a request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyUsed {
    Global,
    /// The token of some instance (not necessarily the one addressed).
    Token,
    Wrong,
    Missing,
}

impl ApiKeyUsed {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKeyUsed::Global => "global",
            ApiKeyUsed::Token => "token",
            ApiKeyUsed::Wrong => "wrong",
            ApiKeyUsed::Missing => "missing",
        }
    }
}

/// One request to an Evolution route (the `/_sandbox/` control routes are not logged, so
/// counts reflect only what the client under test did).
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedRequest {
    pub method: String,
    /// As received, still percent-encoded.
    pub path: String,
    pub query: Option<String>,
    /// The JSON body; None when empty or not JSON.
    pub body: Option<Value>,
    pub apikey: ApiKeyUsed,
    pub at: SystemTime,
}

impl LoggedRequest {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "body": self.body,
            "apikey": self.apikey.as_str(),
            "at": iso8601(self.at),
        })
    }
}

/// One successful sendText / sendMedia (a 201 was due, whatever the faults made of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMessage {
    pub instance: String,
    /// `number` as the client sent it.
    pub number: String,
    /// Where it went (may differ from `number`, e.g. the Brazilian 9th digit).
    pub jid: String,
    /// The text, or the media caption.
    pub text: Option<String>,
    /// `image` / `video` / `audio` / `document`; None for text.
    pub media_type: Option<String>,
    pub key_id: String,
    pub at: SystemTime,
    /// WhatsApp's error code when it refused the message after accepting it (463 under
    /// the `new_contact_error_rate` fault): stored and answered 201, never delivered.
    pub refused: Option<u16>,
}

impl SentMessage {
    /// Stored and not refused: the recipient gets it.
    pub fn delivered(&self) -> bool {
        self.refused.is_none()
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({
            "instance": self.instance,
            "number": self.number,
            "jid": self.jid,
            "text": self.text,
            "mediaType": self.media_type,
            "keyId": self.key_id,
            "at": iso8601(self.at),
            "refused": self.refused,
        })
    }
}

#[derive(Debug, Default)]
pub(crate) struct Journal {
    /// The most recent requests, oldest first (all of them without a limit).
    requests: VecDeque<LoggedRequest>,
    request_limit: Option<usize>,
    /// Requests received in all, including those the limit dropped.
    pub requests_total: u64,
    pub sent: Vec<SentMessage>,
    /// How many of `sent` were refused (kept so the count is O(1)).
    pub refused: usize,
}

impl Journal {
    pub fn new(request_limit: Option<usize>) -> Journal {
        Journal {
            request_limit,
            ..Journal::default()
        }
    }

    pub fn log_request(&mut self, request: LoggedRequest) {
        self.requests_total += 1;
        if self.request_limit == Some(0) {
            return;
        }
        if self
            .request_limit
            .is_some_and(|limit| self.requests.len() >= limit)
        {
            self.requests.pop_front();
        }
        self.requests.push_back(request);
    }

    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.requests.iter().cloned().collect()
    }

    pub fn log_sent(&mut self, sent: SentMessage) {
        if sent.refused.is_some() {
            self.refused += 1;
        }
        self.sent.push(sent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str) -> LoggedRequest {
        LoggedRequest {
            method: "GET".into(),
            path: path.into(),
            query: None,
            body: None,
            apikey: ApiKeyUsed::Global,
            at: SystemTime::now(),
        }
    }

    #[test]
    fn a_capped_request_log_keeps_the_newest_and_counts_all() {
        let mut journal = Journal::new(Some(2));
        for path in ["/a", "/b", "/c"] {
            journal.log_request(request(path));
        }
        let paths: Vec<String> = journal.requests().into_iter().map(|r| r.path).collect();
        assert_eq!(paths, ["/b", "/c"]);
        assert_eq!(journal.requests_total, 3);
        let mut off = Journal::new(Some(0));
        off.log_request(request("/a"));
        assert!(off.requests().is_empty());
        assert_eq!(off.requests_total, 1);
        let mut all = Journal::new(None);
        for _ in 0..5 {
            all.log_request(request("/x"));
        }
        assert_eq!(all.requests().len(), 5);
    }
}
