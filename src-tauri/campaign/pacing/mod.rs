//! Pacing: when each WhatsApp number may send its next campaign message, and which texts it
//! should not send. Pure logic: no Tauri, no I/O, no sleeping, no clock — every function
//! takes `now` and the pacer draws from a seedable [`rand::rngs::StdRng`], so tests run
//! weeks of sending in milliseconds.
//!
//! The numbers are current practice for Brazilian numbers on WhatsApp Web clients (what
//! gets them restricted is volume, rhythm and sameness, reported by recipients):
//! - **Gaps** between two messages of one number, drawn uniformly per message: Safe
//!   30–90 s, Normal 20–45 s, Fast 8–20 s. A person working through a list by hand takes
//!   about that long; a fixed interval is a machine signature, hence the randomness.
//! - **Long pauses** of 3–10 min every 15–25 messages (both drawn anew each time): people
//!   stop, and bursts without pauses are another machine signature.
//! - **Ceilings** of 8 messages in any 60 s and 60 in any hour, whatever the preset or
//!   rotation weight: the hard limit beyond which restriction is near-certain.
//! - **Daily caps with warm-up** ([`warmup`]): 20/day on days 1–3, 50 from day 4, 100 from
//!   day 8, 200 from day 15, the configured cap (default 300, at most 500) from day 22; a
//!   number silent for 72 h warms up again.
//! - **Sending window** ([`window`]): 09:00–20:00 in São Paulo, Sundays off, editable.
//! - **Typing**: Evolution's per-message `delay` of 1–3 s shows "typing…" first.
//! - **Sameness** ([`repeat`]): never a third near-identical text in a row.
//!
//! [`PacingPreset::Unpaced`] turns all of that off, for tests and benchmarks against a
//! local sandbox only (the engine refuses it for any other server).

mod error;
mod estimate;
mod pacer;
mod repeat;
mod settings;
pub mod warmup;
pub mod window;

#[cfg(test)]
mod simulation_tests;

pub use error::{PacingError, WindowBound};
pub use estimate::{estimate_finish, Estimate};
pub use pacer::{
    InstancePacer, Slot, LONG_PAUSE_EVERY, LONG_PAUSE_MS, MIN_WEIGHT, PER_HOUR_CEILING,
    PER_MINUTE_CEILING, TYPING_MS,
};
pub use repeat::{
    near_identical_share, RepeatGuard, RepeatVerdict, REPEATS_IN_A_ROW, REPEAT_MEMORY,
    REPEAT_THRESHOLD,
};
pub use settings::{
    PacingPreset, PacingSettings, SendingWindow, ValidPacing, ValidWindow, Weekday,
    DEFAULT_DAILY_CAP, MAX_DAILY_CAP, MIN_DAILY_CAP,
};
pub use warmup::{daily_cap_for, warmup_day, SendHistory};
pub use window::{in_window, next_window_open};
