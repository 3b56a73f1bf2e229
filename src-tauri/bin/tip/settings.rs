//! `tip settings show|set`: the same settings file the window shows, through the core's one
//! writer (`SettingsStore`), so a headless machine can be set up without a window.

use std::process::ExitCode;

use clap::Subcommand;
use whats_tip::app_core::Core;
use whats_tip::settings::{Language, Settings};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Print the saved settings as JSON (keys are never shown: they live in the keychain).
    Show,
    /// Change one or more values; the others are kept.
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
struct SetArgs {
    /// Evolution server address, e.g. https://evo.minhaloja.com.br ("" clears it).
    #[arg(long)]
    evolution_url: Option<String>,
    /// OpenAI model name.
    #[arg(long)]
    openai_model: Option<String>,
    /// OpenAI-compatible server address ("" means api.openai.com).
    #[arg(long)]
    openai_base_url: Option<String>,
    /// pt-BR or en.
    #[arg(long, value_parser = parse_language)]
    language: Option<Language>,
    /// Country assumed for numbers without a country code (two letters).
    #[arg(long)]
    default_country: Option<String>,
}

fn parse_language(text: &str) -> Result<Language, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| format!("{text:?} is not a language: use pt-BR or en"))
}

pub fn run(core: &Core, args: Args) -> ExitCode {
    let result = match args.action {
        Action::Show => core.settings().load(),
        Action::Set(set) => core.settings().modify(|s: &mut Settings| {
            if let Some(url) = set.evolution_url {
                s.evolution_url = Some(url);
            }
            if let Some(model) = set.openai_model {
                s.openai_model = model;
            }
            if let Some(url) = set.openai_base_url {
                s.openai_base_url = Some(url);
            }
            if let Some(language) = set.language {
                s.language = language;
            }
            if let Some(country) = set.default_country {
                s.default_country = country;
            }
        }),
    };
    match result.map(|s| serde_json::to_string_pretty(&s)) {
        Ok(Ok(text)) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("tip settings: {e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("tip settings: {e}");
            ExitCode::FAILURE
        }
    }
}
