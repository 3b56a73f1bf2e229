//! Token and cost estimates before anything is sent, so the UI can say "about 180 000
//! tokens, about US$ 0.05" for a batch.
//!
//! Tokens are estimated from characters, not counted with a tokenizer: OpenAI's o200k
//! tokenizer (gpt-4o, 4.1, 5) averages about 4 characters per token in English prose and
//! about 3.5 in Portuguese (accents and longer words split more). Expect ±20 % on a single
//! message and better on a batch; the Portuguese ratio errs towards overestimating. A real
//! tokenizer (tiktoken-rs) would add several megabytes of vocabulary to the app for a
//! number the UI rounds anyway.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use super::pricing::{price_for, ModelPrice};
use super::request::{is_reasoning_model, ChatRequest};
use super::tasks::PersonaliseRequest;
use crate::settings::Language;

/// Chat framing OpenAI adds per message, and before the reply.
const TOKENS_PER_MESSAGE: u64 = 3;
const REPLY_PRIMING: u64 = 3;
/// Reasoning models bill hidden thinking as output; at low effort it roughly doubles a
/// short message.
const REASONING_OUTPUT_FACTOR: u64 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TokenEstimate {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CostEstimate {
    pub model: String,
    pub requests: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// None when the model is not in the price table: show tokens only.
    pub usd: Option<f64>,
    pub price: Option<ModelPrice>,
    /// When the prices were checked (`pricing::PRICES_AS_OF`).
    pub prices_as_of: String,
}

/// Estimated tokens of a text.
pub fn estimate_tokens(text: &str, language: Language) -> u64 {
    let chars = text.chars().count() as f64;
    let per_token = match language {
        Language::PtBr => 3.5,
        Language::En => 4.0,
    };
    (chars / per_token).ceil() as u64
}

/// Estimated tokens in and out of one request.
pub fn estimate_request(request: &ChatRequest) -> TokenEstimate {
    let input = request
        .messages
        .iter()
        .map(|m| estimate_tokens(&m.content, request.language) + TOKENS_PER_MESSAGE)
        .sum::<u64>()
        + REPLY_PRIMING;
    TokenEstimate {
        input_tokens: input,
        output_tokens: u64::from(request.expected_output_tokens),
    }
}

/// The cost of sending every request once to `model`.
pub fn estimate_cost<'r>(
    model: &str,
    requests: impl IntoIterator<Item = &'r ChatRequest>,
) -> CostEstimate {
    let mut total = TokenEstimate::default();
    let mut count = 0;
    for request in requests {
        let one = estimate_request(request);
        total.input_tokens += one.input_tokens;
        total.output_tokens += one.output_tokens;
        count += 1;
    }
    if is_reasoning_model(model) {
        total.output_tokens *= REASONING_OUTPUT_FACTOR;
    }
    let price = price_for(model);
    CostEstimate {
        model: model.to_owned(),
        requests: count,
        input_tokens: total.input_tokens,
        output_tokens: total.output_tokens,
        usd: price.map(|p| {
            (total.input_tokens as f64 * p.input_per_million
                + total.output_tokens as f64 * p.output_per_million)
                / 1_000_000.0
        }),
        price,
        prices_as_of: super::pricing::PRICES_AS_OF.to_owned(),
    }
}

/// The cost of personalising `template` for every contact (one request each).
pub fn estimate_personalisation(
    template: &str,
    contacts: &[BTreeMap<String, String>],
    language: Language,
    model: &str,
) -> CostEstimate {
    let requests: Vec<ChatRequest> = contacts
        .iter()
        .map(|contact| {
            PersonaliseRequest {
                template: template.to_owned(),
                contact: contact.clone(),
                language,
            }
            .chat_request()
        })
        .collect();
    estimate_cost(model, &requests)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_characters_per_language() {
        assert_eq!(estimate_tokens("", Language::PtBr), 0);
        assert_eq!(estimate_tokens(&"a".repeat(35), Language::PtBr), 10);
        assert_eq!(estimate_tokens(&"a".repeat(40), Language::En), 10);
        // Characters, not bytes: accents cost no more than letters.
        assert_eq!(estimate_tokens("ção", Language::PtBr), 1);
    }

    #[test]
    fn batch_costs_scale_and_unknown_models_show_tokens_only() {
        let template = "Olá {{nome}}! A camisa sai por R$ 49,90 até 15/12. https://loja.com/c";
        let contacts: Vec<BTreeMap<String, String>> = (0..1000)
            .map(|i| BTreeMap::from([("nome".to_owned(), format!("Cliente {i}"))]))
            .collect();
        let one = estimate_personalisation(template, &contacts[..1], Language::PtBr, "gpt-4o-mini");
        let all = estimate_personalisation(template, &contacts, Language::PtBr, "gpt-4o-mini");
        assert_eq!(all.requests, 1000);
        assert!(all.input_tokens >= one.input_tokens * 990);
        let usd = all.usd.unwrap();
        // ~1000 × (≈350 in × 0.15 + ≈25 out × 0.60) / 1M: a few cents.
        assert!((0.01..0.2).contains(&usd), "{usd}");
        let local = estimate_personalisation(template, &contacts, Language::PtBr, "llama3.1");
        assert_eq!(local.usd, None);
        assert_eq!(local.input_tokens, all.input_tokens);
        let reasoning = estimate_personalisation(template, &contacts, Language::PtBr, "gpt-5-mini");
        assert_eq!(reasoning.output_tokens, all.output_tokens * 2);
    }
}
