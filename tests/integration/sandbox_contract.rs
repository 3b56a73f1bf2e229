//! Contract test: every request/response JSON example of `shared/evolution-api.md`, sent to
//! the sandbox; the answer must have the example's HTTP status and JSON shape (same keys
//! recursively, same value types; ids, times and texts may differ).
//!
//! Shape rules: an object key `"…"` in an example means "more keys may follow" (the
//! contract elides with it); an empty array on either side matches any array; arrays of
//! equal length compare item by item, otherwise every actual item against the first
//! example item. Examples not covered: the webhook / WebSocket payloads of §6 (the sandbox
//! sends no events) and the `"Timed Out"` 500 (*user reports*, not simulated).

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use whats_tip::evolution_sandbox::{Faults, NumberDirectory, SandboxConfig};

use crate::evolution_sandbox::{fast, read, Api, KEY};

const WILDCARD: &str = "…";

// §1
const WELCOME: &str = r#"{"status":200,"message":"Welcome to the Evolution API, it is working!","version":"2.3.6","clientName":"evolution_exchange","manager":"…","documentation":"…","whatsappWebVersion":"2.3000.1027934701"}"#;
// §2
const UNAUTHORIZED: &str =
    r#"{"status":401,"error":"Unauthorized","response":{"message":"Unauthorized"}}"#;
// §3
const INVALID_INTEGRATION: &str =
    r#"{"status":400,"error":"Bad Request","response":{"message":["Invalid integration"]}}"#;
const MESSAGE_STRINGS: &str = r#"["The \"shop-99\" instance does not exist"]"#;
const MESSAGE_SCHEMA: &str = r#"[["instance requires property \"text\""]]"#;
const MESSAGE_OBJECTS: &str =
    r#"[{"jid":"5511...@s.whatsapp.net","exists":false,"number":"5511..."}]"#;
const MESSAGE_JS_ERROR: &str = r#"["Error: Connection Closed"]"#;
const MALFORMED_JSON: &str = r#"{"status":400,"error":"Internal Server Error","response":{"message":"Unexpected end of JSON input"}}"#;
const UNKNOWN_ROUTE: &str = r#"{"status":404,"error":"Not Found","response":{"message":["Cannot PUT /instance/restart/x"]}}"#;
const BOOM: &str = r#"{"data":null,"isBoom":true,"isServer":false,"output":{"statusCode":428,"payload":{"statusCode":428,"error":"Precondition Required","message":"Connection Closed"},"headers":{}}}"#;
const NUMBERS_SCHEMA: &str =
    r#"{"status":400,"error":"Bad Request","message":[["numbers is not of a type(s) array"]]}"#;
const CONNECT_FAILURE: &str = r#"{"error":true,"message":"[object Object]"}"#;
const LICENCE: &str = r#"{"error":"service not activated","code":"LICENSE_REQUIRED","register_url":"…","instance_id":"…","docs_url":"…","message":"…"}"#;
// §5 create
const CREATE_REQUEST: &str = r#"{"instanceName":"shop-01","integration":"WHATSAPP-BAILEYS","qrcode":true,"number":"5511987654321",
 "token":"MY-OWN-TOKEN-01","rejectCall":false,"msgCall":"","groupsIgnore":true,"alwaysOnline":false,
 "readMessages":false,"readStatus":false,"syncFullHistory":false,
 "webhook":{"url":"https://app.example/hook","byEvents":true,"base64":false,"headers":{"x-sig":"abc"},
            "events":["QRCODE_UPDATED","CONNECTION_UPDATE","MESSAGES_UPDATE","SEND_MESSAGE"]},
 "websocket":{"enabled":true,"events":["CONNECTION_UPDATE","QRCODE_UPDATED","MESSAGES_UPDATE"]}}"#;
const CREATE_RESPONSE: &str = r#"{"instance":{"instanceName":"shop-01","instanceId":"5ce11dc9-c61f-475f-9235-ad12cd7ade58","integration":"WHATSAPP-BAILEYS",
  "webhookWaBusiness":null,"accessTokenWaBusiness":"","status":"connecting"},
 "hash":"CDEEF3DC-A9D9-48B5-AB65-D9C243882CD6",
 "webhook":{},"websocket":{},"rabbitmq":{},"nats":{},"sqs":{},
 "settings":{"rejectCall":false,"msgCall":"","groupsIgnore":false,"alwaysOnline":false,"readMessages":false,
  "readStatus":false,"syncFullHistory":false,"wavoipToken":""},
 "qrcode":{"count":0}}"#;
const FORBIDDEN_NAME: &str = r#"["This name \"shop-01\" is already in use."]"#;
// §5 fetchInstances
const FETCH_INSTANCES: &str = r#"[{"id":"8a45104a-ef65-4ebd-a7d5-8485b0cc581f","name":"shop-01","connectionStatus":"close","ownerJid":null,
  "profileName":null,"profilePicUrl":null,"integration":"WHATSAPP-BAILEYS","number":null,"businessId":null,
  "token":"58A9F301-4E19-441D-9974-1F416EBD7FA5","clientName":"evolution_exchange",
  "disconnectionReasonCode":null,"disconnectionObject":null,"disconnectionAt":null,
  "createdAt":"2026-11-29T05:12:01.485Z","updatedAt":"2026-11-29T05:12:01.485Z",
  "Chatwoot":null,"Proxy":null,"Rabbitmq":null,"Nats":null,"Sqs":null,"Websocket":null,
  "Setting":{"id":"cmx1dtuxq0000ot7dpdt3ehrw","rejectCall":false,"msgCall":"","groupsIgnore":false, "…":"…","instanceId":"8a45104a-…"},
  "_count":{"Message":0,"Contact":0,"Chat":0}}]"#;
const NOT_FOUND_INSTANCE: &str = r#"["Instance \"x\" not found"]"#;
// §5 connect / state / restart / logout / delete
const QR_OBJECT: &str = r#"{"pairingCode":"WZYEH1YY","code":"2@y8eK+bjtEjUWy9…","base64":"data:image/png;base64,iVBORw0KGgo…","count":1}"#;
const QR_NOT_YET: &str = r#"{"count":0}"#;
const STATE_OPEN: &str = r#"{"instance":{"instanceName":"shop-01","state":"open"}}"#;
const STATE_CONNECTING: &str = r#"{"instance":{"instanceName":"shop-01","state":"connecting"}}"#;
const STATE_DELETING: &str = r#"{"instance":{"instanceName":"x"}}"#;
const LOGGED_OUT: &str =
    r#"{"status":"SUCCESS","error":false,"response":{"message":"Instance logged out"}}"#;
const NOT_CONNECTED: &str = r#"["The \"x\" instance is not connected"]"#;
const DELETED: &str =
    r#"{"status":"SUCCESS","error":false,"response":{"message":"Instance deleted"}}"#;
// §5 sendText
const SEND_TEXT_REQUEST: &str = r#"{"number":"5511987654321","text":"Olá, seu pedido saiu!","delay":1200,"linkPreview":false,
 "quoted":{"key":{"id":"3EB0A9F2C4D81E7B5A6C21"}},"mentioned":["5511911112222"]}"#;
const SEND_TEXT_RESPONSE: &str = r#"{"key":{"remoteJid":"5511987654321@s.whatsapp.net","fromMe":true,"id":"3EB0A9F2C4D81E7B5A6C21"},
 "pushName":"Você","status":"PENDING","message":{"conversation":"Olá, seu pedido saiu!"},
 "contextInfo":{"mentionedJid":[],"groupMentions":[]},"messageType":"conversation",
 "messageTimestamp":1732867200,"instanceId":"8a45104a-ef65-4ebd-a7d5-8485b0cc581f","source":"web"}"#;
const NOT_ON_WHATSAPP: &str = r#"{"status":400,"error":"Bad Request","response":{"message":[{"jid":"5511999990002@s.whatsapp.net","exists":false,"number":"5511999990002"}]}}"#;
const CONNECTION_CLOSED: &str =
    r#"{"status":500,"error":"Internal Server Error","response":{"message":"Connection Closed"}}"#;
const NEVER_CONNECTED: &str = r#"{"status":500,"error":"Internal Server Error","response":{"message":"Cannot read properties of undefined (reading 'onWhatsApp')"}}"#;
const NOT_IN_MEMORY: &str = r#"{"status":500,"error":"Internal Server Error","response":{"message":"Cannot read properties of undefined (reading 'textMessage')"}}"#;
// §5 sendMedia
const SEND_MEDIA_REQUEST: &str = r#"{"number":"5511987654321","mediatype":"image","mimetype":"image/png","caption":"Catálogo",
 "media":"https://cdn.example/cat.png","fileName":"cat.png","delay":0}"#;
const MEDIA_NEVER_CONNECTED: &str = r#"{"status":500,"error":"Internal Server Error","response":{"message":["TypeError: Cannot read properties of undefined (reading 'waUploadToServer')"]}}"#;
const MEDIA_ENUM: &str = r#"[["mediatype is not one of enum values: image,document,video,audio"]]"#;
const MEDIA_DATA_URI: &str = r#"["Owned media must be a url or base64"]"#;
const MEDIA_FILE_NAME: &str = r#"["For base64 the file name must be informed."]"#;
// §5 whatsappNumbers
const NUMBERS_REQUEST: &str =
    r#"{"numbers":["5511987654321","+55 (21) 98888-7777","553498313925"]}"#;
const NUMBERS_RESPONSE: &str = r#"[{"jid":"5511987654321@s.whatsapp.net","exists":true,"number":"5511987654321","name":"Maria"},
 {"jid":"5521988887777@s.whatsapp.net","exists":false,"number":"+55 (21) 98888-7777"},
 {"jid":"553498313925@s.whatsapp.net","exists":true,"number":"553498313925"}]"#;
// §5 delivery status
const STATUS_REQUEST: &str = r#"{"where":{"remoteJid":"5511987654321@s.whatsapp.net","id":"3EB0A9F2C4D81E7B5A6C21"},"page":1,"offset":50}"#;
const STATUS_RESPONSE: &str = r#"[{"id":"cm…","keyId":"3EB0A9F2C4D81E7B5A6C21","remoteJid":"5511987654321@s.whatsapp.net","fromMe":true,"participant":null,"pollUpdates":null,"status":"DELIVERY_ACK","messageId":"cm…","instanceId":"8a45…"}]"#;
const FIND_MESSAGES_REQUEST: &str =
    r#"{"where":{"key":{"id":"3EB0…","remoteJid":"…","fromMe":true}},"page":1,"offset":50}"#;
const FIND_MESSAGES_EMPTY: &str =
    r#"{"messages":{"total":0,"pages":0,"currentPage":1,"records":[]}}"#;

/// Differences between an example's shape and an answer, one line each; empty when equal.
fn shape_diff(expected: &Value, actual: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    compare(expected, actual, "$", &mut problems);
    problems
}

fn same_shape(expected: &Value, actual: &Value) -> Result<(), String> {
    let problems = shape_diff(expected, actual);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "shape differs:\n  {}\nexpected: {expected}\nactual:   {actual}",
            problems.join("\n  ")
        ))
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn compare(expected: &Value, actual: &Value, path: &str, problems: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            for (key, value) in expected.iter().filter(|(k, _)| *k != WILDCARD) {
                match actual.get(key) {
                    Some(found) => compare(value, found, &format!("{path}.{key}"), problems),
                    None => {
                        problems.push(format!("{path}.{key}: missing ({} expected)", kind(value)))
                    }
                }
            }
            if !expected.contains_key(WILDCARD) {
                for (key, value) in actual.iter().filter(|(k, _)| !expected.contains_key(*k)) {
                    problems.push(format!("{path}.{key}: unexpected key ({})", kind(value)));
                }
            }
        }
        (Value::Array(expected), Value::Array(actual)) => {
            if expected.is_empty() || actual.is_empty() {
                return;
            }
            for (i, item) in actual.iter().enumerate() {
                let model = if expected.len() == actual.len() {
                    &expected[i]
                } else {
                    &expected[0]
                };
                compare(model, item, &format!("{path}[{i}]"), problems);
            }
        }
        _ if kind(expected) == kind(actual) => {}
        _ => problems.push(format!(
            "{path}: {} expected, got {} {actual}",
            kind(expected),
            kind(actual)
        )),
    }
}

fn example(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("example is not JSON ({e}): {text}"))
}

/// `{"status":N,"error":…,"response":{"message":<form>}}` around a §3 message form.
fn envelope(status: StatusCode, message: &str) -> Value {
    json!({
        "status": status.as_u16(),
        "error": status.canonical_reason().unwrap(),
        "response": {"message": example(message)},
    })
}

#[track_caller]
fn expect(label: &str, status: StatusCode, expected: &Value, answer: (StatusCode, Value)) {
    assert_eq!(answer.0, status, "{label}: HTTP status; body {}", answer.1);
    if let Err(diff) = same_shape(expected, &answer.1) {
        panic!("{label}: {diff}");
    }
}

fn contract_sandbox() -> SandboxConfig {
    SandboxConfig {
        numbers: NumberDirectory::default()
            .named("5511987654321", "Maria")
            .not_on_whatsapp("5521988887777")
            .not_on_whatsapp("5511999990002"),
        status_steps: Duration::from_millis(100),
        ..fast()
    }
}

fn with(mut value: Value, key: &str, replacement: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.insert(key.to_owned(), replacement);
    }
    value
}

#[test]
fn same_shape_reports_every_difference() {
    let expected = json!({"a": 1, "b": {"c": "x", "d": [1]}, "e": null});
    assert!(same_shape(
        &expected,
        &json!({"a": 2, "b": {"c": "y", "d": [3, 4]}, "e": null})
    )
    .is_ok());
    let problems = shape_diff(
        &expected,
        &json!({"a": "1", "b": {"d": ["z"], "f": true}, "e": 0}),
    );
    assert_eq!(
        problems,
        [
            "$.a: number expected, got string \"1\"",
            "$.b.c: missing (string expected)",
            "$.b.d[0]: number expected, got string \"z\"",
            "$.b.f: unexpected key (boolean)",
            "$.e: null expected, got number 0",
        ]
    );
    let open = json!({"id": "x", "…": "…"});
    assert!(same_shape(&open, &json!({"id": "y", "more": 1})).is_ok());
    assert!(same_shape(&open, &json!({"more": 1})).is_err());
    assert!(same_shape(&json!([]), &json!([1, "a"])).is_ok());
    assert!(same_shape(&json!([{"a": 1}, {"b": 1}]), &json!([{"a": 1}, {"a": 1}])).is_err());
    assert!(same_shape(&json!({}), &json!([])).is_err());
}

#[tokio::test]
async fn basics_and_error_envelopes() {
    let api = Api::start(contract_sandbox()).await;
    expect(
        "GET /",
        StatusCode::OK,
        &example(WELCOME),
        api.get("/", None).await,
    );
    api.create("shop-01", json!({})).await;
    expect(
        "401",
        StatusCode::UNAUTHORIZED,
        &example(UNAUTHORIZED),
        api.get("/instance/connectionState/shop-01", None).await,
    );
    expect(
        "invalid integration",
        StatusCode::BAD_REQUEST,
        &example(INVALID_INTEGRATION),
        api.post(
            "/instance/create",
            Some(KEY),
            json!({"instanceName": "x", "integration": "NOPE"}),
        )
        .await,
    );
    expect(
        "string[] form (unknown instance)",
        StatusCode::NOT_FOUND,
        &envelope(StatusCode::NOT_FOUND, MESSAGE_STRINGS),
        api.post("/message/sendText/shop-99", Some(KEY), json!({}))
            .await,
    );
    expect(
        "string[][] form (schema)",
        StatusCode::BAD_REQUEST,
        &envelope(StatusCode::BAD_REQUEST, MESSAGE_SCHEMA),
        api.post(
            "/message/sendText/shop-01",
            Some(KEY),
            json!({"number": "5511987654321"}),
        )
        .await,
    );
    let response = api
        .request(Method::POST, "/message/sendText/shop-01", Some(KEY))
        .header("content-type", "application/json")
        .body(r#"{"number":"5511"#)
        .send()
        .await
        .unwrap();
    expect(
        "malformed JSON",
        StatusCode::BAD_REQUEST,
        &example(MALFORMED_JSON),
        read(response).await,
    );
    expect(
        "unknown route",
        StatusCode::NOT_FOUND,
        &example(UNKNOWN_ROUTE),
        api.call(Method::PUT, "/instance/restart/x", Some(KEY), None)
            .await,
    );
    expect(
        "restart from close",
        StatusCode::OK,
        &example(CONNECT_FAILURE),
        api.post("/instance/restart/shop-01", Some(KEY), json!({}))
            .await,
    );
    expect(
        "never connected",
        StatusCode::INTERNAL_SERVER_ERROR,
        &example(NEVER_CONNECTED),
        api.send_text("shop-01", "5511987654321", "x").await,
    );
    expect(
        "sendMedia never connected",
        StatusCode::INTERNAL_SERVER_ERROR,
        &example(MEDIA_NEVER_CONNECTED),
        api.post(
            "/message/sendMedia/shop-01",
            Some(KEY),
            example(SEND_MEDIA_REQUEST),
        )
        .await,
    );
    expect(
        "whatsappNumbers never connected",
        StatusCode::BAD_REQUEST,
        &json!({}),
        api.post(
            "/chat/whatsappNumbers/shop-01",
            Some(KEY),
            example(NUMBERS_REQUEST),
        )
        .await,
    );
    expect(
        "whatsappNumbers schema",
        StatusCode::BAD_REQUEST,
        &example(NUMBERS_SCHEMA),
        api.post(
            "/chat/whatsappNumbers/shop-01",
            Some(KEY),
            json!({"numbers": "5511"}),
        )
        .await,
    );

    api.get("/instance/connect/shop-01", Some(KEY)).await;
    expect(
        "string form (socket not open)",
        StatusCode::INTERNAL_SERVER_ERROR,
        &example(CONNECTION_CLOSED),
        api.send_text("shop-01", "5511987654321", "x").await,
    );
    expect(
        "string[] with JS error text",
        StatusCode::INTERNAL_SERVER_ERROR,
        &envelope(StatusCode::INTERNAL_SERVER_ERROR, MESSAGE_JS_ERROR),
        api.post(
            "/message/sendMedia/shop-01",
            Some(KEY),
            example(SEND_MEDIA_REQUEST),
        )
        .await,
    );
    expect(
        "Boom",
        StatusCode::BAD_REQUEST,
        &example(BOOM),
        api.post(
            "/chat/whatsappNumbers/shop-01",
            Some(KEY),
            example(NUMBERS_REQUEST),
        )
        .await,
    );

    api.control().set_faults(Faults {
        licence_required: true,
        ..Faults::default()
    });
    expect(
        "licence gate",
        StatusCode::SERVICE_UNAVAILABLE,
        &example(LICENCE),
        api.get("/", None).await,
    );
}

#[tokio::test]
async fn instance_lifecycle_examples() {
    let api = Api::start(contract_sandbox()).await;
    // The create example's answer shows no webhook/websocket, so it is compared with a
    // request without them; the full request gets the shapes §5 describes for them.
    let mut plain = example(CREATE_REQUEST);
    if let Value::Object(map) = &mut plain {
        map.remove("webhook");
        map.remove("websocket");
    }
    expect(
        "create",
        StatusCode::CREATED,
        &example(CREATE_RESPONSE),
        api.post("/instance/create", Some(KEY), plain).await,
    );
    let hooked = with(example(CREATE_REQUEST), "instanceName", json!("shop-02"));
    let expected = with(
        with(
            example(CREATE_RESPONSE),
            "webhook",
            json!({"webhookUrl": "…", "webhookHeaders": {"x-sig": "…"}, "webhookByEvents": true, "webhookBase64": false}),
        ),
        "websocket",
        json!({"enabled": true}),
    );
    expect(
        "create with webhook and websocket",
        StatusCode::CREATED,
        &expected,
        api.post("/instance/create", Some(KEY), hooked).await,
    );
    expect(
        "create, name in use",
        StatusCode::FORBIDDEN,
        &envelope(StatusCode::FORBIDDEN, FORBIDDEN_NAME),
        api.post("/instance/create", Some(KEY), example(CREATE_REQUEST))
            .await,
    );
    expect(
        "connectionState",
        StatusCode::OK,
        &example(STATE_CONNECTING),
        api.get("/instance/connectionState/shop-01", Some(KEY))
            .await,
    );
    expect(
        "restart while connecting",
        StatusCode::OK,
        &example(QR_NOT_YET),
        api.post("/instance/restart/shop-01", Some(KEY), json!({}))
            .await,
    );

    api.create("x", json!({})).await;
    expect(
        "fetchInstances",
        StatusCode::OK,
        &example(FETCH_INSTANCES),
        api.get("/instance/fetchInstances?instanceName=x", Some(KEY))
            .await,
    );
    expect(
        "fetchInstances unknown name",
        StatusCode::NOT_FOUND,
        &envelope(StatusCode::NOT_FOUND, NOT_FOUND_INSTANCE),
        api.get("/instance/fetchInstances?instanceName=nope", Some(KEY))
            .await,
    );
    expect(
        "logout from close",
        StatusCode::BAD_REQUEST,
        &envelope(StatusCode::BAD_REQUEST, NOT_CONNECTED),
        api.delete("/instance/logout/x", Some(KEY)).await,
    );
    expect(
        "connect with a number, from close",
        StatusCode::OK,
        &example(QR_OBJECT),
        api.get("/instance/connect/x?number=5511987654321", Some(KEY))
            .await,
    );
    api.control().scan("x", "5511987654321", "Loja").unwrap();
    expect(
        "connect when open",
        StatusCode::OK,
        &example(STATE_OPEN),
        api.get("/instance/connect/x", Some(KEY)).await,
    );
    let mut open_row = example(FETCH_INSTANCES);
    open_row[0]["connectionStatus"] = json!("open");
    open_row[0]["ownerJid"] = json!("5511987654321@s.whatsapp.net");
    open_row[0]["profileName"] = json!("…");
    open_row[0]["profilePicUrl"] = json!("…");
    expect(
        "fetchInstances when connected",
        StatusCode::OK,
        &open_row,
        api.get("/instance/fetchInstances?instanceName=x", Some(KEY))
            .await,
    );
    expect(
        "logout",
        StatusCode::OK,
        &example(LOGGED_OUT),
        api.delete("/instance/logout/x", Some(KEY)).await,
    );
    expect(
        "delete",
        StatusCode::OK,
        &example(DELETED),
        api.delete("/instance/delete/x", Some(KEY)).await,
    );
    expect(
        "connectionState while deleting",
        StatusCode::OK,
        &example(STATE_DELETING),
        api.get("/instance/connectionState/x", Some(KEY)).await,
    );
    expect(
        "sendText while deleting",
        StatusCode::INTERNAL_SERVER_ERROR,
        &example(NOT_IN_MEMORY),
        api.send_text("x", "5511987654321", "x").await,
    );
}

#[tokio::test]
async fn message_and_chat_examples() {
    let api = Api::start(contract_sandbox()).await;
    api.open("shop-01", json!({})).await;
    let (status, sent) = api
        .post(
            "/message/sendText/shop-01",
            Some(KEY),
            example(SEND_TEXT_REQUEST),
        )
        .await;
    expect(
        "sendText",
        StatusCode::CREATED,
        &example(SEND_TEXT_RESPONSE),
        (status, sent.clone()),
    );
    let mut media_response = example(SEND_TEXT_RESPONSE);
    media_response["messageType"] = json!("imageMessage");
    media_response["message"] =
        json!({"imageMessage": {"url": "…", "mimetype": "…", "caption": "…", "…": "…"}});
    expect(
        "sendMedia",
        StatusCode::CREATED,
        &media_response,
        api.post(
            "/message/sendMedia/shop-01",
            Some(KEY),
            example(SEND_MEDIA_REQUEST),
        )
        .await,
    );
    let media = |changes: Value| {
        let mut body = example(SEND_MEDIA_REQUEST);
        if let (Value::Object(body), Value::Object(changes)) = (&mut body, changes) {
            body.extend(changes);
        }
        body
    };
    for (label, body, message) in [
        (
            "sendMedia enum",
            media(json!({"mediatype": "gif"})),
            MEDIA_ENUM,
        ),
        (
            "sendMedia data: URI",
            media(json!({"media": "data:image/png;base64,iVBORw0KGgo="})),
            MEDIA_DATA_URI,
        ),
        (
            "sendMedia base64 document",
            {
                let mut body = media(json!({"mediatype": "document", "media": "JVBERi0xLjQK"}));
                body.as_object_mut().unwrap().remove("fileName");
                body
            },
            MEDIA_FILE_NAME,
        ),
    ] {
        expect(
            label,
            StatusCode::BAD_REQUEST,
            &envelope(StatusCode::BAD_REQUEST, message),
            api.post("/message/sendMedia/shop-01", Some(KEY), body)
                .await,
        );
    }
    expect(
        "object[] form / not on WhatsApp",
        StatusCode::BAD_REQUEST,
        &example(NOT_ON_WHATSAPP),
        api.send_text("shop-01", "5511999990002", "x").await,
    );
    expect(
        "object[] form, §3 table",
        StatusCode::BAD_REQUEST,
        &envelope(StatusCode::BAD_REQUEST, MESSAGE_OBJECTS),
        api.send_text("shop-01", "5511999990002", "x").await,
    );
    expect(
        "whatsappNumbers",
        StatusCode::OK,
        &example(NUMBERS_RESPONSE),
        api.post(
            "/chat/whatsappNumbers/shop-01",
            Some(KEY),
            example(NUMBERS_REQUEST),
        )
        .await,
    );

    // Status rows exist once the first tick arrived.
    tokio::time::sleep(Duration::from_millis(250)).await;
    let mut request = example(STATUS_REQUEST);
    request["where"]["id"] = sent["key"]["id"].clone();
    let (status, rows) = api
        .post("/chat/findStatusMessage/shop-01", Some(KEY), request)
        .await;
    assert!(!rows.as_array().unwrap().is_empty(), "{rows}");
    expect(
        "findStatusMessage",
        StatusCode::OK,
        &example(STATUS_RESPONSE),
        (status, rows),
    );
    expect(
        "findMessages, nothing found",
        StatusCode::OK,
        &example(FIND_MESSAGES_EMPTY),
        api.post(
            "/chat/findMessages/shop-01",
            Some(KEY),
            example(FIND_MESSAGES_REQUEST),
        )
        .await,
    );
    // Records: the keys §5 lists (the example has none), more allowed.
    let mut request = example(FIND_MESSAGES_REQUEST);
    request["where"]["key"] = json!({"id": sent["key"]["id"], "fromMe": true});
    let record = json!({
        "id": "…", "key": {"remoteJid": "…", "fromMe": true, "id": "…"}, "pushName": "…",
        "messageType": "…", "message": {"conversation": "…"}, "messageTimestamp": 0,
        "instanceId": "…", "source": "…", "contextInfo": {"mentionedJid": [], "groupMentions": []},
        "MessageUpdate": [{"status": "SERVER_ACK"}], "…": "…",
    });
    let expected =
        json!({"messages": {"total": 1, "pages": 1, "currentPage": 1, "records": [record]}});
    expect(
        "findMessages",
        StatusCode::OK,
        &expected,
        api.post("/chat/findMessages/shop-01", Some(KEY), request)
            .await,
    );
}
