//! The first-run guide's three actions: connecting a server only once it is proven to work
//! (so a wrong key or address is never saved), a sample list through the real import, and
//! one test message to the user's own number.

use serde::Serialize;
use ts_rs::TS;

use crate::error::AppError;
use crate::evolution::compat::ServerSupport;
use crate::evolution::{ApiKeyCheck, EvolutionClient, EvolutionError};
use crate::import::phone::PhoneRules;
use crate::import::{self, ColumnMapping, Control, Field, ImportPlan, MappedColumn};
use crate::secrets::{SecretKind, SecretsError, Sensitive};
use crate::settings::{self, SettingsField};

use super::{ClientError, ConnectionTest, Core, TestKey};

/// Made-up customers for the demo's sample list. Only while demo mode is on: on a real
/// server these numbers could belong to someone, and a later campaign would reach them.
const DEMO_CONTACTS: [(&str, &str, &str); 3] = [
    ("Ana Souza", "(11) 91234-0001", "São Paulo"),
    ("Bruno Lima", "(21) 99876-0002", "Rio de Janeiro"),
    ("Carla Mendes", "(31) 98765-0003", "Belo Horizonte"),
];

/// What the sample import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SampleList {
    #[ts(type = "number")]
    pub list_id: i64,
    pub list_name: String,
    /// Contacts now in the list from this import (new or updated).
    pub contacts: u32,
    /// The user's own number as stored (digits with country code).
    pub own_number: String,
}

/// A test message the server accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestMessage {
    pub instance: String,
    /// Digits with country code.
    pub to: String,
    /// The server's id for the message.
    pub message_id: String,
    /// The status the server gave it (`PENDING`, `SERVER_ACK`…), when it said.
    pub status: Option<String>,
    /// The server has the message in its store when asked right after (always so in demo
    /// mode; a real server may be set not to store messages).
    pub recorded: bool,
}

impl Core {
    /// Tests `url` with `key` and saves both only if the server is Evolution 2.x and takes
    /// the key. Demo mode ends, since the app now has a real server.
    pub async fn connect_server(
        &self,
        url: &str,
        key: Sensitive<String>,
    ) -> Result<ConnectionTest, ClientError> {
        let target = settings::normalize_url(url, SettingsField::EvolutionUrl)?;
        let key = Sensitive::new(key.expose().trim().to_owned());
        if key.expose().is_empty() {
            return Err(SecretsError::Empty.into());
        }
        let client = EvolutionClient::new(&target, Some(key.clone()))?;
        let report = match client.check_connection().await {
            Ok(report) => report,
            Err(e) => return Err(other_scheme_answers(&target, e).await.into()),
        };
        match (report.api_key, report.support) {
            (_, ServerSupport::TooOld) => {
                return Err(EvolutionError::TooOld {
                    version: report.server.version,
                }
                .into())
            }
            (ApiKeyCheck::Invalid | ApiKeyCheck::NotConfigured, _) => {
                return Err(EvolutionError::Unauthorized.into())
            }
            (ApiKeyCheck::Valid, ServerSupport::Tested | ServerSupport::Untested) => {}
        }
        // The key first: an address saved without its key would look configured and fail.
        self.keychain()
            .set(SecretKind::EvolutionApiKey, key)
            .await?;
        self.settings()
            .modify(|s| s.evolution_url = Some(target.clone()))?;
        self.demo_stop().await;
        tracing::info!(url = %target, version = %report.server.version, "server connected by the first-run guide");
        Ok(ConnectionTest {
            report,
            key: TestKey::Typed,
            insecure: settings::sends_keys_in_clear(&target),
        })
    }

    /// Imports a small list through the real import: the user's own number (so the list
    /// has someone to test with) and, in demo mode, three made-up customers. Importing it
    /// again updates the same list.
    pub async fn import_sample_list(
        &self,
        list_name: &str,
        own_name: &str,
        own_number: &str,
    ) -> Result<SampleList, AppError> {
        let country = self.settings().load()?.default_country;
        let own = crate::contacts::repair_typed(own_number, &country)?;
        let own_digits = own.e164.trim_start_matches('+').to_owned();
        let mut rows = vec![(own_name.trim().to_owned(), own.e164.clone(), String::new())];
        if self.demo_running().await {
            rows.extend(
                DEMO_CONTACTS
                    .iter()
                    .map(|(n, p, c)| ((*n).to_owned(), (*p).to_owned(), (*c).to_owned())),
            );
        }
        let dir = self.paths().data_dir.join("first-run");
        std::fs::create_dir_all(&dir).map_err(|e| AppError::Internal(e.to_string()))?;
        let path = dir.join("contatos-exemplo.csv");
        std::fs::write(&path, sample_csv(&rows)).map_err(|e| AppError::Internal(e.to_string()))?;

        let mut plan = ImportPlan::new(&path, sample_mapping(), list_name);
        plan.phone_rules = PhoneRules {
            default_country: country,
        };
        let summary = import::run_import(self.db()?, &plan, |_| Control::Continue).await?;
        tracing::info!(list = summary.list_id, "sample list imported");
        Ok(SampleList {
            list_id: summary.list_id,
            list_name: plan.list_name.clone(),
            contacts: summary.counts.inserted + summary.counts.updated + summary.counts.duplicate,
            own_number: own_digits,
        })
    }

    /// Sends one text from `instance` to `number` (typed by hand: repaired like a contact's
    /// number), then asks the server whether it has it.
    pub async fn send_test_message(
        &self,
        instance: &str,
        number: &str,
        text: &str,
    ) -> Result<TestMessage, AppError> {
        let country = self.settings().load()?.default_country;
        let to = crate::contacts::repair_typed(number, &country)?
            .e164
            .trim_start_matches('+')
            .to_owned();
        let client = self.evolution().await?;
        let sent = client.send_text(instance, &to, text, None).await?;
        // Only a confirmation: a failed look-up does not undo a send the server accepted.
        let recorded = match client.find_message(instance, &sent.key).await {
            Ok(found) => found.is_some(),
            Err(e) => {
                tracing::warn!(error = %e, "could not look the test message up");
                false
            }
        };
        tracing::info!(instance, message = %sent.key.id, recorded, "test message sent");
        Ok(TestMessage {
            instance: instance.to_owned(),
            to,
            message_id: sent.key.id,
            status: sent.status,
            recorded,
        })
    }
}

/// When `target` failed in a way the wrong scheme causes (TLS to a plain server, a plain
/// request to a TLS port, nothing listening on the scheme's default port), asks the same
/// server with the other scheme, without the key; if Evolution answers there, says so.
async fn other_scheme_answers(target: &str, err: EvolutionError) -> EvolutionError {
    let scheme_mix_up = matches!(
        err,
        EvolutionError::Tls(_)
            | EvolutionError::NotEvolution(_)
            | EvolutionError::ConnectionLost(_)
            | EvolutionError::Unreachable(_)
            | EvolutionError::Redirected { .. }
    );
    let Some(other) = scheme_swapped(target).filter(|_| scheme_mix_up) else {
        return err;
    };
    match EvolutionClient::new(&other, None) {
        Ok(client) if client.server_info().await.is_ok() => {
            EvolutionError::WrongScheme { suggested: other }
        }
        _ => err,
    }
}

/// `https://x` ↔ `http://x`, keeping host, port and path.
fn scheme_swapped(address: &str) -> Option<String> {
    let (scheme, rest) = address.split_once("://")?;
    let other = match scheme {
        "http" => "https",
        "https" => "http",
        _ => return None,
    };
    Some(format!("{other}://{rest}"))
}

fn sample_mapping() -> ColumnMapping {
    let column = |index: usize, header: &str, key: &str, field: Field| MappedColumn {
        index,
        header: header.to_owned(),
        key: key.to_owned(),
        field,
    };
    ColumnMapping {
        columns: vec![
            column(0, "nome", "nome", Field::Name),
            column(1, "telefone", "telefone", Field::Phone),
            column(2, "cidade", "cidade", Field::City),
        ],
    }
}

/// The rows as CSV with every field quoted (a name may hold a comma or quote).
fn sample_csv(rows: &[(String, String, String)]) -> String {
    let quote = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
    let mut csv = String::from("nome,telefone,cidade\n");
    for (name, phone, city) in rows {
        csv.push_str(&format!(
            "{},{},{}\n",
            quote(name),
            quote(phone),
            quote(city)
        ));
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_scheme_keeps_host_port_and_path() {
        assert_eq!(
            scheme_swapped("https://evo.loja.com.br:8080/api").as_deref(),
            Some("http://evo.loja.com.br:8080/api")
        );
        assert_eq!(
            scheme_swapped("http://127.0.0.1:9").as_deref(),
            Some("https://127.0.0.1:9")
        );
        assert_eq!(scheme_swapped("ftp://x"), None);
    }

    #[test]
    fn sample_fields_are_quoted() {
        let csv = sample_csv(&[(
            "Zé \"da\" Silva, filho".into(),
            "+5511".into(),
            String::new(),
        )]);
        assert_eq!(
            csv,
            "nome,telefone,cidade\n\"Zé \"\"da\"\" Silva, filho\",\"+5511\",\"\"\n"
        );
    }
}
