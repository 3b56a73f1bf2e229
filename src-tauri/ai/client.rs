//! `AiClient`: list the models, ask for a whole answer, or stream one in.

use async_openai::types::chat::CreateChatCompletionResponse;
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::completion::{finish_from, Completion, Finish, TokenUsage};
use super::config::AiConfig;
use super::error::AiError;
use super::http::Http;
use super::request::ChatRequest;
use super::stream::TextStream;
use super::tasks::VariationsRequest;
use super::variations::parse_variations;

/// One server, one key, one model. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AiClient {
    http: Http,
    model: String,
}

/// The models to offer in Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ModelList {
    pub models: Vec<String>,
    /// False when the server has no model list (`/models` missing): `models` then holds
    /// just the configured model, and the user may type any other.
    pub from_server: bool,
}

impl AiClient {
    pub fn new(config: AiConfig) -> Result<AiClient, AiError> {
        let model = config.model.trim().to_owned();
        if model.is_empty() {
            return Err(AiError::ModelNotFound {
                model,
                message: "no model is configured".to_owned(),
            });
        }
        Ok(AiClient {
            http: Http::new(&config)?,
            model,
        })
    }

    pub fn model(&self) -> &str {
        &self.model
    }

    /// `GET /models`. A server without that route (404, 405, 501, or an answer that is
    /// not a model list) is not an error: the configured model is offered alone. A refused
    /// key, a timeout or an unreachable server are errors, since chat would fail too.
    pub async fn list_models(&self) -> Result<ModelList, AiError> {
        let fallback = || ModelList {
            models: vec![self.model.clone()],
            from_server: false,
        };
        let response = match self.http.send(Method::GET, "models", None, "").await {
            Ok(response) => response,
            Err(AiError::Http {
                status: 404 | 405 | 501,
                ..
            }) => return Ok(fallback()),
            Err(e) => return Err(e),
        };
        let body = self.http.read_body(response).await?;
        let Some(mut models) = model_ids(&body) else {
            tracing::info!(
                "the AI server's /models answer is not a model list; using the configured model"
            );
            return Ok(fallback());
        };
        if self.http.is_openai() {
            models.retain(|id| is_chat_model(id));
        }
        models.sort();
        models.dedup();
        Ok(ModelList {
            models,
            from_server: true,
        })
    }

    /// The whole answer at once.
    pub async fn complete(&self, request: &ChatRequest) -> Result<Completion, AiError> {
        let body = self.body(request, false)?;
        let response = self
            .http
            .send(Method::POST, "chat/completions", Some(body), &self.model)
            .await?;
        let bytes = self.http.read_body(response).await?;
        parse_completion(&bytes)
    }

    /// The answer as it is written. The request is retried on rate limits before the
    /// first byte only; once text flows, errors end the stream.
    pub async fn stream(&self, request: &ChatRequest) -> Result<TextStream, AiError> {
        let body = self.body(request, true)?;
        let response = self
            .http
            .send(Method::POST, "chat/completions", Some(body), &self.model)
            .await?;
        let is_json = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("application/json"));
        if is_json {
            let bytes = self.http.read_body(response).await?;
            let completion = parse_completion(&bytes)?;
            return Ok(TextStream::whole(
                self.http.clone(),
                &self.model,
                completion,
            ));
        }
        Ok(TextStream::new(self.http.clone(), &self.model, response))
    }

    /// `count` versions of a message, from one answer (see `variations.rs` for why one).
    pub async fn variations(&self, request: &VariationsRequest) -> Result<Vec<String>, AiError> {
        let completion = self.complete(&request.chat_request()).await?;
        let found = parse_variations(&completion.text, usize::from(request.count()));
        if found.is_empty() {
            return Err(AiError::BadResponse(
                "the answer held no usable variation".to_owned(),
            ));
        }
        Ok(found)
    }

    fn body(&self, request: &ChatRequest, stream: bool) -> Result<Vec<u8>, AiError> {
        serde_json::to_vec(&request.to_openai(&self.model, stream))
            .map_err(|e| AiError::BadResponse(format!("the request could not be encoded: {e}")))
    }
}

fn parse_completion(bytes: &[u8]) -> Result<Completion, AiError> {
    let response: CreateChatCompletionResponse = serde_json::from_slice(bytes)
        .map_err(|e| AiError::BadResponse(format!("the answer is not a chat completion ({e})")))?;
    let choice = response
        .choices
        .into_iter()
        .find(|c| c.index == 0)
        .ok_or_else(|| AiError::BadResponse("the answer has no choices".to_owned()))?;
    if let Some(refusal) = choice.message.refusal.filter(|r| !r.is_empty()) {
        return Err(AiError::ContentFiltered {
            message: format!("the model refused: {refusal}"),
        });
    }
    let text = choice.message.content.unwrap_or_default();
    let finish = match choice.finish_reason {
        Some(reason) => finish_from(reason, &text)?,
        None => Finish::Stop,
    };
    Ok(Completion {
        text,
        finish,
        usage: response.usage.as_ref().map(TokenUsage::from),
    })
}

/// The ids of `{"data":[{"id":…},…]}`, read leniently: compatible servers often leave out
/// `created` or `owned_by`. None when the body is not such a list.
fn model_ids(body: &[u8]) -> Option<Vec<String>> {
    let json: Value = serde_json::from_slice(body).ok()?;
    let data = json
        .get("data")
        .or_else(|| json.get("models"))?
        .as_array()?;
    Some(
        data.iter()
            .filter_map(|m| m.get("id").and_then(Value::as_str))
            .map(str::to_owned)
            .collect(),
    )
}

/// OpenAI lists every model it has (speech, images, embeddings…); only text chat models
/// can write a message.
fn is_chat_model(id: &str) -> bool {
    let family = id.starts_with("gpt-")
        || id.starts_with("chatgpt-")
        || ["o1", "o3", "o4"]
            .iter()
            .any(|f| id == *f || id.starts_with(&format!("{f}-")));
    let not_chat = [
        "audio",
        "realtime",
        "transcribe",
        "tts",
        "image",
        "search",
        "instruct",
        "embedding",
        "codex",
        "computer-use",
    ];
    family && !not_chat.iter().any(|w| id.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openai_lists_are_trimmed_to_chat_models() {
        let ids = [
            "gpt-4o-mini",
            "gpt-4o-mini-tts",
            "gpt-4o-realtime-preview",
            "gpt-image-1",
            "dall-e-3",
            "text-embedding-3-small",
            "o4-mini",
            "gpt-5-mini",
            "whisper-1",
            "gpt-3.5-turbo-instruct",
        ];
        let kept: Vec<_> = ids.into_iter().filter(|id| is_chat_model(id)).collect();
        assert_eq!(kept, ["gpt-4o-mini", "o4-mini", "gpt-5-mini"]);
    }

    #[test]
    fn model_lists_are_read_leniently() {
        assert_eq!(
            model_ids(br#"{"object":"list","data":[{"id":"a"},{"id":"b","created":1}]}"#),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(model_ids(b"<html>"), None);
        assert_eq!(model_ids(br#"{"ok":true}"#), None);
    }

    #[test]
    fn completions_parse_and_content_filter_is_an_error() {
        let ok = br#"{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Oi {{nome}}"},"finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}"#;
        let completion = parse_completion(ok).unwrap();
        assert_eq!(completion.text, "Oi {{nome}}");
        assert_eq!(completion.finish, Finish::Length);
        assert_eq!(completion.usage.unwrap().output_tokens, 3);
        let filtered = br#"{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":"content_filter"}]}"#;
        assert!(matches!(
            parse_completion(filtered),
            Err(AiError::ContentFiltered { .. })
        ));
        assert!(matches!(
            parse_completion(br#"{"id":"c""#),
            Err(AiError::BadResponse(_))
        ));
    }
}
