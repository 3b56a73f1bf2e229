//! `tip personalise list|run`: per-contact personalisation runs from a terminal. `run`
//! starts the same background job the window starts (`Core::personalise_start`) and draws
//! its progress events as a bar; Ctrl-C pauses it, keeping every answer received.

use std::process::ExitCode;
use std::time::Duration;

use clap::Subcommand;
use whats_tip::app_core::Core;
use whats_tip::compose::personalise::{self, RunStatus, RunView};
use whats_tip::error::AppError;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// The runs prepared in the app, with their counts.
    List,
    /// Start or resume a run until every contact is answered (Ctrl-C pauses).
    Run {
        run_id: i64,
        /// Requests in flight at once (1–16).
        #[arg(long)]
        concurrency: Option<u32>,
    },
}

pub async fn run(core: &Core, args: Args) -> ExitCode {
    match execute(core, args).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tip personalise: {e}");
            ExitCode::FAILURE
        }
    }
}

fn line(view: &RunView) -> String {
    let c = &view.counts;
    format!(
        "#{:<5} {:<10} {:>6} contacts  {:>6} answered  {:>5} failed  {:>6} pending  {}",
        view.id,
        format!("{:?}", view.status).to_lowercase(),
        c.total,
        c.done + c.edited,
        c.failed,
        c.pending,
        view.model
    )
}

async fn execute(core: &Core, args: Args) -> Result<ExitCode, AppError> {
    match args.action {
        Action::List => {
            let runs = personalise::list(core.db()?).await?;
            if runs.is_empty() {
                println!("no personalisation runs");
            }
            for view in &runs {
                println!("{}", line(view));
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Run {
            run_id,
            concurrency,
        } => {
            core.personalise_start(run_id, concurrency).await?;
            let ctrl_c = tokio::signal::ctrl_c();
            tokio::pin!(ctrl_c);
            while core.personalise_is_running(run_id) {
                tokio::select! {
                    _ = &mut ctrl_c => {
                        core.personalise_pause(run_id);
                        eprintln!("pausing: answers in flight are kept");
                    }
                    () = tokio::time::sleep(Duration::from_millis(100)) => {}
                }
            }
            // The job's end and its final state are written before it leaves the registry.
            let view = personalise::get(core.db()?, run_id).await?;
            println!("{}", line(&view));
            Ok(match view.status {
                RunStatus::Completed if view.counts.failed == 0 => ExitCode::SUCCESS,
                _ => ExitCode::FAILURE,
            })
        }
    }
}
