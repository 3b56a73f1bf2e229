//! The test's hand on the OpenAI sandbox: queue replies and faults, turn the knobs, read
//! the journal.

use std::sync::Arc;
use std::time::Duration;

use super::config::SandboxSettings;
use super::faults::{Fault, FaultPlan};
use super::journal::JournalSnapshot;
use super::shared::{ScriptedReply, Shared};
use super::writer::FactsMode;

/// A cheap handle (an `Arc`) to a running sandbox.
#[derive(Clone)]
pub struct OpenAiSandboxControl {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for OpenAiSandboxControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiSandboxControl")
            .finish_non_exhaustive()
    }
}

impl OpenAiSandboxControl {
    pub(crate) fn new(shared: Arc<Shared>) -> OpenAiSandboxControl {
        OpenAiSandboxControl { shared }
    }

    /// The next `times` API requests fail with `fault` (after any queued before).
    pub fn fail_next(&self, fault: Fault, times: u32) {
        self.shared.push_fault(FaultPlan { fault, times });
    }

    pub fn faults(&self) -> Vec<FaultPlan> {
        self.shared.faults()
    }

    pub fn clear_faults(&self) {
        self.shared.clear_faults();
    }

    /// The next chat request answers `content` (with `finish_reason: "stop"`).
    pub fn reply_next(&self, content: impl Into<String>) {
        self.shared.push_reply(ScriptedReply::new(content));
    }

    pub fn push_reply(&self, reply: ScriptedReply) {
        self.shared.push_reply(reply);
    }

    pub fn clear_replies(&self) {
        self.shared.clear_replies();
    }

    pub fn settings(&self) -> SandboxSettings {
        self.shared.settings()
    }

    pub fn set_settings(&self, settings: SandboxSettings) {
        self.shared.set_settings(settings);
    }

    pub fn set_latency(&self, latency: Duration) {
        self.update(|s| s.latency = latency);
    }

    pub fn set_chunk_delay(&self, delay: Duration) {
        self.update(|s| s.chunk_delay = delay);
    }

    pub fn set_facts(&self, facts: FactsMode) {
        self.update(|s| s.facts = facts);
    }

    fn update(&self, change: impl FnOnce(&mut SandboxSettings)) {
        let mut settings = self.shared.settings();
        change(&mut settings);
        self.shared.set_settings(settings);
    }

    pub fn journal(&self) -> JournalSnapshot {
        self.shared.journal().clone()
    }

    /// Forgets the requests and counters (requests in flight stay counted).
    pub fn reset_journal(&self) {
        let mut journal = self.shared.journal();
        let in_flight = journal.in_flight;
        *journal = JournalSnapshot {
            in_flight,
            max_in_flight: in_flight,
            ..JournalSnapshot::default()
        };
    }
}
