//! The engine's clock: the system's in the app, a manual one in tests, so pacing, windows,
//! caps and backoff are tested without real sleeps.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use tokio::sync::watch;

#[derive(Debug, Clone)]
pub enum Clock {
    System,
    Manual(ManualClock),
}

impl Clock {
    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Manual(m) => m.now(),
        }
    }

    /// Returns at `at` (at once when it has passed).
    pub async fn sleep_until(&self, at: Timestamp) {
        match self {
            Clock::System => {
                let wait = at.duration_since(Timestamp::now());
                if let Ok(wait) = std::time::Duration::try_from(wait) {
                    tokio::time::sleep(wait).await;
                }
            }
            Clock::Manual(m) => m.wait_until(at).await,
        }
    }

    pub async fn sleep(&self, duration: SignedDuration) {
        let at = self
            .now()
            .saturating_add(duration)
            .unwrap_or(Timestamp::MAX);
        self.sleep_until(at).await;
    }
}

/// Time that moves only when a test moves it.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<watch::Sender<Timestamp>>);

impl ManualClock {
    pub fn new(start: Timestamp) -> ManualClock {
        ManualClock(Arc::new(watch::Sender::new(start)))
    }

    pub fn now(&self) -> Timestamp {
        *self.0.borrow()
    }

    pub fn advance(&self, by: SignedDuration) {
        self.0
            .send_modify(|t| *t = t.saturating_add(by).unwrap_or(Timestamp::MAX));
    }

    pub fn set(&self, to: Timestamp) {
        self.0.send_modify(|t| *t = (*t).max(to));
    }

    async fn wait_until(&self, at: Timestamp) {
        let mut rx = self.0.subscribe();
        // The sender lives in `self`, so this ends only by reaching `at`.
        let _ = rx.wait_for(|now| *now >= at).await;
    }
}

/// A timestamp as the journal stores it: UTC, milliseconds, `Z`, so text order is time
/// order (the same form as SQLite's `strftime('%Y-%m-%dT%H:%M:%fZ')` defaults).
pub fn to_db(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Reads a stored or user-given instant (RFC 3339, any offset).
pub fn parse(text: &str) -> Option<Timestamp> {
    text.parse::<Timestamp>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_form_sorts_like_time() {
        let a: Timestamp = "2026-12-05T09:00:00Z".parse().unwrap();
        let b = a + SignedDuration::from_millis(5);
        assert_eq!(to_db(a), "2026-12-05T09:00:00.000Z");
        assert!(to_db(a) < to_db(b));
        assert_eq!(parse(&to_db(b)), Some(b));
    }

    #[tokio::test]
    async fn manual_sleep_waits_for_the_test_to_move_time() {
        let start: Timestamp = "2026-12-05T09:00:00Z".parse().unwrap();
        let clock = ManualClock::new(start);
        let c = Clock::Manual(clock.clone());
        let sleeper = tokio::spawn(async move {
            c.sleep_until(start + SignedDuration::from_secs(30)).await;
        });
        tokio::task::yield_now().await;
        clock.advance(SignedDuration::from_secs(29));
        tokio::task::yield_now().await;
        assert!(!sleeper.is_finished());
        clock.advance(SignedDuration::from_secs(1));
        tokio::time::timeout(std::time::Duration::from_secs(5), sleeper)
            .await
            .unwrap()
            .unwrap();
    }
}
