//! The test's hand on the sandbox: play the phone (scan, unlink, ban), inject faults, and
//! read what the server received and sent.

use std::sync::Arc;

use serde_json::json;

use super::clock::Now;
use super::errors::SandboxError;
use super::faults::Faults;
use super::journal::{LoggedRequest, SentMessage};
use super::shared::Shared;
use super::socket::{incoming_message, jid_of, Incoming, Outgoing};
use super::spec::InstanceSpec;
use super::state::{Instance, LinkState, Owner};

/// A message a contact sends to an instance (see [`SandboxControl::incoming`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncomingMessage {
    /// The sender's number (digits, punctuation allowed) or JID.
    pub from: String,
    pub text: String,
    /// Key id of the instance's message this one replies to (`contextInfo.stanzaId`).
    pub quoted: Option<String>,
    pub push_name: Option<String>,
    /// Address the sender by this `@lid` id, the phone JID going to `remoteJidAlt`.
    pub lid: Option<String>,
}

/// A cheap handle (an `Arc`) to a running sandbox.
#[derive(Clone)]
pub struct SandboxControl {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for SandboxControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxControl")
            .field("url", &self.shared.base_url)
            .finish_non_exhaustive()
    }
}

impl SandboxControl {
    pub(crate) fn new(shared: Arc<Shared>) -> SandboxControl {
        SandboxControl { shared }
    }

    /// The QR is scanned (or the pairing code entered) on the phone of `owner_number`:
    /// `connecting` → `open`, with ownerJid / profileName / profilePicUrl set.
    pub fn scan(
        &self,
        instance: &str,
        owner_number: &str,
        profile_name: &str,
    ) -> Result<(), SandboxError> {
        let owner = Owner::new(owner_number, profile_name)?;
        let now = Now::current();
        let mut registry = self.shared.registry(&now);
        let target = registry
            .get_mut(instance)
            .filter(|i| !i.is_removed())
            .ok_or_else(|| SandboxError::UnknownInstance(instance.to_owned()))?;
        target.scan(owner, &now)
    }

    /// The `code` a phone would scan now; None unless the instance shows QR codes.
    pub fn current_qr(&self, instance: &str) -> Option<String> {
        self.qr_with_count(instance).map(|(code, _)| code)
    }

    pub(crate) fn qr_with_count(&self, instance: &str) -> Option<(String, u32)> {
        let now = Now::current();
        if self.shared.faults_for(Some(instance)).no_qr {
            return None;
        }
        let registry = self.shared.registry(&now);
        let qr = registry.get(instance)?.qr(now.mono, &self.shared.config)?;
        Some((qr.code, qr.count))
    }

    /// WhatsApp closes the socket with `status_code`: 401 (unlinked on the phone), 403
    /// (banned), 402 and 406 are final (`close`); anything else (408, 428, 515…) is
    /// transient and an open instance reconnects by itself. Unknown instances are ignored.
    pub fn disconnect(&self, instance: &str, status_code: u16) {
        if let Err(e) = self.try_disconnect(instance, status_code) {
            tracing::warn!(error = %e, "sandbox disconnect ignored");
        }
    }

    /// `disconnect` that reports an unknown instance; returns the state after.
    pub(crate) fn try_disconnect(
        &self,
        instance: &str,
        status_code: u16,
    ) -> Result<LinkState, SandboxError> {
        let now = Now::current();
        let mut registry = self.shared.registry(&now);
        let target = registry
            .get_mut(instance)
            .filter(|i| !i.is_removed())
            .ok_or_else(|| SandboxError::UnknownInstance(instance.to_owned()))?;
        target.disconnect(status_code, &now, &self.shared.config);
        target.settle(&now, &self.shared.config);
        Ok(target.state().unwrap_or(LinkState::Close))
    }

    /// Creates a Baileys instance already paired with the phone of `owner_number` and
    /// `open`, as if created, connected and scanned (headless runs, benchmarks). Its token
    /// is random; use the global key. Fails if the name is taken.
    pub fn create_connected(
        &self,
        instance: &str,
        owner_number: &str,
        profile_name: &str,
    ) -> Result<(), SandboxError> {
        let owner = Owner::new(owner_number, profile_name)?;
        let spec = InstanceSpec::from_create_body(
            instance.to_owned(),
            &json!({"instanceName": instance, "integration": "WHATSAPP-BAILEYS"}),
        )
        // This body always passes the create checks; the error arm is unreachable.
        .map_err(|_| SandboxError::NameTaken(instance.to_owned()))?;
        let now = Now::current();
        let mut registry = self.shared.registry(&now);
        if registry.get(instance).is_some() {
            return Err(SandboxError::NameTaken(instance.to_owned()));
        }
        let mut created = Instance::new(spec, &now);
        created.start_pairing(&now, None);
        created.scan(owner, &now)?;
        registry.insert(created);
        Ok(())
    }

    /// Replaces the global faults; the fault draws restart from their seed.
    pub fn set_faults(&self, faults: Faults) {
        self.shared.set_faults(faults);
    }

    /// `set_faults` that refuses a rate outside 0..=1 (faults read from user input).
    pub fn try_set_faults(&self, faults: Faults) -> Result<(), SandboxError> {
        faults.validate().map_err(SandboxError::InvalidFaults)?;
        self.shared.set_faults(faults);
        Ok(())
    }

    /// The global faults.
    pub fn faults(&self) -> Faults {
        self.shared.faults()
    }

    /// Gives one instance its own faults, which replace the global ones (not merged) for
    /// its routes (`/instance/*/{instance}`, `/message/*/{instance}`, `/chat/*/{instance}`):
    /// "this number lost its licence / socket while the others work". The instance need
    /// not exist yet. The fault draws restart from their seed.
    pub fn set_instance_faults(&self, instance: &str, faults: Faults) {
        self.shared.set_instance_faults(instance, Some(faults));
    }

    /// The instance follows the global faults again.
    pub fn clear_instance_faults(&self, instance: &str) {
        self.shared.set_instance_faults(instance, None);
    }

    /// The faults a request for this instance meets now (its own, else the global ones).
    pub fn faults_for(&self, instance: &str) -> Faults {
        self.shared.faults_for(Some(instance))
    }

    /// The Evolution requests received so far, oldest first: all of them, or the most
    /// recent `request_log_limit`.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.journal().requests()
    }

    /// How many Evolution requests were received in all (the log's limit aside).
    pub fn request_count(&self) -> u64 {
        self.shared.journal().requests_total
    }

    /// Every stored sendText / sendMedia so far, oldest first (refused ones included: see
    /// `SentMessage::refused`). Clones the whole log: for long runs use `sent_count` and
    /// `sent_messages_since`.
    pub fn sent_messages(&self) -> Vec<SentMessage> {
        self.shared.journal().sent.clone()
    }

    /// How many messages were stored (the sent log's length), refused ones included.
    pub fn sent_count(&self) -> usize {
        self.shared.journal().sent.len()
    }

    /// How many stored messages WhatsApp refused (error 463 fault).
    pub fn refused_count(&self) -> usize {
        self.shared.journal().refused
    }

    /// At most `limit` entries of the sent log from position `since` (0-based, oldest
    /// first): page through a long log without cloning all of it. Positions never change.
    pub fn sent_messages_since(&self, since: usize, limit: usize) -> Vec<SentMessage> {
        let journal = self.shared.journal();
        journal
            .sent
            .iter()
            .skip(since)
            .take(limit)
            .cloned()
            .collect()
    }

    /// A contact sends `message` to the open `instance`: Evolution's `messages.upsert`
    /// goes out on its socket.io namespace (if enabled). Returns the new key id.
    pub fn incoming(
        &self,
        instance: &str,
        message: IncomingMessage,
    ) -> Result<String, SandboxError> {
        let digits = jid_of(&message.from);
        let number = digits.split('@').next().unwrap_or_default();
        if message.from.contains('@') {
            if number.is_empty() {
                return Err(SandboxError::InvalidNumber(message.from));
            }
        } else if !(8..=15).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SandboxError::InvalidNumber(message.from));
        }
        let now = Now::current();
        let (key_id, data) = {
            let registry = self.shared.registry(&now);
            let target = registry
                .get(instance)
                .filter(|i| !i.is_removed())
                .ok_or_else(|| SandboxError::UnknownInstance(instance.to_owned()))?;
            if target.state() != Some(LinkState::Open) {
                return Err(SandboxError::NotConnected(instance.to_owned()));
            }
            let quoted_text = message.quoted.as_deref().and_then(|id| {
                target
                    .messages
                    .iter()
                    .rev()
                    .find(|m| m.key_id == id)
                    .and_then(|m| m.text().map(str::to_owned))
            });
            let incoming = Incoming {
                from: message.from,
                text: message.text,
                quoted: message.quoted,
                push_name: message.push_name,
                lid: message.lid,
            };
            incoming_message(
                &target.id,
                &incoming,
                target.owner.as_ref().map(|o| o.jid.as_str()),
                quoted_text.as_deref(),
                now.wall,
            )
        };
        self.shared.hub.send(Outgoing::Event {
            instance: instance.to_owned(),
            event: "messages.upsert",
            data,
        });
        Ok(key_id)
    }
}
