//! One number's pacer: when its next message may go, given what it has sent.
//!
//! Every rule at once, whichever is latest wins:
//! - a random gap after each message (the preset's band), replaced every 15–25 messages by
//!   a long pause of 3–10 min: steady machine rhythms are what anti-spam detects, people
//!   take breaks;
//! - ceilings of 8 messages in any 60 s and 60 in any hour, whatever the preset: a
//!   reconnect ramp or a slow server must never turn into a burst;
//! - the daily cap of the number's warm-up day ([`super::warmup`]);
//! - the sending window ([`super::window`]).
//!
//! Nothing here sleeps or reads the clock: the engine passes `now` and waits on its own.

use std::collections::VecDeque;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::Rng;

use super::settings::ValidPacing;
use super::warmup::{daily_cap_for, day_of, SendHistory, SILENCE_RESTARTS_WARMUP};
use super::window::{local_date, next_open, opening_after_day};

/// At most this many messages in any 60 s (one every 7.5 s on average).
pub const PER_MINUTE_CEILING: usize = 8;
/// At most this many messages in any hour.
pub const PER_HOUR_CEILING: usize = 60;
/// A long pause comes after this many messages (drawn anew each time, both ends included).
pub const LONG_PAUSE_EVERY: (u32, u32) = (15, 25);
/// Length of a long pause in milliseconds (3–10 min).
pub const LONG_PAUSE_MS: (u32, u32) = (180_000, 600_000);
/// Evolution's per-message `delay`: how long "typing…" shows before the message.
pub const TYPING_MS: (u32, u32) = (1_000, 3_000);
/// The smallest gap weight: a weight of 0 (or NaN) would stop the number forever.
pub const MIN_WEIGHT: f64 = 0.01;

const MINUTE: SignedDuration = SignedDuration::from_mins(1);
const HOUR: SignedDuration = SignedDuration::from_hours(1);

/// When a number's next message may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Now,
    /// Later today, after a gap, a long pause or a ceiling.
    At(Timestamp),
    /// Today's cap is used up: the window's opening on the next allowed day.
    CapReached {
        resumes: Timestamp,
    },
    /// Outside the window: its next opening.
    WindowClosed {
        opens: Timestamp,
    },
}

impl Slot {
    /// The instant the slot names (`now` for [`Slot::Now`]).
    pub fn when(self, now: Timestamp) -> Timestamp {
        match self {
            Self::Now => now,
            Self::At(at) => at,
            Self::CapReached { resumes } => resumes,
            Self::WindowClosed { opens } => opens,
        }
    }
}

/// The wait drawn after the latest message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pause {
    Gap(SignedDuration),
    Long(SignedDuration),
}

/// The pacer of one instance in one running campaign.
#[derive(Debug)]
pub struct InstancePacer {
    pacing: ValidPacing,
    rng: StdRng,
    /// The latest sends, oldest first; only the last [`PER_HOUR_CEILING`] can matter.
    recent: VecDeque<Timestamp>,
    last_sent: Option<Timestamp>,
    warmup_started: Option<Timestamp>,
    /// Messages sent on a local day (the latest day with a send).
    day_count: Option<(Date, u32)>,
    pub(super) pause: Pause,
    /// Messages left before the next long pause.
    until_long_pause: u32,
    weight: f64,
}

impl InstancePacer {
    pub fn new(p: &ValidPacing, history: SendHistory, rng: StdRng) -> Self {
        let last_sent = history.latest();
        let mut recent: Vec<Timestamp> = history.recent.clone();
        recent.extend(history.last_sent.filter(|l| !history.recent.contains(l)));
        recent.sort();
        let skip = recent.len().saturating_sub(PER_HOUR_CEILING);
        let mut pacer = Self {
            pacing: p.clone(),
            rng,
            recent: recent.into_iter().skip(skip).collect(),
            last_sent,
            warmup_started: history.warmup_started,
            day_count: last_sent
                .filter(|_| history.sent_today > 0)
                .map(|last| (local_date(&p.window, last), history.sent_today)),
            pause: Pause::Gap(SignedDuration::ZERO),
            until_long_pause: 0,
            weight: 1.0,
        };
        pacer.until_long_pause = pacer.draw(LONG_PAUSE_EVERY);
        // A restarted campaign waits a gap after the number's last message too.
        pacer.pause = Pause::Gap(pacer.draw_gap());
        pacer
    }

    /// When the next message may go, evaluated at `now` (never earlier than `now`).
    pub fn next_slot(&self, now: Timestamp) -> Slot {
        if self.pacing.is_unpaced() {
            return Slot::Now;
        }
        let mut t = now;
        if let Some(last) = self.last_sent {
            t = t.max(plus(last, self.pending_pause()));
        }
        // Sends are all in the past of `t`, so these only ever move `t` later.
        if let Some(oldest) = self.nth_latest(PER_MINUTE_CEILING) {
            t = t.max(plus(oldest, MINUTE));
        }
        if let Some(oldest) = self.nth_latest(PER_HOUR_CEILING) {
            t = t.max(plus(oldest, HOUR));
        }
        let window = &self.pacing.window;
        let open = next_open(window, t);
        let window_moved = open != t;
        t = open;
        let day = local_date(window, t);
        if self.count_on(day) >= self.cap_at(t) {
            // A later day starts at 0 sent; gaps and ceilings are met already.
            return Slot::CapReached {
                resumes: opening_after_day(window, day),
            };
        }
        if window_moved {
            Slot::WindowClosed { opens: t }
        } else if t == now {
            Slot::Now
        } else {
            Slot::At(t)
        }
    }

    /// Call once a message has been handed to the server at `at`.
    pub fn record_sent(&mut self, at: Timestamp) {
        let silent_long = self
            .last_sent
            .is_none_or(|last| at.duration_since(last) >= SILENCE_RESTARTS_WARMUP);
        if self.warmup_started.is_none() || silent_long {
            self.warmup_started = Some(at);
        }
        let day = local_date(&self.pacing.window, at);
        self.day_count = match self.day_count {
            Some((d, n)) if d == day => Some((d, n.saturating_add(1))),
            // A late record for an earlier day changes nothing today.
            Some((d, n)) if d > day => Some((d, n)),
            _ => Some((day, 1)),
        };
        let position = self.recent.partition_point(|t| *t <= at);
        self.recent.insert(position, at);
        while self.recent.len() > PER_HOUR_CEILING {
            self.recent.pop_front();
        }
        self.last_sent = Some(self.last_sent.map_or(at, |last| last.max(at)));
        self.until_long_pause = self.until_long_pause.saturating_sub(1);
        self.pause = if self.until_long_pause == 0 {
            self.until_long_pause = self.draw(LONG_PAUSE_EVERY);
            Pause::Long(SignedDuration::from_millis(i64::from(
                self.draw(LONG_PAUSE_MS),
            )))
        } else {
            Pause::Gap(self.draw_gap())
        };
    }

    /// Evolution's `delay` for the next message: 1–3 s, 0 when unpaced or typing is off.
    pub fn typing_delay_ms(&mut self) -> u32 {
        if self.pacing.is_unpaced() || !self.pacing.typing {
            return 0;
        }
        self.draw(TYPING_MS)
    }

    /// Messages sent on the local day of `now`.
    pub fn sent_today(&self, now: Timestamp) -> u32 {
        self.count_on(local_date(&self.pacing.window, now))
    }

    /// The cap of the local day of `now` (its warm-up step; `u32::MAX` when unpaced).
    pub fn cap_today(&self, now: Timestamp) -> u32 {
        self.cap_at(now)
    }

    /// Scales the gaps for rotation health: weight in (0, 1], gap = drawn gap ÷ weight
    /// (the engine ramps a reconnected number from 0.1 to 1). Long pauses, ceilings and
    /// caps stay as they are. Out-of-range weights are clamped; NaN counts as the slowest.
    pub fn set_weight(&mut self, w: f64) {
        self.weight = if w.is_nan() {
            MIN_WEIGHT
        } else {
            w.clamp(MIN_WEIGHT, 1.0)
        };
    }

    fn pending_pause(&self) -> SignedDuration {
        match self.pause {
            Pause::Gap(gap) => gap.div_f64(self.weight),
            Pause::Long(pause) => pause,
        }
    }

    fn nth_latest(&self, n: usize) -> Option<Timestamp> {
        let len = self.recent.len();
        (len >= n).then(|| self.recent[len - n])
    }

    fn count_on(&self, day: Date) -> u32 {
        match self.day_count {
            Some((d, n)) if d == day => n,
            _ => 0,
        }
    }

    fn cap_at(&self, at: Timestamp) -> u32 {
        let day = day_of(self.warmup_started, self.last_sent, at, &self.pacing.window);
        daily_cap_for(&self.pacing, day)
    }

    fn draw_gap(&mut self) -> SignedDuration {
        let ms = self
            .pacing
            .preset
            .gap_ms()
            .map_or(0, |band| self.draw(band));
        SignedDuration::from_millis(i64::from(ms))
    }

    fn draw(&mut self, (low, high): (u32, u32)) -> u32 {
        self.rng.random_range(low..=high)
    }
}

/// `at + d`, saturating at the end of time instead of panicking.
pub(super) fn plus(at: Timestamp, d: SignedDuration) -> Timestamp {
    at.checked_add(d).unwrap_or(Timestamp::MAX)
}
