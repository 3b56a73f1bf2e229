//! History: what happened to campaign messages after they left. Status events become
//! delivery and read receipts on the journal rows (monotonic, each event once); replies
//! are attributed to the message they answer and read for opt-outs, which go to the
//! do-not-contact list at once with the reply kept as proof in the consent ledger.
//!
//! The transport (the server's per-instance events) feeds [`receipts::apply`] and
//! [`replies::ingest`]; nothing here talks to the network.

pub mod campaigns;
pub mod consent;
pub mod dashboard;
pub mod duplicate;
pub mod export;
pub mod optout;
pub mod receipts;
pub mod replies;
pub mod report;

pub use campaigns::{CampaignListPage, CampaignListQuery, CampaignSummary};
pub use consent::ConsentEntry;
pub use dashboard::{Dashboard, InstanceToday};
pub use duplicate::CampaignCopy;
pub use optout::{classify, default_stop_words, normalise, ReplyIntent};
pub use receipts::{ApplyStats, ReceiptStatus, StatusEvent, Unconfirmed};
pub use replies::{IncomingMessage, ReplyOutcome};
pub use report::{
    ErrorCount, Funnel, HourCount, InstanceHealth, ReplyQuery, ReplyView, TimelineEntry,
    TimelineKind,
};
