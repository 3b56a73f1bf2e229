//! State shared by the routes and the control handle. Locks are plain mutexes held only
//! for short synchronous sections, never across an `.await`.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::http::HeaderMap;
use tokio::sync::watch;

use super::clock::Now;
use super::config::SandboxConfig;
use super::faults::{FaultDice, FaultSet, Faults};
use super::journal::{ApiKeyUsed, Journal};
use super::socket::{Hub, Outgoing};
use super::state::Registry;

pub(crate) struct Shared {
    pub config: SandboxConfig,
    /// Base URL, for `GET /`'s `manager` link and the licence body.
    pub base_url: String,
    registry: Mutex<Registry>,
    journal: Mutex<Journal>,
    /// A watch so hung requests notice when `hang` is cleared.
    faults: watch::Sender<FaultSet>,
    dice: Mutex<FaultDice>,
    shutdown: watch::Sender<bool>,
    /// socket.io: the server and the queue of events to emit (`socket/`).
    pub hub: Hub,
}

/// A poisoned lock only means a handler panicked mid-update; the sandbox keeps serving
/// what is there rather than failing every later request.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    pub fn new(config: SandboxConfig, base_url: String) -> Shared {
        Shared {
            base_url,
            registry: Mutex::default(),
            journal: Mutex::new(Journal::new(config.request_log_limit)),
            faults: watch::Sender::new(FaultSet::default()),
            dice: Mutex::default(),
            shutdown: watch::Sender::new(false),
            hub: Hub::new(),
            config,
        }
    }

    /// The instances, with due transitions applied.
    pub fn registry(&self, now: &Now) -> MutexGuard<'_, Registry> {
        let mut registry = lock(&self.registry);
        registry.settle(now, &self.config);
        registry
    }

    pub fn journal(&self) -> MutexGuard<'_, Journal> {
        lock(&self.journal)
    }

    /// The global faults.
    pub fn faults(&self) -> Faults {
        self.faults.borrow().global.clone()
    }

    /// The faults that apply to a request for `instance` (None: no instance in the route).
    pub fn faults_for(&self, instance: Option<&str>) -> Faults {
        self.faults.borrow().for_instance(instance).clone()
    }

    pub fn watch_faults(&self) -> watch::Receiver<FaultSet> {
        self.faults.subscribe()
    }

    pub fn set_faults(&self, faults: Faults) {
        lock(&self.dice).reset();
        let drop = faults.drop_sockets;
        self.faults.send_modify(|set| set.global = faults);
        if drop {
            self.hub.send(Outgoing::DropSockets { instances: None });
        }
    }

    /// Some: the instance's own faults replace the global ones; None: back to the global.
    pub fn set_instance_faults(&self, instance: &str, faults: Option<Faults>) {
        lock(&self.dice).reset();
        if faults.as_ref().is_some_and(|f| f.drop_sockets) {
            self.hub.send(Outgoing::DropSockets {
                instances: Some(vec![instance.to_owned()]),
            });
        }
        self.faults.send_modify(|set| match faults {
            Some(faults) => {
                set.instances.insert(instance.to_owned(), faults);
            }
            None => {
                set.instances.remove(instance);
            }
        });
    }

    /// The seeded draw behind the fault rates (server errors, new-contact refusals).
    pub fn roll(&self, rate: f64) -> bool {
        lock(&self.dice).fails(rate)
    }

    pub fn request_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }

    /// Sleeps, unless the sandbox stops first. True when the full time passed.
    pub async fn sleep(&self, duration: Duration) -> bool {
        if duration.is_zero() {
            return true;
        }
        let mut stopping = self.shutdown_signal();
        tokio::select! {
            () = tokio::time::sleep(duration) => true,
            _ = stopping.wait_for(|stop| *stop) => false,
        }
    }

    /// Which kind of key the request carried (for the request log).
    pub fn classify_key(&self, headers: &HeaderMap, now: &Now) -> ApiKeyUsed {
        match api_key(headers) {
            None => ApiKeyUsed::Missing,
            Some(key) if key == self.config.global_key => ApiKeyUsed::Global,
            Some(key) if self.registry(now).holds_token(key) => ApiKeyUsed::Token,
            Some(_) => ApiKeyUsed::Wrong,
        }
    }
}

/// The `apikey` header; empty counts as missing, as in JavaScript's `if (!key)`.
pub(crate) fn api_key(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("apikey")
        .and_then(|v| v.to_str().ok())
        .filter(|k| !k.is_empty())
}
