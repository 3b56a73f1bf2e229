//! What the user chooses (preset, daily cap, sending window, typing) and its validated form.

use jiff::civil::Time;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::{PacingError, WindowBound};

/// The cap after warm-up when the user sets none: what current practice gives a Brazilian
/// number that has warmed up.
pub const DEFAULT_DAILY_CAP: u32 = 300;
/// Above this, numbers get restricted whatever the pacing; the settings refuse more.
pub const MAX_DAILY_CAP: u32 = 500;
pub const MIN_DAILY_CAP: u32 = 1;

/// How fast one number sends. The gaps are in [`PacingPreset::gap_ms`]; the long pauses,
/// ceilings and caps apply to every preset but [`PacingPreset::Unpaced`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PacingPreset {
    /// 30–90 s between messages: new or previously restricted numbers.
    Safe,
    /// 20–45 s: the pace of a person working through a list by hand.
    #[default]
    Normal,
    /// 8–20 s: warmed-up numbers with a history of replies.
    Fast,
    /// No pacing at all. Only for tests and benchmarks against a local sandbox: the engine
    /// refuses it unless the server is on the loopback interface.
    Unpaced,
}

impl PacingPreset {
    /// The random gap between two messages, in milliseconds (both ends included).
    /// These are the bands current practice gives for Brazilian numbers: below ~8 s a
    /// number looks automated whatever the volume.
    pub fn gap_ms(self) -> Option<(u32, u32)> {
        match self {
            Self::Safe => Some((30_000, 90_000)),
            Self::Normal => Some((20_000, 45_000)),
            Self::Fast => Some((8_000, 20_000)),
            Self::Unpaced => None,
        }
    }

    pub fn is_unpaced(self) -> bool {
        self == Self::Unpaced
    }
}

/// A day of the week, as the settings spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
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

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Self::Mon,
        Self::Tue,
        Self::Wed,
        Self::Thu,
        Self::Fri,
        Self::Sat,
        Self::Sun,
    ];

    /// Monday = 0 … Sunday = 6.
    fn index(self) -> usize {
        self as usize
    }
}

impl From<jiff::civil::Weekday> for Weekday {
    fn from(day: jiff::civil::Weekday) -> Self {
        use jiff::civil::Weekday as J;
        match day {
            J::Monday => Self::Mon,
            J::Tuesday => Self::Tue,
            J::Wednesday => Self::Wed,
            J::Thursday => Self::Thu,
            J::Friday => Self::Fri,
            J::Saturday => Self::Sat,
            J::Sunday => Self::Sun,
        }
    }
}

/// When messages may go out, in local time. Sends happen from `start` (included) to `end`
/// (excluded) on the listed days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SendingWindow {
    /// `HH:MM`, 24-hour.
    pub start: String,
    /// `HH:MM`, after `start` (a window does not cross midnight).
    pub end: String,
    /// IANA name, e.g. `America/Sao_Paulo`.
    pub time_zone: String,
    pub days: Vec<Weekday>,
}

impl Default for SendingWindow {
    /// Business hours in Brazil, Sundays off: messages outside them read as spam and get
    /// reported, and reports are what gets numbers banned.
    fn default() -> Self {
        Self {
            start: "09:00".to_owned(),
            end: "20:00".to_owned(),
            time_zone: "America/Sao_Paulo".to_owned(),
            days: Weekday::ALL[..6].to_vec(),
        }
    }
}

/// Pacing chosen for a campaign; every instance of the campaign is paced by it separately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PacingSettings {
    pub preset: PacingPreset,
    /// Messages per number per local day once warm-up is over.
    pub daily_cap: u32,
    pub window: SendingWindow,
    /// Ask Evolution to show "typing…" for 1–3 s before each message.
    pub typing: bool,
}

impl Default for PacingSettings {
    fn default() -> Self {
        Self {
            preset: PacingPreset::Normal,
            daily_cap: DEFAULT_DAILY_CAP,
            window: SendingWindow::default(),
            typing: true,
        }
    }
}

impl PacingSettings {
    pub fn validate(&self) -> Result<ValidPacing, PacingError> {
        if !(MIN_DAILY_CAP..=MAX_DAILY_CAP).contains(&self.daily_cap) {
            return Err(PacingError::DailyCapOutOfRange(self.daily_cap));
        }
        Ok(ValidPacing {
            preset: self.preset,
            daily_cap: self.daily_cap,
            window: self.window.validate()?,
            typing: self.typing,
        })
    }
}

impl SendingWindow {
    fn validate(&self) -> Result<ValidWindow, PacingError> {
        let start = parse_time(&self.start).ok_or_else(|| PacingError::InvalidTime {
            field: WindowBound::Start,
            value: self.start.clone(),
        })?;
        let end = parse_time(&self.end).ok_or_else(|| PacingError::InvalidTime {
            field: WindowBound::End,
            value: self.end.clone(),
        })?;
        if end <= start {
            return Err(PacingError::EndNotAfterStart {
                start: self.start.clone(),
                end: self.end.clone(),
            });
        }
        let tz = TimeZone::get(&self.time_zone)
            .map_err(|_| PacingError::UnknownTimeZone(self.time_zone.clone()))?;
        let mut days = [false; 7];
        for day in &self.days {
            days[day.index()] = true;
        }
        if !days.contains(&true) {
            return Err(PacingError::NoDays);
        }
        Ok(ValidWindow {
            start,
            end,
            tz,
            days,
        })
    }
}

/// Strictly `HH:MM` (two digits each): what the UI's time inputs produce.
fn parse_time(text: &str) -> Option<Time> {
    let (h, m) = text.split_once(':')?;
    let two_digits = |s: &str| -> Option<i8> {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    Time::new(two_digits(h)?, two_digits(m)?, 0, 0).ok()
}

/// [`PacingSettings`] checked and parsed: what the pacer works from.
#[derive(Debug, Clone)]
pub struct ValidPacing {
    pub preset: PacingPreset,
    pub daily_cap: u32,
    pub window: ValidWindow,
    pub typing: bool,
}

impl ValidPacing {
    pub fn is_unpaced(&self) -> bool {
        self.preset.is_unpaced()
    }
}

/// A sending window with its times parsed and its time zone loaded.
#[derive(Debug, Clone)]
pub struct ValidWindow {
    pub start: Time,
    pub end: Time,
    pub tz: TimeZone,
    /// Allowed days, Monday first.
    days: [bool; 7],
}

impl ValidWindow {
    pub fn allows(&self, day: jiff::civil::Weekday) -> bool {
        self.days[Weekday::from(day).index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_window(edit: impl FnOnce(&mut SendingWindow)) -> Result<ValidPacing, PacingError> {
        let mut settings = PacingSettings::default();
        edit(&mut settings.window);
        settings.validate()
    }

    #[test]
    fn defaults_are_normal_300_business_hours_in_sao_paulo_without_sundays() {
        let p = PacingSettings::default().validate().expect("valid");
        assert_eq!(p.preset, PacingPreset::Normal);
        assert_eq!(p.daily_cap, 300);
        assert!(p.typing);
        assert_eq!(
            (p.window.start, p.window.end),
            (
                jiff::civil::time(9, 0, 0, 0),
                jiff::civil::time(20, 0, 0, 0)
            )
        );
        assert_eq!(p.window.tz.iana_name(), Some("America/Sao_Paulo"));
        assert!(p.window.allows(jiff::civil::Weekday::Saturday));
        assert!(!p.window.allows(jiff::civil::Weekday::Sunday));
    }

    #[test]
    fn serialises_in_camel_case_for_the_ui() {
        let json = serde_json::to_value(PacingSettings::default()).expect("json");
        assert_eq!(json["dailyCap"], 300);
        assert_eq!(json["preset"], "normal");
        assert_eq!(json["window"]["timeZone"], "America/Sao_Paulo");
        assert_eq!(json["window"]["days"][0], "mon");
        let back: PacingSettings = serde_json::from_value(json).expect("back");
        assert_eq!(back, PacingSettings::default());
    }

    #[test]
    fn a_window_ending_at_or_before_its_start_is_refused() {
        assert!(matches!(
            with_window(|w| w.end = "09:00".into()),
            Err(PacingError::EndNotAfterStart { .. })
        ));
        assert!(matches!(
            with_window(|w| {
                w.start = "22:00".into();
                w.end = "06:00".into();
            }),
            Err(PacingError::EndNotAfterStart { .. })
        ));
        assert!(with_window(|w| w.end = "09:01".into()).is_ok());
    }

    #[test]
    fn bad_times_zones_days_and_caps_are_typed_errors() {
        for bad in [
            "9:00", "24:00", "09:60", "0900", "09:00:00", "ab:cd", "", "+9:00",
        ] {
            assert!(
                matches!(
                    with_window(|w| w.start = bad.into()),
                    Err(PacingError::InvalidTime {
                        field: WindowBound::Start,
                        ..
                    })
                ),
                "{bad:?}"
            );
        }
        assert!(matches!(
            with_window(|w| w.end = "20h".into()),
            Err(PacingError::InvalidTime {
                field: WindowBound::End,
                ..
            })
        ));
        assert_eq!(
            with_window(|w| w.time_zone = "America/Atlantis".into()).err(),
            Some(PacingError::UnknownTimeZone("America/Atlantis".into()))
        );
        assert_eq!(
            with_window(|w| w.days.clear()).err(),
            Some(PacingError::NoDays)
        );
        for cap in [0, 501] {
            let settings = PacingSettings {
                daily_cap: cap,
                ..PacingSettings::default()
            };
            assert_eq!(
                settings.validate().err(),
                Some(PacingError::DailyCapOutOfRange(cap))
            );
        }
        for cap in [1, 500] {
            let settings = PacingSettings {
                daily_cap: cap,
                ..PacingSettings::default()
            };
            assert!(settings.validate().is_ok());
        }
    }
}
