//! What a campaign is, as the UI and `tip` see it: the draft a user fills in, the campaign
//! with its counts, its recipients, the pre-flight report, and the codes the UI translates.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::pacing::PacingSettings;

/// Where the campaign's text comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum MessageSource {
    /// A saved template (merge fields, spintax, optional media), rendered per contact.
    Template {
        #[ts(type = "number")]
        template_id: i64,
    },
    /// An approved per-contact personalisation run: each contact gets its reviewed text.
    Personalisation {
        #[ts(type = "number")]
        run_id: i64,
    },
}

/// Everything the wizard collects before the pre-flight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignDraft {
    pub name: String,
    #[ts(type = "number")]
    pub list_id: i64,
    /// Only contacts with this tag; `None` for the whole list.
    pub tag: Option<String>,
    pub source: MessageSource,
    /// Evolution instance names, in rotation order.
    pub instances: Vec<String>,
    pub pacing: PacingSettings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CampaignStatus {
    Draft,
    Scheduled,
    Running,
    Paused,
    Completed,
    Cancelled,
    Interrupted,
}

impl CampaignStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Scheduled => "scheduled",
            CampaignStatus::Running => "running",
            CampaignStatus::Paused => "paused",
            CampaignStatus::Completed => "completed",
            CampaignStatus::Cancelled => "cancelled",
            CampaignStatus::Interrupted => "interrupted",
        }
    }

    pub fn parse(text: &str) -> Option<CampaignStatus> {
        [
            CampaignStatus::Draft,
            CampaignStatus::Scheduled,
            CampaignStatus::Running,
            CampaignStatus::Paused,
            CampaignStatus::Completed,
            CampaignStatus::Cancelled,
            CampaignStatus::Interrupted,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// No more sends will ever happen.
    pub fn is_final(self) -> bool {
        matches!(self, CampaignStatus::Completed | CampaignStatus::Cancelled)
    }
}

/// Why a campaign is paused (the UI translates the code; `detail` is technical).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PauseReason {
    /// The user paused it.
    User,
    /// The sending window closed; it continues at `resumeAt`.
    WindowClosed,
    /// Every instance reached its daily cap; it continues at `resumeAt`.
    CapReached,
    /// No instance is left in the rotation (disconnected, logged out, banned…).
    NoInstances,
    /// The server refuses every request (key, licence, address): fix it, then resume.
    Server,
    /// Its scheduled time passed while the computer was off: start it by hand.
    MissedSchedule,
    /// Everything else is done; some messages may or may not have gone out and need the
    /// user's choice (Resend or Mark as sent).
    NeedsAttention,
}

impl PauseReason {
    pub fn as_str(self) -> &'static str {
        match self {
            PauseReason::User => "user",
            PauseReason::WindowClosed => "window_closed",
            PauseReason::CapReached => "cap_reached",
            PauseReason::NoInstances => "no_instances",
            PauseReason::Server => "server",
            PauseReason::MissedSchedule => "missed_schedule",
            PauseReason::NeedsAttention => "needs_attention",
        }
    }

    pub fn parse(text: &str) -> Option<PauseReason> {
        [
            PauseReason::User,
            PauseReason::WindowClosed,
            PauseReason::CapReached,
            PauseReason::NoInstances,
            PauseReason::Server,
            PauseReason::MissedSchedule,
            PauseReason::NeedsAttention,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// A recipient's place in the journal's state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RecipientState {
    Excluded,
    Pending,
    Claimed,
    Sending,
    Sent,
    Failed,
    Unknown,
}

impl RecipientState {
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientState::Excluded => "excluded",
            RecipientState::Pending => "pending",
            RecipientState::Claimed => "claimed",
            RecipientState::Sending => "sending",
            RecipientState::Sent => "sent",
            RecipientState::Failed => "failed",
            RecipientState::Unknown => "unknown",
        }
    }

    pub fn parse(text: &str) -> Option<RecipientState> {
        [
            RecipientState::Excluded,
            RecipientState::Pending,
            RecipientState::Claimed,
            RecipientState::Sending,
            RecipientState::Sent,
            RecipientState::Failed,
            RecipientState::Unknown,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// What the pre-flight concluded about a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// Checked on WhatsApp: will be sent to the JID the server gave.
    Ready,
    /// Not checked (yet): will be sent to the number; the send itself reports a number
    /// without WhatsApp.
    Unchecked,
    /// The number cannot be a WhatsApp number (too short, landline…).
    Invalid,
    /// The same number earlier in the campaign.
    Duplicate,
    OptedOut,
    NotOnWhatsapp,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::Unchecked => "unchecked",
            Verdict::Invalid => "invalid",
            Verdict::Duplicate => "duplicate",
            Verdict::OptedOut => "opted_out",
            Verdict::NotOnWhatsapp => "not_on_whatsapp",
        }
    }

    pub fn parse(text: &str) -> Option<Verdict> {
        [
            Verdict::Ready,
            Verdict::Unchecked,
            Verdict::Invalid,
            Verdict::Duplicate,
            Verdict::OptedOut,
            Verdict::NotOnWhatsapp,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// Whether a recipient with this verdict is sent to.
    pub fn is_sendable(self) -> bool {
        matches!(self, Verdict::Ready | Verdict::Unchecked)
    }
}

/// Counted from the journal, never stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignCounts {
    pub total: u32,
    pub excluded: u32,
    pub pending: u32,
    /// Claimed or sending right now.
    pub in_flight: u32,
    pub sent: u32,
    pub failed: u32,
    /// Sent or not: being looked up on the server, or waiting for the user.
    pub unknown: u32,
    /// Unknown outcomes the user must decide (Resend or Mark as sent).
    pub needs_attention: u32,
}

impl CampaignCounts {
    /// Recipients with nothing left to do.
    pub fn done(&self) -> u32 {
        self.excluded + self.sent + self.failed
    }

    /// No row can still change by itself: nothing pending, in flight or unknown.
    pub fn is_settled(&self) -> bool {
        self.pending == 0 && self.in_flight == 0 && self.unknown == 0
    }
}

/// One instance of a campaign's rotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignInstanceView {
    pub name: String,
    /// Why it left the rotation (a code the UI translates), `None` while it is in.
    pub left_reason: Option<LeftReason>,
    pub left_detail: Option<String>,
    pub sent: u32,
    pub failed: u32,
}

/// Why an instance left a campaign's rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LeftReason {
    /// Its WhatsApp session closed (logged out on the phone, or never connected).
    Closed,
    /// WhatsApp refused the number (401/402/403/406: unlinked, banned, restricted).
    Refused,
    /// The instance no longer exists on the server.
    NotFound,
    /// Too many new contacts refused its messages (WhatsApp error 463): it only writes to
    /// contacts it wrote to before.
    NewContactsBlocked,
}

impl LeftReason {
    pub fn as_str(self) -> &'static str {
        match self {
            LeftReason::Closed => "closed",
            LeftReason::Refused => "refused",
            LeftReason::NotFound => "not_found",
            LeftReason::NewContactsBlocked => "new_contacts_blocked",
        }
    }

    pub fn parse(text: &str) -> Option<LeftReason> {
        [
            LeftReason::Closed,
            LeftReason::Refused,
            LeftReason::NotFound,
            LeftReason::NewContactsBlocked,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// Optional media sent with every message (a snapshot of the template's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignMedia {
    pub kind: crate::compose::media::MediaKind,
    pub path: String,
    pub file_name: String,
    pub mime: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "number | null")]
    pub list_id: Option<i64>,
    pub list_name: String,
    pub tag: Option<String>,
    pub source: MessageSource,
    pub body: String,
    pub media: Option<CampaignMedia>,
    pub pacing: PacingSettings,
    pub instances: Vec<CampaignInstanceView>,
    pub status: CampaignStatus,
    pub pause_reason: Option<PauseReason>,
    pub pause_detail: Option<String>,
    /// When a campaign paused by its window or caps continues by itself (UTC, RFC 3339).
    pub resume_at: Option<String>,
    pub scheduled_at: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub created_at: String,
    pub counts: CampaignCounts,
    /// Estimated end of sending (UTC, RFC 3339) while it runs or is scheduled.
    pub estimated_finish: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecipientView {
    pub position: u32,
    #[ts(type = "number | null")]
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub phone_e164: String,
    pub jid: Option<String>,
    pub verdict: Verdict,
    pub state: RecipientState,
    pub needs_attention: bool,
    pub text: Option<String>,
    pub instance: Option<String>,
    pub attempts: u32,
    pub intent_at: Option<String>,
    pub sent_at: Option<String>,
    pub message_id: Option<String>,
    /// A code the UI translates (e.g. `not_on_whatsapp`, `opted_out`, `retries_exhausted`).
    pub error_code: Option<String>,
    pub error_detail: Option<String>,
    /// The best status the server reported after sending (history).
    pub receipt: Option<crate::history::ReceiptStatus>,
    pub delivered_at: Option<String>,
    pub read_at: Option<String>,
    pub replied_at: Option<String>,
    pub opted_out_at: Option<String>,
}

/// Which recipients a results table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RecipientFilter {
    All,
    Excluded,
    Waiting,
    Sent,
    Failed,
    Unknown,
    NeedsAttention,
    Delivered,
    Read,
    Replied,
    OptedOut,
    /// Sent, and the server has not confirmed delivery.
    Undelivered,
}

/// A page of recipients, by position (keyset: pass the last position seen as `after`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecipientQuery {
    pub filter: RecipientFilter,
    /// Part of a name or number.
    pub search: Option<String>,
    pub after: Option<u32>,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecipientPage {
    pub rows: Vec<RecipientView>,
    /// Rows matching the filter and search, all pages.
    pub total: u32,
}

/// The user's answer for an unknown outcome the engine could not settle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AttentionChoice {
    /// Send it again (the user checked the phone: it did not arrive).
    Resend,
    /// Count it as sent (the user saw it in WhatsApp).
    MarkSent,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerdictCounts {
    pub ready: u32,
    pub unchecked: u32,
    pub invalid: u32,
    pub duplicate: u32,
    pub opted_out: u32,
    pub not_on_whatsapp: u32,
}

impl VerdictCounts {
    pub fn sendable(&self) -> u32 {
        self.ready + self.unchecked
    }
}

/// A plain-language risk the pre-flight shows before anything is sent.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Risk {
    /// The instance first connected less than a few days ago (new numbers are watched).
    NewInstance { instance: String, days: u32 },
    /// The campaign needs more than the instances' caps allow today.
    AboveCap { needed: u32, cap_today: u32 },
    /// Many recipients would get the same (or nearly the same) text.
    IdenticalTexts { share_percent: u32 },
    /// The message has no way to opt out (e.g. "responda SAIR").
    NoOptOutLine,
    /// The server address is plain http to another machine: messages and key travel unencrypted.
    PlainHttp,
    /// An instance is not connected now.
    InstanceNotConnected { instance: String },
    /// The campaign has nobody to send to.
    NoRecipients,
}

/// Progress of the paced `whatsappNumbers` checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NumberCheckProgress {
    pub checked: u32,
    pub total: u32,
    pub running: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Preflight {
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub verdicts: VerdictCounts,
    pub number_check: NumberCheckProgress,
    /// When sending would end if started now (UTC, RFC 3339).
    pub estimated_finish: Option<String>,
    pub sending_days: u32,
    pub risks: Vec<Risk>,
    /// The first sendable recipient's text, as it will be sent (for the test send).
    pub sample_text: Option<String>,
}

/// What the test send did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestSendOutcome {
    pub instance: String,
    pub to: String,
    pub message_id: String,
    pub text: String,
}

/// How to start a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartInput {
    #[ts(type = "number")]
    pub campaign_id: i64,
    /// Start later (UTC, RFC 3339); `None` starts now.
    pub at: Option<String>,
}

/// One instance's share of a running campaign, for the progress screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InstanceProgress {
    pub name: String,
    pub sent: u32,
    pub failed: u32,
    pub state: InstanceRunState,
    /// When it sends next (UTC, RFC 3339), when it is waiting.
    pub next_at: Option<String>,
}

/// What an instance of a running campaign is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum InstanceRunState {
    Sending,
    /// Waiting for its next slot (gap, long pause, ceiling).
    Waiting,
    /// Its WhatsApp connection dropped; waiting for it to come back.
    Reconnecting,
    /// Its daily cap is reached.
    CapReached,
    /// Out of the rotation (see the campaign's instances for why).
    Left,
    Idle,
}
