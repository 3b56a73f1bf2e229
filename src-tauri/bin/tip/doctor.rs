//! `tip doctor`: folders, database, keychain and the Evolution server at a glance.

use std::process::ExitCode;

use whats_tip::app_core::Core;
use whats_tip::doctor::{self, Check, DoctorReport};

pub async fn run(core: &Core, json: bool) -> ExitCode {
    let report = doctor::run(core).await;
    if json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("tip: {e}"),
        }
    } else {
        print_report(&report);
    }
    if report.has_failures() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_report(r: &DoctorReport) {
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
