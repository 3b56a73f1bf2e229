//! "Test connection" against the Evolution double: every outcome the Settings screen shows.

use std::time::Duration;

use whats_tip::evolution::{ApiKeyCheck, EvolutionClient, EvolutionError};
use whats_tip::secrets::Sensitive;

use crate::evolution_double::{self, closed_port, Mode, GLOBAL_KEY};

fn client(addr: impl std::fmt::Display, key: Option<&str>) -> EvolutionClient {
    EvolutionClient::new(
        &format!("http://{addr}"),
        key.map(|k| Sensitive::new(k.to_owned())),
    )
    .unwrap()
    .with_timeout(Duration::from_secs(2))
}

#[tokio::test]
async fn reports_version_and_a_valid_key() {
    let addr = evolution_double::start(Mode::Evolution).await;
    let report = client(addr, Some(GLOBAL_KEY))
        .check_connection()
        .await
        .unwrap();
    assert_eq!(report.server.version, "2.3.6");
    assert_eq!(
        report.server.client_name.as_deref(),
        Some("evolution_exchange")
    );
    assert_eq!(
        report.server.whatsapp_web_version.as_deref(),
        Some("2.3000.1027934701")
    );
    assert_eq!(report.api_key, ApiKeyCheck::Valid);
}

#[tokio::test]
async fn a_wrong_key_is_reported_as_invalid_not_as_a_failure() {
    let addr = evolution_double::start(Mode::Evolution).await;
    let report = client(addr, Some("wrong-key-000000"))
        .check_connection()
        .await
        .unwrap();
    assert_eq!(report.api_key, ApiKeyCheck::Invalid);
    let report = client(addr, None).check_connection().await.unwrap();
    assert_eq!(report.api_key, ApiKeyCheck::NotConfigured);
}

#[tokio::test]
async fn licence_gate_is_recognised_with_its_register_url() {
    let addr = evolution_double::start(Mode::LicenceRequired).await;
    match client(addr, Some(GLOBAL_KEY)).check_connection().await {
        Err(EvolutionError::LicenceRequired { register_url }) => {
            assert_eq!(
                register_url.as_deref(),
                Some("https://license.example/register")
            )
        }
        other => panic!("expected LicenceRequired, got {other:?}"),
    }
}

#[tokio::test]
async fn other_servers_are_not_evolution() {
    for mode in [Mode::Html, Mode::NotFound, Mode::OtherJson] {
        let addr = evolution_double::start(mode).await;
        let result = client(addr, None).server_info().await;
        assert!(
            matches!(result, Err(EvolutionError::NotEvolution(_))),
            "{mode:?}: {result:?}"
        );
    }
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let addr = evolution_double::start(Mode::Slow(Duration::from_secs(5))).await;
    let result = client(addr, None)
        .with_timeout(Duration::from_millis(300))
        .server_info()
        .await;
    assert!(matches!(result, Err(EvolutionError::Timeout)), "{result:?}");
}

#[tokio::test]
async fn nothing_listening_is_unreachable() {
    let result = client(format!("127.0.0.1:{}", closed_port()), None)
        .server_info()
        .await;
    assert!(
        matches!(result, Err(EvolutionError::Unreachable(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn https_to_a_plain_http_server_is_a_tls_error() {
    let addr = evolution_double::start(Mode::Evolution).await;
    let client = EvolutionClient::new(&format!("https://{addr}"), None)
        .unwrap()
        .with_timeout(Duration::from_secs(2));
    let result = client.server_info().await;
    assert!(matches!(result, Err(EvolutionError::Tls(_))), "{result:?}");
}

#[test]
fn invalid_addresses_are_refused_before_any_request() {
    for bad in ["evo.loja.com", "ftp://evo.loja.com", ""] {
        assert!(
            matches!(
                EvolutionClient::new(bad, None),
                Err(EvolutionError::InvalidUrl(_))
            ),
            "{bad}"
        );
    }
}
