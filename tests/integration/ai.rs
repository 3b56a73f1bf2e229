//! The AI client against the OpenAI sandbox over real HTTP: model list, whole and streamed
//! answers, cancel, every error mapped to its variant, retries, time limits, and a key
//! that never shows in any error.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use whats_tip::ai::{
    AiClient, AiConfig, AiError, CancelToken, ChatMessage, ChatRequest, DraftBrief, Finish,
    MessageLength, PersonaliseRequest, RetryPolicy, Tone, VariationsRequest,
};
use whats_tip::openai_sandbox::{
    FactsMode, Fault, OpenAiSandbox, OpenAiSandboxConfig, ScriptedReply,
};
use whats_tip::secrets::Sensitive;
use whats_tip::settings::Language;

const KEY: &str = "sk-test-never-leak-0123456789abcdef";
const WRONG_KEY: &str = "sk-wrong-never-leak-9876543210fedcba";
const OFFER: &str = "Oi {{nome}}! Camisa por R$ 49,90 até 15/12. Cupom VERAO10. https://loja.com/c";

async fn sandbox() -> OpenAiSandbox {
    let config = OpenAiSandboxConfig {
        api_key: KEY.to_owned(),
        ..OpenAiSandboxConfig::default()
    };
    OpenAiSandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

/// Quick retries so tests of the retry loop stay fast.
fn config(sandbox: &OpenAiSandbox, key: &str, model: &str) -> AiConfig {
    AiConfig {
        timeout: Duration::from_secs(10),
        retry: RetryPolicy {
            rate_limit_retries: 3,
            max_wait: Duration::from_secs(5),
            fallback_delay: Duration::from_millis(50),
        },
        ..AiConfig::new(
            Some(sandbox.base_url()),
            Sensitive::new(key.to_owned()),
            model,
        )
    }
}

fn client(sandbox: &OpenAiSandbox) -> AiClient {
    AiClient::new(config(sandbox, KEY, "gpt-4o-mini")).unwrap()
}

fn ask(text: &str) -> ChatRequest {
    ChatRequest::new(vec![
        ChatMessage::system("Escreva mensagens de WhatsApp."),
        ChatMessage::user(text),
    ])
}

/// The key must never be in an error's text, in either form.
fn assert_no_key(err: &AiError) {
    let shown = format!("{err} | {err:?}");
    for key in [KEY, WRONG_KEY] {
        assert!(!shown.contains(key), "key leaked in {shown}");
    }
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn models_are_listed_or_fall_back_to_the_configured_one() {
    let sb = sandbox().await;
    let list = client(&sb).list_models().await.unwrap();
    assert!(list.from_server);
    assert!(list.models.contains(&"gpt-4o-mini".to_owned()));
    assert!(list.models.contains(&"gpt-5-mini".to_owned()));

    // A server without /models: the configured model alone, not an error.
    let mut no_models = config(&sb, KEY, "llama3.1");
    no_models.base_url = Some(format!("{}/elsewhere", sb.url()));
    let list = AiClient::new(no_models)
        .unwrap()
        .list_models()
        .await
        .unwrap();
    assert!(!list.from_server);
    assert_eq!(list.models, ["llama3.1"]);

    // A refused key is an error, since chat would fail too.
    let err = AiClient::new(config(&sb, WRONG_KEY, "gpt-4o-mini"))
        .unwrap()
        .list_models()
        .await
        .unwrap_err();
    assert!(matches!(err, AiError::Unauthorized { .. }), "{err:?}");
}

#[tokio::test]
async fn whole_answers_keep_the_facts_and_report_usage() {
    let sb = sandbox().await;
    let brief = DraftBrief {
        goal: OFFER.to_owned(),
        audience: Some("clientes da loja".into()),
        tone: Tone::Friendly,
        length: MessageLength::Short,
        language: Language::PtBr,
    };
    let completion = client(&sb).complete(&brief.chat_request()).await.unwrap();
    for fact in [
        "{{nome}}",
        "R$ 49,90",
        "15/12",
        "VERAO10",
        "https://loja.com/c",
    ] {
        assert!(
            completion.text.contains(fact),
            "{fact}: {}",
            completion.text
        );
    }
    assert_eq!(completion.finish, Finish::Stop);
    assert!(completion.usage.unwrap().output_tokens > 0);

    let journal = sb.control().journal();
    let body = journal.requests[0].body.as_ref().unwrap();
    assert_eq!(body["model"], "gpt-4o-mini");
    assert_eq!(body["messages"][0]["role"], "system");
    assert!(body.get("stream").is_none());

    // The sandbox breaks the facts on demand (for the facts lock's tests).
    sb.control().set_facts(FactsMode::Break);
    let broken = client(&sb).complete(&brief.chat_request()).await.unwrap();
    assert!(!broken.text.contains("R$ 49,90") && !broken.text.contains("{{nome}}"));
}

#[tokio::test]
async fn streamed_deltas_arrive_in_order() {
    let sb = sandbox().await;
    let text = "Olá, {{nome}}! A camisa sai por *R$ 49,90* até 15/12.\n\n_Aproveite!_";
    sb.control().reply_next(text);
    sb.control().set_chunk_delay(Duration::from_millis(5));
    let mut stream = client(&sb).stream(&ask("oi")).await.unwrap();
    let mut deltas = Vec::new();
    while let Some(delta) = stream.next().await {
        deltas.push(delta.unwrap());
    }
    assert!(deltas.len() >= 8, "{deltas:?}");
    assert_eq!(deltas.concat(), text);
    assert_eq!(stream.text(), text);
    assert_eq!(stream.finish(), Some(Finish::Stop));

    let journal = sb.control().journal();
    assert_eq!(journal.streams_completed, 1);
    assert!(journal.requests[0].stream);

    // collect() gives the same text.
    sb.control().reply_next(text);
    let completion = client(&sb)
        .stream(&ask("oi"))
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(completion.text, text);
}

#[tokio::test]
async fn dropping_a_stream_stops_the_request() {
    let sb = sandbox().await;
    let long: String = (1..=60).map(|i| format!("palavra{i} ")).collect();
    sb.control().reply_next(long.trim_end());
    sb.control().set_chunk_delay(Duration::from_millis(50));
    let mut stream = client(&sb).stream(&ask("oi")).await.unwrap();
    assert_eq!(stream.next().await.unwrap().unwrap(), "palavra1 ");
    assert_eq!(stream.next().await.unwrap().unwrap(), "palavra2 ");
    drop(stream);

    let control = sb.control();
    wait_for("the stream to be cancelled", || {
        control.journal().streams_cancelled == 1
    })
    .await;
    let journal = control.journal();
    assert!(
        journal.chunks_sent < 10,
        "{} pieces were still sent",
        journal.chunks_sent
    );
    assert_eq!(journal.streams_completed, 0);
    wait_for("nothing in flight", || control.journal().in_flight == 0).await;
}

#[tokio::test]
async fn a_cancel_token_ends_the_stream_with_the_text_so_far() {
    let sb = sandbox().await;
    let long: String = (1..=60).map(|i| format!("p{i} ")).collect();
    sb.control().reply_next(long.trim_end());
    sb.control().set_chunk_delay(Duration::from_millis(50));
    let cancel = CancelToken::new();
    let stream = client(&sb).stream(&ask("oi")).await.unwrap();
    let mut seen = 0;
    let trigger = cancel.clone();
    let completion = stream
        .collect_with(&cancel, |_| {
            seen += 1;
            if seen == 3 {
                trigger.cancel();
            }
        })
        .await
        .unwrap();
    assert_eq!(completion.finish, Finish::Cancelled);
    assert_eq!(completion.text, "p1 p2 p3 ");
    let control = sb.control();
    wait_for("the stream to be cancelled", || {
        control.journal().streams_cancelled == 1
    })
    .await;
}

#[tokio::test]
async fn variations_come_back_as_separate_messages() {
    let sb = sandbox().await;
    let request = VariationsRequest {
        text: OFFER.to_owned(),
        count: 3,
        language: Language::PtBr,
    };
    let versions = client(&sb).variations(&request).await.unwrap();
    assert_eq!(versions.len(), 3);
    assert!(versions
        .iter()
        .all(|v| v.contains("{{nome}}") && v.contains("R$ 49,90")));

    // A model that ignores the JSON instruction and numbers its versions still works.
    sb.control()
        .reply_next("Claro!\n1. Oi {{nome}}, tudo bem?\n2. Olá {{nome}}!\n3. E aí, {{nome}}?");
    let versions = client(&sb).variations(&request).await.unwrap();
    assert_eq!(
        versions,
        ["Oi {{nome}}, tudo bem?", "Olá {{nome}}!", "E aí, {{nome}}?"]
    );
}

#[tokio::test]
async fn personalisation_sends_the_contact_inside_its_block() {
    let sb = sandbox().await;
    let request = PersonaliseRequest {
        template: OFFER.to_owned(),
        contact: BTreeMap::from([
            ("nome".to_owned(), "Ana".to_owned()),
            ("cidade".to_owned(), "Recife".to_owned()),
        ]),
        language: Language::PtBr,
    };
    let completion = client(&sb).complete(&request.chat_request()).await.unwrap();
    assert!(completion.text.contains("{{nome}}"));
    let journal = sb.control().journal();
    let sent = journal.requests[0].body.as_ref().unwrap()["messages"][1]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        sent.contains("<contato>\ncidade: Recife\nnome: Ana\n</contato>"),
        "{sent}"
    );
}

#[tokio::test]
async fn a_wrong_or_missing_key_is_refused_without_showing_it() {
    let sb = sandbox().await;
    let err = AiClient::new(config(&sb, WRONG_KEY, "gpt-4o-mini"))
        .unwrap()
        .complete(&ask("oi"))
        .await
        .unwrap_err();
    match &err {
        // OpenAI echoes a masked key; never the whole one.
        AiError::Unauthorized { message } => assert!(message.contains("Incorrect API key")),
        other => panic!("{other:?}"),
    }
    assert_no_key(&err);
    // Never retried.
    assert_eq!(sb.control().journal().requests.len(), 1);

    let empty = AiClient::new(config(&sb, "  ", "gpt-4o-mini")).unwrap_err();
    assert!(matches!(empty, AiError::MissingKey));
}

#[tokio::test]
async fn rate_limits_wait_as_asked_then_succeed() {
    let sb = sandbox().await;
    sb.control().fail_next(
        Fault::RateLimited {
            retry_after_secs: Some(1),
            retry_after_ms: None,
        },
        1,
    );
    let started = Instant::now();
    let completion = client(&sb).complete(&ask(OFFER)).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "retry-after not honoured"
    );
    assert!(completion.text.contains("{{nome}}"));
    assert_eq!(sb.control().journal().requests.len(), 2);

    // `retry-after-ms` is preferred when both are sent; streams retry before their first byte.
    sb.control().fail_next(
        Fault::RateLimited {
            retry_after_secs: Some(30),
            retry_after_ms: Some(200),
        },
        2,
    );
    let started = Instant::now();
    let text = client(&sb)
        .stream(&ask(OFFER))
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(400) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    assert!(text.text.contains("R$ 49,90"));
    assert_eq!(sb.control().journal().requests.len(), 5);
}

#[tokio::test]
async fn rate_limits_give_up_after_the_bounded_attempts() {
    let sb = sandbox().await;
    let limited = Fault::RateLimited {
        retry_after_secs: None,
        retry_after_ms: Some(10),
    };
    sb.control().fail_next(limited.clone(), 10);
    let err = client(&sb).complete(&ask("oi")).await.unwrap_err();
    match &err {
        AiError::RateLimited { retry_after, .. } => {
            assert_eq!(*retry_after, Some(Duration::from_millis(10)))
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_transient());
    assert_no_key(&err);
    // The first try and three retries.
    assert_eq!(sb.control().journal().requests.len(), 4);

    // A longer wait than the policy allows is reported at once, with the wait.
    sb.control().clear_faults();
    sb.control().reset_journal();
    sb.control().fail_next(
        Fault::RateLimited {
            retry_after_secs: Some(60),
            retry_after_ms: None,
        },
        1,
    );
    let started = Instant::now();
    let err = client(&sb).complete(&ask("oi")).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(60)));
    assert_eq!(sb.control().journal().requests.len(), 1);
}

#[tokio::test]
async fn quota_model_filter_and_server_errors_map_to_their_variants() {
    let sb = sandbox().await;
    let c = client(&sb);
    let control = sb.control();

    control.fail_next(Fault::QuotaExceeded, 1);
    let err = c.complete(&ask("oi")).await.unwrap_err();
    assert!(matches!(err, AiError::QuotaExceeded { .. }), "{err:?}");
    assert!(!err.is_transient());
    assert_eq!(
        control.journal().requests.len(),
        1,
        "quota is never retried"
    );

    let err = AiClient::new(config(&sb, KEY, "gpt-9-ultra"))
        .unwrap()
        .complete(&ask("oi"))
        .await
        .unwrap_err();
    match &err {
        AiError::ModelNotFound { model, message } => {
            assert_eq!(model, "gpt-9-ultra");
            assert!(message.contains("does not exist"));
        }
        other => panic!("{other:?}"),
    }

    control.fail_next(Fault::ContentFilter, 1);
    let err = c.complete(&ask("oi")).await.unwrap_err();
    assert!(matches!(err, AiError::ContentFiltered { .. }), "{err:?}");

    control.fail_next(Fault::ContentFilterFinish, 1);
    let err = c.complete(&ask("oi")).await.unwrap_err();
    assert!(matches!(err, AiError::ContentFiltered { .. }), "{err:?}");

    control.fail_next(Fault::ContentFilterFinish, 1);
    let mut stream = c.stream(&ask(OFFER)).await.unwrap();
    let mut last = None;
    while let Some(item) = stream.next().await {
        last = Some(item);
    }
    assert!(
        matches!(last, Some(Err(AiError::ContentFiltered { .. }))),
        "{last:?}"
    );

    control.reset_journal();
    control.fail_next(Fault::ServerError, 1);
    let err = c.complete(&ask("oi")).await.unwrap_err();
    match &err {
        AiError::Http {
            status: 500,
            message,
        } => {
            assert!(message.contains("The server had an error"))
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_transient());
    assert_eq!(
        control.journal().requests.len(),
        1,
        "500 is left to the caller"
    );
    assert_no_key(&err);
}

#[tokio::test]
async fn malformed_answers_are_bad_responses() {
    let sb = sandbox().await;
    let c = client(&sb);
    sb.control().fail_next(Fault::MalformedJson, 1);
    let err = c.complete(&ask("oi")).await.unwrap_err();
    assert!(matches!(err, AiError::BadResponse(_)), "{err:?}");

    sb.control().fail_next(Fault::MalformedSse, 1);
    let mut stream = c.stream(&ask(OFFER)).await.unwrap();
    let first = stream.next().await.unwrap();
    assert!(matches!(first, Err(AiError::BadResponse(_))), "{first:?}");
    assert!(stream.next().await.is_none(), "nothing after an error");
}

#[tokio::test]
async fn unreachable_servers_and_silence_are_reported() {
    // A port that was just free: nothing listens there.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut gone = AiConfig::new(
        Some(format!("http://127.0.0.1:{port}/v1")),
        Sensitive::new(KEY.to_owned()),
        "gpt-4o-mini",
    );
    gone.retry = RetryPolicy::never();
    let err = AiClient::new(gone)
        .unwrap()
        .complete(&ask("oi"))
        .await
        .unwrap_err();
    assert!(matches!(err, AiError::Unreachable(_)), "{err:?}");
    assert!(err.is_transient());
    assert_no_key(&err);

    let sb = sandbox().await;
    let mut impatient = config(&sb, KEY, "gpt-4o-mini");
    impatient.timeout = Duration::from_millis(300);
    let c = AiClient::new(impatient).unwrap();

    sb.control().set_latency(Duration::from_secs(3));
    let started = Instant::now();
    let err = c.complete(&ask("oi")).await.unwrap_err();
    assert!(matches!(err, AiError::Timeout), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));

    sb.control().fail_next(Fault::Hang, 1);
    sb.control().set_latency(Duration::ZERO);
    let err = c.complete(&ask("oi")).await.unwrap_err();
    assert!(matches!(err, AiError::Timeout), "{err:?}");

    // A stream that starts, then goes silent for longer than the limit.
    sb.control().set_chunk_delay(Duration::from_secs(2));
    let mut stream = c.stream(&ask(OFFER)).await.unwrap();
    let first = stream.next().await.unwrap().unwrap();
    assert!(!first.is_empty());
    let err = stream.next().await.unwrap().unwrap_err();
    assert!(matches!(err, AiError::Timeout), "{err:?}");
}

#[tokio::test]
async fn scripted_length_finish_is_reported() {
    let sb = sandbox().await;
    sb.control().push_reply(ScriptedReply {
        content: "Olá {{nome}}, a promoção".to_owned(),
        finish_reason: "length".to_owned(),
    });
    let completion = client(&sb).complete(&ask("oi")).await.unwrap();
    assert_eq!(completion.finish, Finish::Length);
}

#[tokio::test]
async fn concurrent_requests_are_counted_in_flight() {
    let sb = sandbox().await;
    sb.control().set_latency(Duration::from_millis(300));
    let c = client(&sb);
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.complete(&ask(OFFER)).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let journal = sb.control().journal();
    assert_eq!(journal.requests.len(), 5);
    assert_eq!(journal.max_in_flight, 5);
    assert_eq!(journal.in_flight, 0);
}

#[tokio::test]
async fn no_error_ever_shows_the_key() {
    let sb = sandbox().await;
    let c = client(&sb);
    let mut errors = Vec::new();
    for fault in [
        Fault::Unauthorized,
        Fault::RateLimited {
            retry_after_secs: Some(60),
            retry_after_ms: None,
        },
        Fault::QuotaExceeded,
        Fault::ModelNotFound,
        Fault::ContentFilter,
        Fault::ContentFilterFinish,
        Fault::ServerError,
        Fault::MalformedJson,
    ] {
        sb.control().fail_next(fault, 1);
        errors.push(c.complete(&ask("oi")).await.unwrap_err());
    }
    sb.control().fail_next(Fault::MalformedSse, 1);
    let mut stream = c.stream(&ask("oi")).await.unwrap();
    errors.push(stream.next().await.unwrap().unwrap_err());
    errors.push(
        AiClient::new(config(&sb, WRONG_KEY, "gpt-4o-mini"))
            .unwrap()
            .list_models()
            .await
            .unwrap_err(),
    );
    for err in &errors {
        assert_no_key(err);
    }

    // Some servers echo a short key in full: it is scrubbed before it reaches the error.
    let short = "sk-tiny-123";
    let err = AiClient::new(config(&sb, short, "gpt-4o-mini"))
        .unwrap()
        .complete(&ask("oi"))
        .await
        .unwrap_err();
    let shown = format!("{err} | {err:?}");
    assert!(
        !shown.contains(short) && shown.contains("<redacted>"),
        "{shown}"
    );

    // Nor do the config and client print it.
    let config = config(&sb, KEY, "gpt-4o-mini");
    let shown = format!("{config:?} {:?}", AiClient::new(config.clone()).unwrap());
    assert!(!shown.contains(KEY), "{shown}");
}
