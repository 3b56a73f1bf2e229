//! Everything the backend pushes on its own (progress and state changes of long jobs), and
//! the sink it goes to. The core knows only [`EventSink`]: the window forwards events as
//! Tauri events (`commands/events.rs`), `tip` draws a progress bar, tests collect them.
//!
//! Progress is throttled here, once, for every shell: [`Throttled`] lets a job's progress
//! through a few times a second and never drops the last one before a state change.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use ts_rs::TS;

use crate::campaign::{
    CampaignCounts, CampaignStatus, InstanceProgress, NumberCheckProgress, PauseReason,
};
use crate::compose::personalise::{RunCounts, RunStatus};
use crate::error::IpcError;
use crate::evolution::ConnectionState;

/// The one list of what the backend pushes to the UI (event name `app-event`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum AppEvent {
    /// A personalisation run answered more contacts.
    PersonaliseProgress {
        #[ts(type = "number")]
        run_id: i64,
        counts: RunCounts,
    },
    /// A personalisation run started, or stopped (done, paused by the user, or stopped by
    /// an error such as a refused key, which `error` carries).
    PersonaliseState {
        #[ts(type = "number")]
        run_id: i64,
        status: RunStatus,
        counts: RunCounts,
        error: Option<IpcError>,
    },
    /// A running campaign sent, failed or settled more messages.
    CampaignProgress {
        #[ts(type = "number")]
        campaign_id: i64,
        counts: CampaignCounts,
        instances: Vec<InstanceProgress>,
        /// Estimated end of sending (UTC, RFC 3339).
        estimated_finish: Option<String>,
    },
    /// A campaign started, paused (by the user, its window, its caps, or a problem that
    /// `error` or the pause reason explains), finished or was cancelled.
    CampaignState {
        #[ts(type = "number")]
        campaign_id: i64,
        status: CampaignStatus,
        pause_reason: Option<PauseReason>,
        counts: CampaignCounts,
        error: Option<IpcError>,
    },
    /// The paced WhatsApp number checks of a campaign's pre-flight moved on.
    NumberCheckProgress {
        #[ts(type = "number")]
        campaign_id: i64,
        progress: NumberCheckProgress,
    },
    /// Receipts or replies arrived for a campaign (`None`: replies to no campaign), or a
    /// number's consent changed: history screens refetch.
    HistoryChanged {
        #[ts(type = "number | null")]
        campaign_id: Option<i64>,
        consent_changed: bool,
    },
    /// An instance's WhatsApp link changed, as its live event stream reported it (the
    /// Instances screen refetches; `statusReason` 401 is a logout, 403 a ban…).
    InstanceState {
        instance: String,
        state: ConnectionState,
        status_reason: Option<u16>,
    },
}

impl AppEvent {
    /// The job a progress event belongs to; `None` for state changes, which always pass.
    fn progress_of(&self) -> Option<JobKey> {
        match self {
            AppEvent::PersonaliseProgress { run_id, .. } => Some(JobKey::Personalise(*run_id)),
            AppEvent::CampaignProgress { campaign_id, .. } => Some(JobKey::Campaign(*campaign_id)),
            AppEvent::NumberCheckProgress { campaign_id, .. } => {
                Some(JobKey::NumberCheck(*campaign_id))
            }
            // A consent change always shows; receipts are throttled like progress.
            AppEvent::HistoryChanged {
                consent_changed: true,
                ..
            } => None,
            AppEvent::HistoryChanged { campaign_id, .. } => {
                Some(JobKey::History(campaign_id.unwrap_or(0)))
            }
            AppEvent::PersonaliseState { .. }
            | AppEvent::CampaignState { .. }
            | AppEvent::InstanceState { .. } => None,
        }
    }

    /// The job whose held-back progress must go out before this event.
    fn job(&self) -> Option<JobKey> {
        Some(match self {
            AppEvent::PersonaliseProgress { run_id, .. }
            | AppEvent::PersonaliseState { run_id, .. } => JobKey::Personalise(*run_id),
            AppEvent::CampaignProgress { campaign_id, .. }
            | AppEvent::CampaignState { campaign_id, .. } => JobKey::Campaign(*campaign_id),
            AppEvent::NumberCheckProgress { campaign_id, .. } => JobKey::NumberCheck(*campaign_id),
            AppEvent::HistoryChanged { campaign_id, .. } => {
                JobKey::History(campaign_id.unwrap_or(0))
            }
            AppEvent::InstanceState { .. } => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum JobKey {
    Personalise(i64),
    Campaign(i64),
    NumberCheck(i64),
    History(i64),
}

/// Where the core sends events. Implementations must not block.
pub trait EventSink: Send + Sync + std::fmt::Debug {
    fn emit(&self, event: AppEvent);
}

/// Drops every event: for one-shot CLI commands and tests that do not look at events.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoEvents;

impl EventSink for NoEvents {
    fn emit(&self, _event: AppEvent) {}
}

/// Keeps every event, for tests.
#[derive(Debug, Default, Clone)]
pub struct CollectedEvents(Arc<Mutex<Vec<AppEvent>>>);

impl CollectedEvents {
    pub fn take(&self) -> Vec<AppEvent> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl EventSink for CollectedEvents {
    fn emit(&self, event: AppEvent) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(event);
    }
}

/// The clock the throttle reads; tests pass their own.
pub type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

/// Lets each job's progress through at most once per `gap`; a held-back progress event is
/// sent before the job's next state change, so the UI always ends on the true counts.
pub struct Throttled<S> {
    inner: S,
    gap: Duration,
    clock: Clock,
    jobs: Mutex<HashMap<JobKey, Gate>>,
}

#[derive(Default)]
struct Gate {
    last_sent: Option<Instant>,
    held: Option<AppEvent>,
}

/// A few updates per second: smooth for a progress bar, cheap for the webview.
pub const PROGRESS_GAP: Duration = Duration::from_millis(250);

impl<S: EventSink> Throttled<S> {
    pub fn new(inner: S) -> Self {
        Self::with_clock(inner, PROGRESS_GAP, Arc::new(Instant::now))
    }

    pub fn with_clock(inner: S, gap: Duration, clock: Clock) -> Self {
        Self {
            inner,
            gap,
            clock,
            jobs: Mutex::new(HashMap::new()),
        }
    }
}

impl<S> std::fmt::Debug for Throttled<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Throttled").field("gap", &self.gap).finish()
    }
}

impl<S: EventSink> EventSink for Throttled<S> {
    fn emit(&self, event: AppEvent) {
        let now = (self.clock)();
        let mut jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::with_capacity(2);
        match event.progress_of() {
            Some(key) => {
                let gate = jobs.entry(key).or_default();
                let due = gate
                    .last_sent
                    .is_none_or(|at| now.saturating_duration_since(at) >= self.gap);
                if due {
                    gate.last_sent = Some(now);
                    gate.held = None;
                    out.push(event);
                } else {
                    gate.held = Some(event);
                }
            }
            None => {
                // A state change ends a phase: flush what was held, and let the next
                // progress through at once.
                if let Some(gate) = event.job().and_then(|key| jobs.remove(&key)) {
                    out.extend(gate.held);
                }
                out.push(event);
            }
        }
        drop(jobs);
        for event in out {
            self.inner.emit(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(done: u64) -> RunCounts {
        RunCounts {
            total: 10,
            pending: 10 - done,
            done,
            ..RunCounts::default()
        }
    }

    fn progress(run_id: i64, done: u64) -> AppEvent {
        AppEvent::PersonaliseProgress {
            run_id,
            counts: counts(done),
        }
    }

    #[test]
    fn progress_is_throttled_per_job_and_the_last_one_is_never_lost() {
        let start = Instant::now();
        let now = Arc::new(Mutex::new(start));
        let clock_now = now.clone();
        let collected = CollectedEvents::default();
        let sink = Throttled::with_clock(
            collected.clone(),
            Duration::from_millis(250),
            Arc::new(move || *clock_now.lock().unwrap()),
        );
        let at = |ms: u64| *now.lock().unwrap() = start + Duration::from_millis(ms);

        at(0);
        sink.emit(progress(1, 1)); // first: sent
        at(100);
        sink.emit(progress(1, 2)); // held
        sink.emit(progress(2, 1)); // another job: sent
        at(200);
        sink.emit(progress(1, 3)); // held, replaces 2
        at(260);
        sink.emit(progress(1, 4)); // due: sent
        at(300);
        sink.emit(progress(1, 5)); // held
        sink.emit(AppEvent::PersonaliseState {
            run_id: 1,
            status: RunStatus::Completed,
            counts: counts(5),
            error: None,
        });
        let got = collected.take();
        let summary: Vec<(i64, Option<u64>)> = got
            .iter()
            .map(|e| match e {
                AppEvent::PersonaliseProgress { run_id, counts } => (*run_id, Some(counts.done)),
                AppEvent::PersonaliseState { run_id, .. } => (*run_id, None),
                other => panic!("unexpected event {other:?}"),
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (1, Some(1)),
                (2, Some(1)),
                (1, Some(4)),
                (1, Some(5)),
                (1, None)
            ]
        );
    }

    #[test]
    fn events_serialise_with_a_kind_tag_and_camel_case_fields() {
        let json = serde_json::to_value(progress(7, 2)).unwrap();
        assert_eq!(json["kind"], "personaliseProgress");
        assert_eq!(json["runId"], 7);
        assert_eq!(json["counts"]["done"], 2);
    }
}
