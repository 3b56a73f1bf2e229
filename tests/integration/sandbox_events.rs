//! The sandbox's socket.io side as the real server shapes it: `/websocket/set` and
//! `/websocket/find` rows, the client keeping other events when it enables its own, the
//! handshake's key check, and injected messages (the namespace appearing with the first event
//! is checked from the client side in `evolution_events.rs`).

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use whats_tip::evolution::EvolutionClient;
use whats_tip::evolution_events::EVENTS;
use whats_tip::evolution_sandbox::{IncomingMessage, Sandbox, SandboxConfig, SandboxError};
use whats_tip::secrets::Sensitive;

const KEY: &str = "sandbox-events-key-4d2b";
const SHOP: &str = "shop-01";

async fn start() -> (Sandbox, reqwest::Client) {
    let sandbox = Sandbox::start(
        SandboxConfig {
            global_key: KEY.to_owned(),
            ..SandboxConfig::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    sandbox
        .control()
        .create_connected(SHOP, "5511900000001", "Loja")
        .unwrap();
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    (sandbox, http)
}

async fn call(
    http: &reqwest::Client,
    sandbox: &Sandbox,
    method: Method,
    path: &str,
    key: &str,
    body: Option<Value>,
) -> (StatusCode, String) {
    let mut request = http
        .request(method, format!("{}{path}", sandbox.url()))
        .header("apikey", key);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[tokio::test]
async fn websocket_rows_are_set_and_found_like_the_server_does() {
    let (sandbox, http) = start().await;
    let find = format!("/websocket/find/{SHOP}");
    let set = format!("/websocket/set/{SHOP}");

    let (status, body) = call(&http, &sandbox, Method::GET, &find, KEY, None).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "null"));

    let (status, body) = call(
        &http,
        &sandbox,
        Method::POST,
        &set,
        KEY,
        Some(json!({"websocket": {"enabled": true, "events": ["MESSAGES_UPDATE"]}})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let row = json_of(&body);
    assert_eq!(row["enabled"], true);
    assert_eq!(row["events"], json!(["MESSAGES_UPDATE"]));
    for field in ["id", "createdAt", "updatedAt", "instanceId"] {
        assert!(row[field].is_string(), "{field} in {row}");
    }
    let (_, found) = call(&http, &sandbox, Method::GET, &find, KEY, None).await;
    assert_eq!(json_of(&found), row);

    // Enabled with no events: every event; disabled: none.
    let (_, all) = call(
        &http,
        &sandbox,
        Method::POST,
        &set,
        KEY,
        Some(json!({"websocket": {"enabled": true, "events": []}})),
    )
    .await;
    assert_eq!(json_of(&all)["events"].as_array().map(Vec::len), Some(31));
    let (_, off) = call(
        &http,
        &sandbox,
        Method::POST,
        &set,
        KEY,
        Some(json!({"websocket": {"enabled": false, "events": ["CALL"]}})),
    )
    .await;
    assert_eq!(json_of(&off)["events"], json!([]));

    // eventSchema: `enabled` required, events from the server's list.
    let (status, body) = call(
        &http,
        &sandbox,
        Method::POST,
        &set,
        KEY,
        Some(json!({"websocket": {"events": ["SOMETHING"]}})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let messages = json_of(&body)["response"]["message"][0].clone();
    assert_eq!(messages[0], "websocket requires property \"enabled\"");
    assert!(messages[1]
        .as_str()
        .unwrap()
        .starts_with("websocket.events[0] is not one of enum values: APPLICATION_STARTUP,"));

    // The usual guards: unknown instance 404 whatever the key, then 401.
    let (status, _) = call(
        &http,
        &sandbox,
        Method::GET,
        "/websocket/find/nope",
        "x",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&http, &sandbox, Method::GET, &find, "wrong-key", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn enabling_events_keeps_the_ones_already_subscribed() {
    let (sandbox, http) = start().await;
    let client =
        EvolutionClient::new(&sandbox.url(), Some(Sensitive::new(KEY.to_owned()))).unwrap();
    call(
        &http,
        &sandbox,
        Method::POST,
        &format!("/websocket/set/{SHOP}"),
        KEY,
        Some(json!({"websocket": {"enabled": true, "events": ["QRCODE_UPDATED", "MESSAGES_UPDATE"]}})),
    )
    .await;
    assert!(client.enable_websocket_events(SHOP, &EVENTS).await.unwrap());
    let settings = client.websocket_settings(SHOP).await.unwrap().unwrap();
    assert!(settings.enabled);
    assert_eq!(
        settings.events,
        [
            "QRCODE_UPDATED",
            "MESSAGES_UPDATE",
            "CONNECTION_UPDATE",
            "MESSAGES_UPSERT",
            "SEND_MESSAGE"
        ]
    );
    assert!(
        !client.enable_websocket_events(SHOP, &EVENTS).await.unwrap(),
        "nothing to change the second time"
    );
    // fetchInstances shows the same row.
    let (_, rows) = call(
        &http,
        &sandbox,
        Method::GET,
        "/instance/fetchInstances",
        KEY,
        None,
    )
    .await;
    assert_eq!(
        json_of(&rows)[0]["Websocket"]["events"]
            .as_array()
            .map(Vec::len),
        Some(5)
    );
}

#[tokio::test]
async fn the_handshake_checks_the_key_and_messages_reach_only_open_instances() {
    let (sandbox, http) = start().await;
    let token = {
        let (_, rows) = call(
            &http,
            &sandbox,
            Method::GET,
            "/instance/fetchInstances",
            KEY,
            None,
        )
        .await;
        json_of(&rows)[0]["token"].as_str().unwrap().to_owned()
    };
    let polling = |key: &str| {
        format!(
            "{}/socket.io/?EIO=4&transport=polling&apikey={key}",
            sandbox.url()
        )
    };
    let missing = http
        .get(format!(
            "{}/socket.io/?EIO=4&transport=polling",
            sandbox.url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        missing.json::<Value>().await.unwrap(),
        json!({"code": 4, "message": "apiKey is required"})
    );
    let wrong = http.get(polling("nope")).send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        wrong.json::<Value>().await.unwrap()["message"],
        "Invalid global token"
    );
    // The global key and any instance token open an engine.io session.
    for key in [KEY, token.as_str()] {
        let open = http.get(polling(key)).send().await.unwrap();
        assert_eq!(open.status(), StatusCode::OK, "{key}");
        assert!(
            open.text().await.unwrap().starts_with("0{"),
            "engine.io OPEN"
        );
    }

    // A contact's message needs an open instance and a real number.
    let control = sandbox.control();
    let refused = control.incoming(
        SHOP,
        IncomingMessage {
            from: "12".into(),
            text: "oi".into(),
            ..IncomingMessage::default()
        },
    );
    assert!(matches!(refused, Err(SandboxError::InvalidNumber(_))));
    control.disconnect(SHOP, 401);
    let closed = control.incoming(
        SHOP,
        IncomingMessage {
            from: "5511987654321".into(),
            text: "oi".into(),
            ..IncomingMessage::default()
        },
    );
    assert!(matches!(closed, Err(SandboxError::NotConnected(_))));
    let (status, body) = call(
        &http,
        &sandbox,
        Method::POST,
        &format!("/_sandbox/instances/{SHOP}/incoming"),
        KEY,
        Some(json!({"from": "5511987654321", "text": "oi"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}
