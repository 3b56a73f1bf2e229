//! When to look for updates and when installing is safe. Times are passed in, never read
//! here, so the rules are tested without waiting.

use jiff::{SignedDuration, Timestamp};

use super::UpdatesError;

/// Automatic checks run at start and while the app runs, at most this often.
pub const CHECK_INTERVAL: SignedDuration = SignedDuration::from_hours(12);

/// Whether an automatic check is due. A last check in the future (the clock was set back)
/// does not block checks until the clock catches up.
pub fn check_due(last: Option<Timestamp>, now: Timestamp) -> bool {
    match last {
        None => true,
        Some(last) if last > now => true,
        Some(last) => now.duration_since(last) >= CHECK_INTERVAL,
    }
}

/// What to do before installing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstallPlan {
    /// Nothing is sending: install now.
    InstallNow,
    /// The user chose to pause these campaigns first (they resume later, nothing is lost).
    PauseThenInstall(Vec<i64>),
}

/// Installing replaces the app (and on Windows closes it), so it never happens under a
/// sending campaign: the user waits, or asks to pause the campaigns first.
pub fn install_plan(sending: &[i64], pause_first: bool) -> Result<InstallPlan, UpdatesError> {
    match (sending.is_empty(), pause_first) {
        (true, _) => Ok(InstallPlan::InstallNow),
        (false, true) => Ok(InstallPlan::PauseThenInstall(sending.to_vec())),
        (false, false) => Err(UpdatesError::CampaignsSending {
            count: sending.len(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn the_first_check_is_always_due() {
        assert!(check_due(None, at("2026-12-05T10:00:00Z")));
    }

    #[test]
    fn checks_are_at_most_twelve_hours_apart() {
        let last = at("2026-12-05T10:00:00Z");
        assert!(!check_due(Some(last), at("2026-12-05T10:00:01Z")));
        assert!(!check_due(Some(last), at("2026-12-05T21:59:59Z")));
        assert!(check_due(Some(last), at("2026-12-05T22:00:00Z")));
        assert!(check_due(Some(last), at("2026-12-09T08:00:00Z")));
    }

    #[test]
    fn a_clock_set_back_does_not_stop_checks() {
        assert!(check_due(
            Some(at("2027-06-01T00:00:00Z")),
            at("2026-12-05T10:00:00Z")
        ));
    }

    #[test]
    fn nothing_sending_installs_now() {
        assert_eq!(
            install_plan(&[], false).expect("plan"),
            InstallPlan::InstallNow
        );
        assert_eq!(
            install_plan(&[], true).expect("plan"),
            InstallPlan::InstallNow
        );
    }

    #[test]
    fn a_sending_campaign_makes_the_update_wait() {
        let err = install_plan(&[3, 9], false).expect_err("must wait");
        assert!(matches!(err, UpdatesError::CampaignsSending { count: 2 }));
    }

    #[test]
    fn pausing_first_names_the_campaigns_to_pause() {
        assert_eq!(
            install_plan(&[3, 9], true).expect("plan"),
            InstallPlan::PauseThenInstall(vec![3, 9])
        );
    }
}
