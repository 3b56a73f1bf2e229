//! `bench-campaign`: a campaign of N recipients (100k by default) sent end to end with no
//! pacing across 4 instances of the Evolution sandbox — render, HTTP and journal for every
//! message — reporting messages per second and this process's peak RSS against the
//! targets (≥ 1,000 messages/s, ≤ 150 MB).
//!
//! The sandbox runs as a separate process (`tip sandbox`), as a real server would: its
//! memory and CPU are not the app's. Run it with
//! `cargo bench --features custom-protocol --bench bench-campaign` (Cargo builds `tip` with it).
//!
//! A measurement to read, not a test: it exits 0 whatever the figures.

use std::error::Error;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use whats_tip::app_core::{CampaignRunOptions, ClientOverrides, Core, CoreOptions};
use whats_tip::campaign::engine::EngineOptions;
use whats_tip::campaign::pacing::{PacingPreset, PacingSettings};
use whats_tip::campaign::{CampaignDraft, CampaignStatus, MessageSource};
use whats_tip::compose::library::{self, TemplateDraft};
use whats_tip::import::phone::PhoneRules;
use whats_tip::import::read::{self, ReadOptions};
use whats_tip::import::{self, mapping, Control, ImportPlan};
use whats_tip::paths::AppPaths;
use whats_tip::secrets::Sensitive;

type BenchResult<T> = Result<T, Box<dyn Error>>;

const TARGET_RATE: f64 = 1_000.0;
const TARGET_RSS_MB: f64 = 150.0;

#[derive(Debug, Parser)]
#[command(about = "Campaign throughput and memory against the Evolution sandbox")]
struct Args {
    /// Passed by `cargo bench` to every bench target; ignored.
    #[arg(long = "bench", hide = true)]
    _cargo_bench: bool,
    #[arg(long, default_value_t = 100_000)]
    recipients: usize,
    #[arg(long, default_value_t = 4)]
    instances: usize,
}

/// The process's peak resident set size so far (Linux `VmHWM`), in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn main() -> BenchResult<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(bench(args))
}

async fn bench(args: Args) -> BenchResult<()> {
    // Cargo builds `tip` for this bench target and names it here.
    let tip = std::path::PathBuf::from(env!("CARGO_BIN_EXE_tip"));
    let mut sandbox = Command::new(&tip)
        .args([
            "sandbox",
            "--port",
            "0",
            "--key",
            "bench-key",
            "--connected-instances",
            &args.instances.to_string(),
            "--request-log-limit",
            "0",
        ])
        .stdout(Stdio::piped())
        .spawn()?;
    let mut out = BufReader::new(sandbox.stdout.take().ok_or("no sandbox stdout")?);
    let mut line = String::new();
    let ready: serde_json::Value = loop {
        line.clear();
        if out.read_line(&mut line)? == 0 {
            return Err("the sandbox ended before it was ready".into());
        }
        if let Some(json) = line.trim().strip_prefix("sandbox ready ") {
            break serde_json::from_str(json)?;
        }
    };
    let url = ready["url"].as_str().ok_or("no url")?.to_owned();
    let instances: Vec<String> = ready["instances"]
        .as_array()
        .ok_or("no instances")?
        .iter()
        .filter_map(|i| i["name"].as_str().map(str::to_owned))
        .collect();

    let scratch =
        std::env::temp_dir().join(format!("whats-tip-bench-campaign-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let result = run_in(&scratch, &args, url, &instances).await;
    let _ = std::fs::remove_dir_all(&scratch);
    let _ = sandbox.kill();
    let _ = sandbox.wait();
    result
}

async fn run_in(
    dir: &std::path::Path,
    args: &Args,
    url: String,
    instances: &[String],
) -> BenchResult<()> {
    let mut paths = AppPaths::in_dir(dir);
    paths.keyring_service = format!("whats-tip-bench-campaign-{}", std::process::id());
    let core = Core::open(
        paths,
        CoreOptions {
            overrides: ClientOverrides {
                evolution_url: Some(url),
                evolution_key: Some(Sensitive::new("bench-key".to_owned())),
                openai_key: None,
            },
            ..CoreOptions::default()
        },
    )
    .await;
    let db = core.db().map_err(|e| e.message)?.clone();

    let mut csv = String::from("Nome;Celular;Cidade\n");
    for i in 0..args.recipients {
        csv.push_str(&format!(
            "Cliente {i};11 9{:04}-{:04};Recife\n",
            6000 + i / 10_000,
            i % 10_000
        ));
    }
    let file = dir.join("clientes.csv");
    std::fs::write(&file, csv)?;
    let preview = read::preview(&file, &ReadOptions::default(), 50)?;
    let suggestion = mapping::suggest(
        &preview.table.headers,
        &preview.rows,
        &PhoneRules::default(),
    );
    let plan = ImportPlan::new(&file, suggestion.mapping, "Clientes");
    let list_id = import::run_import(&db, &plan, |_| Control::Continue)
        .await?
        .list_id;
    let template_id = library::create(
        &db,
        &TemplateDraft {
            name: "Natal".into(),
            body: "{Olá|Oi} {{nome}}! A Loja Demo de {{cidade}} tem ofertas de Natal. Responda SAIR para não receber mais.".into(),
            media: None,
        },
    )
    .await?
    .id;

    let started = Instant::now();
    let view = core
        .campaign_create(&CampaignDraft {
            name: "Bench".into(),
            list_id,
            tag: None,
            source: MessageSource::Template { template_id },
            instances: instances.to_vec(),
            pacing: PacingSettings {
                preset: PacingPreset::Unpaced,
                ..PacingSettings::default()
            },
        })
        .await?;
    let created = started.elapsed();

    let started = Instant::now();
    core.campaign_start_with(
        view.id,
        None,
        CampaignRunOptions {
            engine: Some(EngineOptions::default()),
        },
    )
    .await?;
    while core.campaign_is_running(view.id) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sending = started.elapsed();
    let done = core.campaign_get(view.id).await?;
    let rss = peak_rss_mb().unwrap_or(f64::NAN);
    let rate = f64::from(done.counts.sent) / sending.as_secs_f64();
    let verdict = |ok: bool| if ok { "PASS" } else { "MISS" };
    println!(
        "bench-campaign: {} recipients, {} instances, status {}",
        args.recipients,
        instances.len(),
        done.status.as_str()
    );
    println!(
        "  create (render + journal): {:.2} s; sending: {:.2} s; sent {} failed {}",
        created.as_secs_f64(),
        sending.as_secs_f64(),
        done.counts.sent,
        done.counts.failed
    );
    println!(
        "  throughput {:.0} messages/s (target ≥ {TARGET_RATE:.0}) {}",
        rate,
        verdict(rate >= TARGET_RATE)
    );
    println!(
        "  peak RSS {:.1} MB (target ≤ {TARGET_RSS_MB:.0}) {}",
        rss,
        verdict(rss <= TARGET_RSS_MB)
    );
    if done.status != CampaignStatus::Completed {
        println!(
            "  the campaign did not complete: {:?} {}",
            done.pause_reason,
            done.pause_detail.as_deref().unwrap_or("")
        );
    }
    core.close().await;
    Ok(())
}
