//! What a finished answer is: its text, why it ended, and the tokens it cost.

use async_openai::types::chat::{CompletionUsage, FinishReason};
use serde::Serialize;
use ts_rs::TS;

use super::error::AiError;

/// Why an answer ended. A content-filter stop is an error (`AiError::ContentFiltered`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Finish {
    /// The model said all it had to say.
    Stop,
    /// The token cap cut it short: the text is incomplete.
    Length,
    /// The caller cancelled; the text is what arrived before.
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TokenUsage {
    pub input_tokens: u32,
    pub output_tokens: u32,
}

impl From<&CompletionUsage> for TokenUsage {
    fn from(usage: &CompletionUsage) -> Self {
        TokenUsage {
            input_tokens: usage.prompt_tokens,
            output_tokens: usage.completion_tokens,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Completion {
    pub text: String,
    pub finish: Finish,
    /// What the server billed, when it said (streams usually do not).
    pub usage: Option<TokenUsage>,
}

/// OpenAI's finish reason as ours; tool and function calls never happen here (none are
/// offered) and count as a normal stop.
pub(crate) fn finish_from(reason: FinishReason, text: &str) -> Result<Finish, AiError> {
    match reason {
        FinishReason::Stop | FinishReason::ToolCalls | FinishReason::FunctionCall => {
            Ok(Finish::Stop)
        }
        FinishReason::Length => Ok(Finish::Length),
        FinishReason::ContentFilter => Err(AiError::ContentFiltered {
            message: if text.is_empty() {
                "the answer was withheld (finish_reason: content_filter)".to_owned()
            } else {
                "the answer was cut off (finish_reason: content_filter)".to_owned()
            },
        }),
    }
}
