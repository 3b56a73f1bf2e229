//! The sending window: local business hours on allowed weekdays, in the window's time zone.
//!
//! Instants stay UTC ([`Timestamp`]) everywhere else; only here do they become local dates
//! and times, through the tz database, so a DST change moves the window in UTC and keeps it
//! at 09:00–20:00 on the wall clock. An opening that falls in a DST gap (a zone that skips
//! midnight, as Brazil did until 2019) resolves to the first instant after the gap.

use jiff::civil::Date;
use jiff::Timestamp;

use super::settings::{ValidPacing, ValidWindow};

/// The local calendar day of `at` in the window's time zone: what "today" means for daily
/// caps and warm-up days.
pub fn local_date(window: &ValidWindow, at: Timestamp) -> Date {
    window.tz.to_datetime(at).date()
}

/// Whether a message may go at `now` (always, when unpaced).
pub fn in_window(p: &ValidPacing, now: Timestamp) -> bool {
    p.is_unpaced() || window_contains(&p.window, now)
}

/// The first instant at or after `now` inside the window (`now` itself when inside it, or
/// when unpaced).
pub fn next_window_open(p: &ValidPacing, now: Timestamp) -> Timestamp {
    if p.is_unpaced() {
        return now;
    }
    next_open(&p.window, now)
}

pub(super) fn window_contains(w: &ValidWindow, at: Timestamp) -> bool {
    let local = w.tz.to_datetime(at);
    w.allows(local.weekday()) && local.time() >= w.start && local.time() < w.end
}

pub(super) fn next_open(w: &ValidWindow, now: Timestamp) -> Timestamp {
    if window_contains(w, now) {
        return now;
    }
    let local = w.tz.to_datetime(now);
    if w.allows(local.weekday()) && local.time() < w.start {
        return opening_on(w, local.date());
    }
    opening_after_day(w, local.date())
}

/// The window's opening on the first allowed day after `day`.
pub(super) fn opening_after_day(w: &ValidWindow, day: Date) -> Timestamp {
    let mut next = day;
    // Validation guarantees an allowed weekday, so a week always finds one; the bound
    // keeps a corrupted window from looping.
    for _ in 0..7 {
        next = match next.tomorrow() {
            Ok(d) => d,
            Err(_) => return Timestamp::MAX,
        };
        if w.allows(next.weekday()) {
            return opening_on(w, next);
        }
    }
    Timestamp::MAX
}

/// The instant the window opens on `day` (which the caller has checked is allowed).
pub(super) fn opening_on(w: &ValidWindow, day: Date) -> Timestamp {
    instant_of(w, day, w.start)
}

/// The instant the window closes on `day`.
pub(super) fn closing_on(w: &ValidWindow, day: Date) -> Timestamp {
    instant_of(w, day, w.end)
}

fn instant_of(w: &ValidWindow, day: Date, time: jiff::civil::Time) -> Timestamp {
    // "Compatible" disambiguation: a time in a gap moves past it, a repeated time takes its
    // first occurrence. Only fails at the ends of jiff's range (year ±9999).
    w.tz.to_timestamp(day.to_datetime(time))
        .unwrap_or(Timestamp::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::pacing::settings::{PacingPreset, PacingSettings, Weekday};

    fn pacing(edit: impl FnOnce(&mut PacingSettings)) -> ValidPacing {
        let mut s = PacingSettings::default();
        edit(&mut s);
        s.validate().expect("valid settings")
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn saturday_evening_waits_for_monday_morning_when_sundays_are_off() {
        let p = pacing(|_| {});
        // Saturday 2025-03-15 20:00 in São Paulo (UTC−3) = 23:00Z.
        let closing = ts("2025-03-15T23:00:00Z");
        assert!(!in_window(&p, closing));
        assert!(in_window(&p, ts("2025-03-15T22:59:59Z")));
        assert_eq!(next_window_open(&p, closing), ts("2025-03-17T12:00:00Z"));
        // Sunday noon, too.
        assert_eq!(
            next_window_open(&p, ts("2025-03-16T15:00:00Z")),
            ts("2025-03-17T12:00:00Z")
        );
        // Monday before opening: the same morning.
        assert_eq!(
            next_window_open(&p, ts("2025-03-17T03:00:00Z")),
            ts("2025-03-17T12:00:00Z")
        );
        // Inside: now.
        let inside = ts("2025-03-17T12:00:00Z");
        assert!(in_window(&p, inside));
        assert_eq!(next_window_open(&p, inside), inside);
    }

    #[test]
    fn sundays_allowed_make_saturday_evening_wait_only_for_sunday() {
        let p = pacing(|s| s.window.days = Weekday::ALL.to_vec());
        assert_eq!(
            next_window_open(&p, ts("2025-03-15T23:00:00Z")),
            ts("2025-03-16T12:00:00Z")
        );
    }

    #[test]
    fn another_time_zone_moves_the_window_in_utc() {
        let p = pacing(|s| {
            s.window.time_zone = "Europe/Lisbon".into();
            s.window.start = "08:30".into();
            s.window.end = "17:45".into();
            s.window.days = vec![Weekday::Tue, Weekday::Thu];
        });
        // Lisbon in January is UTC+0; in July UTC+1.
        let mon = ts("2025-01-13T10:00:00Z");
        assert!(!in_window(&p, mon));
        assert_eq!(next_window_open(&p, mon), ts("2025-01-14T08:30:00Z"));
        assert_eq!(
            next_window_open(&p, ts("2025-07-15T16:45:00Z")),
            ts("2025-07-17T07:30:00Z")
        );
        assert!(in_window(&p, ts("2025-07-15T16:44:59Z")));
    }

    #[test]
    fn dst_keeps_the_window_on_the_wall_clock() {
        let p = pacing(|s| {
            s.window.time_zone = "America/New_York".into();
            s.window.days = Weekday::ALL.to_vec();
        });
        // Sunday 2025-03-09 02:00 EST → EDT. Saturday opens 14:00Z, Sunday 13:00Z.
        assert_eq!(
            next_window_open(&p, ts("2025-03-08T05:00:00Z")),
            ts("2025-03-08T14:00:00Z")
        );
        assert_eq!(
            next_window_open(&p, ts("2025-03-09T01:00:00Z")),
            ts("2025-03-09T13:00:00Z")
        );
        // November fall-back: 2025-11-02, opens 14:00Z, closes 01:00Z next day.
        assert_eq!(
            next_window_open(&p, ts("2025-11-02T06:00:00Z")),
            ts("2025-11-02T14:00:00Z")
        );
        assert!(in_window(&p, ts("2025-11-03T00:59:59Z")));
        assert!(!in_window(&p, ts("2025-11-03T01:00:00Z")));
    }

    #[test]
    fn an_opening_inside_a_dst_gap_moves_past_the_gap() {
        // Brazil sprang forward at local midnight: 2018-11-04 00:00 did not exist in São Paulo.
        let p = pacing(|s| {
            s.window.start = "00:00".into();
            s.window.end = "06:00".into();
            s.window.days = Weekday::ALL.to_vec();
        });
        let open = next_window_open(&p, ts("2018-11-04T02:30:00Z"));
        assert_eq!(open, ts("2018-11-04T03:00:00Z")); // 01:00 −02
        assert!(in_window(&p, open));
    }

    #[test]
    fn unpaced_has_no_window() {
        let p = pacing(|s| s.preset = PacingPreset::Unpaced);
        let sunday_night = ts("2025-03-17T02:00:00Z");
        assert!(in_window(&p, sunday_night));
        assert_eq!(next_window_open(&p, sunday_night), sunday_night);
    }
}
