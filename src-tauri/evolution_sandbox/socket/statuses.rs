//! The events of one sent message: `send.message` at once, then one `messages.update`
//! per status step at the very instants `findStatusMessage` starts listing them (so the
//! two always agree), or all of them at the end, newest first, with the
//! `outOfOrderStatuses` fault; and the recipient's automatic reply (`autoReplyText`).

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{json, Value};

use super::{incoming_message, Incoming, Outgoing};
use crate::evolution_sandbox::shared::Shared;

/// One sent message, as the scheduler needs it.
#[derive(Debug, Clone)]
pub(crate) struct SentPlan {
    pub instance: String,
    pub instance_id: String,
    pub key_id: String,
    pub remote_jid: String,
    pub row_id: String,
    /// Its 201 body: the `send.message` data.
    pub sent: Value,
    /// Every status it will reach, in order.
    pub path: &'static [&'static str],
    pub sent_at: Instant,
    pub own_jid: Option<String>,
    pub text: Option<String>,
}

pub(crate) fn schedule_statuses(shared: &Arc<Shared>, plan: SentPlan) {
    let shared = shared.clone();
    tokio::spawn(async move {
        let step = shared.config.status_steps;
        let faults = shared.faults_for(Some(&plan.instance));
        shared.hub.send(Outgoing::Event {
            instance: plan.instance.clone(),
            event: "send.message",
            data: plan.sent.clone(),
        });
        let update = |status: &str| Outgoing::Event {
            instance: plan.instance.clone(),
            event: "messages.update",
            data: json!({
                "keyId": plan.key_id,
                "remoteJid": plan.remote_jid,
                "fromMe": true,
                "participant": null,
                "status": status,
                "instanceId": plan.instance_id,
                "messageId": plan.row_id,
            }),
        };
        for (n, status) in plan.path.iter().enumerate() {
            let due = plan.sent_at + step.saturating_mul(u32::try_from(n + 1).unwrap_or(u32::MAX));
            if !shared
                .sleep(due.saturating_duration_since(Instant::now()))
                .await
            {
                return;
            }
            if !faults.out_of_order_statuses {
                shared.hub.send(update(status));
            }
        }
        if faults.out_of_order_statuses {
            for status in plan.path.iter().rev() {
                shared.hub.send(update(status));
            }
        }
        let Some(text) = faults
            .auto_reply_text
            .filter(|_| plan.path.last() == Some(&"READ"))
        else {
            return;
        };
        if !shared.sleep(step.max(Duration::from_millis(1))).await {
            return;
        }
        let incoming = Incoming {
            from: plan.remote_jid.clone(),
            text,
            quoted: Some(plan.key_id.clone()),
            push_name: None,
            lid: None,
        };
        let (_, data) = incoming_message(
            &plan.instance_id,
            &incoming,
            plan.own_jid.as_deref(),
            plan.text.as_deref(),
            SystemTime::now(),
        );
        shared.hub.send(Outgoing::Event {
            instance: plan.instance,
            event: "messages.upsert",
            data,
        });
    });
}
