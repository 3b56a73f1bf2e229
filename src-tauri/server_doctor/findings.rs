//! What the server doctor reports: finding ids with parameters and the server settings to
//! check. No text here: the window translates ids with its i18n files, `tip doctor` with
//! [`super::texts`].

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

/// One thing the doctor noticed. Each id has a title and an explanation in pt-BR and en.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FindingId {
    /// 503 `LICENSE_REQUIRED`: a 2.4.0-rc server that has not been activated.
    LicenceRequired,
    /// 1.x: its API differs; sends would fail.
    ServerTooOld,
    /// 2.0 / 2.1: older than the versions the app was tested with.
    ServerOlderThanTested,
    /// 2.4 and later: newer than the tested versions (licence gate, different reconnects).
    ServerNewerThanTested,
    /// `GET /` reported something that is not a version number.
    ServerVersionUnreadable,
    /// 2.2.x: the WhatsApp Web version is pinned by `CONFIG_SESSION_PHONE_VERSION`.
    PinnedWebVersion,
    /// An instance stayed `connecting` and the server never produced a QR or pairing code.
    NoQr,
    /// An instance disappeared from the server while it waited to be connected.
    InstanceVanished,
    /// The server has the instance in its database but not in memory (no `state`).
    StateUnknown,
}

impl FindingId {
    /// Every id, for the tests that check both languages cover them all.
    pub const ALL: [FindingId; 9] = [
        FindingId::LicenceRequired,
        FindingId::ServerTooOld,
        FindingId::ServerOlderThanTested,
        FindingId::ServerNewerThanTested,
        FindingId::ServerVersionUnreadable,
        FindingId::PinnedWebVersion,
        FindingId::NoQr,
        FindingId::InstanceVanished,
        FindingId::StateUnknown,
    ];

    /// The id as the UI and the JSON output spell it (`noQr`).
    pub fn key(self) -> &'static str {
        match self {
            FindingId::LicenceRequired => "licenceRequired",
            FindingId::ServerTooOld => "serverTooOld",
            FindingId::ServerOlderThanTested => "serverOlderThanTested",
            FindingId::ServerNewerThanTested => "serverNewerThanTested",
            FindingId::ServerVersionUnreadable => "serverVersionUnreadable",
            FindingId::PinnedWebVersion => "pinnedWebVersion",
            FindingId::NoQr => "noQr",
            FindingId::InstanceVanished => "instanceVanished",
            FindingId::StateUnknown => "stateUnknown",
        }
    }
}

/// How much a finding matters: `Failure` makes `tip doctor` exit non-zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FindingLevel {
    Info,
    Warning,
    Failure,
}

/// The Evolution server's environment variables behind most "no QR / stuck connecting"
/// problems (the seed system's README lists them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum ServerVariable {
    #[serde(rename = "DEL_INSTANCE")]
    DelInstance,
    #[serde(rename = "CONFIG_SESSION_PHONE_CLIENT")]
    ConfigSessionPhoneClient,
    #[serde(rename = "CONFIG_SESSION_PHONE_NAME")]
    ConfigSessionPhoneName,
    #[serde(rename = "CONFIG_SESSION_PHONE_VERSION")]
    ConfigSessionPhoneVersion,
    #[serde(rename = "CACHE_REDIS_ENABLED")]
    CacheRedisEnabled,
}

impl ServerVariable {
    pub fn name(self) -> &'static str {
        match self {
            ServerVariable::DelInstance => "DEL_INSTANCE",
            ServerVariable::ConfigSessionPhoneClient => "CONFIG_SESSION_PHONE_CLIENT",
            ServerVariable::ConfigSessionPhoneName => "CONFIG_SESSION_PHONE_NAME",
            ServerVariable::ConfigSessionPhoneVersion => "CONFIG_SESSION_PHONE_VERSION",
            ServerVariable::CacheRedisEnabled => "CACHE_REDIS_ENABLED",
        }
    }
}

/// Why a variable is worth checking and what to set it to, in plain words (translated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SettingNote {
    /// 2.2.x: the pinned version must be the current WhatsApp Web one.
    PhoneVersionPinned,
    /// 2.3+: the server finds the version itself; a fixed old value blocks the QR.
    PhoneVersionAutomatic,
    PhoneClient,
    PhoneName,
    /// Redis enabled but not reachable (or full of old sessions): stuck `connecting`.
    RedisReachable,
    /// A number of minutes deletes instances that wait longer than that.
    DelInstanceKeep,
}

impl SettingNote {
    pub const ALL: [SettingNote; 6] = [
        SettingNote::PhoneVersionPinned,
        SettingNote::PhoneVersionAutomatic,
        SettingNote::PhoneClient,
        SettingNote::PhoneName,
        SettingNote::RedisReachable,
        SettingNote::DelInstanceKeep,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SettingNote::PhoneVersionPinned => "phoneVersionPinned",
            SettingNote::PhoneVersionAutomatic => "phoneVersionAutomatic",
            SettingNote::PhoneClient => "phoneClient",
            SettingNote::PhoneName => "phoneName",
            SettingNote::RedisReachable => "redisReachable",
            SettingNote::DelInstanceKeep => "delInstanceKeep",
        }
    }
}

/// A server setting to check: `variable=value` (copyable), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerSetting {
    pub variable: ServerVariable,
    /// The value to set; None: remove the variable (let the server decide).
    pub value: Option<String>,
    pub note: SettingNote,
}

impl ServerSetting {
    /// The `.env` line to copy: `CONFIG_SESSION_PHONE_NAME=Chrome`, or `# remove X`.
    pub fn env_line(&self) -> String {
        match &self.value {
            Some(value) => format!("{}={value}", self.variable.name()),
            None => format!("# {} (remove)", self.variable.name()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerFinding {
    pub id: FindingId,
    pub level: FindingLevel,
    /// The instance it is about; None for the server itself.
    pub instance: Option<String>,
    /// Values the texts interpolate: `version`, `instance`, `seconds`, `webVersion`,
    /// `tested` (the tested range).
    pub params: BTreeMap<String, String>,
    /// What to check on the server, most likely cause first.
    pub settings: Vec<ServerSetting>,
}
