//! `tip instances …`: the Instances screen from a terminal, QR included.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Subcommand;
use whats_tip::app_core::Core;
use whats_tip::error::AppError;
use whats_tip::evolution::{ConnectionState, EvolutionClient, EvolutionError};
use whats_tip::instance_views::{self as instances, QrView};
use whats_tip::qr;

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

impl Args {
    /// `--url` replaces the saved address for this run.
    pub fn url(&self) -> Option<String> {
        self.url.clone()
    }
}

pub async fn run(core: &Core, args: Args) -> ExitCode {
    match execute(core, args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tip: {e}");
            ExitCode::FAILURE
        }
    }
}

fn state_word(state: ConnectionState) -> &'static str {
    match state {
        ConnectionState::Open => "open",
        ConnectionState::Connecting => "connecting",
        ConnectionState::Close => "close",
        ConnectionState::Unknown => "unknown",
    }
}

async fn execute(core: &Core, args: Args) -> Result<(), AppError> {
    let client = core.evolution().await?;
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
            let created = instances::create(&client, &name).await?;
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
            instances::delete(&client, &name).await?;
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
