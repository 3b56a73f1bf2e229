//! `tip compose …`: the composer without a window. `render` shows what each contact of a
//! list would get (the spintax option and fallback behind every message) after the same
//! lint the editor shows; `variations` asks the AI assistant for versions of a text, held
//! to the same facts lock and similarity gate as in the app.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Subcommand;
use serde::Serialize;
use serde_json::{json, Value};
use whats_tip::ai::{AiError, CancelToken, VariationsRequest};
use whats_tip::app_core::{ClientError, Core};
use whats_tip::compose::assist::{self, AssistEvent, AssistTask, RejectReason, Rejected};
use whats_tip::compose::library::{self, TemplateView};
use whats_tip::compose::personalise::describe;
use whats_tip::compose::preview::{self, Renderer};
use whats_tip::compose::similarity::DEFAULT_THRESHOLD;
use whats_tip::compose::template::{self, FieldOutcome, LintProblem, Rendered, Severity};
use whats_tip::compose::ComposeError;
use whats_tip::storage::contact_lists::{self, ContactListRow};
use whats_tip::storage::contacts::{self, ContactRow};
use whats_tip::storage::Db;

/// Contacts read per query while rendering.
const RENDER_PAGE: u32 = 500;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Lint a template against a contact list and print each contact's message.
    Render(RenderArgs),
    /// Ask the AI for versions of a text (saved OpenAI settings, key from the keychain or
    /// WHATS_TIP_OPENAI_KEY); prints those that keep the facts and differ enough.
    Variations(VariationsArgs),
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["template", "text"])))]
struct RenderArgs {
    /// A saved template, by name (any case) or id.
    #[arg(long)]
    template: Option<String>,
    /// The template text itself, instead of a saved one.
    #[arg(long)]
    text: Option<String>,
    /// The contact list, by name (any case).
    #[arg(long)]
    list: String,
    /// Contacts to render, from the start of the list.
    #[arg(long, default_value_t = 10)]
    limit: u32,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct VariationsArgs {
    /// The message to vary (merge fields, prices, dates and links are kept as they are).
    #[arg(long)]
    text: String,
    /// How many versions.
    #[arg(long = "n", default_value_t = 3,
          value_parser = clap::value_parser!(u8).range(i64::from(VariationsRequest::MIN)..=i64::from(VariationsRequest::MAX)))]
    count: u8,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub async fn run(core: &Core, args: Args) -> ExitCode {
    let result = match args.action {
        Action::Render(args) => render(core, args).await,
        Action::Variations(args) => variations(core, args).await,
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("tip compose: {message}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------
// render

/// One contact's message, as printed.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct MessageOut {
    /// 0-based position in the list (the editor's preview index).
    position: u64,
    contact_id: i64,
    name: Option<String>,
    phone: String,
    text: String,
    chars: usize,
    choices: Vec<ChoiceOut>,
    fields: Vec<FieldOut>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ChoiceOut {
    /// The whole `{…|…}` group as written in the template.
    group: String,
    /// The option taken, as written.
    chosen: String,
    /// 0-based.
    option: usize,
    options: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct FieldOut {
    field: String,
    outcome: FieldOutcome,
    value: String,
}

async fn render(core: &Core, args: RenderArgs) -> Result<ExitCode, String> {
    render_with(core.db().map_err(|e| e.message)?, args).await
}

async fn render_with(db: &Db, args: RenderArgs) -> Result<ExitCode, String> {
    let saved = match &args.template {
        Some(wanted) => Some(find_template(db, wanted).await?),
        None => None,
    };
    let body = match (&saved, &args.text) {
        (Some(view), _) => view.body.clone(),
        (None, Some(text)) => text.clone(),
        (None, None) => return Err("give --template or --text".to_owned()),
    };
    let list = find_list(db, &args.list).await?;
    let filter = preview::in_list(Some(list.id));
    let total = contacts::count(db, &filter)
        .await
        .map_err(|e| e.to_string())?;

    // The lint and the rendering exactly as the editor's preview does them.
    let check = preview::check_for_list(db, &body, Some(list.id))
        .await
        .map_err(|e| e.to_string())?;
    let renderer = Renderer::new(&body, saved.as_ref().map(|t| t.id));
    let renderable = renderer.is_some();

    let mut messages = Vec::new();
    if let Some(renderer) = &renderer {
        let mut offset = 0u64;
        while offset < u64::from(args.limit) {
            let want = RENDER_PAGE.min(args.limit - offset as u32);
            let page = contacts::page_at(db, &filter, offset, want)
                .await
                .map_err(|e| e.to_string())?;
            if page.is_empty() {
                break;
            }
            for (i, contact) in page.iter().enumerate() {
                let rendered = renderer.render(contact);
                messages.push(message_out(&body, offset + i as u64, contact, rendered));
            }
            offset += page.len() as u64;
        }
    }

    if args.json {
        let problems: Vec<Value> = check.problems.iter().map(problem_json).collect();
        let out = json!({
            "template": saved.as_ref().map(|t| json!({"id": t.id, "name": t.name})),
            "body": body,
            "list": {"id": list.id, "name": list.name, "contacts": total},
            "check": {
                "hasErrors": check.has_errors,
                "variants": check.variants,
                "fields": check.fields,
                "problems": problems,
            },
            "rendered": renderable,
            "messages": messages,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?
        );
    } else {
        let mut text = String::new();
        match &saved {
            Some(t) => {
                let _ = write!(text, "template \"{}\" (#{})", t.name, t.id);
            }
            None => text.push_str("template text"),
        }
        let _ = writeln!(
            text,
            ": {} possible message(s); fields: {}",
            check.variants,
            if check.fields.is_empty() {
                "none".to_owned()
            } else {
                check.fields.join(", ")
            }
        );
        let _ = writeln!(
            text,
            "list \"{}\" (#{}): {} contact(s); showing {}",
            list.name,
            list.id,
            total,
            messages.len()
        );
        if !check.problems.is_empty() {
            text.push_str("\nproblems:\n");
            for problem in &check.problems {
                let _ = writeln!(text, "  {}", problem_line(&body, problem));
            }
        }
        if !renderable {
            text.push_str("\nnot rendered: fix the errors above first\n");
        }
        for message in &messages {
            text.push('\n');
            text.push_str(&message_text(message));
        }
        print!("{text}");
    }
    Ok(if check.has_errors {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// By name first (names are unique whatever their case), then by id.
async fn find_template(db: &Db, wanted: &str) -> Result<TemplateView, String> {
    let all = library::list(db).await.map_err(|e| e.to_string())?;
    let key = contact_lists::name_key(wanted);
    if let Some(found) = all.iter().find(|t| contact_lists::name_key(&t.name) == key) {
        return Ok(found.clone());
    }
    if let Ok(id) = wanted.trim().trim_start_matches('#').parse::<i64>() {
        match library::get(db, id).await {
            Ok(view) => return Ok(view),
            Err(ComposeError::TemplateNotFound(_)) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
    Err(format!("no template is called {wanted:?}{}", known(&names)))
}

async fn find_list(db: &Db, wanted: &str) -> Result<ContactListRow, String> {
    let mut conn = db.pool().acquire().await.map_err(|e| e.to_string())?;
    if let Some(list) = contact_lists::find_by_name(&mut conn, wanted)
        .await
        .map_err(|e| e.to_string())?
    {
        return Ok(list);
    }
    drop(conn);
    let all = contact_lists::list(db).await.map_err(|e| e.to_string())?;
    let names: Vec<&str> = all.iter().map(|l| l.name.as_str()).collect();
    Err(format!(
        "no contact list is called {wanted:?}{}",
        known(&names)
    ))
}

fn known(names: &[&str]) -> String {
    if names.is_empty() {
        " (there are none yet)".to_owned()
    } else {
        format!(" (known: {})", names.join(", "))
    }
}

fn message_out(body: &str, position: u64, contact: &ContactRow, rendered: Rendered) -> MessageOut {
    let slice = |range: std::ops::Range<usize>| body.get(range).unwrap_or_default().to_owned();
    MessageOut {
        position,
        contact_id: contact.id,
        name: contact.name.clone(),
        phone: contact.phone_e164.clone(),
        chars: rendered.chars,
        choices: rendered
            .trace
            .choices
            .iter()
            .map(|c| ChoiceOut {
                group: slice(c.group.bytes()),
                chosen: slice(c.chosen.bytes()),
                option: c.option,
                options: c.options,
            })
            .collect(),
        fields: rendered
            .trace
            .fields
            .into_iter()
            .map(|f| FieldOut {
                field: f.field,
                outcome: f.outcome,
                value: f.value,
            })
            .collect(),
        text: rendered.text,
    }
}

fn message_text(m: &MessageOut) -> String {
    let mut out = format!(
        "#{} {} {}\n",
        m.position + 1,
        m.name.as_deref().unwrap_or("(no name)"),
        template::display_phone(&m.phone)
    );
    for line in m.text.lines() {
        let _ = writeln!(out, "    {line}");
    }
    for c in &m.choices {
        let _ = writeln!(
            out,
            "  spintax  {} -> {:?} (option {} of {})",
            c.group,
            c.chosen,
            c.option + 1,
            c.options
        );
    }
    for f in &m.fields {
        let how = match f.outcome {
            FieldOutcome::Filled => format!("= {:?}", f.value),
            FieldOutcome::Fallback => format!("-> fallback {:?} (blank for this contact)", f.value),
            FieldOutcome::Empty => "-> empty (blank, no fallback)".to_owned(),
        };
        let _ = writeln!(out, "  field    {{{{{}}}}} {how}", f.field);
    }
    out
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn problem_line(body: &str, p: &LintProblem) -> String {
    let mut line = format!("{:<8} {p}", severity_word(p.severity));
    if let Some(snippet) = body.get(p.range.bytes()).filter(|s| !s.is_empty()) {
        let _ = write!(line, ": {snippet:?}");
    }
    if let Some(suggestion) = &p.suggestion {
        let _ = write!(line, " (did you mean `{suggestion}`?)");
    }
    if let Some(contacts) = p.contacts {
        let _ = write!(line, " ({contacts} contact(s))");
    }
    line
}

fn problem_json(p: &LintProblem) -> Value {
    let mut value = serde_json::to_value(p).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut value {
        fields.insert("message".to_owned(), json!(p.to_string()));
    }
    value
}

// ---------------------------------------------------------------------------------------
// variations

async fn variations(core: &Core, args: VariationsArgs) -> Result<ExitCode, String> {
    let settings = core.settings().load().map_err(|e| e.to_string())?;
    let client = core.ai().await.map_err(|e| match e {
        ClientError::Ai(e) => ai_message(e),
        other => other.to_string(),
    })?;
    let task = AssistTask::Variations {
        request: VariationsRequest {
            text: args.text.clone(),
            count: args.count,
            language: settings.language,
        },
    };
    let cancel = CancelToken::new();
    let on_ctrl_c = tokio::spawn({
        let cancel = cancel.clone();
        async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                cancel.cancel();
            }
        }
    });
    let json = args.json;
    let mut accepted = 0usize;
    let result = assist::assist(&client, &task, &cancel, |event| {
        if json {
            return;
        }
        // Printed as they pass the gates, as the app streams them.
        match event {
            AssistEvent::Variation { text } => {
                accepted += 1;
                println!("{}", variation_text(accepted, &text));
            }
            AssistEvent::RejectedVariation { rejected } => println!("{}", rejected_text(&rejected)),
            AssistEvent::Delta { .. } | AssistEvent::Restart { .. } => {}
        }
    })
    .await;
    on_ctrl_c.abort();
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(ComposeError::Ai(e)) => return Err(ai_message(e)),
        Err(e) => return Err(e.to_string()),
    };
    if json {
        let rejected: Vec<Value> = outcome
            .rejected
            .iter()
            .map(|r| {
                json!({
                    "text": r.text,
                    "reason": r.reason,
                    "why": reason_text(&r.reason),
                })
            })
            .collect();
        let out = json!({
            "model": client.model(),
            "asked": args.count,
            "variations": outcome.variations,
            "rejected": rejected,
            "cancelled": outcome.cancelled,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?
        );
    } else {
        println!(
            "{} of {} variation(s) accepted, {} rejected ({})",
            outcome.variations.len(),
            args.count,
            outcome.rejected.len(),
            client.model()
        );
    }
    if outcome.cancelled {
        eprintln!("tip compose: cancelled");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn ai_message(error: AiError) -> String {
    match error {
        AiError::MissingKey => {
            format!("{error}: save one in Settings, or set WHATS_TIP_OPENAI_KEY for this command")
        }
        other => other.to_string(),
    }
}

fn indented(text: &str) -> String {
    text.lines()
        .map(|l| format!("     {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn variation_text(n: usize, text: &str) -> String {
    format!("accepted {n}:\n{}", indented(text))
}

fn rejected_text(rejected: &Rejected) -> String {
    format!(
        "rejected ({}):\n{}",
        reason_text(&rejected.reason),
        indented(&rejected.text)
    )
}

fn reason_text(reason: &RejectReason) -> String {
    match reason {
        RejectReason::Facts { violations } => format!("facts changed: {}", describe(violations)),
        RejectReason::Similar { similarity } => format!(
            "too similar to the original or to another version: {similarity:.2} (limit {DEFAULT_THRESHOLD:.2})"
        ),
        RejectReason::BadTemplate => "not a valid template (unbalanced braces)".to_owned(),
    }
}
