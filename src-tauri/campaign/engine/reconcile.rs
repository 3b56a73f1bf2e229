//! Settling `unknown` outcomes: before anything is resent, the server is asked
//! (`findMessages` for that chat, sent by us) whether the message is there. Found → sent,
//! with the server's id. Not found once the server has settled, and the server is known to
//! keep messages → back to the queue. Anything else → after a few tries, the user decides
//! ("Needs attention"): a duplicate is worse than a question.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use crate::evolution::{digits, MessageKey};

use super::super::clock;
use super::super::journal::{self, UnknownRow};
use super::shared::Shared;

/// Lookups that fail (server errors) before the user is asked.
pub const MAX_CHECKS: u32 = 5;
/// Rows looked up per round.
const BATCH: u32 = 50;
/// A stored message counts as the one sent when stored no earlier than this before the
/// intent (clocks of the two machines may disagree a little).
const CLOCK_SLACK: SignedDuration = SignedDuration::from_mins(5);
/// Messages of a chat read per lookup: a campaign sends one per recipient.
const LOOKUP_PAGE: u32 = 50;

pub async fn run(sh: Arc<Shared>) {
    // Per instance: whether the server keeps what it sends (findMessages finds a message
    // we know it sent). Without that, "not found" proves nothing.
    let mut keeps: HashMap<String, bool> = HashMap::new();
    loop {
        if sh.halted() {
            return;
        }
        let now = sh.clock().now();
        let settled_before = now.saturating_sub(sh.options.settle_after).unwrap_or(now);
        let rows = match journal::unknown_due(
            &sh.db,
            sh.campaign_id,
            &clock::to_db(settled_before),
            &clock::to_db(now),
            BATCH,
        )
        .await
        {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!(error = %e, "reading unknown outcomes failed");
                Vec::new()
            }
        };
        for row in &rows {
            if sh.halted() {
                return;
            }
            if let Err(e) = settle(&sh, row, &mut keeps).await {
                tracing::warn!(error = %e, position = row.position, "settling an unknown outcome failed");
            }
        }
        if rows.is_empty() && sh.are_workers_done() {
            let open = journal::counts(&sh.db, sh.campaign_id)
                .await
                .map(|c| c.unknown - c.needs_attention)
                .unwrap_or(0);
            if open == 0 {
                return;
            }
        }
        if rows.len() < BATCH as usize && !sh.sleep(sh.options.poll_every).await {
            return;
        }
    }
}

/// The chats a message to this recipient may be filed under.
fn chats(row: &UnknownRow) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |jid: String| {
        if !out.contains(&jid) {
            out.push(jid);
        }
    };
    if let Some(jid) = &row.jid {
        if jid.contains('@') {
            push(jid.clone());
        } else {
            push(format!("{}@s.whatsapp.net", digits(jid)));
        }
    }
    push(format!("{}@s.whatsapp.net", digits(&row.phone_e164)));
    if let Some(alt) = &row.phone_alternative {
        push(format!("{}@s.whatsapp.net", digits(alt)));
    }
    out
}

/// A lookup that could not decide: asked again later, each time twice as late
/// (2, 4, 8, 16… polls), so a server that is down for a while is not given up on at once.
async fn check_failed(
    sh: &Shared,
    row: &UnknownRow,
    detail: &str,
    force_attention: bool,
) -> Result<(), crate::storage::StorageError> {
    let now = sh.clock().now();
    let factor = 2_i64.saturating_pow(row.checks.saturating_add(1).min(20));
    let wait = sh
        .options
        .poll_every
        .checked_mul(i32::try_from(factor).unwrap_or(i32::MAX))
        .unwrap_or(SignedDuration::MAX);
    let retry = now.saturating_add(wait).unwrap_or(Timestamp::MAX);
    journal::unknown_check_failed(
        &sh.db,
        sh.campaign_id,
        row.position,
        detail,
        MAX_CHECKS,
        force_attention,
        &clock::to_db(now),
        &clock::to_db(retry),
    )
    .await
}

async fn settle(
    sh: &Shared,
    row: &UnknownRow,
    keeps: &mut HashMap<String, bool>,
) -> Result<(), crate::storage::StorageError> {
    let id = sh.campaign_id;
    let now_db = sh.now_db();
    let Some(instance) = row.instance.clone() else {
        return check_failed(sh, row, "no instance recorded for this send", true).await;
    };
    let earliest = row
        .intent_at
        .as_deref()
        .and_then(clock::parse)
        .map(|t| t.saturating_sub(CLOCK_SLACK).unwrap_or(t))
        .unwrap_or(Timestamp::UNIX_EPOCH);
    for chat in chats(row) {
        match sh.client.find_sent_to(&instance, &chat, LOOKUP_PAGE).await {
            Ok(records) => {
                let found = records.iter().find(|r| {
                    r.text() == Some(row.text.as_str())
                        && r.timestamp_secs().is_none_or(|s| s >= earliest.as_second())
                });
                if let Some(record) = found {
                    journal::mark_sent(
                        &sh.db,
                        id,
                        row.position,
                        &instance,
                        &record.key.id,
                        Some(record.key.remote_jid.as_str()).filter(|j| !j.is_empty()),
                        &now_db,
                    )
                    .await?;
                    sh.tally(&instance, 1, 0);
                    tracing::info!(
                        campaign_id = id,
                        position = row.position,
                        "unknown outcome found on the server: sent"
                    );
                    return Ok(());
                }
            }
            Err(e) => {
                let gone = matches!(e, crate::evolution::EvolutionError::InstanceNotFound(_));
                return check_failed(sh, row, &format!("looking it up failed: {e}"), gone).await;
            }
        }
    }
    let keeps_messages = match keeps.get(&instance) {
        Some(k) => Some(*k),
        None => {
            let k = server_keeps_messages(sh, &instance).await;
            if let Some(k) = k {
                keeps.insert(instance.clone(), k);
            }
            k
        }
    };
    match keeps_messages {
        Some(true) => {
            journal::unknown_to_resend(&sh.db, id, row.position, &now_db).await?;
            tracing::info!(
                campaign_id = id,
                position = row.position,
                "unknown outcome not on the server: resending"
            );
            Ok(())
        }
        // Asked again later: by then the instance will have sent something to check with.
        None => {
            check_failed(
                sh,
                row,
                "not found, and no message of this instance to check the server keeps them",
                false,
            )
            .await
        }
        Some(false) => check_failed(
            sh,
            row,
            "the server does not keep sent messages, so it cannot say whether this one went out",
            true,
        )
        .await,
    }
}

/// Whether findMessages finds a message this instance is known to have sent (any
/// campaign). `None` when there is none to ask about yet or the server cannot answer.
async fn server_keeps_messages(sh: &Shared, instance: &str) -> Option<bool> {
    let known: Option<(String, String)> = sqlx::query_as(
        "SELECT message_id, jid FROM campaign_recipients
          WHERE instance_name = ? AND state = 'sent' AND message_id IS NOT NULL
            AND jid LIKE '%@%' AND COALESCE(error_code, '') <> 'marked_sent'
          ORDER BY intent_at DESC LIMIT 1",
    )
    .bind(instance)
    .fetch_optional(sh.db.pool())
    .await
    .ok()
    .flatten();
    let (id, remote_jid) = known?;
    let key = MessageKey {
        remote_jid,
        from_me: true,
        id,
    };
    match sh.client.find_message(instance, &key).await {
        Ok(found) => Some(found.is_some()),
        Err(_) => None,
    }
}
