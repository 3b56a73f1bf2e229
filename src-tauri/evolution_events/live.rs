//! The link state of each instance as its event stream last reported it, shared between
//! the consumer of the events (which writes) and whoever would otherwise poll
//! `connectionState` (campaign workers, which read and wait for changes).
//!
//! A state is only trusted while the instance's stream is up: when the socket drops, the
//! entry is forgotten and readers fall back to polling the server.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::Notify;

use crate::evolution::ConnectionState;

/// Cheap to clone; every clone is the same map.
#[derive(Debug, Clone, Default)]
pub struct LiveStates(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    states: Mutex<HashMap<String, Entry>>,
    changed: Notify,
}

#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    stream_up: bool,
    state: Option<ConnectionState>,
    /// The server's reason code with the last state (401 logged out, 403 banned…).
    reason: Option<u16>,
}

impl LiveStates {
    /// The instance's stream joined its namespace: its events are live from now on.
    pub fn stream_up(&self, instance: &str) {
        self.update(instance, |e| e.stream_up = true);
    }

    /// The stream dropped or stopped: what it said is no longer current.
    pub fn stream_down(&self, instance: &str) {
        self.update(instance, |e| *e = Entry::default());
    }

    /// A `connection.update` arrived.
    pub fn set(&self, instance: &str, state: ConnectionState, reason: Option<u16>) {
        self.update(instance, |e| {
            e.state = Some(state);
            e.reason = reason;
        });
    }

    /// The state the live stream reported, if the stream is up and has reported one.
    pub fn get(&self, instance: &str) -> Option<(ConnectionState, Option<u16>)> {
        let states = self.0.states.lock().unwrap_or_else(PoisonError::into_inner);
        states
            .get(instance)
            .filter(|e| e.stream_up)
            .and_then(|e| e.state.map(|s| (s, e.reason)))
    }

    /// Whether the instance's stream is joined (its events are live).
    pub fn is_up(&self, instance: &str) -> bool {
        let states = self.0.states.lock().unwrap_or_else(PoisonError::into_inner);
        states.get(instance).is_some_and(|e| e.stream_up)
    }

    /// Resolves at the next change of any instance (register before reading to miss none:
    /// `let changed = live.changed(); … live.get(…); changed.await`).
    pub fn changed(&self) -> tokio::sync::futures::Notified<'_> {
        self.0.changed.notified()
    }

    fn update(&self, instance: &str, apply: impl FnOnce(&mut Entry)) {
        {
            let mut states = self.0.states.lock().unwrap_or_else(PoisonError::into_inner);
            apply(states.entry(instance.to_owned()).or_default());
        }
        self.0.changed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_counts_only_while_the_stream_is_up() {
        let live = LiveStates::default();
        live.set("shop", ConnectionState::Open, None);
        assert_eq!(live.get("shop"), None, "no stream yet: not live");
        assert!(!live.is_up("shop"));
        live.stream_up("shop");
        assert!(live.is_up("shop"));
        assert_eq!(live.get("shop"), Some((ConnectionState::Open, None)));
        live.set("shop", ConnectionState::Close, Some(401));
        assert_eq!(live.get("shop"), Some((ConnectionState::Close, Some(401))));
        live.stream_down("shop");
        assert_eq!(live.get("shop"), None, "a dropped stream forgets the state");
        assert_eq!(live.get("other"), None);
    }

    #[tokio::test]
    async fn waiters_wake_on_a_change() {
        let live = LiveStates::default();
        let writer = live.clone();
        let changed = live.changed();
        tokio::spawn(async move {
            writer.stream_up("shop");
        });
        tokio::time::timeout(std::time::Duration::from_secs(5), changed)
            .await
            .expect("the waiter woke");
        assert_eq!(live.get("shop"), None, "up, but no state reported yet");
    }
}
