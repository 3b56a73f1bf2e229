//! Number checks and status reading: `whatsappNumbers`, `findStatusMessage`, `findMessages`.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use super::client::EvolutionClient;
use super::error::EvolutionError;
use super::types::{MessageKey, MessageRecord, MessageStatus, NumberCheck, StatusRecord};

const CHAT_TIMEOUT: Duration = Duration::from_secs(60);

fn chat_path(route: &str, instance: &str) -> String {
    format!("/chat/{route}/{}", super::instances::encode(instance))
}

fn parse<T: serde::de::DeserializeOwned>(json: Value) -> Result<T, EvolutionError> {
    serde_json::from_value(json).map_err(|e| EvolutionError::UnexpectedResponse(e.to_string()))
}

impl EvolutionClient {
    /// `findMessages` with `body`: the records of its one page.
    async fn message_records(
        &self,
        instance: &str,
        body: &Value,
    ) -> Result<Vec<MessageRecord>, EvolutionError> {
        let json = self
            .call_json(
                Method::POST,
                &chat_path("findMessages", instance),
                Some(body),
                CHAT_TIMEOUT,
            )
            .await?;
        let records = json
            .pointer("/messages/records")
            .cloned()
            .unwrap_or(Value::Array(Vec::new()));
        parse(records)
    }

    /// Which numbers have WhatsApp. Answers are matched to inputs by the echoed `number`;
    /// send to the returned `jid` (it may drop or add the Brazilian 9th digit).
    pub async fn whatsapp_numbers(
        &self,
        instance: &str,
        numbers: &[String],
    ) -> Result<Vec<NumberCheck>, EvolutionError> {
        let mut unique: Vec<&String> = Vec::with_capacity(numbers.len());
        for n in numbers {
            if !unique.contains(&n) {
                unique.push(n);
            }
        }
        if unique.is_empty() {
            return Ok(Vec::new());
        }
        let body = json!({ "numbers": unique });
        parse(
            self.call_json(
                Method::POST,
                &chat_path("whatsappNumbers", instance),
                Some(&body),
                CHAT_TIMEOUT,
            )
            .await?,
        )
    }

    /// The highest status recorded for a sent message, if any (one row per change).
    pub async fn message_status(
        &self,
        instance: &str,
        key: &MessageKey,
    ) -> Result<Option<MessageStatus>, EvolutionError> {
        let body = json!({ "where": { "remoteJid": key.remote_jid, "id": key.id }, "page": 1, "offset": 50 });
        let rows: Vec<StatusRecord> = parse(
            self.call_json(
                Method::POST,
                &chat_path("findStatusMessage", instance),
                Some(&body),
                CHAT_TIMEOUT,
            )
            .await?,
        )?;
        // Match by key id, not phone: LID addressing can change remoteJid (§8.8).
        Ok(rows
            .into_iter()
            .filter(|r| r.key_id.as_deref().is_none_or(|id| id == key.id))
            .map(|r| r.status)
            .max())
    }

    /// The stored message with this key, if the server has it (used to check whether a
    /// send that timed out went out after all).
    pub async fn find_message(
        &self,
        instance: &str,
        key: &MessageKey,
    ) -> Result<Option<MessageRecord>, EvolutionError> {
        let body = json!({
            "where": { "key": { "id": key.id, "remoteJid": key.remote_jid, "fromMe": true } },
            "page": 1,
            "offset": 50
        });
        let records = self.message_records(instance, &body).await?;
        Ok(records.into_iter().find(|r| r.key.id == key.id))
    }

    /// Messages this instance sent to `remote_jid`, newest first (one page of `limit`):
    /// how the campaign engine finds out whether a send with no answer went out.
    pub async fn find_sent_to(
        &self,
        instance: &str,
        remote_jid: &str,
        limit: u32,
    ) -> Result<Vec<MessageRecord>, EvolutionError> {
        let body = json!({
            "where": { "key": { "remoteJid": remote_jid, "fromMe": true } },
            "page": 1,
            "offset": limit.max(1)
        });
        let records = self.message_records(instance, &body).await?;
        // The server filtered by chat already (its remoteJid may read as a LID, §8.8).
        Ok(records.into_iter().filter(|r| r.key.from_me).collect())
    }

    /// Messages this instance stored between two instants (RFC 3339), newest first, with
    /// their status history: how the campaign engine learns which sends WhatsApp refused
    /// afterwards (an `ERROR` update, e.g. error 463 for new contacts). The server applies
    /// the window only when both bounds are given.
    pub async fn find_sent_between(
        &self,
        instance: &str,
        from: &str,
        to: &str,
        limit: u32,
    ) -> Result<Vec<MessageRecord>, EvolutionError> {
        let body = json!({
            "where": {
                "key": { "fromMe": true },
                "messageTimestamp": { "gte": from, "lte": to }
            },
            "page": 1,
            "offset": limit.max(1)
        });
        self.message_records(instance, &body).await
    }
}
