//! A personalisation run as a background job of the core: it keeps going when its screen
//! is left, reports through the event sink, and is paused by name. The screen reloads the
//! run's state when it mounts and follows the events from there.

use crate::compose::personalise::{self, RunOptions, RunStatus, RunView};
use crate::error::{AppError, IpcError};
use crate::events::AppEvent;

use super::Core;

/// Requests in flight at once when the caller does not say.
pub const DEFAULT_CONCURRENCY: u32 = 4;
/// Many providers' lowest rate tiers allow few parallel requests; more gains nothing.
pub const MAX_CONCURRENCY: u32 = 16;

fn job_id(run_id: i64) -> String {
    format!("personalise:{run_id}")
}

impl Core {
    /// Starts (or resumes) a run in the background and returns at once. A run already
    /// going is left alone. Problems known before the first request (no key, a run already
    /// approved) are returned here; later ones arrive as a `PersonaliseState` event.
    pub async fn personalise_start(
        &self,
        run_id: i64,
        concurrency: Option<u32>,
    ) -> Result<RunView, AppError> {
        let db = self.db()?.clone();
        let mut view = personalise::get(&db, run_id).await?;
        if view.status == RunStatus::Approved {
            return Err(crate::compose::ComposeError::RunApproved(run_id).into());
        }
        let client = self.ai().await?;
        let job = job_id(run_id);
        let Some(cancel) = self.jobs().start_unique(&job) else {
            view.status = RunStatus::Running;
            return Ok(view);
        };
        let options = RunOptions {
            concurrency: concurrency
                .unwrap_or(DEFAULT_CONCURRENCY)
                .clamp(1, MAX_CONCURRENCY) as usize,
            ..RunOptions::default()
        };
        let core = self.clone();
        tokio::spawn(async move {
            let result = personalise::run(&db, run_id, &client, options, &cancel, |p| {
                core.emit(AppEvent::PersonaliseProgress {
                    run_id: p.run_id,
                    counts: p.counts,
                });
            })
            .await;
            let error = result.err().map(|e| IpcError::from(AppError::from(e)));
            let state = personalise::get(&db, run_id).await;
            // Out of the registry only now, and with no await before the last event: whoever
            // sees the run stopped has its final state already, and whoever gets that
            // state can resume the run at once.
            core.jobs().end(&job);
            match state {
                Ok(view) => core.emit(AppEvent::PersonaliseState {
                    run_id,
                    status: view.status,
                    counts: view.counts,
                    error,
                }),
                Err(e) => {
                    tracing::error!(run_id, error = %e, "run state unreadable after it stopped")
                }
            }
        });
        view.status = RunStatus::Running;
        Ok(view)
    }

    /// Pauses a run: answers in flight are kept, the rest stay pending. False when the run
    /// was not going.
    pub fn personalise_pause(&self, run_id: i64) -> bool {
        self.jobs().cancel(&job_id(run_id))
    }

    pub fn personalise_is_running(&self, run_id: i64) -> bool {
        self.jobs().is_running(&job_id(run_id))
    }
}
