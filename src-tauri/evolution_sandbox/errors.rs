//! Errors of the sandbox's control surface (the Evolution routes answer with HTTP bodies
//! instead, see `reply.rs`).

/// Why a control action could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SandboxError {
    #[error("the \"{0}\" instance does not exist")]
    UnknownInstance(String),
    /// Only an instance showing QR codes (`connecting`) can be scanned.
    #[error("the \"{instance}\" instance is {state}, not waiting for a QR scan")]
    NotPairing {
        instance: String,
        state: &'static str,
    },
    #[error("{0:?} is not a phone number (8 to 15 digits)")]
    InvalidNumber(String),
    #[error("the name \"{0}\" is already in use")]
    NameTaken(String),
    #[error("invalid faults: {0}")]
    InvalidFaults(String),
    /// Messages reach only an `open` instance.
    #[error("the \"{0}\" instance is not connected")]
    NotConnected(String),
}
