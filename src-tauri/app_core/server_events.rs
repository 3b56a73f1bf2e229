//! Follows the profile's Evolution server live while the profile is open: one event stream
//! per instance (`evolution_events::Listener`), and what each event means for the app —
//! receipts onto the journal (batched), replies into history and automatic opt-out, link
//! states for the Instances screen and the campaign workers. What the socket missed is
//! asked with `findStatusMessage`: after a reconnect, and for messages stuck undelivered.

use std::collections::BTreeSet;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::sync::mpsc;

use super::Core;
use crate::campaign::clock;
use crate::events::AppEvent;
use crate::evolution::{EvolutionClient, MessageStatus};
use crate::evolution_events::{
    self, EvolutionEvent, IncomingMessage as IncomingEvent, Listener, ListenerConfig, StatusUpdate,
    StreamState,
};
use crate::history::receipts::{ReceiptStatus, StatusEvent};
use crate::history::replies::IncomingMessage;
use crate::secrets::Sensitive;

/// How often the server in use (settings, keychain, demo mode) is looked at again.
const SERVER_CHECK_EVERY: Duration = Duration::from_secs(10);
/// How often the instance list is read to watch new instances and drop deleted ones.
const INSTANCES_EVERY: Duration = Duration::from_secs(60);
/// Status events are applied together: at most this many, or after this long.
const RECEIPT_BATCH: usize = 500;
const RECEIPT_FLUSH: Duration = Duration::from_millis(200);
/// A sent message not delivered after this long is asked about (the socket may have
/// missed its receipt)…
const STUCK_AFTER: SignedDuration = SignedDuration::from_mins(10);
/// …every this often, this many at a time, going through the last week in turns.
const SWEEP_EVERY: Duration = Duration::from_secs(300);
const SWEEP_BATCH: u32 = 100;
const SWEEP_SPAN: SignedDuration = SignedDuration::from_hours(24 * 7);
/// When a stream joins, messages sent in this span are asked about.
const RECONNECT_SPAN: SignedDuration = SignedDuration::from_hours(24);

impl Core {
    /// Runs until the profile closes: keeps one listener on the server in use (a new one
    /// when the address, the key or demo mode changes) and applies what it reports.
    pub async fn follow_server_events(&self) {
        let mut current: Option<Following> = None;
        let mut sweep_from: Option<Timestamp> = None;
        let mut next_instances = tokio::time::Instant::now();
        let mut next_sweep = tokio::time::Instant::now() + SWEEP_EVERY;
        loop {
            let client = self.evolution().await.ok();
            let identity = client.as_ref().and_then(server_identity);
            if current.as_ref().map(|f| &f.identity) != identity.as_ref() {
                if let Some(old) = current.take() {
                    old.stop(self);
                }
                if let (Some(client), Some(identity)) = (client, identity) {
                    match Listener::new(client.clone(), ListenerConfig::default()) {
                        Ok((listener, events)) => {
                            let consumer =
                                tokio::spawn(self.clone().consume(client.clone(), events));
                            current = Some(Following {
                                identity,
                                client,
                                listener,
                                consumer,
                            });
                            next_instances = tokio::time::Instant::now();
                        }
                        Err(e) => tracing::warn!(error = %e, "server events unavailable"),
                    }
                }
            }
            if let Some(following) = &current {
                let now = tokio::time::Instant::now();
                if now >= next_instances {
                    following.watch_instances(self).await;
                    next_instances = now + INSTANCES_EVERY;
                }
                if now >= next_sweep {
                    sweep_from = self.sweep_stuck(&following.client, sweep_from).await;
                    next_sweep = now + SWEEP_EVERY;
                }
            }
            tokio::select! {
                () = self.closed() => break,
                () = tokio::time::sleep(SERVER_CHECK_EVERY) => {}
            }
        }
        if let Some(following) = current {
            following.stop(self);
        }
    }

    /// Drains one listener's events until it is dropped.
    async fn consume(self, client: EvolutionClient, mut events: mpsc::Receiver<EvolutionEvent>) {
        let mut receipts: Vec<StatusEvent> = Vec::new();
        loop {
            let next = if receipts.is_empty() {
                events.recv().await
            } else {
                match tokio::time::timeout(RECEIPT_FLUSH, events.recv()).await {
                    Ok(event) => event,
                    Err(_) => {
                        self.flush_receipts(&mut receipts).await;
                        continue;
                    }
                }
            };
            let Some(event) = next else { break };
            match event {
                EvolutionEvent::StatusUpdate(update) => {
                    if let Some(receipt) = receipt_of(&update) {
                        receipts.push(receipt);
                    }
                    if receipts.len() >= RECEIPT_BATCH {
                        self.flush_receipts(&mut receipts).await;
                    }
                }
                EvolutionEvent::Incoming(message) => {
                    // Replies come after the statuses of what they answer.
                    self.flush_receipts(&mut receipts).await;
                    if let Some(message) = reply_of(&message) {
                        if let Err(e) = self.history_receive(&message).await {
                            tracing::error!(error = %e, instance = %message.instance, "storing a reply failed");
                        }
                    }
                }
                EvolutionEvent::Connection(update) => {
                    self.0
                        .live
                        .set(&update.instance, update.state, update.status_reason);
                    self.emit(AppEvent::InstanceState {
                        instance: update.instance,
                        state: update.state,
                        status_reason: update.status_reason,
                    });
                }
                EvolutionEvent::Stream { instance, state } => match state {
                    StreamState::Connected { .. } => {
                        self.0.live.stream_up(&instance);
                        // What happened before this join — while the socket was down, the
                        // app closed, or the namespace did not exist yet — is asked for.
                        self.flush_receipts(&mut receipts).await;
                        let core = self.clone();
                        let client = client.clone();
                        tokio::spawn(async move { core.poll_missed(&client, &instance).await });
                    }
                    StreamState::Retrying { .. }
                    | StreamState::Stopped { .. }
                    | StreamState::Closed => self.0.live.stream_down(&instance),
                },
                EvolutionEvent::Sent(_) => {}
            }
        }
        self.flush_receipts(&mut receipts).await;
    }

    async fn flush_receipts(&self, receipts: &mut Vec<StatusEvent>) {
        if receipts.is_empty() {
            return;
        }
        let batch = std::mem::take(receipts);
        if let Err(e) = self.history_apply_receipts(&batch).await {
            tracing::error!(error = %e, count = batch.len(), "applying receipts failed");
        }
    }

    /// After an instance's stream joined (first time or again): what it sent in the last
    /// day and is not yet delivered is asked about.
    async fn poll_missed(&self, client: &EvolutionClient, instance: &str) {
        let now = Timestamp::now();
        let from = now.saturating_sub(RECONNECT_SPAN).unwrap_or(now);
        let Ok(db) = self.db() else { return };
        match crate::history::receipts::unconfirmed(
            db,
            &clock::to_db(from),
            &clock::to_db(now),
            SWEEP_BATCH * 5,
        )
        .await
        {
            Ok(rows) => {
                let rows: Vec<_> = rows
                    .into_iter()
                    .filter(|r| r.instance == instance)
                    .collect();
                self.poll_statuses(client, &rows).await;
            }
            Err(e) => tracing::error!(error = %e, "reading unconfirmed messages failed"),
        }
    }

    /// One turn of the sweep over messages stuck undelivered for more than 10 minutes,
    /// oldest first from `from` (the week back when `None`); returns where the next turn
    /// starts (back to the beginning once the end is reached).
    async fn sweep_stuck(
        &self,
        client: &EvolutionClient,
        from: Option<Timestamp>,
    ) -> Option<Timestamp> {
        let now = Timestamp::now();
        let week_ago = now.saturating_sub(SWEEP_SPAN).unwrap_or(now);
        let from = from.filter(|f| *f > week_ago).unwrap_or(week_ago);
        let until = now.saturating_sub(STUCK_AFTER).unwrap_or(now);
        let db = self.db().ok()?;
        let rows = match crate::history::receipts::unconfirmed(
            db,
            &clock::to_db(from),
            &clock::to_db(until),
            SWEEP_BATCH,
        )
        .await
        {
            Ok(rows) => rows,
            Err(e) => {
                tracing::error!(error = %e, "reading stuck messages failed");
                return None;
            }
        };
        let full = rows.len() == SWEEP_BATCH as usize;
        let last = rows.last().map(|r| r.sent_at.clone());
        self.poll_statuses(client, &rows).await;
        if full {
            last.as_deref().and_then(clock::parse)
        } else {
            None
        }
    }

    /// Asks the server for each message's stored status and applies what is newer.
    async fn poll_statuses(
        &self,
        client: &EvolutionClient,
        rows: &[crate::history::receipts::Unconfirmed],
    ) {
        let mut batch = Vec::new();
        for row in rows {
            match evolution_events::poll_status(client, &row.instance, &row.jid, &row.message_id)
                .await
            {
                Ok(Some(status)) => {
                    if let Some(status) = receipt_status(status) {
                        batch.push(StatusEvent {
                            instance: row.instance.clone(),
                            message_id: row.message_id.clone(),
                            status,
                            at: clock::to_db(Timestamp::now()),
                        });
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    // The server is down or the instance is gone: the next turn tries again.
                    tracing::debug!(error = %e, instance = %row.instance, "findStatusMessage failed");
                    break;
                }
            }
        }
        self.flush_receipts(&mut batch).await;
    }
}

/// The listener of one server, and its consumer task.
struct Following {
    identity: Identity,
    client: EvolutionClient,
    listener: Listener,
    consumer: tokio::task::JoinHandle<()>,
}

impl Following {
    /// Watches every instance the server lists, and stops watching the ones it no longer
    /// does.
    async fn watch_instances(&self, core: &Core) {
        let instances = match self.client.fetch_instances().await {
            Ok(instances) => instances,
            Err(e) => {
                tracing::debug!(error = %e, "listing instances for their events failed");
                return;
            }
        };
        let names: BTreeSet<String> = instances.into_iter().map(|i| i.name).collect();
        for gone in self.listener.watched() {
            if !names.contains(&gone) {
                self.listener.unwatch(&gone);
                core.0.live.stream_down(&gone);
            }
        }
        for name in &names {
            self.listener.watch(name);
        }
    }

    fn stop(self, core: &Core) {
        for name in self.listener.watched() {
            core.0.live.stream_down(&name);
        }
        self.listener.shutdown();
        // The consumer ends when the listener (and its sender) is gone; it is not waited
        // for, so a slow database cannot hold up a profile switch.
        drop(self.listener);
        drop(self.consumer);
    }
}

/// The server's address and key: a change of either means a new listener. (The key is
/// already in memory in the client; it is compared, never logged or shown.)
fn server_identity(client: &EvolutionClient) -> Option<Identity> {
    Some(Identity {
        url: client.base_url().to_owned(),
        key: client.api_key()?.clone(),
    })
}

#[derive(Clone)]
struct Identity {
    url: String,
    key: Sensitive<String>,
}

impl PartialEq for Identity {
    fn eq(&self, other: &Self) -> bool {
        self.url == other.url && self.key.expose() == other.key.expose()
    }
}

fn receipt_status(status: MessageStatus) -> Option<ReceiptStatus> {
    Some(match status {
        MessageStatus::Error => ReceiptStatus::Error,
        MessageStatus::Pending => ReceiptStatus::Pending,
        MessageStatus::ServerAck => ReceiptStatus::ServerAck,
        MessageStatus::DeliveryAck => ReceiptStatus::DeliveryAck,
        MessageStatus::Read => ReceiptStatus::Read,
        MessageStatus::Played => ReceiptStatus::Played,
        MessageStatus::Deleted => return None,
    })
}

/// Only the statuses of what the instance sent are receipts.
fn receipt_of(update: &StatusUpdate) -> Option<StatusEvent> {
    if !update.from_me {
        return None;
    }
    Some(StatusEvent {
        instance: update.instance.clone(),
        message_id: update.key_id.clone(),
        status: receipt_status(update.status)?,
        at: clock::to_db(update.received_at),
    })
}

/// A contact's text message, addressed by phone: an `@lid` sender is replaced by the
/// phone JID the server gives alongside (a LID alone cannot be matched to a contact).
fn reply_of(message: &IncomingEvent) -> Option<IncomingMessage> {
    if message.from_me {
        return None;
    }
    let text = message.text.as_deref()?.trim();
    if text.is_empty() {
        return None;
    }
    let jid = if message.remote_jid.ends_with("@lid") {
        message.remote_jid_alt.clone()?
    } else {
        message.remote_jid.clone()
    };
    if jid.ends_with("@g.us") || jid.ends_with("@broadcast") || jid.ends_with("@newsletter") {
        return None; // groups, status and channels are not replies to a campaign
    }
    let at = message
        .timestamp
        .and_then(|secs| Timestamp::from_second(secs).ok())
        .unwrap_or(message.received_at);
    Some(IncomingMessage {
        instance: message.instance.clone(),
        message_id: message.key_id.clone(),
        jid,
        push_name: message.push_name.clone(),
        text: text.to_owned(),
        quoted_id: message.quoted_key_id.clone(),
        received_at: clock::to_db(at),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incoming(jid: &str, alt: Option<&str>, text: Option<&str>, from_me: bool) -> IncomingEvent {
        IncomingEvent {
            instance: "loja".into(),
            key_id: "K1".into(),
            remote_jid: jid.into(),
            remote_jid_alt: alt.map(Into::into),
            from_me,
            push_name: Some("Ana".into()),
            text: text.map(Into::into),
            quoted_key_id: Some("Q1".into()),
            message_type: "conversation".into(),
            timestamp: Some(1_764_000_000),
            received_at: Timestamp::now(),
        }
    }

    #[test]
    fn a_reply_is_addressed_by_phone_and_quotes_what_it_answers() {
        let reply = reply_of(&incoming(
            "5511987654321@s.whatsapp.net",
            None,
            Some(" SAIR "),
            false,
        ))
        .expect("a reply");
        assert_eq!(reply.jid, "5511987654321@s.whatsapp.net");
        assert_eq!(reply.text, "SAIR");
        assert_eq!(reply.quoted_id.as_deref(), Some("Q1"));
        assert_eq!(
            reply.received_at,
            clock::to_db(Timestamp::from_second(1_764_000_000).unwrap())
        );

        let lid = reply_of(&incoming(
            "123456789@lid",
            Some("5511987654321@s.whatsapp.net"),
            Some("oi"),
            false,
        ))
        .expect("a LID sender with its phone");
        assert_eq!(lid.jid, "5511987654321@s.whatsapp.net");
    }

    #[test]
    fn what_is_not_a_contacts_text_is_not_a_reply() {
        assert!(reply_of(&incoming(
            "5511987654321@s.whatsapp.net",
            None,
            Some("oi"),
            true
        ))
        .is_none());
        assert!(reply_of(&incoming("5511987654321@s.whatsapp.net", None, None, false)).is_none());
        assert!(reply_of(&incoming(
            "5511987654321@s.whatsapp.net",
            None,
            Some("  "),
            false
        ))
        .is_none());
        assert!(reply_of(&incoming("123@lid", None, Some("oi"), false)).is_none());
        assert!(reply_of(&incoming("120363@g.us", None, Some("SAIR"), false)).is_none());
    }

    #[test]
    fn only_what_the_instance_sent_makes_a_receipt() {
        let mut update = StatusUpdate {
            instance: "loja".into(),
            key_id: "K1".into(),
            remote_jid: Some("5511987654321@s.whatsapp.net".into()),
            from_me: true,
            status: MessageStatus::Read,
            received_at: Timestamp::now(),
        };
        assert_eq!(
            receipt_of(&update).map(|r| r.status),
            Some(ReceiptStatus::Read)
        );
        update.status = MessageStatus::Deleted;
        assert!(receipt_of(&update).is_none());
        update.status = MessageStatus::DeliveryAck;
        update.from_me = false;
        assert!(receipt_of(&update).is_none());
    }
}
