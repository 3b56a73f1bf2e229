//! Everything that can stop a campaign action, in terms the UI can say and act on.

use crate::app_core::ClientError;
use crate::evolution::EvolutionError;
use crate::storage::StorageError;

use super::model::CampaignStatus;

#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    #[error("campaign {0} not found")]
    NotFound(i64),
    #[error("the campaign needs a name")]
    EmptyName,
    #[error("choose at least one WhatsApp instance")]
    NoInstances,
    #[error("contact list {0} not found")]
    ListNotFound(i64),
    #[error("template {0} not found")]
    TemplateNotFound(i64),
    #[error("the template has errors and cannot be sent: {0}")]
    TemplateInvalid(String),
    #[error("personalisation run {0} is not approved")]
    RunNotApproved(i64),
    #[error("nobody in the list can receive this campaign")]
    NothingToSend,
    /// The action does not fit the campaign's status (e.g. resuming a completed one).
    #[error("the campaign is {}: {action} is not possible", .status.as_str())]
    WrongStatus {
        status: CampaignStatus,
        action: &'static str,
    },
    /// Another process (the window or `tip`) is sending this campaign right now.
    #[error("the campaign is being sent by another Whats TIP process")]
    RunningElsewhere,
    /// Unpaced sending is for tests against a local sandbox only.
    #[error("sending without pacing is only allowed to a server on this computer")]
    UnpacedRefused,
    #[error("the pacing settings are not valid: {0}")]
    InvalidPacing(String),
    #[error("the scheduled time is not valid: {0}")]
    InvalidSchedule(String),
    #[error("the test number is not a valid phone number: {0}")]
    InvalidTestNumber(String),
    #[error("the campaign's media file cannot be read: {0}")]
    MediaUnreadable(String),
    #[error("the campaign's lock file could not be used: {0}")]
    Lock(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Evolution(#[from] EvolutionError),
    #[error(transparent)]
    Client(#[from] ClientError),
}
