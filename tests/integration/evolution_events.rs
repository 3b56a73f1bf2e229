//! The Evolution events client against the sandbox over real sockets: statuses in order,
//! replies with their quoted id, link changes, reconnects after dropped sockets,
//! duplicated and out-of-order statuses passed on as they came, and a refused key. (The
//! key never in a log line is checked in its own binary: `tests/log_capture.rs`.)

use std::time::Duration;

use whats_tip::evolution::{ConnectionState, EvolutionClient, MessageStatus};
use whats_tip::evolution_events::{
    poll_status, EvolutionEvent, IncomingMessage, Listener, ListenerConfig, StreamState,
};
use whats_tip::evolution_sandbox::{Faults, IncomingMessage as Inject};
use whats_tip::secrets::Sensitive;

use crate::events_rig::*;

#[tokio::test]
async fn statuses_of_a_sent_message_arrive_in_order_and_match_find_status() {
    let mut s = setup().await;
    connected(&mut s).await;
    let settings = s.client.websocket_settings(SHOP).await.unwrap().unwrap();
    assert!(settings.enabled);
    for event in whats_tip::evolution_events::EVENTS {
        assert!(settings.events.iter().any(|e| e == event), "{event}");
    }

    let sent = s
        .client
        .send_text(SHOP, CUSTOMER, "Olá!", None)
        .await
        .unwrap();
    let key = sent.key.id.clone();
    let confirmed = wait_for(
        &mut s.events,
        |e| matches!(e, EvolutionEvent::Sent(m) if m.key_id == key),
    )
    .await;
    let EvolutionEvent::Sent(confirmed) = confirmed else {
        unreachable!()
    };
    assert_eq!(confirmed.remote_jid, format!("{CUSTOMER}@s.whatsapp.net"));

    let updates = statuses_of(&mut s.events, &key, 3).await;
    let order: Vec<MessageStatus> = updates.iter().map(|u| u.status).collect();
    assert_eq!(
        order,
        [
            MessageStatus::ServerAck,
            MessageStatus::DeliveryAck,
            MessageStatus::Read
        ]
    );
    assert!(updates.iter().all(|u| u.from_me && u.instance == SHOP));
    assert_eq!(
        updates[0].remote_jid.as_deref(),
        Some(format!("{CUSTOMER}@s.whatsapp.net").as_str())
    );
    // findStatusMessage already lists every status the socket reported.
    let polled = poll_status(&s.client, SHOP, &sent.key.remote_jid, &key)
        .await
        .unwrap();
    assert_eq!(polled, Some(MessageStatus::Read));
}

#[tokio::test]
async fn a_reply_arrives_with_the_quoted_id_and_an_automatic_reply_too() {
    let mut s = setup().await;
    connected(&mut s).await;
    let sent = s
        .client
        .send_text(SHOP, CUSTOMER, "Promoção", None)
        .await
        .unwrap();
    let key = sent.key.id.clone();

    let injected = s
        .sandbox
        .control()
        .incoming(
            SHOP,
            Inject {
                from: CUSTOMER.into(),
                text: "SAIR".into(),
                quoted: Some(key.clone()),
                push_name: Some("Ana".into()),
                lid: Some("123456789012".into()),
            },
        )
        .unwrap();
    let reply = wait_for(
        &mut s.events,
        |e| matches!(e, EvolutionEvent::Incoming(m) if m.key_id == injected),
    )
    .await;
    let EvolutionEvent::Incoming(IncomingMessage {
        remote_jid,
        remote_jid_alt,
        from_me,
        push_name,
        text,
        quoted_key_id,
        ..
    }) = reply
    else {
        unreachable!()
    };
    assert_eq!(remote_jid, "123456789012@lid");
    assert_eq!(
        remote_jid_alt.as_deref(),
        Some(format!("{CUSTOMER}@s.whatsapp.net").as_str())
    );
    assert!(!from_me);
    assert_eq!(push_name.as_deref(), Some("Ana"));
    assert_eq!(text.as_deref(), Some("SAIR"));
    assert_eq!(quoted_key_id.as_deref(), Some(key.as_str()));

    // The recipient reads and answers by itself.
    s.sandbox.control().set_instance_faults(
        SHOP,
        Faults {
            auto_reply_text: Some("Pare de enviar".into()),
            ..Faults::default()
        },
    );
    let second = s
        .client
        .send_text(SHOP, CUSTOMER, "Oferta", None)
        .await
        .unwrap();
    let auto = wait_for(&mut s.events, |e| {
        matches!(e, EvolutionEvent::Incoming(m) if m.quoted_key_id.as_deref() == Some(second.key.id.as_str()))
    })
    .await;
    let EvolutionEvent::Incoming(auto) = auto else {
        unreachable!()
    };
    assert_eq!(auto.text.as_deref(), Some("Pare de enviar"));
    assert_eq!(auto.remote_jid, format!("{CUSTOMER}@s.whatsapp.net"));
}

#[tokio::test]
async fn connection_updates_follow_logout_connect_and_scan() {
    let mut s = setup().await;
    connected(&mut s).await;
    let is_link = |e: &EvolutionEvent| matches!(e, EvolutionEvent::Connection(_));

    s.client.logout(SHOP).await.unwrap();
    let EvolutionEvent::Connection(closed) = wait_for(&mut s.events, is_link).await else {
        unreachable!()
    };
    assert_eq!(
        (closed.state, closed.status_reason),
        (ConnectionState::Close, Some(401))
    );

    s.client.connect(SHOP, None).await.unwrap();
    let EvolutionEvent::Connection(pairing) = wait_for(&mut s.events, is_link).await else {
        unreachable!()
    };
    assert_eq!(pairing.state, ConnectionState::Connecting);

    s.sandbox.control().scan(SHOP, OWNER, "Loja").unwrap();
    let EvolutionEvent::Connection(open) = wait_for(&mut s.events, is_link).await else {
        unreachable!()
    };
    assert_eq!(
        (open.state, open.status_reason),
        (ConnectionState::Open, Some(200))
    );
    assert_eq!(open.raw_state, "open");
}

#[tokio::test]
async fn a_dropped_socket_is_reconnected_with_backoff_and_events_flow_again() {
    let mut s = setup().await;
    connected(&mut s).await;
    s.sandbox.control().set_instance_faults(
        SHOP,
        Faults {
            drop_sockets: true,
            ..Faults::default()
        },
    );
    // Every rejoin is cut while the fault stays: the delays grow.
    let mut delays = Vec::new();
    while delays.len() < 4 {
        if let EvolutionEvent::Stream {
            state: StreamState::Retrying {
                attempt, retry_in, ..
            },
            ..
        } = next(&mut s.events).await
        {
            delays.push((attempt, retry_in));
        }
    }
    let attempts: Vec<u32> = delays.iter().map(|d| d.0).collect();
    // A join cut at once does not count as a stable connection: attempts keep growing.
    assert!(attempts.windows(2).all(|w| w[1] == w[0] + 1), "{delays:?}");
    // Exponential from 20 ms, capped at 200 ms, with equal jitter (half to all of it).
    for (attempt, delay) in &delays {
        let full = Duration::from_millis(20 * (1 << (attempt - 1))).min(Duration::from_millis(200));
        assert!(*delay >= full / 2 && *delay <= full, "{delays:?}");
    }
    assert!(delays[3].1 > delays[0].1, "{delays:?}");

    s.sandbox.control().clear_instance_faults(SHOP);
    let back = wait_for(&mut s.events, is_connected).await;
    assert!(matches!(
        back,
        EvolutionEvent::Stream {
            state: StreamState::Connected { reconnected: true },
            ..
        }
    ));
    let sent = s
        .client
        .send_text(SHOP, CUSTOMER, "de novo", None)
        .await
        .unwrap();
    let updates = statuses_of(&mut s.events, &sent.key.id, 3).await;
    assert_eq!(updates[2].status, MessageStatus::Read);
}

#[tokio::test]
async fn duplicated_and_out_of_order_statuses_are_passed_on_as_they_came() {
    let mut s = setup().await;
    connected(&mut s).await;
    s.sandbox.control().set_instance_faults(
        SHOP,
        Faults {
            duplicate_events: true,
            out_of_order_statuses: true,
            ..Faults::default()
        },
    );
    let sent = s
        .client
        .send_text(SHOP, CUSTOMER, "oi", None)
        .await
        .unwrap();
    let updates = statuses_of(&mut s.events, &sent.key.id, 6).await;
    let order: Vec<MessageStatus> = updates.iter().map(|u| u.status).collect();
    use MessageStatus::{DeliveryAck, Read, ServerAck};
    assert_eq!(
        order,
        [Read, Read, DeliveryAck, DeliveryAck, ServerAck, ServerAck]
    );
}

#[tokio::test]
async fn a_wrong_key_is_refused_with_a_typed_error_and_an_instance_token_is_accepted() {
    let s = setup().await;
    // Straight to the socket (the HTTP set would already fail with 401).
    let wrong = EvolutionClient::new(
        &s.sandbox.url(),
        Some(Sensitive::new("not-the-key-123".into())),
    )
    .unwrap();
    let (listener, mut events) = Listener::new(
        wrong,
        ListenerConfig {
            enable_on_server: false,
            ..fast_backoff()
        },
    )
    .unwrap();
    listener.watch(SHOP);
    let stopped = next(&mut events).await;
    let EvolutionEvent::Stream {
        state: StreamState::Stopped { code, reason },
        ..
    } = stopped
    else {
        panic!("expected a stop, got {stopped:?}");
    };
    assert_eq!(code, "events_unauthorized");
    assert!(!reason.contains("not-the-key-123"));

    // Through the listener's own setup, the HTTP 401 stops it the same way.
    let wrong = EvolutionClient::new(
        &s.sandbox.url(),
        Some(Sensitive::new("not-the-key-123".into())),
    )
    .unwrap();
    let (listener, mut events) = Listener::new(wrong, fast_backoff()).unwrap();
    listener.watch(SHOP);
    assert!(matches!(
        next(&mut events).await,
        EvolutionEvent::Stream {
            state: StreamState::Stopped {
                code: "events_unauthorized",
                ..
            },
            ..
        }
    ));

    // No key at all cannot even build a listener.
    let keyless = EvolutionClient::new(&s.sandbox.url(), None).unwrap();
    assert!(Listener::new(keyless, fast_backoff()).is_err());
}
