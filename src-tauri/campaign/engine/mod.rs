//! The engine that sends one campaign: one worker per instance pulls recipients from the
//! journal at its own pace (so the rotation is weighted by each number's pacing and
//! health), a reconciler looks up every `unknown` outcome on the server before anything is
//! resent, and a ticker reports progress. It ends when nothing is left to send, when the
//! user stops it, or with a reason to pause (window closed, caps reached, no instance
//! left, server refusing).
//!
//! The caller holds the campaign's [`CampaignLock`](super::lock::CampaignLock) and has
//! recovered the journal (`journal::recover_rows`), so no other engine touches the rows.

mod outcome;
mod reconcile;
mod shared;
mod worker;

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::SeedableRng;

use crate::ai::CancelToken;
use crate::events::EventSink;
use crate::evolution::EvolutionClient;
use crate::evolution_events::LiveStates;
use crate::storage::Db;

use super::clock::{self, Clock};
use super::error::CampaignError;
use super::journal;
use super::model::{CampaignStatus, PauseReason};
use super::pacing::{InstancePacer, SendHistory, ValidPacing};
use super::store;

pub use outcome::{classify, Failure};
pub use shared::LoadedMedia;

use shared::Shared;
use worker::WorkerEnd;

/// How the engine runs; tests shorten the waits and inject the clock.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    pub clock: Clock,
    /// An unknown outcome is looked up only once this long has passed since its intent:
    /// a slow server may still be sending it, and must have stored it by then.
    pub settle_after: SignedDuration,
    /// How often the reconciler and idle workers look again.
    pub poll_every: SignedDuration,
    /// How often progress is reported.
    pub progress_every: SignedDuration,
    /// Seeds the pacing draws (random gaps are fixed by it in tests).
    pub seed: Option<u64>,
    /// Whether the server is on this computer (unpaced sending is allowed only then).
    pub loopback: bool,
    /// Link states from the instances' live event streams: a number whose session closes
    /// leaves at once, and a reconnect is awaited without polling. Empty (nothing live):
    /// the workers poll `connectionState` as before.
    pub live: LiveStates,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            clock: Clock::System,
            settle_after: SignedDuration::from_secs(120),
            poll_every: SignedDuration::from_secs(2),
            progress_every: SignedDuration::from_millis(500),
            seed: None,
            loopback: false,
            live: LiveStates::default(),
        }
    }
}

/// Shortens the settle time for window tests (`WHATS_TIP_SETTLE_SECS`): a lookup of an
/// unknown outcome then waits that many seconds, and polls every 200 ms. Real servers need
/// the default.
pub const SETTLE_ENV: &str = "WHATS_TIP_SETTLE_SECS";

impl EngineOptions {
    /// The defaults, or the test knob [`SETTLE_ENV`] when it is set.
    pub fn from_env() -> EngineOptions {
        let settle = std::env::var(SETTLE_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|s| *s >= 0);
        match settle {
            Some(secs) => EngineOptions {
                settle_after: SignedDuration::from_secs(secs),
                poll_every: SignedDuration::from_millis(200),
                ..EngineOptions::default()
            },
            None => EngineOptions::default(),
        }
    }
}

/// Why a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunEnd {
    /// Nothing left to send: the campaign is completed.
    Completed,
    /// The user paused or cancelled it (the status already says which).
    Stopped,
    /// It paused itself; `resume_at` is when it may continue by itself.
    Paused {
        reason: PauseReason,
        detail: Option<String>,
        resume_at: Option<Timestamp>,
    },
}

/// Sends campaign `campaign_id` until it ends. `stop` is the user's pause/cancel.
pub async fn run(
    db: &Db,
    client: &EvolutionClient,
    events: Arc<dyn EventSink>,
    campaign_id: i64,
    stop: CancelToken,
    options: EngineOptions,
) -> Result<RunEnd, CampaignError> {
    let view = store::view(db, campaign_id)
        .await?
        .ok_or(CampaignError::NotFound(campaign_id))?;
    let pacing = view
        .pacing
        .validate()
        .map_err(|e| CampaignError::InvalidPacing(e.to_string()))?;
    if view.pacing.preset.is_unpaced() && !options.loopback {
        return Err(CampaignError::UnpacedRefused);
    }
    let media = match &view.media {
        Some(m) => Some(LoadedMedia::load(m)?),
        None => None,
    };
    let variant = match view.source {
        super::model::MessageSource::Template { template_id } => {
            crate::compose::template::Template::parse(&view.body)
                .ok()
                .map(|t| (t, template_id))
        }
        super::model::MessageSource::Personalisation { .. } => None,
    };
    let shared = Arc::new(Shared::new(
        db.clone(),
        client.clone(),
        campaign_id,
        options.clone(),
        stop,
        events,
        media,
        variant,
        pacing.clone(),
    ));

    let mut seed_rng = match options.seed {
        Some(seed) => StdRng::seed_from_u64(seed),
        None => StdRng::from_os_rng(),
    };
    let active: Vec<String> = view
        .instances
        .iter()
        .filter(|i| i.left_reason.is_none())
        .map(|i| i.name.clone())
        .collect();
    shared.load_tallies().await;
    let mut workers = Vec::new();
    for name in active {
        let history = history_of(db, &pacing, &name, options.clock.now()).await?;
        let rng = StdRng::from_rng(&mut seed_rng);
        let pacer = InstancePacer::new(&pacing, history, rng);
        shared.register_instance(&name);
        let sh = shared.clone();
        workers.push(tokio::spawn(
            async move { worker::run(sh, name, pacer).await },
        ));
    }
    let reconciler = {
        let sh = shared.clone();
        tokio::spawn(async move { reconcile::run(sh).await })
    };
    let ticker = {
        let sh = shared.clone();
        tokio::spawn(async move { sh.tick_progress().await })
    };

    let mut ends = Vec::new();
    for w in workers {
        match w.await {
            Ok(end) => ends.push(end),
            Err(e) => {
                tracing::error!(campaign_id, error = %e, "a campaign worker panicked");
                shared.halt(PauseReason::Server, format!("internal error: {e}"));
                ends.push(WorkerEnd::Halted);
            }
        }
    }
    // Workers that drained wait for the reconciler already; make sure it is done too.
    shared.workers_done();
    let _ = reconciler.await;
    shared.stop_ticker();
    let _ = ticker.await;
    shared.emit_progress(true).await;

    if shared.stopped_by_user() {
        return Ok(RunEnd::Stopped);
    }
    if let Some((reason, detail)) = shared.halt_reason() {
        return Ok(RunEnd::Paused {
            reason,
            detail: Some(detail),
            resume_at: None,
        });
    }
    let counts = journal::counts(db, campaign_id).await?;
    if counts.is_settled() {
        return Ok(RunEnd::Completed);
    }
    if counts.pending == 0 && counts.in_flight == 0 && counts.unknown == counts.needs_attention {
        return Ok(RunEnd::Paused {
            reason: PauseReason::NeedsAttention,
            detail: None,
            resume_at: None,
        });
    }
    let mut resume_at: Option<Timestamp> = None;
    let mut window = false;
    for end in &ends {
        match end {
            WorkerEnd::Window(t) => {
                window = true;
                resume_at = Some(resume_at.map_or(*t, |r| r.min(*t)));
            }
            WorkerEnd::Cap(t) => resume_at = Some(resume_at.map_or(*t, |r| r.min(*t))),
            WorkerEnd::Drained | WorkerEnd::Left | WorkerEnd::Halted => {}
        }
    }
    Ok(match resume_at {
        Some(t) => RunEnd::Paused {
            reason: if window {
                PauseReason::WindowClosed
            } else {
                PauseReason::CapReached
            },
            detail: None,
            resume_at: Some(t),
        },
        None => RunEnd::Paused {
            reason: PauseReason::NoInstances,
            detail: shared.left_summary(),
            resume_at: None,
        },
    })
}

/// What the journal knows of a number's recent sends (all campaigns), for its pacer:
/// the sends of the local day of its latest send, the last hour's, and its warm-up.
pub async fn history_of(
    db: &Db,
    pacing: &ValidPacing,
    instance: &str,
    now: Timestamp,
) -> Result<SendHistory, CampaignError> {
    // Two days back covers "the local day of the latest send" in any time zone.
    let since = now
        .saturating_sub(SignedDuration::from_hours(48))
        .unwrap_or(now);
    let hour_ago = now
        .saturating_sub(SignedDuration::from_hours(1))
        .unwrap_or(now);
    let sends: Vec<Timestamp> = journal::sends_since(db, instance, &clock::to_db(since))
        .await?
        .iter()
        .filter_map(|t| clock::parse(t))
        .collect();
    let (warmup, last, _) = journal::usage(db, instance).await?;
    let last_sent = last
        .as_deref()
        .and_then(clock::parse)
        .into_iter()
        .chain(sends.iter().copied())
        .max();
    let sent_today = match last_sent {
        Some(latest) => {
            let day = super::pacing::window::local_date(&pacing.window, latest);
            let start = pacing
                .window
                .tz
                .to_timestamp(day.to_datetime(jiff::civil::Time::midnight()))
                .unwrap_or(since);
            sends.iter().filter(|t| **t >= start).count()
        }
        None => 0,
    };
    Ok(SendHistory {
        sent_today: u32::try_from(sent_today).unwrap_or(u32::MAX),
        warmup_started: warmup.as_deref().and_then(clock::parse),
        last_sent,
        recent: sends.into_iter().filter(|t| *t >= hour_ago).collect(),
    })
}

/// Marks a campaign found `running` with no engine (the app stopped) as interrupted and
/// rewinds its journal: claimed rows go back, rows being sent become unknown.
pub async fn recover(db: &Db, campaign_id: i64, now: Timestamp) -> Result<u64, CampaignError> {
    let now = clock::to_db(now);
    store::set_status(
        db,
        campaign_id,
        &[CampaignStatus::Running],
        CampaignStatus::Interrupted,
        None,
        None,
        &now,
    )
    .await?;
    Ok(journal::recover_rows(db, campaign_id, &now).await?)
}
