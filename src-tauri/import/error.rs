//! Why an import (or its undo) stopped. Nothing is written when any of these is returned.

use crate::storage::StorageError;

use super::mapping::MappingError;
use super::read::ReadError;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Mapping(#[from] MappingError),
    /// No column is mapped to the phone number: there is nothing to send to.
    #[error("no column is mapped to the phone number")]
    NoPhoneColumn,
    #[error("the contact list needs a name")]
    EmptyListName,
    /// The user cancelled; the transaction was rolled back.
    #[error("the import was cancelled; nothing was saved")]
    Cancelled,
    #[error("there is no import #{0}")]
    ImportNotFound(i64),
    #[error("import #{0} was already undone")]
    AlreadyUndone(i64),
}
