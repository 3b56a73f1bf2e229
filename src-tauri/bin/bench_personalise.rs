//! `bench-personalise`: how close per-contact personalisation comes to the ideal time when
//! each AI answer takes a fixed latency. A temporary profile gets N generated contacts
//! (through the real import), a template and a prepared run; the OpenAI sandbox answers
//! every request after `--latency-ms`; `compose::personalise::run` asks with the real
//! `AiClient` at `--concurrency`. With perfect overlap the run takes
//! `contacts × latency ÷ concurrency`; the target is at most 1.25× that.
//!
//! A measurement to read, not a test: it exits 0 whatever the figures. The sandbox serves
//! from its own runtime thread, as a remote server would, so the runner's runtime only
//! does the app's own work.

use std::error::Error;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use clap::Parser;
use whats_tip::ai::{AiClient, AiConfig, CancelToken};
use whats_tip::compose::library::{self, TemplateDraft};
use whats_tip::compose::personalise::{self, PrepareInput, RunOptions, RunStop};
use whats_tip::import::phone::PhoneRules;
use whats_tip::import::read::{self, ReadOptions};
use whats_tip::import::{self, mapping, Control, ImportPlan};
use whats_tip::openai_sandbox::{OpenAiSandbox, OpenAiSandboxConfig, SandboxSettings};
use whats_tip::secrets::Sensitive;
use whats_tip::settings::Language;
use whats_tip::storage::Db;

type BenchResult<T> = Result<T, Box<dyn Error>>;

/// The most the run may take, as a multiple of the ideal.
const TARGET_RATIO: f64 = 1.25;
const MODEL: &str = "gpt-4o-mini";
const TEMPLATE: &str = "Oi {{nome|cliente}}! Camisetas por R$ 49,90 até 25/12 aqui em \
                        {{cidade|sua cidade}}. Use o cupom VERAO10 e aproveite!";
const NAMES: [&str; 12] = [
    "Ana Souza",
    "Bruno Lima",
    "Carla Dias",
    "Diego Alves",
    "Érica Nunes",
    "Fábio Rocha",
    "Gabriela Melo",
    "Hugo Pires",
    "Isabela Cruz",
    "João Vitor",
    "Larissa Gomes",
    "Marcos Conceição",
];
const CITIES: [&str; 6] = [
    "São Paulo",
    "Recife",
    "Belo Horizonte",
    "Porto Alegre",
    "Salvador",
    "",
];

#[derive(Debug, Parser)]
#[command(
    name = "bench-personalise",
    about = "Measure per-contact AI personalisation against the OpenAI sandbox with a fixed latency"
)]
struct Args {
    /// Passed by `cargo bench` to every bench target; ignored.
    #[arg(long = "bench", hide = true)]
    _cargo_bench: bool,
    /// Contacts in the list (one request each).
    #[arg(long, default_value_t = 1000)]
    contacts: usize,
    /// The sandbox's latency before every answer.
    #[arg(long, default_value_t = 200)]
    latency_ms: u64,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
}

fn main() -> BenchResult<()> {
    let args = Args::parse();
    if args.contacts == 0 || args.concurrency == 0 {
        return Err("--contacts and --concurrency must be at least 1".into());
    }
    let scratch = std::env::temp_dir().join(format!(
        "whats-tip-bench-personalise-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&scratch)?;
    let result = bench(&args, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn bench(args: &Args, scratch: &Path) -> BenchResult<()> {
    // The server's own runtime: its latency timers and sockets do not queue behind the
    // runner's work, as on a real remote server.
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("openai-sandbox")
        .enable_all()
        .build()?;
    let sandbox = server.block_on(OpenAiSandbox::start(
        OpenAiSandboxConfig {
            settings: SandboxSettings {
                latency: Duration::from_millis(args.latency_ms),
                ..SandboxSettings::default()
            },
            ..OpenAiSandboxConfig::default()
        },
        SocketAddr::from(([127, 0, 0, 1], 0)),
    ))?;
    let app = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = app.block_on(measure(args, scratch, &sandbox));
    server.block_on(sandbox.shutdown());
    result
}

async fn measure(args: &Args, scratch: &Path, sandbox: &OpenAiSandbox) -> BenchResult<()> {
    let db = Db::open(&scratch.join("whats-tip.sqlite3")).await?;

    let started = Instant::now();
    let list_id = import_contacts(&db, scratch, args.contacts).await?;
    let import_time = started.elapsed();

    let started = Instant::now();
    let template = library::create(
        &db,
        &TemplateDraft {
            name: "Bench".to_owned(),
            body: TEMPLATE.to_owned(),
            media: None,
        },
    )
    .await?;
    let run = personalise::prepare(
        &db,
        &PrepareInput {
            template_id: Some(template.id),
            body: template.body.clone(),
            list_id,
            model: MODEL.to_owned(),
            language: Language::PtBr,
        },
    )
    .await?;
    let prepare_time = started.elapsed();

    let client = AiClient::new(AiConfig::new(
        Some(sandbox.base_url()),
        Sensitive::new(sandbox.api_key().to_owned()),
        MODEL,
    ))?;
    let options = RunOptions {
        concurrency: args.concurrency,
        ..RunOptions::default()
    };
    sandbox.control().reset_journal();
    let mut updates = 0u64;
    let started = Instant::now();
    let stop = personalise::run(&db, run.id, &client, options, &CancelToken::new(), |_| {
        updates += 1;
    })
    .await?;
    let wall = started.elapsed();
    let journal = sandbox.control().journal();
    let done = personalise::get(&db, run.id).await?;
    db.close().await;

    let requests = journal.requests.len();
    let ideal = args.contacts as f64 * args.latency_ms as f64 / 1000.0 / args.concurrency as f64;
    let ratio = if ideal > 0.0 {
        wall.as_secs_f64() / ideal
    } else {
        f64::NAN
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "bench-personalise: {} contacts, {} ms per request, concurrency {}",
        args.contacts, args.latency_ms, args.concurrency
    );
    let _ = writeln!(
        out,
        "  import           {:>9.2} s",
        import_time.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "  prepare          {:>9.2} s",
        prepare_time.as_secs_f64()
    );
    let _ = writeln!(
        out,
        "  run (wall)       {:>9.2} s   ({})",
        wall.as_secs_f64(),
        match stop {
            RunStop::Completed => "completed",
            RunStop::Cancelled => "cancelled",
        }
    );
    let _ = writeln!(
        out,
        "  ideal            {ideal:>9.2} s   ({} × {:.3} s ÷ {})",
        args.contacts,
        args.latency_ms as f64 / 1000.0,
        args.concurrency
    );
    let _ = writeln!(
        out,
        "  ratio            {ratio:>9.3} ×   (target ≤ {TARGET_RATIO}×: {})",
        if ratio <= TARGET_RATIO {
            "met"
        } else {
            "MISSED"
        }
    );
    let _ = writeln!(
        out,
        "  max in flight    {:>9}     (of {})",
        journal.max_in_flight, args.concurrency
    );
    let _ = writeln!(
        out,
        "  requests         {requests:>9}     ({:.1} per s; ideal {:.1})",
        requests as f64 / wall.as_secs_f64(),
        if args.latency_ms > 0 {
            args.concurrency as f64 * 1000.0 / args.latency_ms as f64
        } else {
            f64::INFINITY
        }
    );
    let _ = writeln!(
        out,
        "  rows             done {}, failed {}, pending {}; {} progress updates",
        done.counts.done, done.counts.failed, done.counts.pending, updates
    );
    print!("{out}");
    Ok(())
}

/// Writes a CSV of `count` contacts and imports it as the list "Bench", like a user would.
async fn import_contacts(db: &Db, dir: &Path, count: usize) -> BenchResult<i64> {
    let path = dir.join("contatos.csv");
    let mut csv = String::from("Nome;Celular;Cidade\n");
    for i in 0..count {
        // 9 + eight digits, the second 6..9 as Anatel allocates mobile numbers; distinct.
        let mobile = 960_000_000 + i as u64;
        let _ = writeln!(
            csv,
            "{};11 {:05}-{:04};{}",
            NAMES[i % NAMES.len()],
            mobile / 10_000,
            mobile % 10_000,
            CITIES[i % CITIES.len()]
        );
    }
    std::fs::write(&path, csv)?;
    let preview = read::preview(&path, &ReadOptions::default(), 50)?;
    let suggestion = mapping::suggest(
        &preview.table.headers,
        &preview.rows,
        &PhoneRules::default(),
    );
    let plan = ImportPlan::new(&path, suggestion.mapping, "Bench");
    let summary = import::run_import(db, &plan, |_| Control::Continue).await?;
    if summary.counts.inserted as usize != count {
        return Err(format!("imported {} contacts of {count}", summary.counts.inserted).into());
    }
    Ok(summary.list_id)
}
