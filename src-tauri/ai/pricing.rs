//! What models cost, per million tokens, in US dollars.
//!
//! OpenAI's standard-tier list prices as published on its pricing page in August 2025
//! (the gpt-5 launch), without the cached-input discount or the Batch API's half price.
//! Prices change: check https://openai.com/api/pricing before trusting a total, and update
//! this table with its date. A model not listed here (any local or compatible server's)
//! shows token counts only, never a guessed price.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ModelPrice {
    pub input_per_million: f64,
    pub output_per_million: f64,
}

/// The date the table was last checked, shown next to estimates.
pub const PRICES_AS_OF: &str = "2025-08";

const PRICES: &[(&str, f64, f64)] = &[
    ("gpt-4o-mini", 0.15, 0.60),
    ("gpt-4o", 2.50, 10.00),
    ("gpt-4.1", 2.00, 8.00),
    ("gpt-4.1-mini", 0.40, 1.60),
    ("gpt-4.1-nano", 0.10, 0.40),
    ("gpt-5", 1.25, 10.00),
    ("gpt-5-mini", 0.25, 2.00),
    ("gpt-5-nano", 0.05, 0.40),
];

/// The price of `model`, also for its dated snapshots (`gpt-4o-mini-2024-07-18`) and with
/// a provider prefix (`openai/gpt-4o`). `gpt-4o-mini` never takes `gpt-4o`'s price: the
/// rest of the name must be empty or a date.
pub fn price_for(model: &str) -> Option<ModelPrice> {
    let id = model
        .trim()
        .rsplit('/')
        .next()
        .unwrap_or(model)
        .to_ascii_lowercase();
    PRICES
        .iter()
        .find(|(name, _, _)| {
            id.strip_prefix(name)
                .is_some_and(|rest| rest.is_empty() || is_date_suffix(rest))
        })
        .map(|&(_, input, output)| ModelPrice {
            input_per_million: input,
            output_per_million: output,
        })
}

/// `-2024-07-18`
fn is_date_suffix(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    bytes.len() == 11
        && bytes[0] == b'-'
        && bytes[5] == b'-'
        && bytes[8] == b'-'
        && [1..5, 6..8, 9..11]
            .into_iter()
            .all(|r| bytes[r].iter().all(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_snapshots_find_their_own_price() {
        assert_eq!(price_for("gpt-4o-mini").unwrap().input_per_million, 0.15);
        assert_eq!(price_for("gpt-4o").unwrap().input_per_million, 2.50);
        assert_eq!(
            price_for("gpt-4o-mini-2024-07-18")
                .unwrap()
                .output_per_million,
            0.60
        );
        assert_eq!(
            price_for("openai/gpt-4.1-nano").unwrap().input_per_million,
            0.10
        );
        assert_eq!(price_for("gpt-5-mini").unwrap().output_per_million, 2.00);
        assert_eq!(price_for("gpt-4o-realtime-preview"), None);
        assert_eq!(price_for("llama3.1:8b"), None);
        for model in [
            "gpt-4o-mini",
            "gpt-4o",
            "gpt-4.1",
            "gpt-4.1-mini",
            "gpt-4.1-nano",
            "gpt-5-mini",
        ] {
            assert!(price_for(model).is_some(), "{model}");
        }
    }
}
