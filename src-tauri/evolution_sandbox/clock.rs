//! The sandbox's notion of "now": a monotonic instant for elapsed-time rules and the wall
//! clock for the timestamps it prints, read once per request and passed down.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Now {
    pub mono: Instant,
    pub wall: SystemTime,
}

impl Now {
    pub fn current() -> Now {
        Now {
            mono: Instant::now(),
            wall: SystemTime::now(),
        }
    }

    /// The same clock moved forward (unit tests drive time with this).
    #[cfg(test)]
    pub fn plus(self, by: Duration) -> Now {
        Now {
            mono: self.mono + by,
            wall: self.wall + by,
        }
    }

    /// Wall time of an earlier (or later) instant, for changes that happened lazily.
    pub fn wall_at(&self, at: Instant) -> SystemTime {
        if at <= self.mono {
            self.wall - (self.mono - at)
        } else {
            self.wall + (at - self.mono)
        }
    }
}

pub(crate) fn unix_seconds(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs()
}

/// `2026-11-29T05:12:01.485Z`, as JavaScript's `Date.toISOString()` prints it.
pub(crate) fn iso8601(at: SystemTime) -> String {
    let since = at.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let secs = since.as_secs();
    let (year, month, day) = civil_from_days(secs / 86_400);
    let rest = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        since.subsec_millis()
    )
}

/// Days since 1970-01-01 → (year, month, day); Howard Hinnant's algorithm, so no date
/// crate is needed for one format.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_javascript() {
        let at = UNIX_EPOCH + Duration::from_millis(1_795_842_721_485);
        assert_eq!(iso8601(at), "2026-11-28T05:12:01.485Z");
        assert_eq!(iso8601(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(iso8601(leap), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn wall_time_of_past_and_future_instants() {
        let now = Now::current();
        let later = now.plus(Duration::from_secs(3));
        assert_eq!(
            later.wall_at(now.mono),
            now.wall,
            "an earlier instant maps back"
        );
        assert_eq!(now.wall_at(later.mono), later.wall);
    }
}
