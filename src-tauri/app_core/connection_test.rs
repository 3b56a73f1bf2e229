//! "Test connection" in Settings. A saved key is sent only to the address it was saved
//! with: testing an address typed but not saved needs its key typed too, otherwise the test
//! goes out without a key (so a typo or a hostile address never receives the saved key).

use serde::Serialize;
use ts_rs::TS;

use crate::evolution::{ConnectionReport, EvolutionClient, EvolutionError};
use crate::secrets::{SecretKind, Sensitive};
use crate::settings::{self, SettingsField};

use super::{ClientError, Core};

/// Which key the test used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TestKey {
    /// The key typed in the form with this test.
    Typed,
    /// The key saved in the keychain, for the address saved with it.
    Saved,
    /// The address is not the saved one and no key was typed: the saved key was withheld.
    Withheld,
    /// No key is saved or typed.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionTest {
    pub report: ConnectionReport,
    pub key: TestKey,
    /// Plain `http://` to another machine: the key travels unencrypted.
    pub insecure: bool,
}

impl Core {
    /// Tests `url` (the saved address when `None`) with the key this policy allows.
    pub async fn test_evolution(
        &self,
        url: Option<String>,
        typed_key: Option<Sensitive<String>>,
    ) -> Result<ConnectionTest, ClientError> {
        let saved_url = self.settings().load()?.evolution_url;
        let target = match url.filter(|u| !u.trim().is_empty()) {
            Some(typed) => settings::normalize_url(&typed, SettingsField::EvolutionUrl)?,
            None => saved_url.clone().ok_or(EvolutionError::NotConfigured)?,
        };
        let typed_key = typed_key.filter(|k| !k.expose().trim().is_empty());
        let (key, used) = match typed_key {
            Some(key) => (Some(key), TestKey::Typed),
            None if saved_url.as_deref() == Some(target.as_str()) => {
                match self.saved_key(SecretKind::EvolutionApiKey).await? {
                    Some(key) => (Some(key), TestKey::Saved),
                    None => (None, TestKey::None),
                }
            }
            None => (None, TestKey::Withheld),
        };
        let report = EvolutionClient::new(&target, key)?
            .check_connection()
            .await?;
        Ok(ConnectionTest {
            report,
            key: used,
            insecure: settings::sends_keys_in_clear(&target),
        })
    }
}
