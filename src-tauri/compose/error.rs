//! Why a composer operation was refused.

use crate::ai::AiError;
use crate::storage::StorageError;

use super::media::MediaError;
use super::template::LintProblem;

#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    /// The text has syntax errors (the lint lists them, in source order).
    #[error("the template has {} error(s); the first: {}", .0.len(), first(.0))]
    InvalidTemplate(Vec<LintProblem>),
    #[error("the template needs a name")]
    EmptyName,
    /// Neither text nor media: there would be nothing to send.
    #[error("the template has no text and no media")]
    EmptyTemplate,
    #[error("another template is already called {0:?}")]
    NameTaken(String),
    #[error("there is no template #{0}")]
    TemplateNotFound(i64),
    #[error(transparent)]
    Media(#[from] MediaError),
    #[error("there is no personalisation run #{0}")]
    RunNotFound(i64),
    /// Approved batches are closed: what was approved is what gets sent.
    #[error("personalisation run #{0} is approved and can no longer change")]
    RunApproved(i64),
    /// Approve needs every row answered (done or edited), none pending or failed.
    #[error("personalisation run #{0} still has pending or failed messages")]
    RunNotFinished(i64),
    #[error(transparent)]
    Ai(#[from] AiError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

fn first(problems: &[LintProblem]) -> String {
    problems
        .first()
        .map(ToString::to_string)
        .unwrap_or_default()
}
