//! Signed self-update through `tauri-plugin-updater`: check, download with progress, verify,
//! install, relaunch. The rules (when to check, never under a sending campaign, which
//! installs update themselves) live in the Tauri-free `updates` module; this file reads the
//! bundle stamp, drives the plugin, and turns its errors into [`UpdatesError`].

use std::time::{Duration, Instant};

use jiff::Timestamp;
use tauri::utils::config::BundleType;
use tauri::AppHandle;
use tauri::Manager;
use tauri_plugin_updater::{Update, UpdaterExt};

use super::channel::UpdateChannel;
use crate::app_core::Core;
use crate::error::AppError;
use crate::updates::{
    self, check_due, install_plan, DownloadMeter, InstallEnv, InstallKind, InstallPlan,
    LastCheckStore, UpdateCheck, UpdateProgress, UpdateRoute, UpdatesError, UpdatesStatus,
};

/// The update found by the last check, kept for "install"; locked while installing.
#[derive(Default)]
pub struct PendingUpdate(tokio::sync::Mutex<Option<Update>>);

impl std::fmt::Debug for PendingUpdate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PendingUpdate")
    }
}

/// How long a check may take before it counts as "server unreachable".
const CHECK_TIMEOUT: Duration = Duration::from_secs(30);
/// How long paused campaigns get to finish the message they are sending.
const PAUSE_WAIT: Duration = Duration::from_secs(60);

/// The bundle type `tauri-bundler` stamped into this binary.
pub fn install_kind() -> InstallKind {
    match tauri::utils::platform::bundle_type() {
        Some(BundleType::Deb) => InstallKind::Deb,
        Some(BundleType::Rpm) => InstallKind::Rpm,
        Some(BundleType::AppImage) => InstallKind::AppImage,
        Some(BundleType::Msi) => InstallKind::Msi,
        Some(BundleType::Nsis) => InstallKind::Nsis,
        Some(BundleType::App | BundleType::Dmg) => InstallKind::MacApp,
        None => InstallKind::Unknown,
    }
}

pub fn current_route() -> UpdateRoute {
    updates::route(
        install_kind(),
        &InstallEnv::current(),
        std::env::consts::OS,
        std::env::consts::ARCH,
    )
}

fn last_check(core: &Core) -> LastCheckStore {
    LastCheckStore::new(&core.paths().data_dir)
}

pub async fn updates_status(_app: &AppHandle, core: &Core) -> Result<UpdatesStatus, AppError> {
    Ok(UpdatesStatus {
        current_version: env!("CARGO_PKG_VERSION").to_owned(),
        route: current_route(),
        last_check: last_check(core).load().map(|t| t.to_string()),
        campaigns_sending: sending(core).await,
    })
}

/// Campaigns this window is sending (none when the database is unavailable).
async fn sending(core: &Core) -> Vec<i64> {
    if core.db().is_err() {
        return Vec::new();
    }
    core.campaigns_running().await.unwrap_or_default()
}

/// Looks for a newer version. `automatic` checks (at start, then hourly) run only when the
/// last one is 12 h old, and only for installs that update themselves.
pub async fn updates_check(
    app: &AppHandle,
    core: &Core,
    automatic: bool,
) -> Result<UpdateCheck, AppError> {
    let route = current_route();
    if !matches!(route, UpdateRoute::SelfUpdate { .. }) {
        return Ok(if automatic {
            UpdateCheck::Skipped
        } else {
            UpdateCheck::Manual { route }
        });
    }
    let store = last_check(core);
    if automatic && !check_due(store.load(), Timestamp::now()) {
        return Ok(UpdateCheck::Skipped);
    }
    let pending = app.state::<PendingUpdate>();
    let mut slot = pending.0.try_lock().map_err(|_| UpdatesError::Busy)?;
    let found = app
        .updater_builder()
        .timeout(CHECK_TIMEOUT)
        .build()
        .map_err(updater_error)?
        .check()
        .await;
    // Any answer, even "bad feed", counts as a check: the next automatic one is in 12 h.
    store.save(Timestamp::now());
    let found = found.map_err(|e| {
        let e = updater_error(e);
        tracing::warn!(error = %e, automatic, "update check failed");
        e
    })?;
    let current_version = env!("CARGO_PKG_VERSION").to_owned();
    let Some(update) = found else {
        *slot = None;
        tracing::info!("no newer version");
        return Ok(UpdateCheck::UpToDate { current_version });
    };
    tracing::info!(version = %update.version, url = %update.download_url, "update available");
    let check = UpdateCheck::Available {
        current_version,
        version: update.version.clone(),
        notes: update.body.clone().filter(|n| !n.trim().is_empty()),
        pub_date: update
            .raw_json
            .get("pub_date")
            .and_then(|d| d.as_str())
            .map(str::to_owned),
    };
    *slot = Some(update);
    Ok(check)
}

/// Downloads, verifies and installs the update found by the last check. Never while a
/// campaign sends: it fails with the count, unless `pause_campaigns` asks to pause them
/// first (they are resumed by the user, nothing is lost).
pub async fn updates_install(
    app: &AppHandle,
    core: &Core,
    pause_campaigns: bool,
    on_progress: UpdateChannel,
) -> Result<String, AppError> {
    let route = current_route();
    if !matches!(route, UpdateRoute::SelfUpdate { .. }) {
        return Err(UpdatesError::NotSelfUpdating(format!("{route:?}")).into());
    }
    let pending = app.state::<PendingUpdate>();
    let slot = pending.0.try_lock().map_err(|_| UpdatesError::Busy)?;
    let Some(update) = slot.as_ref() else {
        return Err(UpdatesError::NothingToInstall.into());
    };
    match install_plan(&sending(core).await, pause_campaigns)? {
        InstallPlan::InstallNow => {}
        InstallPlan::PauseThenInstall(ids) => {
            on_progress.send(UpdateProgress::PausingCampaigns);
            pause_and_wait(core, &ids).await?;
        }
    }
    let mut meter = DownloadMeter::default();
    let progress = on_progress.clone();
    let bytes = update
        .download(
            |chunk, total| {
                if let Some(message) = meter.add(chunk, total, Instant::now()) {
                    progress.send(message);
                }
            },
            || on_progress.send(UpdateProgress::Verifying),
        )
        .await
        .map_err(|e| {
            let e = updater_error(e);
            tracing::warn!(error = %e, version = %update.version, "update refused");
            e
        })?;
    on_progress.send(UpdateProgress::Installing);
    // Windows installers close the app themselves; on Linux the package replaces the files
    // under the running process and the new version starts with the relaunch.
    update.install(&bytes).map_err(|e| {
        let e = updater_error(e);
        tracing::error!(error = %e, version = %update.version, "installing the update failed");
        e
    })?;
    tracing::info!(version = %update.version, "update installed");
    Ok(update.version.clone())
}

/// Pauses the campaigns and waits until none is still sending its last message.
async fn pause_and_wait(core: &Core, ids: &[i64]) -> Result<(), AppError> {
    for id in ids {
        core.campaign_pause(*id).await?;
    }
    let deadline = Instant::now() + PAUSE_WAIT;
    loop {
        let still = sending(core).await;
        if still.is_empty() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(UpdatesError::CampaignsSending { count: still.len() }.into());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Starts the new version (after an install).
pub async fn updates_relaunch(app: &AppHandle, _core: &Core) -> Result<(), AppError> {
    tracing::info!("relaunching after an update");
    app.request_restart();
    Ok(())
}

/// The plugin's errors, by what the user can do about them.
fn updater_error(err: tauri_plugin_updater::Error) -> UpdatesError {
    use tauri_plugin_updater::Error as E;
    let text = err.to_string();
    match err {
        E::Reqwest(e) if e.is_decode() => UpdatesError::BadFeed(text),
        E::Reqwest(e) if e.is_status() => UpdatesError::ServerError(text),
        E::Reqwest(_) => UpdatesError::Unreachable(text),
        E::ReleaseNotFound => UpdatesError::ServerError(text),
        E::Network(_) => UpdatesError::Download(text),
        // A platform entry without `signature` fails to parse: it is an unsigned update.
        E::Serialization(e) if e.to_string().contains("signature") => {
            UpdatesError::BadSignature(text)
        }
        E::Serialization(_) | E::Semver(_) | E::UrlParse(_) | E::InsecureTransportProtocol => {
            UpdatesError::BadFeed(text)
        }
        E::TargetNotFound(_) | E::TargetsNotFound(_) => UpdatesError::NoBuildForThisInstall(text),
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion => UpdatesError::BadSignature(text),
        _ => UpdatesError::InstallFailed(text),
    }
}
