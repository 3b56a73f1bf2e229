//! Secrets: the `Sensitive` wrapper and the OS keychain, the only place keys are stored.

mod keychain;
pub mod redaction;
mod sensitive;

pub use keychain::{Keychain, KeychainStatus, SecretKind, SecretStatus, SecretsError};
pub use sensitive::Sensitive;
