//! One call to the model as the tasks describe it, and its translation into OpenAI's
//! request body (with the few per-model differences that matter).

use async_openai::types::chat::{
    ChatCompletionRequestAssistantMessage, ChatCompletionRequestMessage,
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
    CreateChatCompletionRequest, ReasoningEffort,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::settings::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    System,
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessage {
    pub role: Role,
    pub content: String,
}

impl ChatMessage {
    pub fn system(content: impl Into<String>) -> Self {
        ChatMessage {
            role: Role::System,
            content: content.into(),
        }
    }

    pub fn user(content: impl Into<String>) -> Self {
        ChatMessage {
            role: Role::User,
            content: content.into(),
        }
    }

    pub fn assistant(content: impl Into<String>) -> Self {
        ChatMessage {
            role: Role::Assistant,
            content: content.into(),
        }
    }
}

/// The messages plus the knobs a task sets. Built by the task types in `tasks.rs`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRequest {
    pub messages: Vec<ChatMessage>,
    /// Ignored for reasoning models, which accept only their default.
    pub temperature: Option<f32>,
    /// A cap against runaway answers (and bills); ignored for reasoning models, whose
    /// hidden reasoning counts against it and could leave no visible text.
    pub max_output_tokens: Option<u32>,
    /// What the task expects back, for cost estimates before anything is sent.
    pub expected_output_tokens: u32,
    /// The language of the messages (token estimates differ).
    pub language: Language,
}

impl ChatRequest {
    pub fn new(messages: Vec<ChatMessage>) -> Self {
        ChatRequest {
            messages,
            temperature: None,
            max_output_tokens: None,
            expected_output_tokens: 200,
            language: Language::default(),
        }
    }

    /// OpenAI's request body for `model`.
    // `max_tokens` is deprecated upstream in favour of `max_completion_tokens`, which many
    // compatible servers do not know yet.
    #[allow(deprecated)]
    pub(crate) fn to_openai(&self, model: &str, stream: bool) -> CreateChatCompletionRequest {
        let reasoning = is_reasoning_model(model);
        CreateChatCompletionRequest {
            messages: self.messages.iter().map(to_openai_message).collect(),
            model: model.to_owned(),
            stream: stream.then_some(true),
            temperature: if reasoning { None } else { self.temperature },
            // OpenAI still accepts `max_tokens` for non-reasoning models.
            max_tokens: if reasoning {
                None
            } else {
                self.max_output_tokens
            },
            // Drafting a WhatsApp message needs little thought; low effort is faster and
            // bills fewer hidden tokens.
            reasoning_effort: reasoning.then_some(ReasoningEffort::Low),
            ..CreateChatCompletionRequest::default()
        }
    }
}

fn to_openai_message(message: &ChatMessage) -> ChatCompletionRequestMessage {
    let text = message.content.as_str();
    match message.role {
        Role::System => ChatCompletionRequestSystemMessage::from(text).into(),
        Role::User => ChatCompletionRequestUserMessage::from(text).into(),
        Role::Assistant => ChatCompletionRequestAssistantMessage {
            content: Some(text.into()),
            ..ChatCompletionRequestAssistantMessage::default()
        }
        .into(),
    }
}

/// OpenAI's reasoning families reject `temperature` and count hidden tokens as output.
pub(crate) fn is_reasoning_model(model: &str) -> bool {
    let id = model
        .rsplit('/')
        .next()
        .unwrap_or(model)
        .to_ascii_lowercase();
    id.starts_with("gpt-5")
        || ["o1", "o3", "o4"]
            .iter()
            .any(|family| id == *family || id.starts_with(&format!("{family}-")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request() -> ChatRequest {
        ChatRequest {
            temperature: Some(0.7),
            max_output_tokens: Some(300),
            ..ChatRequest::new(vec![
                ChatMessage::system("rules"),
                ChatMessage::user("hello {{nome}}"),
                ChatMessage::assistant("earlier answer"),
            ])
        }
    }

    #[test]
    fn serialises_to_openais_wire_format() {
        let body = serde_json::to_value(request().to_openai("gpt-4o-mini", true)).unwrap();
        assert_eq!(
            body,
            json!({
                "model": "gpt-4o-mini",
                "messages": [
                    {"role": "system", "content": "rules"},
                    {"role": "user", "content": "hello {{nome}}"},
                    {"role": "assistant", "content": "earlier answer"},
                ],
                "stream": true,
                "temperature": 0.7f32,
                "max_tokens": 300,
            })
        );
        let plain = serde_json::to_value(request().to_openai("gpt-4o-mini", false)).unwrap();
        assert!(plain.get("stream").is_none());
    }

    #[test]
    fn reasoning_models_get_no_temperature_or_cap() {
        let body = serde_json::to_value(request().to_openai("gpt-5-mini", false)).unwrap();
        assert!(body.get("temperature").is_none());
        assert!(body.get("max_tokens").is_none());
        assert_eq!(body["reasoning_effort"], "low");
        assert!(is_reasoning_model("o4-mini"));
        assert!(is_reasoning_model("openai/gpt-5"));
        assert!(!is_reasoning_model("gpt-4o"));
        assert!(!is_reasoning_model("llama3.1"));
        assert!(!is_reasoning_model("o1x"));
    }
}
