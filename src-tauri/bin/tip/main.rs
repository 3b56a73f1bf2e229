//! `tip`: the headless command-line tool over the same core as the app.

mod compose;
mod doctor;
mod import;
mod instances;
mod openai_sandbox;
mod sandbox;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
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
    /// Import contacts from a spreadsheet or CSV file into a contact list.
    Import(import::Args),
    /// Manage WhatsApp instances on the Evolution server.
    Instances(instances::Args),
    /// Run a local Evolution API sandbox (no WhatsApp account needed).
    Sandbox(sandbox::Args),
    /// Run a local OpenAI-compatible sandbox (no account, no cost).
    OpenaiSandbox(openai_sandbox::Args),
    /// Render templates for a contact list, or ask the AI for variations.
    Compose(compose::Args),
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
    runtime.block_on(async {
        match cli.command {
            Command::Doctor { json } => doctor::run(&paths, json).await,
            Command::Import(args) => import::run(&paths, args).await,
            Command::Instances(args) => instances::run(&paths, args).await,
            Command::Sandbox(args) => sandbox::run(args).await,
            Command::OpenaiSandbox(args) => openai_sandbox::run(args).await,
            Command::Compose(args) => compose::run(&paths, args).await,
        }
    })
}
