//! Injected failures: what a flaky network, a broken WhatsApp socket, an unlicensed server
//! or WhatsApp refusing new contacts looks like to the client. Faults are global, or set
//! for one instance (they then replace the global ones for that instance's routes).

use std::collections::HashMap;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// Every server-error draw restarts from this seed when faults are set, so a run with the
/// same settings and requests fails on the same requests.
const FAULT_SEED: u64 = 0x5A4D_B0C5;

/// Faults apply to every Evolution route (not to `/_sandbox/`). As JSON (for
/// `PUT /_sandbox/faults` and `PUT /_sandbox/faults/{instance}`) the names are camelCase,
/// durations are in milliseconds (`latencyMs`, `afterSendDelayMs`); missing fields are off.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Faults {
    /// Added before every answer.
    #[serde(rename = "latencyMs", with = "millis")]
    pub latency: Duration,
    /// Share of requests answered 500 instead of being handled, 0 to 1.
    pub server_error_rate: f64,
    /// Requests are never answered; they are cut without an answer once `hang` is cleared
    /// or the sandbox stops.
    pub hang: bool,
    /// The WhatsApp socket is dead while the state still says open: sends answer 500
    /// "Connection Closed", whatsappNumbers a Boom 428.
    pub connection_closed: bool,
    /// Every route answers 503 LICENSE_REQUIRED (2.4.0-rc gate).
    #[serde(alias = "licenseRequired")]
    pub licence_required: bool,
    /// The socket is closed without any HTTP answer.
    pub drop_connections: bool,
    /// How a send ends once its message is stored and has gone out: the ambiguous endings
    /// a client must not mistake for "not sent".
    pub after_send: AfterSend,
    /// How long a send waits, once its message is stored (sent log, findMessages), before
    /// its ending (`after_send`): a wide window for a client to die between the send and
    /// writing down its result.
    #[serde(rename = "afterSendDelayMs", with = "millis")]
    pub after_send_delay: Duration,
    /// Share of sends to a contact the instance has never reached that WhatsApp refuses
    /// with error 463 (`NackCallerReachoutTimelocked`, an account restricted from cold
    /// reach-outs), 0 to 1. The client still gets the normal 201 `PENDING`; the refusal
    /// comes later as an `ERROR` status (see `messages.rs`).
    pub new_contact_error_rate: f64,
    /// WhatsApp never sends a QR: connect, restart and create answer `{"count":0}` while
    /// the instance stays `connecting` (a stale `CONFIG_SESSION_PHONE_VERSION`, a blocked
    /// network). The case the server doctor explains.
    pub no_qr: bool,
    /// socket.io (events, contract §6): clients of the instance's namespace are
    /// disconnected when this is set, and every connect is cut at once while it stays set.
    pub drop_sockets: bool,
    /// socket.io: every event is emitted twice.
    pub duplicate_events: bool,
    /// socket.io: a message's status events are held back and emitted together, newest
    /// first, when its last status is reached (findStatusMessage is not affected).
    pub out_of_order_statuses: bool,
    /// The recipient answers every message that reaches READ with this text, quoting it
    /// (a `messages.upsert`, one step after READ). Demo mode and reply tests.
    pub auto_reply_text: Option<String>,
}

/// The end of a `sendText`/`sendMedia` whose message was stored (it is in the sent log
/// and `findMessages`). As JSON: `"afterSend":"timedOut"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AfterSend {
    /// The normal 201 with the message.
    #[default]
    Answer,
    /// 500 `Timed Out`: WhatsApp did not confirm in time though the message went out
    /// (contract §5, user reports).
    TimedOut,
    /// The socket is closed without any HTTP answer.
    DropConnection,
    /// No answer until the fault is cleared or the sandbox stops (then the socket is cut):
    /// the client's own timeout fires first.
    Stall,
}

impl Faults {
    /// Rejects a rate outside 0..=1 (including NaN).
    pub(crate) fn validate(&self) -> Result<(), String> {
        for (name, rate) in [
            ("serverErrorRate", self.server_error_rate),
            ("newContactErrorRate", self.new_contact_error_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1, got {rate}"));
            }
        }
        Ok(())
    }
}

/// The global faults and the instances that have their own.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FaultSet {
    pub global: Faults,
    pub instances: HashMap<String, Faults>,
}

impl FaultSet {
    /// What applies to a request for `instance` (None: a route of no instance).
    pub fn for_instance(&self, instance: Option<&str>) -> &Faults {
        instance
            .and_then(|name| self.instances.get(name))
            .unwrap_or(&self.global)
    }
}

/// The deterministic draw behind `server_error_rate`.
#[derive(Debug)]
pub(crate) struct FaultDice {
    rng: StdRng,
}

impl Default for FaultDice {
    fn default() -> Self {
        FaultDice {
            rng: StdRng::seed_from_u64(FAULT_SEED),
        }
    }
}

impl FaultDice {
    pub fn reset(&mut self) {
        *self = FaultDice::default();
    }

    pub fn fails(&mut self, rate: f64) -> bool {
        rate > 0.0 && self.rng.random::<f64>() < rate
    }
}

mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(u64::try_from(value.as_millis()).unwrap_or(u64::MAX))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        u64::deserialize(deserializer).map(Duration::from_millis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_is_camel_case_with_milliseconds() {
        let faults: Faults = serde_json::from_str(
            r#"{"latencyMs":250,"serverErrorRate":0.5,"licenseRequired":true}"#,
        )
        .unwrap();
        assert_eq!(faults.latency, Duration::from_millis(250));
        assert!(faults.licence_required);
        assert!(!faults.hang);
        assert_eq!(faults.after_send, AfterSend::Answer);
        let back = serde_json::to_value(&faults).unwrap();
        assert_eq!(back["latencyMs"], 250);
        assert_eq!(back["afterSend"], "answer");
        let stalled: Faults = serde_json::from_str(r#"{"afterSend":"stall"}"#).unwrap();
        assert_eq!(stalled.after_send, AfterSend::Stall);
        assert_eq!(back["licenceRequired"], true);
        assert!(serde_json::from_str::<Faults>(r#"{"hangs":true}"#).is_err());
        let no_qr: Faults = serde_json::from_str(r#"{"noQr":true}"#).unwrap();
        assert!(no_qr.no_qr);
        assert!(Faults {
            server_error_rate: 1.5,
            ..Faults::default()
        }
        .validate()
        .is_err());
        let crash_window: Faults =
            serde_json::from_str(r#"{"afterSendDelayMs":300,"newContactErrorRate":0.25}"#).unwrap();
        assert_eq!(crash_window.after_send_delay, Duration::from_millis(300));
        assert_eq!(crash_window.new_contact_error_rate, 0.25);
        assert_eq!(
            serde_json::to_value(&crash_window).unwrap()["afterSendDelayMs"],
            300
        );
        assert!(Faults {
            new_contact_error_rate: f64::NAN,
            ..Faults::default()
        }
        .validate()
        .is_err());
    }

    #[test]
    fn instance_faults_replace_the_global_ones() {
        let mut set = FaultSet::default();
        set.global.latency = Duration::from_millis(5);
        set.instances.insert(
            "b".into(),
            Faults {
                licence_required: true,
                ..Faults::default()
            },
        );
        assert_eq!(set.for_instance(None).latency, Duration::from_millis(5));
        assert_eq!(
            set.for_instance(Some("a")).latency,
            Duration::from_millis(5)
        );
        let b = set.for_instance(Some("b"));
        assert!(b.licence_required);
        assert_eq!(
            b.latency,
            Duration::ZERO,
            "not merged with the global faults"
        );
    }

    #[test]
    fn dice_are_deterministic() {
        let mut a = FaultDice::default();
        let first: Vec<bool> = (0..50).map(|_| a.fails(0.5)).collect();
        a.reset();
        let again: Vec<bool> = (0..50).map(|_| a.fails(0.5)).collect();
        assert_eq!(first, again);
        assert!(first.contains(&true) && first.contains(&false));
        assert!(!FaultDice::default().fails(0.0));
        assert!(FaultDice::default().fails(1.0));
    }
}
