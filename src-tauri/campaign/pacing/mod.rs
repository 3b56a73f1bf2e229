//! Pacing settings (placeholder until the pacing module lands: same shapes).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PacingPreset {
    Safe,
    Normal,
    Fast,
    Unpaced,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SendingWindow {
    pub start: String,
    pub end: String,
    pub time_zone: String,
    pub days: Vec<Weekday>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PacingSettings {
    pub preset: PacingPreset,
    pub daily_cap: u32,
    pub window: SendingWindow,
    pub typing: bool,
}

// ---- Temporary minimal implementation (replaced by the pacing module) ----
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::Rng;

impl Default for PacingSettings {
    fn default() -> Self {
        PacingSettings {
            preset: PacingPreset::Normal,
            daily_cap: 300,
            window: SendingWindow {
                start: "09:00".into(),
                end: "20:00".into(),
                time_zone: "America/Sao_Paulo".into(),
                days: vec![
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                    Weekday::Sat,
                ],
            },
            typing: true,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PacingError {
    #[error("invalid: {0}")]
    Invalid(String),
}

#[derive(Debug, Clone)]
pub struct ValidPacing {
    pub settings: PacingSettings,
}

impl PacingSettings {
    pub fn validate(&self) -> Result<ValidPacing, PacingError> {
        Ok(ValidPacing {
            settings: self.clone(),
        })
    }
}

impl PacingPreset {
    pub fn is_unpaced(self) -> bool {
        self == PacingPreset::Unpaced
    }
}

#[derive(Debug, Clone, Default)]
pub struct SendHistory {
    pub sent_today: u32,
    pub warmup_started: Option<Timestamp>,
    pub last_sent: Option<Timestamp>,
    pub recent: Vec<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Now,
    At(Timestamp),
    CapReached { resumes: Timestamp },
    WindowClosed { opens: Timestamp },
}

#[derive(Debug)]
pub struct InstancePacer {
    unpaced: bool,
    next: Option<Timestamp>,
    rng: StdRng,
}

impl InstancePacer {
    pub fn new(p: &ValidPacing, _history: SendHistory, rng: StdRng) -> Self {
        InstancePacer {
            unpaced: p.settings.preset.is_unpaced(),
            next: None,
            rng,
        }
    }
    pub fn next_slot(&self, now: Timestamp) -> Slot {
        match self.next {
            Some(t) if t > now && !self.unpaced => Slot::At(t),
            _ => Slot::Now,
        }
    }
    pub fn record_sent(&mut self, at: Timestamp) {
        if !self.unpaced {
            self.next = Some(at + SignedDuration::from_secs(self.rng.random_range(20..=45)));
        }
    }
    pub fn typing_delay_ms(&mut self) -> u32 {
        if self.unpaced {
            0
        } else {
            self.rng.random_range(1000..=3000)
        }
    }
    pub fn set_weight(&mut self, _w: f64) {}
    pub fn sent_today(&self, _now: Timestamp) -> u32 {
        0
    }
    pub fn cap_today(&self, _now: Timestamp) -> u32 {
        300
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepeatVerdict {
    Fresh,
    Repeat,
    Blocked,
}

#[derive(Debug, Default)]
pub struct RepeatGuard;

impl RepeatGuard {
    pub fn new() -> Self {
        RepeatGuard
    }
    pub fn check(&self, _text: &str) -> RepeatVerdict {
        RepeatVerdict::Fresh
    }
    pub fn record(&mut self, _text: &str) {}
}

#[derive(Debug, Clone, Copy)]
pub struct Estimate {
    pub finish: Timestamp,
    pub sending_days: u32,
}

pub fn estimate_finish(
    _p: &ValidPacing,
    instances: &[SendHistory],
    recipients: u64,
    start: Timestamp,
) -> Estimate {
    let per = i64::try_from(recipients).unwrap_or(i64::MAX) * 32 / (instances.len().max(1) as i64);
    Estimate {
        finish: start + SignedDuration::from_secs(per),
        sending_days: 1,
    }
}

pub fn near_identical_share(_texts: &[String]) -> (usize, f64) {
    (0, 0.0)
}
