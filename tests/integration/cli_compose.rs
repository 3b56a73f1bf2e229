//! `tip compose render|variations` and `tip openai-sandbox`, run as a user (or a window
//! test) would, against temporary profiles and an OpenAI sandbox started here.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use whats_tip::ai::{AiClient, AiConfig, ChatMessage, ChatRequest};
use whats_tip::compose::library::{self, TemplateDraft};
use whats_tip::compose::similarity::{similarity, DEFAULT_THRESHOLD};
use whats_tip::compose::template::{MergeValues, Seed, Template};
use whats_tip::openai_sandbox::{Fault, OpenAiSandbox, OpenAiSandboxConfig, ScriptedReply};
use whats_tip::secrets::Sensitive;
use whats_tip::storage::contacts::{self, ContactFilter};
use whats_tip::storage::Db;

const OFFER: &str = "Oi {{nome}}! Camisetas por R$ 49,90 até 25/12. Cupom VERAO10.";

fn tip(data_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tip"));
    cmd.env("WHATS_TIP_DATA_DIR", data_dir)
        .env(
            "WHATS_TIP_KEYRING_SERVICE",
            format!("whats-tip-cli-compose-test-{}", std::process::id()),
        )
        .env_remove("WHATS_TIP_OPENAI_KEY");
    cmd
}

struct Output {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn output(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    Output {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `tip` off the async runtime (the sandbox serves on it meanwhile).
async fn run_tip(dir: &Path, env: Vec<(&'static str, String)>, args: Vec<&str>) -> Output {
    let dir = dir.to_path_buf();
    let args: Vec<String> = args.into_iter().map(str::to_owned).collect();
    tokio::task::spawn_blocking(move || {
        let mut cmd = tip(&dir);
        cmd.envs(env).args(&args);
        output(&mut cmd)
    })
    .await
    .unwrap()
}

/// A profile with the list "Clientes" imported through `tip import`: Bruno has no bairro.
fn profile_with_list() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("clientes.csv");
    std::fs::write(
        &csv,
        "Nome;Celular;Bairro\nAna Souza;11 98765-1000;Centro\nBruno;(11) 98765-1001;\n\
         Carla;11987651002;Tijuca\n",
    )
    .unwrap();
    let imported = output(
        tip(dir.path())
            .arg("import")
            .arg(&csv)
            .args(["--list", "Clientes"]),
    );
    assert!(imported.ok, "{}", imported.stderr);
    (dir, csv)
}

#[test]
fn render_prints_each_contacts_message_with_its_choices_and_fallbacks() {
    let (dir, _) = profile_with_list();
    let text = "{Oi|Olá} {{nome}}, ofertas no {{bairro|seu bairro}}!";
    let out =
        output(tip(dir.path()).args(["compose", "render", "--text", text, "--list", "clientes"]));
    assert!(out.ok, "{}{}", out.stdout, out.stderr);
    let stdout = out.stdout;
    assert!(stdout.contains("list \"Clientes\""), "{stdout}");
    assert!(stdout.contains("3 contact(s); showing 3"), "{stdout}");
    assert!(
        stdout.contains("ofertas no Centro!") && stdout.contains("Ana Souza"),
        "{stdout}"
    );
    assert!(stdout.contains("Bruno, ofertas no seu bairro!"), "{stdout}");
    assert!(
        stdout.contains("{{bairro}} -> fallback \"seu bairro\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("{Oi|Olá} -> \"Oi\"") || stdout.contains("{Oi|Olá} -> \"Olá\""),
        "{stdout}"
    );
    assert!(stdout.contains("(option "), "{stdout}");
    assert!(!stdout.contains("problems:"), "{stdout}");

    // --limit stops early.
    let out = output(tip(dir.path()).args([
        "compose", "render", "--text", text, "--list", "Clientes", "--limit", "1",
    ]));
    assert!(out.stdout.contains("showing 1") && !out.stdout.contains("Bruno"));
}

#[test]
fn lint_problems_come_first_and_errors_exit_1() {
    let (dir, _) = profile_with_list();
    let out = output(tip(dir.path()).args([
        "compose",
        "render",
        "--text",
        "Oi {{nome}}, veja o {{bairo}} e {{bairro}}!",
        "--list",
        "Clientes",
    ]));
    assert!(!out.ok, "an unknown field is an error");
    let problems = out.stdout.find("problems:").expect(&out.stdout);
    let first_message = out.stdout.find("#1 ").expect(&out.stdout);
    assert!(problems < first_message, "{}", out.stdout);
    assert!(
        out.stdout.contains("error    unknown merge field `bairo`"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("did you mean `bairro`?"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("warning  field is blank for some contacts")
            && out.stdout.contains("(1 contact(s))"),
        "{}",
        out.stdout
    );

    // Broken syntax: nothing is rendered.
    let out = output(tip(dir.path()).args([
        "compose",
        "render",
        "--text",
        "Oi {amigo|amiga",
        "--list",
        "Clientes",
        "--json",
    ]));
    assert!(!out.ok);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["check"]["hasErrors"], true);
    assert_eq!(json["check"]["problems"][0]["kind"], "unclosedBrace");
    assert!(json["check"]["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("never closed"));
    assert_eq!(json["rendered"], false);
    assert_eq!(json["messages"].as_array().unwrap().len(), 0);

    // Unknown names say what exists.
    let out =
        output(tip(dir.path()).args(["compose", "render", "--text", "Oi", "--list", "Outra"]));
    assert!(
        !out.ok && out.stderr.contains("known: Clientes"),
        "{}",
        out.stderr
    );
}

#[tokio::test]
async fn a_saved_template_renders_exactly_what_the_app_previews_and_sends() {
    let (dir, _) = profile_with_list();
    let db = Db::open(&dir.path().join("whats-tip.sqlite3"))
        .await
        .unwrap();
    let saved = library::create(
        &db,
        &TemplateDraft {
            name: "Natal".into(),
            body: "{Oi|Olá|E aí} {{nome}}! {Camisas|Camisetas} no {{bairro|seu bairro}}.".into(),
            media: None,
        },
    )
    .await
    .unwrap();
    let list = contacts::page_at(&db, &ContactFilter::default(), 0, 10)
        .await
        .unwrap();
    db.close().await;

    for by in ["natal".to_owned(), saved.id.to_string()] {
        let out = run_tip(
            dir.path(),
            vec![],
            vec![
                "compose",
                "render",
                "--template",
                &by,
                "--list",
                "Clientes",
                "--json",
            ],
        )
        .await;
        assert!(out.ok, "{}", out.stderr);
        let json: Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(json["template"]["id"], saved.id);
        assert_eq!(json["list"]["contacts"], 3);
        assert_eq!(json["check"]["variants"], 6);
        let messages = json["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 3);
        let template = Template::parse(&saved.body).unwrap();
        for (message, contact) in messages.iter().zip(&list) {
            // The seed the app uses for a saved template: its id and the contact's number.
            let expected = template.render(
                &MergeValues::from_contact(contact),
                Seed::new(&format!("template:{}", saved.id), &contact.phone_e164),
            );
            assert_eq!(message["text"], expected.text.as_str());
            assert_eq!(message["phone"], contact.phone_e164.as_str());
            let choices = message["choices"].as_array().unwrap();
            assert_eq!(choices.len(), 2);
            assert_eq!(choices[0]["group"], "{Oi|Olá|E aí}");
            assert_eq!(
                choices[0]["option"].as_u64().unwrap() as usize,
                expected.trace.choices[0].option
            );
        }
        let bruno = &messages[1];
        assert_eq!(bruno["fields"][1]["outcome"], "fallback");
        assert_eq!(bruno["fields"][1]["value"], "seu bairro");
    }
    let out = run_tip(
        dir.path(),
        vec![],
        vec![
            "compose",
            "render",
            "--template",
            "Páscoa",
            "--list",
            "Clientes",
        ],
    )
    .await;
    assert!(
        !out.ok && out.stderr.contains("known: Natal"),
        "{}",
        out.stderr
    );
}

async fn openai_sandbox(key: &str) -> OpenAiSandbox {
    let config = OpenAiSandboxConfig {
        api_key: key.to_owned(),
        ..OpenAiSandboxConfig::default()
    };
    OpenAiSandbox::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

/// A profile whose saved OpenAI server is the sandbox.
fn profile_for(sandbox: &OpenAiSandbox) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("settings.json"),
        serde_json::json!({"settings": {"openaiBaseUrl": sandbox.base_url()}}).to_string(),
    )
    .unwrap();
    dir
}

#[tokio::test]
async fn variations_come_from_the_saved_server_and_pass_the_gates() {
    let sb = openai_sandbox("sk-cli-variations-0123456789").await;
    let dir = profile_for(&sb);
    let key = vec![("WHATS_TIP_OPENAI_KEY", sb.api_key().to_owned())];

    let out = run_tip(
        dir.path(),
        key.clone(),
        vec![
            "compose",
            "variations",
            "--text",
            OFFER,
            "--n",
            "3",
            "--json",
        ],
    )
    .await;
    assert!(out.ok, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["model"], "gpt-4o-mini");
    let variations: Vec<&str> = json["variations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(variations.len(), 3, "{json}");
    for v in &variations {
        for fact in ["{{nome}}", "R$ 49,90", "25/12", "VERAO10"] {
            assert!(v.contains(fact), "{fact} missing from {v}");
        }
        assert!(similarity(OFFER, v) < DEFAULT_THRESHOLD);
    }
    let journal = sb.control().journal();
    assert_eq!(journal.requests.len(), 1);
    assert_eq!(journal.requests[0].model.as_deref(), Some("gpt-4o-mini"));

    // A near-copy and a changed price are shown as rejected, with why.
    let first = "Olá {{nome}}, tudo bem? Separamos para você camisetas a R$ 49,90: a oferta \
                 vale até 25/12 e o cupom é VERAO10. Boas compras!";
    let scripted = serde_json::json!([
        first,
        first.replace("Separamos", "Escolhemos"),
        "{{nome}}, camisetas a R$ 39,90 até 25/12! Cupom VERAO10.",
    ]);
    sb.control()
        .push_reply(ScriptedReply::new(scripted.to_string()));
    let out = run_tip(
        dir.path(),
        key.clone(),
        vec!["compose", "variations", "--text", OFFER, "--n", "2"],
    )
    .await;
    assert!(out.ok, "{}", out.stderr);
    assert!(out.stdout.contains("accepted 1:"), "{}", out.stdout);
    assert!(
        out.stdout.contains("rejected (too similar"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("rejected (facts changed: \"R$ 49,90\" changed to \"R$ 39,90\")"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("variation(s) accepted"),
        "{}",
        out.stdout
    );
}

#[tokio::test]
async fn ai_errors_exit_1_with_the_servers_reason() {
    let sb = openai_sandbox("sk-cli-errors-0123456789abcdef").await;
    let dir = profile_for(&sb);

    sb.control().fail_next(Fault::QuotaExceeded, 1);
    let out = run_tip(
        dir.path(),
        vec![("WHATS_TIP_OPENAI_KEY", sb.api_key().to_owned())],
        vec!["compose", "variations", "--text", OFFER],
    )
    .await;
    assert!(!out.ok);
    assert!(out.stderr.contains("no quota left"), "{}", out.stderr);

    let wrong = "sk-wrong-cli-key-0123456789abcdef";
    let out = run_tip(
        dir.path(),
        vec![("WHATS_TIP_OPENAI_KEY", wrong.to_owned())],
        vec!["compose", "variations", "--text", OFFER, "--json"],
    )
    .await;
    assert!(!out.ok);
    assert!(out.stderr.contains("API key was refused"), "{}", out.stderr);
    assert!(
        !out.stderr.contains(wrong) && !out.stdout.contains(wrong),
        "the key never shows"
    );

    // No key in the environment and none in this profile's keychain entries.
    let mut cmd = tip(dir.path());
    cmd.env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/whats-tip-test-bus",
    )
    .args(["compose", "variations", "--text", OFFER]);
    let out = tokio::task::spawn_blocking(move || output(&mut cmd))
        .await
        .unwrap();
    assert!(!out.ok);
    assert!(
        out.stderr.contains("no OpenAI API key") && out.stderr.contains("WHATS_TIP_OPENAI_KEY"),
        "{}",
        out.stderr
    );
}

#[test]
fn openai_sandbox_command_prints_its_address_and_key_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = tip(dir.path())
        .args([
            "openai-sandbox",
            "--port",
            "0",
            "--key",
            "sk-window-tests-0123456789",
            "--facts",
            "break",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let done = line.contains(" listening on ");
        printed.push(line);
        if done {
            break;
        }
    }
    let value = |name: &str| {
        printed
            .iter()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name}= in {printed:?}"))
            .to_owned()
    };
    let base_url = value("base_url");
    assert!(
        base_url.starts_with("http://127.0.0.1:") && base_url.ends_with("/v1"),
        "{printed:?}"
    );
    assert!(
        printed[0].starts_with("base_url="),
        "first line: {printed:?}"
    );
    assert_eq!(value("key"), "sk-window-tests-0123456789");
    assert_eq!(
        value("control_url"),
        format!("{}/_sandbox", base_url.trim_end_matches("/v1"))
    );
    assert_eq!(
        printed.last().unwrap(),
        &format!("openai sandbox listening on {base_url}")
    );

    // It answers as OpenAI, in the facts mode asked for.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let answer = runtime.block_on(async {
        let client = AiClient::new(AiConfig::new(
            Some(base_url),
            Sensitive::new(value("key")),
            "gpt-4o-mini",
        ))
        .unwrap();
        client
            .complete(&ChatRequest::new(vec![ChatMessage::user(
                "Camisas por R$ 49,90 até 25/12.",
            )]))
            .await
            .unwrap()
    });
    assert!(
        answer.text.contains("R$ 59,90") && !answer.text.contains("R$ 49,90"),
        "{}",
        answer.text
    );
    child.kill().unwrap();
    child.wait().unwrap();
}
