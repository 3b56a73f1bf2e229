//! Per-contact personalisation as a saved state machine, on a real SQLite file, with a
//! scripted writer standing in for the model: resume never asks twice for a saved answer,
//! the facts lock retries and rejects, fatal errors pause, review and approval rules.

use crate::support::import_csv;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use whats_tip::ai::{AiError, CancelToken, TokenUsage};
use whats_tip::compose::personalise::{
    self, MessageStatus, PrepareInput, RunOptions, RunStatus, RunStop, Writer, Written,
};
use whats_tip::compose::ComposeError;
use whats_tip::settings::Language;
use whats_tip::storage::{personalisation as store, Db};

const BODY: &str = "Oi {{nome}}! Camisetas por R$ 49,90 até 25/12.";

/// Answers from a script: `answer(call number, contact's name)`.
struct Scripted<F> {
    answer: F,
    calls: AtomicUsize,
    asked_for: Mutex<Vec<String>>,
}

impl<F> Scripted<F>
where
    F: Fn(usize, &str) -> Result<String, AiError> + Sync,
{
    fn new(answer: F) -> Self {
        Scripted {
            answer,
            calls: AtomicUsize::new(0),
            asked_for: Mutex::new(Vec::new()),
        }
    }

    fn asked_for(&self) -> Vec<String> {
        self.asked_for.lock().unwrap().clone()
    }
}

impl<F> Writer for Scripted<F>
where
    F: Fn(usize, &str) -> Result<String, AiError> + Sync,
{
    async fn write(
        &self,
        _template: &str,
        fields: &BTreeMap<String, String>,
        _language: Language,
    ) -> Result<Written, AiError> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let name = fields.get("nome").cloned().unwrap_or_default();
        self.asked_for.lock().unwrap().push(name.clone());
        // The script runs when the request starts; the answer arrives a moment later, as
        // over a network (so a cancel fired by the script lands while it is in flight).
        let answer = (self.answer)(n, &name);
        tokio::task::yield_now().await;
        answer.map(|text| Written {
            text,
            usage: Some(TokenUsage {
                input_tokens: 100,
                output_tokens: 20,
            }),
        })
    }
}

async fn list_of(db: &Db, dir: &std::path::Path, names: &[&str]) -> i64 {
    let mut csv = String::from("Nome;Celular\n");
    for (i, name) in names.iter().enumerate() {
        csv.push_str(&format!("{name};11 98765-{:04}\n", 1000 + i));
    }
    import_csv(db, dir, "lista.csv", &csv, "Clientes").await
}

async fn setup(names: &[&str]) -> (tempfile::TempDir, Db, i64) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("app.sqlite3")).await.unwrap();
    let list_id = list_of(&db, dir.path(), names).await;
    let run = personalise::prepare(
        &db,
        &PrepareInput {
            template_id: None,
            body: BODY.to_owned(),
            list_id,
            model: "gpt-4o-mini".to_owned(),
            language: Language::PtBr,
        },
    )
    .await
    .unwrap();
    assert_eq!(run.counts.total, names.len() as u64);
    assert_eq!(run.counts.pending, names.len() as u64);
    assert_eq!(run.status, RunStatus::Ready);
    (dir, db, run.id)
}

fn keeps_facts(_: usize, _: &str) -> Result<String, AiError> {
    Ok("{{nome}}, separamos camisetas por R$ 49,90 pra você, só até 25/12!".to_owned())
}

const ONE: RunOptions = RunOptions {
    concurrency: 1,
    fact_retries: 2,
};

#[tokio::test]
async fn every_contact_gets_a_rendered_message_and_the_batch_can_be_approved() {
    let (_dir, db, run_id) = setup(&["Ana", "Bruno", "Carla"]).await;
    let writer = Scripted::new(keeps_facts);
    let mut updates = 0;
    let stop = personalise::run(
        &db,
        run_id,
        &writer,
        RunOptions::default(),
        &CancelToken::new(),
        |_| updates += 1,
    )
    .await
    .unwrap();
    assert_eq!(stop, RunStop::Completed);
    assert!(updates >= 2, "a first and a final progress at least");
    let run = personalise::get(&db, run_id).await.unwrap();
    assert_eq!(run.status, RunStatus::Completed);
    assert_eq!((run.counts.done, run.counts.pending), (3, 0));
    assert_eq!(run.counts.input_tokens, 300);
    let messages = personalise::messages(&db, run_id, None, 0, 10)
        .await
        .unwrap();
    let texts: Vec<&str> = messages.iter().filter_map(|m| m.text.as_deref()).collect();
    assert_eq!(
        texts[0],
        "Ana, separamos camisetas por R$ 49,90 pra você, só até 25/12!"
    );
    assert!(texts[2].starts_with("Carla,"));

    // The review: edit one, then approve; an approved batch is closed.
    personalise::edit(
        &db,
        run_id,
        messages[1].position,
        "Bruno, oferta: R$ 49,90 até 25/12.",
    )
    .await
    .unwrap();
    let approved = personalise::approve(&db, run_id).await.unwrap();
    assert_eq!(approved.status, RunStatus::Approved);
    assert_eq!(approved.counts.edited, 1);
    assert!(matches!(
        personalise::edit(&db, run_id, 0, "x").await,
        Err(ComposeError::RunApproved(_))
    ));
}

#[tokio::test]
async fn cancel_then_resume_asks_only_for_what_was_not_saved() {
    let names = ["Ana", "Bruno", "Carla", "Dani", "Edu"];
    let (_dir, db, run_id) = setup(&names).await;
    let cancel = CancelToken::new();
    let first = Scripted::new(|n, _| {
        if n == 3 {
            // The user presses "pause" while the third request is in flight.
            cancel.cancel();
        }
        keeps_facts(n, "")
    });
    let stop = personalise::run(&db, run_id, &first, ONE, &cancel, |_| {})
        .await
        .unwrap();
    assert_eq!(stop, RunStop::Cancelled);
    let paused = personalise::get(&db, run_id).await.unwrap();
    assert_eq!(paused.status, RunStatus::Paused);
    assert_eq!(
        paused.counts.done, 2,
        "the two answers before the pause are kept"
    );

    let second = Scripted::new(keeps_facts);
    let stop = personalise::run(&db, run_id, &second, ONE, &CancelToken::new(), |_| {})
        .await
        .unwrap();
    assert_eq!(stop, RunStop::Completed);
    assert_eq!(
        second.asked_for(),
        ["Carla", "Dani", "Edu"],
        "Ana and Bruno are never asked again"
    );
    assert_eq!(personalise::get(&db, run_id).await.unwrap().counts.done, 5);
}

#[tokio::test]
async fn a_crash_mid_run_is_recovered_as_paused_and_resumes_without_paying_twice() {
    let (_dir, db, run_id) = setup(&["Ana", "Bruno", "Carla"]).await;
    // What a crash leaves: the run marked running, one answer saved.
    store::set_status(&db, run_id, store::STATUS_RUNNING)
        .await
        .unwrap();
    store::save_result(
        &db,
        run_id,
        0,
        &store::MessageResult::Done {
            text: "Ana, saved before the crash".into(),
            input_tokens: Some(1),
            output_tokens: Some(1),
        },
    )
    .await
    .unwrap();
    assert_eq!(personalise::recover(&db).await.unwrap(), [run_id]);
    assert_eq!(
        personalise::get(&db, run_id).await.unwrap().status,
        RunStatus::Paused
    );
    let writer = Scripted::new(keeps_facts);
    personalise::run(&db, run_id, &writer, ONE, &CancelToken::new(), |_| {})
        .await
        .unwrap();
    assert_eq!(writer.asked_for(), ["Bruno", "Carla"]);
    let first = &personalise::messages(&db, run_id, None, 0, 1)
        .await
        .unwrap()[0];
    assert_eq!(first.text.as_deref(), Some("Ana, saved before the crash"));
}

#[tokio::test]
async fn answers_that_change_the_offer_are_asked_again_then_rejected() {
    let (_dir, db, run_id) = setup(&["Ana", "Bruno"]).await;
    // Ana's first answer changes the price, the second keeps it; Bruno's never does.
    let writer = Scripted::new(|_, name| {
        if name == "Ana" {
            static ANA: AtomicUsize = AtomicUsize::new(0);
            if ANA.fetch_add(1, Ordering::SeqCst) == 0 {
                return Ok("{{nome}}, camisetas por R$ 39,90 até 25/12!".to_owned());
            }
            return keeps_facts(0, name);
        }
        Ok("{{nome}}, camisetas em promoção até 25/12! Veja loja.com.br".to_owned())
    });
    personalise::run(&db, run_id, &writer, ONE, &CancelToken::new(), |_| {})
        .await
        .unwrap();
    let messages = personalise::messages(&db, run_id, None, 0, 10)
        .await
        .unwrap();
    assert_eq!(messages[0].status, MessageStatus::Done);
    assert_eq!(messages[1].status, MessageStatus::Failed);
    assert_eq!(messages[1].error_code.as_deref(), Some("FACTS_CHANGED"));
    let detail = messages[1].error_detail.as_deref().unwrap();
    assert!(
        detail.contains("R$ 49,90") && detail.contains("loja.com.br"),
        "{detail}"
    );
    assert_eq!(
        writer.calls.load(Ordering::SeqCst),
        2 + 3,
        "Ana twice, Bruno three times"
    );

    // A failed row blocks approval until it is retried or edited.
    assert!(matches!(
        personalise::approve(&db, run_id).await,
        Err(ComposeError::RunNotFinished(_))
    ));
    assert_eq!(personalise::retry_failed(&db, run_id).await.unwrap(), 1);
    let run = personalise::get(&db, run_id).await.unwrap();
    assert_eq!((run.counts.pending, run.status), (1, RunStatus::Paused));
}

#[tokio::test]
async fn a_refused_key_pauses_the_run_and_leaves_every_row_pending() {
    let (_dir, db, run_id) = setup(&["Ana", "Bruno", "Carla"]).await;
    let writer = Scripted::new(|_, _| {
        Err(AiError::Unauthorized {
            message: "Incorrect API key provided".into(),
        })
    });
    let error = personalise::run(
        &db,
        run_id,
        &writer,
        RunOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .await
    .unwrap_err();
    assert!(matches!(
        error,
        ComposeError::Ai(AiError::Unauthorized { .. })
    ));
    let run = personalise::get(&db, run_id).await.unwrap();
    assert_eq!(run.status, RunStatus::Paused);
    assert_eq!(
        run.counts.pending, 3,
        "nothing is marked failed for a bad key"
    );
}
