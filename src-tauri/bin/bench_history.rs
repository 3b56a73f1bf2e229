//! `bench-history`: a database with 1M journal rows (20 campaigns of 50,000), about 2.3M
//! status events and 10,000 replies, then how long each history page takes (campaign
//! list, report, a filtered recipients page, replies, a timeline) and whether ingesting
//! 1,000 status events a second slows a campaign's journal writes; then the export of a
//! 100,000-recipient report to CSV and XLSX (time, peak RSS). A measurement to read,
//! not a test: it prints figures and exits 0. Run the release build:
//! `cargo bench --features custom-protocol --bench bench-history`.

use std::error::Error;
use std::time::{Duration, Instant};

use clap::Parser;
use whats_tip::app_core::{Core, CoreOptions, HistoryExportRequest};
use whats_tip::campaign::{RecipientFilter, RecipientQuery};
use whats_tip::history::export::{ExportFormat, ExportTable};
use whats_tip::history::receipts::{ReceiptStatus, StatusEvent};
use whats_tip::history::replies::IncomingMessage;
use whats_tip::history::ReplyQuery;
use whats_tip::paths::AppPaths;

type BenchResult<T> = Result<T, Box<dyn Error>>;

#[derive(Debug, Parser)]
struct Args {
    /// Passed by `cargo bench` to every bench target; ignored.
    #[arg(long = "bench", hide = true)]
    _cargo_bench: bool,
    /// Campaigns to create.
    #[arg(long, default_value_t = 20)]
    campaigns: i64,
    /// Recipients per campaign.
    #[arg(long, default_value_t = 50_000)]
    per_campaign: i64,
    /// Replies to ingest (1 in 20 is "SAIR").
    #[arg(long, default_value_t = 10_000)]
    replies: i64,
    /// Recipients of the campaign exported at the end (CSV and XLSX report).
    #[arg(long, default_value_t = 100_000)]
    export_recipients: i64,
    /// Repetitions of each measured page.
    #[arg(long, default_value_t = 30)]
    runs: usize,
}

const BODY: &str =
    "Olá! A Loja Demo está com promoção de Natal. Responda SAIR para não receber mais.";

fn message_id(campaign: i64, position: i64) -> String {
    format!("3EB0{campaign:06}{position:08}")
}

fn jid(campaign: i64, position: i64) -> String {
    format!(
        "5511{:09}@s.whatsapp.net",
        900_000_000 + campaign * 100_000 + position
    )
}

fn at(seconds: i64) -> String {
    let t = jiff::Timestamp::from_second(1_764_579_600 + seconds)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    whats_tip::campaign::clock::to_db(t)
}

/// The pacing a campaign row stores (the default preset).
fn pacing() -> BenchResult<String> {
    Ok(serde_json::to_string(
        &whats_tip::campaign::pacing::PacingSettings::default(),
    )?)
}

/// A `VmHWM`/`VmRSS` line of this process, in MB (Linux).
fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Starts a new peak-RSS measurement: Linux resets `VmHWM` to the current RSS on "5".
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

async fn fill(core: &Core, args: &Args) -> BenchResult<()> {
    for c in 1..=args.campaigns {
        insert_campaign(core, c, args.per_campaign).await?;
    }
    Ok(())
}

/// One completed campaign of `recipients`: every 50th failed, the rest sent.
async fn insert_campaign(core: &Core, c: i64, recipients: i64) -> BenchResult<()> {
    let pool = db(core)?.pool().clone();
    sqlx::query(
            "INSERT INTO campaigns (id, name, list_name, source, body, pacing, status, started_at, finished_at)
             VALUES (?1, 'Campanha ' || ?1, 'Clientes', 'template', ?2, ?4, 'completed', ?3, ?3)",
        )
        .bind(c)
        .bind(BODY)
        .bind(at(c * 86_400))
        .bind(pacing()?)
        .execute(&pool)
        .await?;
    for name in ["loja-1", "loja-2"] {
        sqlx::query("INSERT INTO campaign_instances (campaign_id, instance_name) VALUES (?1, ?2)")
            .bind(c)
            .bind(name)
            .execute(&pool)
            .await?;
    }
    // Every 50th failed (no message id); the rest sent, two seconds apart.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?2 - 1)
             INSERT INTO campaign_recipients
               (campaign_id, position, contact_id, contact_name, phone_e164, jid, verdict, text,
                text_hash, state, instance_name, intent_at, sent_at, message_id)
             SELECT ?1, i, i, 'Cliente ' || i,
                    '+5511' || (900000000 + ?1 * 100000 + i),
                    '5511' || (900000000 + ?1 * 100000 + i) || '@s.whatsapp.net',
                    'ready', ?3, 'h', CASE WHEN i % 50 = 0 THEN 'failed' ELSE 'sent' END,
                    CASE WHEN i % 2 = 0 THEN 'loja-1' ELSE 'loja-2' END,
                    strftime('%Y-%m-%dT%H:%M:%fZ', ?4, '+' || (i * 2) || ' seconds'),
                    CASE WHEN i % 50 = 0 THEN NULL
                         ELSE strftime('%Y-%m-%dT%H:%M:%fZ', ?4, '+' || (i * 2) || ' seconds') END,
                    CASE WHEN i % 50 = 0 THEN NULL
                         ELSE '3EB0' || printf('%06d%08d', ?1, i) END
             FROM n",
    )
    .bind(c)
    .bind(recipients)
    .bind(BODY)
    .bind(at(c * 86_400))
    .execute(&pool)
    .await?;
    Ok(())
}

/// server_ack for every sent message, delivery for 95 %, read for 40 %.
fn events_of(campaign: i64, per_campaign: i64) -> Vec<StatusEvent> {
    let mut out = Vec::new();
    for i in (0..per_campaign).filter(|i| i % 50 != 0) {
        let instance = if i % 2 == 0 { "loja-1" } else { "loja-2" };
        let base = campaign * 86_400 + i * 2;
        let mut push = |status, dt| {
            out.push(StatusEvent {
                instance: instance.to_owned(),
                message_id: message_id(campaign, i),
                status,
                at: at(base + dt),
            });
        };
        push(ReceiptStatus::ServerAck, 1);
        if i % 20 != 1 {
            push(ReceiptStatus::DeliveryAck, 5);
        }
        if i % 5 < 2 {
            push(ReceiptStatus::Read, 600);
        }
    }
    out
}

/// The database, or why it could not open.
fn db(core: &Core) -> BenchResult<&whats_tip::storage::Db> {
    core.db().map_err(|e| e.message.clone().into())
}

fn median_and_p95(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p95 = samples[(samples.len() * 95 / 100).min(samples.len() - 1)];
    (ms(samples[samples.len() / 2]), ms(p95))
}

async fn measure<F, Fut, T>(name: &str, runs: usize, mut f: F) -> BenchResult<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, whats_tip::error::AppError>>,
{
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f().await?;
        samples.push(start.elapsed());
    }
    let (median, p95) = median_and_p95(samples);
    let verdict = if p95 < 50.0 { "ok" } else { "MISSED" };
    println!("{name:<46} median {median:>7.2} ms   p95 {p95:>7.2} ms   (< 50 ms: {verdict})");
    Ok(())
}

#[tokio::main]
async fn main() -> BenchResult<()> {
    let args = Args::parse();
    let dir = std::env::temp_dir().join(format!("bench-history-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let core = Core::open(AppPaths::in_dir(&dir), CoreOptions::default()).await;
    let rows = args.campaigns * args.per_campaign;
    println!(
        "bench-history: {} campaigns x {} = {rows} journal rows",
        args.campaigns, args.per_campaign
    );

    let start = Instant::now();
    fill(&core, &args).await?;
    println!(
        "filled the journal in {:.1} s",
        start.elapsed().as_secs_f64()
    );

    // Ingest every status event in batches, as the listener does.
    let start = Instant::now();
    let mut total = 0usize;
    for c in 1..=args.campaigns {
        for batch in events_of(c, args.per_campaign).chunks(1000) {
            total += batch.len();
            core.history_apply_receipts(batch).await?;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "ingested {total} status events in {secs:.1} s: {:.0} events/s",
        total as f64 / secs
    );

    // Replies: one in 100 messages answers; 1 in 20 replies is "SAIR".
    let start = Instant::now();
    let mut opted = 0;
    for r in 0..args.replies {
        let campaign = 1 + r % args.campaigns;
        let position = 1 + (r * 97) % (args.per_campaign - 1);
        let position = if position % 50 == 0 {
            position + 1
        } else {
            position
        };
        let text = if r % 20 == 0 {
            "SAIR"
        } else {
            "Quanto custa a camiseta?"
        };
        let outcome = core
            .history_receive(&IncomingMessage {
                instance: if position % 2 == 0 {
                    "loja-1"
                } else {
                    "loja-2"
                }
                .into(),
                message_id: format!("IN{r:010}"),
                jid: jid(campaign, position),
                push_name: Some("Cliente".into()),
                text: text.into(),
                quoted_id: (r % 3 == 0).then(|| message_id(campaign, position)),
                received_at: at(campaign * 86_400 + position * 2 + 3_600),
            })
            .await?;
        opted += usize::from(outcome.consent_changed);
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "ingested {} replies in {secs:.1} s ({:.2} ms each; {opted} opt-outs)",
        args.replies,
        secs * 1000.0 / args.replies as f64
    );
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM receipt_events")
        .fetch_one(db(&core)?.pool())
        .await?;
    println!("database: {rows} journal rows, {events} status events\n");

    let runs = args.runs;
    let middle = args.campaigns / 2;
    let list_page = whats_tip::history::CampaignListQuery {
        limit: 50,
        ..Default::default()
    };
    measure("history campaign list (page of 50, funnel)", runs, || {
        core.history_campaigns(&list_page)
    })
    .await?;
    let list_filtered = whats_tip::history::CampaignListQuery {
        search: Some("Campanha 1".into()),
        statuses: vec![whats_tip::campaign::CampaignStatus::Completed],
        from: Some(at(0)),
        limit: 50,
        ..Default::default()
    };
    measure("history campaign list (search+status+period)", runs, || {
        core.history_campaigns(&list_filtered)
    })
    .await?;
    measure("campaign report (funnel, numbers, replies/h)", runs, || {
        core.history_report(middle)
    })
    .await?;
    let page = |filter, after| RecipientQuery {
        filter,
        search: None,
        after,
        limit: 100,
    };
    let first = page(RecipientFilter::All, None);
    let deep_read = page(RecipientFilter::Read, Some(40_000));
    let replied = page(RecipientFilter::Replied, None);
    let search = RecipientQuery {
        search: Some("11901".into()),
        ..page(RecipientFilter::All, None)
    };
    let newest_replies = ReplyQuery {
        campaign_id: Some(middle),
        limit: 100,
        ..ReplyQuery::default()
    };
    measure("recipients page 1, all", runs, || {
        core.campaign_recipients(middle, &first)
    })
    .await?;
    measure("recipients page 1, one number's", runs, || {
        core.history_recipients(middle, &first, Some("loja-1"))
    })
    .await?;
    measure("campaign screen (counts per number)", runs, || {
        core.campaign_get(middle)
    })
    .await?;
    measure("top reasons messages did not go", runs, || {
        core.history_top_errors(middle)
    })
    .await?;
    measure("home (today's sends, campaigns, reviews)", runs, || {
        core.history_dashboard()
    })
    .await?;
    measure("do-not-contact list with proofs", runs, || {
        core.history_consent_proofs()
    })
    .await?;
    measure("recipients page deep (after 40,000), read", runs, || {
        core.campaign_recipients(middle, &deep_read)
    })
    .await?;
    measure("recipients page, replied", runs, || {
        core.campaign_recipients(middle, &replied)
    })
    .await?;
    measure("recipients search by number", runs, || {
        core.campaign_recipients(middle, &search)
    })
    .await?;
    measure("replies page (newest 100)", runs, || {
        core.history_replies(&newest_replies)
    })
    .await?;
    let phone = format!("+5511{}", 900_000_000 + middle * 100_000 + 98);
    measure("one number's timeline", runs, || {
        core.history_timeline(&phone)
    })
    .await?;

    // A 100k-recipient report exported as CSV and as XLSX: read page by page, written as it
    // goes, so memory stays flat whatever the campaign's size.
    let big = 1000;
    insert_campaign(&core, big, args.export_recipients).await?;
    for batch in events_of(big, args.export_recipients).chunks(1000) {
        core.history_apply_receipts(batch).await?;
    }
    println!();
    for format in [ExportFormat::Csv, ExportFormat::Xlsx] {
        let out = dir.join(format!("export.{}", format.extension()));
        let request = HistoryExportRequest {
            campaign_id: big,
            table: ExportTable::Report,
            format,
            filter: None,
            search: None,
        };
        reset_peak_rss();
        let before = status_mb("VmRSS:");
        let start = Instant::now();
        let done = core.history_export(&request, &out).await?;
        let secs = start.elapsed().as_secs_f64();
        let size = std::fs::metadata(&out)?.len() as f64 / 1_048_576.0;
        println!(
            "export report {:<4} {} recipients: {secs:.2} s, {size:.1} MB file, RSS {before:.0} MB before, peak {:.0} MB during",
            format.extension(),
            done.rows,
            status_mb("VmHWM:")
        );
    }

    // 1,000 events a second arrive while a campaign writes its journal: how long do the
    // campaign's writes take meanwhile?
    let pool = db(&core)?.pool().clone();
    sqlx::query(
        "INSERT INTO campaigns (id, name, list_name, source, body, pacing, status)
         VALUES (999, 'Ao vivo', 'Clientes', 'template', ?1, ?2, 'running')",
    )
    .bind(BODY)
    .bind(pacing()?)
    .execute(&pool)
    .await?;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999)
         INSERT INTO campaign_recipients (campaign_id, position, phone_e164, verdict, text, state)
         SELECT 999, i, '+55' || (11800000000 + i), 'ready', 'Oi', 'pending' FROM n",
    )
    .execute(&pool)
    .await?;
    let ingest_core = core.clone();
    let late_reads: Vec<StatusEvent> = events_of(1, args.per_campaign)
        .into_iter()
        .map(|mut e| {
            e.status = ReceiptStatus::Played;
            e
        })
        .collect();
    let ingest = tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_millis(100));
        let mut applied = 0usize;
        let mut lag = Duration::ZERO;
        for batch in late_reads.chunks(100).take(100) {
            ticker.tick().await;
            let start = Instant::now();
            if ingest_core.history_apply_receipts(batch).await.is_ok() {
                applied += batch.len();
            }
            lag = lag.max(start.elapsed());
        }
        (applied, lag)
    });
    let mut writes = Vec::new();
    let start = Instant::now();
    for position in 0..2000i64 {
        let t = Instant::now();
        sqlx::query(
            "UPDATE campaign_recipients SET state = 'sent', message_id = ?2, sent_at = ?3
             WHERE campaign_id = 999 AND position = ?1 AND state = 'pending'",
        )
        .bind(position)
        .bind(format!("LIVE{position}"))
        .bind(at(position))
        .execute(&pool)
        .await?;
        writes.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(4)).await;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let (applied, worst_batch) = ingest.await?;
    let worst_write = writes.iter().max().copied().unwrap_or_default();
    let (median, p95) = median_and_p95(writes);
    println!(
        "\nwhile {applied} events arrived at 1,000/s ({elapsed:.1} s; slowest batch of 100 took {:.1} ms):",
        worst_batch.as_secs_f64() * 1000.0
    );
    println!(
        "  campaign journal writes: median {median:.2} ms, p95 {p95:.2} ms, worst {:.1} ms",
        worst_write.as_secs_f64() * 1000.0
    );
    core.close().await;
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
