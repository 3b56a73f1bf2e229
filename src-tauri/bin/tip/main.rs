//! `tip`: the headless command-line tool over the same core as the app window: it builds
//! the same `Core` (database, keychain, settings file, clients) and calls the same methods.

mod campaign;
mod compose;
mod doctor;
mod history;
mod import;
mod instances;
mod openai_sandbox;
mod personalise;
mod profile;
mod progress;
mod sandbox;
mod settings;

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use whats_tip::app_core::{ClientOverrides, Core, CoreOptions};
use whats_tip::events::{EventSink, NoEvents};
use whats_tip::paths::AppPaths;
use whats_tip::profiles::ProfileRegistry;
use whats_tip::secrets::Sensitive;

/// Keys can come from the environment (scripts, machines without a keychain).
const EVOLUTION_KEY_ENV: &str = "WHATS_TIP_EVOLUTION_KEY";
const OPENAI_KEY_ENV: &str = "WHATS_TIP_OPENAI_KEY";
const PROFILE_ENV: &str = "WHATS_TIP_PROFILE";

#[derive(Debug, Parser)]
#[command(name = "tip", version, about = "Whats TIP from the command line")]
struct Cli {
    /// Server profile to use (id or name); default: the one the window opened last.
    /// Also read from WHATS_TIP_PROFILE.
    #[arg(long, global = true, env = PROFILE_ENV)]
    profile: Option<String>,
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
        /// Seconds to watch an instance that is connecting without a QR code before
        /// reporting it (default 60).
        #[arg(long)]
        qr_wait_secs: Option<u64>,
    },
    /// Show or change the settings the app window shows (the same file).
    Settings(settings::Args),
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
    /// List or run per-contact personalisation runs, with a progress bar.
    Personalise(personalise::Args),
    /// Create, check, start and follow campaigns, with a progress bar.
    Campaign(campaign::Args),
    /// List, create, rename, delete server profiles, or choose the default one.
    Profile(profile::Args),
    /// A campaign's report, replies, the opt-out review list, a number's timeline (JSON).
    History(history::Args),
}

fn env_key(name: &str) -> Option<Sensitive<String>> {
    std::env::var(name)
        .ok()
        .filter(|k| !k.trim().is_empty())
        .map(Sensitive::new)
}

/// The core as the window builds it, with this run's overrides and event sink.
async fn open_core(paths: AppPaths, url: Option<String>, events: Arc<dyn EventSink>) -> Core {
    let overrides = ClientOverrides {
        evolution_url: url,
        evolution_key: env_key(EVOLUTION_KEY_ENV),
        openai_key: env_key(OPENAI_KEY_ENV),
    };
    Core::open(paths, CoreOptions { events, overrides }).await
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = match AppPaths::resolve() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("tip: {e}");
            return ExitCode::FAILURE;
        }
    };
    let registry = ProfileRegistry::new(root);
    let profile = match &cli.profile {
        Some(wanted) => registry.find(wanted).map(|p| p.id),
        None => registry.current(),
    };
    let paths = match profile {
        Ok(id) => registry.paths(&id),
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
        let quiet: Arc<dyn EventSink> = Arc::new(NoEvents);
        let (core, code) = match cli.command {
            // The sandboxes are servers of their own: no profile involved.
            Command::Sandbox(args) => return sandbox::run(args).await,
            Command::OpenaiSandbox(args) => return openai_sandbox::run(args).await,
            Command::Profile(args) => return profile::run(&registry, args).await,
            Command::Doctor { json, qr_wait_secs } => {
                let core = open_core(paths, None, quiet).await;
                let code = doctor::run(&core, json, qr_wait_secs).await;
                (core, code)
            }
            Command::History(args) => {
                let core = open_core(paths, None, quiet).await;
                let code = history::run(&core, args).await;
                (core, code)
            }
            Command::Settings(args) => {
                let core = open_core(paths, None, quiet).await;
                let code = settings::run(&core, args);
                (core, code)
            }
            Command::Import(args) => {
                let core = open_core(paths, None, quiet).await;
                let code = import::run(&core, args).await;
                (core, code)
            }
            Command::Instances(args) => {
                let core = open_core(paths, args.url(), quiet).await;
                let code = instances::run(&core, args).await;
                (core, code)
            }
            Command::Compose(args) => {
                let core = open_core(paths, None, quiet).await;
                let code = compose::run(&core, args).await;
                (core, code)
            }
            Command::Campaign(args) => {
                let bars = Arc::new(progress::BarEvents::default());
                let core = open_core(paths, args.url(), bars).await;
                let code = campaign::run(&core, args).await;
                (core, code)
            }
            Command::Personalise(args) => {
                let bars = Arc::new(progress::BarEvents::default());
                let core = open_core(paths, None, bars).await;
                let code = personalise::run(&core, args).await;
                (core, code)
            }
        };
        core.close().await;
        code
    })
}
