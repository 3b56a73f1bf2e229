//! `tip history campaigns|report|replies|review|timeline`: the campaign list, what happened to a campaign's messages
//! after they left, the replies, the review list of possible opt-outs, and one number's
//! timeline. JSON out, for scripts and spreadsheets; `export` writes the same CSV or XLSX
//! files as the window's "Exportar" buttons, in the language chosen in Settings.

use std::process::ExitCode;

use clap::Subcommand;
use serde::Serialize;
use whats_tip::app_core::{Core, HistoryExportRequest};
use whats_tip::campaign::{CampaignStatus, RecipientFilter};
use whats_tip::error::AppError;
use whats_tip::history::export::{ExportFormat, ExportTable};
use whats_tip::history::{CampaignListQuery, ReplyQuery};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Campaigns, newest first, with dates, numbers, counts and a small funnel.
    Campaigns {
        /// Part of the name.
        #[arg(long)]
        search: Option<String>,
        /// Only this status (draft, scheduled, running, paused, completed, cancelled,
        /// interrupted); repeatable.
        #[arg(long = "status")]
        statuses: Vec<String>,
        /// Started (or created) at or after this moment (RFC 3339, UTC).
        #[arg(long)]
        from: Option<String>,
        /// …and before this one.
        #[arg(long)]
        to: Option<String>,
        /// Ids below this one (the `next` of the previous page).
        #[arg(long)]
        before: Option<i64>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// The funnel (audience → delivered → read → replied → opted out), numbers, replies/hour.
    Report { campaign: i64 },
    /// Replies, newest first (all, or one campaign's).
    Replies {
        #[arg(long)]
        campaign: Option<i64>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Replies that may be opt-out requests, waiting for a person; `--opt-out ID` or
    /// `--keep ID` decides one.
    Review {
        #[arg(long, conflicts_with = "keep")]
        opt_out: Option<i64>,
        #[arg(long)]
        keep: Option<i64>,
    },
    /// Everything that happened with one number (E.164, e.g. +5511987654321).
    Timeline { phone: String },
    /// Writes the report, the recipients or the replies to a CSV (Excel, `;`) or XLSX file.
    Export {
        #[arg(long)]
        campaign: i64,
        #[arg(long, value_enum, default_value_t = Table::Report)]
        table: Table,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Recipients only: which rows (as the table's filter in the window).
        #[arg(long, value_enum)]
        filter: Option<Filter>,
        /// Recipients only: part of a name or number.
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Table {
    Report,
    Recipients,
    Replies,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Filter {
    All,
    Excluded,
    Waiting,
    Sent,
    Failed,
    Unknown,
    NeedsAttention,
    Delivered,
    Read,
    Replied,
    OptedOut,
    Undelivered,
}

impl From<Filter> for RecipientFilter {
    fn from(f: Filter) -> Self {
        match f {
            Filter::All => RecipientFilter::All,
            Filter::Excluded => RecipientFilter::Excluded,
            Filter::Waiting => RecipientFilter::Waiting,
            Filter::Sent => RecipientFilter::Sent,
            Filter::Failed => RecipientFilter::Failed,
            Filter::Unknown => RecipientFilter::Unknown,
            Filter::NeedsAttention => RecipientFilter::NeedsAttention,
            Filter::Delivered => RecipientFilter::Delivered,
            Filter::Read => RecipientFilter::Read,
            Filter::Replied => RecipientFilter::Replied,
            Filter::OptedOut => RecipientFilter::OptedOut,
            Filter::Undelivered => RecipientFilter::Undelivered,
        }
    }
}

fn print(value: &impl Serialize) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tip history: {e}");
            ExitCode::FAILURE
        }
    }
}

pub async fn run(core: &Core, args: Args) -> ExitCode {
    let result: Result<ExitCode, AppError> = async {
        Ok(match args.action {
            Action::Campaigns {
                search,
                statuses,
                from,
                to,
                before,
                limit,
            } => {
                let mut parsed = Vec::new();
                for text in &statuses {
                    match CampaignStatus::parse(text) {
                        Some(status) => parsed.push(status),
                        None => {
                            eprintln!("tip history: unknown status {text:?}");
                            return Ok(ExitCode::FAILURE);
                        }
                    }
                }
                print(
                    &core
                        .history_campaigns(&CampaignListQuery {
                            search,
                            statuses: parsed,
                            from,
                            to,
                            before,
                            limit,
                        })
                        .await?,
                )
            }
            Action::Report { campaign } => print(&core.history_report(campaign).await?),
            Action::Replies { campaign, limit } => print(
                &core
                    .history_replies(&ReplyQuery {
                        campaign_id: campaign,
                        limit,
                        ..ReplyQuery::default()
                    })
                    .await?,
            ),
            Action::Review { opt_out, keep } => {
                match opt_out.map(|id| (id, true)).or(keep.map(|id| (id, false))) {
                    Some((id, out)) => {
                        if core.history_resolve_review(id, out).await? {
                            ExitCode::SUCCESS
                        } else {
                            eprintln!("tip history: reply {id} is not waiting for review");
                            ExitCode::FAILURE
                        }
                    }
                    None => print(
                        &core
                            .history_replies(&ReplyQuery {
                                review_only: true,
                                limit: 500,
                                ..ReplyQuery::default()
                            })
                            .await?,
                    ),
                }
            }
            Action::Timeline { phone } => print(&core.history_timeline(&phone).await?),
            Action::Export {
                campaign,
                table,
                format,
                filter,
                search,
                out,
            } => {
                let request = HistoryExportRequest {
                    campaign_id: campaign,
                    table: match table {
                        Table::Report => ExportTable::Report,
                        Table::Recipients => ExportTable::Recipients,
                        Table::Replies => ExportTable::Replies,
                    },
                    format: match format {
                        Format::Csv => ExportFormat::Csv,
                        Format::Xlsx => ExportFormat::Xlsx,
                    },
                    filter: filter.map(RecipientFilter::from),
                    search,
                };
                let done = core.history_export(&request, &out).await?;
                eprintln!("tip history: {} rows written to {}", done.rows, done.path);
                ExitCode::SUCCESS
            }
        })
    }
    .await;
    result.unwrap_or_else(|e| {
        eprintln!("tip history: {e}");
        ExitCode::FAILURE
    })
}
