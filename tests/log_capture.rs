//! The Evolution events listener never writes the key into a log line or a stream state.
//!
//! Its own test binary, with this one test: the check captures log lines through a
//! thread-local tracing subscriber, and in the shared integration binary, tests running on
//! other threads at the same moment (and the global logger one of them installs) made
//! tracing's per-callsite interest cache drop some of the listener's lines now and then.

// Tests fail loudly: unwrap is the point here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::{Arc, Mutex};

use whats_tip::evolution_events::{EvolutionEvent, StreamState};
use whats_tip::evolution_sandbox::{Faults, IncomingMessage as Inject};

#[path = "integration/events_rig.rs"]
mod events_rig;

use events_rig::*;

/// A `MakeWriter` into a shared buffer (this thread's default subscriber).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn the_key_never_appears_in_log_lines_or_stream_states() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(captured.clone())
        .finish();
    // The test runtime is single-threaded: every task logs into this subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut s = setup().await;
    let mut states = Vec::new();
    s.listener.watch(SHOP);
    states.push(next(&mut s.events).await); // namespace missing → retry
    s.sandbox
        .control()
        .incoming(
            SHOP,
            Inject {
                from: CUSTOMER.into(),
                text: "oi".into(),
                ..Inject::default()
            },
        )
        .unwrap();
    states.push(wait_for(&mut s.events, is_connected).await);
    s.sandbox.control().set_instance_faults(
        SHOP,
        Faults {
            drop_sockets: true,
            ..Faults::default()
        },
    );
    states.push(
        wait_for(&mut s.events, |e| {
            matches!(
                e,
                EvolutionEvent::Stream {
                    state: StreamState::Retrying { .. },
                    ..
                }
            )
        })
        .await,
    );
    s.sandbox.control().clear_instance_faults(SHOP);
    let sent = s
        .client
        .send_text(SHOP, CUSTOMER, "oi", None)
        .await
        .unwrap();
    wait_for(&mut s.events, is_connected).await;
    statuses_of(&mut s.events, &sent.key.id, 1).await;

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("event stream connected"), "{logs}");
    assert!(
        logs.contains("apikey=%3Credacted%3E"),
        "the URL is logged, redacted: {logs}"
    );
    assert!(!logs.contains(KEY), "the key leaked into the log:\n{logs}");
    for state in states {
        assert!(!format!("{state:?}").contains(KEY), "{state:?}");
    }
    let listener_debug = format!("{:?}", s.listener);
    assert!(!listener_debug.contains(KEY), "{listener_debug}");
}
