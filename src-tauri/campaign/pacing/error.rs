//! Why pacing settings were refused.

use super::settings::{MAX_DAILY_CAP, MIN_DAILY_CAP};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PacingError {
    /// A window bound that is not a 24-hour `HH:MM` time.
    #[error("{field} of the sending window must be a time like 09:00, not {value:?}")]
    InvalidTime { field: WindowBound, value: String },
    #[error("the sending window's time zone {0:?} is not in the time zone database")]
    UnknownTimeZone(String),
    /// Windows do not cross midnight: "today" must be one local day.
    #[error("the sending window ends ({end}) at or before it starts ({start})")]
    EndNotAfterStart { start: String, end: String },
    #[error("the sending window allows no day of the week")]
    NoDays,
    #[error("the daily cap must be between {MIN_DAILY_CAP} and {MAX_DAILY_CAP}, not {0}")]
    DailyCapOutOfRange(u32),
}

/// Which end of the window a time error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowBound {
    Start,
    End,
}

impl std::fmt::Display for WindowBound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Start => "the start",
            Self::End => "the end",
        })
    }
}
