//! Sending: `sendText` and `sendMedia` (contract §5). Sends are never retried here: once a
//! send has left, a timeout, a dropped connection, a 5xx or WhatsApp's `Timed Out` leave it
//! unknown whether the message went out. Those come back as
//! [`EvolutionError::OutcomeUnknown`]; the campaign engine reconciles them (findMessages)
//! instead of resending.

use std::time::Duration;

use serde_json::{json, Value};

use super::client::EvolutionClient;
use super::error::EvolutionError;
use super::types::{MediaType, SendMedia, SentMessage};

/// The server blocks for `delay` before answering, plus upload and network time (§8.12).
fn send_timeout(client: &EvolutionClient, delay_ms: Option<u32>) -> Duration {
    client.send_timeout() + Duration::from_millis(u64::from(delay_ms.unwrap_or(0)))
}

/// A 2xx the server sent after accepting the send: if it cannot be read, the message
/// still went out, with no key to track it by.
fn sent(json: Value) -> Result<SentMessage, EvolutionError> {
    serde_json::from_value(json)
        .map_err(|e| EvolutionError::UnexpectedResponse(e.to_string()).after_send())
}

/// Checks what the server would reject, before paying for an upload.
pub fn validate_media(media: &SendMedia) -> Result<(), EvolutionError> {
    let source = media.media.trim();
    if source.is_empty() {
        return Err(EvolutionError::Validation("the media is empty".into()));
    }
    if source.starts_with("data:") {
        return Err(EvolutionError::Validation(
            "media must be an http(s) URL or raw base64, not a data: URI".into(),
        ));
    }
    let is_url = source.starts_with("http://") || source.starts_with("https://");
    if !is_url && media.media_type == MediaType::Document && media.file_name.is_none() {
        return Err(EvolutionError::Validation(
            "a base64 document needs a file name".into(),
        ));
    }
    Ok(())
}

impl EvolutionClient {
    /// `POST /message/sendText/{instance}`. `number` is digits with country code or a JID.
    pub async fn send_text(
        &self,
        instance: &str,
        number: &str,
        text: &str,
        delay_ms: Option<u32>,
    ) -> Result<SentMessage, EvolutionError> {
        if text.trim().is_empty() {
            return Err(EvolutionError::Validation("the text is empty".into()));
        }
        let mut body = json!({ "number": number, "text": text, "linkPreview": false });
        if let Some(delay) = delay_ms {
            body["delay"] = json!(delay);
        }
        let path = format!("/message/sendText/{}", super::instances::encode(instance));
        sent(
            self.send_json(&path, &body, send_timeout(self, delay_ms))
                .await?,
        )
    }

    /// `POST /message/sendMedia/{instance}` with a JSON body.
    pub async fn send_media(
        &self,
        instance: &str,
        media: &SendMedia,
    ) -> Result<SentMessage, EvolutionError> {
        validate_media(media)?;
        let mut body = json!({
            "number": media.number,
            "mediatype": media.media_type,
            "media": media.media.trim(),
        });
        if let Some(mime) = &media.mime_type {
            body["mimetype"] = json!(mime);
        }
        if let Some(caption) = &media.caption {
            body["caption"] = json!(caption);
        }
        if let Some(name) = &media.file_name {
            body["fileName"] = json!(name);
        }
        if let Some(delay) = media.delay_ms {
            body["delay"] = json!(delay);
        }
        let path = format!("/message/sendMedia/{}", super::instances::encode(instance));
        sent(
            self.send_json(&path, &body, send_timeout(self, media.delay_ms))
                .await?,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn media(source: &str, kind: MediaType, name: Option<&str>) -> SendMedia {
        SendMedia {
            number: "5511987654321".into(),
            media_type: kind,
            mime_type: None,
            caption: None,
            media: source.into(),
            file_name: name.map(str::to_owned),
            delay_ms: None,
        }
    }

    #[test]
    fn media_the_server_would_refuse_is_caught_first() {
        assert!(validate_media(&media(
            "https://cdn.example/cat.png",
            MediaType::Image,
            None
        ))
        .is_ok());
        assert!(validate_media(&media("iVBORw0KGgo=", MediaType::Image, None)).is_ok());
        assert!(validate_media(&media("JVBERi0=", MediaType::Document, Some("a.pdf"))).is_ok());
        assert!(
            validate_media(&media("data:image/png;base64,iVBO", MediaType::Image, None)).is_err()
        );
        assert!(validate_media(&media("JVBERi0=", MediaType::Document, None)).is_err());
        assert!(validate_media(&media("  ", MediaType::Audio, None)).is_err());
    }

    #[test]
    fn media_type_serializes_as_the_server_expects() {
        assert_eq!(
            serde_json::to_value(MediaType::Document).unwrap(),
            "document"
        );
    }
}
