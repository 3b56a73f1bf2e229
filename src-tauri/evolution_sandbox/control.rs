//! The test's hand on the sandbox: play the phone (scan, unlink, ban), inject faults, and
//! read what the server received and sent.

use std::sync::Arc;

use super::clock::Now;
use super::errors::SandboxError;
use super::faults::Faults;
use super::journal::{LoggedRequest, SentMessage};
use super::shared::Shared;
use super::state::{LinkState, Owner};

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

    /// Replaces all faults; the server-error draw restarts from its seed.
    pub fn set_faults(&self, faults: Faults) {
        self.shared.set_faults(faults);
    }

    pub fn faults(&self) -> Faults {
        self.shared.faults()
    }

    /// Every Evolution request received so far, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.journal().requests.clone()
    }

    /// Every successful sendText / sendMedia so far, oldest first.
    pub fn sent_messages(&self) -> Vec<SentMessage> {
        self.shared.journal().sent.clone()
    }
}
