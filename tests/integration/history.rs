//! History over a real campaign journal: status events become monotonic receipts (each
//! event once, in any order), replies are attributed to the message they answer, and the
//! opt-out rules change the do-not-contact list with the reply kept as proof.

use sqlx::Row;
use whats_tip::campaign::CampaignStatus;
use whats_tip::evolution_sandbox::NumberDirectory;
use whats_tip::history::receipts::{self, ReceiptStatus, StatusEvent};
use whats_tip::history::replies::{self, IncomingMessage};
use whats_tip::history::{default_stop_words, ReplyIntent};
use whats_tip::storage::Db;

use crate::campaigns::{all_recipients, draft, quick, rig, until_stopped};

struct Sent {
    position: i64,
    phone: String,
    jid: String,
    message_id: String,
    sent_at: String,
}

async fn receipt(db: &Db, position: i64) -> (Option<String>, Option<String>, Option<String>) {
    let row = sqlx::query(
        "SELECT receipt, delivered_at, read_at FROM campaign_recipients WHERE position = ?",
    )
    .bind(position)
    .fetch_one(db.pool())
    .await
    .unwrap();
    (row.get(0), row.get(1), row.get(2))
}

async fn column(db: &Db, sql: &'static str, position: i64) -> Option<String> {
    sqlx::query_scalar(sql)
        .bind(position)
        .fetch_one(db.pool())
        .await
        .unwrap()
}

async fn opted_out(db: &Db, phone: &str) -> bool {
    whats_tip::storage::opt_outs::list(db)
        .await
        .unwrap()
        .iter()
        .any(|o| o.phone_e164 == phone)
}

async fn ledger(db: &Db) -> Vec<(String, String, String, Option<String>)> {
    sqlx::query_as("SELECT phone_e164, action, source, proof FROM consent_ledger ORDER BY id")
        .fetch_all(db.pool())
        .await
        .unwrap()
}

fn event(sent: &Sent, status: ReceiptStatus, at: &str) -> StatusEvent {
    StatusEvent {
        instance: "loja-1".into(),
        message_id: sent.message_id.clone(),
        status,
        at: at.into(),
    }
}

fn reply(sent: &Sent, id: &str, text: &str, quoted: bool, after_hours: i64) -> IncomingMessage {
    let at: jiff::Timestamp = sent.sent_at.parse().unwrap();
    let at = at + jiff::SignedDuration::from_hours(after_hours);
    IncomingMessage {
        instance: "loja-1".into(),
        message_id: id.into(),
        jid: sent.jid.clone(),
        push_name: Some("Cliente".into()),
        text: text.into(),
        quoted_id: quoted.then(|| sent.message_id.clone()),
        received_at: whats_tip::campaign::clock::to_db(at),
    }
}

#[tokio::test]
async fn receipts_only_move_forward_and_replies_change_consent_with_proof() {
    let rig = rig("history", 6, &["loja-1"], NumberDirectory::default()).await;
    let view = rig
        .core
        .campaign_create(&draft(&rig, &["loja-1"]))
        .await
        .unwrap();
    rig.core
        .campaign_start_with(view.id, None, quick())
        .await
        .unwrap();
    assert_eq!(
        until_stopped(&rig.core, view.id).await.status,
        CampaignStatus::Completed
    );
    let sent: Vec<Sent> = all_recipients(&rig.core, view.id)
        .await
        .into_iter()
        .map(|r| Sent {
            position: i64::from(r.position),
            phone: r.phone_e164,
            jid: r.jid.unwrap(),
            message_id: r.message_id.unwrap(),
            sent_at: r.sent_at.unwrap(),
        })
        .collect();
    assert_eq!(sent.len(), 6);
    let db = rig.core.db().unwrap();

    // In order; read before delivered; an error then a late success; repeats; a stranger.
    let batch = vec![
        event(&sent[0], ReceiptStatus::ServerAck, "2026-12-05T12:00:01Z"),
        event(&sent[0], ReceiptStatus::DeliveryAck, "2026-12-05T12:00:02Z"),
        event(&sent[0], ReceiptStatus::Read, "2026-12-05T12:05:00Z"),
        event(&sent[1], ReceiptStatus::Read, "2026-12-05T12:09:00Z"),
        event(&sent[1], ReceiptStatus::DeliveryAck, "2026-12-05T12:01:00Z"),
        event(&sent[1], ReceiptStatus::Read, "2026-12-05T12:09:00Z"),
        event(&sent[2], ReceiptStatus::Error, "2026-12-05T12:00:03Z"),
        StatusEvent {
            instance: "loja-1".into(),
            message_id: "3EB0NOTOURS".into(),
            status: ReceiptStatus::Read,
            at: "2026-12-05T12:00:00Z".into(),
        },
        // The same message id from another instance is another message.
        StatusEvent {
            instance: "loja-2".into(),
            message_id: sent[3].message_id.clone(),
            status: ReceiptStatus::Read,
            at: "2026-12-05T12:00:00Z".into(),
        },
    ];
    let stats = receipts::apply(db, &batch).await.unwrap();
    assert_eq!(
        (
            stats.recorded,
            stats.advanced,
            stats.duplicates,
            stats.unrelated
        ),
        (6, 5, 1, 2)
    );
    assert_eq!(
        receipt(db, sent[0].position).await,
        (
            Some("read".into()),
            Some("2026-12-05T12:00:02Z".into()),
            Some("2026-12-05T12:05:00Z".into())
        )
    );
    // The read filled "delivered" too; the late delivery moved nothing back.
    assert_eq!(
        receipt(db, sent[1].position).await,
        (
            Some("read".into()),
            Some("2026-12-05T12:09:00Z".into()),
            Some("2026-12-05T12:09:00Z".into())
        )
    );
    assert_eq!(
        receipt(db, sent[2].position).await.0.as_deref(),
        Some("error")
    );
    let later = [event(
        &sent[2],
        ReceiptStatus::ServerAck,
        "2026-12-05T12:00:09Z",
    )];
    assert_eq!(receipts::apply(db, &later).await.unwrap().advanced, 1);
    assert_eq!(
        receipt(db, sent[2].position).await.0.as_deref(),
        Some("server_ack")
    );
    // Applying everything again changes nothing.
    let again = receipts::apply(db, &batch).await.unwrap();
    assert_eq!((again.recorded, again.duplicates), (0, 7));

    // Not delivered yet: the ones to ask the server about.
    let waiting = receipts::unconfirmed(db, "2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z", 100)
        .await
        .unwrap();
    let mut ids: Vec<&str> = waiting.iter().map(|u| u.message_id.as_str()).collect();
    ids.sort_unstable();
    let mut expected: Vec<&str> = sent[2..].iter().map(|s| s.message_id.as_str()).collect();
    expected.sort_unstable();
    assert_eq!(ids, expected);

    let words = default_stop_words();
    // "SAIR" quoting the campaign message: out at once, with the proof.
    let out = replies::ingest(db, &reply(&sent[0], "IN-1", "SAIR", true, 1), &words)
        .await
        .unwrap();
    assert_eq!(out.intent, ReplyIntent::OptOut);
    assert_eq!(out.campaign, Some((view.id, sent[0].position)));
    assert!(out.consent_changed && !out.duplicate);
    assert!(opted_out(db, &sent[0].phone).await);
    assert_eq!(
        ledger(db).await,
        vec![(
            sent[0].phone.clone(),
            "opt_out".into(),
            "reply".into(),
            Some("SAIR".into())
        )]
    );
    let sql_replied = "SELECT replied_at FROM campaign_recipients WHERE position = ?";
    let sql_out = "SELECT opted_out_at FROM campaign_recipients WHERE position = ?";
    assert!(column(db, sql_replied, sent[0].position).await.is_some());
    assert!(column(db, sql_out, sent[0].position).await.is_some());
    // The socket repeats it: nothing more happens.
    let repeat = replies::ingest(db, &reply(&sent[0], "IN-1", "SAIR", true, 1), &words)
        .await
        .unwrap();
    assert!(repeat.duplicate);
    assert_eq!(ledger(db).await.len(), 1);

    // "sair" inside a sentence, without a quote: attributed by time, left for a person.
    let maybe = replies::ingest(
        db,
        &reply(
            &sent[1],
            "IN-2",
            "Hoje não vou sair de casa, passo amanhã",
            false,
            2,
        ),
        &words,
    )
    .await
    .unwrap();
    assert_eq!(maybe.intent, ReplyIntent::Review);
    assert_eq!(maybe.campaign, Some((view.id, sent[1].position)));
    assert!(!maybe.consent_changed);
    assert!(!opted_out(db, &sent[1].phone).await);
    assert!(column(db, sql_out, sent[1].position).await.is_none());
    assert!(replies::resolve_review(db, maybe.reply_id, false)
        .await
        .unwrap());
    assert!(!opted_out(db, &sent[1].phone).await, "kept by the person");
    assert!(
        !replies::resolve_review(db, maybe.reply_id, true)
            .await
            .unwrap(),
        "decided once"
    );

    // An ordinary answer counts as a reply and nothing else.
    let question = replies::ingest(
        db,
        &reply(&sent[2], "IN-3", "Quanto custa?", false, 5),
        &words,
    )
    .await
    .unwrap();
    assert_eq!(question.intent, ReplyIntent::None);
    assert!(column(db, sql_replied, sent[2].position).await.is_some());

    // Past 72 hours and without a quote, a message is not an answer to the campaign.
    let late = replies::ingest(db, &reply(&sent[3], "IN-4", "oi", false, 73), &words)
        .await
        .unwrap();
    assert_eq!(late.campaign, None);
    assert!(column(db, sql_replied, sent[3].position).await.is_none());

    // A reviewed opt-out goes in with the review as its source.
    let ambiguous = replies::ingest(
        db,
        &reply(&sent[4], "IN-5", "pode parar de mandar?", true, 1),
        &words,
    )
    .await
    .unwrap();
    assert_eq!(ambiguous.intent, ReplyIntent::Review);
    assert!(replies::resolve_review(db, ambiguous.reply_id, true)
        .await
        .unwrap());
    assert!(opted_out(db, &sent[4].phone).await);
    assert!(column(db, sql_out, sent[4].position).await.is_some());

    // "VOLTAR" brings the first one back, on the record.
    let back = replies::ingest(db, &reply(&sent[0], "IN-6", "Voltar", false, 3), &words)
        .await
        .unwrap();
    assert_eq!(back.intent, ReplyIntent::OptIn);
    assert!(back.consent_changed);
    assert!(!opted_out(db, &sent[0].phone).await);
    let entries = ledger(db).await;
    assert_eq!(entries.len(), 3, "{entries:?}");
    assert_eq!(
        (entries[1].1.as_str(), entries[1].2.as_str()),
        ("opt_out", "review")
    );
    assert_eq!(
        (entries[2].1.as_str(), entries[2].3.as_deref()),
        ("opt_in", Some("Voltar"))
    );
    // "VOLTAR" from someone who never left changes nothing.
    let noop = replies::ingest(db, &reply(&sent[5], "IN-7", "VOLTAR", false, 1), &words)
        .await
        .unwrap();
    assert!(!noop.consent_changed);
    assert_eq!(ledger(db).await.len(), 3);

    // The report: the funnel kept by triggers agrees with the rows.
    let report = rig.core.history_report(view.id).await.unwrap();
    let f = report.funnel;
    assert_eq!(
        (
            f.audience,
            f.submitted,
            f.delivered,
            f.read,
            f.replied,
            f.opted_out
        ),
        (6, 6, 2, 2, 5, 2)
    );
    let recount: (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT SUM(delivered_at IS NOT NULL), SUM(read_at IS NOT NULL),
                SUM(replied_at IS NOT NULL), SUM(opted_out_at IS NOT NULL)
           FROM campaign_recipients WHERE campaign_id = ?",
    )
    .bind(view.id)
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(recount, (2, 2, 5, 2));
    assert_eq!(report.instances.len(), 1);
    assert_eq!(
        (report.instances[0].sent, report.instances[0].delivered),
        (6, 2)
    );
    assert_eq!(
        report
            .replies_per_hour
            .iter()
            .map(|h| h.replies)
            .sum::<u32>(),
        6
    );
    assert_eq!(
        report.undelivered_week, 0,
        "everything was sent minutes ago"
    );
    let waiting_review = rig
        .core
        .history_replies(&whats_tip::history::ReplyQuery {
            review_only: true,
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(waiting_review.is_empty(), "{waiting_review:?}");
    let first_page = rig
        .core
        .history_replies(&whats_tip::history::ReplyQuery {
            campaign_id: Some(view.id),
            limit: 4,
            ..Default::default()
        })
        .await
        .unwrap();
    let next_page = rig
        .core
        .history_replies(&whats_tip::history::ReplyQuery {
            campaign_id: Some(view.id),
            before: first_page.last().map(|r| r.id),
            limit: 4,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((first_page.len(), next_page.len()), (4, 2));
    assert!(first_page[0].id > next_page[0].id, "newest first");
    use whats_tip::history::TimelineKind;
    let kinds: Vec<_> = rig
        .core
        .history_timeline(&sent[0].phone)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    for kind in [
        TimelineKind::Sent,
        TimelineKind::Delivered,
        TimelineKind::Read,
        TimelineKind::Replied,
        TimelineKind::OptedOut,
        TimelineKind::OptedIn,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} missing from {kinds:?}");
    }

    // Changes made by hand are on the record too, with the reason typed.
    let typed = whats_tip::contacts::add_opt_out(
        db,
        "BR",
        whats_tip::contacts::OptOutInput {
            phone: "(21) 98888-7777".into(),
            reason: Some("pediu por telefone".into()),
        },
    )
    .await
    .unwrap();
    whats_tip::contacts::remove_opt_out(db, &typed)
        .await
        .unwrap();
    let entries = ledger(db).await;
    assert_eq!(
        entries[3..],
        [
            (
                typed.clone(),
                "opt_out".into(),
                "user".into(),
                Some("pediu por telefone".into())
            ),
            (typed, "opt_in".into(), "user".into(), None),
        ]
    );
}
