//! Gathers the doctor's facts from a live server: `GET /` for the version, each instance's
//! state, and for an instance `connecting` whether a QR comes within a wait.

use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use super::facts::{InstanceFacts, InstanceObservation, ServerFacts};
use crate::evolution::{ConnectOutcome, ConnectionState, EvolutionClient, EvolutionError};

/// How often a `connecting` instance is asked for its QR while the doctor waits.
pub const POLL_EVERY: Duration = Duration::from_secs(2);

/// `GET /` (no key needed). A licence gate is a fact; any other failure leaves the version
/// unknown (the connection check reports it).
pub async fn server_facts(client: &EvolutionClient) -> ServerFacts {
    match client.server_info().await {
        Ok(info) => ServerFacts {
            version: Some(info.version),
            whatsapp_web_version: info.whatsapp_web_version,
            licence_required: false,
        },
        Err(EvolutionError::LicenceRequired { .. }) => ServerFacts {
            licence_required: true,
            ..ServerFacts::default()
        },
        Err(_) => ServerFacts::default(),
    }
}

/// Every instance's state; each one `connecting` is watched for up to `wait` (polled every
/// `poll_every`) for a QR or pairing code. Instances whose state cannot be read are left out.
pub async fn observe_instances(
    client: &EvolutionClient,
    wait: Duration,
    poll_every: Duration,
) -> Result<Vec<InstanceFacts>, EvolutionError> {
    let records = client.fetch_instances().await?;
    let mut watches = JoinSet::new();
    for (index, record) in records.into_iter().enumerate() {
        let client = client.clone();
        watches.spawn(async move {
            let facts = watch(&client, record.name, wait, poll_every).await;
            (index, facts)
        });
    }
    let mut found = Vec::new();
    while let Some(joined) = watches.join_next().await {
        if let Ok((index, Some(facts))) = joined {
            found.push((index, facts));
        }
    }
    found.sort_by_key(|(index, _)| *index);
    Ok(found.into_iter().map(|(_, facts)| facts).collect())
}

/// The instance as the window saw it while connecting, with its state now.
pub async fn observed_instance(
    client: &EvolutionClient,
    seen: InstanceObservation,
) -> Option<InstanceFacts> {
    let mut facts = InstanceFacts {
        name: seen.name,
        state: ConnectionState::Connecting,
        connecting_for: Duration::from_secs(u64::from(seen.connecting_secs)),
        qr_seen: seen.qr_seen,
        vanished: false,
    };
    match client.connection_state(&facts.name).await {
        Ok(state) => facts.state = state,
        Err(EvolutionError::InstanceNotFound(_)) => facts.vanished = true,
        Err(_) => return None,
    }
    Some(facts)
}

async fn watch(
    client: &EvolutionClient,
    name: String,
    wait: Duration,
    poll_every: Duration,
) -> Option<InstanceFacts> {
    let started = Instant::now();
    let facts = |state, qr_seen, vanished| InstanceFacts {
        name: name.clone(),
        state,
        connecting_for: started.elapsed(),
        qr_seen,
        vanished,
    };
    loop {
        match client.connection_state(&name).await {
            Ok(ConnectionState::Connecting) => {}
            Ok(state) => return Some(facts(state, false, false)),
            Err(EvolutionError::InstanceNotFound(_)) => {
                return Some(facts(ConnectionState::Close, false, true))
            }
            Err(_) => return None,
        }
        // While `connecting`, connect only returns the current QR (contract §5). (Should the
        // instance drop to `close` between the two calls, connect starts pairing it again,
        // which is what the user was trying to do anyway; the window's QR poll does the same.)
        match client.connect(&name, None).await {
            Ok(ConnectOutcome::Qr(qr)) if qr.code.is_some() || qr.pairing_code.is_some() => {
                return Some(facts(ConnectionState::Connecting, true, false));
            }
            Ok(ConnectOutcome::State(state)) if state != ConnectionState::Connecting => {
                return Some(facts(state, false, false));
            }
            Err(EvolutionError::InstanceNotFound(_)) => {
                return Some(facts(ConnectionState::Close, false, true))
            }
            Ok(_) | Err(_) => {}
        }
        let elapsed = started.elapsed();
        if elapsed >= wait {
            return Some(facts(ConnectionState::Connecting, false, false));
        }
        tokio::time::sleep(poll_every.min(wait - elapsed)).await;
    }
}
