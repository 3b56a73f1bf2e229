//! The core following the Evolution sandbox's live events (socket.io, one stream per
//! instance): receipts reach the journal and the funnel, replies are attributed and a stop
//! word opts the number out with its proof, a sentence waits for review, and a link state
//! from the stream takes a number out of a campaign before it sends.

use std::future::Future;
use std::time::{Duration, Instant};

use whats_tip::campaign::{CampaignStatus, CampaignView, LeftReason};
use whats_tip::events::AppEvent;
use whats_tip::evolution::ConnectionState;
use whats_tip::evolution_sandbox::{Faults, IncomingMessage, NumberDirectory};
use whats_tip::history::{ReplyIntent, ReplyQuery};

use crate::campaigns::{all_recipients, draft, quick, rig, until_stopped, Rig};

/// Polls `check` until it returns `Some`, failing after `secs`.
async fn eventually<T, F, Fut>(secs: u64, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A campaign to the whole list through both numbers, sent to the end.
async fn send_to_all(rig: &Rig) -> CampaignView {
    let view = rig
        .core
        .campaign_create(&draft(rig, &["loja-1", "loja-2"]))
        .await
        .unwrap();
    rig.core
        .campaign_start_with(view.id, None, quick())
        .await
        .unwrap();
    until_stopped(&rig.core, view.id).await
}

#[tokio::test]
async fn receipts_and_replies_arrive_live_and_a_stop_word_opts_the_number_out() {
    let rig = rig(
        "live-history",
        70,
        &["loja-1", "loja-2"],
        NumberDirectory::default(),
    )
    .await;
    rig.core.start_background_work();
    // Everyone who reads a message from loja-2 answers "SAIR", quoting it.
    rig.sandbox.control().set_instance_faults(
        "loja-2",
        Faults {
            auto_reply_text: Some("SAIR".into()),
            ..Faults::default()
        },
    );
    // No waiting for the streams: an instance's namespace exists only after its first
    // event (the first send), so early statuses come from the poll made when each stream
    // joins, later ones live.
    let done = send_to_all(&rig).await;
    assert_eq!(done.status, CampaignStatus::Completed, "{done:?}");
    let recipients = all_recipients(&rig.core, done.id).await;
    let by_loja2: Vec<_> = recipients
        .iter()
        .filter(|r| r.instance.as_deref() == Some("loja-2"))
        .collect();
    // Unpaced workers claim 32 rows at a time: both numbers get some of the 70.
    assert!(
        !by_loja2.is_empty() && by_loja2.len() < 70,
        "both numbers sent"
    );

    // The sandbox moves each message to READ one step a second; nothing polls it here.
    let funnel = eventually(30, "every message read and loja-2's answers", || async {
        let report = rig.core.history_report(done.id).await.unwrap();
        (report.funnel.read == 70 && report.funnel.opted_out as usize == by_loja2.len())
            .then_some(report.funnel)
    })
    .await;
    // The report's per-number health (from the one pass it shares with the campaign view)
    // says what the stand-alone query says.
    let report = rig.core.history_report(done.id).await.unwrap();
    let standalone = whats_tip::history::report::instance_health(rig.core.db().unwrap(), done.id)
        .await
        .unwrap();
    assert_eq!(report.instances, standalone);
    assert_eq!(
        report.instances.iter().map(|i| i.delivered).sum::<u32>(),
        70
    );
    assert_eq!(funnel.submitted, 70);
    assert_eq!(funnel.delivered, 70, "a read message was delivered");
    assert_eq!(funnel.replied as usize, by_loja2.len());

    let opted_out = whats_tip::storage::opt_outs::list(rig.core.db().unwrap())
        .await
        .unwrap();
    for r in &by_loja2 {
        assert!(
            opted_out.iter().any(|o| o.phone_e164 == r.phone_e164),
            "{} answered SAIR and is on the do-not-contact list",
            r.phone_e164
        );
    }
    assert_eq!(opted_out.len(), by_loja2.len(), "no one else was opted out");
    let proofs: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT phone_e164, proof FROM consent_ledger WHERE action = 'opt_out' ORDER BY id",
    )
    .fetch_all(rig.core.db().unwrap().pool())
    .await
    .unwrap();
    assert_eq!(proofs.len(), by_loja2.len());
    assert!(proofs
        .iter()
        .all(|(_, proof)| proof.as_deref().is_some_and(|p| p.contains("SAIR"))));

    // A loja-1 contact says "sair" inside a sentence: review, never an automatic opt-out.
    let target = recipients
        .iter()
        .find(|r| r.instance.as_deref() == Some("loja-1"))
        .unwrap();
    rig.sandbox
        .control()
        .incoming(
            "loja-1",
            IncomingMessage {
                from: target.phone_e164.trim_start_matches('+').to_owned(),
                text: "Hoje não vou sair de casa, passo na loja amanhã".into(),
                quoted: target.message_id.clone(),
                push_name: Some("Cliente".into()),
                lid: None,
            },
        )
        .unwrap();
    let review = eventually(15, "the reply in the review list", || async {
        let page = rig
            .core
            .history_replies(&ReplyQuery {
                campaign_id: Some(done.id),
                review_only: true,
                opted_out_only: None,
                before: None,
                limit: 50,
            })
            .await
            .unwrap();
        page.into_iter().next()
    })
    .await;
    assert_eq!(review.intent, ReplyIntent::Review);
    assert_eq!(review.position, Some(target.position));
    let still = whats_tip::storage::opt_outs::list(rig.core.db().unwrap())
        .await
        .unwrap();
    assert!(!still.iter().any(|o| o.phone_e164 == target.phone_e164));

    let events = rig.events.take();
    assert!(events.iter().any(|e| matches!(
        e,
        AppEvent::HistoryChanged {
            consent_changed: true,
            ..
        }
    )));
    rig.core.shut_down().await;
}

#[tokio::test]
async fn a_session_closed_on_the_live_stream_leaves_the_rotation_before_sending() {
    let rig = rig(
        "live-close",
        10,
        &["loja-1", "loja-2"],
        NumberDirectory::default(),
    )
    .await;
    rig.core.start_background_work();
    // A namespace exists once its instance emitted an event (with its events turned on by
    // the listener): a message from a stranger.
    for name in ["loja-1", "loja-2"] {
        let set = format!("/websocket/set/{name}");
        eventually(15, "the events turned on", || async {
            rig.sandbox
                .control()
                .requests()
                .iter()
                .any(|r| r.path == set)
                .then_some(())
        })
        .await;
        rig.sandbox
            .control()
            .incoming(
                name,
                IncomingMessage {
                    from: "5511911110000".into(),
                    text: "bom dia".into(),
                    quoted: None,
                    push_name: None,
                    lid: None,
                },
            )
            .unwrap();
        eventually(15, "the instances' streams", || async {
            rig.core.live_states().is_up(name).then_some(())
        })
        .await;
    }
    // Unlinked on the phone: the stream says so at once.
    rig.sandbox.control().disconnect("loja-1", 401);
    eventually(15, "the close on loja-1's stream", || async {
        rig.events
            .take()
            .into_iter()
            .any(|e| {
                matches!(e, AppEvent::InstanceState { ref instance, state: ConnectionState::Close, status_reason: Some(401) } if instance == "loja-1")
            })
            .then_some(())
    })
    .await;
    // The Instances screen takes loja-1's state from its stream; loja-2 reported none yet.
    let client = rig.core.evolution().await.unwrap();
    let listed = whats_tip::instance_views::list_with(&client, rig.core.live_states())
        .await
        .unwrap();
    let loja1 = listed.iter().find(|i| i.name == "loja-1").unwrap();
    assert!(loja1.live);
    assert_eq!(loja1.state, ConnectionState::Close);
    assert!(!listed.iter().find(|i| i.name == "loja-2").unwrap().live);

    let done = send_to_all(&rig).await;
    assert_eq!(done.status, CampaignStatus::Completed, "{done:?}");
    assert_eq!(done.counts.sent, 10);
    let loja1 = done.instances.iter().find(|i| i.name == "loja-1").unwrap();
    assert_eq!(loja1.left_reason, Some(LeftReason::Refused));
    assert_eq!(
        loja1.left_detail.as_deref(),
        Some("connection.update: close (401)"),
        "it left on the stream's word, not after a refused send"
    );
    assert_eq!(loja1.sent, 0);
    let attempts = rig
        .sandbox
        .control()
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/message/sendText/loja-1"))
        .count();
    assert_eq!(attempts, 0, "nothing was tried through the closed number");
    rig.core.shut_down().await;
}
