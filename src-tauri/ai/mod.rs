//! The composer's AI: a client for OpenAI or any OpenAI-compatible server (typed errors,
//! time limits, rate-limit retries, streaming with cancel), the prompts of its four tasks
//! (draft, rewrite, variations, personalise), and token and cost estimates.
//!
//! No Tauri here: commands adapt it, the CLI and the tests use it as is. The key comes
//! from the keychain (`SecretKind::OpenaiApiKey`) as a `Sensitive` and appears in no
//! error, log line or serialized value.

mod cancel;
mod client;
mod completion;
mod config;
mod error;
mod estimate;
mod http;
mod pricing;
mod prompts;
mod request;
mod sse;
mod stream;
mod tasks;
mod variations;

pub use cancel::CancelToken;
pub use client::{AiClient, ModelList};
pub use completion::{Completion, Finish, TokenUsage};
pub use config::{AiConfig, RetryPolicy, DEFAULT_TIMEOUT, OPENAI_BASE_URL};
pub use error::AiError;
pub use estimate::{
    estimate_cost, estimate_personalisation, estimate_request, estimate_tokens, CostEstimate,
    TokenEstimate,
};
pub use pricing::{price_for, ModelPrice, PRICES_AS_OF};
pub use request::{ChatMessage, ChatRequest, Role};
pub use stream::TextStream;
pub use tasks::{
    DraftBrief, MessageLength, PersonaliseRequest, RewriteKind, RewriteRequest, Tone,
    VariationsRequest,
};
pub use variations::parse_variations;

#[cfg(test)]
mod tests {
    use ts_rs::{Config, TS};

    /// Every type the UI will see renders with the bindings' settings (see `bindings.rs`).
    #[test]
    fn ts_declarations_render() {
        let cfg = Config::new().with_large_int("number");
        let decls = [
            super::DraftBrief::decl(&cfg),
            super::Tone::decl(&cfg),
            super::MessageLength::decl(&cfg),
            super::RewriteKind::decl(&cfg),
            super::RewriteRequest::decl(&cfg),
            super::VariationsRequest::decl(&cfg),
            super::PersonaliseRequest::decl(&cfg),
            super::Completion::decl(&cfg),
            super::Finish::decl(&cfg),
            super::TokenUsage::decl(&cfg),
            super::ModelList::decl(&cfg),
            super::CostEstimate::decl(&cfg),
            super::TokenEstimate::decl(&cfg),
            super::ModelPrice::decl(&cfg),
            super::ChatMessage::decl(&cfg),
            super::Role::decl(&cfg),
        ];
        let all = decls.join("\n");
        assert!(all.contains("inputTokens: number"), "{all}");
        assert!(
            all.contains("contact: { [key in string]: string }"),
            "{all}"
        );
        assert!(!all.contains("bigint"));
    }
}
