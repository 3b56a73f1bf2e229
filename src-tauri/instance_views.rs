//! The Instances screen's view of the server: live states, QR views and pairing codes,
//! built from the Evolution client (no Tauri here; the CLI uses it too).

use serde::Serialize;
use tokio::task::JoinSet;
use ts_rs::TS;

use crate::evolution::{
    ConnectOutcome, ConnectionState, CreateInstance, EvolutionClient, EvolutionError,
    InstanceRecord, QrCode,
};
use crate::evolution_events::LiveStates;
use crate::qr;

/// One instance as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InstanceView {
    pub name: String,
    /// Live state from `connectionState` (the stored one can lag).
    pub state: ConnectionState,
    /// The connected phone number (digits), from `ownerJid`.
    pub number: Option<String>,
    pub profile_name: Option<String>,
    pub profile_pic_url: Option<String>,
    /// Why it last disconnected (401 unlinked, 403 banned…), when the server says.
    pub disconnection_code: Option<i64>,
    /// Its event stream is live: state changes arrive as `instanceState` events, so the
    /// screen need not poll it often.
    pub live: bool,
}

/// What the connect dialog shows at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QrView {
    pub state: ConnectionState,
    /// The QR drawn locally from the server's `code`; `None` while the server has none yet.
    pub svg: Option<String>,
    /// Changes when the QR rotates (a fingerprint, not the payload).
    pub qr_id: Option<String>,
    /// How many QRs the server has generated in this attempt.
    pub count: u32,
    /// `XXXX-XXXX`, when a pairing code was asked for.
    pub pairing_code: Option<String>,
}

impl QrView {
    fn state_only(state: ConnectionState) -> Self {
        Self {
            state,
            svg: None,
            qr_id: None,
            count: 0,
            pairing_code: None,
        }
    }

    fn from_qr(qr: QrCode) -> Result<Self, EvolutionError> {
        let svg = match &qr.code {
            Some(code) => Some(
                qr::to_svg(code).map_err(|e| EvolutionError::UnexpectedResponse(e.to_string()))?,
            ),
            None => None,
        };
        Ok(Self {
            state: ConnectionState::Connecting,
            svg,
            qr_id: qr.code.as_deref().map(qr::fingerprint),
            count: qr.count,
            pairing_code: qr.pairing_code.as_deref().map(format_pairing_code),
        })
    }
}

/// `WZYEH1YY` → `WZYE-H1YY`, the way WhatsApp shows it on the phone.
pub fn format_pairing_code(code: &str) -> String {
    let clean: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if clean.len() == 8 {
        format!("{}-{}", &clean[..4], &clean[4..])
    } else {
        clean
    }
}

/// `5511987654321@s.whatsapp.net` → `5511987654321`.
fn number_from_jid(jid: &str) -> Option<String> {
    let user = jid.split('@').next()?.split(':').next()?;
    (!user.is_empty() && user.chars().all(|c| c.is_ascii_digit())).then(|| user.to_owned())
}

fn view(record: InstanceRecord, live: Option<ConnectionState>) -> InstanceView {
    let state = match live {
        Some(ConnectionState::Unknown) | None => record.connection_status,
        Some(state) => state,
    };
    InstanceView {
        number: record
            .owner_jid
            .as_deref()
            .and_then(number_from_jid)
            .or(record.number.clone()),
        profile_name: record
            .profile_name
            .filter(|_| state == ConnectionState::Open),
        profile_pic_url: record
            .profile_pic_url
            .filter(|_| state == ConnectionState::Open),
        disconnection_code: record.disconnection_reason_code,
        state,
        name: record.name,
        live: false,
    }
}

/// Every instance with its live state (asked for all at once).
pub async fn list(client: &EvolutionClient) -> Result<Vec<InstanceView>, EvolutionError> {
    list_with(client, &LiveStates::default()).await
}

/// The list, taking each state from the instance's live event stream when it is up and
/// asking `connectionState` only for the others.
pub async fn list_with(
    client: &EvolutionClient,
    live_states: &LiveStates,
) -> Result<Vec<InstanceView>, EvolutionError> {
    let records = client.fetch_instances().await?;
    let mut states = JoinSet::new();
    let mut live = vec![None; records.len()];
    let mut streamed = vec![false; records.len()];
    for (index, record) in records.iter().enumerate() {
        if let Some((state, _)) = live_states.get(&record.name) {
            live[index] = Some(state);
            streamed[index] = true;
            continue;
        }
        let client = client.clone();
        let name = record.name.clone();
        states.spawn(async move { (index, client.connection_state(&name).await) });
    }
    while let Some(joined) = states.join_next().await {
        if let Ok((index, Ok(state))) = joined {
            live[index] = Some(state);
        }
    }
    let mut views: Vec<InstanceView> = records
        .into_iter()
        .zip(live)
        .zip(streamed)
        .map(|((record, state), streamed)| InstanceView {
            live: streamed,
            ..view(record, state)
        })
        .collect();
    views.sort_by_key(|v| v.name.to_lowercase());
    Ok(views)
}

/// Creates an instance (not connecting yet). The per-instance token the server returns is
/// not kept: every call the app makes uses the global key, and a secret nobody reads is
/// only something more to leak.
pub async fn create(client: &EvolutionClient, name: &str) -> Result<InstanceView, EvolutionError> {
    let created = client
        .create_instance(&CreateInstance {
            instance_name: name.trim().to_owned(),
            qrcode: false,
            number: None,
        })
        .await?;
    tracing::info!(instance = %created.instance_name, "instance created");
    let state = client
        .connection_state(&created.instance_name)
        .await
        .unwrap_or_default();
    Ok(InstanceView {
        name: created.instance_name,
        state,
        number: None,
        profile_name: None,
        profile_pic_url: None,
        disconnection_code: None,
        live: false,
    })
}

/// Deletes an instance on the server.
pub async fn delete(client: &EvolutionClient, name: &str) -> Result<(), EvolutionError> {
    client.delete_instance(name).await?;
    tracing::info!(instance = %name, "instance deleted");
    Ok(())
}

/// Starts connecting and returns the first QR view. With `number`, asks for a pairing code,
/// which the server only gives from `close`: a half-open attempt is logged out first.
pub async fn connect(
    client: &EvolutionClient,
    name: &str,
    number: Option<&str>,
) -> Result<QrView, EvolutionError> {
    if number.is_some() && client.connection_state(name).await? == ConnectionState::Connecting {
        client.logout(name).await?;
    }
    outcome_view(client.connect(name, number).await?)
}

/// The QR view right now: while connecting, `connect` returns the current QR at once.
pub async fn current_qr(client: &EvolutionClient, name: &str) -> Result<QrView, EvolutionError> {
    match client.connection_state(name).await? {
        ConnectionState::Connecting => outcome_view(client.connect(name, None).await?),
        state => Ok(QrView::state_only(state)),
    }
}

fn outcome_view(outcome: ConnectOutcome) -> Result<QrView, EvolutionError> {
    match outcome {
        ConnectOutcome::Qr(qr) => QrView::from_qr(qr),
        ConnectOutcome::State(state) => Ok(QrView::state_only(state)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairing_codes_are_shown_in_two_groups() {
        assert_eq!(format_pairing_code("WZYEH1YY"), "WZYE-H1YY");
        assert_eq!(format_pairing_code("WZYE-H1YY"), "WZYE-H1YY");
        assert_eq!(format_pairing_code("ABC"), "ABC");
    }

    #[test]
    fn numbers_come_from_the_owner_jid() {
        assert_eq!(
            number_from_jid("5511987654321@s.whatsapp.net").as_deref(),
            Some("5511987654321")
        );
        assert_eq!(
            number_from_jid("5511987654321:12@s.whatsapp.net").as_deref(),
            Some("5511987654321")
        );
        assert_eq!(number_from_jid("abc@lid"), None);
    }
}
