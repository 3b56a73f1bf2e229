//! Non-secret preferences: what they are, their defaults and their validation.
//! [`SettingsStore`] owns the file; the window and `tip` both go through it.

mod store;

pub use store::{SettingsStore, STORE_KEY};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

pub const DEFAULT_OPENAI_MODEL: &str = "gpt-4o-mini";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub enum Language {
    #[default]
    #[serde(rename = "pt-BR")]
    PtBr,
    #[serde(rename = "en")]
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Theme {
    Light,
    Dark,
    #[default]
    System,
}

/// Everything the user sets that is not a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Evolution server root, e.g. `https://evo.minhaloja.com.br` (no `/api` suffix).
    pub evolution_url: Option<String>,
    pub openai_model: String,
    /// OpenAI-compatible server (Azure, Ollama, LM Studio…); `None` means api.openai.com.
    pub openai_base_url: Option<String>,
    pub language: Language,
    pub theme: Theme,
    /// ISO 3166 alpha-2 country assumed for imported numbers without a country code.
    pub default_country: String,
    /// A reply that is exactly one of these (case, accents, punctuation and emoji aside)
    /// puts the number on the do-not-contact list at once.
    pub opt_out_words: Vec<String>,
    /// The first-run guide was finished or skipped; it opens at start until then.
    pub first_run_done: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            evolution_url: None,
            openai_model: DEFAULT_OPENAI_MODEL.to_owned(),
            openai_base_url: None,
            language: Language::default(),
            theme: Theme::default(),
            default_country: "BR".to_owned(),
            opt_out_words: crate::history::default_stop_words(),
            first_run_done: false,
        }
    }
}

/// Which field failed validation, so the UI can point at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SettingsField {
    EvolutionUrl,
    OpenaiModel,
    OpenaiBaseUrl,
    DefaultCountry,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{field:?} is not a valid http(s) address: {reason}")]
    InvalidUrl {
        field: SettingsField,
        reason: String,
    },
    #[error("the model name is empty")]
    EmptyModel,
    #[error("{0:?} is not a two-letter country code")]
    BadCountry(String),
    #[error("the opt-out words are not usable: {0}")]
    OptOutWords(OptOutWordsProblem),
    #[error("could not read the settings file: {0}")]
    Read(String),
    #[error("could not save the settings file: {0}")]
    Write(String),
}

/// Why a list of opt-out words was refused; the UI translates the code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptOutWordsProblem {
    /// Without words nobody is opted out automatically by a reply.
    #[error("the list is empty")]
    Empty,
    #[error("{0:?} is longer than {MAX_WORD_CHARS} characters")]
    TooLong(String),
    #[error("more than {MAX_WORDS} words")]
    TooMany,
}

impl OptOutWordsProblem {
    /// The code the UI translates (`empty`, `tooLong`, `tooMany`).
    pub fn code(&self) -> &'static str {
        match self {
            OptOutWordsProblem::Empty => "empty",
            OptOutWordsProblem::TooLong(_) => "tooLong",
            OptOutWordsProblem::TooMany => "tooMany",
        }
    }
}

/// Limits of the opt-out word list (a phrase counts as one word).
pub const MAX_WORDS: usize = 50;
pub const MAX_WORD_CHARS: usize = 60;

impl Settings {
    /// Trims and checks the values; returns the cleaned settings that are safe to store.
    pub fn validated(mut self) -> Result<Self, SettingsError> {
        self.evolution_url = clean_url(self.evolution_url, SettingsField::EvolutionUrl)?;
        self.openai_base_url = clean_url(self.openai_base_url, SettingsField::OpenaiBaseUrl)?;
        self.openai_model = self.openai_model.trim().to_owned();
        if self.openai_model.is_empty() {
            return Err(SettingsError::EmptyModel);
        }
        self.opt_out_words = clean_words(self.opt_out_words).map_err(SettingsError::OptOutWords)?;
        self.default_country = self.default_country.trim().to_ascii_uppercase();
        if self.default_country.len() != 2
            || !self.default_country.chars().all(|c| c.is_ascii_uppercase())
        {
            return Err(SettingsError::BadCountry(self.default_country));
        }
        Ok(self)
    }

    /// Builds settings from the stored JSON value; unknown or broken values fall back to
    /// defaults so an old or hand-edited file never stops the app from opening.
    pub fn from_stored(value: Option<serde_json::Value>) -> Self {
        // Saved by a version without the first-run guide: an install that already has a
        // server was set up by hand, so the guide must not greet it after the upgrade.
        let set_up_before_the_guide = value.as_ref().is_some_and(|v| {
            v.get("firstRunDone").is_none()
                && v.get("evolutionUrl").is_some_and(|url| !url.is_null())
        });
        match value.map(serde_json::from_value::<Settings>) {
            Some(Ok(settings)) => Settings {
                first_run_done: settings.first_run_done || set_up_before_the_guide,
                ..settings
            },
            Some(Err(err)) => {
                tracing::warn!(%err, "stored settings unreadable; using defaults");
                Settings::default()
            }
            None => Settings::default(),
        }
    }
}

/// Trimmed, without blanks or repeats (as the opt-out rules compare them); refused when
/// empty, too long or too many, so the user sees why instead of a silently cut list.
fn clean_words(words: Vec<String>) -> Result<Vec<String>, OptOutWordsProblem> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for word in words {
        let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
        if word.is_empty() {
            continue;
        }
        if word.chars().count() > MAX_WORD_CHARS {
            return Err(OptOutWordsProblem::TooLong(word));
        }
        if seen.insert(crate::history::normalise(&word)) {
            out.push(word);
        }
    }
    if out.is_empty() {
        return Err(OptOutWordsProblem::Empty);
    }
    if out.len() > MAX_WORDS {
        return Err(OptOutWordsProblem::TooMany);
    }
    Ok(out)
}

/// Empty → `None`; otherwise the address as [`normalize_url`] cleans it.
fn clean_url(value: Option<String>, field: SettingsField) -> Result<Option<String>, SettingsError> {
    match value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
        Some(raw) => normalize_url(&raw, field).map(Some),
        None => Ok(None),
    }
}

/// An absolute http(s) URL without credentials, query or fragment, returned without a
/// trailing slash so paths can be appended; the form every saved address has, so a typed
/// address can be compared with the saved one.
pub fn normalize_url(raw: &str, field: SettingsField) -> Result<String, SettingsError> {
    let raw = raw.trim();
    let invalid = |reason: &str| SettingsError::InvalidUrl {
        field,
        reason: reason.to_owned(),
    };
    let url = Url::parse(raw).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the address must start with http:// or https://"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("the address has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // A password in the URL would end up in the settings file in clear.
        return Err(invalid(
            "the address must not contain a user name or password",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("the address must not contain ? or #"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// True for a plain `http://` address of another machine: whatever key goes there travels
/// unencrypted. Loopback (`localhost`, 127.0.0.0/8, `::1`) stays on this computer.
pub fn sends_keys_in_clear(address: &str) -> bool {
    let Ok(url) = Url::parse(address.trim()) else {
        return false;
    };
    if url.scheme() != "http" {
        return false;
    }
    match url.host() {
        Some(url::Host::Ipv4(ip)) => !ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => !ip.is_loopback(),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name != "localhost" && !name.ends_with(".localhost")
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_url(url: &str) -> Settings {
        Settings {
            evolution_url: Some(url.to_owned()),
            ..Settings::default()
        }
    }

    #[test]
    fn defaults_are_portuguese_and_system_theme() {
        let s = Settings::default();
        assert_eq!(s.language, Language::PtBr);
        assert_eq!(s.theme, Theme::System);
        assert_eq!(s.openai_model, DEFAULT_OPENAI_MODEL);
        assert_eq!(serde_json::to_value(s.language).unwrap(), "pt-BR");
    }

    #[test]
    fn urls_are_trimmed_and_lose_the_trailing_slash() {
        let s = with_url("  https://evo.loja.com.br:8080/ ")
            .validated()
            .unwrap();
        assert_eq!(
            s.evolution_url.as_deref(),
            Some("https://evo.loja.com.br:8080")
        );
        let s = with_url("   ").validated().unwrap();
        assert_eq!(s.evolution_url, None);
    }

    #[test]
    fn bad_urls_are_rejected_with_the_field() {
        for bad in [
            "evo.loja.com",
            "ftp://evo",
            "https://user:pw@evo",
            "http://evo/?k=1",
        ] {
            match with_url(bad).validated() {
                Err(SettingsError::InvalidUrl { field, .. }) => {
                    assert_eq!(field, SettingsField::EvolutionUrl, "{bad}")
                }
                other => panic!("{bad} gave {other:?}"),
            }
        }
    }

    #[test]
    fn plain_http_to_another_machine_is_flagged() {
        for clear in [
            "http://evo.loja.com.br",
            "http://192.168.0.10:8080",
            "http://[2001:db8::1]",
        ] {
            assert!(sends_keys_in_clear(clear), "{clear}");
        }
        for safe in [
            "https://evo.loja.com.br",
            "http://localhost:8080",
            "http://127.0.0.1:1",
            "http://127.8.0.3",
            "http://[::1]:80",
            "http://evo.localhost",
            "not a url",
        ] {
            assert!(!sends_keys_in_clear(safe), "{safe}");
        }
    }

    #[test]
    fn a_typed_address_normalises_like_a_saved_one() {
        let saved = with_url("https://Evo.Loja.com.br/").validated().unwrap();
        assert_eq!(
            normalize_url(" https://evo.loja.com.br ", SettingsField::EvolutionUrl).unwrap(),
            saved.evolution_url.unwrap()
        );
    }

    #[test]
    fn opt_out_words_are_cleaned_and_deduplicated_as_the_rules_read_them() {
        let settings = Settings {
            opt_out_words: vec![
                " Sair ".into(),
                "SAIR!".into(),
                "".into(),
                "não  quero".into(),
                "nao quero".into(),
            ],
            ..Settings::default()
        };
        assert_eq!(
            settings.validated().unwrap().opt_out_words,
            ["Sair", "não quero"]
        );
        assert!(Settings::default()
            .opt_out_words
            .contains(&"descadastrar".to_owned()));
    }

    #[test]
    fn unusable_opt_out_word_lists_are_refused_with_a_reason() {
        let with = |words: Vec<String>| {
            Settings {
                opt_out_words: words,
                ..Settings::default()
            }
            .validated()
        };
        assert!(matches!(
            with(vec![" ".into(), String::new()]),
            Err(SettingsError::OptOutWords(OptOutWordsProblem::Empty))
        ));
        assert!(matches!(
            with(vec!["sair".into(), "x".repeat(61)]),
            Err(SettingsError::OptOutWords(OptOutWordsProblem::TooLong(_)))
        ));
        assert!(matches!(
            with((0..51).map(|i| format!("palavra {i}")).collect()),
            Err(SettingsError::OptOutWords(OptOutWordsProblem::TooMany))
        ));
        assert_eq!(
            with((0..50).map(|i| format!("palavra {i}")).collect())
                .unwrap()
                .opt_out_words
                .len(),
            50
        );
    }

    #[test]
    fn empty_model_is_rejected() {
        let s = Settings {
            openai_model: "  ".into(),
            ..Settings::default()
        };
        assert!(matches!(s.validated(), Err(SettingsError::EmptyModel)));
    }

    #[test]
    fn an_upgraded_install_with_a_server_skips_the_first_run_guide() {
        let old = Settings::from_stored(Some(serde_json::json!({"evolutionUrl": "https://evo"})));
        assert!(old.first_run_done, "set up before the guide existed");
        let fresh = Settings::from_stored(Some(serde_json::json!({"language": "en"})));
        assert!(!fresh.first_run_done, "nothing set up yet");
        // Written by this version: the flag is what was saved, server or not.
        let midway = Settings::from_stored(Some(
            serde_json::json!({"evolutionUrl": "https://evo", "firstRunDone": false}),
        ));
        assert!(
            !midway.first_run_done,
            "the guide saved the server and goes on"
        );
        assert!(!Settings::default().first_run_done);
    }

    #[test]
    fn broken_or_partial_stored_values_fall_back_to_defaults() {
        assert_eq!(Settings::from_stored(None), Settings::default());
        assert_eq!(
            Settings::from_stored(Some(serde_json::json!({"language": "klingon"}))),
            Settings::default()
        );
        let partial = Settings::from_stored(Some(serde_json::json!({"language": "en"})));
        assert_eq!(partial.language, Language::En);
        assert_eq!(partial.openai_model, DEFAULT_OPENAI_MODEL);
    }
}
