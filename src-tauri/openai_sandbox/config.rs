//! What the OpenAI sandbox pretends to be, and the knobs a test turns while it runs.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::writer::FactsMode;

/// Build with `..OpenAiSandboxConfig::default()`: fields may be added.
#[derive(Debug, Clone)]
pub struct OpenAiSandboxConfig {
    /// The one key accepted as `Authorization: Bearer …` (also for `/_sandbox/*`).
    pub api_key: String,
    /// What `GET /v1/models` lists; any other model answers 404 `model_not_found`.
    pub models: Vec<String>,
    /// `created` of every answer, fixed so answers are reproducible.
    pub created: u64,
    pub settings: SandboxSettings,
}

impl Default for OpenAiSandboxConfig {
    fn default() -> Self {
        OpenAiSandboxConfig {
            api_key: "sk-sandbox-0123456789abcdef0123".to_owned(),
            models: [
                "gpt-4o-mini",
                "gpt-4o",
                "gpt-4.1",
                "gpt-4.1-mini",
                "gpt-4.1-nano",
                "gpt-5-mini",
            ]
            .map(str::to_owned)
            .to_vec(),
            created: 1_735_689_600,
            settings: SandboxSettings::default(),
        }
    }
}

/// Changeable while running (`PUT /_sandbox/settings`): JSON names are camelCase with
/// durations in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SandboxSettings {
    /// Before every answer starts (models, completions, streams).
    #[serde(rename = "latencyMs", with = "millis")]
    pub latency: Duration,
    /// Between two pieces of a streamed answer.
    #[serde(rename = "chunkDelayMs", with = "millis")]
    pub chunk_delay: Duration,
    /// Whether generated answers keep the prompt's facts.
    pub facts: FactsMode,
}

mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(u64::try_from(value.as_millis()).unwrap_or(u64::MAX))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        u64::deserialize(deserializer).map(Duration::from_millis)
    }
}
