//! The editor's AI assistant (`compose::assist`) against the OpenAI sandbox over real
//! HTTP: answers that keep the facts are used, answers that break them are asked for again
//! and then refused with the reason, variations pass the similarity gate or are turned
//! down as near-duplicates, and a cancel closes the stream mid-answer.

use std::time::{Duration, Instant};

use whats_tip::ai::{
    AiClient, AiConfig, CancelToken, RetryPolicy, RewriteKind, RewriteRequest, VariationsRequest,
};
use whats_tip::compose::assist::{self, AssistEvent, AssistOutcome, AssistTask, RejectReason};
use whats_tip::compose::facts::ViolationKind;
use whats_tip::compose::similarity::{similarity, DEFAULT_THRESHOLD};
use whats_tip::openai_sandbox::{FactsMode, OpenAiSandbox, OpenAiSandboxConfig, ScriptedReply};
use whats_tip::secrets::Sensitive;
use whats_tip::settings::Language;

const KEY: &str = "sk-assist-test-0123456789abcdef";
const OFFER: &str =
    "Oi {{nome}}! Camisetas por R$ 49,90 só até 15/12. Cupom VERAO10 em https://loja.com/c";
const FACTS: [&str; 5] = [
    "{{nome}}",
    "R$ 49,90",
    "15/12",
    "VERAO10",
    "https://loja.com/c",
];

async fn sandbox() -> OpenAiSandbox {
    let config = OpenAiSandboxConfig {
        api_key: KEY.to_owned(),
        ..OpenAiSandboxConfig::default()
    };
    OpenAiSandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

fn client(sandbox: &OpenAiSandbox) -> AiClient {
    AiClient::new(AiConfig {
        timeout: Duration::from_secs(10),
        retry: RetryPolicy::never(),
        ..AiConfig::new(
            Some(sandbox.base_url()),
            Sensitive::new(KEY.to_owned()),
            "gpt-4o-mini",
        )
    })
    .unwrap()
}

fn rewrite() -> AssistTask {
    AssistTask::Rewrite {
        request: RewriteRequest {
            text: OFFER.to_owned(),
            kind: RewriteKind::Improve,
            language: Language::PtBr,
        },
    }
}

fn variations(count: u8) -> AssistTask {
    AssistTask::Variations {
        request: VariationsRequest {
            text: OFFER.to_owned(),
            count,
            language: Language::PtBr,
        },
    }
}

/// Runs the task to the end, keeping every event.
async fn run(client: &AiClient, task: &AssistTask) -> (AssistOutcome, Vec<AssistEvent>) {
    let mut events = Vec::new();
    let outcome = assist::assist(client, task, &CancelToken::new(), |e| events.push(e))
        .await
        .unwrap();
    (outcome, events)
}

/// The text the deltas streamed between two restarts, one entry per try.
fn tries(events: &[AssistEvent]) -> Vec<String> {
    let mut tries = vec![String::new()];
    for event in events {
        match event {
            AssistEvent::Delta { text } => tries.last_mut().unwrap().push_str(text),
            AssistEvent::Restart { .. } => tries.push(String::new()),
            AssistEvent::Variation { .. } | AssistEvent::RejectedVariation { .. } => {}
        }
    }
    tries
}

#[tokio::test]
async fn a_rewrite_that_keeps_the_facts_is_accepted_as_streamed() {
    let sb = sandbox().await;
    let (outcome, events) = run(&client(&sb), &rewrite()).await;
    let text = outcome.text.expect("accepted");
    for fact in FACTS {
        assert!(text.contains(fact), "{fact} missing from {text}");
    }
    assert!(outcome.rejected.is_empty(), "{:?}", outcome.rejected);
    assert!(!outcome.cancelled);
    assert_eq!(tries(&events), vec![text], "the deltas are the answer");
    assert!(events.len() > 5, "streamed in pieces, not at once");

    let journal = sb.control().journal();
    assert_eq!(journal.requests.len(), 1);
    assert!(journal.requests[0].stream);
    assert_eq!(journal.streams_completed, 1);
}

#[tokio::test]
async fn answers_that_break_the_facts_are_asked_again_then_refused_with_the_reason() {
    let sb = sandbox().await;
    sb.control().set_facts(FactsMode::Break);
    let (outcome, events) = run(&client(&sb), &rewrite()).await;

    assert_eq!(outcome.text, None, "nothing that changes the offer is used");
    assert!(!outcome.cancelled);
    assert_eq!(outcome.rejected.len(), 3, "the first try and two more");
    for rejected in &outcome.rejected {
        let RejectReason::Facts { violations } = &rejected.reason else {
            panic!("expected a facts rejection, got {:?}", rejected.reason);
        };
        let changed = |expected: &str, found: &str| {
            violations.iter().any(|v| {
                v.kind == ViolationKind::Changed
                    && v.expected.as_ref().is_some_and(|f| f.text == expected)
                    && v.found.as_ref().is_some_and(|f| f.text == found)
            })
        };
        assert!(changed("R$ 49,90", "R$ 59,90"), "{violations:?}");
        assert!(changed("15/12", "25/12"), "{violations:?}");
        let missing_field = violations.iter().any(|v| {
            v.kind == ViolationKind::Missing
                && v.expected.as_ref().is_some_and(|f| f.text == "{{nome}}")
        });
        assert!(missing_field, "{violations:?}");
    }

    // Delta… Restart Delta… Restart Delta…: the UI clears what it showed between tries,
    // and the last refusal ends the task instead of announcing a restart.
    let restarts: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            AssistEvent::Restart { rejected } => Some(rejected.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(restarts.len(), 2);
    assert_eq!(restarts[..], outcome.rejected[..2]);
    let streamed = tries(&events);
    assert_eq!(streamed.len(), 3);
    for (text, rejected) in streamed.iter().zip(&outcome.rejected) {
        assert_eq!(
            text.trim(),
            rejected.text,
            "each try was streamed before its refusal"
        );
    }
    assert!(matches!(events.last(), Some(AssistEvent::Delta { .. })));

    let journal = sb.control().journal();
    assert_eq!(journal.requests.len(), 3, "exactly three requests");
    assert!(journal.requests.iter().all(|r| r.stream));
}

#[tokio::test]
async fn three_variations_pass_both_gates_and_are_streamed_one_by_one() {
    let sb = sandbox().await;
    let (outcome, events) = run(&client(&sb), &variations(3)).await;

    assert_eq!(
        outcome.variations.len(),
        3,
        "rejected: {:?}",
        outcome.rejected
    );
    assert!(!outcome.cancelled);
    let streamed: Vec<&String> = events
        .iter()
        .filter_map(|e| match e {
            AssistEvent::Variation { text } => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(streamed, outcome.variations.iter().collect::<Vec<_>>());
    for (i, variation) in outcome.variations.iter().enumerate() {
        for fact in FACTS {
            assert!(variation.contains(fact), "{fact} missing from {variation}");
        }
        assert!(similarity(OFFER, variation) < DEFAULT_THRESHOLD);
        for other in &outcome.variations[i + 1..] {
            assert!(
                similarity(variation, other) < DEFAULT_THRESHOLD,
                "{variation:?} ~ {other:?}"
            );
        }
    }
    assert_eq!(
        sb.control().journal().requests.len(),
        1,
        "one answer was enough"
    );
}

#[tokio::test]
async fn near_duplicates_are_turned_down_as_similar() {
    let sb = sandbox().await;
    let first = "Olá {{nome}}! Separamos camisetas para você por R$ 49,90, válidas até 15/12. \
                 No carrinho use VERAO10 e veja a coleção em https://loja.com/c";
    // The same message with one word changed: what a model sampling twice often gives.
    let copy = first.replace("Separamos", "Escolhemos");
    let other = "{{nome}}, chegou a hora de renovar o guarda-roupa: camisetas a R$ 49,90 \
                 até 15/12 com o cupom VERAO10. Tudo em https://loja.com/c";
    let third = "E aí, {{nome}}? Camiseta nova por R$ 49,90! Corre que vale só até 15/12. \
                 Cupom VERAO10, link: https://loja.com/c";
    let scripted = serde_json::to_string(&[first, &copy, other, third]).unwrap();
    sb.control().push_reply(ScriptedReply::new(scripted));

    let (outcome, events) = run(&client(&sb), &variations(3)).await;
    assert_eq!(outcome.variations, [first, other, third]);
    assert_eq!(outcome.rejected.len(), 1);
    assert_eq!(outcome.rejected[0].text, copy);
    match outcome.rejected[0].reason {
        RejectReason::Similar { similarity } => {
            assert!(similarity >= DEFAULT_THRESHOLD, "{similarity}")
        }
        ref other => panic!("expected Similar, got {other:?}"),
    }
    assert!(events.iter().any(|e| matches!(
        e,
        AssistEvent::RejectedVariation { rejected } if rejected.text == copy
    )));
}

#[tokio::test]
async fn variations_that_break_the_facts_are_never_offered() {
    let sb = sandbox().await;
    sb.control().set_facts(FactsMode::Break);
    let (outcome, _) = run(&client(&sb), &variations(2)).await;
    assert!(outcome.variations.is_empty());
    assert!(!outcome.rejected.is_empty());
    assert!(outcome
        .rejected
        .iter()
        .all(|r| matches!(r.reason, RejectReason::Facts { .. })));
    assert_eq!(
        sb.control().journal().requests.len(),
        3,
        "asked three times"
    );
}

#[tokio::test]
async fn cancel_mid_stream_ends_the_task_and_closes_the_stream() {
    let sb = sandbox().await;
    let control = sb.control();
    control.set_chunk_delay(Duration::from_millis(50));
    let cancel = CancelToken::new();
    let mut deltas = 0;
    let outcome = assist::assist(&client(&sb), &rewrite(), &cancel, |event| {
        if let AssistEvent::Delta { .. } = event {
            deltas += 1;
            if deltas == 2 {
                // The user presses "stop" while the answer is still coming.
                cancel.cancel();
            }
        }
    })
    .await
    .unwrap();
    assert!(outcome.cancelled);
    assert_eq!(outcome.text, None);
    assert!(outcome.rejected.is_empty());

    let deadline = Instant::now() + Duration::from_secs(5);
    while control.journal().streams_cancelled == 0 {
        assert!(
            Instant::now() < deadline,
            "the sandbox never saw the stream go"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let journal = control.journal();
    assert_eq!(journal.streams_cancelled, 1);
    assert_eq!(journal.streams_completed, 0);
    assert_eq!(journal.requests.len(), 1, "no new try after a cancel");
}
