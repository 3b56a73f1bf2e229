//! Watches a set of instances, one task each: enable their events on the server, keep a
//! socket.io connection open, reconnect with backoff, and forward typed events (and the
//! stream's own state) on one channel.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use jiff::Timestamp;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::backoff::Backoff;
use super::error::EventsError;
use super::event::{parse_event, EvolutionEvent, StreamState};
use super::stream::{Endpoint, EventStream};
use crate::evolution::{EvolutionClient, EvolutionError};

/// How many events may wait for the consumer; past that the sockets stop being read (the
/// server buffers), so nothing is dropped.
pub const CHANNEL_CAPACITY: usize = 4096;

/// Listener settings.
#[derive(Debug, Clone)]
pub struct ListenerConfig {
    pub backoff: Backoff,
    /// Call `POST /websocket/set` for each watched instance first (keeping its other
    /// events). Off when the caller manages the server's settings itself.
    pub enable_on_server: bool,
}

impl Default for ListenerConfig {
    fn default() -> Self {
        ListenerConfig {
            backoff: Backoff::default(),
            enable_on_server: true,
        }
    }
}

/// The per-instance event streams of one Evolution server.
#[derive(Debug)]
pub struct Listener {
    client: EvolutionClient,
    endpoint: Endpoint,
    config: ListenerConfig,
    tx: mpsc::Sender<EvolutionEvent>,
    tasks: Mutex<HashMap<String, JoinHandle<()>>>,
}

impl Listener {
    /// A listener for `client`'s server, with its global key (the socket needs one).
    /// Events arrive on the receiver, in the order each instance's socket delivered them.
    pub fn new(
        client: EvolutionClient,
        config: ListenerConfig,
    ) -> Result<(Listener, mpsc::Receiver<EvolutionEvent>), EventsError> {
        let key = client.api_key().cloned().ok_or(EventsError::Unauthorized)?;
        let endpoint = Endpoint::new(client.base_url(), key)?;
        let (tx, rx) = mpsc::channel(CHANNEL_CAPACITY);
        Ok((
            Listener {
                client,
                endpoint,
                config,
                tx,
                tasks: Mutex::default(),
            },
            rx,
        ))
    }

    /// Starts watching `instance` (nothing if already watched or its task still runs).
    pub fn watch(&self, instance: &str) {
        let mut tasks = self.tasks.lock().unwrap_or_else(PoisonError::into_inner);
        if tasks.get(instance).is_some_and(|t| !t.is_finished()) {
            return;
        }
        let watcher = Watcher {
            instance: instance.to_owned(),
            client: self.client.clone(),
            endpoint: self.endpoint.clone(),
            config: self.config.clone(),
            tx: self.tx.clone(),
        };
        tasks.insert(instance.to_owned(), tokio::spawn(watcher.run()));
    }

    /// Stops watching `instance`; a `Closed` stream state follows.
    pub fn unwatch(&self, instance: &str) {
        let task = self
            .tasks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(instance);
        if let Some(task) = task {
            task.abort();
            let tx = self.tx.clone();
            let instance = instance.to_owned();
            tokio::spawn(async move {
                let _ = tx
                    .send(EvolutionEvent::Stream {
                        instance,
                        state: StreamState::Closed,
                    })
                    .await;
            });
        }
    }

    /// The instances being watched, sorted.
    pub fn watched(&self) -> Vec<String> {
        let tasks = self.tasks.lock().unwrap_or_else(PoisonError::into_inner);
        let mut names: Vec<String> = tasks
            .iter()
            .filter(|(_, t)| !t.is_finished())
            .map(|(n, _)| n.clone())
            .collect();
        names.sort();
        names
    }

    /// Stops every stream.
    pub fn shutdown(&self) {
        let tasks = std::mem::take(&mut *self.tasks.lock().unwrap_or_else(PoisonError::into_inner));
        for task in tasks.into_values() {
            task.abort();
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The events one instance needs: statuses, replies, link state, and sends (which also
/// make the server create the namespace early).
pub const EVENTS: [&str; 4] = [
    "CONNECTION_UPDATE",
    "MESSAGES_UPDATE",
    "MESSAGES_UPSERT",
    "SEND_MESSAGE",
];

struct Watcher {
    instance: String,
    client: EvolutionClient,
    endpoint: Endpoint,
    config: ListenerConfig,
    tx: mpsc::Sender<EvolutionEvent>,
}

impl Watcher {
    async fn state(&self, state: StreamState) -> bool {
        self.tx
            .send(EvolutionEvent::Stream {
                instance: self.instance.clone(),
                state,
            })
            .await
            .is_ok()
    }

    async fn run(self) {
        let mut attempt: u32 = 0;
        let mut enabled = !self.config.enable_on_server;
        let mut connected_before = false;
        loop {
            if !enabled {
                match self
                    .client
                    .enable_websocket_events(&self.instance, &EVENTS)
                    .await
                {
                    Ok(_) => enabled = true,
                    Err(EvolutionError::Unauthorized) => {
                        let _ = self.stop(&EventsError::Unauthorized).await;
                        return;
                    }
                    Err(e) => {
                        tracing::warn!(instance = %self.instance, error = %e, "could not enable WebSocket events; will retry");
                    }
                }
            }
            let error = if enabled {
                match EventStream::open(&self.endpoint, &self.instance).await {
                    Ok(mut stream) => {
                        let since = tokio::time::Instant::now();
                        tracing::info!(instance = %self.instance, url = %self.endpoint.redacted_socket_url(), "event stream connected");
                        if !self
                            .state(StreamState::Connected {
                                reconnected: connected_before,
                            })
                            .await
                        {
                            return;
                        }
                        connected_before = true;
                        let lost = self.pump(&mut stream).await;
                        if since.elapsed() >= self.config.backoff.stable_after {
                            attempt = 0;
                        }
                        match lost {
                            Some(error) => error,
                            None => return, // the consumer is gone
                        }
                    }
                    Err(error) => error,
                }
            } else {
                EventsError::Transport {
                    url: self.endpoint.redacted_socket_url(),
                    reason: "events not enabled on the server yet".to_owned(),
                }
            };
            if !error.is_retryable() {
                let _ = self.stop(&error).await;
                return;
            }
            attempt = attempt.saturating_add(1);
            let retry_in = self.config.backoff.delay(attempt);
            tracing::info!(instance = %self.instance, %error, ?retry_in, "event stream retrying");
            if !self
                .state(StreamState::Retrying {
                    attempt,
                    retry_in,
                    reason: error.to_string(),
                })
                .await
            {
                return;
            }
            tokio::time::sleep(retry_in).await;
        }
    }

    async fn stop(&self, error: &EventsError) -> bool {
        tracing::warn!(instance = %self.instance, %error, "event stream stopped");
        self.state(StreamState::Stopped {
            code: error.code(),
            reason: error.to_string(),
        })
        .await
    }

    /// Forwards events until the stream fails (Some) or the consumer is gone (None).
    async fn pump(&self, stream: &mut EventStream) -> Option<EventsError> {
        loop {
            let (name, message) = match stream.next_event().await {
                Ok(event) => event,
                Err(error) => return Some(error),
            };
            match parse_event(&self.instance, &name, &message, Timestamp::now()) {
                Ok(Some(event)) => {
                    if self.tx.send(event).await.is_err() {
                        return None;
                    }
                }
                Ok(None) => {}
                // The reason only: payloads carry the instance token and message texts.
                Err(reason) => {
                    tracing::debug!(instance = %self.instance, event = %name, reason, "event skipped");
                }
            }
        }
    }
}
