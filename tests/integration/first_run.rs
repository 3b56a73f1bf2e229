//! The first-run guide's core actions against the real sandbox server: a server is saved
//! only once address and key work (wrong key, v1 server and http/https mix-ups are refused
//! with their own errors and leave nothing behind), the sample list goes through the real
//! import, and the test message reaches the server.

use std::net::SocketAddr;
use std::path::Path;

use whats_tip::app_core::{ClientError, ClientOverrides, Core, CoreOptions};
use whats_tip::contacts::{self, ContactsError};
use whats_tip::error::AppError;
use whats_tip::evolution::compat::ServerSupport;
use whats_tip::evolution::EvolutionError;
use whats_tip::evolution_sandbox::{Sandbox, SandboxConfig};
use whats_tip::paths::AppPaths;
use whats_tip::secrets::{SecretKind, Sensitive};

fn profile(dir: &Path, test: &str) -> AppPaths {
    let mut paths = AppPaths::in_dir(dir);
    paths.keyring_service = format!("whats-tip-test-first-run-{test}-{}", std::process::id());
    paths
}

async fn sandbox(global_key: &str, version: &str) -> Sandbox {
    let config = SandboxConfig {
        global_key: global_key.to_owned(),
        version: version.to_owned(),
        ..SandboxConfig::default()
    };
    Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap()
}

fn key(value: &str) -> Sensitive<String> {
    Sensitive::new(value.to_owned())
}

/// Nothing saved: no address in the settings, no key in the keychain.
async fn nothing_saved(core: &Core) {
    assert_eq!(core.settings().load().unwrap().evolution_url, None);
    assert!(
        !core
            .keychain()
            .secret_status(SecretKind::EvolutionApiKey)
            .await
            .unwrap()
            .configured
    );
}

#[tokio::test]
#[ignore = "needs a Secret Service: scripts/test.sh runs it in a private D-Bus session"]
async fn a_server_is_saved_only_when_address_and_key_work() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(profile(dir.path(), "connect"), CoreOptions::default()).await;
    let server = sandbox("first-run-global-key-01", "2.3.6").await;

    // A wrong key: refused as unauthorized, nothing saved.
    let err = core
        .connect_server(&server.url(), key("an-instance-token"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Evolution(EvolutionError::Unauthorized)),
        "{err:?}"
    );
    nothing_saved(&core).await;

    // https:// to this plain-http server: the TLS failure is explained with the address
    // that answers, found without sending the key anywhere.
    let https = server.url().replacen("http://", "https://", 1);
    let requests_before = server.control().requests().len();
    let err = core
        .connect_server(&https, key("first-run-global-key-01"))
        .await
        .unwrap_err();
    match err {
        ClientError::Evolution(EvolutionError::WrongScheme { suggested }) => {
            assert_eq!(suggested, server.url())
        }
        other => panic!("expected WrongScheme, got {other:?}"),
    }
    let probes = &server.control().requests()[requests_before..];
    assert_eq!(probes.len(), 1, "one keyless GET / on the other scheme");
    assert_eq!(
        probes[0].apikey,
        whats_tip::evolution_sandbox::ApiKeyUsed::Missing
    );
    nothing_saved(&core).await;

    // A v1 server, even with the right key: too old, nothing saved.
    let old = sandbox("first-run-global-key-01", "1.8.2").await;
    let err = core
        .connect_server(&old.url(), key("first-run-global-key-01"))
        .await
        .unwrap_err();
    match err {
        ClientError::Evolution(EvolutionError::TooOld { version }) => {
            assert_eq!(version, "1.8.2")
        }
        other => panic!("expected TooOld, got {other:?}"),
    }
    nothing_saved(&core).await;

    // A dead address: unreachable, nothing saved.
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let err = core
        .connect_server(&dead, key("first-run-global-key-01"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ClientError::Evolution(EvolutionError::Unreachable(_))),
        "{err:?}"
    );
    nothing_saved(&core).await;

    // Demo mode on, then the right address and key (with stray spaces): saved, tested,
    // and the demo ends so the app talks to the real server.
    core.demo_start().await.unwrap();
    let test = core
        .connect_server(
            &format!(" {}/ ", server.url()),
            key(" first-run-global-key-01 "),
        )
        .await
        .unwrap();
    assert_eq!(test.report.support, ServerSupport::Tested);
    assert_eq!(test.report.server.version, "2.3.6");
    assert_eq!(
        core.settings().load().unwrap().evolution_url,
        Some(server.url())
    );
    let saved = core
        .keychain()
        .get(SecretKind::EvolutionApiKey)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.expose(), "first-run-global-key-01");
    assert!(!core.demo_running().await);

    // An untested v2 version is allowed (the UI warns).
    let newer = sandbox("first-run-global-key-02", "2.4.1").await;
    let test = core
        .connect_server(&newer.url(), key("first-run-global-key-02"))
        .await
        .unwrap();
    assert_eq!(test.report.support, ServerSupport::Untested);

    core.keychain()
        .delete(SecretKind::EvolutionApiKey)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_demo_path_imports_a_sample_list_and_its_server_records_the_test_message() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(profile(dir.path(), "demo"), CoreOptions::default()).await;
    core.demo_start().await.unwrap();
    let client = core.evolution().await.unwrap();
    let created = whats_tip::instance_views::create(&client, "minha-loja")
        .await
        .unwrap();
    whats_tip::instance_views::connect(&client, &created.name, None)
        .await
        .unwrap();

    // Not connected yet: the send is refused, and says so.
    let err = core
        .send_test_message("minha-loja", "(11) 98765-4321", "Olá!")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            AppError::Evolution(
                EvolutionError::NotConnected(_) | EvolutionError::ConnectionClosed(_)
            )
        ),
        "{err:?}"
    );
    core.demo_scan("minha-loja").await.unwrap();

    // The user's number plus three made-up customers, through the real import.
    let sample = core
        .import_sample_list("Exemplo do primeiro uso", "Você (teste)", "(11) 98765-4321")
        .await
        .unwrap();
    assert_eq!(sample.contacts, 4);
    assert_eq!(sample.own_number, "5511987654321");
    let lists = contacts::lists(core.db().unwrap()).await.unwrap();
    let list = lists.iter().find(|l| l.id == sample.list_id).unwrap();
    assert_eq!(list.name, "Exemplo do primeiro uso");
    assert_eq!(list.contact_count, 4);
    // Again (the app closed and the step ran twice): the same list, no duplicates.
    let again = core
        .import_sample_list("Exemplo do primeiro uso", "Você (teste)", "11987654321")
        .await
        .unwrap();
    assert_eq!(again.list_id, sample.list_id);
    let lists = contacts::lists(core.db().unwrap()).await.unwrap();
    assert_eq!(
        lists
            .iter()
            .find(|l| l.id == sample.list_id)
            .unwrap()
            .contact_count,
        4
    );

    let sent = core
        .send_test_message("minha-loja", "(11) 98765-4321", "Olá! Primeiro teste.")
        .await
        .unwrap();
    assert_eq!(sent.to, "5511987654321");
    assert_eq!(sent.instance, "minha-loja");
    assert!(!sent.message_id.is_empty());
    assert!(
        sent.recorded,
        "the demo server stores every message it takes"
    );

    // A number the phone doctor rejects never reaches the server.
    let err = core
        .send_test_message("minha-loja", "123", "Olá!")
        .await
        .unwrap_err();
    assert!(
        matches!(err, AppError::Contacts(ContactsError::InvalidPhone(..))),
        "{err:?}"
    );
    core.demo_stop().await;
}

#[tokio::test]
async fn on_a_real_server_the_sample_is_only_the_users_number_and_the_message_arrives() {
    let server = sandbox("first-run-global-key-03", "2.3.6").await;
    server
        .control()
        .create_connected("loja-1", "5581990000001", "Loja Teste")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let options = CoreOptions {
        overrides: ClientOverrides {
            evolution_url: Some(server.url()),
            evolution_key: Some(key("first-run-global-key-03")),
            openai_key: None,
        },
        ..CoreOptions::default()
    };
    let core = Core::open(profile(dir.path(), "real"), options).await;

    // Made-up numbers could belong to real people: not on a real server.
    let sample = core
        .import_sample_list("Primeiro teste", "Você (teste)", "+55 81 99000-0001")
        .await
        .unwrap();
    assert_eq!(sample.contacts, 1);

    let sent = core
        .send_test_message("loja-1", "81 99000-0001", "Olá! Teste do Whats TIP.")
        .await
        .unwrap();
    let delivered = server.control().sent_messages();
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].instance, "loja-1");
    assert_eq!(delivered[0].number, "5581990000001");
    assert_eq!(
        delivered[0].text.as_deref(),
        Some("Olá! Teste do Whats TIP.")
    );
    assert_eq!(delivered[0].key_id, sent.message_id);
    assert!(sent.recorded);
}
