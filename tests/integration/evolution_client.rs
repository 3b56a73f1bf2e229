//! The Evolution client against the sandbox: the whole instance lifecycle, sending and
//! status tracking, number checks, and the instances view the screen uses.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use whats_tip::evolution::{
    ConnectOutcome, ConnectionState, CreateInstance, EvolutionClient, EvolutionError, MessageStatus,
};
use whats_tip::evolution_sandbox::{NumberDirectory, Sandbox, SandboxConfig};
use whats_tip::instance_views as instances;
use whats_tip::secrets::Sensitive;

const KEY: &str = "client-test-global-key";

async fn sandbox(config: SandboxConfig) -> (Sandbox, EvolutionClient) {
    let config = SandboxConfig {
        global_key: KEY.into(),
        ..config
    };
    let sandbox = Sandbox::start(config, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .unwrap();
    let client = EvolutionClient::new(&sandbox.url(), Some(Sensitive::new(KEY.into()))).unwrap();
    (sandbox, client)
}

fn create(name: &str) -> CreateInstance {
    CreateInstance {
        instance_name: name.into(),
        qrcode: false,
        number: None,
    }
}

#[tokio::test]
async fn lifecycle_create_connect_scan_send_logout_delete() {
    let (sandbox, client) = sandbox(SandboxConfig {
        qr_rotate_every: Duration::from_millis(700),
        status_steps: Duration::from_millis(150),
        ..SandboxConfig::default()
    })
    .await;
    let created = client.create_instance(&create("loja-01")).await.unwrap();
    assert_eq!(created.instance_name, "loja-01");
    assert!(created.token.is_some(), "create returns the instance token");
    assert!(matches!(
        client.create_instance(&create("loja-01")).await,
        Err(EvolutionError::NameInUse(_))
    ));
    assert_eq!(
        client.connection_state("loja-01").await.unwrap(),
        ConnectionState::Close
    );

    // Connect: a QR view drawn locally, identical to the sandbox's current code.
    let view = instances::connect(&client, "loja-01", None).await.unwrap();
    assert_eq!(view.state, ConnectionState::Connecting);
    let current = sandbox
        .control()
        .current_qr("loja-01")
        .expect("a QR while connecting");
    assert_eq!(
        view.qr_id.as_deref(),
        Some(whats_tip::qr::fingerprint(&current).as_str())
    );
    assert!(view.svg.as_deref().is_some_and(|s| s.contains("<svg")));

    // It rotates.
    tokio::time::sleep(Duration::from_millis(900)).await;
    let rotated = instances::current_qr(&client, "loja-01").await.unwrap();
    assert_ne!(rotated.qr_id, view.qr_id);
    assert!(rotated.count > view.count);

    sandbox
        .control()
        .scan("loja-01", "5511987654321", "Loja Um")
        .unwrap();
    assert_eq!(
        client.connection_state("loja-01").await.unwrap(),
        ConnectionState::Open
    );
    assert!(matches!(
        client.connect("loja-01", None).await.unwrap(),
        ConnectOutcome::State(ConnectionState::Open)
    ));
    let listed = instances::list(&client).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].number.as_deref(), Some("5511987654321"));
    assert_eq!(listed[0].profile_name.as_deref(), Some("Loja Um"));

    let sent = client
        .send_text("loja-01", "5521988887777", "Olá, seu pedido saiu!", None)
        .await
        .unwrap();
    assert_eq!(sent.key.id.len(), 22);
    let first = client.message_status("loja-01", &sent.key).await.unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let later = client.message_status("loja-01", &sent.key).await.unwrap();
    assert!(
        later >= Some(MessageStatus::DeliveryAck),
        "{first:?} → {later:?}"
    );
    let record = client
        .find_message("loja-01", &sent.key)
        .await
        .unwrap()
        .expect("stored message");
    assert!(record.best_status() >= Some(MessageStatus::ServerAck));
    assert_eq!(sandbox.control().sent_messages().len(), 1);

    client.logout("loja-01").await.unwrap();
    assert_eq!(
        client.connection_state("loja-01").await.unwrap(),
        ConnectionState::Close
    );
    assert!(matches!(
        client.logout("loja-01").await,
        Err(EvolutionError::NotConnected(_))
    ));
    assert!(matches!(
        client.restart("loja-01").await,
        Err(EvolutionError::NotConnected(_))
    ));

    client.delete_instance("loja-01").await.unwrap();
    let mut gone = false;
    for _ in 0..40 {
        if matches!(
            client.connection_state("loja-01").await,
            Err(EvolutionError::InstanceNotFound(_))
        ) {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(gone, "a deleted instance ends as not found");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn pairing_codes_come_only_from_close() {
    let (sandbox, client) = sandbox(SandboxConfig::default()).await;
    client.create_instance(&create("loja-par")).await.unwrap();
    let view = instances::connect(&client, "loja-par", Some("5511987654321"))
        .await
        .unwrap();
    let code = view.pairing_code.expect("pairing code from close");
    assert!(regex_like_pairing(&code), "{code}");
    // While connecting, asking again logs out first so a fresh pairing code comes back.
    let again = instances::connect(&client, "loja-par", Some("5511987654321"))
        .await
        .unwrap();
    assert!(again.pairing_code.is_some());
    sandbox.shutdown().await;
}

fn regex_like_pairing(code: &str) -> bool {
    code.len() == 9
        && code.as_bytes()[4] == b'-'
        && code.chars().filter(|c| c.is_ascii_alphanumeric()).count() == 8
}

#[tokio::test]
async fn sends_need_an_open_connection_and_a_number_on_whatsapp() {
    let numbers = NumberDirectory::default()
        .not_on_whatsapp("5511999990002")
        .registered_without_ninth_digit("5511987654321");
    let (sandbox, client) = sandbox(SandboxConfig {
        numbers,
        ..SandboxConfig::default()
    })
    .await;
    client.create_instance(&create("loja-02")).await.unwrap();
    let closed = client
        .send_text("loja-02", "5511987654321", "oi", None)
        .await;
    assert!(matches!(&closed, Err(e) if e.is_transient()), "{closed:?}");

    client.connect("loja-02", None).await.unwrap();
    sandbox
        .control()
        .scan("loja-02", "5511912345678", "Loja Dois")
        .unwrap();
    let checks = client
        .whatsapp_numbers("loja-02", &["5511987654321".into(), "5511999990002".into()])
        .await
        .unwrap();
    let nine = checks.iter().find(|c| c.number == "5511987654321").unwrap();
    assert!(nine.exists);
    assert_eq!(
        nine.jid, "551187654321@s.whatsapp.net",
        "registered without the 9th digit"
    );
    assert!(
        !checks
            .iter()
            .find(|c| c.number == "5511999990002")
            .unwrap()
            .exists
    );

    match client
        .send_text("loja-02", "5511999990002", "oi", None)
        .await
    {
        Err(EvolutionError::NumberNotOnWhatsApp { number, .. }) => {
            assert_eq!(number, "5511999990002")
        }
        other => panic!("{other:?}"),
    }
    assert!(
        sandbox.control().sent_messages().is_empty(),
        "nothing was sent"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn wrong_key_unknown_instance_and_licence_gate() {
    let (sandbox, client) = sandbox(SandboxConfig::default()).await;
    let wrong = EvolutionClient::new(
        &sandbox.url(),
        Some(Sensitive::new("wrong-key-123456".into())),
    )
    .unwrap();
    assert!(matches!(
        wrong.fetch_instances().await,
        Err(EvolutionError::Unauthorized)
    ));
    // 404 comes before 401 for routes with an instance (contract §2).
    assert!(matches!(
        wrong.connection_state("nope").await,
        Err(EvolutionError::InstanceNotFound(_))
    ));
    assert!(matches!(
        client.connection_state("nope").await,
        Err(EvolutionError::InstanceNotFound(_))
    ));

    sandbox
        .control()
        .set_faults(whats_tip::evolution_sandbox::Faults {
            licence_required: true,
            ..Default::default()
        });
    assert!(matches!(
        client.fetch_instances().await,
        Err(EvolutionError::LicenceRequired { .. })
    ));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn safe_reads_retry_through_transient_server_errors() {
    let (sandbox, client) = sandbox(SandboxConfig::default()).await;
    client.create_instance(&create("loja-03")).await.unwrap();
    sandbox
        .control()
        .set_faults(whats_tip::evolution_sandbox::Faults {
            hang: true,
            ..Default::default()
        });
    let slow = client.clone().with_timeout(Duration::from_millis(300));
    let started = std::time::Instant::now();
    assert!(matches!(
        slow.connection_state("loja-03").await,
        Err(EvolutionError::Timeout)
    ));
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "three attempts were made"
    );
    sandbox.shutdown().await;
}
