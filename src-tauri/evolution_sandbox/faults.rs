//! Injected failures: what a flaky network, a broken WhatsApp socket or an unlicensed
//! server looks like to the client.

use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// Every server-error draw restarts from this seed when faults are set, so a run with the
/// same settings and requests fails on the same requests.
const FAULT_SEED: u64 = 0x5A4D_B0C5;

/// Faults apply to every Evolution route (not to `/_sandbox/`). As JSON (for
/// `PUT /_sandbox/faults`) the names are camelCase and `latency` is `latencyMs`; missing
/// fields are off.
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
        if (0.0..=1.0).contains(&self.server_error_rate) {
            Ok(())
        } else {
            Err(format!(
                "serverErrorRate must be between 0 and 1, got {}",
                self.server_error_rate
            ))
        }
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
        assert!(Faults {
            server_error_rate: 1.5,
            ..Faults::default()
        }
        .validate()
        .is_err());
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
