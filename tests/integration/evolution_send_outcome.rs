//! A send that may have gone out is not a transient error. Against the Evolution sandbox:
//! WhatsApp's `Timed Out`, a connection dropped after the message was stored, an answer
//! that never comes, and a 5xx each make the send `OutcomeUnknown`, attempted exactly once
//! (the sandbox's request log); a send that never left (connection refused) stays
//! retryable; and reads keep retrying the same failures.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Router;
use whats_tip::evolution::{
    CreateInstance, EvolutionClient, EvolutionError, FailureClass, MediaType, SendMedia,
};
use whats_tip::evolution_sandbox::{AfterSend, Faults, Sandbox, SandboxConfig};
use whats_tip::secrets::Sensitive;

const KEY: &str = "send-outcome-global-key";
const INSTANCE: &str = "loja-envio";

/// A sandbox with one open instance, and a client for it.
async fn open_instance() -> (Sandbox, EvolutionClient) {
    let config = SandboxConfig {
        global_key: KEY.into(),
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(config, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .unwrap();
    let client = EvolutionClient::new(&sandbox.url(), Some(Sensitive::new(KEY.into()))).unwrap();
    client
        .create_instance(&CreateInstance {
            instance_name: INSTANCE.into(),
            qrcode: false,
            number: None,
        })
        .await
        .unwrap();
    client.connect(INSTANCE, None).await.unwrap();
    sandbox
        .control()
        .scan(INSTANCE, "5511912345678", "Loja")
        .unwrap();
    (sandbox, client)
}

/// How many requests the sandbox received on this route.
fn attempts(sandbox: &Sandbox, method: &str, route: &str) -> usize {
    sandbox
        .control()
        .requests()
        .iter()
        .filter(|r| r.method == method && r.path.starts_with(route))
        .count()
}

fn media() -> SendMedia {
    SendMedia {
        number: "5511987654321".into(),
        media_type: MediaType::Image,
        mime_type: Some("image/png".into()),
        caption: Some("Catálogo".into()),
        media: "https://cdn.example/cat.png".into(),
        file_name: None,
        delay_ms: None,
    }
}

/// The failure says "may have gone out", and nothing built on `is_transient` retries it.
fn assert_outcome_unknown<T: std::fmt::Debug>(
    result: &Result<T, EvolutionError>,
    cause: impl Fn(&EvolutionError) -> bool,
) {
    match result {
        Err(e @ EvolutionError::OutcomeUnknown { cause: inner }) => {
            assert!(e.is_outcome_unknown());
            assert_eq!(e.class(), FailureClass::OutcomeUnknown);
            assert!(!e.is_transient(), "{e}");
            assert!(cause(inner), "unexpected cause: {inner:?}");
        }
        other => panic!("expected OutcomeUnknown, got {other:?}"),
    }
}

#[tokio::test]
async fn whatsapp_timed_out_after_the_send_is_outcome_unknown() {
    let (sandbox, client) = open_instance().await;
    sandbox.control().set_faults(Faults {
        after_send: AfterSend::TimedOut,
        ..Faults::default()
    });
    let text = client
        .send_text(INSTANCE, "5511987654321", "Seu pedido saiu!", None)
        .await;
    assert_outcome_unknown(
        &text,
        |c| matches!(c, EvolutionError::ConnectionClosed(m) if m.contains("Timed Out")),
    );
    let media = client.send_media(INSTANCE, &media()).await;
    assert_outcome_unknown(
        &media,
        |c| matches!(c, EvolutionError::ConnectionClosed(m) if m.contains("Timed Out")),
    );
    assert_eq!(attempts(&sandbox, "POST", "/message/sendText/"), 1);
    assert_eq!(attempts(&sandbox, "POST", "/message/sendMedia/"), 1);
    assert_eq!(
        sandbox.control().sent_messages().len(),
        2,
        "both went out, which is why they must not be resent blindly"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_connection_dropped_after_the_send_is_outcome_unknown() {
    let (sandbox, client) = open_instance().await;
    sandbox.control().set_faults(Faults {
        after_send: AfterSend::DropConnection,
        ..Faults::default()
    });
    let text = client
        .send_text(INSTANCE, "5511987654321", "Seu pedido saiu!", None)
        .await;
    assert_outcome_unknown(&text, |c| matches!(c, EvolutionError::ConnectionLost(_)));
    let media = client.send_media(INSTANCE, &media()).await;
    assert_outcome_unknown(&media, |c| matches!(c, EvolutionError::ConnectionLost(_)));
    assert_eq!(attempts(&sandbox, "POST", "/message/sendText/"), 1);
    assert_eq!(attempts(&sandbox, "POST", "/message/sendMedia/"), 1);
    assert_eq!(sandbox.control().sent_messages().len(), 2);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_answer_that_never_comes_is_outcome_unknown() {
    let (sandbox, client) = open_instance().await;
    sandbox.control().set_faults(Faults {
        after_send: AfterSend::Stall,
        ..Faults::default()
    });
    let impatient = client.clone().with_send_timeout(Duration::from_millis(400));
    let text = impatient
        .send_text(INSTANCE, "5511987654321", "Seu pedido saiu!", None)
        .await;
    assert_outcome_unknown(&text, |c| matches!(c, EvolutionError::Timeout));
    assert_eq!(attempts(&sandbox, "POST", "/message/sendText/"), 1);
    assert_eq!(sandbox.control().sent_messages().len(), 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_server_error_to_a_send_is_outcome_unknown() {
    let (sandbox, client) = open_instance().await;
    sandbox.control().set_faults(Faults {
        server_error_rate: 1.0,
        ..Faults::default()
    });
    let text = client
        .send_text(INSTANCE, "5511987654321", "Seu pedido saiu!", None)
        .await;
    assert_outcome_unknown(&text, |c| {
        matches!(c, EvolutionError::Http { status: 500, .. })
    });
    assert_eq!(attempts(&sandbox, "POST", "/message/sendText/"), 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_dropped_connection_ends_a_send_once_and_a_read_three_times() {
    let (sandbox, client) = open_instance().await;
    // Cut before the route runs: nothing is sent, but the client cannot know that.
    sandbox.control().set_faults(Faults {
        drop_connections: true,
        ..Faults::default()
    });
    let text = client
        .send_text(INSTANCE, "5511987654321", "Seu pedido saiu!", None)
        .await;
    assert_outcome_unknown(&text, |c| matches!(c, EvolutionError::ConnectionLost(_)));
    assert_eq!(attempts(&sandbox, "POST", "/message/sendText/"), 1);

    let state = client.connection_state(INSTANCE).await;
    assert!(
        matches!(&state, Err(e @ EvolutionError::ConnectionLost(_)) if e.class() == FailureClass::Retryable),
        "{state:?}"
    );
    assert_eq!(
        attempts(&sandbox, "GET", "/instance/connectionState/"),
        3,
        "a safe read is retried twice"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_send_that_never_left_stays_retryable() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = EvolutionClient::new(
        &format!("http://127.0.0.1:{closed}"),
        Some(Sensitive::new(KEY.into())),
    )
    .unwrap();
    let text = client
        .send_text(INSTANCE, "5511987654321", "Seu pedido saiu!", None)
        .await;
    match &text {
        Err(e @ EvolutionError::Unreachable(_)) => {
            assert_eq!(e.class(), FailureClass::Retryable);
            assert!(e.is_transient() && !e.is_outcome_unknown());
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
}

#[tokio::test]
async fn a_read_still_retries_a_transient_5xx() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = Router::new().fallback(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        async move {
            if n < 2 {
                (StatusCode::BAD_GATEWAY, "<html>502 Bad Gateway</html>").into_response()
            } else {
                (
                    StatusCode::OK,
                    [("content-type", "application/json")],
                    r#"[{"id":"8a45","name":"loja-01","connectionStatus":"open"}]"#,
                )
                    .into_response()
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client =
        EvolutionClient::new(&format!("http://{addr}"), Some(Sensitive::new(KEY.into()))).unwrap();
    let listed = client.fetch_instances().await.unwrap();
    assert_eq!(listed[0].name, "loja-01");
    assert_eq!(hits.load(Ordering::SeqCst), 3);

    // The same 502 to a send is not retried: it may have gone through the proxy.
    hits.store(0, Ordering::SeqCst);
    let sent = client
        .send_text(INSTANCE, "5511987654321", "oi", None)
        .await;
    assert_outcome_unknown(&sent, |c| {
        matches!(c, EvolutionError::Http { status: 502, .. })
    });
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}
