//! "Test connection": `GET /` for the server's identity, then a key check.

use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::client::EvolutionClient;
use super::error::EvolutionError;

/// Identity the server reports on `GET /` (no key needed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerInfo {
    pub version: String,
    #[serde(default)]
    pub client_name: Option<String>,
    #[serde(default)]
    pub whatsapp_web_version: Option<String>,
}

/// Whether the saved global key opens the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ApiKeyCheck {
    Valid,
    Invalid,
    NotConfigured,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    pub server: ServerInfo,
    pub api_key: ApiKeyCheck,
    /// Whether the app was tested with this server's version.
    pub support: super::compat::ServerSupport,
}

/// The welcome text every Evolution v2 server sends on `GET /`.
const WELCOME_MARKER: &str = "Evolution API";

impl EvolutionClient {
    /// `GET /`: health and version. Anything that does not look like Evolution is
    /// reported as such rather than as a generic failure.
    pub async fn server_info(&self) -> Result<ServerInfo, EvolutionError> {
        let (status, body) = self.raw(Method::GET, "/", None).await?;
        if !status.is_success() {
            return Err(match Self::error_for(status, &body) {
                EvolutionError::Http { status, message } => EvolutionError::NotEvolution(format!(
                    "HTTP {status} on GET /{}",
                    if message.is_empty() {
                        String::new()
                    } else {
                        format!(": {message}")
                    }
                )),
                other => other,
            });
        }
        let json: serde_json::Value = serde_json::from_str(&body)
            .map_err(|_| EvolutionError::NotEvolution("the answer to GET / is not JSON".into()))?;
        let welcomes = json
            .get("message")
            .and_then(serde_json::Value::as_str)
            .is_some_and(|m| m.contains(WELCOME_MARKER));
        let info: Option<ServerInfo> = serde_json::from_value(json).ok();
        match info {
            Some(info) if welcomes && !info.version.is_empty() => Ok(info),
            _ => Err(EvolutionError::NotEvolution(
                "GET / did not return the Evolution welcome and version".into(),
            )),
        }
    }

    /// Checks the global key with the cheapest route that needs it. The body (which lists
    /// every instance token) is dropped unread.
    pub async fn check_api_key(&self) -> Result<ApiKeyCheck, EvolutionError> {
        if !self.has_api_key() {
            return Ok(ApiKeyCheck::NotConfigured);
        }
        let (status, body) = self
            .raw(Method::GET, "/instance/fetchInstances", None)
            .await?;
        match status {
            s if s.is_success() => Ok(ApiKeyCheck::Valid),
            StatusCode::UNAUTHORIZED => Ok(ApiKeyCheck::Invalid),
            other => Err(Self::error_for(other, &body)),
        }
    }

    pub async fn check_connection(&self) -> Result<ConnectionReport, EvolutionError> {
        let server = self.server_info().await?;
        let api_key = self.check_api_key().await?;
        let support = super::compat::assess(&server.version);
        Ok(ConnectionReport {
            server,
            api_key,
            support,
        })
    }
}
