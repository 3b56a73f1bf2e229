//! `tip`: the headless command-line tool over the same core as the app.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use whats_tip::doctor::{self, Check, DoctorReport};
use whats_tip::paths::AppPaths;

#[derive(Debug, Parser)]
#[command(name = "tip", version, about = "Whats TIP from the command line")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check folders, database, keychain and the Evolution server.
    Doctor {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let paths = match AppPaths::resolve() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("tip: {e}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tip: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Doctor { json } => {
            let report = runtime.block_on(doctor::run(&paths));
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
            yes_no(k.evolution_api_key),
            yes_no(k.openai_api_key)
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

fn yes_no(b: bool) -> &'static str {
    if b {
        "saved"
    } else {
        "not saved"
    }
}
