//! Every error envelope in the contract (§3, §5) maps to the typed error a caller acts on.
//! A fixture server answers each request with one recorded body.

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Router;
use whats_tip::evolution::{
    ConnectOutcome, ConnectionState, EvolutionClient, EvolutionError, MessageKey,
};
use whats_tip::secrets::Sensitive;

async fn fixture(status: u16, body: &'static str) -> EvolutionClient {
    let status = StatusCode::from_u16(status).unwrap();
    let app = Router::new().fallback(move || async move {
        (status, [("content-type", "application/json")], body).into_response()
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    EvolutionClient::new(
        &format!("http://{addr}"),
        Some(Sensitive::new("k".repeat(20))),
    )
    .unwrap()
}

fn key() -> MessageKey {
    MessageKey {
        remote_jid: "5511987654321@s.whatsapp.net".into(),
        from_me: true,
        id: "3EB0A9F2C4D81E7B5A6C21".into(),
    }
}

#[tokio::test]
async fn instance_errors() {
    let c = fixture(404, r#"{"status":404,"error":"Not Found","response":{"message":["The \"shop-99\" instance does not exist"]}}"#).await;
    assert!(
        matches!(c.connection_state("shop-99").await, Err(EvolutionError::InstanceNotFound(m)) if m.contains("shop-99"))
    );

    let c = fixture(
        404,
        r#"{"status":404,"error":"Not Found","response":{"message":["Instance \"x\" not found"]}}"#,
    )
    .await;
    assert!(matches!(
        c.fetch_instances().await,
        Err(EvolutionError::InstanceNotFound(_))
    ));

    let c = fixture(403, r#"{"status":403,"error":"Forbidden","response":{"message":["This name \"shop-01\" is already in use."]}}"#).await;
    let create = whats_tip::evolution::CreateInstance {
        instance_name: "shop-01".into(),
        qrcode: false,
        number: None,
    };
    assert!(matches!(
        c.create_instance(&create).await,
        Err(EvolutionError::NameInUse(_))
    ));

    let c = fixture(
        400,
        r#"{"status":400,"error":"Bad Request","response":{"message":["Invalid integration"]}}"#,
    )
    .await;
    assert!(
        matches!(c.create_instance(&create).await, Err(EvolutionError::Validation(m)) if m == "Invalid integration")
    );

    let c = fixture(400, r#"{"status":400,"error":"Bad Request","response":{"message":["The \"x\" instance is not connected"]}}"#).await;
    assert!(matches!(
        c.logout("x").await,
        Err(EvolutionError::NotConnected(_))
    ));

    let c = fixture(
        401,
        r#"{"status":401,"error":"Unauthorized","response":{"message":"Unauthorized"}}"#,
    )
    .await;
    assert!(matches!(
        c.fetch_instances().await,
        Err(EvolutionError::Unauthorized)
    ));

    let c = fixture(503, r#"{"error":"service not activated","code":"LICENSE_REQUIRED","register_url":"https://r.example","instance_id":"i","docs_url":"d","message":"m"}"#).await;
    assert!(matches!(
        c.delete_instance("x").await,
        Err(EvolutionError::LicenceRequired {
            register_url: Some(_)
        })
    ));

    let c = fixture(404, r#"{"status":404,"error":"Not Found","response":{"message":["Cannot PUT /instance/restart/x"]}}"#).await;
    assert!(
        matches!(
            c.logout("x").await,
            Err(EvolutionError::Http { status: 404, .. })
        ),
        "an unknown route is not a missing instance"
    );
}

#[tokio::test]
async fn http_200_failures_of_connect_and_restart() {
    let c = fixture(200, r#"{"error":true,"message":"[object Object]"}"#).await;
    assert!(matches!(
        c.connect("x", None).await,
        Err(EvolutionError::ConnectFailed(_))
    ));
    assert!(
        matches!(c.restart("x").await, Err(EvolutionError::NotConnected(_))),
        "restart from close"
    );
}

#[tokio::test]
async fn connect_and_state_shapes() {
    let c = fixture(200, r#"{"count":0}"#).await;
    assert!(
        matches!(c.connect("x", None).await, Ok(ConnectOutcome::Qr(q)) if q.code.is_none() && q.count == 0)
    );
    let c = fixture(200, r#"{"instance":{"instanceName":"x"}}"#).await;
    assert_eq!(
        c.connection_state("x").await.unwrap(),
        ConnectionState::Unknown,
        "missing state means unknown"
    );
    let c = fixture(
        200,
        r#"{"instance":{"instanceName":"x","state":"refused"}}"#,
    )
    .await;
    assert_eq!(
        c.connection_state("x").await.unwrap(),
        ConnectionState::Unknown
    );
}

#[tokio::test]
async fn send_errors() {
    let c = fixture(400, r#"{"status":400,"error":"Bad Request","response":{"message":[{"jid":"5511999990002@s.whatsapp.net","exists":false,"number":"5511999990002"}]}}"#).await;
    match c.send_text("x", "5511999990002", "oi", None).await {
        Err(EvolutionError::NumberNotOnWhatsApp { number, jid }) => {
            assert_eq!(number, "5511999990002");
            assert_eq!(jid.as_deref(), Some("5511999990002@s.whatsapp.net"));
        }
        other => panic!("{other:?}"),
    }
    // The socket was not open: nothing went out, so a later retry is safe.
    for body in [
        r#"{"status":500,"error":"Internal Server Error","response":{"message":"Connection Closed"}}"#,
        r#"{"status":500,"error":"Internal Server Error","response":{"message":"Cannot read properties of undefined (reading 'onWhatsApp')"}}"#,
        r#"{"status":500,"error":"Internal Server Error","response":{"message":["Error: Connection Closed"]}}"#,
        r#"{"status":500,"error":"Internal Server Error","response":{"message":["TypeError: Cannot read properties of undefined (reading 'waUploadToServer')"]}}"#,
    ] {
        let c = fixture(500, body).await;
        let result = c.send_text("x", "5511987654321", "oi", None).await;
        assert!(
            matches!(&result, Err(e @ EvolutionError::ConnectionClosed(_)) if e.is_transient()),
            "{body}: {result:?}"
        );
    }
    let c = fixture(400, r#"{"status":400,"error":"Bad Request","response":{"message":[["instance requires property \"text\""]]}}"#).await;
    assert!(
        matches!(c.send_text("x", "1", "oi", None).await, Err(EvolutionError::Validation(m)) if m.contains("requires property"))
    );
    let c = fixture(400, r#"{"status":400,"error":"Internal Server Error","response":{"message":"Unexpected end of JSON input"}}"#).await;
    assert!(matches!(
        c.send_text("x", "1", "oi", None).await,
        Err(EvolutionError::Validation(_))
    ));
    // `Timed Out` and any other 5xx after the send left: it may have gone out (§5, §8.6).
    let c = fixture(
        500,
        r#"{"status":500,"error":"Internal Server Error","response":{"message":"Timed Out"}}"#,
    )
    .await;
    let result = c.send_text("x", "5511987654321", "oi", None).await;
    assert!(
        matches!(&result, Err(e @ EvolutionError::OutcomeUnknown { cause })
            if !e.is_transient() && matches!(**cause, EvolutionError::ConnectionClosed(_))),
        "{result:?}"
    );
    let c = fixture(500, r#"{"status":500,"error":"Internal Server Error","response":{"message":"Something else broke"}}"#).await;
    let result = c.send_text("x", "1", "oi", None).await;
    assert!(
        matches!(&result, Err(EvolutionError::OutcomeUnknown { cause })
            if matches!(**cause, EvolutionError::Http { status: 500, .. })),
        "{result:?}"
    );
    // The same answers to a read are plain transient or server errors.
    let c = fixture(
        500,
        r#"{"status":500,"error":"Internal Server Error","response":{"message":"Timed Out"}}"#,
    )
    .await;
    let result = c.whatsapp_numbers("x", &["5511987654321".to_owned()]).await;
    assert!(
        matches!(&result, Err(e @ EvolutionError::ConnectionClosed(_)) if e.is_transient()),
        "{result:?}"
    );
}

#[tokio::test]
async fn whatsapp_numbers_raw_errors() {
    let c = fixture(400, "{}").await;
    let numbers = vec!["5511987654321".to_owned()];
    assert!(matches!(
        c.whatsapp_numbers("x", &numbers).await,
        Err(EvolutionError::NotConnected(_))
    ));
    let c = fixture(400, r#"{"data":null,"isBoom":true,"isServer":false,"output":{"statusCode":428,"payload":{"statusCode":428,"error":"Precondition Required","message":"Connection Closed"},"headers":{}}}"#).await;
    assert!(matches!(
        c.whatsapp_numbers("x", &numbers).await,
        Err(EvolutionError::ConnectionClosed(_))
    ));
    let c = fixture(
        400,
        r#"{"status":400,"error":"Bad Request","message":[["numbers is not of a type(s) array"]]}"#,
    )
    .await;
    assert!(
        matches!(c.whatsapp_numbers("x", &numbers).await, Err(EvolutionError::Validation(m)) if m.contains("numbers is not"))
    );
}

#[tokio::test]
async fn successful_shapes_with_unknown_fields_parse() {
    let c = fixture(200, r#"[{"id":"8a45","name":"shop-01","connectionStatus":"open","ownerJid":"5511987654321@s.whatsapp.net","profileName":"Loja","profilePicUrl":null,"integration":"WHATSAPP-BAILEYS","number":null,"businessId":null,"token":"58A9F301-4E19-441D-9974-1F416EBD7FA5","clientName":"evolution_exchange","disconnectionReasonCode":null,"Setting":{"rejectCall":false},"_count":{"Message":0},"Brand-new-field":1}]"#).await;
    let list = c.fetch_instances().await.unwrap();
    assert_eq!(list[0].name, "shop-01");
    assert_eq!(list[0].connection_status, ConnectionState::Open);
    assert_eq!(
        format!("{:?}", list[0].token),
        "Some(<redacted>)",
        "instance tokens never print"
    );

    let c = fixture(200, r#"[{"jid":"551187654321@s.whatsapp.net","exists":true,"number":"5511987654321","name":"Maria"},{"jid":"5521988887777@s.whatsapp.net","exists":false,"number":"+55 (21) 98888-7777"}]"#).await;
    let checks = c
        .whatsapp_numbers("x", &["5511987654321".into(), "+55 (21) 98888-7777".into()])
        .await
        .unwrap();
    assert_eq!(
        checks[0].jid, "551187654321@s.whatsapp.net",
        "the jid may drop the 9th digit"
    );
    assert!(!checks[1].exists);

    let c = fixture(200, r#"[{"id":"cm1","keyId":"3EB0A9F2C4D81E7B5A6C21","remoteJid":"5511987654321@s.whatsapp.net","fromMe":true,"status":"SERVER_ACK"},{"id":"cm2","keyId":"3EB0A9F2C4D81E7B5A6C21","remoteJid":"5511987654321@s.whatsapp.net","fromMe":true,"status":"DELIVERY_ACK"}]"#).await;
    assert_eq!(
        c.message_status("x", &key()).await.unwrap(),
        Some(whats_tip::evolution::MessageStatus::DeliveryAck)
    );

    let c = fixture(200, r#"{"messages":{"total":1,"pages":1,"currentPage":1,"records":[{"id":"cm","key":{"id":"3EB0A9F2C4D81E7B5A6C21","remoteJid":"5511987654321@s.whatsapp.net","fromMe":true},"status":"PENDING","MessageUpdate":[{"status":"SERVER_ACK"},{"status":"READ"},{"status":"DELIVERY_ACK"}]}]}}"#).await;
    let record = c.find_message("x", &key()).await.unwrap().unwrap();
    assert_eq!(
        record.best_status(),
        Some(whats_tip::evolution::MessageStatus::Read),
        "the highest status wins, whatever the order"
    );
}
