//! `tip doctor`: folders, database, keychain, the Evolution server at a glance, and the
//! server doctor's checks (version advice, instances stuck without a QR) in the language
//! chosen in Settings.

use std::process::ExitCode;
use std::time::Duration;

use whats_tip::app_core::Core;
use whats_tip::doctor::{self, Check, DoctorOptions, DoctorReport, ServerChecks};
use whats_tip::server_doctor::texts::{self, Label};
use whats_tip::server_doctor::FindingLevel;
use whats_tip::settings::Language;

pub async fn run(core: &Core, json: bool, qr_wait_secs: Option<u64>) -> ExitCode {
    let options = DoctorOptions {
        qr_wait: qr_wait_secs.map_or(DoctorOptions::default().qr_wait, Duration::from_secs),
    };
    let lang = core
        .settings()
        .load()
        .map(|s| s.language)
        .unwrap_or_default();
    if !json {
        let seconds = options.qr_wait.as_secs().to_string();
        let params = std::collections::BTreeMap::from([("seconds".to_owned(), seconds)]);
        eprintln!(
            "tip: {}",
            texts::fill(texts::label(Label::Checking, lang), &params)
        );
    }
    let report = doctor::run(core, options).await;
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("tip: {e}"),
        }
    } else {
        print_report(&report, lang);
    }
    if report.has_failures() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_report(r: &DoctorReport, lang: Language) {
    println!("Whats TIP {}", r.version);
    println!("  data folder      {}", r.data_dir);
    println!("  log folder       {}", r.log_dir);
    println!("  database         {}", r.database_path);
    println!("  settings file    {}", r.settings_file);
    println!();
    line("database", &r.database, |m| {
        format!(
            "{}/{} migrations applied{}",
            m.applied,
            m.known,
            m.latest
                .as_ref()
                .map(|l| format!(" (latest {l})"))
                .unwrap_or_default()
        )
    });
    line("keychain", &r.keychain, |k| {
        format!(
            "available (service {}); Evolution key {}, OpenAI key {}",
            k.service,
            saved(k.evolution_api_key),
            saved(k.openai_api_key)
        )
    });
    line("evolution", &r.evolution, |c| {
        format!(
            "Evolution API {} reachable; API key {:?}",
            c.server.version, c.api_key
        )
    });
    line("instances", &r.server, |s| {
        if s.instances.is_empty() {
            return "none on the server (or not listed: check the API key)".to_owned();
        }
        s.instances
            .iter()
            .map(|i| {
                let qr = match i.qr_seen {
                    Some(true) => ", QR ok",
                    Some(false) => ", no QR",
                    None => "",
                };
                let state = format!("{:?}", i.state).to_lowercase();
                format!("{} {state}{qr}", i.name)
            })
            .collect::<Vec<_>>()
            .join("; ")
    });
    if let Check::Ok { detail } = &r.server {
        print_findings(detail, lang);
    }
}

/// The server doctor's findings, as the window shows them: title, explanation, then the
/// `.env` lines to check with why.
fn print_findings(checks: &ServerChecks, lang: Language) {
    println!();
    println!("{}", texts::label(Label::Heading, lang));
    if checks.findings.is_empty() {
        println!("  [ok]   {}", texts::label(Label::NothingFound, lang));
        return;
    }
    for finding in &checks.findings {
        let tag = match finding.level {
            FindingLevel::Failure => "[FAIL]",
            FindingLevel::Warning => "[warn]",
            FindingLevel::Info => "[info]",
        };
        let (title, body) = texts::finding(finding, lang);
        println!("  {tag} {title} ({})", finding.id.key());
        println!("         {body}");
        if finding.settings.is_empty() {
            continue;
        }
        println!("         {}", texts::label(Label::CheckOnServer, lang));
        for setting in &finding.settings {
            let line = match &setting.value {
                Some(_) => setting.env_line(),
                None => format!(
                    "{}  ({})",
                    setting.variable.name(),
                    texts::label(Label::Remove, lang)
                ),
            };
            println!("           {line}");
            println!(
                "               {}",
                texts::note(setting.note, &finding.params, lang)
            );
        }
    }
}

fn line<T>(name: &str, check: &Check<T>, ok: impl Fn(&T) -> String) {
    match check {
        Check::Ok { detail } => println!("  [ok]   {name:<10} {}", ok(detail)),
        Check::NotConfigured { reason } => println!("  [--]   {name:<10} not configured: {reason}"),
        Check::Failed { reason } => println!("  [FAIL] {name:<10} {reason}"),
    }
}

fn saved(b: bool) -> &'static str {
    if b {
        "saved"
    } else {
        "not saved"
    }
}
