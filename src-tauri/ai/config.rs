//! What the client needs to reach a server: its address, the key, the model and the limits.

use std::time::Duration;

use super::error::AiError;
use crate::secrets::Sensitive;
use crate::settings::Settings;

/// Used when no base URL is set.
pub const OPENAI_BASE_URL: &str = "https://api.openai.com/v1";
/// Generous: a long answer from a slow local model can take this long to start.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How to reach one OpenAI or OpenAI-compatible server.
#[derive(Debug, Clone)]
pub struct AiConfig {
    /// `None` means api.openai.com. Otherwise the prefix `/chat/completions` is appended to,
    /// as in OpenAI's own SDKs (`http://localhost:11434/v1`); a bare host gets `/v1`.
    pub base_url: Option<String>,
    pub api_key: Sensitive<String>,
    pub model: String,
    /// The longest the server may stay silent: before its answer starts, and between two
    /// pieces of a streamed answer. A long answer that keeps flowing is never cut.
    pub timeout: Duration,
    pub retry: RetryPolicy,
}

impl AiConfig {
    pub fn new(
        base_url: Option<String>,
        api_key: Sensitive<String>,
        model: impl Into<String>,
    ) -> AiConfig {
        AiConfig {
            base_url,
            api_key,
            model: model.into(),
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
        }
    }

    /// From the saved settings and the key read from the keychain
    /// (`Keychain::get(SecretKind::OpenaiApiKey)`).
    pub fn from_settings(
        settings: &Settings,
        api_key: Option<Sensitive<String>>,
    ) -> Result<AiConfig, AiError> {
        let key = api_key
            .filter(|k| !k.expose().trim().is_empty())
            .ok_or(AiError::MissingKey)?;
        Ok(AiConfig::new(
            settings.openai_base_url.clone(),
            key,
            settings.openai_model.clone(),
        ))
    }
}

/// When a rate-limited request is tried again. Quota, key and every other error are never
/// retried: repeating them cannot succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Extra attempts after a 429 rate limit; 0 never retries.
    pub rate_limit_retries: u32,
    /// A server asking for a longer pause than this gets an immediate `RateLimited` error
    /// (the UI shows "try again in…") instead of a composer frozen for minutes.
    pub max_wait: Duration,
    /// The pause when the server names none; doubled on each further attempt.
    pub fallback_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            rate_limit_retries: 3,
            max_wait: Duration::from_secs(20),
            fallback_delay: Duration::from_secs(1),
        }
    }
}

impl RetryPolicy {
    /// No retries at all (tests of the error itself, batch runners with their own pacing).
    pub fn never() -> Self {
        RetryPolicy {
            rate_limit_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The pause before retry number `attempt` (0-based), or None to give up now.
    pub(crate) fn pause(&self, attempt: u32, asked: Option<Duration>) -> Option<Duration> {
        if attempt >= self.rate_limit_retries {
            return None;
        }
        let pause = asked.unwrap_or_else(|| {
            self.fallback_delay
                .saturating_mul(2u32.saturating_pow(attempt))
        });
        (pause <= self.max_wait).then_some(pause)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_honour_the_server_then_back_off_and_stop() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.pause(0, Some(Duration::from_millis(1500))),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(policy.pause(1, None), Some(Duration::from_secs(2)));
        assert_eq!(policy.pause(0, Some(Duration::from_secs(60))), None);
        assert_eq!(policy.pause(3, None), None);
        assert_eq!(RetryPolicy::never().pause(0, None), None);
    }

    #[test]
    fn settings_without_a_key_are_refused() {
        let settings = Settings::default();
        assert!(matches!(
            AiConfig::from_settings(&settings, None),
            Err(AiError::MissingKey)
        ));
        assert!(matches!(
            AiConfig::from_settings(&settings, Some(Sensitive::new("  ".into()))),
            Err(AiError::MissingKey)
        ));
        let config =
            AiConfig::from_settings(&settings, Some(Sensitive::new("sk-abc".into()))).unwrap();
        assert_eq!(config.model, settings.openai_model);
        assert_eq!(config.base_url, None);
    }
}
