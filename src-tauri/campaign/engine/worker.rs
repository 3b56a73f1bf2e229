//! One instance's worker: wait for the pacer's slot, claim the next recipient, check the
//! opt-out list again, write the intent, send, write the result. Each step is a
//! conditional UPDATE in the journal, so a crash anywhere leaves a row in a state that
//! says exactly what may have happened.

use std::collections::VecDeque;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use rand::Rng;

use crate::evolution::ConnectionState;

use super::super::clock;
use super::super::journal::{self, Claimed};
use super::super::model::{InstanceRunState, LeftReason, PauseReason};
use super::super::pacing::{InstancePacer, RepeatGuard, RepeatVerdict, Slot};
use super::outcome::{classify, Failure};
use super::shared::Shared;

/// Tries of a send refused for a reason that may pass (429) before it fails.
pub const MAX_ATTEMPTS: u32 = 5;
/// Sends in a row that could not reach the server before the campaign pauses itself.
const MAX_UNREACHABLE: u32 = 8;
/// How long a reconnecting instance is waited for before it leaves the rotation.
const RECONNECT_PATIENCE: SignedDuration = SignedDuration::from_mins(10);
/// After a reconnect an instance ramps from 10 % to its full share over this long.
const RAMP: SignedDuration = SignedDuration::from_secs(60);
/// New-contact refusals (WhatsApp 463) among an instance's last sends that stop it.
const NEW_CONTACT_BURST: usize = 3;
const NEW_CONTACT_WINDOW: usize = 10;

/// WhatsApp reports a refusal (463) a moment after the server accepted the message: sends
/// are looked at again once they are this old…
const REFUSAL_SETTLE: SignedDuration = SignedDuration::from_secs(3);
/// …in one `findMessages` call per this many sends (or when the oldest is due).
const REFUSAL_BATCH: usize = 10;

/// Rows an unpaced worker claims and journals at once (one disk flush for all their
/// intents). Paced sending takes one at a time: its intent is written right before its
/// send, after the pacing wait and the opt-out check.
const UNPACED_BATCH: u32 = 32;

/// A row whose intent is durable, about to be sent.
#[derive(Debug, Clone)]
struct Prepared {
    row: Claimed,
    to: String,
    text: String,
}

/// A send the server accepted, until WhatsApp had time to refuse it.
#[derive(Debug, Clone)]
struct Accepted {
    position: u32,
    key_id: String,
    at: Timestamp,
}

/// How a worker ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerEnd {
    /// Nothing left to send or to settle.
    Drained,
    /// The instance left the rotation.
    Left,
    /// Its daily cap is reached until then.
    Cap(Timestamp),
    /// The sending window is closed until then.
    Window(Timestamp),
    /// The run was stopped (by the user or a halt).
    Halted,
}

/// Exponential backoff with full jitter: 2 s, 4 s, 8 s… capped at `cap`.
fn backoff(step: u32, cap: SignedDuration) -> SignedDuration {
    let base = SignedDuration::from_secs(2_i64.saturating_pow(step.min(16)));
    let ceiling = base.min(cap);
    let millis = ceiling.as_millis().max(1);
    let jittered = rand::rng().random_range(millis / 2..=millis);
    SignedDuration::from_millis(i64::try_from(jittered).unwrap_or(i64::MAX))
}

pub async fn run(sh: Arc<Shared>, instance: String, mut pacer: InstancePacer) -> WorkerEnd {
    match work(&sh, &instance, &mut pacer).await {
        Ok(end) => {
            if end != WorkerEnd::Left {
                sh.set_state(&instance, InstanceRunState::Idle, None);
            }
            end
        }
        Err(e) => {
            tracing::error!(campaign_id = sh.campaign_id, %instance, error = %e, "campaign worker stopped");
            sh.halt(PauseReason::Server, e.to_string());
            WorkerEnd::Halted
        }
    }
}

async fn work(
    sh: &Shared,
    instance: &str,
    pacer: &mut InstancePacer,
) -> Result<WorkerEnd, crate::storage::StorageError> {
    let mut prepared = VecDeque::new();
    let mut sent = Vec::new();
    let end = work_loop(sh, instance, pacer, &mut prepared, &mut sent).await;
    // Sends the server accepted are journaled whatever stopped the loop.
    journal_sends(sh, instance, &mut sent).await?;
    // Journaled but never sent (the run stopped, the number left): nothing left, so they
    // go back to the queue as they were.
    for p in prepared {
        journal::release(
            &sh.db,
            sh.campaign_id,
            p.row.position,
            None,
            None,
            false,
            &sh.now_db(),
        )
        .await?;
    }
    end
}

async fn work_loop(
    sh: &Shared,
    instance: &str,
    pacer: &mut InstancePacer,
    prepared: &mut VecDeque<Prepared>,
    sent: &mut Vec<journal::SentRow>,
) -> Result<WorkerEnd, crate::storage::StorageError> {
    let batch = if sh.unpaced() { UNPACED_BATCH } else { 1 };
    let mut guard = RepeatGuard::new();
    let mut unreachable = 0_u32;
    let mut ramp_since: Option<Timestamp> = None;
    // true = a new-contact refusal, for the 463 burst rule.
    let mut recent_refusals: VecDeque<bool> = VecDeque::new();
    let mut accepted: VecDeque<Accepted> = VecDeque::new();
    loop {
        // Paced, each send is journaled before anything else happens; unpaced, a batch's
        // sends are journaled together once it is sent (or sooner, see below).
        if sent.len() >= batch as usize || prepared.is_empty() {
            journal_sends(sh, instance, sent).await?;
        }
        if sh.halted() {
            return Ok(WorkerEnd::Halted);
        }
        if watch_refusals(
            sh,
            instance,
            &mut accepted,
            &mut recent_refusals,
            sent,
            false,
        )
        .await?
        {
            leave_for_refusals(sh, instance).await;
            return Ok(WorkerEnd::Left);
        }
        // The instance's event stream already told how its link is: act before sending.
        match sh.options.live.get(instance) {
            Some((ConnectionState::Close, reason)) => {
                let why = if reason.is_some_and(is_refusal_code) {
                    LeftReason::Refused
                } else {
                    LeftReason::Closed
                };
                let detail = match reason {
                    Some(code) => format!("connection.update: close ({code})"),
                    None => "connection.update: close".to_owned(),
                };
                sh.instance_left(instance, why, &detail).await;
                return Ok(WorkerEnd::Left);
            }
            Some((ConnectionState::Connecting, _)) => {
                sh.set_state(instance, InstanceRunState::Reconnecting, None);
                match wait_for_open(sh, instance).await {
                    Reconnect::Open => ramp_since = Some(sh.clock().now()),
                    Reconnect::Closed => {
                        sh.instance_left(
                            instance,
                            LeftReason::Closed,
                            "connection.update: did not reconnect",
                        )
                        .await;
                        return Ok(WorkerEnd::Left);
                    }
                    Reconnect::Stopped => return Ok(WorkerEnd::Halted),
                }
                continue;
            }
            _ => {}
        }
        let now = sh.clock().now();
        if let Some(since) = ramp_since {
            let progress = now.duration_since(since).as_secs_f64() / RAMP.as_secs_f64();
            pacer.set_weight((0.1 + 0.9 * progress).clamp(0.1, 1.0));
            if progress >= 1.0 {
                ramp_since = None;
            }
        }
        match pacer.next_slot(now) {
            Slot::Now => {}
            Slot::At(at) => {
                journal_sends(sh, instance, sent).await?;
                sh.set_state(instance, InstanceRunState::Waiting, Some(at));
                if !sh.sleep_until(at).await {
                    return Ok(WorkerEnd::Halted);
                }
                continue;
            }
            Slot::CapReached { resumes } => {
                sh.set_state(instance, InstanceRunState::CapReached, Some(resumes));
                return Ok(WorkerEnd::Cap(resumes));
            }
            Slot::WindowClosed { opens } => return Ok(WorkerEnd::Window(opens)),
        }

        if prepared.is_empty() {
            let rows =
                journal::claim_batch(&sh.db, sh.campaign_id, instance, batch, &sh.now_db()).await?;
            if rows.is_empty() {
                if !idle_or_done(sh, instance).await? {
                    // The last sends still get their refusal check.
                    if !accepted.is_empty() {
                        let wait = accepted
                            .back()
                            .map(|a| a.at.saturating_add(REFUSAL_SETTLE).unwrap_or(a.at))
                            .unwrap_or(now);
                        sh.sleep_until(wait).await;
                        if watch_refusals(
                            sh,
                            instance,
                            &mut accepted,
                            &mut recent_refusals,
                            sent,
                            true,
                        )
                        .await?
                        {
                            leave_for_refusals(sh, instance).await;
                            return Ok(WorkerEnd::Left);
                        }
                    }
                    return Ok(WorkerEnd::Drained);
                }
                continue;
            }
            let mut ready = Vec::with_capacity(rows.len());
            let phones: Vec<&str> = rows.iter().map(|r| r.phone_e164.as_str()).collect();
            let opted_out = journal::opted_out_among(&sh.db, &phones).await?;
            for row in rows {
                // A contact who opted out after the campaign was created gets nothing.
                if opted_out.contains(&row.phone_e164) {
                    journal::exclude_opted_out(&sh.db, sh.campaign_id, row.position, &sh.now_db())
                        .await?;
                    continue;
                }
                let Some(text) = text_to_send(sh, instance, &row, &mut guard).await? else {
                    continue;
                };
                let to = row
                    .jid
                    .clone()
                    .unwrap_or_else(|| crate::evolution::digits(&row.phone_e164));
                ready.push(Prepared { row, to, text });
            }
            let intents: Vec<(u32, String, String)> = ready
                .iter()
                .map(|p| (p.row.position, p.to.clone(), journal::text_hash(&p.text)))
                .collect();
            let moved =
                journal::write_intents(&sh.db, sh.campaign_id, &intents, &sh.now_db()).await?;
            prepared.extend(
                ready
                    .into_iter()
                    .filter(|p| moved.contains(&p.row.position)),
            );
            continue;
        }
        let Some(Prepared { row, to, text }) = prepared.pop_front() else {
            continue;
        };
        sh.set_state(instance, InstanceRunState::Sending, None);
        let delay = pacer.typing_delay_ms();
        let result = sh.send(instance, &to, &text, delay).await;
        let now = sh.clock().now();
        let now_db = clock::to_db(now);
        let id = sh.campaign_id;
        match result {
            Ok(answer) => {
                unreachable = 0;
                pacer.record_sent(now);
                guard.record(&text);
                if answer.status.as_deref() == Some("ERROR") {
                    // WhatsApp refused it at once (463, new contact): it did not go out.
                    journal::mark_failed(
                        &sh.db,
                        id,
                        row.position,
                        "new_contact_refused",
                        "WhatsApp refused the message to a new contact (error 463)",
                        &now_db,
                    )
                    .await?;
                    sh.tally(instance, 0, 1);
                    push_refusal(&mut recent_refusals, true);
                    if recent_refusals.iter().filter(|r| **r).count() >= NEW_CONTACT_BURST {
                        leave_for_refusals(sh, instance).await;
                        return Ok(WorkerEnd::Left);
                    }
                } else {
                    accepted.push_back(Accepted {
                        position: row.position,
                        key_id: answer.key.id.clone(),
                        at: now,
                    });
                    let jid =
                        (!answer.key.remote_jid.is_empty()).then(|| answer.key.remote_jid.clone());
                    sent.push(journal::SentRow {
                        position: row.position,
                        message_id: answer.key.id.clone(),
                        jid,
                        at: now_db.clone(),
                    });
                    sh.tally(instance, 1, 0);
                }
            }
            Err(err) => match classify(&err) {
                Failure::Unknown { code, detail } => {
                    // It may have gone out: it counts for pacing, and is looked up later.
                    pacer.record_sent(now);
                    journal::mark_unknown(&sh.db, id, row.position, code, &detail, &now_db).await?;
                }
                Failure::Recipient { code, detail } => {
                    sh.tally(instance, 0, 1);
                    if code == "not_on_whatsapp" {
                        journal::mark_not_on_whatsapp(&sh.db, id, row.position, &detail, &now_db)
                            .await?;
                        super::super::numbers::remember(
                            &sh.db,
                            &row.phone_e164,
                            false,
                            None,
                            &now_db,
                        )
                        .await?;
                    } else {
                        journal::mark_failed(&sh.db, id, row.position, code, &detail, &now_db)
                            .await?;
                    }
                }
                Failure::Retry { code, detail } => {
                    if row.attempts + 1 >= MAX_ATTEMPTS {
                        journal::mark_failed(
                            &sh.db,
                            id,
                            row.position,
                            "retries_exhausted",
                            &detail,
                            &now_db,
                        )
                        .await?;
                        sh.tally(instance, 0, 1);
                    } else {
                        let wait = backoff(row.attempts + 1, SignedDuration::from_mins(5));
                        let not_before = clock::to_db(now.saturating_add(wait).unwrap_or(now));
                        journal::release(
                            &sh.db,
                            id,
                            row.position,
                            Some(&not_before),
                            Some((code, &detail)),
                            true,
                            &now_db,
                        )
                        .await?;
                        if !sh.sleep(wait).await {
                            return Ok(WorkerEnd::Halted);
                        }
                    }
                }
                Failure::Reconnecting { detail } => {
                    journal::release(&sh.db, id, row.position, None, None, false, &now_db).await?;
                    sh.set_state(instance, InstanceRunState::Reconnecting, None);
                    match wait_for_open(sh, instance).await {
                        Reconnect::Open => ramp_since = Some(sh.clock().now()),
                        Reconnect::Closed => {
                            sh.instance_left(instance, LeftReason::Closed, &detail)
                                .await;
                            return Ok(WorkerEnd::Left);
                        }
                        Reconnect::Stopped => return Ok(WorkerEnd::Halted),
                    }
                }
                Failure::InstanceLeft { reason, detail } => {
                    journal::release(&sh.db, id, row.position, None, None, false, &now_db).await?;
                    sh.instance_left(instance, reason, &detail).await;
                    return Ok(WorkerEnd::Left);
                }
                Failure::Unreachable { detail } => {
                    journal::release(&sh.db, id, row.position, None, None, false, &now_db).await?;
                    unreachable += 1;
                    if unreachable >= MAX_UNREACHABLE {
                        sh.halt(PauseReason::Server, detail);
                        return Ok(WorkerEnd::Halted);
                    }
                    if !sh
                        .sleep(backoff(unreachable, SignedDuration::from_secs(60)))
                        .await
                    {
                        return Ok(WorkerEnd::Halted);
                    }
                }
                Failure::Server { detail } => {
                    journal::release(&sh.db, id, row.position, None, None, false, &now_db).await?;
                    sh.halt(PauseReason::Server, detail);
                    return Ok(WorkerEnd::Halted);
                }
            },
        }
    }
}

/// The 463 burst rule fired: this number stops writing to new contacts.
async fn leave_for_refusals(sh: &Shared, instance: &str) {
    sh.instance_left(
        instance,
        LeftReason::NewContactsBlocked,
        "several new contacts in a row refused its messages (WhatsApp 463)",
    )
    .await;
}

/// Looks up whether WhatsApp refused sends the server accepted (an `ERROR` status a
/// moment later): those become `failed`. Returns true when the 463 burst rule says this
/// number must stop writing to new contacts. `all`: check everything now (end of run).
async fn watch_refusals(
    sh: &Shared,
    instance: &str,
    accepted: &mut VecDeque<Accepted>,
    recent: &mut VecDeque<bool>,
    sent: &mut Vec<journal::SentRow>,
    all: bool,
) -> Result<bool, crate::storage::StorageError> {
    let now = sh.clock().now();
    let due = |a: &Accepted| a.at.saturating_add(REFUSAL_SETTLE).unwrap_or(a.at) <= now;
    let ready = accepted.iter().take_while(|a| due(a)).count();
    if ready == 0 || (!all && ready < REFUSAL_BATCH && accepted.len() < REFUSAL_BATCH * 2) {
        return Ok(false);
    }
    // A refusal moves a row from `sent`: the rows must be journaled as sent first.
    journal_sends(sh, instance, sent).await?;
    let checked: Vec<Accepted> = accepted.drain(..ready).collect();
    let from = checked
        .first()
        .map(|a| {
            a.at.saturating_sub(SignedDuration::from_secs(60))
                .unwrap_or(a.at)
        })
        .unwrap_or(now);
    let records = match sh
        .client
        .find_sent_between(
            instance,
            &clock::to_db(from),
            &clock::to_db(
                now.saturating_add(SignedDuration::from_secs(60))
                    .unwrap_or(now),
            ),
            u32::try_from(checked.len() * 4 + 50).unwrap_or(1000),
        )
        .await
    {
        Ok(r) => r,
        Err(e) => {
            // Not knowing is not a refusal: the messages stay sent.
            tracing::debug!(error = %e, "refusal check failed");
            return Ok(false);
        }
    };
    let refused: std::collections::HashSet<&str> = records
        .iter()
        .filter(|r| r.was_refused())
        .map(|r| r.key.id.as_str())
        .collect();
    let now_db = clock::to_db(now);
    for a in &checked {
        let was_refused = refused.contains(a.key_id.as_str());
        if was_refused && journal::mark_refused(&sh.db, sh.campaign_id, a.position, &now_db).await?
        {
            sh.tally(instance, -1, 1);
        }
        push_refusal(recent, was_refused);
    }
    Ok(recent.iter().filter(|r| **r).count() >= NEW_CONTACT_BURST)
}

/// Journals the sends the server accepted (`sending` → `sent`) in one transaction.
async fn journal_sends(
    sh: &Shared,
    instance: &str,
    sent: &mut Vec<journal::SentRow>,
) -> Result<(), crate::storage::StorageError> {
    if !sent.is_empty() {
        journal::mark_sent_many(&sh.db, sh.campaign_id, instance, sent).await?;
        sent.clear();
    }
    Ok(())
}

fn push_refusal(recent: &mut VecDeque<bool>, refused: bool) {
    recent.push_back(refused);
    while recent.len() > NEW_CONTACT_WINDOW {
        recent.pop_front();
    }
}

/// The row's stored text, or another spintax choice when it would be a third
/// near-identical text in a row for this number; when there is none, the instance holds
/// for a long pause (the row goes back) and `None` is returned.
async fn text_to_send(
    sh: &Shared,
    instance: &str,
    row: &Claimed,
    guard: &mut RepeatGuard,
) -> Result<Option<String>, crate::storage::StorageError> {
    if sh.unpaced() || guard.check(&row.text) != RepeatVerdict::Blocked {
        return Ok(Some(row.text.clone()));
    }
    if let Some(varied) = sh.vary(row, guard).await {
        if journal::replace_text(&sh.db, sh.campaign_id, row.position, &varied).await? {
            return Ok(Some(varied));
        }
    }
    journal::release(
        &sh.db,
        sh.campaign_id,
        row.position,
        None,
        None,
        false,
        &sh.now_db(),
    )
    .await?;
    let pause = SignedDuration::from_secs(rand::rng().random_range(180..=600));
    let until = sh
        .clock()
        .now()
        .saturating_add(pause)
        .unwrap_or(Timestamp::MAX);
    sh.set_state(instance, InstanceRunState::Waiting, Some(until));
    sh.sleep_until(until).await;
    // A long pause breaks the run of identical texts.
    *guard = RepeatGuard::new();
    Ok(None)
}

/// Nothing to claim now. Waits when something may still come back to the queue (a
/// backoff, an unknown outcome being looked up, a row another instance holds) and returns
/// true; returns false when the campaign has nothing left for this worker.
async fn idle_or_done(sh: &Shared, instance: &str) -> Result<bool, crate::storage::StorageError> {
    let counts = journal::counts(&sh.db, sh.campaign_id).await?;
    let open_unknown = counts.unknown - counts.needs_attention;
    if counts.pending == 0 && counts.in_flight == 0 && open_unknown == 0 {
        return Ok(false);
    }
    let now = sh.clock().now();
    let mut wake = now.saturating_add(sh.options.poll_every).unwrap_or(now);
    if let Some(next) = journal::next_retry_at(&sh.db, sh.campaign_id)
        .await?
        .as_deref()
        .and_then(clock::parse)
    {
        wake = wake.min(next.max(now));
    }
    sh.set_state(instance, InstanceRunState::Idle, None);
    Ok(sh.sleep_until(wake).await)
}

enum Reconnect {
    Open,
    Closed,
    Stopped,
}

/// Polls the instance's state until it is open again, closed for good, or too long.
async fn wait_for_open(sh: &Shared, instance: &str) -> Reconnect {
    let give_up = sh
        .clock()
        .now()
        .saturating_add(RECONNECT_PATIENCE)
        .unwrap_or(Timestamp::MAX);
    loop {
        // Registered before reading, so a change in between is not missed.
        let changed = sh.options.live.changed();
        let state = match sh.options.live.get(instance) {
            Some((state, _)) => Ok(state),
            None => sh.client.connection_state(instance).await,
        };
        match state {
            Ok(ConnectionState::Open) => return Reconnect::Open,
            Ok(ConnectionState::Close) => return Reconnect::Closed,
            Ok(_) | Err(_) => {}
        }
        if sh.clock().now() >= give_up {
            return Reconnect::Closed;
        }
        // A live stream wakes this at once; without one, the server is asked every 5 s.
        tokio::select! {
            () = changed => {}
            awake = sh.sleep(SignedDuration::from_secs(5)) => {
                if !awake {
                    return Reconnect::Stopped;
                }
            }
        }
    }
}

/// WhatsApp's final refusals of a session (contract: 401 logged out, 402, 403 banned,
/// 406): the number is refused, not merely disconnected.
fn is_refusal_code(code: u16) -> bool {
    matches!(code, 401 | 402 | 403 | 406)
}
