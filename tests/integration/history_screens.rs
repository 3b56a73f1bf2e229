//! The history screens over a real campaign journal: the campaign list (one query per page,
//! keyset pages, search, status and period filters, counts and the small funnel).

use whats_tip::campaign::pacing::PacingSettings;
use whats_tip::campaign::{CampaignDraft, CampaignStatus, RecipientFilter, RecipientQuery};
use whats_tip::evolution_sandbox::NumberDirectory;
use whats_tip::history::receipts::{ReceiptStatus, StatusEvent};
use whats_tip::history::replies::IncomingMessage;
use whats_tip::history::{CampaignListQuery, ReplyIntent};

use crate::campaigns::{all_recipients, draft, quick, rig, until_stopped};

fn list(limit: u32) -> CampaignListQuery {
    CampaignListQuery {
        limit,
        ..CampaignListQuery::default()
    }
}

#[tokio::test]
async fn campaign_list_pages_by_id_with_counts_funnel_and_filters() {
    let rig = rig(
        "history-list",
        3,
        &["loja-1", "loja-2"],
        NumberDirectory::default(),
    )
    .await;
    let core = &rig.core;
    let natal = core
        .campaign_create(&draft(&rig, &["loja-2", "loja-1"]))
        .await
        .unwrap();
    core.campaign_start_with(natal.id, None, quick())
        .await
        .unwrap();
    assert_eq!(
        until_stopped(core, natal.id).await.status,
        CampaignStatus::Completed
    );
    let first = all_recipients(core, natal.id).await.remove(0);
    core.history_apply_receipts(&[
        StatusEvent {
            instance: first.instance.clone().unwrap(),
            message_id: first.message_id.clone().unwrap(),
            status: ReceiptStatus::DeliveryAck,
            at: "2026-12-05T12:00:02Z".into(),
        },
        StatusEvent {
            instance: first.instance.clone().unwrap(),
            message_id: first.message_id.clone().unwrap(),
            status: ReceiptStatus::Read,
            at: "2026-12-05T12:00:09Z".into(),
        },
    ])
    .await
    .unwrap();
    let pascoa = core
        .campaign_create(&CampaignDraft {
            name: "Páscoa 50%".into(),
            ..draft(&rig, &["loja-1"])
        })
        .await
        .unwrap();
    let black = core
        .campaign_create(&CampaignDraft {
            name: "Black 500 Friday".into(),
            ..draft(&rig, &["loja-1"])
        })
        .await
        .unwrap();

    let all = core.history_campaigns(&list(10)).await.unwrap();
    let ids: Vec<i64> = all.rows.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![black.id, pascoa.id, natal.id], "newest first");
    assert_eq!(all.next, None, "one page holds them all");
    let n = &all.rows[2];
    assert_eq!(n.name, "Natal");
    assert_eq!(n.status, CampaignStatus::Completed);
    assert_eq!(n.instances, vec!["loja-1".to_owned(), "loja-2".to_owned()]);
    assert!(n.started_at.is_some() && n.finished_at.is_some());
    assert_eq!(
        (n.audience, n.excluded, n.waiting, n.sent, n.failed),
        (3, 0, 0, 3, 0)
    );
    assert_eq!((n.delivered, n.read, n.replied, n.opted_out), (1, 1, 0, 0));
    let p = &all.rows[1];
    assert_eq!(p.status, CampaignStatus::Draft);
    assert_eq!((p.audience, p.waiting, p.sent, p.delivered), (3, 3, 0, 0));
    assert_eq!(p.started_at, None);

    // The recipients table's instance filter, with the replied filter and a search.
    let mut per_instance = 0;
    for name in ["loja-1", "loja-2"] {
        let page = core
            .history_recipients(
                natal.id,
                &RecipientQuery {
                    filter: RecipientFilter::All,
                    search: None,
                    after: None,
                    limit: 100,
                },
                Some(name),
            )
            .await
            .unwrap();
        assert!(page
            .rows
            .iter()
            .all(|r| r.instance.as_deref() == Some(name)));
        assert_eq!(page.total as usize, page.rows.len());
        per_instance += page.rows.len();
    }
    assert_eq!(
        per_instance, 3,
        "every recipient went through one of the two"
    );
    let read_by_first = core
        .history_recipients(
            natal.id,
            &RecipientQuery {
                filter: RecipientFilter::Read,
                search: Some(first.phone_e164[3..].to_owned()),
                after: None,
                limit: 100,
            },
            first.instance.as_deref(),
        )
        .await
        .unwrap();
    assert_eq!(
        read_by_first
            .rows
            .iter()
            .map(|r| r.position)
            .collect::<Vec<_>>(),
        vec![first.position]
    );
    let none = core
        .history_recipients(
            natal.id,
            &RecipientQuery {
                filter: RecipientFilter::All,
                search: None,
                after: None,
                limit: 100,
            },
            Some("loja-9"),
        )
        .await
        .unwrap();
    assert_eq!((none.total, none.rows.len()), (0, 0));

    // Keyset pages: two, then the rest.
    let one = core.history_campaigns(&list(2)).await.unwrap();
    assert_eq!(one.rows.len(), 2);
    assert_eq!(one.next, Some(pascoa.id));
    let two = core
        .history_campaigns(&CampaignListQuery {
            before: one.next,
            ..list(2)
        })
        .await
        .unwrap();
    assert_eq!(
        two.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![natal.id]
    );
    assert_eq!(two.next, None);

    // Search: case-insensitive, `%` taken literally.
    let search = |text: &str| CampaignListQuery {
        search: Some(text.into()),
        ..list(10)
    };
    let natal_only = core.history_campaigns(&search(" NATAL ")).await.unwrap();
    assert_eq!(
        natal_only.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![natal.id]
    );
    let percent = core.history_campaigns(&search("50%")).await.unwrap();
    assert_eq!(
        percent.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![pascoa.id],
        "50% does not match 500"
    );

    // Status and period.
    let drafts = core
        .history_campaigns(&CampaignListQuery {
            statuses: vec![CampaignStatus::Draft, CampaignStatus::Paused],
            ..list(10)
        })
        .await
        .unwrap();
    assert_eq!(
        drafts.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![black.id, pascoa.id]
    );
    let future = core
        .history_campaigns(&CampaignListQuery {
            from: Some("2999-01-01T00:00:00.000Z".into()),
            ..list(10)
        })
        .await
        .unwrap();
    assert!(future.rows.is_empty());
    let past = core
        .history_campaigns(&CampaignListQuery {
            from: Some("2000-01-01T00:00:00.000Z".into()),
            to: Some("2999-01-01T00:00:00.000Z".into()),
            ..list(10)
        })
        .await
        .unwrap();
    assert_eq!(past.rows.len(), 3);
}

#[tokio::test]
async fn dashboard_counts_todays_sends_against_the_warmup_cap_and_waiting_reviews() {
    let rig = rig(
        "history-home",
        3,
        &["loja-1", "loja-2"],
        NumberDirectory::default(),
    )
    .await;
    let core = &rig.core;
    let sent = core
        .campaign_create(&draft(&rig, &["loja-1"]))
        .await
        .unwrap();
    core.campaign_start_with(sent.id, None, quick())
        .await
        .unwrap();
    assert_eq!(
        until_stopped(core, sent.id).await.status,
        CampaignStatus::Completed
    );
    // The newest campaign of loja-1 is paced: its cap decides, and warm-up is on day 1.
    let later = core
        .campaign_create(&CampaignDraft {
            name: "Ano novo".into(),
            pacing: PacingSettings::default(),
            ..draft(&rig, &["loja-1", "loja-2"])
        })
        .await
        .unwrap();
    let at = whats_tip::campaign::clock::to_db(
        jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48),
    );
    let scheduled = core.campaign_start(later.id, Some(&at)).await.unwrap();
    assert_eq!(scheduled.status, CampaignStatus::Scheduled);
    let first = all_recipients(core, sent.id).await.remove(0);
    let outcome = core
        .history_receive(&IncomingMessage {
            instance: "loja-1".into(),
            message_id: "IN-1".into(),
            jid: first.jid.clone().unwrap(),
            push_name: None,
            text: "Amanhã não vou sair de casa, me manda de novo".into(),
            quoted_id: first.message_id.clone(),
            received_at: whats_tip::campaign::clock::to_db(jiff::Timestamp::now()),
        })
        .await
        .unwrap();
    assert_eq!(outcome.intent, ReplyIntent::Review);
    assert!(!outcome.consent_changed);

    let home = core.history_dashboard().await.unwrap();
    let names: Vec<&str> = home.instances.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, vec!["loja-1", "loja-2"]);
    let one = &home.instances[0];
    assert_eq!(
        (one.sent_today, one.cap_today, one.warmup_day),
        (3, Some(20), 1)
    );
    let two = &home.instances[1];
    assert_eq!(
        (two.sent_today, two.cap_today, two.warmup_day),
        (0, Some(20), 1)
    );
    assert_eq!(
        home.campaigns
            .iter()
            .map(|c| (c.id, c.status))
            .collect::<Vec<_>>(),
        vec![(later.id, CampaignStatus::Scheduled)],
        "only active campaigns"
    );
    assert_eq!(home.replies_to_review, 1);
}

#[tokio::test]
async fn do_not_contact_list_shows_each_numbers_proof_newest_change_first() {
    let rig = rig("history-proof", 2, &["loja-1"], NumberDirectory::default()).await;
    let core = &rig.core;
    let view = core
        .campaign_create(&draft(&rig, &["loja-1"]))
        .await
        .unwrap();
    core.campaign_start_with(view.id, None, quick())
        .await
        .unwrap();
    until_stopped(core, view.id).await;
    let sent = all_recipients(core, view.id).await;
    let reply =
        |id: &str, r: &whats_tip::campaign::RecipientView, text: &str, secs: i64| IncomingMessage {
            instance: "loja-1".into(),
            message_id: id.into(),
            jid: r.jid.clone().unwrap(),
            push_name: None,
            text: text.into(),
            quoted_id: r.message_id.clone(),
            received_at: whats_tip::campaign::clock::to_db(
                jiff::Timestamp::now() + jiff::SignedDuration::from_secs(secs),
            ),
        };
    // The first number stops, comes back, stops again; the second is added by hand.
    for (id, text, secs) in [("A1", "SAIR", 1), ("A2", "VOLTAR", 2), ("A3", "Pare!", 3)] {
        assert!(
            core.history_receive(&reply(id, &sent[0], text, secs))
                .await
                .unwrap()
                .consent_changed
        );
    }
    let db = core.db().unwrap();
    whats_tip::contacts::add_opt_out(
        db,
        "BR",
        whats_tip::contacts::OptOutInput {
            phone: "+55 11 97777-0000".into(),
            reason: Some("Pediu por telefone".into()),
        },
    )
    .await
    .unwrap();

    let proofs = core.history_consent_proofs().await.unwrap();
    let summary: Vec<(String, String, Option<String>, Option<String>)> = proofs
        .iter()
        .map(|p| {
            (
                p.phone.clone(),
                p.source.clone(),
                p.proof.clone(),
                p.campaign.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "+5511977770000".to_owned(),
                "user".to_owned(),
                Some("Pediu por telefone".to_owned()),
                None
            ),
            (
                sent[0].phone_e164.clone(),
                "reply".to_owned(),
                Some("Pare!".to_owned()),
                Some("Natal".to_owned())
            ),
        ]
    );
    let history: Vec<(String, Option<String>)> = core
        .history_consent(&sent[0].phone_e164)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.proof))
        .collect();
    assert_eq!(
        history,
        vec![
            ("opt_out".to_owned(), Some("Pare!".to_owned())),
            ("opt_in".to_owned(), Some("VOLTAR".to_owned())),
            ("opt_out".to_owned(), Some("SAIR".to_owned())),
        ]
    );
    // Back on the list by hand, then removed: no longer listed, its ledger kept.
    whats_tip::contacts::remove_opt_out(db, &sent[0].phone_e164)
        .await
        .unwrap();
    let left: Vec<String> = core
        .history_consent_proofs()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.phone)
        .collect();
    assert_eq!(left, vec!["+5511977770000".to_owned()]);
    assert_eq!(
        core.history_consent(&sent[0].phone_e164)
            .await
            .unwrap()
            .len(),
        4
    );
}

#[tokio::test]
async fn duplicating_a_campaign_prefills_its_choices_and_creates_nothing() {
    let rig = rig(
        "history-copy",
        2,
        &["loja-1", "loja-2"],
        NumberDirectory::default(),
    )
    .await;
    let core = &rig.core;
    let original = draft(&rig, &["loja-2", "loja-1"]);
    let view = core.campaign_create(&original).await.unwrap();
    let before = core.campaign_list().await.unwrap().len();
    let copy = core.campaign_copy(view.id).await.unwrap();
    assert_eq!(copy.name, "Natal");
    assert_eq!(copy.list_id, Some(original.list_id));
    assert_eq!(copy.tag, original.tag);
    assert_eq!(copy.source, Some(original.source.clone()));
    assert_eq!(
        copy.instances,
        vec!["loja-1".to_owned(), "loja-2".to_owned()]
    );
    assert_eq!(copy.pacing, original.pacing);
    assert_eq!(
        core.campaign_list().await.unwrap().len(),
        before,
        "nothing created"
    );
    // The copy makes a valid new draft as it is.
    let again = core
        .campaign_create(&CampaignDraft {
            name: format!("{} (cópia)", copy.name),
            list_id: copy.list_id.unwrap(),
            tag: copy.tag,
            source: copy.source.unwrap(),
            instances: copy.instances,
            pacing: copy.pacing,
        })
        .await
        .unwrap();
    assert_eq!(again.status, CampaignStatus::Draft);
    assert_eq!(again.counts.total, view.counts.total);
    let missing = core.campaign_copy(9_999).await.unwrap_err();
    assert!(missing.to_string().contains("9999"), "{missing}");
}

/// Runs one statement over a campaign's journal rows (`?` is the campaign).
async fn change(pool: &sqlx::SqlitePool, sql: &'static str, campaign_id: i64) {
    sqlx::query(sql)
        .bind(campaign_id)
        .execute(pool)
        .await
        .unwrap();
}

/// The counts the list, campaign screen and report read (kept by triggers) against a count
/// of the journal itself.
async fn assert_counts_match_the_journal(core: &whats_tip::app_core::Core, when: &str) {
    let pool = core.db().unwrap().pool();
    let kept: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT campaign_id, instance_name, state, n, delivered FROM campaign_counts
          WHERE n <> 0 OR delivered <> 0 ORDER BY 1, 2, 3",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let counted: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT campaign_id, COALESCE(instance_name, ''), state, COUNT(*),
                SUM(delivered_at IS NOT NULL)
           FROM campaign_recipients GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(kept, counted, "{when}");
    assert!(
        !counted.is_empty() || when.contains("deleted"),
        "{when}: nothing counted"
    );
}

#[tokio::test]
async fn campaign_counts_follow_every_journal_change() {
    let rig = rig(
        "history-state-counts",
        4,
        &["loja-1"],
        NumberDirectory::default(),
    )
    .await;
    let core = &rig.core;
    let sent = core
        .campaign_create(&draft(&rig, &["loja-1"]))
        .await
        .unwrap();
    let waiting = core
        .campaign_create(&draft(&rig, &["loja-1"]))
        .await
        .unwrap();
    assert_counts_match_the_journal(core, "after creating two campaigns").await;

    core.campaign_start_with(sent.id, None, quick())
        .await
        .unwrap();
    assert_eq!(
        until_stopped(core, sent.id).await.status,
        CampaignStatus::Completed
    );
    assert_counts_match_the_journal(core, "after sending one").await;

    // Every transition the engine and the user can make, straight in SQL, in one go.
    let pool = core.db().unwrap().pool();
    change(
        pool,
        "UPDATE campaign_recipients SET state = CASE position % 4
             WHEN 0 THEN 'claimed' WHEN 1 THEN 'sending' WHEN 2 THEN 'failed' ELSE 'unknown' END
          WHERE campaign_id = ?",
        waiting.id,
    )
    .await;
    assert_counts_match_the_journal(core, "after moving rows between states").await;
    change(pool, "UPDATE campaign_recipients SET error_detail = 'x', checks = checks + 1 WHERE campaign_id = ?", waiting.id).await;
    assert_counts_match_the_journal(core, "after a change that is not a state").await;
    change(
        pool,
        "UPDATE campaign_recipients SET instance_name = 'loja-' || (position % 2 + 1)
          WHERE campaign_id = ?",
        waiting.id,
    )
    .await;
    assert_counts_match_the_journal(core, "after numbers took the rows").await;
    // Receipts (delivered, then a row both delivered and moved), and one taken back.
    change(
        pool,
        "UPDATE campaign_recipients SET delivered_at = '2026-12-05T12:00:00Z'
          WHERE campaign_id = ? AND position % 2 = 0",
        waiting.id,
    )
    .await;
    assert_counts_match_the_journal(core, "after delivery receipts").await;
    change(
        pool,
        "UPDATE campaign_recipients SET delivered_at = '2026-12-05T12:00:01Z', state = 'sent'
          WHERE campaign_id = ? AND position % 4 = 1",
        waiting.id,
    )
    .await;
    change(
        pool,
        "UPDATE campaign_recipients SET delivered_at = NULL
          WHERE campaign_id = ? AND position % 4 = 0",
        waiting.id,
    )
    .await;
    assert_counts_match_the_journal(core, "after a receipt with a move, and one taken back").await;
    let view = core.campaign_get(waiting.id).await.unwrap();
    let c = &view.counts;
    assert_eq!(
        (c.total, c.in_flight, c.sent, c.failed, c.unknown),
        (4, 1, 1, 1, 1)
    );
    // The campaign's own number, loja-1, as the report's health shows it and as counted.
    let report = core.history_report(waiting.id).await.unwrap();
    let health = report
        .instances
        .iter()
        .find(|i| i.name == "loja-1")
        .unwrap();
    let (sent_n, failed_n, delivered_n): (i64, i64, i64) = sqlx::query_as(
        "SELECT SUM(state = 'sent'), SUM(state = 'failed'), SUM(delivered_at IS NOT NULL)
           FROM campaign_recipients WHERE campaign_id = ? AND instance_name = 'loja-1'",
    )
    .bind(waiting.id)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        (
            i64::from(health.sent),
            i64::from(health.failed),
            i64::from(health.delivered)
        ),
        (sent_n, failed_n, delivered_n)
    );
    assert!(
        sent_n + failed_n + delivered_n > 0,
        "loja-1 has something to show"
    );

    let page = core.history_campaigns(&list(10)).await.unwrap();
    let row = page.rows.iter().find(|r| r.id == waiting.id).unwrap();
    assert_eq!(
        (row.audience, row.waiting, row.failed, row.sent),
        (4, 1, 1, 1)
    );

    core.campaign_delete(waiting.id).await.unwrap();
    assert_counts_match_the_journal(core, "after deleting one").await;
    // A sent campaign is kept by the app; remove it the way a cascade would.
    sqlx::query("DELETE FROM campaigns WHERE id = ?")
        .bind(sent.id)
        .execute(pool)
        .await
        .unwrap();
    assert_counts_match_the_journal(core, "after deleting both (deleted)").await;
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM campaign_counts")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(left, 0, "a deleted campaign leaves no counts behind");
}
