//! What the sandbox saw: every API request (never the key, only whether it was right), how
//! many were in flight at once, and what became of the streams.

use serde::Serialize;
use serde_json::Value;

/// Which key a request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AuthUsed {
    Valid,
    Wrong,
    Missing,
}

/// One request to an API route (`/_sandbox/*` is not logged).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub auth: AuthUsed,
    pub model: Option<String>,
    pub stream: bool,
    /// The JSON body; None when empty or not JSON.
    pub body: Option<Value>,
}

/// A copy of the journal for assertions.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalSnapshot {
    pub requests: Vec<LoggedRequest>,
    /// Requests being answered now (a stream counts until its last byte or cancel).
    pub in_flight: usize,
    /// The most requests in flight at one time since the last reset.
    pub max_in_flight: usize,
    pub streams_completed: usize,
    /// Streams whose client went away before the end.
    pub streams_cancelled: usize,
    /// Content pieces written across all streams.
    pub chunks_sent: usize,
}

pub(crate) type Journal = JournalSnapshot;
