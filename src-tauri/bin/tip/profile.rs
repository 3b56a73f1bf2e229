//! `tip profile list|create|rename|delete|use`: the server profiles the window shows in
//! its header, from the same `profiles.json`.

use std::process::ExitCode;

use clap::Subcommand;
use whats_tip::profiles::{ProfileError, ProfileRegistry};
use whats_tip::settings::SettingsStore;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// List the profiles; `*` marks the one `tip` and the window open by default.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Add an empty profile (set its server with `tip --profile NAME settings set`).
    Create { name: String },
    /// Rename a profile (its id, folder and keys stay).
    Rename { profile: String, name: String },
    /// Delete a profile with its data and keys (not the default one).
    Delete {
        profile: String,
        /// Required: deleting removes the profile's contacts, campaigns and keys.
        #[arg(long)]
        yes: bool,
    },
    /// Open this profile by default, in `tip` and the next time the window starts.
    Use { profile: String },
}

pub async fn run(registry: &ProfileRegistry, args: Args) -> ExitCode {
    if let Action::Delete {
        profile,
        yes: false,
    } = &args.action
    {
        eprintln!("tip profile: this deletes the contacts, campaigns and keys of {profile:?}; add --yes to confirm");
        return ExitCode::FAILURE;
    }
    match act(registry, args.action).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tip profile: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn act(registry: &ProfileRegistry, action: Action) -> Result<(), ProfileError> {
    match action {
        Action::List { json } => {
            let current = registry.current()?;
            let rows: Vec<serde_json::Value> = registry
                .list()?
                .into_iter()
                .map(|p| {
                    let url = SettingsStore::new(registry.paths(&p.id).settings_file())
                        .load()
                        .ok()
                        .and_then(|s| s.evolution_url);
                    serde_json::json!({
                        "id": p.id,
                        "name": p.name,
                        "current": p.id == current,
                        "evolutionUrl": url,
                    })
                })
                .collect();
            if json {
                println!("{}", serde_json::Value::Array(rows));
            } else {
                for row in rows {
                    println!(
                        "{} {:<24} {:<32} {}",
                        if row["current"] == true { "*" } else { " " },
                        row["id"].as_str().unwrap_or_default(),
                        row["name"].as_str().unwrap_or("(principal)"),
                        row["evolutionUrl"].as_str().unwrap_or("-"),
                    );
                }
            }
        }
        Action::Create { name } => {
            let entry = registry.create(&name, &jiff::Timestamp::now().to_string())?;
            println!("{}", entry.id);
        }
        Action::Rename { profile, name } => {
            let id = registry.find(&profile)?.id;
            registry.rename(&id, &name)?;
        }
        Action::Delete { profile, .. } => {
            let id = registry.find(&profile)?.id;
            registry.delete(&id).await?;
        }
        Action::Use { profile } => {
            let id = registry.find(&profile)?.id;
            registry.set_current(&id)?;
        }
    }
    Ok(())
}
