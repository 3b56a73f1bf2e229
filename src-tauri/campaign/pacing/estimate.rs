//! When a campaign should finish, for the pre-flight.
//!
//! A day-by-day model of the pacer with its averages instead of its draws:
//! - one message every `m` seconds, `m = g + (L − g) ÷ 20`, with `g` the mean gap of the
//!   preset, `L` = 390 s the mean long pause and 20 the mean number of messages between
//!   long pauses (a long pause replaces one gap in every 20, on average);
//! - the hour ceiling turns that into bursts: 60 messages at `m` apart, then a wait until
//!   the hour since the burst began is over (`m` under 60 s for every preset, so the
//!   ceiling binds; the minute ceiling, 7.5 s apart, never does at weight 1);
//! - each day a number sends the least of that and its warm-up cap, inside the window;
//!   instances send in parallel and share the recipients.
//!
//! Days are stepped one at a time until every number's state at the start of a week
//! (warm-up day, or cold; time since its last message) repeats the previous week's; from
//! then on weeks repeat, so all full weeks but the last are skipped at once. The work is
//! O(warm-up + a few weeks), whatever the number of recipients (see `days_stepped` in the
//! tests). The model ignores typing delays (the gap runs from one hand-off to the next),
//! the sends of the last hour before `start`, and rotation weights.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use super::pacer::{plus, LONG_PAUSE_EVERY, LONG_PAUSE_MS, PER_HOUR_CEILING, PER_MINUTE_CEILING};
use super::settings::{ValidPacing, ValidWindow};
use super::warmup::{daily_cap_for, SendHistory, SILENCE_RESTARTS_WARMUP, STEADY_FROM_DAY};
use super::window::{closing_on, local_date, opening_on};

/// The pre-flight's forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// When the last message should go.
    pub finish: Timestamp,
    /// Local days on which messages go out.
    pub sending_days: u32,
}

/// Forecast for `recipients` messages shared by the given numbers from `start`; `None`
/// without a number to send through.
pub fn estimate_finish(
    p: &ValidPacing,
    instances: &[SendHistory],
    recipients: u64,
    start: Timestamp,
) -> Option<Estimate> {
    Forecast::new(p, instances, start).map(|f| f.run(recipients).0)
}

/// Weeks simulated day by day before skipping even without a repeating state (a safety net:
/// states repeat within about four weeks).
const MAX_WEEKS_STEPPED: u32 = 10;
const DAY: SignedDuration = SignedDuration::from_hours(24);

#[derive(Debug, Clone)]
struct Lane {
    warmup_start: Option<Date>,
    last_sent: Option<Timestamp>,
    /// A count already sent on a day (only the start day can have one).
    sent_on: Option<(Date, u32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LaneKey {
    /// Will restart warm-up at its next message.
    Cold,
    Warm {
        day: u32,
        silent_secs: i64,
    },
}

#[derive(Debug)]
struct Forecast<'a> {
    p: &'a ValidPacing,
    lanes: Vec<Lane>,
    start: Timestamp,
    /// Mean seconds between two messages of one number, before the hour ceiling.
    interval: f64,
    /// Off only in tests, to check the skipped weeks against stepping every day.
    skip_weeks: bool,
}

impl<'a> Forecast<'a> {
    fn new(p: &'a ValidPacing, instances: &[SendHistory], start: Timestamp) -> Option<Self> {
        if instances.is_empty() {
            return None;
        }
        let w = &p.window;
        let lanes = instances
            .iter()
            .map(|h| {
                let last = h.latest();
                Lane {
                    warmup_start: h.warmup_started.map(|s| local_date(w, s)),
                    last_sent: last,
                    sent_on: last
                        .filter(|_| h.sent_today > 0)
                        .map(|l| (local_date(w, l), h.sent_today)),
                }
            })
            .collect();
        let interval = match p.preset.gap_ms() {
            Some((low, high)) => {
                let gap = f64::from(low + high) / 2000.0;
                let long = f64::from(LONG_PAUSE_MS.0 + LONG_PAUSE_MS.1) / 2000.0;
                let every = f64::from(LONG_PAUSE_EVERY.0 + LONG_PAUSE_EVERY.1) / 2.0;
                (gap + (long - gap) / every).max(60.0 / PER_MINUTE_CEILING as f64)
            }
            None => 0.0,
        };
        Some(Self {
            p,
            lanes,
            start,
            interval,
            skip_weeks: true,
        })
    }

    /// The estimate and how many days were stepped one by one.
    fn run(mut self, recipients: u64) -> (Estimate, u32) {
        if recipients == 0 {
            return (self.estimate(self.start, 0), 0);
        }
        if self.p.is_unpaced() {
            return (self.estimate(self.start, 1), 0);
        }
        let w = &self.p.window;
        let mut day = local_date(w, self.start);
        let start_weekday = day.weekday();
        let mut remaining = recipients;
        let mut sending_days: u64 = 0;
        let mut stepped = 0u32;
        let mut weeks = 0u32;
        // (lane keys, remaining, sending days) at the start of the previous week.
        let mut last_week: Option<(Vec<LaneKey>, u64, u64)> = None;
        loop {
            if stepped > 0 && day.weekday() == start_weekday {
                let keys = self.keys(day);
                if let Some((prev_keys, prev_remaining, prev_days)) = &last_week {
                    weeks += 1;
                    let per_week = prev_remaining - remaining;
                    if per_week == 0 {
                        // No capacity at all in a week: nothing will ever finish.
                        return (self.estimate(Timestamp::MAX, u32::MAX), stepped);
                    }
                    if self.skip_weeks
                        && (*prev_keys == keys || weeks >= MAX_WEEKS_STEPPED)
                        && remaining > per_week
                    {
                        let skip = (remaining - 1) / per_week;
                        remaining -= skip * per_week;
                        sending_days += skip * (sending_days - prev_days);
                        match self.shift(day, skip) {
                            Some(d) => day = d,
                            None => return (self.estimate(Timestamp::MAX, u32::MAX), stepped),
                        }
                    }
                }
                last_week = Some((keys, remaining, sending_days));
            }
            stepped += 1;
            if let Some(finish) = self.send_on(day, &mut remaining, &mut sending_days) {
                let days = u32::try_from(sending_days).unwrap_or(u32::MAX);
                return (self.estimate(finish, days), stepped);
            }
            day = match day.tomorrow() {
                Ok(d) => d,
                Err(_) => return (self.estimate(Timestamp::MAX, u32::MAX), stepped),
            };
        }
    }

    fn estimate(&self, finish: Timestamp, sending_days: u32) -> Estimate {
        Estimate {
            finish,
            sending_days,
        }
    }

    /// Sends one day's worth; `Some(finish)` when the last recipient goes that day.
    fn send_on(
        &mut self,
        day: Date,
        remaining: &mut u64,
        sending_days: &mut u64,
    ) -> Option<Timestamp> {
        let p = self.p;
        let w = &p.window;
        if !w.allows(day.weekday()) {
            return None;
        }
        let from = opening_on(w, day).max(self.start);
        let seconds = closing_on(w, day).duration_since(from).as_secs_f64();
        if seconds <= 0.0 {
            return None;
        }
        let within = count_within(seconds, self.interval);
        let caps: Vec<u64> = self
            .lanes
            .iter_mut()
            .map(|lane| {
                if lane
                    .last_sent
                    .is_none_or(|last| from.duration_since(last) >= SILENCE_RESTARTS_WARMUP)
                    || lane.warmup_start.is_none()
                {
                    lane.warmup_start = Some(day);
                }
                let warmup_day = lane
                    .warmup_start
                    .map_or(1, |s| day.duration_since(s).as_hours() / 24 + 1);
                // A start in the future (a clock set back) counts as day 1, as the pacer does.
                let cap = daily_cap_for(p, u32::try_from(warmup_day).unwrap_or(1));
                let done = match lane.sent_on {
                    Some((d, n)) if d == day => n,
                    _ => 0,
                };
                u64::from(cap.saturating_sub(done)).min(within)
            })
            .collect();
        let total: u64 = caps.iter().sum();
        if total > 0 {
            *sending_days += 1;
        }
        if total >= *remaining {
            // The k-th message of every number goes at the same offset: find the least k
            // at which the numbers together reach the last recipient.
            let reached = |k: u64| caps.iter().map(|c| (*c).min(k)).sum::<u64>() >= *remaining;
            let (mut low, mut high) = (1u64, caps.iter().copied().max().unwrap_or(1));
            while low < high {
                let mid = low + (high - low) / 2;
                if reached(mid) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            return Some(plus(from, secs(time_of(low, self.interval))));
        }
        *remaining -= total;
        for (lane, cap) in self.lanes.iter_mut().zip(&caps) {
            if *cap > 0 {
                lane.last_sent = Some(plus(from, secs(time_of(*cap, self.interval))));
            }
        }
        None
    }

    /// Each number's state at the start of `day` (local midnight).
    fn keys(&self, day: Date) -> Vec<LaneKey> {
        let midnight = midnight_of(&self.p.window, day);
        self.lanes
            .iter()
            .map(|lane| match (lane.last_sent, lane.warmup_start) {
                (Some(last), Some(started))
                    if midnight.duration_since(last) < SILENCE_RESTARTS_WARMUP =>
                {
                    let day_n = day.duration_since(started).as_hours() / 24 + 1;
                    LaneKey::Warm {
                        day: u32::try_from(day_n).unwrap_or(1).min(STEADY_FROM_DAY),
                        silent_secs: midnight.duration_since(last).as_secs(),
                    }
                }
                _ => LaneKey::Cold,
            })
            .collect()
    }

    /// Moves `day` and every number's past `weeks` weeks on (the repeating pattern).
    fn shift(&mut self, day: Date, weeks: u64) -> Option<Date> {
        let days = i64::try_from(weeks.checked_mul(7)?).ok()?;
        let span = DAY.checked_mul(i32::try_from(days).ok()?)?;
        for lane in &mut self.lanes {
            lane.warmup_start = match lane.warmup_start {
                Some(d) => Some(d.checked_add(span).ok()?),
                None => None,
            };
            lane.last_sent = match lane.last_sent {
                Some(t) => Some(t.checked_add(span).ok()?),
                None => None,
            };
        }
        day.checked_add(span).ok()
    }
}

fn midnight_of(w: &ValidWindow, day: Date) -> Timestamp {
    w.tz.to_timestamp(day.to_datetime(jiff::civil::Time::midnight()))
        .unwrap_or(Timestamp::MAX)
}

fn secs(s: f64) -> SignedDuration {
    SignedDuration::try_from_secs_f64(s).unwrap_or(SignedDuration::MAX)
}

/// Whether the hour ceiling cuts the steady rhythm into bursts.
fn bursts(interval: f64) -> bool {
    interval * (PER_HOUR_CEILING as f64) < 3600.0
}

/// Seconds from the first message of a day to its `k`-th (k ≥ 1).
fn time_of(k: u64, interval: f64) -> f64 {
    let i = k.saturating_sub(1);
    let per_hour = PER_HOUR_CEILING as u64;
    if bursts(interval) {
        (i / per_hour) as f64 * 3600.0 + (i % per_hour) as f64 * interval
    } else {
        i as f64 * interval
    }
}

/// How many messages fit in `seconds` from the first one (those with `time_of < seconds`).
fn count_within(seconds: f64, interval: f64) -> u64 {
    if interval <= 0.0 {
        return u64::MAX;
    }
    let per_hour = PER_HOUR_CEILING as u64;
    if bursts(interval) {
        let hours = (seconds / 3600.0).floor();
        let rest = seconds - hours * 3600.0;
        hours as u64 * per_hour + ((rest / interval).ceil() as u64).min(per_hour)
    } else {
        (seconds / interval).ceil() as u64
    }
}

#[cfg(test)]
pub(super) fn days_stepped(
    p: &ValidPacing,
    instances: &[SendHistory],
    recipients: u64,
    start: Timestamp,
) -> u32 {
    Forecast::new(p, instances, start).map_or(0, |f| f.run(recipients).1)
}

#[cfg(test)]
pub(super) fn estimate_without_skipping(
    p: &ValidPacing,
    instances: &[SendHistory],
    recipients: u64,
    start: Timestamp,
) -> Option<Estimate> {
    Forecast::new(p, instances, start).map(|mut f| {
        f.skip_weeks = false;
        f.run(recipients).0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_model_counts_and_times_agree() {
        // Normal: 32.5 s gaps, a 390 s pause every 20 → 50.375 s apart, bursts of 60.
        let m = 32.5 + (390.0 - 32.5) / 20.0;
        assert!(bursts(m));
        assert_eq!(time_of(1, m), 0.0);
        assert_eq!(time_of(60, m), 59.0 * m);
        assert_eq!(time_of(61, m), 3600.0);
        for seconds in [1.0, 50.0, 3000.0, 3600.0, 3600.5, 39_600.0] {
            let n = count_within(seconds, m);
            assert!(time_of(n, m) < seconds, "{seconds}");
            assert!(time_of(n + 1, m) >= seconds, "{seconds}");
        }
        // Eleven hours of Normal: 11 bursts of 60.
        assert_eq!(count_within(39_600.0, m), 660);
        // Safe with long pauses is slower than the ceiling: 76.5 s apart, no bursts.
        let safe = 60.0 + (390.0 - 60.0) / 20.0;
        assert!(!bursts(safe));
        assert_eq!(
            count_within(39_600.0, safe),
            (39_600.0_f64 / safe).ceil() as u64
        );
    }
}
