//! Per-contact personalisation with the real `AiClient` against the OpenAI sandbox: many
//! pages of rows, the requests in flight held at the concurrency asked for, every contact
//! asked exactly once, and the contact's own data never mistaken for the offer's facts.

use std::collections::BTreeMap;
use std::time::Duration;

use whats_tip::ai::{AiClient, AiConfig, CancelToken};
use whats_tip::compose::personalise::{self, MessageStatus, PrepareInput, RunOptions, RunStop};
use whats_tip::import::phone::PhoneRules;
use whats_tip::import::read::{self, ReadOptions};
use whats_tip::import::{self, mapping, Control, ImportPlan};
use whats_tip::openai_sandbox::{OpenAiSandbox, OpenAiSandboxConfig};
use whats_tip::secrets::Sensitive;
use whats_tip::settings::Language;
use whats_tip::storage::Db;

const BODY: &str =
    "Oi {{nome|cliente}}! Camisetas por R$ 49,90 até 25/12 em {{cidade|sua cidade}}.";

#[tokio::test]
async fn a_long_list_is_asked_once_per_contact_at_full_concurrency() {
    const CONTACTS: usize = 300;
    const CONCURRENCY: usize = 6;
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("app.sqlite3")).await.unwrap();
    let mut csv = String::from("Nome;Celular;Cidade;Email\n");
    for i in 0..CONTACTS {
        csv.push_str(&format!(
            "Cliente {i};11 9{:04}-{:04};Recife;c{i}@loja.com.br\n",
            8000 + i / 10_000,
            i % 10_000
        ));
    }
    let path = dir.path().join("lista.csv");
    std::fs::write(&path, csv).unwrap();
    let preview = read::preview(&path, &ReadOptions::default(), 50).unwrap();
    let suggestion = mapping::suggest(
        &preview.table.headers,
        &preview.rows,
        &PhoneRules::default(),
    );
    let plan = ImportPlan::new(&path, suggestion.mapping, "Clientes");
    let list_id = import::run_import(&db, &plan, |_| Control::Continue)
        .await
        .unwrap()
        .list_id;
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
    assert_eq!(run.counts.total, CONTACTS as u64);

    let sandbox = OpenAiSandbox::start(
        OpenAiSandboxConfig::default(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    // Long enough that every slot fills before the first answer comes back.
    sandbox.control().set_latency(Duration::from_millis(20));
    let client = AiClient::new(AiConfig::new(
        Some(sandbox.base_url()),
        Sensitive::new(sandbox.api_key().to_owned()),
        "gpt-4o-mini",
    ))
    .unwrap();
    let options = RunOptions {
        concurrency: CONCURRENCY,
        ..RunOptions::default()
    };
    let stop = personalise::run(&db, run.id, &client, options, &CancelToken::new(), |_| {})
        .await
        .unwrap();
    assert_eq!(stop, RunStop::Completed);

    let done = personalise::get(&db, run.id).await.unwrap();
    assert_eq!(
        (done.counts.done, done.counts.failed, done.counts.pending),
        (CONTACTS as u64, 0, 0),
        "no answer broke the facts: the contact's phone and e-mail are not the offer's"
    );
    let journal = sandbox.control().journal();
    assert_eq!(
        journal.max_in_flight, CONCURRENCY,
        "the concurrency asked for, no more"
    );
    // One request per contact, each for a different contact, across several pages.
    let mut asked: BTreeMap<String, usize> = BTreeMap::new();
    for request in &journal.requests {
        let user = request.body.as_ref().unwrap()["messages"][1]["content"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_default();
        let name = user
            .lines()
            .find_map(|l| l.strip_prefix("nome: "))
            .unwrap_or_default()
            .to_owned();
        *asked.entry(name).or_default() += 1;
    }
    assert_eq!(journal.requests.len(), CONTACTS);
    assert_eq!(asked.len(), CONTACTS, "every contact asked");
    assert!(asked.values().all(|&n| n == 1), "none asked twice");

    let messages = personalise::messages(&db, run.id, Some(MessageStatus::Done), 0, 500)
        .await
        .unwrap();
    let first = messages[0].text.as_deref().unwrap();
    assert!(
        first.contains("Cliente 0") && first.contains("R$ 49,90") && first.contains("Recife"),
        "{first}"
    );
    assert!(messages
        .iter()
        .all(|m| !m.text.as_deref().unwrap_or_default().contains("{{")));
    sandbox.shutdown().await;
}
