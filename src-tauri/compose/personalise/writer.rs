//! Who writes the personalised text: the AI client in the app, a scripted double in tests.

use std::collections::BTreeMap;
use std::future::Future;

use crate::ai::{AiClient, AiError, PersonaliseRequest, TokenUsage};
use crate::settings::Language;

/// One answer: the rewritten template (merge fields kept) and what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub text: String,
    pub usage: Option<TokenUsage>,
}

/// Rewrites `template` for the contact described by `fields`.
pub trait Writer: Sync {
    fn write(
        &self,
        template: &str,
        fields: &BTreeMap<String, String>,
        language: Language,
    ) -> impl Future<Output = Result<Written, AiError>> + Send;
}

impl Writer for AiClient {
    async fn write(
        &self,
        template: &str,
        fields: &BTreeMap<String, String>,
        language: Language,
    ) -> Result<Written, AiError> {
        let request = PersonaliseRequest {
            template: template.to_owned(),
            contact: fields.clone(),
            language,
        };
        let completion = self.complete(&request.chat_request()).await?;
        Ok(Written {
            text: completion.text,
            usage: completion.usage,
        })
    }
}
