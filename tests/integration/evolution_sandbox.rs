//! The Evolution sandbox over real HTTP: auth order, the connection state machine, sends
//! and delivery statuses, the number directory, every fault, the request log, deletion,
//! and the `/_sandbox/` control routes.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use whats_tip::evolution::{ApiKeyCheck, EvolutionClient, EvolutionError};
use whats_tip::evolution_sandbox::{
    ApiKeyUsed, Faults, NumberDirectory, Sandbox, SandboxConfig, SandboxControl, SandboxError,
};
use whats_tip::secrets::Sensitive;

pub const KEY: &str = "sandbox-global-key";
const UNAUTHORIZED: &str =
    r#"{"status":401,"error":"Unauthorized","response":{"message":"Unauthorized"}}"#;
const STATUS_ORDER: [&str; 3] = ["SERVER_ACK", "DELIVERY_ACK", "READ"];

/// Timings short enough for tests; QR codes do not rotate unless a test asks.
pub fn fast() -> SandboxConfig {
    SandboxConfig {
        status_steps: Duration::from_millis(200),
        reconnect_after: Duration::from_millis(300),
        ..SandboxConfig::default()
    }
}

/// A running sandbox plus an HTTP client for it.
pub struct Api {
    pub sandbox: Sandbox,
    http: reqwest::Client,
}

impl Api {
    pub async fn start(config: SandboxConfig) -> Api {
        let sandbox = Sandbox::start(config, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        Api { sandbox, http }
    }

    pub fn control(&self) -> SandboxControl {
        self.sandbox.control()
    }

    pub fn request(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let builder = self
            .http
            .request(method, format!("{}{path}", self.sandbox.url()));
        match key {
            Some(key) => builder.header("apikey", key),
            None => builder,
        }
    }

    /// Status and JSON body (a non-JSON body comes back as a JSON string).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut builder = self.request(method, path, key);
        if let Some(body) = body {
            builder = builder.json(&body);
        }
        read(builder.send().await.unwrap()).await
    }

    pub async fn get(&self, path: &str, key: Option<&str>) -> (StatusCode, Value) {
        self.call(Method::GET, path, key, None).await
    }

    pub async fn post(&self, path: &str, key: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, key, Some(body)).await
    }

    pub async fn delete(&self, path: &str, key: Option<&str>) -> (StatusCode, Value) {
        self.call(Method::DELETE, path, key, None).await
    }

    /// Creates a Baileys instance with the global key; returns the create answer.
    pub async fn create(&self, name: &str, extra: Value) -> Value {
        let mut body = json!({"instanceName": name, "integration": "WHATSAPP-BAILEYS"});
        if let (Value::Object(body), Value::Object(extra)) = (&mut body, extra) {
            body.extend(extra);
        }
        let (status, answer) = self.post("/instance/create", Some(KEY), body).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        answer
    }

    /// Create, connect and scan: an `open` instance.
    pub async fn open(&self, name: &str, extra: Value) -> Value {
        let created = self.create(name, extra).await;
        let (status, qr) = self
            .get(&format!("/instance/connect/{name}"), Some(KEY))
            .await;
        assert_eq!(status, StatusCode::OK, "{qr}");
        self.control()
            .scan(name, "5511987654321", "Loja Demo")
            .unwrap();
        created
    }

    pub async fn state(&self, name: &str) -> Value {
        let (status, body) = self
            .get(&format!("/instance/connectionState/{name}"), Some(KEY))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["instance"]["state"].clone()
    }

    pub async fn send_text(&self, name: &str, number: &str, text: &str) -> (StatusCode, Value) {
        self.post(
            &format!("/message/sendText/{name}"),
            Some(KEY),
            json!({"number": number, "text": text}),
        )
        .await
    }
}

pub async fn read(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, body)
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// Waits (polling) until `check` holds, for at most `limit`.
async fn eventually<F, Fut>(limit: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() < limit {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test]
async fn the_apps_health_check_accepts_the_sandbox() {
    let api = Api::start(fast()).await;
    let (status, body) = api.get("/", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["version"], "2.3.6");
    assert_eq!(body["clientName"], "evolution_exchange");
    assert_eq!(body["manager"], format!("{}/manager", api.sandbox.url()));

    let client = |key: &str| {
        EvolutionClient::new(&api.sandbox.url(), Some(Sensitive::new(key.to_owned()))).unwrap()
    };
    let report = client(KEY).check_connection().await.unwrap();
    assert_eq!(report.server.version, "2.3.6");
    assert_eq!(report.api_key, ApiKeyCheck::Valid);
    let report = client("not-the-key").check_connection().await.unwrap();
    assert_eq!(report.api_key, ApiKeyCheck::Invalid);
}

#[tokio::test]
async fn unknown_instances_are_404_before_any_key_check() {
    let api = Api::start(fast()).await;
    let missing = json!({"status":404,"error":"Not Found","response":{"message":["The \"shop-99\" instance does not exist"]}});
    for key in [None, Some("wrong-key"), Some(KEY)] {
        let (status, body) = api.get("/instance/connectionState/shop-99", key).await;
        assert_eq!(
            (status, &body),
            (StatusCode::NOT_FOUND, &missing),
            "{key:?}"
        );
        let (status, body) = api
            .post(
                "/message/sendText/shop-99",
                key,
                json!({"number": "1", "text": "x"}),
            )
            .await;
        assert_eq!(
            (status, &body),
            (StatusCode::NOT_FOUND, &missing),
            "{key:?}"
        );
    }
    api.create("shop-01", json!({})).await;
    for key in [None, Some("wrong-key"), Some("")] {
        let (status, body) = api.get("/instance/connectionState/shop-01", key).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{key:?}");
        assert_eq!(body, parse(UNAUTHORIZED));
    }
}

#[tokio::test]
async fn an_instance_token_opens_only_its_own_instance() {
    let api = Api::start(fast()).await;
    api.create("a", json!({"token": "TOKEN-A"})).await;
    api.create("b", json!({"token": "TOKEN-B"})).await;
    let generated = api.create("c", json!({})).await;
    let token_c = generated["hash"].as_str().unwrap().to_owned();
    assert_eq!(token_c.len(), 36);
    assert_eq!(token_c, token_c.to_uppercase());

    let state = |name: &'static str, key: &'static str| {
        let api = &api;
        async move {
            api.get(&format!("/instance/connectionState/{name}"), Some(key))
                .await
                .0
        }
    };
    assert_eq!(state("a", "TOKEN-A").await, StatusCode::OK);
    assert_eq!(state("b", "TOKEN-A").await, StatusCode::UNAUTHORIZED);
    assert_eq!(state("b", "TOKEN-B").await, StatusCode::OK);
    let (status, _) = api.get("/instance/connectionState/c", Some(&token_c)).await;
    assert_eq!(status, StatusCode::OK);

    let (status, rows) = api.get("/instance/fetchInstances", Some("TOKEN-A")).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a"]);
    let (status, body) = api
        .get("/instance/fetchInstances?instanceName=b", Some("TOKEN-A"))
        .await;
    assert_eq!(
        (status, body),
        (StatusCode::UNAUTHORIZED, parse(UNAUTHORIZED))
    );
    let (status, _) = api.get("/instance/fetchInstances", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = api.get("/instance/fetchInstances", Some("wrong")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The global key sees everything, tokens in clear.
    let (_, rows) = api.get("/instance/fetchInstances", Some(KEY)).await;
    let tokens: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["token"].as_str().unwrap())
        .collect();
    assert_eq!(tokens, ["TOKEN-A", "TOKEN-B", token_c.as_str()]);
    let (status, body) = api
        .get("/instance/fetchInstances?instanceName=nope", Some(KEY))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body["response"]["message"],
        json!(["Instance \"nope\" not found"])
    );
    let id_b = rows[1]["id"].as_str().unwrap();
    let (_, found) = api
        .get(
            &format!("/instance/fetchInstances?instanceName=a&instanceId={id_b}"),
            Some(KEY),
        )
        .await;
    assert_eq!(found[0]["name"], "b", "instanceId wins over instanceName");

    let (status, body) = api
        .post(
            "/instance/create",
            Some("TOKEN-A"),
            json!({"instanceName": "d", "integration": "WHATSAPP-BAILEYS"}),
        )
        .await;
    assert_eq!(
        (status, body),
        (StatusCode::UNAUTHORIZED, parse(UNAUTHORIZED))
    );
}

#[tokio::test]
async fn create_checks_the_name_before_the_key_then_the_body() {
    let api = Api::start(fast()).await;
    let created = api.create("shop-01", json!({"groupsIgnore": true})).await;
    assert_eq!(created["instance"]["status"], "close");
    assert_eq!(created["settings"]["groupsIgnore"], true);
    assert!(created.get("qrcode").is_none());

    let forbidden = |name: &str| json!({"status":403,"error":"Forbidden","response":{"message":[format!("This name \"{name}\" is already in use.")]}});
    let (status, body) = api
        .post("/instance/create", None, json!({"instanceName": "shop-01"}))
        .await;
    assert_eq!(
        (status, body),
        (StatusCode::FORBIDDEN, forbidden("shop-01"))
    );
    let (status, body) = api.post("/instance/create", None, json!({})).await;
    assert_eq!(
        (status, body),
        (StatusCode::FORBIDDEN, forbidden("undefined"))
    );
    let (status, _) = api
        .post(
            "/instance/create",
            Some("wrong"),
            json!({"instanceName": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let cases = [
        (
            json!({"instanceName": "x", "integration": "TELEGRAM"}),
            json!(["Invalid integration"]),
        ),
        (json!({"instanceName": "x"}), json!(["Invalid integration"])),
        (
            json!({"instanceName": "x", "integration": "WHATSAPP-BAILEYS", "qrcode": "yes"}),
            json!([["qrcode is not of a type(s) boolean"]]),
        ),
        (
            json!({"instanceName": "x", "integration": "WHATSAPP-BAILEYS", "proxyHost": "p.example", "proxyPort": "http"}),
            json!(["Invalid proxy"]),
        ),
    ];
    for (body, message) in cases {
        let (status, answer) = api.post("/instance/create", Some(KEY), body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer["response"]["message"], message, "{body}");
    }
    let (status, _) = api.get("/instance/connectionState/x", Some(KEY)).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "failed creates leave nothing behind"
    );
}

#[tokio::test]
async fn qr_rotates_then_scan_send_statuses_and_logout() {
    let api = Api::start(SandboxConfig {
        qr_rotate_every: Duration::from_millis(1000),
        ..fast()
    })
    .await;
    let control = api.control();
    api.create("shop-01", json!({})).await;
    assert_eq!(api.state("shop-01").await, "close");
    assert_eq!(control.current_qr("shop-01"), None);

    let (status, first) = api.get("/instance/connect/shop-01", Some(KEY)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["count"], 1);
    assert_eq!(first["pairingCode"], Value::Null);
    let code = first["code"].as_str().unwrap();
    assert!(
        code.starts_with("2@") && code.split(',').count() == 4,
        "{code}"
    );
    assert!(first["base64"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    assert_eq!(control.current_qr("shop-01").as_deref(), Some(code));
    assert_eq!(api.state("shop-01").await, "connecting");
    let (_, again) = api.get("/instance/connect/shop-01", Some(KEY)).await;
    assert_eq!(
        again, first,
        "while connecting, connect returns the current QR"
    );

    tokio::time::sleep(Duration::from_millis(1200)).await;
    let (_, second) = api.get("/instance/connect/shop-01", Some(KEY)).await;
    assert_eq!(second["count"], 2);
    assert_ne!(second["code"], first["code"]);
    assert_eq!(
        control.current_qr("shop-01").as_deref(),
        second["code"].as_str()
    );

    control
        .scan("shop-01", "+55 11 98765-4321", "Loja Demo")
        .unwrap();
    assert_eq!(api.state("shop-01").await, "open");
    assert_eq!(control.current_qr("shop-01"), None);
    let (_, body) = api.get("/instance/connect/shop-01", Some(KEY)).await;
    assert_eq!(
        body,
        json!({"instance":{"instanceName":"shop-01","state":"open"}})
    );
    let (_, rows) = api
        .get("/instance/fetchInstances?instanceName=shop-01", Some(KEY))
        .await;
    let row = &rows[0];
    assert_eq!(row["connectionStatus"], "open");
    assert_eq!(row["ownerJid"], "5511987654321@s.whatsapp.net");
    assert_eq!(row["profileName"], "Loja Demo");
    assert!(row["profilePicUrl"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png"));

    let (status, sent) = api
        .send_text("shop-01", "+55 (21) 98888-7777", "Olá, seu pedido saiu!")
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    let key_id = sent["key"]["id"].as_str().unwrap().to_owned();
    assert_eq!(key_id.len(), 22);
    assert!(key_id.starts_with("3EB0"));
    assert!(key_id
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase()));
    assert_eq!(sent["key"]["remoteJid"], "5521988887777@s.whatsapp.net");
    assert_eq!(sent["key"]["fromMe"], true);
    assert_eq!(sent["status"], "PENDING");
    assert_eq!(sent["message"]["conversation"], "Olá, seu pedido saiu!");
    assert_eq!(sent["instanceId"], row["id"]);

    // Statuses only ever grow along SERVER_ACK → DELIVERY_ACK → READ.
    let filter = json!({"where": {"remoteJid": "5521988887777@s.whatsapp.net", "id": key_id}});
    let mut seen = 0;
    let start = Instant::now();
    while seen < 3 && start.elapsed() < Duration::from_secs(5) {
        let (status, rows) = api
            .post("/chat/findStatusMessage/shop-01", Some(KEY), filter.clone())
            .await;
        assert_eq!(status, StatusCode::OK);
        let statuses: Vec<&str> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, STATUS_ORDER[..statuses.len()], "{rows}");
        assert!(statuses.len() >= seen, "statuses went backwards: {rows}");
        seen = statuses.len();
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let reached_read = seen == 3;
    assert!(reached_read, "READ never came");
    let (_, found) = api
        .post(
            "/chat/findMessages/shop-01",
            Some(KEY),
            json!({"where": {"key": {"id": key_id}}}),
        )
        .await;
    assert_eq!(found["messages"]["total"], 1);
    let record = &found["messages"]["records"][0];
    assert_eq!(record["key"]["id"], key_id.as_str());
    assert_eq!(
        record["MessageUpdate"],
        json!([{"status":"SERVER_ACK"},{"status":"DELIVERY_ACK"},{"status":"READ"}])
    );
    let sent_log = control.sent_messages();
    assert_eq!(sent_log.len(), 1);
    assert_eq!(sent_log[0].number, "+55 (21) 98888-7777");
    assert_eq!(sent_log[0].jid, "5521988887777@s.whatsapp.net");
    assert_eq!(sent_log[0].text.as_deref(), Some("Olá, seu pedido saiu!"));
    assert_eq!(sent_log[0].media_type, None);
    assert_eq!(sent_log[0].key_id, key_id);

    let (status, body) = api.delete("/instance/logout/shop-01", Some(KEY)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"status":"SUCCESS","error":false,"response":{"message":"Instance logged out"}})
    );
    assert_eq!(api.state("shop-01").await, "close");
    let (status, body) = api.send_text("shop-01", "5521988887777", "again").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["response"]["message"], "Connection Closed");
    let (status, body) = api.delete("/instance/logout/shop-01", Some(KEY)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["response"]["message"],
        json!(["The \"shop-01\" instance is not connected"])
    );
    let (_, fresh) = api.get("/instance/connect/shop-01", Some(KEY)).await;
    assert_eq!(fresh["count"], 1, "a new pairing starts counting again");
    assert_ne!(fresh["code"], first["code"]);
}

#[tokio::test]
async fn pairing_codes_come_only_from_close() {
    let api = Api::start(fast()).await;
    api.create("shop-01", json!({})).await;
    let (_, qr) = api
        .get("/instance/connect/shop-01?number=5511987654321", Some(KEY))
        .await;
    let pairing = qr["pairingCode"].as_str().unwrap().to_owned();
    assert_eq!(pairing.len(), 8);
    assert!(pairing
        .chars()
        .all(|c| "123456789ABCDEFGHJKLMNPQRSTVWXYZ".contains(c)));
    let (_, again) = api
        .get("/instance/connect/shop-01?number=5521988887777", Some(KEY))
        .await;
    assert_eq!(again, qr, "number is ignored while connecting");

    let (_, restarted) = api
        .post("/instance/restart/shop-01", Some(KEY), json!({}))
        .await;
    assert_eq!(restarted, json!({"count": 0}));
    let (_, plain) = api
        .get("/instance/connect/shop-01?number=5511987654321", Some(KEY))
        .await;
    assert_eq!(plain["count"], 1);
    assert_eq!(
        plain["pairingCode"],
        Value::Null,
        "restart dropped the number"
    );

    api.create("shop-02", json!({})).await;
    let (status, body) = api
        .get("/instance/connect/shop-02?number=abc", Some(KEY))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"error": true, "message": "[object Object]"}));

    let created = api
        .create(
            "shop-03",
            json!({"qrcode": true, "number": "5511987654321"}),
        )
        .await;
    assert_eq!(created["qrcode"], json!({"count": 0}));
    assert_eq!(created["instance"]["status"], "connecting");
    let (_, qr) = api.get("/instance/connect/shop-03", Some(KEY)).await;
    assert_eq!(qr["count"], 1);
    assert_eq!(qr["pairingCode"].as_str().map(str::len), Some(8));
}

#[tokio::test]
async fn the_qr_limit_closes_the_instance_and_resets_the_count() {
    let api = Api::start(SandboxConfig {
        qr_rotate_every: Duration::from_millis(400),
        qr_limit: 3,
        ..fast()
    })
    .await;
    api.create("shop-01", json!({})).await;
    let (_, qr) = api.get("/instance/connect/shop-01", Some(KEY)).await;
    assert_eq!(qr["count"], 1);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (_, qr) = api.get("/instance/connect/shop-01", Some(KEY)).await;
    assert_eq!(qr["count"], 2);
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(api.state("shop-01").await, "close");
    assert_eq!(api.control().current_qr("shop-01"), None);
    let (status, body) = api.send_text("shop-01", "5521988887777", "x").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["response"]["message"], "Connection Closed");
    let (_, qr) = api.get("/instance/connect/shop-01", Some(KEY)).await;
    assert_eq!(qr["count"], 1);
}

#[tokio::test]
async fn never_connected_and_closed_sockets_fail_like_the_real_server() {
    let api = Api::start(fast()).await;
    api.create("shop-01", json!({})).await;
    let media = json!({"number": "5521988887777", "mediatype": "image", "media": "https://cdn.example/cat.png"});
    let (status, body) = api.send_text("shop-01", "5521988887777", "x").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        body,
        json!({"status":500,"error":"Internal Server Error","response":{"message":"Cannot read properties of undefined (reading 'onWhatsApp')"}})
    );
    let (status, body) = api
        .post("/message/sendMedia/shop-01", Some(KEY), media.clone())
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        body["response"]["message"],
        json!(["TypeError: Cannot read properties of undefined (reading 'waUploadToServer')"])
    );
    let numbers = json!({"numbers": ["5521988887777"]});
    let (status, body) = api
        .post("/chat/whatsappNumbers/shop-01", Some(KEY), numbers.clone())
        .await;
    assert_eq!((status, body), (StatusCode::BAD_REQUEST, json!({})));

    api.get("/instance/connect/shop-01", Some(KEY)).await;
    let (status, body) = api.send_text("shop-01", "5521988887777", "x").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["response"]["message"], "Connection Closed");
    let (status, body) = api
        .post("/message/sendMedia/shop-01", Some(KEY), media)
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        body["response"]["message"],
        json!(["Error: Connection Closed"])
    );
    let (status, body) = api
        .post("/chat/whatsappNumbers/shop-01", Some(KEY), numbers)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["isBoom"], true);
    assert_eq!(body["output"]["statusCode"], 428);
    assert_eq!(body["output"]["payload"]["message"], "Connection Closed");
    assert!(api.control().sent_messages().is_empty());
}

#[tokio::test]
async fn whatsapp_numbers_answers_the_registered_jids() {
    let api = Api::start(SandboxConfig {
        numbers: NumberDirectory::default()
            .registered_without_ninth_digit("5511987654321")
            .registered_only_with_ninth_digit("553187654321")
            .not_on_whatsapp("5511999990002")
            .named("5521988887777", "Maria"),
        ..fast()
    })
    .await;
    api.open("shop-01", json!({})).await;
    let (status, body) = api
        .post(
            "/chat/whatsappNumbers/shop-01",
            Some(KEY),
            json!({"numbers": ["5511987654321", "553187654321", "5511999990002", "+55 (21) 98888-7777", "123"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!([
            {"jid": "551187654321@s.whatsapp.net", "exists": true, "number": "5511987654321"},
            {"jid": "5531987654321@s.whatsapp.net", "exists": true, "number": "553187654321"},
            {"jid": "5511999990002@s.whatsapp.net", "exists": false, "number": "5511999990002"},
            {"jid": "5521988887777@s.whatsapp.net", "exists": true, "number": "+55 (21) 98888-7777", "name": "Maria"},
            {"jid": "123@s.whatsapp.net", "exists": false, "number": "123"},
        ])
    );

    let (status, sent) = api.send_text("shop-01", "5511987654321", "oi").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(sent["key"]["remoteJid"], "551187654321@s.whatsapp.net");
    let (status, body) = api.send_text("shop-01", "5511999990002", "oi").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"status":400,"error":"Bad Request","response":{"message":[{"jid":"5511999990002@s.whatsapp.net","exists":false,"number":"5511999990002"}]}})
    );
    let sent_log = api.control().sent_messages();
    assert_eq!(sent_log.len(), 1);
    assert_eq!(sent_log[0].jid, "551187654321@s.whatsapp.net");

    let raw_schema =
        |message: &str| json!({"status":400,"error":"Bad Request","message":[[message]]});
    let cases = [
        (
            json!({"numbers": "5511"}),
            raw_schema("numbers is not of a type(s) array"),
        ),
        (
            json!({"numbers": []}),
            raw_schema("numbers does not meet minimum length of 1"),
        ),
        (
            json!({"numbers": ["1", "1"]}),
            raw_schema("numbers contains duplicate item"),
        ),
        (json!({}), json!({})),
    ];
    for (request, expected) in cases {
        let (status, body) = api
            .post("/chat/whatsappNumbers/shop-01", Some(KEY), request.clone())
            .await;
        assert_eq!(
            (status, body),
            (StatusCode::BAD_REQUEST, expected),
            "{request}"
        );
    }
}

#[tokio::test]
async fn send_bodies_are_checked_in_the_servers_order() {
    let api = Api::start(fast()).await;
    api.open("shop-01", json!({})).await;
    let text_cases = [
        (
            json!({"number": "5511987654321"}),
            json!([["instance requires property \"text\""]]),
        ),
        (
            json!({"number": "5511987654321", "textMessage": {"text": "v1"}}),
            json!([["instance requires property \"text\""]]),
        ),
        (
            json!({"number": 5511987654321_u64, "text": "x"}),
            json!([["Invalid format"]]),
        ),
        (
            json!({"number": "5511987654321", "text": "   "}),
            json!(["Text is required"]),
        ),
        (
            json!({"number": "5511987654321", "text": "x", "delay": 1.5}),
            json!([["Enter a value in milliseconds"]]),
        ),
    ];
    for (body, message) in text_cases {
        let (status, answer) = api
            .post("/message/sendText/shop-01", Some(KEY), body.clone())
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer["response"]["message"], message, "{body}");
    }
    let media = |extra: Value| {
        let mut body = json!({"number": "5511987654321", "mediatype": "document"});
        if let (Value::Object(body), Value::Object(extra)) = (&mut body, extra) {
            body.extend(extra);
        }
        body
    };
    let media_cases = [
        (
            media(json!({"mediatype": "gif", "media": "https://cdn.example/a.gif"})),
            json!([["mediatype is not one of enum values: image,document,video,audio"]]),
        ),
        (
            media(json!({"media": "data:application/pdf;base64,JVBERi0xLjQK"})),
            json!(["Owned media must be a url or base64"]),
        ),
        (
            media(json!({})),
            json!(["Owned media must be a url or base64"]),
        ),
        (
            media(json!({"media": "JVBERi0xLjQK"})),
            json!(["For base64 the file name must be informed."]),
        ),
    ];
    for (body, message) in media_cases {
        let (status, answer) = api
            .post("/message/sendMedia/shop-01", Some(KEY), body.clone())
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer["response"]["message"], message, "{body}");
    }
    assert!(api.control().sent_messages().is_empty());

    let (status, document) = api
        .post(
            "/message/sendMedia/shop-01",
            Some(KEY),
            media(
                json!({"media": "JVBERi0xLjQK", "fileName": "pedido.pdf", "caption": "Seu pedido"}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{document}");
    assert_eq!(document["messageType"], "documentMessage");
    assert_eq!(
        document["message"]["documentMessage"]["fileName"],
        "pedido.pdf"
    );
    assert_eq!(
        document["message"]["documentMessage"]["mimetype"],
        "application/pdf"
    );
    let (status, image) = api
        .post(
            "/message/sendMedia/shop-01",
            Some(KEY),
            media(json!({"mediatype": "image", "mimetype": "image/png", "media": "https://cdn.example/cat.png", "caption": "Catálogo"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{image}");
    assert_eq!(image["messageType"], "imageMessage");
    assert_eq!(image["message"]["imageMessage"]["mimetype"], "image/jpeg");
    assert_eq!(image["status"], "PENDING");
    let sent_log = api.control().sent_messages();
    let kinds: Vec<(Option<&str>, Option<&str>)> = sent_log
        .iter()
        .map(|m| (m.media_type.as_deref(), m.text.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            (Some("document"), Some("Seu pedido")),
            (Some("image"), Some("Catálogo"))
        ]
    );
}

#[tokio::test]
async fn malformed_json_and_unknown_routes_get_expresss_answers() {
    let api = Api::start(fast()).await;
    let malformed = json!({"status":400,"error":"Internal Server Error","response":{"message":"Unexpected end of JSON input"}});
    for path in ["/message/sendText/shop-99", "/instance/create"] {
        let response = api
            .request(Method::POST, path, Some(KEY))
            .header("content-type", "application/json")
            .body(r#"{"number":"55"#)
            .send()
            .await
            .unwrap();
        assert_eq!(
            read(response).await,
            (StatusCode::BAD_REQUEST, malformed.clone()),
            "{path}"
        );
    }
    let cases = [
        (
            Method::PUT,
            "/instance/restart/x",
            "Cannot PUT /instance/restart/x",
        ),
        (
            Method::GET,
            "/v2/instance/fetchInstances",
            "Cannot GET /v2/instance/fetchInstances",
        ),
        (
            Method::POST,
            "/webhook/set/x?a=1",
            "Cannot POST /webhook/set/x?a=1",
        ),
        (
            Method::GET,
            "/instance/connect/",
            "Cannot GET /instance/connect/",
        ),
    ];
    for (method, path, message) in cases {
        let (status, body) = api.call(method, path, None, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            body,
            json!({"status":404,"error":"Not Found","response":{"message":[message]}})
        );
    }
}

#[tokio::test]
async fn delay_holds_the_answer_back() {
    let api = Api::start(fast()).await;
    api.open("shop-01", json!({})).await;
    let start = Instant::now();
    let (status, _) = api
        .post(
            "/message/sendText/shop-01",
            Some(KEY),
            json!({"number": "5521988887777", "text": "x", "delay": 700}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(
        start.elapsed() >= Duration::from_millis(700),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn latency_and_deterministic_server_errors() {
    let api = Api::start(fast()).await;
    let control = api.control();
    control.set_faults(Faults {
        latency: Duration::from_millis(1000),
        ..Faults::default()
    });
    let start = Instant::now();
    assert_eq!(api.get("/", None).await.0, StatusCode::OK);
    assert!(start.elapsed() >= Duration::from_millis(1000));
    let start = Instant::now();
    assert_eq!(
        api.get("/_sandbox/faults", Some(KEY)).await.0,
        StatusCode::OK
    );
    assert!(
        start.elapsed() < Duration::from_millis(900),
        "control routes are not delayed"
    );

    control.set_faults(Faults {
        server_error_rate: 1.0,
        ..Faults::default()
    });
    let (status, body) = api.get("/", None).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["error"], "Internal Server Error");
    assert!(body["response"]["message"].is_string());

    let pattern = || async {
        let mut failures = Vec::new();
        for _ in 0..30 {
            failures.push(api.get("/", None).await.0 == StatusCode::INTERNAL_SERVER_ERROR);
        }
        failures
    };
    let half = Faults {
        server_error_rate: 0.5,
        ..Faults::default()
    };
    control.set_faults(half.clone());
    let first = pattern().await;
    control.set_faults(half);
    let second = pattern().await;
    assert_eq!(first, second, "same seed, same failures");
    assert!(first.contains(&true) && first.contains(&false), "{first:?}");
    control.set_faults(Faults::default());
    assert_eq!(api.get("/", None).await.0, StatusCode::OK);
}

#[tokio::test]
async fn hung_requests_never_get_an_answer() {
    let api = Api::start(fast()).await;
    api.control().set_faults(Faults {
        hang: true,
        ..Faults::default()
    });
    let error = api
        .request(Method::GET, "/", None)
        .timeout(Duration::from_millis(500))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");

    let waiting = tokio::spawn(api.request(Method::GET, "/", None).send());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished());
    // Control routes still answer, and clearing the fault cuts the hung request.
    let (status, _) = api
        .call(Method::PUT, "/_sandbox/faults", Some(KEY), Some(json!({})))
        .await;
    assert_eq!(status, StatusCode::OK);
    let result = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .unwrap()
        .unwrap();
    let error = result.unwrap_err();
    assert!(!error.is_timeout(), "{error:?}");
    assert_eq!(api.get("/", None).await.0, StatusCode::OK);
}

#[tokio::test]
async fn dropped_connections_close_without_an_answer() {
    let api = Api::start(fast()).await;
    api.create("shop-01", json!({})).await;
    api.control().set_faults(Faults {
        drop_connections: true,
        ..Faults::default()
    });
    for path in ["/", "/instance/connectionState/shop-01"] {
        let start = Instant::now();
        let error = api
            .request(Method::GET, path, Some(KEY))
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .unwrap_err();
        assert!(!error.is_timeout(), "{error:?}");
        assert!(start.elapsed() < Duration::from_secs(4));
    }
    assert_eq!(
        api.get("/_sandbox/faults", Some(KEY)).await.0,
        StatusCode::OK
    );
    api.control().set_faults(Faults::default());
    assert_eq!(api.state("shop-01").await, "close");
}

#[tokio::test]
async fn licence_gate_and_dead_socket_faults() {
    let api = Api::start(fast()).await;
    api.open("shop-01", json!({})).await;
    let control = api.control();
    control.set_faults(Faults {
        licence_required: true,
        ..Faults::default()
    });
    for (method, path) in [
        (Method::GET, "/"),
        (Method::GET, "/instance/fetchInstances"),
    ] {
        let (status, body) = api.call(method, path, Some(KEY), None).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body["code"], "LICENSE_REQUIRED");
    }
    let client =
        EvolutionClient::new(&api.sandbox.url(), Some(Sensitive::new(KEY.to_owned()))).unwrap();
    assert!(matches!(
        client.check_connection().await,
        Err(EvolutionError::LicenceRequired { .. })
    ));
    assert_eq!(
        api.get("/_sandbox/requests", Some(KEY)).await.0,
        StatusCode::OK
    );

    control.set_faults(Faults {
        connection_closed: true,
        ..Faults::default()
    });
    assert_eq!(
        api.state("shop-01").await,
        "open",
        "the state lags behind the socket"
    );
    let (status, body) = api.send_text("shop-01", "5521988887777", "x").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["response"]["message"], "Connection Closed");
    let (status, body) = api
        .post(
            "/message/sendMedia/shop-01",
            Some(KEY),
            json!({"number": "5521988887777", "mediatype": "image", "media": "https://cdn.example/cat.png"}),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        body["response"]["message"],
        json!(["Error: Connection Closed"])
    );
    let (status, body) = api
        .post(
            "/chat/whatsappNumbers/shop-01",
            Some(KEY),
            json!({"numbers": ["5521988887777"]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["output"]["payload"]["message"], "Connection Closed");
    control.set_faults(Faults::default());
    assert_eq!(
        api.send_text("shop-01", "5521988887777", "x").await.0,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn the_request_log_counts_exactly_and_never_keeps_keys() {
    let api = Api::start(fast()).await;
    api.create("shop-01", json!({"token": "SHOP-TOKEN-123"}))
        .await;
    api.get("/instance/connectionState/shop-01", Some("SHOP-TOKEN-123"))
        .await;
    api.get("/instance/connectionState/shop-01", Some("wrong-key"))
        .await;
    api.get("/instance/fetchInstances?instanceName=shop-01", Some(KEY))
        .await;
    api.get("/", None).await;
    api.get("/_sandbox/requests", Some(KEY)).await;
    api.request(Method::POST, "/message/sendText/shop-01", Some(KEY))
        .header("content-type", "application/json")
        .body("{broken")
        .send()
        .await
        .unwrap();

    let log = api.control().requests();
    let summary: Vec<(&str, &str, Option<&str>, ApiKeyUsed)> = log
        .iter()
        .map(|r| {
            (
                r.method.as_str(),
                r.path.as_str(),
                r.query.as_deref(),
                r.apikey,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("POST", "/instance/create", None, ApiKeyUsed::Global),
            (
                "GET",
                "/instance/connectionState/shop-01",
                None,
                ApiKeyUsed::Token
            ),
            (
                "GET",
                "/instance/connectionState/shop-01",
                None,
                ApiKeyUsed::Wrong
            ),
            (
                "GET",
                "/instance/fetchInstances",
                Some("instanceName=shop-01"),
                ApiKeyUsed::Global
            ),
            ("GET", "/", None, ApiKeyUsed::Missing),
            (
                "POST",
                "/message/sendText/shop-01",
                None,
                ApiKeyUsed::Global
            ),
        ]
    );
    assert_eq!(log[0].body.as_ref().unwrap()["instanceName"], "shop-01");
    assert_eq!(log[1].body, None);
    assert_eq!(log[5].body, None, "a malformed body is not JSON");
    assert!(log.windows(2).all(|w| w[0].at <= w[1].at));
    let printed = format!("{log:?}");
    assert!(!printed.contains(KEY) && !printed.contains("wrong-key"));

    let (_, over_http) = api.get("/_sandbox/requests", Some(KEY)).await;
    let kinds: Vec<&str> = over_http
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["apikey"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["global", "token", "wrong", "global", "missing", "global"]
    );
    assert_eq!(over_http[3]["query"], "instanceName=shop-01");
}

#[tokio::test]
async fn deleted_instances_linger_briefly_then_404() {
    let api = Api::start(fast()).await;
    api.create("shop-01", json!({"token": "SHOP-TOKEN", "qrcode": true}))
        .await;
    let deleted =
        json!({"status":"SUCCESS","error":false,"response":{"message":"Instance deleted"}});
    let (status, body) = api
        .delete("/instance/delete/shop-01", Some("SHOP-TOKEN"))
        .await;
    assert_eq!((status, &body), (StatusCode::OK, &deleted));
    let (status, body) = api.delete("/instance/delete/shop-01", Some(KEY)).await;
    assert_eq!(
        (status, &body),
        (StatusCode::OK, &deleted),
        "a second delete right after"
    );
    let (_, state) = api
        .get("/instance/connectionState/shop-01", Some(KEY))
        .await;
    assert_eq!(state, json!({"instance": {"instanceName": "shop-01"}}));
    let (_, rows) = api.get("/instance/fetchInstances", Some(KEY)).await;
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
    let (status, body) = api.send_text("shop-01", "5521988887777", "x").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        body["response"]["message"],
        "Cannot read properties of undefined (reading 'textMessage')"
    );
    let (status, _) = api
        .post(
            "/instance/create",
            Some(KEY),
            json!({"instanceName": "shop-01", "integration": "WHATSAPP-BAILEYS"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the name is still taken");

    let gone = eventually(Duration::from_secs(5), || async {
        api.get("/instance/connectionState/shop-01", Some(KEY))
            .await
            .0
            == StatusCode::NOT_FOUND
    })
    .await;
    assert!(gone);
    let (status, _) = api.delete("/instance/delete/shop-01", Some(KEY)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, rows) = api.get("/instance/fetchInstances", Some(KEY)).await;
    assert_eq!(rows, json!([]));
    api.create("shop-01", json!({})).await;
}

#[tokio::test]
async fn restart_and_disconnect_codes_follow_the_state_machine() {
    let api = Api::start(fast()).await;
    let control = api.control();
    api.create("shop-01", json!({})).await;
    let (status, body) = api
        .post("/instance/restart/shop-01", Some(KEY), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"error": true, "message": "[object Object]"}));

    api.get("/instance/connect/shop-01", Some(KEY)).await;
    control.disconnect("shop-01", 515);
    assert_eq!(
        api.state("shop-01").await,
        "connecting",
        "a QR batch ending keeps pairing"
    );
    control.scan("shop-01", "5511987654321", "Loja").unwrap();
    let reopened = || async { api.state("shop-01").await == "open" };

    let (_, body) = api
        .post("/instance/restart/shop-01", Some(KEY), json!({}))
        .await;
    assert_eq!(
        body,
        json!({"instance": {"instanceName": "shop-01", "state": "connecting"}})
    );
    assert!(eventually(Duration::from_secs(3), reopened).await);

    for code in [408, 428, 515] {
        control.disconnect("shop-01", code);
        assert_eq!(api.state("shop-01").await, "connecting", "{code}");
        let (status, _) = api.send_text("shop-01", "5521988887777", "x").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{code}");
        assert!(eventually(Duration::from_secs(3), reopened).await, "{code}");
    }
    for code in [401, 403] {
        control.disconnect("shop-01", code);
        assert_eq!(api.state("shop-01").await, "close", "{code}");
        let (_, rows) = api
            .get("/instance/fetchInstances?instanceName=shop-01", Some(KEY))
            .await;
        assert_eq!(rows[0]["disconnectionReasonCode"], code);
        assert!(rows[0]["disconnectionAt"].is_string());
        assert_eq!(rows[0]["connectionStatus"], "close");
        api.get("/instance/connect/shop-01", Some(KEY)).await;
        control.scan("shop-01", "5511987654321", "Loja").unwrap();
    }
    control.disconnect("nobody", 401);
    assert_eq!(
        control.scan("nobody", "5511987654321", "x"),
        Err(SandboxError::UnknownInstance("nobody".into()))
    );
    assert!(matches!(
        control.scan("shop-01", "5511987654321", "x"),
        Err(SandboxError::NotPairing { state: "open", .. })
    ));
}

#[tokio::test]
async fn demo_mode_opens_instances_by_itself() {
    let api = Api::start(SandboxConfig {
        auto_scan_after: Some(Duration::from_millis(300)),
        ..fast()
    })
    .await;
    api.create("demo", json!({"qrcode": true})).await;
    api.create("paired", json!({"qrcode": true, "number": "5521988887777"}))
        .await;
    assert_eq!(api.state("demo").await, "connecting");
    assert!(
        eventually(Duration::from_secs(3), || async {
            api.state("demo").await == "open"
        })
        .await
    );
    let (_, rows) = api.get("/instance/fetchInstances", Some(KEY)).await;
    assert_eq!(rows[0]["ownerJid"], "5511900000000@s.whatsapp.net");
    assert_eq!(api.state("paired").await, "open");
    assert_eq!(rows[1]["ownerJid"], "5521988887777@s.whatsapp.net");
    assert_eq!(
        api.send_text("demo", "5521988887777", "x").await.0,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn control_routes_over_http_need_the_global_key() {
    let api = Api::start(fast()).await;
    api.create("shop-01", json!({"token": "SHOP-TOKEN"})).await;
    for key in [None, Some("SHOP-TOKEN"), Some("wrong")] {
        for (method, path) in [
            (Method::GET, "/_sandbox/qr/shop-01"),
            (Method::POST, "/_sandbox/scan/shop-01"),
            (Method::PUT, "/_sandbox/faults"),
            (Method::GET, "/_sandbox/requests"),
            (Method::GET, "/_sandbox/messages"),
        ] {
            let (status, body) = api.call(method, path, key, Some(json!({}))).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{path} {key:?}");
            assert_eq!(body, parse(UNAUTHORIZED));
        }
    }
    let (status, _) = api.get("/_sandbox/qr/shop-01", Some(KEY)).await;
    assert_eq!(status, StatusCode::CONFLICT, "not pairing yet");
    api.get("/instance/connect/shop-01", Some(KEY)).await;
    let (status, qr) = api.get("/_sandbox/qr/shop-01", Some(KEY)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(qr["count"], 1);
    assert_eq!(
        qr["code"].as_str(),
        api.control().current_qr("shop-01").as_deref()
    );

    let scan = json!({"number": "5511987654321", "profileName": "Loja Demo"});
    let (status, body) = api
        .post("/_sandbox/scan/shop-01", Some(KEY), scan.clone())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["instance"]["state"], "open");
    let (status, _) = api
        .post("/_sandbox/scan/shop-01", Some(KEY), scan.clone())
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "already open");
    let (status, _) = api.post("/_sandbox/scan/nobody", Some(KEY), scan).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    api.send_text("shop-01", "5521988887777", "oi").await;
    let (_, messages) = api.get("/_sandbox/messages", Some(KEY)).await;
    assert_eq!(messages.as_array().map(Vec::len), Some(1));
    assert_eq!(messages[0]["jid"], "5521988887777@s.whatsapp.net");
    assert_eq!(messages[0]["keyId"].as_str().map(str::len), Some(22));

    let (status, body) = api
        .post(
            "/_sandbox/disconnect/shop-01",
            Some(KEY),
            json!({"statusCode": 401}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["instance"]["state"], "close");

    let put = |body: Value| api.call(Method::PUT, "/_sandbox/faults", Some(KEY), Some(body));
    assert_eq!(
        put(json!({"serverErrorRate": 2})).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(put(json!({"bogus": true})).await.0, StatusCode::BAD_REQUEST);
    let (status, body) = put(json!({"connectionClosed": true, "latencyMs": 5})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["connectionClosed"], true);
    assert_eq!(body["latencyMs"], 5);
    assert!(api.control().faults().connection_closed);

    let (_, log) = api.get("/_sandbox/requests", Some(KEY)).await;
    let paths: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "/instance/create",
            "/instance/connect/shop-01",
            "/message/sendText/shop-01"
        ],
        "control routes are not logged"
    );
}

#[tokio::test]
async fn shutdown_cuts_hung_requests_and_stops_listening() {
    let api = Api::start(fast()).await;
    let url = api.sandbox.url();
    api.control().set_faults(Faults {
        hang: true,
        ..Faults::default()
    });
    let hung = tokio::spawn(api.request(Method::GET, "/", None).send());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let Api { sandbox, http } = api;
    let start = Instant::now();
    sandbox.shutdown().await;
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
    let result = tokio::time::timeout(Duration::from_secs(5), hung)
        .await
        .unwrap()
        .unwrap();
    assert!(result.is_err());
    let error = http.get(&url).send().await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
}
