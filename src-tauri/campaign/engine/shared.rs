//! What the workers, the reconciler and the ticker of one run share: the clients, the
//! stop signals, each instance's state for the progress screen, and why the run halted.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use jiff::Timestamp;

use crate::ai::CancelToken;
use crate::compose::template::{MergeValues, Seed, Template};
use crate::events::{AppEvent, EventSink};
use crate::evolution::{EvolutionClient, EvolutionError, MediaType, SendMedia, SentMessage};
use crate::storage::Db;

use super::super::clock::{self, Clock};
use super::super::error::CampaignError;
use super::super::journal::{self, Claimed};
use super::super::model::{
    CampaignMedia, InstanceProgress, InstanceRunState, LeftReason, PauseReason,
};
use super::super::pacing::{estimate_finish, RepeatGuard, RepeatVerdict, ValidPacing};
use super::super::store;
use super::EngineOptions;

/// The campaign's media, read once per run.
#[derive(Debug, Clone)]
pub struct LoadedMedia {
    kind: MediaType,
    mime: String,
    file_name: String,
    base64: String,
}

impl LoadedMedia {
    pub fn load(media: &CampaignMedia) -> Result<LoadedMedia, CampaignError> {
        // Checked again: the file may have changed since the template was saved, and it
        // is held in memory (base64) for the whole run.
        let size = std::fs::metadata(&media.path)
            .map_err(|e| CampaignError::MediaUnreadable(format!("{}: {e}", media.path)))?
            .len();
        if size > media.kind.max_bytes() {
            return Err(CampaignError::MediaUnreadable(format!(
                "{}: {size} bytes, more than WhatsApp takes for this kind ({})",
                media.path,
                media.kind.max_bytes()
            )));
        }
        let bytes = std::fs::read(&media.path)
            .map_err(|e| CampaignError::MediaUnreadable(format!("{}: {e}", media.path)))?;
        let kind = match media.kind {
            crate::compose::media::MediaKind::Image => MediaType::Image,
            crate::compose::media::MediaKind::Video => MediaType::Video,
            crate::compose::media::MediaKind::Audio => MediaType::Audio,
            crate::compose::media::MediaKind::Document => MediaType::Document,
        };
        Ok(LoadedMedia {
            kind,
            mime: media.mime.clone(),
            file_name: media.file_name.clone(),
            base64: STANDARD.encode(bytes),
        })
    }
}

#[derive(Debug, Clone)]
struct InstanceSlot {
    state: InstanceRunState,
    next_at: Option<Timestamp>,
}

pub struct Shared {
    pub db: Db,
    pub client: EvolutionClient,
    pub campaign_id: i64,
    pub options: EngineOptions,
    pub pacing: ValidPacing,
    stop: CancelToken,
    /// Set when the run halts itself (server refusing…) or the user stops it.
    halt: CancelToken,
    halt_reason: Mutex<Option<(PauseReason, String)>>,
    workers_done: AtomicBool,
    ticker_stop: CancelToken,
    events: Arc<dyn EventSink>,
    media: Option<LoadedMedia>,
    variant: Option<(Template, i64)>,
    instances: Mutex<BTreeMap<String, InstanceSlot>>,
    /// Sent and failed per instance for the progress ticks, kept as the workers go (a
    /// per-instance GROUP BY over a big campaign twice a second would cost more than the
    /// sending); loaded from the journal at the start and replaced by it at the end.
    tallies: Mutex<BTreeMap<String, (u32, u32)>>,
    left: Mutex<Vec<(String, LeftReason, String)>>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("campaign_id", &self.campaign_id)
            .finish_non_exhaustive()
    }
}

impl Shared {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        db: Db,
        client: EvolutionClient,
        campaign_id: i64,
        options: EngineOptions,
        stop: CancelToken,
        events: Arc<dyn EventSink>,
        media: Option<LoadedMedia>,
        variant: Option<(Template, i64)>,
        pacing: ValidPacing,
    ) -> Shared {
        Shared {
            db,
            client,
            campaign_id,
            options,
            pacing,
            stop,
            halt: CancelToken::new(),
            halt_reason: Mutex::new(None),
            workers_done: AtomicBool::new(false),
            ticker_stop: CancelToken::new(),
            events,
            media,
            variant,
            instances: Mutex::new(BTreeMap::new()),
            tallies: Mutex::new(BTreeMap::new()),
            left: Mutex::new(Vec::new()),
        }
    }

    pub fn clock(&self) -> &Clock {
        &self.options.clock
    }

    pub fn now_db(&self) -> String {
        clock::to_db(self.clock().now())
    }

    pub fn unpaced(&self) -> bool {
        self.pacing.is_unpaced()
    }

    pub fn halted(&self) -> bool {
        self.stop.is_cancelled() || self.halt.is_cancelled()
    }

    pub fn stopped_by_user(&self) -> bool {
        self.stop.is_cancelled()
    }

    /// Stops every worker with a reason to pause (the first reason wins).
    pub fn halt(&self, reason: PauseReason, detail: String) {
        let mut slot = self.halt_reason.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none() {
            *slot = Some((reason, detail));
        }
        self.halt.cancel();
    }

    pub fn halt_reason(&self) -> Option<(PauseReason, String)> {
        self.halt_reason
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn workers_done(&self) {
        self.workers_done.store(true, Ordering::SeqCst);
    }

    pub fn are_workers_done(&self) -> bool {
        self.workers_done.load(Ordering::SeqCst)
    }

    pub fn stop_ticker(&self) {
        self.ticker_stop.cancel();
    }

    /// Sleeps until `at`; false when the run was stopped meanwhile.
    pub async fn sleep_until(&self, at: Timestamp) -> bool {
        tokio::select! {
            () = self.clock().sleep_until(at) => !self.halted(),
            () = self.stop.cancelled() => false,
            () = self.halt.cancelled() => false,
        }
    }

    pub async fn sleep(&self, d: jiff::SignedDuration) -> bool {
        let at = self
            .clock()
            .now()
            .saturating_add(d)
            .unwrap_or(Timestamp::MAX);
        self.sleep_until(at).await
    }

    /// The journal's per-instance counts, as the progress ticks' starting point.
    pub async fn load_tallies(&self) {
        if let Ok(per) = journal::per_instance(&self.db, self.campaign_id).await {
            let mut t = self.tallies.lock().unwrap_or_else(|e| e.into_inner());
            for (name, sent, failed) in per {
                t.insert(name, (sent, failed));
            }
        }
    }

    /// A worker's or the reconciler's outcome, for the progress ticks.
    pub fn tally(&self, name: &str, sent: i32, failed: i32) {
        let mut t = self.tallies.lock().unwrap_or_else(|e| e.into_inner());
        let entry = t.entry(name.to_owned()).or_insert((0, 0));
        entry.0 = entry.0.saturating_add_signed(sent);
        entry.1 = entry.1.saturating_add_signed(failed);
    }

    pub fn register_instance(&self, name: &str) {
        self.instances
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(
                name.to_owned(),
                InstanceSlot {
                    state: InstanceRunState::Idle,
                    next_at: None,
                },
            );
    }

    pub fn set_state(&self, name: &str, state: InstanceRunState, next_at: Option<Timestamp>) {
        if let Some(slot) = self
            .instances
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_mut(name)
        {
            slot.state = state;
            slot.next_at = next_at;
        }
    }

    pub async fn instance_left(&self, name: &str, reason: LeftReason, detail: &str) {
        self.set_state(name, InstanceRunState::Left, None);
        self.left.lock().unwrap_or_else(|e| e.into_inner()).push((
            name.to_owned(),
            reason,
            detail.to_owned(),
        ));
        if let Err(e) = store::instance_left(
            &self.db,
            self.campaign_id,
            name,
            reason,
            detail,
            &self.now_db(),
        )
        .await
        {
            tracing::error!(error = %e, "recording why an instance left the rotation failed");
        }
        tracing::warn!(campaign_id = self.campaign_id, instance = name, reason = reason.as_str(), %detail, "instance left the rotation");
    }

    pub fn left_summary(&self) -> Option<String> {
        let left = self.left.lock().unwrap_or_else(|e| e.into_inner());
        (!left.is_empty()).then(|| {
            left.iter()
                .map(|(n, r, d)| format!("{n}: {} ({d})", r.as_str()))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    /// Sends one message: the media with the text as its caption, or the text.
    pub async fn send(
        &self,
        instance: &str,
        to: &str,
        text: &str,
        delay_ms: u32,
    ) -> Result<SentMessage, EvolutionError> {
        let delay = (delay_ms > 0).then_some(delay_ms);
        match &self.media {
            Some(m) => {
                self.client
                    .send_media(
                        instance,
                        &SendMedia {
                            number: to.to_owned(),
                            media_type: m.kind,
                            mime_type: Some(m.mime.clone()),
                            caption: Some(text.to_owned()),
                            media: m.base64.clone(),
                            file_name: Some(m.file_name.clone()),
                            delay_ms: delay,
                        },
                    )
                    .await
            }
            None => self.client.send_text(instance, to, text, delay).await,
        }
    }

    /// Another spintax choice for a claimed row whose text would be a third
    /// near-identical one in a row; `None` when the template has no other choice that
    /// passes the guard.
    pub async fn vary(&self, row: &Claimed, guard: &RepeatGuard) -> Option<String> {
        let (template, template_id) = self.variant.as_ref()?;
        if template.variants() < 2 {
            return None;
        }
        let contact = crate::storage::contacts::get(&self.db, row.contact_id?)
            .await
            .ok()
            .flatten()?;
        let values = MergeValues::from_contact(&contact);
        (1..=8).find_map(|k| {
            let seed = Seed::new(
                &format!("template:{template_id}:variant:{k}"),
                &row.phone_e164,
            );
            let text = template.render(&values, seed).text;
            (guard.check(&text) != RepeatVerdict::Blocked).then_some(text)
        })
    }

    /// Counts, per-instance states and the estimate, to the event sink. `exact`: the
    /// per-instance counts from the journal (the last report of a run), else the tallies.
    pub async fn emit_progress(&self, exact: bool) {
        let counts = match journal::counts(&self.db, self.campaign_id).await {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "campaign progress unreadable");
                return;
            }
        };
        let per: Vec<(String, u32, u32)> = if exact {
            journal::per_instance(&self.db, self.campaign_id)
                .await
                .unwrap_or_default()
        } else {
            self.tallies
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .map(|(n, (s, f))| (n.clone(), *s, *f))
                .collect()
        };
        let instances: Vec<InstanceProgress> = self
            .instances
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(name, slot)| {
                let (sent, failed) = per
                    .iter()
                    .find(|(n, _, _)| n == name)
                    .map(|(_, s, f)| (*s, *f))
                    .unwrap_or((0, 0));
                InstanceProgress {
                    name: name.clone(),
                    sent,
                    failed,
                    state: slot.state,
                    next_at: slot.next_at.map(clock::to_db),
                }
            })
            .collect();
        let active = instances
            .iter()
            .filter(|i| i.state != InstanceRunState::Left)
            .count()
            .max(1);
        let remaining = u64::from(counts.pending + counts.in_flight);
        let estimated_finish = if remaining > 0 {
            let histories = vec![super::super::pacing::SendHistory::default(); active];
            estimate_finish(&self.pacing, &histories, remaining, self.clock().now())
                .map(|e| clock::to_db(e.finish))
        } else {
            None
        };
        self.events.emit(AppEvent::CampaignProgress {
            campaign_id: self.campaign_id,
            counts,
            instances,
            estimated_finish,
        });
    }

    pub async fn tick_progress(&self) {
        loop {
            self.emit_progress(false).await;
            let at = self
                .clock()
                .now()
                .saturating_add(self.options.progress_every)
                .unwrap_or(Timestamp::MAX);
            tokio::select! {
                () = self.clock().sleep_until(at) => {}
                () = self.ticker_stop.cancelled() => return,
            }
        }
    }
}
