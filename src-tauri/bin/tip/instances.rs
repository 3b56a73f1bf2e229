//! `tip instances …`: the Instances screen from a terminal, QR included.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Subcommand;
use whats_tip::evolution::{ConnectionState, EvolutionClient, EvolutionError};
use whats_tip::instances::{self, QrView};
use whats_tip::paths::AppPaths;
use whats_tip::secrets::{Keychain, SecretKind, Sensitive};
use whats_tip::{qr, settings};

/// The key can come from the environment (for scripts) instead of the keychain.
const KEY_ENV: &str = "WHATS_TIP_EVOLUTION_KEY";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Server address (default: the one saved in Settings).
    #[arg(long, global = true)]
    url: Option<String>,
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// List instances with their live state.
    List,
    /// Create an instance (then `connect` it).
    Create { name: String },
    /// Start connecting and print the QR (or a pairing code with --number).
    Connect {
        name: String,
        /// Phone number with country code: print a pairing code instead of a QR.
        #[arg(long)]
        number: Option<String>,
        /// Keep printing the QR as it rotates until the phone connects (up to 3 minutes).
        #[arg(long)]
        wait: bool,
    },
    /// Print the live state.
    State { name: String },
    /// Drop and reopen the WhatsApp connection.
    Restart { name: String },
    /// Unlink the phone (the instance stays).
    Logout { name: String },
    /// Delete the instance from the server.
    Delete { name: String },
}

pub async fn run(paths: &AppPaths, args: Args) -> ExitCode {
    match execute(paths, args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tip: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn client(paths: &AppPaths, url: Option<String>) -> Result<EvolutionClient, EvolutionError> {
    let url = match url {
        Some(url) => url,
        None => settings::read_store_file(&paths.settings_file())
            .map_err(|e| EvolutionError::InvalidUrl(e.to_string()))?
            .evolution_url
            .ok_or(EvolutionError::NotConfigured)?,
    };
    let key = match std::env::var(KEY_ENV).ok().filter(|k| !k.is_empty()) {
        Some(key) => Some(Sensitive::new(key)),
        None => Keychain::new(&paths.keyring_service)
            .get(SecretKind::EvolutionApiKey)
            .await
            .ok()
            .flatten(),
    };
    EvolutionClient::new(&url, key)
}

fn state_word(state: ConnectionState) -> &'static str {
    match state {
        ConnectionState::Open => "open",
        ConnectionState::Connecting => "connecting",
        ConnectionState::Close => "close",
        ConnectionState::Unknown => "unknown",
    }
}

async fn execute(paths: &AppPaths, args: Args) -> Result<(), EvolutionError> {
    let client = client(paths, args.url).await?;
    match args.action {
        Action::List => {
            let list = instances::list(&client).await?;
            if list.is_empty() {
                println!("no instances");
            }
            for i in list {
                println!(
                    "{:<24} {:<11} {:<15} {}",
                    i.name,
                    state_word(i.state),
                    i.number.unwrap_or_default(),
                    i.profile_name.unwrap_or_default()
                );
            }
        }
        Action::Create { name } => {
            let created =
                instances::create(&client, &Keychain::new(&paths.keyring_service), &name).await?;
            println!(
                "created {}; next: tip instances connect {}",
                created.name, created.name
            );
        }
        Action::Connect { name, number, wait } => {
            let view = instances::connect(&client, &name, number.as_deref()).await?;
            print_view(&client, &name, &view).await?;
            if wait {
                wait_until_open(&client, &name, view).await?;
            }
        }
        Action::State { name } => println!("{}", state_word(client.connection_state(&name).await?)),
        Action::Restart { name } => {
            client.restart(&name).await?;
            println!("restarted {name}");
        }
        Action::Logout { name } => {
            client.logout(&name).await?;
            println!("logged out {name}");
        }
        Action::Delete { name } => {
            client.delete_instance(&name).await?;
            let _ = Keychain::new(&paths.keyring_service)
                .delete_instance_token(&name)
                .await;
            println!("deleted {name}");
        }
    }
    Ok(())
}

async fn print_view(
    client: &EvolutionClient,
    name: &str,
    view: &QrView,
) -> Result<(), EvolutionError> {
    if let Some(code) = &view.pairing_code {
        println!("pairing code for {name}: {code}");
        println!("On the phone: Linked devices › Link with phone number, then type the code.");
        return Ok(());
    }
    match view.state {
        ConnectionState::Open => println!("{name} is connected"),
        _ if view.qr_id.is_some() => {
            // The view carries only an SVG; ask for the payload again to draw it as text.
            if let whats_tip::evolution::ConnectOutcome::Qr(qr) = client.connect(name, None).await?
            {
                if let Some(code) = qr.code {
                    let text = qr::to_terminal(&code)
                        .map_err(|e| EvolutionError::UnexpectedResponse(e.to_string()))?;
                    println!("{text}");
                    println!(
                        "Scan with WhatsApp › Linked devices › Link a device (QR #{})",
                        qr.count
                    );
                }
            }
        }
        state => println!(
            "{name} is {}; no QR yet, try again in a few seconds",
            state_word(state)
        ),
    }
    Ok(())
}

async fn wait_until_open(
    client: &EvolutionClient,
    name: &str,
    mut last: QrView,
) -> Result<(), EvolutionError> {
    let deadline = Instant::now() + Duration::from_secs(180);
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let view = instances::current_qr(client, name).await?;
        if view.state == ConnectionState::Open {
            println!("{name} is connected");
            return Ok(());
        }
        if view.qr_id != last.qr_id {
            print_view(client, name, &view).await?;
        }
        last = view;
    }
    Err(EvolutionError::Timeout)
}
