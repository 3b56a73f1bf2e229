//! Non-secret preferences: what they are, their defaults and their validation.
//! The app persists them with `tauri-plugin-store` (see `commands/settings.rs`); the CLI
//! reads the same JSON file through [`read_store_file`].

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

/// The key under which the settings object sits in the store file.
pub const STORE_KEY: &str = "settings";
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
    #[error("could not read the settings file: {0}")]
    Read(String),
}

impl Settings {
    /// Trims and checks the values; returns the cleaned settings that are safe to store.
    pub fn validated(mut self) -> Result<Self, SettingsError> {
        self.evolution_url = clean_url(self.evolution_url, SettingsField::EvolutionUrl)?;
        self.openai_base_url = clean_url(self.openai_base_url, SettingsField::OpenaiBaseUrl)?;
        self.openai_model = self.openai_model.trim().to_owned();
        if self.openai_model.is_empty() {
            return Err(SettingsError::EmptyModel);
        }
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
        match value.map(serde_json::from_value::<Settings>) {
            Some(Ok(settings)) => settings,
            Some(Err(err)) => {
                tracing::warn!(%err, "stored settings unreadable; using defaults");
                Settings::default()
            }
            None => Settings::default(),
        }
    }
}

/// Empty → `None`; otherwise an absolute http(s) URL without credentials, query or fragment,
/// returned without a trailing slash so paths can be appended.
fn clean_url(value: Option<String>, field: SettingsField) -> Result<Option<String>, SettingsError> {
    let Some(raw) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let invalid = |reason: &str| SettingsError::InvalidUrl {
        field,
        reason: reason.to_owned(),
    };
    let url = Url::parse(&raw).map_err(|e| invalid(&e.to_string()))?;
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
    Ok(Some(url.as_str().trim_end_matches('/').to_owned()))
}

/// Reads the settings from the store file without Tauri (for the CLI). A missing file
/// means defaults.
pub fn read_store_file(path: &Path) -> Result<Settings, SettingsError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
        Err(e) => return Err(SettingsError::Read(e.to_string())),
    };
    let mut map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).map_err(|e| SettingsError::Read(e.to_string()))?;
    Ok(Settings::from_stored(map.remove(STORE_KEY)))
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
    fn empty_model_is_rejected() {
        let s = Settings {
            openai_model: "  ".into(),
            ..Settings::default()
        };
        assert!(matches!(s.validated(), Err(SettingsError::EmptyModel)));
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

    #[test]
    fn store_file_is_read_without_tauri() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        assert_eq!(read_store_file(&path).unwrap(), Settings::default());
        std::fs::write(
            &path,
            r#"{"settings":{"evolutionUrl":"http://127.0.0.1:1","theme":"dark"}}"#,
        )
        .unwrap();
        let s = read_store_file(&path).unwrap();
        assert_eq!(s.evolution_url.as_deref(), Some("http://127.0.0.1:1"));
        assert_eq!(s.theme, Theme::Dark);
        std::fs::write(&path, "not json").unwrap();
        assert!(matches!(
            read_store_file(&path),
            Err(SettingsError::Read(_))
        ));
    }
}
