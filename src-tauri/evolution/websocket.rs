//! Per-instance socket.io settings: `GET /websocket/find/{instance}` and
//! `POST /websocket/set/{instance}` (contract §4, §6). The server keeps one row per
//! instance (`enabled`, `events`); `set` replaces it, so the events already subscribed
//! are kept and ours added.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::client::EvolutionClient;
use super::error::EvolutionError;

/// The instance's socket.io row (None from `find` when it was never set).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WebsocketSettings {
    #[serde(default)]
    pub enabled: bool,
    /// UPPER_SNAKE names. The server fills every event in when `set` gets an empty list.
    #[serde(default)]
    pub events: Vec<String>,
}

fn path(route: &str, instance: &str) -> String {
    format!("/websocket/{route}/{}", super::instances::encode(instance))
}

impl EvolutionClient {
    /// The instance's socket.io settings; None when never set.
    pub async fn websocket_settings(
        &self,
        instance: &str,
    ) -> Result<Option<WebsocketSettings>, EvolutionError> {
        let value = self.get_json_retrying(&path("find", instance)).await?;
        if value.is_null() {
            return Ok(None);
        }
        serde_json::from_value(value)
            .map(Some)
            .map_err(|e| EvolutionError::UnexpectedResponse(e.to_string()))
    }

    /// Makes sure the instance emits `events` on its socket.io namespace, keeping the
    /// events it already had. Returns false when nothing needed changing.
    pub async fn enable_websocket_events(
        &self,
        instance: &str,
        events: &[&str],
    ) -> Result<bool, EvolutionError> {
        let current = self.websocket_settings(instance).await?;
        let mut wanted: Vec<String> = match &current {
            Some(s) if s.enabled => s.events.clone(),
            _ => Vec::new(),
        };
        if current.as_ref().is_some_and(|s| s.enabled)
            && events.iter().all(|e| wanted.iter().any(|w| w == e))
        {
            return Ok(false);
        }
        for event in events {
            if !wanted.iter().any(|w| w == event) {
                wanted.push((*event).to_owned());
            }
        }
        let body = json!({"websocket": {"enabled": true, "events": wanted}});
        let _: Value = self
            .call_json(
                Method::POST,
                &path("set", instance),
                Some(&body),
                self.timeout(),
            )
            .await?;
        Ok(true)
    }
}
