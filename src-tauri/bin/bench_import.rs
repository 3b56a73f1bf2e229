//! `bench-import`: generates Brazilian contact sheets and prints how fast and how lean the
//! contact import is on them (preview, end-to-end import, peak memory), against the targets
//! of the product issue. A measurement to read, not a test: it exits 0 whatever the figures.
//!
//! Each measured step runs in a child process (this binary re-executed with `--child`), so
//! the peak RSS reported is that step's own, not the high-water mark of generating a 1M-row
//! file a moment before.

use std::error::Error;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use clap::{Parser, ValueEnum};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_xlsxwriter::Workbook;
use whats_tip::import::phone::PhoneRules;
use whats_tip::import::read::{self, ReadOptions};
use whats_tip::import::{self, mapping, Control, ImportPlan};
use whats_tip::storage::Db;

type BenchResult<T> = Result<T, Box<dyn Error>>;

/// Rows shown on the mapping screen; the preview target is about this many.
const PREVIEW_ROWS: usize = 50;

#[derive(Debug, Parser)]
#[command(
    name = "bench-import",
    about = "Measure contact import speed and peak memory on generated Brazilian sheets"
)]
struct Args {
    /// Where to write the generated files. They are kept, and a file already there with the
    /// same name is reused (generating 1M rows takes a while). Default: a temporary folder,
    /// removed afterwards.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Files to measure, e.g. `xlsx-10k,csv-100k,csv-250k` (format-rows, k/m suffixes).
    #[arg(long, value_delimiter = ',', conflicts_with = "quick")]
    sizes: Option<Vec<Size>>,
    /// Only the small files: xlsx-10k and csv-100k.
    #[arg(long)]
    quick: bool,
    /// Also generate and measure a 1M-row xlsx (slow to generate, several GB of RAM).
    #[arg(long)]
    with_1m_xlsx: bool,
    /// Also time reading alone and reading + repair + dedupe without SQLite, to see where
    /// the import's time goes.
    #[arg(long)]
    breakdown: bool,
    /// Internal: run one step in this (child) process and print its figures.
    #[arg(long, hide = true, requires = "file")]
    child: Option<Step>,
    #[arg(long, hide = true)]
    file: Option<PathBuf>,
    #[arg(long, hide = true)]
    db: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Step {
    /// `read::preview` of the first 50 rows.
    Preview,
    /// Reading every row, nothing else.
    Read,
    /// Reading, phone repair and duplicate detection (`dry_run`), no writes.
    Judge,
    /// `run_import` into a fresh database: the figure the targets are about.
    Import,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Size {
    format: Format,
    rows: usize,
}

impl std::str::FromStr for Size {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("{text:?} is not FORMAT-ROWS such as xlsx-100k or csv-1m");
        let (format, rows) = text.trim().split_once('-').ok_or_else(bad)?;
        let format = match format.to_ascii_lowercase().as_str() {
            "xlsx" => Format::Xlsx,
            "csv" => Format::Csv,
            _ => return Err(bad()),
        };
        let rows = rows.to_ascii_lowercase();
        let (digits, scale) = match rows.strip_suffix('k') {
            Some(d) => (d, 1_000),
            None => match rows.strip_suffix('m') {
                Some(d) => (d, 1_000_000),
                None => (rows.as_str(), 1),
            },
        };
        let rows = digits.parse::<usize>().map_err(|_| bad())? * scale;
        if rows == 0 {
            return Err(bad());
        }
        Ok(Size { format, rows })
    }
}

impl Size {
    fn label(&self) -> String {
        let rows = match self.rows {
            r if r % 1_000_000 == 0 => format!("{}m", r / 1_000_000),
            r if r % 1_000 == 0 => format!("{}k", r / 1_000),
            r => r.to_string(),
        };
        let format = match self.format {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        };
        format!("{format}-{rows}")
    }

    fn file_name(&self) -> String {
        let ext = match self.format {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        };
        format!("contatos-{}.{ext}", self.label())
    }

    /// The issue's end-to-end targets: (seconds, MB of peak RSS).
    fn import_target(&self) -> Option<(f64, f64)> {
        match (self.format, self.rows) {
            (Format::Xlsx, 100_000) => Some((0.6, 40.0)),
            (Format::Csv, 1_000_000) => Some((3.5, 100.0)),
            (Format::Xlsx, 1_000_000) => Some((6.5, 150.0)),
            _ => None,
        }
    }
}

/// The issue's preview target, for any file.
const PREVIEW_TARGET_MS: f64 = 300.0;

fn main() -> BenchResult<()> {
    let args = Args::parse();
    match args.child {
        Some(step) => {
            let file = args.file.as_deref().ok_or("--child needs --file")?;
            run_child(step, file, args.db.as_deref())
        }
        None => run_parent(&args),
    }
}

// ---------------------------------------------------------------------------------------
// Parent: generate, run the children, print the table.

fn run_parent(args: &Args) -> BenchResult<()> {
    let mut sizes = match (&args.sizes, args.quick) {
        (Some(sizes), _) => sizes.clone(),
        (None, true) => vec!["xlsx-10k".parse()?, "csv-100k".parse()?],
        (None, false) => vec![
            "xlsx-10k".parse()?,
            "xlsx-100k".parse()?,
            "csv-100k".parse()?,
            "csv-1m".parse()?,
        ],
    };
    if args.with_1m_xlsx {
        sizes.push("xlsx-1m".parse()?);
    }

    let scratch = std::env::temp_dir().join(format!("whats-tip-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let data_dir = args.dir.clone().unwrap_or_else(|| scratch.join("files"));
    std::fs::create_dir_all(&data_dir)?;

    let outcome = measure_all(&sizes, &data_dir, &scratch, args.breakdown);
    // Databases always go; generated files only when they were in our own scratch folder.
    let _ = std::fs::remove_dir_all(&scratch);
    let rows = outcome?;
    print_table(&rows, args.breakdown);
    Ok(())
}

/// One file's figures.
#[derive(Debug)]
struct Measured {
    size: Size,
    file_mb: f64,
    preview: Figures,
    import: Figures,
    read: Option<Figures>,
    judge: Option<Figures>,
}

/// What a child reports.
#[derive(Debug, Default, Clone)]
struct Figures {
    wall_s: f64,
    /// User + system CPU time of the whole child, all threads (a busy machine stretches
    /// wall time much more than this).
    cpu_s: Option<f64>,
    rows: u64,
    peak_kb: Option<u64>,
    /// `key=value` pairs worth showing (verdict counts).
    extra: Vec<(String, String)>,
}

fn measure_all(
    sizes: &[Size],
    data_dir: &Path,
    scratch: &Path,
    breakdown: bool,
) -> BenchResult<Vec<Measured>> {
    let mut measured = Vec::new();
    for size in sizes {
        let path = data_dir.join(size.file_name());
        if path.exists() {
            eprintln!("reusing {}", path.display());
        } else {
            let started = Instant::now();
            eprint!("generating {} ... ", path.display());
            match size.format {
                Format::Xlsx => write_xlsx(&path, size.rows)?,
                Format::Csv => write_csv(&path, size.rows)?,
            }
            eprintln!("{:.1} s", started.elapsed().as_secs_f64());
        }
        let file_mb = std::fs::metadata(&path)?.len() as f64 / 1e6;

        eprintln!("measuring {} ...", size.label());
        let preview = child(Step::Preview, &path, None)?;
        let (read, judge) = if breakdown {
            let read = child(Step::Read, &path, None)?;
            let db = fresh_db(scratch, size, "judge")?;
            (Some(read), Some(child(Step::Judge, &path, Some(&db))?))
        } else {
            (None, None)
        };
        let db = fresh_db(scratch, size, "import")?;
        let import = child(Step::Import, &path, Some(&db))?;
        // The database is not needed any more; 1M contacts take a few hundred MB of disk.
        if let Some(folder) = db.parent() {
            let _ = std::fs::remove_dir_all(folder);
        }
        measured.push(Measured {
            size: *size,
            file_mb,
            preview,
            import,
            read,
            judge,
        });
    }
    Ok(measured)
}

/// A database path in a folder of its own that does not exist yet (WAL adds sibling files).
fn fresh_db(scratch: &Path, size: &Size, step: &str) -> BenchResult<PathBuf> {
    let folder = scratch.join(format!("db-{}-{step}", size.label()));
    if folder.exists() {
        std::fs::remove_dir_all(&folder)?;
    }
    Ok(folder.join("app.sqlite3"))
}

fn child(step: Step, file: &Path, db: Option<&Path>) -> BenchResult<Figures> {
    let exe = std::env::current_exe()?;
    let mut command = Command::new(exe);
    command
        .arg("--child")
        .arg(step_name(step))
        .arg("--file")
        .arg(file);
    if let Some(db) = db {
        command.arg("--db").arg(db);
    }
    // The child's stderr goes straight to ours; its stdout is one line of figures.
    let output = command.stderr(std::process::Stdio::inherit()).output()?;
    if !output.status.success() {
        return Err(format!(
            "the {} step failed on {} ({})",
            step_name(step),
            file.display(),
            output.status
        )
        .into());
    }
    parse_figures(&String::from_utf8_lossy(&output.stdout))
}

fn step_name(step: Step) -> &'static str {
    match step {
        Step::Preview => "preview",
        Step::Read => "read",
        Step::Judge => "judge",
        Step::Import => "import",
    }
}

fn parse_figures(stdout: &str) -> BenchResult<Figures> {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("bench-figures "))
        .ok_or("the child printed no figures")?;
    let mut figures = Figures::default();
    for pair in line.split_whitespace() {
        let Some((key, value)) = pair.split_once('=') else {
            continue;
        };
        match key {
            "wall_s" => figures.wall_s = value.parse()?,
            "cpu_s" => figures.cpu_s = value.parse().ok(),
            "rows" => figures.rows = value.parse()?,
            "peak_kb" => figures.peak_kb = value.parse().ok(),
            _ => figures.extra.push((key.to_owned(), value.to_owned())),
        }
    }
    Ok(figures)
}

fn print_table(measured: &[Measured], breakdown: bool) {
    println!();
    println!("Contact import benchmark (release build expected; peak RSS = VmHWM of a child process per step, MB = 10^6 bytes)");
    println!();
    println!(
        "{:<10} {:>8} {:>9} {:>12} {:>10} {:>7} {:>11} {:>12} {:>10}  {:<26} {:<28}",
        "file",
        "size MB",
        "rows",
        "preview ms",
        "import s",
        "cpu s",
        "rows/s",
        "peak RSS MB",
        "prev. RSS",
        "preview < 300 ms",
        "import target"
    );
    for m in measured {
        let preview_ms = m.preview.wall_s * 1e3;
        let import_s = m.import.wall_s;
        let rows_per_s = if import_s > 0.0 {
            m.import.rows as f64 / import_s
        } else {
            0.0
        };
        let peak = mb(m.import.peak_kb);
        let preview_verdict = format!(
            "{} ({preview_ms:.0} ms)",
            pass(preview_ms < PREVIEW_TARGET_MS)
        );
        let import_verdict = match m.size.import_target() {
            None => "-".to_owned(),
            Some((secs, limit_mb)) => {
                let memory = match peak {
                    Some(p) => pass(p <= limit_mb).to_owned(),
                    None => "n/a".to_owned(),
                };
                format!(
                    "time {} (<= {secs} s), RSS {memory} (<= {limit_mb} MB)",
                    pass(import_s <= secs)
                )
            }
        };
        println!(
            "{:<10} {:>8.1} {:>9} {:>12.1} {:>10.3} {:>7} {:>11.0} {:>12} {:>10}  {:<26} {:<28}",
            m.size.label(),
            m.file_mb,
            m.import.rows,
            preview_ms,
            import_s,
            m.import
                .cpu_s
                .map_or_else(|| "n/a".to_owned(), |c| format!("{c:.2}")),
            rows_per_s,
            show_mb(peak),
            show_mb(mb(m.preview.peak_kb)),
            preview_verdict,
            import_verdict
        );
    }

    println!();
    println!("Verdicts of the import step (generated data: ~3% invalid, ~5% duplicates, ~1% blank rows);");
    println!("after_s = closing the database once the import returned: it waits for the WAL checkpoint a bulk import leaves to a background task:");
    for m in measured {
        let mut line = String::new();
        for (key, value) in &m.import.extra {
            let _ = write!(line, " {key}={value}");
        }
        println!("  {:<10}{line}", m.size.label());
    }

    if breakdown {
        println!();
        println!("Where the time goes (each step in its own process, same file):");
        println!(
            "{:<10} {:>10} {:>12} {:>16} {:>12} {:>14} {:>12}",
            "file", "read s", "read MB", "read+judge s", "judge MB", "import s", "import MB"
        );
        for m in measured {
            let (Some(read), Some(judge)) = (&m.read, &m.judge) else {
                continue;
            };
            println!(
                "{:<10} {:>10.3} {:>12} {:>16.3} {:>12} {:>14.3} {:>12}",
                m.size.label(),
                read.wall_s,
                show_mb(mb(read.peak_kb)),
                judge.wall_s,
                show_mb(mb(judge.peak_kb)),
                m.import.wall_s,
                show_mb(mb(m.import.peak_kb)),
            );
        }
        println!(
            "  judge = repair + dedupe on top of reading (dry_run keeps every row report too);"
        );
        println!("  import - read+judge = SQLite writes and the transaction.");
    }
}

fn mb(kb: Option<u64>) -> Option<f64> {
    kb.map(|kb| kb as f64 * 1024.0 / 1e6)
}

fn show_mb(value: Option<f64>) -> String {
    match value {
        Some(v) => format!("{v:.1}"),
        None => "n/a".to_owned(),
    }
}

fn pass(ok: bool) -> &'static str {
    if ok {
        "PASS"
    } else {
        "MISS"
    }
}

// ---------------------------------------------------------------------------------------
// Child: one step, figures on stdout.

fn run_child(step: Step, file: &Path, db: Option<&Path>) -> BenchResult<()> {
    // `RUST_LOG=whats_tip::import=debug` shows the import's own timing of its phases.
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let options = ReadOptions::default();
    let mut extra = String::new();
    let (wall_s, rows) = match step {
        Step::Preview => {
            let started = Instant::now();
            let preview = read::preview(file, &options, PREVIEW_ROWS)?;
            let wall = started.elapsed().as_secs_f64();
            let _ = write!(extra, " header_row={:?}", preview.table.header_row);
            (wall, preview.rows.len() as u64)
        }
        Step::Read => {
            let started = Instant::now();
            let mut reader = read::open(file, &options)?;
            let mut rows = 0_u64;
            while let Some(row) = reader.next_row() {
                row?;
                rows += 1;
            }
            (started.elapsed().as_secs_f64(), rows)
        }
        Step::Judge | Step::Import => {
            let db_path = db.ok_or("this step needs --db")?;
            // The wizard's plan (columns guessed from the preview) and an open, migrated
            // database exist before the user presses "Import", so neither is timed.
            let plan = plan_for(file)?;
            runtime.block_on(async {
                let db = Db::open(db_path).await?;
                let started = Instant::now();
                let counts = if step == Step::Import {
                    import::run_import(&db, &plan, |_| Control::Continue)
                        .await?
                        .counts
                } else {
                    import::dry_run(&db, &plan, None).await?.counts
                };
                let rows = counts.rows();
                let wall = started.elapsed().as_secs_f64();
                // A bulk import leaves its WAL checkpoint to a background task; closing the
                // database waits for it. Timed apart: the user does not wait for it.
                let closing = Instant::now();
                tokio::task::yield_now().await;
                db.close().await;
                let _ = write!(extra, " after_s={:.3}", closing.elapsed().as_secs_f64());
                let _ = write!(
                    extra,
                    " ok={} repaired={} duplicate={} invalid={} skipped={} inserted={}",
                    counts.ok,
                    counts.repaired,
                    counts.duplicate,
                    counts.invalid,
                    counts.skipped,
                    counts.inserted
                );
                BenchResult::Ok((wall, u64::from(rows)))
            })?
        }
    };
    let peak = match peak_rss_kb() {
        Some(kb) => kb.to_string(),
        None => "n/a".to_owned(),
    };
    let cpu = match cpu_seconds() {
        Some(s) => format!("{s:.2}"),
        None => "n/a".to_owned(),
    };
    println!("bench-figures wall_s={wall_s:.6} cpu_s={cpu} rows={rows} peak_kb={peak}{extra}");
    Ok(())
}

fn plan_for(file: &Path) -> BenchResult<ImportPlan> {
    let preview = read::preview(file, &ReadOptions::default(), PREVIEW_ROWS)?;
    let suggestion = mapping::suggest(
        &preview.table.headers,
        &preview.rows,
        &PhoneRules::default(),
    );
    if suggestion.mapping.phone_column().is_none() {
        return Err("no phone column was found in the generated file".into());
    }
    Ok(ImportPlan::new(file, suggestion.mapping, "Benchmark"))
}

/// The process's peak resident set size so far (Linux `VmHWM`), in KiB.
#[cfg(target_os = "linux")]
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[cfg(not(target_os = "linux"))]
fn peak_rss_kb() -> Option<u64> {
    None
}

/// User + system CPU time of this process so far (Linux `/proc/self/stat`, in clock ticks
/// of 1/100 s).
#[cfg(target_os = "linux")]
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

#[cfg(not(target_os = "linux"))]
fn cpu_seconds() -> Option<f64> {
    None
}

// ---------------------------------------------------------------------------------------
// Generated data: what a small Brazilian business exports from its CRM or from Excel.

/// A cell of the generated sheet.
enum Value {
    Text(String),
    /// A phone typed into Excel as a number (`11987654321.0`).
    Number(f64),
    Blank,
}

const TITLE: &str = "Relatório de clientes — exportado do sistema em 03/2025";
const HEADERS: [&str; 5] = ["Nome", "Celular", "E-mail", "Cidade", "Bairro"];

/// Names as written in Brazil (`, `-separated), accents included.
const FIRST_NAMES: &str =
    "João, José, Antônio, Francisco, Carlos, Paulo, Pedro, Lucas, Luiz, Marcos, Luís, \
    Gabriel, Rafael, Sebastião, Conceição, Maria, Ana, Márcia, Fátima, Luíza, Inês, \
    Cecília, Letícia, Júlia, Beatriz, Tânia, Flávia, Vinícius, André, Mônica, Cláudia, \
    Zé, Iraci, Thaís, Caio, Débora";
const SURNAMES: &str =
    "da Silva, dos Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, \
    Gomes, Ribeiro, Araújo, Gonçalves, Simões, Conceição, Assunção, Magalhães, \
    Guimarães, Brandão, Sá, Falcão, Leão, Catão, Lopes, Mendonça";
const EMOJI: &[&str] = &["🌸", "😀", "🍞", "⚽", "💇‍♀️", "🙏", "❤️", "🐶"];
const DOMAINS: &[&str] = &[
    "gmail.com",
    "hotmail.com",
    "yahoo.com.br",
    "uol.com.br",
    "bol.com.br",
    "terra.com.br",
];
/// Area codes with a city in them, so the city column agrees with the number.
const PLACES: &[(u32, &str, &[&str])] = &[
    (
        11,
        "São Paulo",
        &["Vila Mariana", "Mooca", "Pinheiros", "Tatuapé", "Santana"],
    ),
    (
        21,
        "Rio de Janeiro",
        &["Copacabana", "Tijuca", "Méier", "Botafogo", "Jacarepaguá"],
    ),
    (
        31,
        "Belo Horizonte",
        &["Savassi", "Funcionários", "Pampulha", "Barreiro"],
    ),
    (41, "Curitiba", &["Batel", "Água Verde", "Boqueirão"]),
    (
        51,
        "Porto Alegre",
        &["Moinhos de Vento", "Menino Deus", "Petrópolis"],
    ),
    (
        61,
        "Brasília",
        &["Asa Sul", "Asa Norte", "Taguatinga", "Ceilândia"],
    ),
    (71, "Salvador", &["Pituba", "Barra", "Itapuã", "Liberdade"]),
    (81, "Recife", &["Boa Viagem", "Casa Forte", "Graças"]),
    (85, "Fortaleza", &["Aldeota", "Meireles", "Messejana"]),
    (19, "Campinas", &["Cambuí", "Taquaral", "Barão Geraldo"]),
    (27, "Vitória", &["Jardim Camburi", "Praia do Canto"]),
    (48, "Florianópolis", &["Trindade", "Ingleses", "Centro"]),
    (
        62,
        "Goiânia",
        &["Setor Bueno", "Setor Oeste", "Jardim Goiás"],
    ),
    (
        92,
        "Manaus",
        &["Adrianópolis", "Cidade Nova", "Ponta Negra"],
    ),
];
/// Long-distance carrier codes people still type in front of the area code.
const CARRIERS: &[u32] = &[21, 15, 41, 31, 14, 12];
const INVALID: &[&str] = &[
    "123",
    "sem telefone",
    "(11) 1234",
    "99999999999999999",
    "n/d",
    "0800 123 4567",
    "ver e-mail",
    "11 9876",
];

/// Produces rows; the seed is fixed so every run measures the same file.
struct ContactSource {
    rng: StdRng,
    /// Recent numbers as (area code, subscriber digits), for duplicates.
    recent: Vec<(u32, u64)>,
    /// `false` for Windows-1252 CSV, which cannot hold emoji (Excel writes `?`).
    emoji: bool,
    first_names: Vec<&'static str>,
    surnames: Vec<&'static str>,
}

impl ContactSource {
    fn new(emoji: bool) -> Self {
        Self {
            rng: StdRng::seed_from_u64(0x5EED_B0A7),
            recent: Vec::with_capacity(4096),
            emoji,
            first_names: FIRST_NAMES.split(", ").collect(),
            surnames: SURNAMES.split(", ").collect(),
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.random_range(0..items.len())]
    }

    fn row(&mut self) -> Vec<Value> {
        if self.rng.random_bool(0.01) {
            return Vec::new();
        }
        let (ddd, city, districts) = *self.pick(PLACES);
        let first = self.first_names[self.rng.random_range(0..self.first_names.len())];
        let last = self.surnames[self.rng.random_range(0..self.surnames.len())];
        let mut name = format!("{first} {last}");
        if self.rng.random_bool(0.08) {
            name = name.to_uppercase();
        }
        if self.rng.random_bool(0.03) {
            let emoji = if self.emoji { *self.pick(EMOJI) } else { "?" };
            name = format!("{name} {emoji}");
        }
        let email = if self.rng.random_bool(0.25) {
            Value::Blank
        } else {
            let n = self.rng.random_range(1..9999);
            let domain = *self.pick(DOMAINS);
            Value::Text(format!(
                "{}.{}{n}@{domain}",
                ascii_word(first),
                ascii_word(last)
            ))
        };
        let phone = self.phone(ddd);
        let district = *self.pick(districts);
        vec![
            Value::Text(name),
            phone,
            email,
            Value::Text(city.to_owned()),
            Value::Text(district.to_owned()),
        ]
    }

    fn phone(&mut self, ddd: u32) -> Value {
        let roll = self.rng.random_range(0..1000);
        if roll < 30 {
            return Value::Text((*self.pick(INVALID)).to_owned());
        }
        let (ddd, mobile) = if roll < 80 && !self.recent.is_empty() {
            // A duplicate, usually written differently from the first time.
            let at = self.rng.random_range(0..self.recent.len());
            self.recent[at]
        } else {
            // 9 + eight digits, the second starting at 6..9 as Anatel allocates them.
            let mobile = 900_000_000 + self.rng.random_range(60_000_000..100_000_000);
            let pair = (ddd, mobile);
            if self.recent.len() < 4096 {
                self.recent.push(pair);
            } else {
                let at = self.rng.random_range(0..self.recent.len());
                self.recent[at] = pair;
            }
            pair
        };
        let (hi, lo) = (mobile / 10_000, mobile % 10_000);
        let old = mobile - 900_000_000; // the same number before the ninth digit
        match self.rng.random_range(0..100) {
            0..=29 => Value::Number((u64::from(ddd) * 1_000_000_000 + mobile) as f64),
            30..=44 => Value::Text(format!("+55 ({ddd}) {hi:05}-{lo:04}")),
            45..=59 => Value::Text(format!("({ddd}) {hi:05}-{lo:04}")),
            60..=67 => Value::Text(format!("{ddd} {hi:05} {lo:04}")),
            68..=72 => Value::Text(format!("55{ddd}{mobile}")),
            73..=79 => {
                // A landline: WhatsApp Business numbers are often fixed lines.
                let line = self.rng.random_range(20_000_000..60_000_000_u64);
                Value::Text(format!("({ddd}) {}-{:04}", line / 10_000, line % 10_000))
            }
            80..=85 => {
                let carrier = *self.pick(CARRIERS);
                Value::Text(format!("0 {carrier} {ddd} {hi:05}-{lo:04}"))
            }
            86..=90 => Value::Text(format!("({ddd}) {}-{:04}", old / 10_000, old % 10_000)),
            91..=94 => Value::Number((u64::from(ddd) * 100_000_000 + old) as f64),
            _ => Value::Text(format!("{ddd}{mobile}")),
        }
    }
}

/// `Conceição` → `conceicao`, `da Silva` → `dasilva`, for e-mail addresses.
fn ascii_word(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let c = c.to_lowercase().next().unwrap_or(c);
            let plain = match c {
                'á' | 'à' | 'â' | 'ã' => 'a',
                'é' | 'ê' => 'e',
                'í' => 'i',
                'ó' | 'ô' | 'õ' => 'o',
                'ú' | 'ü' => 'u',
                'ç' => 'c',
                ' ' => return None,
                other => other,
            };
            Some(plain)
        })
        .collect()
}

fn write_xlsx(path: &Path, rows: usize) -> BenchResult<()> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Clientes")?;
    // A title, a blank row, then the header on Excel row 3, as CRM exports do.
    sheet.write_string(0, 0, TITLE)?;
    for (c, header) in HEADERS.iter().enumerate() {
        sheet.write_string(2, c as u16, *header)?;
    }
    let mut source = ContactSource::new(true);
    for r in 0..rows {
        let excel_row = u32::try_from(r + 3)?;
        for (c, value) in source.row().iter().enumerate() {
            match value {
                Value::Text(text) => {
                    sheet.write_string(excel_row, c as u16, text)?;
                }
                Value::Number(n) => {
                    sheet.write_number(excel_row, c as u16, *n)?;
                }
                Value::Blank => {}
            }
        }
    }
    workbook.save(path)?;
    Ok(())
}

/// `;`-separated, CRLF, Windows-1252: what Excel in Portuguese saves as "CSV".
fn write_csv(path: &Path, rows: usize) -> BenchResult<()> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    let mut source = ContactSource::new(false);
    let mut line = String::with_capacity(256);
    let mut put = |line: &str| -> BenchResult<()> {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(line);
        if unmappable {
            return Err(format!("not Windows-1252: {line:?}").into());
        }
        out.write_all(&bytes)?;
        Ok(())
    };
    put(&format!("{TITLE};;;;\r\n;;;;\r\n{}\r\n", HEADERS.join(";")))?;
    for _ in 0..rows {
        line.clear();
        let cells = source.row();
        if cells.is_empty() {
            line.push_str(";;;;");
        }
        for (c, value) in cells.iter().enumerate() {
            if c > 0 {
                line.push(';');
            }
            match value {
                Value::Text(text) => line.push_str(text),
                // Excel writes a whole number without decimals.
                Value::Number(n) => {
                    let _ = write!(line, "{n:.0}");
                }
                Value::Blank => {}
            }
        }
        line.push_str("\r\n");
        put(&line)?;
    }
    out.flush()?;
    Ok(())
}
