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

/// JavaScript's `new Date(value).getTime()` for what a JSON body can carry: a number is
/// milliseconds since the epoch (so `1732867200`, in seconds, lands in January 1970); a
/// string is read in the ISO 8601 forms every engine accepts (`2024-11-29`,
/// `2024-11-29T10:00`, `2024-11-29T10:00:00.000Z`, `…-03:00`; a space may replace the
/// `T`). A date-time without an offset is local time in JavaScript; the sandbox reads it
/// as UTC, the zone of the usual Docker server. None is JavaScript's `NaN` (other strings,
/// which V8's legacy parser might still accept, included).
pub(crate) fn js_date_millis(value: &serde_json::Value) -> Option<i64> {
    use serde_json::Value;
    match value {
        Value::Number(n) => n
            .as_f64()
            .filter(|f| f.is_finite() && f.abs() <= 8.64e15)
            .map(|f| f.trunc() as i64),
        Value::Bool(b) => Some(i64::from(*b)),
        Value::String(s) => iso_millis(s.trim()),
        _ => None,
    }
}

fn iso_millis(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let digits = |from: usize, len: usize| -> Option<i64> {
        let part = text.get(from..from + len)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let year = digits(0, 4)?;
    let mut at = 4;
    let field = |at: &mut usize, sep: u8, min: i64, max: i64| -> Option<Option<i64>> {
        if bytes.get(*at) != Some(&sep) {
            return Some(None);
        }
        let value = digits(*at + 1, 2).filter(|v| (min..=max).contains(v))?;
        *at += 3;
        Some(Some(value))
    };
    let month = field(&mut at, b'-', 1, 12)?;
    let day = match month {
        Some(_) => field(&mut at, b'-', 1, 31)?,
        None => None,
    };
    let mut millis = days_from_civil(year, month.unwrap_or(1), day.unwrap_or(1)) * 86_400_000;
    if at == bytes.len() {
        return Some(millis);
    }
    // A time needs a full date.
    if day.is_none() || !matches!(bytes[at], b'T' | b't' | b' ') {
        return None;
    }
    let hour = digits(at + 1, 2).filter(|h| *h <= 24)?;
    let minute = digits(at + 4, 2).filter(|m| *m <= 59 && bytes.get(at + 3) == Some(&b':'))?;
    at += 6;
    let mut second = 0;
    let mut fraction = 0;
    if bytes.get(at) == Some(&b':') {
        second = digits(at + 1, 2).filter(|s| *s <= 59)?;
        at += 3;
        if bytes.get(at) == Some(&b'.') {
            let start = at + 1;
            let end = start
                + bytes[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
            if end == start {
                return None;
            }
            // Milliseconds: the first three digits, right-padded.
            let ms: String = text[start..end]
                .chars()
                .chain("00".chars())
                .take(3)
                .collect();
            fraction = ms.parse().ok()?;
            at = end;
        }
    }
    if hour == 24 && (minute, second, fraction) != (0, 0, 0) {
        return None;
    }
    millis += ((hour * 60 + minute) * 60 + second) * 1000 + fraction;
    let offset_minutes = match bytes.get(at) {
        None => 0,
        Some(b'Z' | b'z') if at + 1 == bytes.len() => 0,
        Some(sign @ (b'+' | b'-')) if at + 6 == bytes.len() && bytes[at + 3] == b':' => {
            let h = digits(at + 1, 2).filter(|h| *h <= 23)?;
            let m = digits(at + 4, 2).filter(|m| *m <= 59)?;
            if *sign == b'+' {
                h * 60 + m
            } else {
                -(h * 60 + m)
            }
        }
        _ => return None,
    };
    Some(millis - offset_minutes * 60_000)
}

/// (year, month, day) → days since 1970-01-01; the inverse of `civil_from_days`.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
    fn dates_read_like_javascript() {
        use serde_json::json;
        let ms = |v: serde_json::Value| js_date_millis(&v);
        assert_eq!(
            ms(json!("2024-11-29T08:00:00.000Z")),
            Some(1_732_867_200_000)
        );
        assert_eq!(ms(json!("2024-11-29T08:00:00Z")), Some(1_732_867_200_000));
        assert_eq!(
            ms(json!("2024-11-29T05:00:00-03:00")),
            Some(1_732_867_200_000)
        );
        assert_eq!(ms(json!("2024-11-29 08:00")), Some(1_732_867_200_000));
        assert_eq!(ms(json!("2024-11-29T08:00:00.5Z")), Some(1_732_867_200_500));
        assert_eq!(ms(json!("2024-11-29")), Some(1_732_838_400_000));
        assert_eq!(ms(json!("2000-02-29")), Some(951_782_400_000));
        assert_eq!(ms(json!("1970")), Some(0));
        assert_eq!(ms(json!(1_732_867_200_000_u64)), Some(1_732_867_200_000));
        assert_eq!(
            ms(json!(1_732_867_200)),
            Some(1_732_867_200),
            "numbers are ms"
        );
        for bad in [
            "",
            "yesterday",
            "2024-13-01",
            "2024-11-29T25:00",
            "2024-11-29T08:00+3",
            "2024-11-29Z",
        ] {
            assert_eq!(ms(json!(bad)), None, "{bad}");
        }
        assert_eq!(ms(json!({"a": 1})), None);
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
