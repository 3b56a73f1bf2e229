//! Client for the Evolution API server (see `shared/evolution-api.md` for the contract).

mod answer;
mod chat;
mod client;
pub mod compat;
mod envelope;
mod error;
mod health;
mod instances;
mod messages;
mod types;
mod websocket;

pub(crate) use client::MAX_ANSWER_BYTES;
pub use client::{EvolutionClient, DEFAULT_TIMEOUT, SEND_TIMEOUT};
pub use envelope::human_message;
pub use error::{EvolutionError, FailureClass};
pub use health::{ApiKeyCheck, ConnectionReport, ServerInfo};
pub use instances::{digits, validate_instance_name};
pub use messages::validate_media;
pub use types::{
    ConnectOutcome, ConnectionState, CreateInstance, CreatedInstance, InstanceRecord, MediaType,
    MessageKey, MessageRecord, MessageStatus, MessageUpdate, NumberCheck, QrCode, SendMedia,
    SentMessage, StatusRecord,
};
pub use websocket::WebsocketSettings;
