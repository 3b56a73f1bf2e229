//! `tip campaign …`: campaigns from a terminal, over the same engine the window uses, so a
//! campaign can run headless (e.g. on a small always-on machine). `start` stays in the
//! foreground with a progress bar, sleeps through closed sending windows and continues;
//! Ctrl-C pauses (the message being sent finishes first).

use std::process::ExitCode;
use std::time::Duration;

use clap::{Subcommand, ValueEnum};
use jiff::{SignedDuration, Timestamp};
use whats_tip::app_core::{CampaignRunOptions, Core};
use whats_tip::campaign::engine::EngineOptions;
use whats_tip::campaign::pacing::{PacingPreset, PacingSettings, SendingWindow, Weekday};
use whats_tip::campaign::{
    clock, AttentionChoice, CampaignDraft, CampaignStatus, CampaignView, MessageSource,
    PauseReason, RecipientFilter, RecipientQuery,
};
use whats_tip::error::AppError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Server address (default: the one saved in Settings).
    #[arg(long, global = true)]
    url: Option<String>,
    #[command(subcommand)]
    action: Action,
}

impl Args {
    pub fn url(&self) -> Option<String> {
        self.url.clone()
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Preset {
    Safe,
    Normal,
    Fast,
    /// No pacing at all: only to a sandbox on this computer (tests, benchmarks).
    Unpaced,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Every campaign with its status and counts.
    List,
    /// Create a campaign (a draft): every recipient's text is rendered now.
    Create {
        #[arg(long)]
        name: String,
        /// Contact list id or name.
        #[arg(long)]
        list: String,
        /// Only contacts with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Template id or name.
        #[arg(long, conflicts_with = "run")]
        template: Option<String>,
        /// An approved personalisation run's id.
        #[arg(long)]
        run: Option<i64>,
        /// Instance names (repeat for rotation).
        #[arg(long = "instance", required = true)]
        instances: Vec<String>,
        #[arg(long, value_enum, default_value = "normal")]
        preset: Preset,
        /// Messages per number per day once warmed up (1–500).
        #[arg(long, default_value_t = 300)]
        daily_cap: u32,
        /// Sending window, local time, e.g. 09:00-20:00.
        #[arg(long, default_value = "09:00-20:00")]
        window: String,
        /// Sending days, e.g. mon,tue,wed,thu,fri,sat.
        #[arg(long, default_value = "mon,tue,wed,thu,fri,sat")]
        days: String,
        #[arg(long, default_value = "America/Sao_Paulo")]
        time_zone: String,
        /// Do not show "typing…" before each message.
        #[arg(long)]
        no_typing: bool,
    },
    /// The pre-flight report: who gets it, when it ends, the risks.
    Preflight {
        id: i64,
        /// Check which numbers have WhatsApp first (paced; takes a while).
        #[arg(long)]
        check_numbers: bool,
    },
    /// Send the campaign's first text to your own number.
    TestSend {
        id: i64,
        #[arg(long)]
        to: String,
        #[arg(long)]
        instance: Option<String>,
    },
    /// Send (in the foreground, until done; Ctrl-C pauses). With --at, wait until then.
    Start {
        id: i64,
        /// Start at this time (RFC 3339, e.g. 2026-12-06T12:00:00Z).
        #[arg(long)]
        at: Option<String>,
        /// Seconds an unknown outcome waits before it is looked up (tests).
        #[arg(long, hide = true)]
        settle_secs: Option<u64>,
    },
    /// Continue a paused or interrupted campaign (foreground, like start).
    Resume {
        id: i64,
        #[arg(long, hide = true)]
        settle_secs: Option<u64>,
    },
    /// Status and counts.
    Status {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Pause a campaign another process is sending, or a scheduled one.
    Pause { id: i64 },
    /// Cancel: nothing more is sent.
    Cancel { id: i64 },
    /// Messages that may or may not have gone out and need your choice.
    Attention {
        id: i64,
        /// Send these positions again.
        #[arg(long, num_args = 1.., conflicts_with = "mark_sent")]
        resend: Vec<u32>,
        /// Count these positions as sent.
        #[arg(long, num_args = 1..)]
        mark_sent: Vec<u32>,
    },
}

pub async fn run(core: &Core, args: Args) -> ExitCode {
    match execute(core, args).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tip campaign: {e}");
            ExitCode::FAILURE
        }
    }
}

fn status_word(view: &CampaignView) -> String {
    match (view.status, view.pause_reason) {
        (CampaignStatus::Paused, Some(r)) => format!("paused ({})", r.as_str()),
        (s, _) => s.as_str().to_owned(),
    }
}

fn line(view: &CampaignView) -> String {
    let c = &view.counts;
    format!(
        "#{:<5} {:<24} {:>6} recipients {:>6} sent {:>5} failed {:>5} excluded {:>5} unknown {:>5} attention  {}",
        view.id,
        status_word(view),
        c.total,
        c.sent,
        c.failed,
        c.excluded,
        c.unknown,
        c.needs_attention,
        view.name
    )
}

fn parse_days(text: &str) -> Result<Vec<Weekday>, AppError> {
    text.split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            serde_json::from_value(serde_json::Value::String(d.to_lowercase()))
                .map_err(|_| AppError::Internal(format!("unknown day {d:?} (use mon,tue,…)")))
        })
        .collect()
}

async fn list_id(core: &Core, list: &str) -> Result<i64, AppError> {
    if let Ok(id) = list.parse::<i64>() {
        return Ok(id);
    }
    let mut conn = core
        .db()?
        .pool()
        .acquire()
        .await
        .map_err(whats_tip::storage::StorageError::from_sqlx)?;
    whats_tip::storage::contact_lists::find_by_name(&mut conn, list)
        .await?
        .map(|l| l.id)
        .ok_or_else(|| AppError::Internal(format!("no contact list named {list:?}")))
}

async fn template_id(core: &Core, template: &str) -> Result<i64, AppError> {
    if let Ok(id) = template.parse::<i64>() {
        return Ok(id);
    }
    whats_tip::compose::library::list(core.db()?)
        .await?
        .into_iter()
        .find(|t| t.name.trim().eq_ignore_ascii_case(template.trim()))
        .map(|t| t.id)
        .ok_or_else(|| AppError::Internal(format!("no template named {template:?}")))
}

fn engine_options(settle_secs: Option<u64>) -> CampaignRunOptions {
    CampaignRunOptions {
        engine: settle_secs.map(|s| EngineOptions {
            settle_after: SignedDuration::from_secs(i64::try_from(s).unwrap_or(120)),
            poll_every: SignedDuration::from_millis(200),
            ..EngineOptions::default()
        }),
    }
}

async fn execute(core: &Core, args: Args) -> Result<ExitCode, AppError> {
    match args.action {
        Action::List => {
            let campaigns = core.campaign_list().await?;
            if campaigns.is_empty() {
                println!("no campaigns");
            }
            for view in &campaigns {
                println!("{}", line(view));
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Create {
            name,
            list,
            tag,
            template,
            run,
            instances,
            preset,
            daily_cap,
            window,
            days,
            time_zone,
            no_typing,
        } => {
            let source = match (template, run) {
                (Some(t), _) => MessageSource::Template {
                    template_id: template_id(core, &t).await?,
                },
                (None, Some(run_id)) => MessageSource::Personalisation { run_id },
                (None, None) => {
                    return Err(AppError::Internal(
                        "say which message: --template or --run".into(),
                    ))
                }
            };
            let (start, end) = window
                .split_once('-')
                .ok_or_else(|| AppError::Internal("--window must look like 09:00-20:00".into()))?;
            let pacing = PacingSettings {
                preset: match preset {
                    Preset::Safe => PacingPreset::Safe,
                    Preset::Normal => PacingPreset::Normal,
                    Preset::Fast => PacingPreset::Fast,
                    Preset::Unpaced => PacingPreset::Unpaced,
                },
                daily_cap,
                window: SendingWindow {
                    start: start.trim().to_owned(),
                    end: end.trim().to_owned(),
                    time_zone,
                    days: parse_days(&days)?,
                },
                typing: !no_typing,
            };
            let draft = CampaignDraft {
                name,
                list_id: list_id(core, &list).await?,
                tag,
                source,
                instances,
                pacing,
            };
            let view = core.campaign_create(&draft).await?;
            println!("{}", line(&view));
            Ok(ExitCode::SUCCESS)
        }
        Action::Preflight { id, check_numbers } => {
            if check_numbers {
                core.campaign_check_numbers(id).await?;
                let ctrl_c = tokio::signal::ctrl_c();
                tokio::pin!(ctrl_c);
                loop {
                    let report = core.campaign_preflight(id).await?;
                    if !report.number_check.running {
                        break;
                    }
                    tokio::select! {
                        _ = &mut ctrl_c => break,
                        () = tokio::time::sleep(Duration::from_millis(300)) => {}
                    }
                }
            }
            let report = core.campaign_preflight(id).await?;
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
            Ok(ExitCode::SUCCESS)
        }
        Action::TestSend { id, to, instance } => {
            let sent = core
                .campaign_test_send(id, &to, instance.as_deref())
                .await?;
            println!(
                "sent to {} through {} (message {})",
                sent.to, sent.instance, sent.message_id
            );
            Ok(ExitCode::SUCCESS)
        }
        Action::Start {
            id,
            at,
            settle_secs,
        } => follow(core, id, at, engine_options(settle_secs)).await,
        Action::Resume { id, settle_secs } => {
            follow(core, id, None, engine_options(settle_secs)).await
        }
        Action::Status { id, json } => {
            let view = core.campaign_get(id).await?;
            if json {
                println!("{}", serde_json::to_string(&view).unwrap_or_default());
            } else {
                println!("{}", line(&view));
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Pause { id } => {
            let view = core.campaign_pause(id).await?;
            println!("{}", line(&view));
            Ok(ExitCode::SUCCESS)
        }
        Action::Cancel { id } => {
            let view = core.campaign_cancel(id).await?;
            println!("{}", line(&view));
            Ok(ExitCode::SUCCESS)
        }
        Action::Attention {
            id,
            resend,
            mark_sent,
        } => {
            if !resend.is_empty() {
                core.campaign_resolve(id, &resend, AttentionChoice::Resend)
                    .await?;
            }
            if !mark_sent.is_empty() {
                core.campaign_resolve(id, &mark_sent, AttentionChoice::MarkSent)
                    .await?;
            }
            let page = core
                .campaign_recipients(
                    id,
                    &RecipientQuery {
                        filter: RecipientFilter::NeedsAttention,
                        search: None,
                        after: None,
                        limit: 1000,
                    },
                )
                .await?;
            for r in &page.rows {
                println!(
                    "{:>6}  {:<16} {:<20} {}  {}",
                    r.position,
                    r.phone_e164,
                    r.instance.as_deref().unwrap_or("-"),
                    r.intent_at.as_deref().unwrap_or("-"),
                    r.error_detail.as_deref().unwrap_or("")
                );
            }
            println!("{} need attention", page.total);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Starts (or schedules) the campaign and follows it until it completes, is cancelled,
/// or pauses for a reason only a person can fix. Closed windows and reached caps are
/// slept through.
async fn follow(
    core: &Core,
    id: i64,
    at: Option<String>,
    options: CampaignRunOptions,
) -> Result<ExitCode, AppError> {
    core.campaigns_recover().await?;
    // Receipts, replies and link states while the campaign runs headless, as in the window.
    let server_events = tokio::spawn({
        let core = core.clone();
        async move { core.follow_server_events().await }
    });
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    core.campaign_start_with(id, at.as_deref(), options.clone())
        .await?;
    let view = loop {
        while core.campaign_is_running(id) {
            tokio::select! {
                _ = &mut ctrl_c => {
                    core.campaign_pause(id).await?;
                    eprintln!("pausing: the message being sent finishes first");
                }
                () = tokio::time::sleep(Duration::from_millis(100)) => {}
            }
        }
        let view = core.campaign_get(id).await?;
        let wake = match (view.status, view.pause_reason) {
            (CampaignStatus::Scheduled, _) => view.scheduled_at.clone(),
            (CampaignStatus::Paused, Some(PauseReason::WindowClosed | PauseReason::CapReached)) => {
                view.resume_at.clone()
            }
            _ => None,
        };
        let Some(wake) = wake.as_deref().and_then(clock::parse) else {
            break view;
        };
        eprintln!("{}: waiting until {wake}", status_word(&view));
        let wait = wake.duration_since(Timestamp::now());
        let wait = Duration::try_from(wait).unwrap_or(Duration::ZERO);
        tokio::select! {
            _ = &mut ctrl_c => break view,
            () = tokio::time::sleep(wait) => {}
        }
        core.campaign_start_with(id, None, options.clone()).await?;
    };
    server_events.abort();
    println!("{}", line(&view));
    Ok(match view.status {
        CampaignStatus::Completed => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    })
}
