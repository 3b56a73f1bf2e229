//! What the campaign engine's reliability tests need from the Evolution sandbox, over real
//! HTTP with the app's own `EvolutionClient`: a reply delayed after the message is stored
//! (the crash test's kill window), WhatsApp refusing new contacts with 463 after the 201,
//! faults for one instance while another works, disconnects with sends in flight,
//! findMessages' time window as 2.3.6 filters it, the sent log paged and counted, and
//! `tip sandbox` pre-connecting instances for headless runs.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use whats_tip::evolution::{
    ConnectionState, EvolutionClient, EvolutionError, MessageKey, MessageStatus,
};
use whats_tip::evolution_sandbox::{Faults, SandboxConfig};
use whats_tip::secrets::Sensitive;

use crate::evolution_sandbox::{fast, Api, KEY};

/// A sandbox with `names` open (each with its own owner number) and a client for it.
async fn open_instances(config: SandboxConfig, names: &[&str]) -> (Api, EvolutionClient) {
    let api = Api::start(config).await;
    for (n, name) in names.iter().enumerate() {
        api.control()
            .create_connected(name, &format!("55119900000{n:02}"), "Loja")
            .unwrap();
    }
    let client =
        EvolutionClient::new(&api.sandbox.url(), Some(Sensitive::new(KEY.into()))).unwrap();
    (api, client)
}

/// findMessages records for one chat, newest first.
async fn records(api: &Api, instance: &str, filter: Value) -> (StatusCode, Value) {
    api.post(
        &format!("/chat/findMessages/{instance}"),
        Some(KEY),
        json!({"where": filter}),
    )
    .await
}

fn texts(answer: &Value) -> Vec<String> {
    answer["messages"]["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message"]["conversation"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_delayed_answer_comes_after_the_message_is_stored() {
    let (api, client) = open_instances(fast(), &["loja-1"]).await;
    let (status, faults) = api
        .call(
            Method::PUT,
            "/_sandbox/faults",
            Some(KEY),
            Some(json!({"afterSendDelayMs": 1500})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(faults["afterSendDelayMs"], 1500);
    let started = Instant::now();
    let send = tokio::spawn({
        let client = client.clone();
        async move {
            client
                .send_text("loja-1", "5521988887777", "Pedido saiu", None)
                .await
        }
    });
    // The message is in the sent log and findMessages while the client still waits.
    let control = api.control();
    while control.sent_count() == 0 {
        assert!(started.elapsed() < Duration::from_secs(1), "never stored");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let (status, stored) = records(
        &api,
        "loja-1",
        json!({"key": {"remoteJid": "5521988887777@s.whatsapp.net"}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&stored), ["Pedido saiu"]);
    assert!(
        !send.is_finished(),
        "the answer must wait for the delay ({:?} so far)",
        started.elapsed()
    );
    let sent = send.await.unwrap().unwrap();
    assert!(started.elapsed() >= Duration::from_millis(1500));
    assert_eq!(sent.key.id, control.sent_messages()[0].key_id);
    assert_eq!(sent.status.as_deref(), Some("PENDING"));
    assert_eq!(stored["messages"]["records"][0]["key"]["id"], sent.key.id);
}

#[tokio::test]
async fn shutdown_cuts_a_delayed_answer_but_keeps_the_message() {
    let (api, client) = open_instances(fast(), &["loja-1"]).await;
    api.control().set_faults(Faults {
        after_send_delay: Duration::from_secs(30),
        ..Faults::default()
    });
    let send = tokio::spawn({
        let client = client.clone();
        async move {
            client
                .send_text("loja-1", "5521988887777", "oi", None)
                .await
        }
    });
    let control = api.control();
    while control.sent_count() == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let started = Instant::now();
    api.sandbox.shutdown().await;
    let error = send.await.unwrap().unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(error.is_outcome_unknown(), "{error:?}");
    assert_eq!(control.sent_count(), 1);
}

#[tokio::test]
async fn new_contacts_are_refused_with_a_later_error_status() {
    let (api, client) = open_instances(fast(), &["loja-1", "loja-2"]).await;
    let control = api.control();
    // A contact the number has already reached is not new.
    client
        .send_text("loja-1", "5521911110001", "primeira", None)
        .await
        .unwrap();
    let (status, _) = api
        .call(
            Method::PUT,
            "/_sandbox/faults",
            Some(KEY),
            Some(json!({"newContactErrorRate": 1.0})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let known = client
        .send_text("loja-1", "5521911110001", "segunda", None)
        .await
        .unwrap();
    // WhatsApp accepts the send (201 PENDING, a real key id), then refuses it.
    let cold = client
        .send_text("loja-1", "5521911110002", "oi, novo", None)
        .await
        .unwrap();
    assert_eq!(cold.status.as_deref(), Some("PENDING"));
    // New to loja-2 even though loja-1 has written to it.
    let other = client
        .send_text("loja-2", "5521911110001", "de outro número", None)
        .await
        .unwrap();
    let log = control.sent_messages();
    let refused: Vec<(&str, Option<u16>)> = log
        .iter()
        .map(|m| (m.text.as_deref().unwrap(), m.refused))
        .collect();
    assert_eq!(
        refused,
        [
            ("primeira", None),
            ("segunda", None),
            ("oi, novo", Some(463)),
            ("de outro número", Some(463)),
        ]
    );
    assert_eq!((control.sent_count(), control.refused_count()), (4, 2));
    tokio::time::sleep(Duration::from_millis(700)).await;
    let status_of = |instance: &'static str, key: MessageKey| {
        let client = client.clone();
        async move { client.message_status(instance, &key).await.unwrap() }
    };
    assert_eq!(
        status_of("loja-1", cold.key.clone()).await,
        Some(MessageStatus::Error)
    );
    assert_eq!(
        status_of("loja-2", other.key.clone()).await,
        Some(MessageStatus::Error)
    );
    assert_eq!(
        status_of("loja-1", known.key.clone()).await,
        Some(MessageStatus::Read)
    );
    // findMessages: the refused message is stored, with one ERROR update and its own
    // status left at PENDING, as 2.3.6 leaves fromMe rows.
    let record = client
        .find_message("loja-1", &cold.key)
        .await
        .unwrap()
        .unwrap();
    let updates: Vec<MessageStatus> = record.updates.iter().map(|u| u.status).collect();
    assert_eq!(updates, [MessageStatus::Error]);
    assert_eq!(record.status, Some(MessageStatus::Pending));
    let (status, counts) = api.get("/_sandbox/messages/count", Some(KEY)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(counts["sent"], 4);
    assert_eq!(counts["refused"], 2);
    let (_, entries) = api.get("/_sandbox/messages", Some(KEY)).await;
    assert_eq!(entries[2]["refused"], 463);
    assert_eq!(entries[1]["refused"], Value::Null);
}

#[tokio::test]
async fn one_instance_can_fail_while_the_other_works() {
    let (api, client) = open_instances(fast(), &["loja-a", "loja-b"]).await;
    let (status, body) = api
        .call(
            Method::PUT,
            "/_sandbox/faults/loja-b",
            Some(KEY),
            Some(json!({"licenceRequired": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    client
        .send_text("loja-a", "5521988887777", "oi", None)
        .await
        .unwrap();
    let refused = client
        .send_text("loja-b", "5521988887777", "oi", None)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, EvolutionError::LicenceRequired { .. }),
        "{refused:?}"
    );
    assert_eq!(
        client.connection_state("loja-a").await.unwrap(),
        ConnectionState::Open
    );
    assert!(client.connection_state("loja-b").await.is_err());
    // The global faults are untouched; the instance's own are readable.
    let (_, global) = api.get("/_sandbox/faults", Some(KEY)).await;
    assert_eq!(global["licenceRequired"], false);
    let (_, own) = api.get("/_sandbox/faults/loja-b", Some(KEY)).await;
    assert_eq!(own["licenceRequired"], true);

    // A dead socket on one number only, then back to the global faults.
    api.control().set_instance_faults(
        "loja-b",
        Faults {
            connection_closed: true,
            ..Faults::default()
        },
    );
    let closed = client
        .send_text("loja-b", "5521988887777", "oi", None)
        .await
        .unwrap_err();
    assert!(
        matches!(closed, EvolutionError::ConnectionClosed(_)),
        "{closed:?}"
    );
    let (status, _) = api
        .call(Method::DELETE, "/_sandbox/faults/loja-b", Some(KEY), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    client
        .send_text("loja-b", "5521988887777", "oi de novo", None)
        .await
        .unwrap();
    let per_instance: Vec<String> = api
        .control()
        .sent_messages()
        .into_iter()
        .map(|m| m.instance)
        .collect();
    assert_eq!(per_instance, ["loja-a", "loja-b"]);
    // A global fault now reaches loja-b again.
    api.control().set_faults(Faults {
        licence_required: true,
        ..Faults::default()
    });
    assert!(client
        .send_text("loja-b", "5521988887777", "oi", None)
        .await
        .is_err());
}

#[tokio::test]
async fn a_disconnect_fails_the_sends_in_flight_on_that_instance_only() {
    let (api, client) = open_instances(fast(), &["loja-a", "loja-b"]).await;
    // Each send "types" for 600 ms before it is stored.
    let mut sends = Vec::new();
    for instance in ["loja-a", "loja-b"] {
        for n in 0..3 {
            let client = client.clone();
            sends.push(tokio::spawn(async move {
                let number = format!("552198888000{n}");
                (
                    instance,
                    client.send_text(instance, &number, "oi", Some(600)).await,
                )
            }));
        }
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, body) = api
        .post(
            "/_sandbox/disconnect/loja-a",
            Some(KEY),
            json!({"statusCode": 401}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["instance"]["state"], "close");
    for send in sends {
        let (instance, result) = send.await.unwrap();
        match instance {
            "loja-a" => assert!(
                matches!(result, Err(EvolutionError::ConnectionClosed(_))),
                "{result:?}"
            ),
            _ => assert!(result.is_ok(), "{result:?}"),
        }
    }
    let sent = api.control().sent_messages();
    assert_eq!(sent.len(), 3);
    assert!(sent.iter().all(|m| m.instance == "loja-b"));
    assert_eq!(
        client.connection_state("loja-a").await.unwrap(),
        ConnectionState::Close
    );

    // A transient drop (408) mid-send: a send whose typing delay ends while the number
    // reconnects fails; one that ends after it is back goes out on the new socket (as
    // Evolution's `this.client` is replaced on reconnect).
    let send = |number: &'static str, delay: u32| {
        let client = client.clone();
        tokio::spawn(async move { client.send_text("loja-b", number, "oi", Some(delay)).await })
    };
    let late = send("5521988887779", 800);
    tokio::time::sleep(Duration::from_millis(200)).await;
    api.control().disconnect("loja-b", 408);
    let early = send("5521988887778", 100);
    assert!(
        matches!(
            early.await.unwrap(),
            Err(EvolutionError::ConnectionClosed(_))
        ),
        "reconnecting"
    );
    late.await.unwrap().unwrap();
    assert_eq!(api.control().sent_count(), 4);

    // A message already stored (in the after-send window) still gets its 201.
    api.control().set_faults(Faults {
        after_send_delay: Duration::from_millis(600),
        ..Faults::default()
    });
    let send = tokio::spawn({
        let client = client.clone();
        async move {
            client
                .send_text("loja-b", "5521988887770", "já foi", None)
                .await
        }
    });
    let control = api.control();
    while control.sent_count() < 5 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    control.disconnect("loja-b", 401);
    assert!(send.await.unwrap().is_ok());
}

#[tokio::test]
async fn find_messages_filters_a_time_window_like_the_server() {
    let (api, client) = open_instances(fast(), &["loja-1"]).await;
    let jid = "5521988887777@s.whatsapp.net";
    let mut stamps = Vec::new();
    for text in ["um", "dois", "três"] {
        let sent = client
            .send_text("loja-1", "5521988887777", text, None)
            .await
            .unwrap();
        stamps.push(sent.message_timestamp.unwrap().as_i64().unwrap());
        // Whole seconds apart, as messageTimestamp is in seconds.
        tokio::time::sleep(Duration::from_millis(1050)).await;
    }
    client
        .send_text("loja-1", "5521900000000", "outro chat", None)
        .await
        .unwrap();
    let iso = |seconds: i64| iso8601(u64::try_from(seconds).unwrap());
    // Both bounds, as ISO strings, bounds included: the last two of the chat.
    let window = json!({"gte": iso(stamps[1]), "lte": iso(stamps[2])});
    let (status, answer) = records(
        &api,
        "loja-1",
        json!({"key": {"remoteJid": jid, "fromMe": true}, "messageTimestamp": window}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(texts(&answer), ["três", "dois"], "newest first");
    assert_eq!(answer["messages"]["total"], 2);
    // Epoch milliseconds work too (`new Date(ms)`); seconds are read as milliseconds and
    // match nothing from this century.
    let in_ms = json!({"gte": stamps[0] * 1000, "lte": stamps[0] * 1000});
    let (_, answer) = records(&api, "loja-1", json!({"messageTimestamp": in_ms})).await;
    assert_eq!(texts(&answer), ["um"]);
    let in_seconds = json!({"gte": stamps[0], "lte": stamps[2]});
    let (_, answer) = records(&api, "loja-1", json!({"messageTimestamp": in_seconds})).await;
    assert_eq!(answer["messages"]["total"], 0);
    // One bound alone filters nothing; neither does fromMe:false (falsy in JavaScript).
    let (_, answer) = records(
        &api,
        "loja-1",
        json!({"messageTimestamp": {"gte": iso(stamps[2])}, "key": {"fromMe": false}}),
    )
    .await;
    assert_eq!(answer["messages"]["total"], 4);
    // An unreadable date reaches Prisma as NaN: a 500.
    let (status, _) = records(
        &api,
        "loja-1",
        json!({"messageTimestamp": {"gte": "ontem", "lte": iso(stamps[2])}}),
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    // Paging: offset is the page size; the second page of two.
    let (_, answer) = api
        .post(
            "/chat/findMessages/loja-1",
            Some(KEY),
            json!({"where": {"key": {"remoteJid": jid}}, "page": 2, "offset": 2}),
        )
        .await;
    assert_eq!(texts(&answer), ["um"]);
    assert_eq!(answer["messages"]["pages"], 2);
    assert_eq!(answer["messages"]["currentPage"], 2);
    // The schema: an empty key id is refused before any filtering.
    let (status, answer) = records(&api, "loja-1", json!({"key": {"id": ""}})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer["response"]["message"],
        json!([["The property cannot be empty"]])
    );
}

/// `2024-11-29T08:00:00.000Z` for Unix seconds (no date crate in the tests).
fn iso8601(secs: u64) -> String {
    let days = secs / 86_400;
    // Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    let rest = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[tokio::test]
async fn the_sent_log_pages_and_the_request_log_can_be_capped() {
    let config = SandboxConfig {
        request_log_limit: Some(5),
        log_request_bodies: false,
        ..fast()
    };
    let (api, client) = open_instances(config, &["loja-1"]).await;
    for n in 0..25 {
        client
            .send_text(
                "loja-1",
                &format!("55219888870{n:02}"),
                &format!("m{n}"),
                None,
            )
            .await
            .unwrap();
    }
    let control = api.control();
    assert_eq!(control.sent_count(), 25);
    let page: Vec<String> = control
        .sent_messages_since(20, 100)
        .into_iter()
        .filter_map(|m| m.text)
        .collect();
    assert_eq!(page, ["m20", "m21", "m22", "m23", "m24"]);
    let (status, entries) = api.get("/_sandbox/messages?since=20", Some(KEY)).await;
    assert_eq!(status, StatusCode::OK);
    let entries = entries.as_array().unwrap().clone();
    assert_eq!(entries.len(), 5);
    assert_eq!(entries[0]["seq"], 20);
    assert_eq!(entries[0]["text"], "m20");
    let (_, first) = api
        .get("/_sandbox/messages?since=0&limit=10", Some(KEY))
        .await;
    assert_eq!(first.as_array().unwrap().len(), 10);
    let (_, end) = api.get("/_sandbox/messages?since=25", Some(KEY)).await;
    assert_eq!(end, json!([]));
    let (status, _) = api.get("/_sandbox/messages?since=-1", Some(KEY)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Without a query: the whole log, as before.
    let (_, all) = api.get("/_sandbox/messages", Some(KEY)).await;
    assert_eq!(all.as_array().unwrap().len(), 25);
    // The request log keeps the last 5, without bodies, and counts all 25.
    let requests = control.requests();
    assert_eq!(requests.len(), 5);
    assert!(requests.iter().all(|r| r.body.is_none()));
    assert_eq!(control.request_count(), 25);
    let (_, counts) = api.get("/_sandbox/messages/count", Some(KEY)).await;
    assert_eq!(counts, json!({"sent": 25, "refused": 0, "requests": 25}));
}

#[test]
fn tip_sandbox_starts_with_connected_instances() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tip"))
        .args([
            "sandbox",
            "--port",
            "0",
            "--key",
            "headless-key",
            "--connected-instances",
            "3",
            "--status-steps-ms",
            "50",
            "--faults",
            r#"{"afterSendDelayMs":20}"#,
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let mut second = String::new();
    stdout.read_line(&mut second).unwrap();
    let url = first
        .trim()
        .strip_prefix("sandbox listening on ")
        .expect(&first)
        .to_owned();
    let ready: Value =
        serde_json::from_str(second.trim().strip_prefix("sandbox ready ").expect(&second)).unwrap();
    assert_eq!(ready["url"], url.as_str());
    assert_eq!(ready["key"], "headless-key");
    let names: Vec<&str> = ready["instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["sandbox-1", "sandbox-2", "sandbox-3"]);
    let owners: std::collections::HashSet<&str> = ready["instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["owner"].as_str().unwrap())
        .collect();
    assert_eq!(owners.len(), 3, "one number per instance");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let client =
            EvolutionClient::new(&url, Some(Sensitive::new("headless-key".into()))).unwrap();
        for name in &names {
            let state = client.connection_state(name).await.unwrap();
            assert_eq!(state, ConnectionState::Open, "{name}");
            let sent = client
                .send_text(name, "5521988887777", "oi", None)
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert_eq!(
                client.message_status(name, &sent.key).await.unwrap(),
                Some(MessageStatus::Read),
                "statuses step every 50 ms"
            );
        }
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let faults: Value = http
            .get(format!("{url}/_sandbox/faults"))
            .header("apikey", "headless-key")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(faults["afterSendDelayMs"], 20);
        let counts: Value = http
            .get(format!("{url}/_sandbox/messages/count"))
            .header("apikey", "headless-key")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(counts["sent"], 3);
    });
    child.kill().unwrap();
    child.wait().unwrap();
}
