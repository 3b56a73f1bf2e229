//! Campaigns end to end against the Evolution sandbox: every recipient gets exactly one
//! message whatever the server does (ambiguous endings, 500s, a logout mid-run, a licence
//! gate), the journal matches the sandbox's log of delivered messages, and what cannot be
//! settled waits for the user.

use crate::support::{import_csv, until_stopped_at_once};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::SignedDuration;
use whats_tip::app_core::{CampaignRunOptions, ClientOverrides, Core, CoreOptions};
use whats_tip::campaign::engine::EngineOptions;
use whats_tip::campaign::pacing::{PacingPreset, PacingSettings};
use whats_tip::campaign::{
    AttentionChoice, CampaignDraft, CampaignStatus, CampaignView, LeftReason, MessageSource,
    PauseReason, RecipientFilter, RecipientQuery, RecipientState, RecipientView, Verdict,
};
use whats_tip::compose::library::{self, TemplateDraft};
use whats_tip::error::{AppError, ErrorCode, IpcError};
use whats_tip::events::{AppEvent, CollectedEvents};
use whats_tip::evolution::{CreateInstance, EvolutionClient};
use whats_tip::evolution_sandbox::{AfterSend, Faults, NumberDirectory, Sandbox, SandboxConfig};
use whats_tip::paths::AppPaths;
use whats_tip::secrets::Sensitive;

const KEY: &str = "campaign-test-global-key";
const BODY: &str =
    "Olá {{nome}}! Promoção de Natal na Loja Demo. Responda SAIR para não receber mais.";

pub(crate) struct Rig {
    _dir: tempfile::TempDir,
    pub(crate) sandbox: Sandbox,
    pub(crate) core: Core,
    pub(crate) events: CollectedEvents,
    list_id: i64,
    template_id: i64,
}

impl Rig {
    /// The profile's data folder (for running `tip` on the same database).
    pub(crate) fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }
}

/// Contacts `Cliente 0..n` with numbers +55 11 98000-0000.., instances connected.
pub(crate) async fn rig(
    test: &str,
    contacts: usize,
    instances: &[&str],
    numbers: NumberDirectory,
) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(
        SandboxConfig {
            global_key: KEY.into(),
            numbers,
            ..SandboxConfig::default()
        },
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .unwrap();
    let client =
        EvolutionClient::new(&sandbox.url(), Some(Sensitive::new(KEY.to_owned()))).unwrap();
    for (i, name) in instances.iter().enumerate() {
        client
            .create_instance(&CreateInstance {
                instance_name: (*name).to_owned(),
                qrcode: true,
                number: None,
            })
            .await
            .unwrap();
        sandbox
            .control()
            .scan(name, &format!("55819900000{i:02}"), "Loja Demo")
            .unwrap();
    }
    let events = CollectedEvents::default();
    let mut paths = AppPaths::in_dir(dir.path());
    paths.keyring_service = format!("whats-tip-test-campaign-{test}-{}", std::process::id());
    let core = Core::open(
        paths,
        CoreOptions {
            events: Arc::new(events.clone()),
            overrides: ClientOverrides {
                evolution_url: Some(sandbox.url()),
                evolution_key: Some(Sensitive::new(KEY.to_owned())),
                openai_key: None,
            },
        },
    )
    .await;
    let list_id = import_contacts(&core, dir.path(), contacts).await;
    let template_id = library::create(
        core.db().unwrap(),
        &TemplateDraft {
            name: "Natal".into(),
            body: BODY.into(),
            media: None,
        },
    )
    .await
    .unwrap()
    .id;
    Rig {
        _dir: dir,
        sandbox,
        core,
        events,
        list_id,
        template_id,
    }
}

async fn import_contacts(core: &Core, dir: &Path, n: usize) -> i64 {
    let mut csv = String::from("Nome;Celular\n");
    for i in 0..n {
        csv.push_str(&format!("Cliente {i};11 98{i:03}-{:04}\n", 1000 + i));
    }
    import_csv(core.db().unwrap(), dir, "clientes.csv", &csv, "Clientes").await
}

/// The digits of contact `i`'s number.
pub(crate) fn number(i: usize) -> String {
    format!("551198{i:03}{:04}", 1000 + i)
}

fn unpaced() -> PacingSettings {
    PacingSettings {
        preset: PacingPreset::Unpaced,
        ..PacingSettings::default()
    }
}

pub(crate) fn draft(rig: &Rig, instances: &[&str]) -> CampaignDraft {
    CampaignDraft {
        name: "Natal".into(),
        list_id: rig.list_id,
        tag: None,
        source: MessageSource::Template {
            template_id: rig.template_id,
        },
        instances: instances.iter().map(|s| (*s).to_owned()).collect(),
        pacing: unpaced(),
    }
}

/// Short waits so a test settles unknown outcomes in well under a second.
pub(crate) fn quick() -> CampaignRunOptions {
    CampaignRunOptions {
        engine: Some(EngineOptions {
            settle_after: SignedDuration::from_millis(200),
            poll_every: SignedDuration::from_millis(50),
            progress_every: SignedDuration::from_millis(100),
            ..EngineOptions::default()
        }),
    }
}

pub(crate) async fn until_stopped(core: &Core, id: i64) -> CampaignView {
    let start = Instant::now();
    while core.campaign_is_running(id) {
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "campaign {id} still running"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    core.campaign_get(id).await.unwrap()
}

pub(crate) async fn all_recipients(core: &Core, id: i64) -> Vec<RecipientView> {
    core.campaign_recipients(
        id,
        &RecipientQuery {
            filter: RecipientFilter::All,
            search: None,
            after: None,
            limit: 1000,
        },
    )
    .await
    .unwrap()
    .rows
}

/// The sandbox delivered exactly the journal's sent rows: same recipients, same texts,
/// each once; nothing else. Returns how many were delivered.
async fn assert_matches_sandbox(rig: &Rig, id: i64) -> usize {
    let delivered: Vec<_> = rig
        .sandbox
        .control()
        .sent_messages()
        .into_iter()
        .filter(|m| m.delivered())
        .collect();
    let mut by_text: HashMap<String, Vec<String>> = HashMap::new();
    for m in &delivered {
        by_text
            .entry(m.text.clone().unwrap_or_default())
            .or_default()
            .push(whats_tip::evolution::digits(&m.jid));
    }
    let rows = all_recipients(&rig.core, id).await;
    let sent: Vec<&RecipientView> = rows
        .iter()
        .filter(|r| r.state == RecipientState::Sent)
        .collect();
    for r in &sent {
        let text = r.text.clone().unwrap();
        let got = by_text.get(&text).cloned().unwrap_or_default();
        assert_eq!(
            got.len(),
            1,
            "position {} delivered {} times",
            r.position,
            got.len()
        );
        assert_eq!(got[0], whats_tip::evolution::digits(&r.phone_e164));
    }
    for r in rows.iter().filter(|r| r.state != RecipientState::Sent) {
        if let Some(text) = &r.text {
            assert!(
                !by_text.contains_key(text),
                "position {} ({:?}) was delivered but is not sent in the journal",
                r.position,
                r.state
            );
        }
    }
    assert_eq!(
        delivered.len(),
        sent.len(),
        "the sandbox delivered messages the journal does not know"
    );
    delivered.len()
}

#[tokio::test]
async fn every_recipient_gets_exactly_one_message_across_two_instances() {
    let numbers = NumberDirectory::default().not_on_whatsapp(&number(7));
    let rig = rig("once", 40, &["loja-1", "loja-2"], numbers).await;
    let db = rig.core.db().unwrap();
    // Opted out before the campaign: excluded by the pre-flight.
    whats_tip::storage::opt_outs::add(db, &format!("+{}", number(3)), Some("pediu"))
        .await
        .unwrap();
    let view = rig
        .core
        .campaign_create(&draft(&rig, &["loja-1", "loja-2"]))
        .await
        .unwrap();
    assert_eq!(view.status, CampaignStatus::Draft);
    assert_eq!(view.counts.total, 40);
    assert_eq!(view.counts.excluded, 1);
    let preflight = rig.core.campaign_preflight(view.id).await.unwrap();
    assert_eq!(preflight.verdicts.opted_out, 1);
    assert_eq!(preflight.verdicts.unchecked, 39);
    assert!(preflight.sample_text.unwrap().starts_with("Olá Cliente 0!"));
    // Opted out after creation, before sending: gets nothing either.
    whats_tip::storage::opt_outs::add(db, &format!("+{}", number(5)), Some("SAIR"))
        .await
        .unwrap();

    rig.core
        .campaign_start_with(view.id, None, quick())
        .await
        .unwrap();
    // Looked at on every turn of the runtime, not on a timer: at the very moment the run
    // leaves the job registry, its final state has been sent.
    until_stopped_at_once(
        || rig.core.campaign_is_running(view.id),
        Duration::from_secs(90),
        "the campaign",
    )
    .await;
    let events = rig.events.take();
    let done = rig.core.campaign_get(view.id).await.unwrap();
    assert_eq!(done.status, CampaignStatus::Completed, "{done:?}");
    assert_eq!(done.counts.sent, 37);
    assert_eq!(done.counts.failed, 1, "the number without WhatsApp");
    assert_eq!(done.counts.excluded, 2);
    let rows = all_recipients(&rig.core, view.id).await;
    let absent = rows
        .iter()
        .find(|r| r.phone_e164.ends_with(&number(7)[2..]))
        .unwrap();
    assert_eq!(absent.error_code.as_deref(), Some("not_on_whatsapp"));
    assert_eq!(absent.verdict, Verdict::NotOnWhatsapp);
    let late = rows
        .iter()
        .find(|r| r.phone_e164.ends_with(&number(5)[2..]))
        .unwrap();
    assert_eq!(
        (late.state, late.verdict),
        (RecipientState::Excluded, Verdict::OptedOut)
    );
    // Both numbers took part.
    for i in &done.instances {
        assert!(i.sent > 0, "{} sent nothing", i.name);
    }
    assert_eq!(assert_matches_sandbox(&rig, view.id).await, 37);
    // Progress went out, and the end.
    assert!(events.iter().any(
        |e| matches!(e, AppEvent::CampaignProgress { campaign_id, .. } if *campaign_id == view.id)
    ));
    assert!(matches!(
        events.last(),
        Some(AppEvent::CampaignState {
            status: CampaignStatus::Completed,
            ..
        })
    ));
    // A completed campaign cannot start again.
    let again = rig.core.campaign_start(view.id, None).await.unwrap_err();
    assert_eq!(IpcError::from(again).code, ErrorCode::CampaignWrongStatus);
}

#[tokio::test]
async fn ambiguous_endings_are_looked_up_and_never_sent_twice() {
    let rig = rig(
        "ambiguous",
        60,
        &["loja-1", "loja-2"],
        NumberDirectory::default(),
    )
    .await;
    let view = rig
        .core
        .campaign_create(&draft(&rig, &["loja-1", "loja-2"]))
        .await
        .unwrap();
    // Every stored send answers "Timed Out" (it went out), and 30 % of requests fail with a
    // 500 before the server does anything (it did not): both look the same to the client.
    rig.sandbox.control().set_faults(Faults {
        after_send: AfterSend::TimedOut,
        server_error_rate: 0.3,
        ..Faults::default()
    });
    rig.core
        .campaign_start_with(view.id, None, quick())
        .await
        .unwrap();
    // Let the lookups see the faults, then let the server behave again.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    rig.sandbox.control().set_faults(Faults::default());
    let done = until_stopped(&rig.core, view.id).await;
    assert_eq!(done.status, CampaignStatus::Completed, "{done:?}");
    assert_eq!(done.counts.sent, 60);
    assert_eq!(assert_matches_sandbox(&rig, view.id).await, 60);
}

#[tokio::test]
async fn a_number_logged_out_mid_run_leaves_and_the_other_finishes() {
    let rig = rig(
        "logout",
        80,
        &["loja-1", "loja-2"],
        NumberDirectory::default(),
    )
    .await;
    let view = rig
        .core
        .campaign_create(&draft(&rig, &["loja-1", "loja-2"]))
        .await
        .unwrap();
    rig.sandbox.control().set_faults(Faults {
        latency: Duration::from_millis(10),
        ..Faults::default()
    });
    rig.core
        .campaign_start_with(view.id, None, quick())
        .await
        .unwrap();
    while rig.sandbox.control().sent_messages().len() < 10 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // Unlinked on the phone: a final close.
    rig.sandbox.control().disconnect("loja-1", 401);
    let done = until_stopped(&rig.core, view.id).await;
    assert_eq!(done.status, CampaignStatus::Completed, "{done:?}");
    assert_eq!(done.counts.sent, 80);
    let loja1 = done.instances.iter().find(|i| i.name == "loja-1").unwrap();
    assert_eq!(loja1.left_reason, Some(LeftReason::Closed));
    assert_eq!(assert_matches_sandbox(&rig, view.id).await, 80);
}

#[tokio::test]
async fn a_licence_gate_pauses_the_campaign_and_resume_finishes_it() {
    let rig = rig("licence", 20, &["loja-1"], NumberDirectory::default()).await;
    let view = rig
        .core
        .campaign_create(&draft(&rig, &["loja-1"]))
        .await
        .unwrap();
    rig.sandbox.control().set_faults(Faults {
        licence_required: true,
        ..Faults::default()
    });
    rig.core
        .campaign_start_with(view.id, None, quick())
        .await
        .unwrap();
    let paused = until_stopped(&rig.core, view.id).await;
    assert_eq!(paused.status, CampaignStatus::Paused);
    assert_eq!(paused.pause_reason, Some(PauseReason::Server));
    assert_eq!(paused.counts.pending, 20, "nothing is lost or half-written");
    rig.sandbox.control().set_faults(Faults::default());
    rig.core
        .campaign_start_with(view.id, None, quick())
        .await
        .unwrap();
    let done = until_stopped(&rig.core, view.id).await;
    assert_eq!(done.status, CampaignStatus::Completed);
    assert_eq!(assert_matches_sandbox(&rig, view.id).await, 20);
}

#[tokio::test]
async fn what_cannot_be_settled_waits_for_the_user() {
    let rig = rig("attention", 6, &["loja-1"], NumberDirectory::default()).await;
    let view = rig
        .core
        .campaign_create(&draft(&rig, &["loja-1"]))
        .await
        .unwrap();
    // Every request fails: sends end unknown, and so does every lookup.
    rig.sandbox.control().set_faults(Faults {
        server_error_rate: 1.0,
        ..Faults::default()
    });
    rig.core
        .campaign_start_with(view.id, None, quick())
        .await
        .unwrap();
    let paused = until_stopped(&rig.core, view.id).await;
    assert_eq!(paused.status, CampaignStatus::Paused, "{paused:?}");
    assert_eq!(paused.pause_reason, Some(PauseReason::NeedsAttention));
    assert_eq!(paused.counts.needs_attention, 6);
    assert!(rig.sandbox.control().sent_messages().is_empty());
    rig.sandbox.control().set_faults(Faults::default());
    // The user saw two on the phone, and asks to resend the rest.
    let rows = all_recipients(&rig.core, view.id).await;
    let positions: Vec<u32> = rows.iter().map(|r| r.position).collect();
    rig.core
        .campaign_resolve(view.id, &positions[..2], AttentionChoice::MarkSent)
        .await
        .unwrap();
    rig.core
        .campaign_resolve(view.id, &positions[2..], AttentionChoice::Resend)
        .await
        .unwrap();
    let done = until_stopped(&rig.core, view.id).await;
    assert_eq!(done.status, CampaignStatus::Completed, "{done:?}");
    assert_eq!(done.counts.sent, 6);
    assert_eq!(rig.sandbox.control().sent_messages().len(), 4);
}

#[tokio::test]
async fn pause_stops_sending_and_resume_continues_without_repeats() {
    let rig = rig("pause", 60, &["loja-1"], NumberDirectory::default()).await;
    let view = rig
        .core
        .campaign_create(&draft(&rig, &["loja-1"]))
        .await
        .unwrap();
    rig.sandbox.control().set_faults(Faults {
        latency: Duration::from_millis(15),
        ..Faults::default()
    });
    rig.core
        .campaign_start_with(view.id, None, quick())
        .await
        .unwrap();
    while rig.sandbox.control().sent_messages().len() < 5 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let paused = rig.core.campaign_pause(view.id).await.unwrap();
    assert_eq!(paused.pause_reason, Some(PauseReason::User));
    let stopped = until_stopped(&rig.core, view.id).await;
    assert_eq!(stopped.status, CampaignStatus::Paused);
    let sent_at_pause = rig.sandbox.control().sent_messages().len();
    assert!(sent_at_pause < 60);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        rig.sandbox.control().sent_messages().len(),
        sent_at_pause,
        "sent while paused"
    );
    rig.core
        .campaign_start_with(view.id, None, quick())
        .await
        .unwrap();
    let done = until_stopped(&rig.core, view.id).await;
    assert_eq!(done.status, CampaignStatus::Completed);
    assert_eq!(assert_matches_sandbox(&rig, view.id).await, 60);

    // Cancel is final.
    let view2 = rig
        .core
        .campaign_create(&draft(&rig, &["loja-1"]))
        .await
        .unwrap();
    let cancelled = rig.core.campaign_cancel(view2.id).await.unwrap();
    assert_eq!(cancelled.status, CampaignStatus::Cancelled);
    let err = rig.core.campaign_start(view2.id, None).await.unwrap_err();
    assert_eq!(IpcError::from(err).code, ErrorCode::CampaignWrongStatus);
}

#[tokio::test]
async fn unpaced_sending_is_refused_to_a_remote_server() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = AppPaths::in_dir(dir.path());
    paths.keyring_service = format!("whats-tip-test-campaign-remote-{}", std::process::id());
    let core = Core::open(
        paths,
        CoreOptions {
            overrides: ClientOverrides {
                evolution_url: Some("https://evo.example.com".into()),
                evolution_key: Some(Sensitive::new(KEY.to_owned())),
                openai_key: None,
            },
            ..CoreOptions::default()
        },
    )
    .await;
    let list_id = import_contacts(&core, dir.path(), 3).await;
    let template_id = library::create(
        core.db().unwrap(),
        &TemplateDraft {
            name: "t".into(),
            body: BODY.into(),
            media: None,
        },
    )
    .await
    .unwrap()
    .id;
    let view = core
        .campaign_create(&CampaignDraft {
            name: "x".into(),
            list_id,
            tag: None,
            source: MessageSource::Template { template_id },
            instances: vec!["loja-1".into()],
            pacing: unpaced(),
        })
        .await
        .unwrap();
    let err: AppError = core.campaign_start(view.id, None).await.unwrap_err();
    assert_eq!(IpcError::from(err).code, ErrorCode::CampaignUnpacedRefused);
    assert_eq!(
        core.campaign_get(view.id).await.unwrap().status,
        CampaignStatus::Draft
    );
}

#[tokio::test]
async fn new_contact_refusals_stop_that_number_and_fail_only_those_messages() {
    let rig = rig(
        "refusals",
        40,
        &["loja-1", "loja-2"],
        NumberDirectory::default(),
    )
    .await;
    let view = rig
        .core
        .campaign_create(&draft(&rig, &["loja-1", "loja-2"]))
        .await
        .unwrap();
    // WhatsApp refuses every new contact of loja-1 a moment after the server accepts it.
    rig.sandbox.control().set_instance_faults(
        "loja-1",
        Faults {
            new_contact_error_rate: 1.0,
            latency: Duration::from_millis(5),
            ..Faults::default()
        },
    );
    rig.sandbox.control().set_faults(Faults {
        latency: Duration::from_millis(5),
        ..Faults::default()
    });
    rig.core
        .campaign_start_with(view.id, None, quick())
        .await
        .unwrap();
    let done = until_stopped(&rig.core, view.id).await;
    assert_eq!(done.status, CampaignStatus::Completed, "{done:?}");
    let loja1 = done.instances.iter().find(|i| i.name == "loja-1").unwrap();
    assert_eq!(
        loja1.left_reason,
        Some(LeftReason::NewContactsBlocked),
        "{done:?}"
    );
    assert_eq!(loja1.sent, 0, "every loja-1 message was refused");
    assert!(loja1.failed >= 3);
    let rows = all_recipients(&rig.core, view.id).await;
    for r in rows.iter().filter(|r| r.state == RecipientState::Failed) {
        assert_eq!(r.error_code.as_deref(), Some("new_contact_refused"));
        assert_eq!(r.instance.as_deref(), Some("loja-1"));
    }
    assert_eq!(done.counts.sent + done.counts.failed, 40);
    assert_eq!(
        assert_matches_sandbox(&rig, view.id).await,
        done.counts.sent as usize
    );
    // "Retry failed" sends them again through the number still in the rotation.
    rig.sandbox.control().clear_instance_faults("loja-1");
    rig.core.campaign_retry_failed(view.id).await.unwrap();
    let again = until_stopped(&rig.core, view.id).await;
    assert_eq!(again.counts.sent, 40, "{again:?}");
}

#[tokio::test]
async fn on_an_injected_clock_each_number_keeps_its_gaps_and_the_window_end_pauses_the_run() {
    use whats_tip::campaign::clock::{Clock, ManualClock};
    use whats_tip::campaign::pacing::Weekday;

    let rig = rig(
        "paced",
        120,
        &["loja-1", "loja-2"],
        NumberDirectory::default(),
    )
    .await;
    let mut pacing = PacingSettings {
        preset: PacingPreset::Fast,
        typing: false,
        ..PacingSettings::default()
    };
    pacing.window.days = vec![
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
    ];
    let view = rig
        .core
        .campaign_create(&CampaignDraft {
            pacing,
            ..draft(&rig, &["loja-1", "loja-2"])
        })
        .await
        .unwrap();
    // Monday 19:50 in São Paulo: ten minutes of window left.
    let start: jiff::Timestamp = "2026-12-07T22:50:00Z".parse().unwrap();
    let clock = ManualClock::new(start);
    let options = CampaignRunOptions {
        engine: Some(EngineOptions {
            clock: Clock::Manual(clock.clone()),
            settle_after: SignedDuration::from_secs(30),
            poll_every: SignedDuration::from_secs(1),
            progress_every: SignedDuration::from_secs(5),
            seed: Some(7),
            ..EngineOptions::default()
        }),
    };
    rig.core
        .campaign_start_with(view.id, None, options)
        .await
        .unwrap();
    // Time moves only here: a second of campaign time every millisecond.
    let began = Instant::now();
    while rig.core.campaign_is_running(view.id) {
        assert!(
            began.elapsed() < Duration::from_secs(60),
            "still running at {}",
            clock.now()
        );
        clock.advance(SignedDuration::from_secs(1));
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let paused = rig.core.campaign_get(view.id).await.unwrap();
    assert_eq!(paused.status, CampaignStatus::Paused, "{paused:?}");
    assert_eq!(paused.pause_reason, Some(PauseReason::WindowClosed));
    // Tuesday 09:00 in São Paulo.
    assert_eq!(
        paused.resume_at.as_deref(),
        Some("2026-12-08T12:00:00.000Z")
    );
    let rows = all_recipients(&rig.core, view.id).await;
    let window_end: jiff::Timestamp = "2026-12-07T23:00:00Z".parse().unwrap();
    let mut sent = 0;
    for name in ["loja-1", "loja-2"] {
        let mut times: Vec<jiff::Timestamp> = rows
            .iter()
            .filter(|r| r.instance.as_deref() == Some(name) && r.state == RecipientState::Sent)
            .map(|r| r.intent_at.as_deref().unwrap().parse().unwrap())
            .collect();
        times.sort();
        // Fast: 8–20 s gaps and a 3–10 min pause every 15–25 messages.
        assert!(times.len() >= 10, "{name} sent only {}", times.len());
        sent += times.len();
        for pair in times.windows(2) {
            let gap = pair[1].duration_since(pair[0]);
            assert!(
                gap >= SignedDuration::from_secs(8),
                "{name}: a gap of {gap:?}"
            );
        }
        for (i, t) in times.iter().enumerate() {
            assert!(
                *t >= start && *t < window_end,
                "{name} sent outside the window at {t}"
            );
            let in_minute = times[i..]
                .iter()
                .take_while(|u| u.duration_since(*t) < SignedDuration::from_secs(60))
                .count();
            assert!(
                in_minute <= 8,
                "{name}: {in_minute} messages within a minute from {t}"
            );
        }
    }
    assert_eq!(paused.counts.sent as usize, sent);
    assert!(sent < 120, "ten minutes cannot hold 120 paced messages");
    assert_eq!(
        paused.counts.pending as usize,
        120 - sent,
        "nothing lost or half-written"
    );
    assert_eq!(assert_matches_sandbox(&rig, view.id).await, sent);
}
