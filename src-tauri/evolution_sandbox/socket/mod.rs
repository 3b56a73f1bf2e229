//! Evolution's socket.io events (contract §6) on the sandbox's own port: per-instance
//! namespaces `/{instance}` that exist only once the instance emitted its first event
//! (earlier joins get `connect_error "Invalid namespace"`), the key checked at the
//! handshake as the server's `allowRequest` does, and every message shaped like the
//! webhook body minus `destination`.
//!
//! Routes and the state machine stay free of sockets: they queue [`Outgoing`] items (or
//! record link changes on the instance), and one emitter task sends them in order,
//! checking the instance's `Websocket` row at emit time like the server.

mod auth;
mod emitter;
mod incoming;
mod statuses;

use serde_json::Value;

pub(crate) use auth::handshake_gate;
pub(crate) use emitter::{spawn_emitter, Hub};
pub(crate) use incoming::{incoming_message, jid_of, Incoming};
pub(crate) use statuses::{schedule_statuses, SentPlan};

/// What the emitter is asked to do.
#[derive(Debug)]
pub(crate) enum Outgoing {
    /// Emit `event` (dotted) with `data` on the instance's namespace.
    Event {
        instance: String,
        event: &'static str,
        data: Value,
    },
    /// Cut the sockets of these namespaces' clients (the `dropSockets` fault), or of
    /// every namespace when None.
    DropSockets { instances: Option<Vec<String>> },
}
