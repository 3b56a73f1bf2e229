//! What the app saw of the server and of an instance: the doctor's only input, so its
//! rules can be tested without a server and the window and `tip doctor` share them.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::evolution::ConnectionState;

/// The server as `GET /` (and any refusal on the way) showed it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerFacts {
    /// `version` from `GET /`; None when it could not be read.
    pub version: Option<String>,
    /// `whatsappWebVersion` from `GET /` (on 2.2.x, the pinned `CONFIG_SESSION_PHONE_VERSION`).
    pub whatsapp_web_version: Option<String>,
    /// Some answer was 503 `LICENSE_REQUIRED` (2.4.0-rc licence gate).
    pub licence_required: bool,
}

/// One instance while the app waited for it to connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceFacts {
    pub name: String,
    /// The live state (`Unknown`: the server answered without a `state`).
    pub state: ConnectionState,
    /// How long it has been seen `connecting`.
    pub connecting_for: Duration,
    /// Whether the server ever returned a QR or a pairing code in that time (false: only
    /// `{"count":0}`).
    pub qr_seen: bool,
    /// It disappeared (404) while it waited.
    pub vanished: bool,
}

/// What the window observed while connecting an instance (the dialog measures the time).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InstanceObservation {
    pub name: String,
    /// Seconds since connecting started.
    pub connecting_secs: u32,
    /// A QR or pairing code was shown at least once.
    pub qr_seen: bool,
}
