//! Daily caps that grow while a number warms up.
//!
//! A number that suddenly sends hundreds of messages is what WhatsApp's anti-spam looks for;
//! one that grows its volume over three weeks is not. The steps are current practice for
//! Brazilian numbers: 20 a day for the first three days, 50 from day 4, 100 from day 8, 200
//! from day 15 and the configured cap from day 22, each no higher than that cap. Day 1 is
//! the local calendar day warm-up started; after 72 h without sending, a number counts as
//! cold again and warm-up restarts at its next message.

use jiff::{SignedDuration, Timestamp};

use super::settings::{ValidPacing, ValidWindow};
use super::window::local_date;

/// Silence after which a number is cold again.
pub const SILENCE_RESTARTS_WARMUP: SignedDuration = SignedDuration::from_hours(72);

/// `(first day, cap)` of each warm-up step; from [`STEADY_FROM_DAY`] the configured cap.
pub const WARMUP_STEPS: [(u32, u32); 4] = [(1, 20), (4, 50), (8, 100), (15, 200)];
pub const STEADY_FROM_DAY: u32 = 22;

/// What the engine knows of a number's past sends (read from the journal).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SendHistory {
    /// Messages sent on the local day of `last_sent` (0 when none). A count for an
    /// earlier day than the one asked about counts as nothing, so passing today's count
    /// or the last sending day's count are both right.
    pub sent_today: u32,
    /// When the current warm-up started (its first message).
    pub warmup_started: Option<Timestamp>,
    pub last_sent: Option<Timestamp>,
    /// Sends of the last hour, in any order (older ones are ignored).
    pub recent: Vec<Timestamp>,
}

impl SendHistory {
    /// The latest send known, from `last_sent` or `recent`.
    pub(super) fn latest(&self) -> Option<Timestamp> {
        self.recent.iter().copied().chain(self.last_sent).max()
    }
}

/// The warm-up day a message sent at `now` would belong to (1 = first day).
pub fn warmup_day(history: &SendHistory, now: Timestamp, window: &ValidWindow) -> u32 {
    day_of(history.warmup_started, history.latest(), now, window)
}

pub(super) fn day_of(
    started: Option<Timestamp>,
    last_sent: Option<Timestamp>,
    at: Timestamp,
    window: &ValidWindow,
) -> u32 {
    let Some(started) = started else {
        return 1;
    };
    if last_sent.is_some_and(|last| at.duration_since(last) >= SILENCE_RESTARTS_WARMUP) {
        return 1;
    }
    let days = local_date(window, at)
        .duration_since(local_date(window, started))
        .as_hours()
        / 24;
    u32::try_from(days).map_or(1, |d| d.saturating_add(1))
}

/// The cap of a warm-up day: the step's, never above the configured cap. Unpaced has none.
pub fn daily_cap_for(p: &ValidPacing, day: u32) -> u32 {
    if p.is_unpaced() {
        return u32::MAX;
    }
    let step = WARMUP_STEPS
        .iter()
        .rev()
        .find(|(from, _)| day >= *from)
        .map_or(WARMUP_STEPS[0].1, |(_, cap)| *cap);
    if day >= STEADY_FROM_DAY {
        p.daily_cap
    } else {
        step.min(p.daily_cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::pacing::settings::{PacingPreset, PacingSettings};

    fn pacing(cap: u32) -> ValidPacing {
        PacingSettings {
            daily_cap: cap,
            ..PacingSettings::default()
        }
        .validate()
        .expect("valid")
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn caps_follow_the_warmup_steps_and_never_pass_the_configured_cap() {
        let p = pacing(300);
        let caps: Vec<u32> = (1..=23).map(|d| daily_cap_for(&p, d)).collect();
        assert_eq!(
            caps,
            [
                20, 20, 20, 50, 50, 50, 50, 100, 100, 100, 100, 100, 100, 100, 200, 200, 200, 200,
                200, 200, 200, 300, 300
            ]
        );
        let low = pacing(60);
        assert_eq!(daily_cap_for(&low, 3), 20);
        assert_eq!(daily_cap_for(&low, 4), 50);
        assert_eq!(daily_cap_for(&low, 8), 60);
        assert_eq!(daily_cap_for(&low, 30), 60);
        assert_eq!(daily_cap_for(&pacing(1), 1), 1);
        assert_eq!(daily_cap_for(&pacing(500), 400), 500);
        let unpaced = PacingSettings {
            preset: PacingPreset::Unpaced,
            ..PacingSettings::default()
        }
        .validate()
        .expect("valid");
        assert_eq!(daily_cap_for(&unpaced, 1), u32::MAX);
    }

    #[test]
    fn warmup_days_are_local_calendar_days_and_72_hours_of_silence_restart_them() {
        let p = pacing(300);
        // Started Monday 2025-03-03 at 22:30 in São Paulo (01:30Z Tuesday).
        let started = ts("2025-03-04T01:30:00Z");
        let history = |last: &str| SendHistory {
            warmup_started: Some(started),
            last_sent: Some(ts(last)),
            ..SendHistory::default()
        };
        let h = history("2025-03-04T01:30:00Z");
        // Still Monday locally at 02:59Z; Tuesday from 03:00Z.
        assert_eq!(warmup_day(&h, ts("2025-03-04T02:59:00Z"), &p.window), 1);
        assert_eq!(warmup_day(&h, ts("2025-03-04T03:00:00Z"), &p.window), 2);
        // 71 h of silence: day 4 (Thursday).
        assert_eq!(warmup_day(&h, ts("2025-03-07T00:30:00Z"), &p.window), 4);
        // 72 h: cold again.
        assert_eq!(warmup_day(&h, ts("2025-03-07T01:30:00Z"), &p.window), 1);
        // Kept warm by a send on the 27th: the 28th is day 26.
        let warm = history("2025-03-27T15:00:00Z");
        assert_eq!(warmup_day(&warm, ts("2025-03-28T15:00:00Z"), &p.window), 26);
        // A recent send counts as the last one even when last_sent lags.
        let lagging = SendHistory {
            recent: vec![ts("2025-03-27T15:00:00Z")],
            ..history("2025-03-01T15:00:00Z")
        };
        assert_eq!(
            warmup_day(&lagging, ts("2025-03-28T15:00:00Z"), &p.window),
            26
        );
        // Never sent: the next send is day 1.
        assert_eq!(warmup_day(&SendHistory::default(), started, &p.window), 1);
    }
}
