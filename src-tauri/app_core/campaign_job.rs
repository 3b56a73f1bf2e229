//! Campaigns as background jobs of the core: created, checked and started from the
//! window or `tip`, sent by the engine in the background, paused, resumed, cancelled, and
//! recovered after a crash. The engine runs only while this process holds the campaign's
//! lock file, so the window and `tip` never send the same campaign at once.

use jiff::Timestamp;

use crate::campaign::clock::{self, Clock};
use crate::campaign::engine::{self, EngineOptions, RunEnd};
use crate::campaign::lock::CampaignLock;
use crate::campaign::numbers::{self, CheckPace};
use crate::campaign::preflight::{self, SCHEDULE_GRACE};
use crate::campaign::{
    create, journal, store, AttentionChoice, CampaignDraft, CampaignError, CampaignStatus,
    CampaignView, PauseReason, Preflight, RecipientPage, RecipientQuery, TestSendOutcome,
};
use crate::error::{AppError, IpcError};
use crate::events::AppEvent;

use super::Core;

fn job_id(campaign_id: i64) -> String {
    format!("campaign:{campaign_id}")
}

fn check_job_id(campaign_id: i64) -> String {
    format!("numbers:{campaign_id}")
}

/// What `tip` and tests may change about how the engine runs.
#[derive(Debug, Clone, Default)]
pub struct CampaignRunOptions {
    /// Replaces the engine's defaults (clock, settle time…).
    pub engine: Option<EngineOptions>,
}

/// A number the user typed for the test send: digits, with Brazil's code when it has
/// none (the users are Brazilian).
fn test_number(raw: &str) -> Result<String, CampaignError> {
    let digits = crate::evolution::digits(raw);
    let digits = if (10..=11).contains(&digits.len()) {
        format!("55{digits}")
    } else {
        digits
    };
    if (12..=15).contains(&digits.len()) {
        Ok(digits)
    } else {
        Err(CampaignError::InvalidTestNumber(raw.to_owned()))
    }
}

/// Whether the address is this computer (unpaced sending is for local sandboxes only).
fn is_loopback(url: &str) -> bool {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.host().map(|h| match h {
                url::Host::Domain(d) => d == "localhost",
                url::Host::Ipv4(ip) => ip.is_loopback(),
                url::Host::Ipv6(ip) => ip.is_loopback(),
            })
        })
        .unwrap_or(false)
}

impl Core {
    pub async fn campaign_list(&self) -> Result<Vec<CampaignView>, AppError> {
        let db = self.db()?;
        let mut out = Vec::new();
        for id in store::ids(db).await? {
            if let Some(view) = store::view(db, id).await? {
                out.push(view);
            }
        }
        Ok(out)
    }

    pub async fn campaign_get(&self, campaign_id: i64) -> Result<CampaignView, AppError> {
        Ok(store::view(self.db()?, campaign_id)
            .await?
            .ok_or(CampaignError::NotFound(campaign_id))?)
    }

    pub async fn campaign_create(&self, draft: &CampaignDraft) -> Result<CampaignView, AppError> {
        let db = self.db()?;
        draft
            .pacing
            .validate()
            .map_err(|e| CampaignError::InvalidPacing(e.to_string()))?;
        let (id, recipients) = create::create(db, draft, Timestamp::now()).await?;
        tracing::info!(campaign_id = id, recipients, "campaign created");
        self.campaign_get(id).await
    }

    pub async fn campaign_delete(&self, campaign_id: i64) -> Result<(), AppError> {
        let view = self.campaign_get(campaign_id).await?;
        let never_sent = view.counts.sent + view.counts.in_flight + view.counts.unknown == 0
            && view.counts.failed == 0;
        if !matches!(
            view.status,
            CampaignStatus::Draft | CampaignStatus::Scheduled
        ) && !never_sent
        {
            return Err(CampaignError::WrongStatus {
                status: view.status,
                action: "delete",
            }
            .into());
        }
        self.jobs().cancel(&check_job_id(campaign_id));
        store::delete(self.db()?, campaign_id).await?;
        Ok(())
    }

    pub async fn campaign_preflight(&self, campaign_id: i64) -> Result<Preflight, AppError> {
        let view = self.campaign_get(campaign_id).await?;
        let client = self.evolution().await?;
        let mut states = Vec::new();
        for i in &view.instances {
            let state = client.connection_state(&i.name).await.ok();
            if state == Some(crate::evolution::ConnectionState::Open) {
                journal::note_seen_open(self.db()?, &i.name, &clock::to_db(Timestamp::now()))
                    .await?;
            }
            states.push((i.name.clone(), state));
        }
        let mut report = preflight::report(
            self.db()?,
            &view,
            &states,
            client.base_url(),
            Timestamp::now(),
        )
        .await?;
        report.number_check.running = self.jobs().is_running(&check_job_id(campaign_id));
        Ok(report)
    }

    /// Starts the paced number checks in the background (a no-op when they run).
    pub async fn campaign_check_numbers(&self, campaign_id: i64) -> Result<Preflight, AppError> {
        self.campaign_check_numbers_paced(campaign_id, CheckPace::default())
            .await
    }

    pub async fn campaign_check_numbers_paced(
        &self,
        campaign_id: i64,
        pace: CheckPace,
    ) -> Result<Preflight, AppError> {
        let view = self.campaign_get(campaign_id).await?;
        let client = self.evolution().await?;
        let job = check_job_id(campaign_id);
        if let Some(stop) = self.jobs().start_unique(&job) {
            let core = self.clone();
            let db = self.db()?.clone();
            let instances: Vec<String> = view.instances.iter().map(|i| i.name.clone()).collect();
            tokio::spawn(async move {
                let result = numbers::check_all(
                    &db,
                    &client,
                    campaign_id,
                    &instances,
                    &Clock::System,
                    pace,
                    &stop,
                    |progress| {
                        core.emit(AppEvent::NumberCheckProgress {
                            campaign_id,
                            progress,
                        })
                    },
                )
                .await;
                core.jobs().end(&job);
                match result {
                    Ok(progress) => core.emit(AppEvent::NumberCheckProgress {
                        campaign_id,
                        progress,
                    }),
                    Err(e) => tracing::warn!(campaign_id, error = %e, "number checks stopped"),
                }
            });
        }
        self.campaign_preflight(campaign_id).await
    }

    /// Sends the campaign's first text to the user's own number, outside the journal.
    pub async fn campaign_test_send(
        &self,
        campaign_id: i64,
        number: &str,
        instance: Option<&str>,
    ) -> Result<TestSendOutcome, AppError> {
        let view = self.campaign_get(campaign_id).await?;
        let to = test_number(number)?;
        let instance = match instance {
            Some(i) => i.to_owned(),
            None => view
                .instances
                .first()
                .map(|i| i.name.clone())
                .ok_or(CampaignError::NoInstances)?,
        };
        let text: Option<String> = sqlx::query_scalar(
            "SELECT text FROM campaign_recipients WHERE campaign_id = ? AND text IS NOT NULL
              AND verdict IN ('ready', 'unchecked') ORDER BY position LIMIT 1",
        )
        .bind(campaign_id)
        .fetch_optional(self.db()?.pool())
        .await
        .map_err(crate::storage::StorageError::from_sqlx)?;
        let text = text.ok_or(CampaignError::NothingToSend)?;
        let client = self.evolution().await?;
        let sent = client.send_text(&instance, &to, &text, None).await?;
        Ok(TestSendOutcome {
            instance,
            to,
            message_id: sent.key.id,
            text,
        })
    }

    /// Starts now, or schedules for `at` (RFC 3339).
    pub async fn campaign_start(
        &self,
        campaign_id: i64,
        at: Option<&str>,
    ) -> Result<CampaignView, AppError> {
        self.campaign_start_with(campaign_id, at, CampaignRunOptions::default())
            .await
    }

    pub async fn campaign_start_with(
        &self,
        campaign_id: i64,
        at: Option<&str>,
        options: CampaignRunOptions,
    ) -> Result<CampaignView, AppError> {
        let view = self.campaign_get(campaign_id).await?;
        if self.jobs().is_running(&job_id(campaign_id)) {
            return Ok(view);
        }
        if view.status.is_final() {
            return Err(CampaignError::WrongStatus {
                status: view.status,
                action: "start",
            }
            .into());
        }
        let db = self.db()?;
        if let Some(at) = at {
            let when =
                clock::parse(at).ok_or_else(|| CampaignError::InvalidSchedule(at.to_owned()))?;
            if when > Timestamp::now() {
                let now = clock::to_db(Timestamp::now());
                store::set_schedule(db, campaign_id, Some(&clock::to_db(when))).await?;
                store::set_status(
                    db,
                    campaign_id,
                    &[],
                    CampaignStatus::Scheduled,
                    None,
                    None,
                    &now,
                )
                .await?;
                let view = self.campaign_get(campaign_id).await?;
                self.emit_state(&view, None);
                return Ok(view);
            }
        }
        self.spawn_run(campaign_id, options).await
    }

    pub async fn campaign_resume(&self, campaign_id: i64) -> Result<CampaignView, AppError> {
        self.campaign_start(campaign_id, None).await
    }

    /// Pauses: the message being sent finishes, nothing more goes out.
    pub async fn campaign_pause(&self, campaign_id: i64) -> Result<CampaignView, AppError> {
        let view = self.campaign_get(campaign_id).await?;
        if view.status.is_final() {
            return Err(CampaignError::WrongStatus {
                status: view.status,
                action: "pause",
            }
            .into());
        }
        let now = clock::to_db(Timestamp::now());
        store::set_status(
            self.db()?,
            campaign_id,
            &[
                CampaignStatus::Running,
                CampaignStatus::Scheduled,
                CampaignStatus::Interrupted,
                CampaignStatus::Paused,
            ],
            CampaignStatus::Paused,
            Some((PauseReason::User, None)),
            None,
            &now,
        )
        .await?;
        self.jobs().cancel(&job_id(campaign_id));
        let view = self.campaign_get(campaign_id).await?;
        if !self.jobs().is_running(&job_id(campaign_id)) {
            self.emit_state(&view, None);
        }
        Ok(view)
    }

    /// Cancels: nothing more is sent; what was sent stays in the history.
    pub async fn campaign_cancel(&self, campaign_id: i64) -> Result<CampaignView, AppError> {
        let view = self.campaign_get(campaign_id).await?;
        if view.status.is_final() {
            return Ok(view);
        }
        let now = clock::to_db(Timestamp::now());
        store::set_status(
            self.db()?,
            campaign_id,
            &[],
            CampaignStatus::Cancelled,
            None,
            None,
            &now,
        )
        .await?;
        self.jobs().cancel(&job_id(campaign_id));
        self.jobs().cancel(&check_job_id(campaign_id));
        let view = self.campaign_get(campaign_id).await?;
        if !self.jobs().is_running(&job_id(campaign_id)) {
            self.emit_state(&view, None);
        }
        Ok(view)
    }

    /// Failed recipients whose reason may pass go back to the queue, and sending resumes.
    pub async fn campaign_retry_failed(&self, campaign_id: i64) -> Result<CampaignView, AppError> {
        let view = self.campaign_get(campaign_id).await?;
        if view.status == CampaignStatus::Cancelled {
            return Err(CampaignError::WrongStatus {
                status: view.status,
                action: "retry",
            }
            .into());
        }
        let now = clock::to_db(Timestamp::now());
        let n = journal::retry_failed(self.db()?, campaign_id, &now).await?;
        if n > 0 && view.status == CampaignStatus::Completed {
            store::set_status(
                self.db()?,
                campaign_id,
                &[CampaignStatus::Completed],
                CampaignStatus::Paused,
                Some((PauseReason::User, None)),
                None,
                &now,
            )
            .await?;
        }
        if n > 0 && view.status != CampaignStatus::Draft {
            return self
                .spawn_run(campaign_id, CampaignRunOptions::default())
                .await;
        }
        self.campaign_get(campaign_id).await
    }

    pub async fn campaign_recipients(
        &self,
        campaign_id: i64,
        query: &RecipientQuery,
    ) -> Result<RecipientPage, AppError> {
        Ok(store::recipients(self.db()?, campaign_id, query).await?)
    }

    /// The user's choice on "needs attention" rows; sending continues when it can.
    pub async fn campaign_resolve(
        &self,
        campaign_id: i64,
        positions: &[u32],
        choice: AttentionChoice,
    ) -> Result<CampaignView, AppError> {
        let db = self.db()?;
        let now = clock::to_db(Timestamp::now());
        match choice {
            AttentionChoice::MarkSent => {
                journal::attention_mark_sent(db, campaign_id, positions, &now).await?
            }
            AttentionChoice::Resend => {
                journal::attention_resend(db, campaign_id, positions, &now).await?
            }
        };
        let view = self.campaign_get(campaign_id).await?;
        if self.jobs().is_running(&job_id(campaign_id)) {
            return Ok(view);
        }
        if view.status == CampaignStatus::Paused
            && view.pause_reason == Some(PauseReason::NeedsAttention)
        {
            // Decided from the journal itself, not the screen's kept counts.
            if journal::counts(db, campaign_id).await?.is_settled() {
                store::set_status(
                    db,
                    campaign_id,
                    &[CampaignStatus::Paused],
                    CampaignStatus::Completed,
                    None,
                    None,
                    &now,
                )
                .await?;
                let view = self.campaign_get(campaign_id).await?;
                self.emit_state(&view, None);
                return Ok(view);
            }
            if view.counts.pending > 0 {
                return self
                    .spawn_run(campaign_id, CampaignRunOptions::default())
                    .await;
            }
        }
        Ok(view)
    }

    pub fn campaign_is_running(&self, campaign_id: i64) -> bool {
        self.jobs().is_running(&job_id(campaign_id))
    }

    /// Campaigns this process is sending now.
    pub async fn campaigns_running(&self) -> Result<Vec<i64>, AppError> {
        let ids = store::ids_with_status(self.db()?, CampaignStatus::Running).await?;
        Ok(ids
            .into_iter()
            .filter(|id| self.campaign_is_running(*id))
            .collect())
    }

    /// At start-up: campaigns left `running` by a process that died become interrupted,
    /// with their journal rewound (claimed → pending, sending → unknown). Campaigns another
    /// live process is sending (it holds the lock) are left alone. A schedule missed by
    /// more than a few minutes while the computer was off waits for the user.
    pub async fn campaigns_recover(&self) -> Result<Vec<i64>, AppError> {
        let db = self.db()?;
        let now = Timestamp::now();
        let mut interrupted = Vec::new();
        for id in store::ids_with_status(db, CampaignStatus::Running).await? {
            if self.campaign_is_running(id) {
                continue;
            }
            let Some(_lock) = CampaignLock::try_acquire(&self.paths().data_dir, id)? else {
                continue;
            };
            let unknown = engine::recover(db, id, now).await?;
            tracing::warn!(
                campaign_id = id,
                unknown,
                "campaign interrupted by a stop of the app; recovered"
            );
            interrupted.push(id);
        }
        for id in store::ids_with_status(db, CampaignStatus::Scheduled).await? {
            let view = self.campaign_get(id).await?;
            let due = view.scheduled_at.as_deref().and_then(clock::parse);
            if due.is_some_and(|d| d.saturating_add(SCHEDULE_GRACE).unwrap_or(d) < now) {
                store::set_status(
                    db,
                    id,
                    &[CampaignStatus::Scheduled],
                    CampaignStatus::Paused,
                    Some((PauseReason::MissedSchedule, None)),
                    None,
                    &clock::to_db(now),
                )
                .await?;
            }
        }
        Ok(interrupted)
    }

    /// Starts what is due: scheduled campaigns whose time came, campaigns paused by their
    /// window or caps whose resume time came, and (`include_interrupted`) campaigns a
    /// crash interrupted. Returns the campaigns started.
    pub async fn campaigns_start_due(
        &self,
        include_interrupted: bool,
    ) -> Result<Vec<i64>, AppError> {
        let db = self.db()?;
        let now = Timestamp::now();
        let mut started = Vec::new();
        for id in store::ids(db).await? {
            if self.campaign_is_running(id) {
                continue;
            }
            let Some(view) = store::view(db, id).await? else {
                continue;
            };
            let due = match view.status {
                CampaignStatus::Scheduled => view
                    .scheduled_at
                    .as_deref()
                    .and_then(clock::parse)
                    .is_some_and(|t| t <= now),
                CampaignStatus::Paused => {
                    matches!(
                        view.pause_reason,
                        Some(PauseReason::WindowClosed | PauseReason::CapReached)
                    ) && view
                        .resume_at
                        .as_deref()
                        .and_then(clock::parse)
                        .is_some_and(|t| t <= now)
                }
                CampaignStatus::Interrupted => include_interrupted,
                _ => false,
            };
            if due {
                match self.spawn_run(id, CampaignRunOptions::default()).await {
                    Ok(_) => started.push(id),
                    Err(e) => {
                        tracing::warn!(campaign_id = id, error = %e, "due campaign could not start")
                    }
                }
            }
        }
        Ok(started)
    }

    /// The window's scheduler: every half minute, starts what is due.
    pub fn campaigns_schedule_forever(&self) {
        let core = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = core.campaigns_start_due(false).await {
                    tracing::warn!(error = %e, "campaign scheduler");
                }
                // Ends with the profile, so a closed profile never starts a campaign.
                tokio::select! {
                    () = tokio::time::sleep(std::time::Duration::from_secs(30)) => {}
                    () = core.closed() => return,
                }
            }
        });
    }

    fn emit_state(&self, view: &CampaignView, error: Option<IpcError>) {
        self.emit(AppEvent::CampaignState {
            campaign_id: view.id,
            status: view.status,
            pause_reason: view.pause_reason,
            counts: view.counts,
            error,
        });
    }

    /// Takes the lock, rewinds the journal, marks the campaign running and sends it in
    /// the background; returns at once.
    async fn spawn_run(
        &self,
        campaign_id: i64,
        options: CampaignRunOptions,
    ) -> Result<CampaignView, AppError> {
        let job = job_id(campaign_id);
        if self.jobs().is_running(&job) {
            return self.campaign_get(campaign_id).await;
        }
        let db = self.db()?.clone();
        let lock = CampaignLock::try_acquire(&self.paths().data_dir, campaign_id)?
            .ok_or(CampaignError::RunningElsewhere)?;
        let client = self.evolution().await?;
        let mut engine_options = options.engine.unwrap_or_else(EngineOptions::from_env);
        engine_options.loopback = is_loopback(client.base_url());
        engine_options.live = self.0.live.clone();
        let view = self.campaign_get(campaign_id).await?;
        if view.pacing.preset.is_unpaced() && !engine_options.loopback {
            return Err(CampaignError::UnpacedRefused.into());
        }
        let Some(stop) = self.jobs().start_unique(&job) else {
            return self.campaign_get(campaign_id).await;
        };
        let now = clock::to_db(engine_options.clock.now());
        // Safe while holding the lock: no engine anywhere is moving these rows.
        journal::recover_rows(&db, campaign_id, &now).await?;
        store::instances_rejoin(&db, campaign_id).await?;
        store::set_status(
            &db,
            campaign_id,
            &[],
            CampaignStatus::Running,
            None,
            None,
            &now,
        )
        .await?;
        let view = self.campaign_get(campaign_id).await?;
        self.emit_state(&view, None);
        let core = self.clone();
        let events = self.events();
        tokio::spawn(async move {
            let end = engine::run(
                &db,
                &client,
                events,
                campaign_id,
                stop,
                engine_options.clone(),
            )
            .await;
            let now = clock::to_db(engine_options.clock.now());
            let error = match end {
                Ok(RunEnd::Completed) => {
                    let _ = store::set_status(
                        &db,
                        campaign_id,
                        &[CampaignStatus::Running],
                        CampaignStatus::Completed,
                        None,
                        None,
                        &now,
                    )
                    .await;
                    None
                }
                Ok(RunEnd::Stopped) => None,
                Ok(RunEnd::Paused {
                    reason,
                    detail,
                    resume_at,
                }) => {
                    let resume = resume_at.map(clock::to_db);
                    let _ = store::set_status(
                        &db,
                        campaign_id,
                        &[CampaignStatus::Running],
                        CampaignStatus::Paused,
                        Some((reason, detail.as_deref())),
                        resume.as_deref(),
                        &now,
                    )
                    .await;
                    None
                }
                Err(e) => {
                    let _ = store::set_status(
                        &db,
                        campaign_id,
                        &[CampaignStatus::Running],
                        CampaignStatus::Paused,
                        Some((PauseReason::Server, Some(&e.to_string()))),
                        None,
                        &now,
                    )
                    .await;
                    Some(IpcError::from(AppError::from(e)))
                }
            };
            drop(lock);
            let state = core.campaign_get(campaign_id).await;
            // As for a personalisation run: the final state is read before the job leaves
            // the registry and sent with no await after it.
            core.jobs().end(&job_id(campaign_id));
            match state {
                Ok(view) => {
                    tracing::info!(
                        campaign_id,
                        status = view.status.as_str(),
                        sent = view.counts.sent,
                        "campaign run ended"
                    );
                    core.emit_state(&view, error);
                }
                Err(e) => {
                    tracing::error!(campaign_id, error = %e, "campaign unreadable after its run")
                }
            }
        });
        Ok(view)
    }
}
