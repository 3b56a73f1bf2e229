//! State shared by the routes and the control handle. Locks are held only for short
//! synchronous sections, never across an `.await`.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use super::config::{OpenAiSandboxConfig, SandboxSettings};
use super::faults::{Fault, FaultPlan};
use super::journal::{AuthUsed, Journal, LoggedRequest};
use super::reply::Reply;

/// A canned answer for the next chat request, instead of the generated one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScriptedReply {
    pub content: String,
    /// `stop`, `length` or `content_filter`.
    #[serde(default = "stop")]
    pub finish_reason: String,
}

fn stop() -> String {
    "stop".to_owned()
}

impl ScriptedReply {
    pub fn new(content: impl Into<String>) -> ScriptedReply {
        ScriptedReply {
            content: content.into(),
            finish_reason: stop(),
        }
    }
}

pub(crate) struct Shared {
    pub config: OpenAiSandboxConfig,
    settings: Mutex<SandboxSettings>,
    faults: Mutex<VecDeque<FaultPlan>>,
    replies: Mutex<VecDeque<ScriptedReply>>,
    journal: Mutex<Journal>,
    ids: AtomicU64,
    shutdown: watch::Sender<bool>,
}

/// A poisoned lock only means a handler panicked mid-update; keep serving what is there.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    pub fn new(config: OpenAiSandboxConfig) -> Shared {
        Shared {
            settings: Mutex::new(config.settings),
            config,
            faults: Mutex::default(),
            replies: Mutex::default(),
            journal: Mutex::default(),
            ids: AtomicU64::new(1),
            shutdown: watch::Sender::new(false),
        }
    }

    pub fn settings(&self) -> SandboxSettings {
        *lock(&self.settings)
    }

    pub fn set_settings(&self, settings: SandboxSettings) {
        *lock(&self.settings) = settings;
    }

    pub fn journal(&self) -> MutexGuard<'_, Journal> {
        lock(&self.journal)
    }

    pub fn push_fault(&self, plan: FaultPlan) {
        if plan.times > 0 {
            lock(&self.faults).push_back(plan);
        }
    }

    pub fn faults(&self) -> Vec<FaultPlan> {
        lock(&self.faults).iter().cloned().collect()
    }

    pub fn clear_faults(&self) {
        lock(&self.faults).clear();
    }

    /// The fault for this request, if one is queued.
    pub fn take_fault(&self) -> Option<Fault> {
        let mut faults = lock(&self.faults);
        let front = faults.front_mut()?;
        let fault = front.fault.clone();
        front.times -= 1;
        if front.times == 0 {
            faults.pop_front();
        }
        Some(fault)
    }

    pub fn push_reply(&self, reply: ScriptedReply) {
        lock(&self.replies).push_back(reply);
    }

    pub fn replies(&self) -> Vec<ScriptedReply> {
        lock(&self.replies).iter().cloned().collect()
    }

    pub fn clear_replies(&self) {
        lock(&self.replies).clear();
    }

    pub fn take_reply(&self) -> Option<ScriptedReply> {
        lock(&self.replies).pop_front()
    }

    /// `chatcmpl-sandbox-000001`…
    pub fn next_id(&self) -> String {
        format!(
            "chatcmpl-sandbox-{:06}",
            self.ids.fetch_add(1, Ordering::Relaxed)
        )
    }

    pub fn auth_used(&self, headers: &HeaderMap) -> AuthUsed {
        match bearer(headers) {
            None => AuthUsed::Missing,
            Some(key) if key == self.config.api_key => AuthUsed::Valid,
            Some(_) => AuthUsed::Wrong,
        }
    }

    /// OpenAI's 401s: no key, or the wrong one (echoed masked).
    pub fn authorize(&self, headers: &HeaderMap) -> Result<(), Reply> {
        match bearer(headers) {
            None => Err(Reply::missing_key()),
            Some(key) if key == self.config.api_key => Ok(()),
            Some(key) => Err(Reply::wrong_key(key)),
        }
    }

    /// Logs the request and counts it in flight until the guard drops.
    pub fn enter(self: &Arc<Self>, request: LoggedRequest) -> InFlight {
        let mut journal = self.journal();
        journal.requests.push(request);
        journal.in_flight += 1;
        journal.max_in_flight = journal.max_in_flight.max(journal.in_flight);
        InFlight {
            shared: self.clone(),
        }
    }

    pub fn request_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }

    /// Sleeps unless the sandbox stops first; true when the full time passed.
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

    /// Waits until the sandbox stops (the `hang` fault).
    pub async fn until_shutdown(&self) {
        let mut stopping = self.shutdown_signal();
        let _ = stopping.wait_for(|stop| *stop).await;
    }
}

/// `Authorization: Bearer <key>`; empty counts as missing.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|k| !k.is_empty())
}

/// One request being answered; dropping it ends its count in flight.
pub(crate) struct InFlight {
    shared: Arc<Shared>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut journal = self.shared.journal();
        journal.in_flight = journal.in_flight.saturating_sub(1);
    }
}
