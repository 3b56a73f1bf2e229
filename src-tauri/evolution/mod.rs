//! Client for the Evolution API server (see `shared/evolution-api.md` for the contract).

mod client;
mod envelope;
mod error;
mod health;

pub use client::{EvolutionClient, DEFAULT_TIMEOUT};
pub use envelope::human_message;
pub use error::EvolutionError;
pub use health::{ApiKeyCheck, ConnectionReport, ServerInfo};
