//! Evolution's per-instance events over socket.io (contract §6): delivery and read
//! receipts (`messages.update`), incoming messages and replies (`messages.upsert`),
//! sends (`send.message`) and link changes (`connection.update`), as typed
//! [`EvolutionEvent`]s on one channel. Tauri-free and storage-free: the core decides what
//! to keep (status is not made monotonic here; duplicates and out-of-order events are
//! passed on as they came).
//!
//! Use: `let (listener, mut events) = Listener::new(client, ListenerConfig::default())?;`
//! then `listener.watch("shop-01")` per instance; after a `StreamState::Connected {
//! reconnected: true }` poll what was missed with [`poll_status`].

mod backoff;
mod error;
mod event;
mod listener;
mod live;
mod protocol;
mod stream;

pub use backoff::Backoff;
pub use error::EventsError;
pub use event::{
    ConnectionUpdate, EvolutionEvent, IncomingMessage, SentMessage, StatusUpdate, StreamState,
};
pub use listener::{Listener, ListenerConfig, CHANNEL_CAPACITY, EVENTS};
pub use live::LiveStates;

use crate::evolution::{EvolutionClient, EvolutionError, MessageKey, MessageStatus};

/// The highest status the server stored for a sent message (`findStatusMessage`), for
/// what the socket missed (after a reconnect, or a message stuck for long).
pub async fn poll_status(
    client: &EvolutionClient,
    instance: &str,
    remote_jid: &str,
    key_id: &str,
) -> Result<Option<MessageStatus>, EvolutionError> {
    let key = MessageKey {
        remote_jid: remote_jid.to_owned(),
        from_me: true,
        id: key_id.to_owned(),
    };
    client.message_status(instance, &key).await
}
