//! What the Evolution events tests share: a sandbox with one connected instance, a listener
//! with a fast backoff, and waits on its events. Used by `evolution_events.rs` here and by
//! the `log-capture` test binary (which uses only part of it).
#![allow(dead_code)]

use std::time::Duration;

use tokio::sync::mpsc::Receiver;
use whats_tip::evolution::EvolutionClient;
use whats_tip::evolution_events::{
    Backoff, EvolutionEvent, Listener, ListenerConfig, StatusUpdate, StreamState,
};
use whats_tip::evolution_sandbox::{IncomingMessage as Inject, Sandbox, SandboxConfig};
use whats_tip::secrets::Sensitive;

pub const KEY: &str = "events-global-key-7c1e9a";
pub const SHOP: &str = "shop-01";
pub const OWNER: &str = "5511900000001";
pub const CUSTOMER: &str = "5511987654321";
pub const WAIT: Duration = Duration::from_secs(10);

pub fn config() -> SandboxConfig {
    SandboxConfig {
        global_key: KEY.to_owned(),
        status_steps: Duration::from_millis(40),
        reconnect_after: Duration::from_millis(150),
        ..SandboxConfig::default()
    }
}

pub fn fast_backoff() -> ListenerConfig {
    ListenerConfig {
        backoff: Backoff {
            initial: Duration::from_millis(20),
            max: Duration::from_millis(200),
            stable_after: Duration::from_secs(2),
        },
        ..ListenerConfig::default()
    }
}

pub struct Setup {
    pub sandbox: Sandbox,
    pub client: EvolutionClient,
    pub listener: Listener,
    pub events: Receiver<EvolutionEvent>,
}

pub async fn setup() -> Setup {
    let sandbox = Sandbox::start(config(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    sandbox
        .control()
        .create_connected(SHOP, OWNER, "Loja")
        .unwrap();
    let client =
        EvolutionClient::new(&sandbox.url(), Some(Sensitive::new(KEY.to_owned()))).unwrap();
    let (listener, events) = Listener::new(client.clone(), fast_backoff()).unwrap();
    Setup {
        sandbox,
        client,
        listener,
        events,
    }
}

pub async fn next(events: &mut Receiver<EvolutionEvent>) -> EvolutionEvent {
    tokio::time::timeout(WAIT, events.recv())
        .await
        .expect("no event in time")
        .expect("channel closed")
}

/// Skips events until one matches.
pub async fn wait_for(
    events: &mut Receiver<EvolutionEvent>,
    mut wanted: impl FnMut(&EvolutionEvent) -> bool,
) -> EvolutionEvent {
    loop {
        let event = next(events).await;
        if wanted(&event) {
            return event;
        }
    }
}

pub fn is_connected(event: &EvolutionEvent) -> bool {
    matches!(
        event,
        EvolutionEvent::Stream {
            state: StreamState::Connected { .. },
            ..
        }
    )
}

/// Watches SHOP until its stream is connected. The namespace exists only after the
/// instance's first event (as on the real server): the first joins are refused, then a
/// warm-up message creates it.
pub async fn connected(s: &mut Setup) {
    s.listener.watch(SHOP);
    let first = next(&mut s.events).await;
    let EvolutionEvent::Stream {
        state: StreamState::Retrying { reason, .. },
        ..
    } = &first
    else {
        panic!("expected a retry before the namespace exists, got {first:?}");
    };
    assert!(reason.contains("namespace"), "{reason}");
    s.sandbox
        .control()
        .incoming(
            SHOP,
            Inject {
                from: "5511911110000".into(),
                text: "warm-up".into(),
                ..Inject::default()
            },
        )
        .unwrap();
    wait_for(&mut s.events, is_connected).await;
}

/// Status updates of `key_id` until `count` of them arrived.
pub async fn statuses_of(
    events: &mut Receiver<EvolutionEvent>,
    key_id: &str,
    count: usize,
) -> Vec<StatusUpdate> {
    let mut seen = Vec::new();
    while seen.len() < count {
        if let EvolutionEvent::StatusUpdate(update) = next(events).await {
            if update.key_id == key_id {
                seen.push(update);
            }
        }
    }
    seen
}
