//! The one core both shells drive: the window (`lib.rs` + `commands/`) and the `tip` CLI
//! build a [`Core`] the same way, with [`Core::open`], and call the same methods. It holds
//! what a long job needs without a window: the database, the keychain, the settings file,
//! the clients built from them, the demo server, the running jobs and the event sink.

mod campaign_job;
mod clients;
mod connection_test;
mod demo;
mod first_run;
mod history_export;
mod history_view;
mod jobs;
mod personalise_job;
mod profile_slot;
mod server_events;

use std::sync::Arc;

pub use campaign_job::CampaignRunOptions;
pub use clients::{ClientError, ClientOverrides};
pub use connection_test::{ConnectionTest, TestKey};
pub use demo::DemoError;
pub use first_run::{SampleList, TestMessage};
pub use history_export::{HistoryExportDone, HistoryExportRequest};
pub use history_view::{CampaignReport, UNDELIVERED_AFTER_DAYS};
pub use jobs::CancelJobs;
pub use profile_slot::CoreSlot;

use crate::error::IpcError;
use crate::events::{AppEvent, EventSink, NoEvents};
use crate::paths::AppPaths;
use crate::secrets::Keychain;
use crate::settings::SettingsStore;
use crate::storage::Db;

/// How a shell wants its core: where events go, and values that replace the saved ones
/// (the CLI's `--url` and key environment variables).
#[derive(Debug, Clone)]
pub struct CoreOptions {
    pub events: Arc<dyn EventSink>,
    pub overrides: ClientOverrides,
}

impl Default for CoreOptions {
    fn default() -> Self {
        Self {
            events: Arc::new(NoEvents),
            overrides: ClientOverrides::default(),
        }
    }
}

/// Cheap to clone: every clone is the same core (jobs spawned on a clone share its state).
#[derive(Debug, Clone)]
pub struct Core(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    paths: AppPaths,
    /// The app still opens when the database cannot, to show a clear error screen.
    database: Result<Db, IpcError>,
    keychain: Keychain,
    settings: SettingsStore,
    /// The in-process Evolution sandbox while demo mode is on (never persisted).
    demo: tokio::sync::Mutex<Option<demo::DemoServer>>,
    jobs: CancelJobs,
    /// Fired when the profile closes (another one is opened): background loops end.
    closed: crate::ai::CancelToken,
    events: Arc<dyn EventSink>,
    overrides: ClientOverrides,
    /// Instances' link states from their live event streams (`server_events.rs`), read
    /// by the campaign workers.
    live: crate::evolution_events::LiveStates,
}

impl Core {
    /// Opens the profile at `paths`: the database (migrated; a failure is kept, not fatal),
    /// then recovery of work a crash left running.
    pub async fn open(paths: AppPaths, options: CoreOptions) -> Core {
        let database = Db::open(&paths.database()).await.map_err(|e| {
            tracing::error!(error = %e, "database unavailable");
            IpcError::from(e)
        });
        if let Ok(db) = &database {
            // Personalisation runs a crash left running are paused, for the user to resume.
            if let Err(e) = crate::compose::personalise::recover(db).await {
                tracing::error!(error = %e, "recovering interrupted personalisation runs failed");
            }
        }
        Core(Arc::new(Inner {
            keychain: Keychain::new(&paths.keyring_service),
            settings: SettingsStore::new(paths.settings_file()),
            paths,
            database,
            demo: tokio::sync::Mutex::new(None),
            jobs: CancelJobs::default(),
            closed: crate::ai::CancelToken::new(),
            events: options.events,
            overrides: options.overrides,
            live: crate::evolution_events::LiveStates::default(),
        }))
    }

    pub fn paths(&self) -> &AppPaths {
        &self.0.paths
    }

    pub fn db(&self) -> Result<&Db, IpcError> {
        self.0.database.as_ref().map_err(Clone::clone)
    }

    /// The database, or why it could not open (for the start-up screen).
    pub fn database(&self) -> &Result<Db, IpcError> {
        &self.0.database
    }

    pub fn keychain(&self) -> &Keychain {
        &self.0.keychain
    }

    pub fn settings(&self) -> &SettingsStore {
        &self.0.settings
    }

    pub fn jobs(&self) -> &CancelJobs {
        &self.0.jobs
    }

    pub fn emit(&self, event: AppEvent) {
        self.0.events.emit(event);
    }

    /// The instances' link states as their live event streams report them.
    pub fn live_states(&self) -> &crate::evolution_events::LiveStates {
        &self.0.live
    }

    /// The sink itself, for long jobs that report from their own tasks.
    pub fn events(&self) -> Arc<dyn EventSink> {
        self.0.events.clone()
    }

    /// Work that runs for as long as this profile is open in the window: campaigns a crash
    /// left running are recovered and continue (after their unknown outcomes are looked
    /// up); scheduled and window-paused ones start when due; the server's events (receipts,
    /// replies, link states) are followed live — until [`Core::shut_down`].
    pub fn start_background_work(&self) {
        if self.db().is_err() {
            return;
        }
        let core = self.clone();
        tokio::spawn(async move {
            if let Err(e) = core.campaigns_recover().await {
                tracing::error!(error = %e, "recovering campaigns failed");
            }
            if let Err(e) = core.campaigns_start_due(true).await {
                tracing::error!(error = %e, "resuming campaigns failed");
            }
            core.campaigns_schedule_forever();
        });
        // Receipts, replies and link states, live, while the profile is open.
        let core = self.clone();
        tokio::spawn(async move { core.follow_server_events().await });
    }

    /// What would stop if this profile closed now: campaigns sending, and every other job
    /// (imports, AI drafts, personalisation runs, number checks).
    pub fn busy(&self) -> (usize, usize) {
        let running = self.jobs().running();
        let campaigns = running
            .iter()
            .filter(|j| j.starts_with("campaign:"))
            .count();
        (campaigns, running.len() - campaigns)
    }

    /// The profile closes (the window opens another): background loops end and demo mode
    /// stops. Callers check [`Core::busy`] first; nothing here interrupts a send.
    pub async fn shut_down(&self) {
        self.0.closed.cancel();
        self.demo_stop().await;
    }

    /// Resolves when the profile closes.
    pub(crate) async fn closed(&self) {
        self.0.closed.cancelled().await;
    }

    /// Closes the database cleanly (checkpointing the WAL); for the CLI before it exits.
    pub async fn close(&self) {
        if let Ok(db) = &self.0.database {
            db.close().await;
        }
    }
}
