//! Which Evolution server versions this app was tested with, so a user on another one is
//! told before something odd happens (first run, Settings, `tip doctor`).

use serde::Serialize;
use ts_rs::TS;

/// The oldest version whose API this client speaks: 1.x wraps send bodies differently
/// (`textMessage`, `options`) and lists instances in another shape.
pub const OLDEST_SUPPORTED: &str = "2.0.0";
/// The versions the contract (`shared/evolution-api.md`) and the tests were checked
/// against: 2.2.x and 2.3.x. 2.4 adds a licence gate and changes reconnects.
pub const TESTED_FROM: &str = "2.2.0";
pub const TESTED_BELOW: &str = "2.4.0-0";

/// How well the app knows a server's version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ServerSupport {
    /// A version the app was tested with.
    Tested,
    /// v2, but older or newer than the tested range: it probably works; the doctor says
    /// what to watch for.
    Untested,
    /// v1 (or not a version at all): its API differs and sends would fail.
    TooOld,
}

/// Reads `version` (as `GET /` reports it, e.g. `2.3.6` or `v2.4.0-rc1`).
pub fn assess(version: &str) -> ServerSupport {
    let Some(found) = parse(version) else {
        return ServerSupport::Untested;
    };
    let at_least = |v: &str| parse(v).is_some_and(|bound| found >= bound);
    if !at_least(OLDEST_SUPPORTED) {
        ServerSupport::TooOld
    } else if at_least(TESTED_FROM) && !at_least(TESTED_BELOW) {
        ServerSupport::Tested
    } else {
        ServerSupport::Untested
    }
}

/// `(major, minor)` of a version `GET /` reported (`2.2.3` → `(2, 2)`), for advice that
/// depends on the release line (2.2.x pins the WhatsApp Web version, 2.4 has a licence gate).
pub fn release_line(version: &str) -> Option<(u64, u64)> {
    parse(version).map(|v| (v.major, v.minor))
}

fn parse(version: &str) -> Option<semver::Version> {
    let v = version.trim().trim_start_matches(['v', 'V']);
    semver::Version::parse(v).ok().or_else(|| {
        // "2.3" or "2" → pad; "2.4.0-rc1" parses as is.
        let dots = v.matches('.').count();
        let padded = format!("{v}{}", ".0".repeat(2usize.saturating_sub(dots)));
        semver::Version::parse(&padded).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_placed_in_the_tested_range_or_outside_it() {
        for (v, expected) in [
            ("2.3.6", ServerSupport::Tested),
            ("2.3.7", ServerSupport::Tested),
            ("v2.2.3", ServerSupport::Tested),
            ("2.3", ServerSupport::Tested),
            ("2.1.1", ServerSupport::Untested),
            ("2.0.10", ServerSupport::Untested),
            ("2.4.0-rc1", ServerSupport::Untested),
            ("2.4.1", ServerSupport::Untested),
            ("1.8.2", ServerSupport::TooOld),
            ("1", ServerSupport::TooOld),
            ("banana", ServerSupport::Untested),
        ] {
            assert_eq!(assess(v), expected, "{v}");
        }
        assert_eq!(release_line("v2.2.3"), Some((2, 2)));
        assert_eq!(release_line("2.4.0-rc1"), Some((2, 4)));
        assert_eq!(release_line("banana"), None);
    }
}
