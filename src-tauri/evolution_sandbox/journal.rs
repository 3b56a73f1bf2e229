//! What the sandbox saw and did, for assertions: every Evolution request received and
//! every message sent. The `apikey` is never stored, only which kind of key it was.

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

/// One successful sendText / sendMedia.
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
}

impl SentMessage {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "instance": self.instance,
            "number": self.number,
            "jid": self.jid,
            "text": self.text,
            "mediaType": self.media_type,
            "keyId": self.key_id,
            "at": iso8601(self.at),
        })
    }
}

#[derive(Debug, Default)]
pub(crate) struct Journal {
    pub requests: Vec<LoggedRequest>,
    pub sent: Vec<SentMessage>,
}
