//! The one task that talks to socket.io: queued events in order, link changes picked up
//! from the instances every few milliseconds, namespaces created on first emit, faults
//! (duplicates, dropped sockets) applied on the way out.

use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;

use serde_json::{json, Value};
use socketioxide::extract::SocketRef;
use socketioxide::layer::SocketIoLayer;
use socketioxide::SocketIo;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::Outgoing;
use crate::evolution_sandbox::clock::{iso8601, Now};
use crate::evolution_sandbox::shared::Shared;

/// How often timed link changes (reconnects, auto-scan, QR limit) are looked for.
const LINK_POLL: Duration = Duration::from_millis(10);
/// Packets one client may have waiting before socketioxide refuses more; a burst of
/// status events must not be dropped.
const CLIENT_BUFFER: usize = 65_536;

/// The socket.io server and the queue in front of it.
pub(crate) struct Hub {
    pub io: SocketIo,
    pub layer: SocketIoLayer,
    tx: mpsc::UnboundedSender<Outgoing>,
    rx: Mutex<Option<mpsc::UnboundedReceiver<Outgoing>>>,
}

impl Hub {
    pub fn new() -> Hub {
        let (layer, io) = SocketIo::builder()
            .max_buffer_size(CLIENT_BUFFER)
            .build_layer();
        // The root namespace exists on the real server (its `connection` handler).
        io.ns("/", async || ());
        let (tx, rx) = mpsc::unbounded_channel();
        Hub {
            io,
            layer,
            tx,
            rx: Mutex::new(Some(rx)),
        }
    }

    /// Queues an item; never blocks (callers may hold the registry lock).
    pub fn send(&self, item: Outgoing) {
        // Fails only once the emitter stopped (sandbox shutting down).
        let _ = self.tx.send(item);
    }
}

pub(crate) fn spawn_emitter(shared: &Arc<Shared>) -> Option<JoinHandle<()>> {
    let rx = shared
        .hub
        .rx
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()?;
    let shared = shared.clone();
    Some(tokio::spawn(run(shared, rx)))
}

async fn run(shared: Arc<Shared>, mut rx: mpsc::UnboundedReceiver<Outgoing>) {
    let mut stopping = shared.shutdown_signal();
    let mut tick = tokio::time::interval(LINK_POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            biased;
            () = stopped(&mut stopping) => break,
            item = rx.recv() => match item {
                Some(Outgoing::Event { instance, event, data }) => {
                    // Link changes recorded before this event go out first.
                    link_changes(&shared).await;
                    emit(&shared, &instance, event, data).await;
                }
                Some(Outgoing::DropSockets { instances }) => drop_sockets(&shared, instances).await,
                None => break,
            },
            _ = tick.tick() => link_changes(&shared).await,
        }
    }
    // Clients see the server go away with the sandbox.
    for ns in shared.hub.io.nsps() {
        let _ = ns.disconnect().await;
    }
}

/// Resolves once the sandbox is stopping (the watch's guard is dropped inside, so the
/// emitter's future stays `Send`).
async fn stopped(stopping: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = stopping.wait_for(|stop| *stop).await;
}

/// `connection.update` for every link change recorded since the last look.
async fn link_changes(shared: &Arc<Shared>) {
    let changes: Vec<(String, Value)> = {
        let now = Now::current();
        let mut registry = shared.registry(&now);
        registry
            .iter_mut()
            .flat_map(|instance| {
                let name = instance.name().to_owned();
                let owner = instance.owner.clone();
                instance
                    .take_link_events()
                    .into_iter()
                    .map(move |change| {
                        let mut data = json!({
                            "instance": name,
                            "state": change.state,
                            "statusReason": change.reason,
                        });
                        // `open` adds who is connected (whatsapp.baileys.service.ts).
                        if change.state == "open" {
                            if let (Some(owner), Value::Object(map)) = (&owner, &mut data) {
                                map.insert("wuid".into(), json!(owner.jid));
                                map.insert("profileName".into(), json!(owner.profile_name));
                                map.insert(
                                    "profilePictureUrl".into(),
                                    json!(owner.profile_pic_url),
                                );
                            }
                        }
                        (name.clone(), data)
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    for (instance, data) in changes {
        emit(shared, &instance, "connection.update", data).await;
    }
}

/// Emits on `/{instance}` if its `Websocket` row is enabled for `event`, shaped like the
/// webhook body minus `destination` (websocket.controller.ts `emit`).
async fn emit(shared: &Arc<Shared>, instance: &str, event: &'static str, data: Value) {
    let now = Now::current();
    let envelope = {
        let registry = shared.registry(&now);
        let Some(found) = registry.get(instance) else {
            return;
        };
        if !found
            .spec
            .websocket
            .as_ref()
            .is_some_and(|w| w.emits(event))
        {
            return;
        }
        json!({
            "event": event,
            "instance": instance,
            "data": data,
            "server_url": shared.base_url,
            "date_time": iso8601(now.wall),
            "sender": found.owner.as_ref().map(|o| o.jid.clone()),
            // EXPOSE_IN_FETCH_INSTANCES (default true): the instance token travels along.
            "apikey": found.spec.token,
        })
    };
    let path = format!("/{instance}");
    if shared.hub.io.of(&path).is_none() {
        shared.hub.io.ns(
            path.clone(),
            on_connect(Arc::downgrade(shared), instance.to_owned()),
        );
    }
    let Some(ns) = shared.hub.io.of(&path) else {
        return;
    };
    let times = if shared.faults_for(Some(instance)).duplicate_events {
        2
    } else {
        1
    };
    for _ in 0..times {
        if let Err(e) = ns.clone().emit(event, &envelope).await {
            tracing::debug!(instance, event, error = %e, "sandbox event not delivered");
        }
    }
}

/// A client joined `/{instance}`: cut at once while the `dropSockets` fault is on. The
/// handler holds the sandbox weakly (the socket.io server lives inside it).
fn on_connect(
    shared: Weak<Shared>,
    instance: String,
) -> impl FnOnce(SocketRef) -> std::future::Ready<()> + Clone + Send + Sync + 'static {
    move |socket: SocketRef| {
        if let Some(shared) = shared.upgrade() {
            if shared.faults_for(Some(&instance)).drop_sockets {
                let _ = socket.disconnect();
            }
        }
        std::future::ready(())
    }
}

async fn drop_sockets(shared: &Arc<Shared>, instances: Option<Vec<String>>) {
    let targets: Vec<_> = match instances {
        Some(names) => names
            .iter()
            .filter_map(|name| shared.hub.io.of(format!("/{name}")))
            .collect(),
        None => shared
            .hub
            .io
            .nsps()
            .into_iter()
            .filter(|ns| ns.ns_path() != "/")
            .collect(),
    };
    for ns in targets {
        let _ = ns.disconnect().await;
    }
}
