//! `bench-import`: generates Brazilian contact sheets and prints how fast and how lean the
//! contact import is on them (preview, end-to-end import, peak memory), against the targets
//! of the product issue. A measurement to read, not a test: it exits 0 whatever the figures.
//!
//! Each measured step runs in a child process (this binary re-executed with `--child`), so
//! the peak RSS reported is that step's own, not the high-water mark of generating a 1M-row
//! file a moment before. Every step runs `--runs` times and the medians are shown: the build
//! machine is shared, and one run says little. The runs go in rounds, every case once per
//! round, so the cases a target compares (a floor, the same file into an empty database)
//! are measured in the same minutes.
//!
//! An import's time is what the user waits for: from pressing "Import" until the contacts
//! are committed *and* the WAL is copied into the database file (a bulk import leaves that
//! checkpoint to a background task; closing the database waits for it, so the timed part
//! ends when `Db::close` returns).
//!
//! Next to the floor, the cases with a time target show what storing the import's own rows
//! costs SQLite alone: the contacts of the last import run, held in memory, inserted into a
//! fresh database of the app's schema in one transaction, with every contacts index dropped
//! during the load and built after, and CHECK constraints and foreign-key checks off (as the
//! bulk import runs), then commit and checkpoint: SQLite's share of the import alone, a
//! close bound on what any importer of these rows can reach on the same machine.
//!
//! Two cases import into a database that already holds 1M contacts (built once by importing
//! the 1M-row CSV, kept in a cache folder, and copied afresh and synced to disk before every
//! run): the 100k-row xlsx into a new list, and into the list holding the million.

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
use whats_tip::storage::in_place::{InPlaceStatement, Value as Bound};
use whats_tip::storage::{Db, MIGRATOR};

type BenchResult<T> = Result<T, Box<dyn Error>>;

/// Rows shown on the mapping screen; the preview target is about this many.
const PREVIEW_ROWS: usize = 50;
/// The list the measured imports write to (new in a fresh database).
const BENCH_LIST: &str = "Benchmark";
/// The list of the prepared database's million contacts.
const BASE_LIST: &str = "Base";
/// Bump when the prepared database's content changes, so a cached copy is built again
/// (2: 16 KiB pages).
const BASE_VERSION: u32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "bench-import",
    about = "Measure contact import speed and peak memory on generated Brazilian sheets"
)]
struct Args {
    /// Passed by `cargo bench` to every bench target; ignored.
    #[arg(long = "bench", hide = true)]
    _cargo_bench: bool,
    /// Where to write the generated files. They are kept, and a file already there with the
    /// same name is reused (generating 1M rows takes a while). Default: a temporary folder,
    /// removed afterwards.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Files to measure, e.g. `xlsx-10k,csv-100k,csv-250k` (format-rows, k/m suffixes).
    #[arg(long, value_delimiter = ',', conflicts_with = "quick")]
    sizes: Option<Vec<Size>>,
    /// Only the small files: xlsx-10k and csv-100k (and no 1M-contact database).
    #[arg(long)]
    quick: bool,
    /// Also generate and measure a 1M-row xlsx (slow to generate, several GB of RAM).
    #[arg(long)]
    with_1m_xlsx: bool,
    /// The 100k-row xlsx into a database already holding 1M contacts (a new list, and the
    /// list holding them). On by default; off with `--quick` or `--sizes` unless given.
    #[arg(long)]
    into_1m: bool,
    /// Where the prepared 1M-contact database is kept between runs. Default: the user's
    /// cache folder (`~/.cache/whats-tip-bench` on Linux).
    #[arg(long)]
    cache_dir: Option<PathBuf>,
    /// Times each step runs; medians are shown.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=50))]
    runs: u32,
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
    #[arg(long, hide = true, default_value = BENCH_LIST)]
    list: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Step {
    /// `read::preview` of the first 50 rows.
    Preview,
    /// Reading every row, nothing else.
    Read,
    /// Reading, phone repair and duplicate detection (`dry_run`), no writes.
    Judge,
    /// `run_import`, then closing the database (which waits for the WAL checkpoint): the
    /// figure the targets are about.
    Import,
    /// The floor the issue measures against: a minimal streaming importer (the csv crate or
    /// calamine's cell reader, then rusqlite; every row's first five cells as text, the
    /// number reduced to digits, no checks, no duplicates; the index built after loading,
    /// then commit and checkpoint), on the same machine in the same run.
    Floor,
    /// SQLite alone: the contacts of an imported database (`--file`), read into memory
    /// first, then stored in a fresh database (`--db`), every contacts index built after.
    Store,
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
}

/// Where a measured import writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Into1m {
    /// A fresh, empty database.
    Empty,
    /// The prepared 1M-contact database, a list of its own.
    NewList,
    /// The prepared database, the list holding the million.
    SameList,
}

/// One measured case: a file imported somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Case {
    size: Size,
    into: Into1m,
}

impl Case {
    fn label(&self) -> String {
        match self.into {
            Into1m::Empty => self.size.label(),
            Into1m::NewList => format!("{} → 1M db, new list", self.size.label()),
            Into1m::SameList => format!("{} → 1M db, same list", self.size.label()),
        }
    }
}

/// An import time target.
#[derive(Debug, Clone, Copy)]
enum TimeTarget {
    Seconds(f64),
    /// This many times the median of the same file into an empty database.
    TimesEmpty(f64),
    /// This many times the median of [`Step::Floor`] on the same file, in the same run.
    TimesFloor(f64),
}

/// The issue's import targets for a case: time, and MB of peak RSS.
fn import_target(case: &Case) -> Option<(TimeTarget, Option<f64>)> {
    match (case.size.format, case.size.rows, case.into) {
        // 1.3 × a minimal streaming importer (calamine + rusqlite), measured beside it (the
        // issue measured 0.40-0.44 s for it on its machine: 0.55 s).
        (Format::Xlsx, 100_000, Into1m::Empty) => Some((TimeTarget::TimesFloor(1.3), Some(40.0))),
        (Format::Csv, 1_000_000, Into1m::Empty) => Some((TimeTarget::Seconds(3.0), Some(100.0))),
        (Format::Xlsx, 1_000_000, Into1m::Empty) => Some((TimeTarget::Seconds(6.5), Some(150.0))),
        (_, _, Into1m::NewList) => Some((TimeTarget::TimesEmpty(1.5), None)),
        (_, _, Into1m::SameList) => Some((TimeTarget::TimesEmpty(1.5), Some(60.0))),
        _ => None,
    }
}

/// The issue's preview target, for any file.
const PREVIEW_TARGET_MS: f64 = 300.0;

fn main() -> BenchResult<()> {
    let args = Args::parse();
    match args.child {
        Some(step) => {
            let file = args.file.as_deref().ok_or("--child needs --file")?;
            run_child(step, file, args.db.as_deref(), &args.list)
        }
        None => run_parent(&args),
    }
}

// ---------------------------------------------------------------------------------------
// Parent: generate, run the children, print the table.

fn run_parent(args: &Args) -> BenchResult<()> {
    let default_set = args.sizes.is_none() && !args.quick;
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
    let mut cases: Vec<Case> = sizes
        .iter()
        .map(|&size| Case {
            size,
            into: Into1m::Empty,
        })
        .collect();
    if default_set || args.into_1m {
        let size: Size = "xlsx-100k".parse()?;
        if !sizes.contains(&size) {
            // The targets are relative to the same file into an empty database.
            cases.push(Case {
                size,
                into: Into1m::Empty,
            });
        }
        for into in [Into1m::NewList, Into1m::SameList] {
            cases.push(Case { size, into });
        }
    }

    let scratch = std::env::temp_dir().join(format!("whats-tip-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let data_dir = args.dir.clone().unwrap_or_else(|| scratch.join("files"));
    std::fs::create_dir_all(&data_dir)?;

    let load_before = load_average();
    let outcome = measure_all(args, &cases, &data_dir, &scratch);
    // Databases always go; generated files only when they were in our own scratch folder.
    let _ = std::fs::remove_dir_all(&scratch);
    let rows = outcome?;
    print_table(&rows, args.breakdown, args.runs);
    // Other work on the machine stretches wall times (CPU seconds much less): say how busy
    // it was, so figures from different runs can be weighed.
    println!();
    println!(
        "Load average (1, 5, 15 min) before: {load_before}; after: {}",
        load_average()
    );
    Ok(())
}

/// The system's load averages over 1, 5 and 15 minutes (Linux `/proc/loadavg`).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "n/a".to_owned())
}

/// One case's figures.
#[derive(Debug)]
struct Measured {
    case: Case,
    file_mb: f64,
    /// `None` for the cases into the 1M database (the same file's preview is shown above).
    preview: Option<Runs>,
    import: Runs,
    /// [`Step::Floor`] on the same file, for the cases with a target into an empty database.
    floor: Option<Runs>,
    /// [`Step::Store`] on the last import's contacts, for the same cases.
    store: Option<Runs>,
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

/// The same step run several times.
#[derive(Debug, Default, Clone)]
struct Runs(Vec<Figures>);

impl Runs {
    fn walls(&self) -> Vec<f64> {
        self.0.iter().map(|f| f.wall_s).collect()
    }

    fn wall(&self) -> f64 {
        median(&self.walls())
    }

    fn spread(&self) -> (f64, f64) {
        let walls = self.walls();
        let min = walls.iter().copied().fold(f64::INFINITY, f64::min);
        let max = walls.iter().copied().fold(0.0, f64::max);
        (min, max)
    }

    fn cpu(&self) -> Option<f64> {
        let cpus: Option<Vec<f64>> = self.0.iter().map(|f| f.cpu_s).collect();
        cpus.map(|c| median(&c))
    }

    fn peak_mb(&self) -> Option<f64> {
        let peaks: Option<Vec<f64>> = self.0.iter().map(|f| mb(f.peak_kb)).collect();
        peaks.map(|p| median(&p))
    }

    fn rows(&self) -> u64 {
        self.0.first().map_or(0, |f| f.rows)
    }

    fn last(&self) -> Option<&Figures> {
        self.0.last()
    }
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

fn measure_all(
    args: &Args,
    cases: &[Case],
    data_dir: &Path,
    scratch: &Path,
) -> BenchResult<Vec<Measured>> {
    // Files, the 1M-contact database and the breakdown are made before any timing.
    let mut measured = Vec::new();
    let mut sources = Vec::new();
    for case in cases {
        let path = ensure_file(data_dir, case.size)?;
        let file_mb = std::fs::metadata(&path)?.len() as f64 / 1e6;
        let (base, list) = match case.into {
            Into1m::Empty => (None, BENCH_LIST),
            Into1m::NewList => (Some(base_db(args, data_dir, scratch)?), BENCH_LIST),
            Into1m::SameList => (Some(base_db(args, data_dir, scratch)?), BASE_LIST),
        };
        let (read, judge) = if args.breakdown && case.into == Into1m::Empty {
            let read = child(Step::Read, &path, None, BENCH_LIST)?;
            let db = fresh_db(scratch, "judge", base.as_deref())?;
            (
                Some(read),
                Some(child(Step::Judge, &path, Some(&db), BENCH_LIST)?),
            )
        } else {
            (None, None)
        };
        let has_floor = case.into == Into1m::Empty && import_target(case).is_some();
        measured.push(Measured {
            case: *case,
            file_mb,
            preview: (case.into == Into1m::Empty).then(Runs::default),
            import: Runs::default(),
            floor: has_floor.then(Runs::default),
            store: None,
            read,
            judge,
        });
        sources.push((path, base, list));
    }

    // Round after round, each case runs once: the targets compare cases (the floor, the
    // empty database), and on a shared machine a slow minute then slows every case alike
    // instead of the few measured in it.
    let mut last_import: Vec<Option<PathBuf>> = vec![None; cases.len()];
    for round in 1..=args.runs {
        eprintln!("measuring round {round} of {} ...", args.runs);
        for (index, (one, (path, base, list))) in measured.iter_mut().zip(&sources).enumerate() {
            if let Some(preview) = &mut one.preview {
                preview
                    .0
                    .push(child(Step::Preview, path, None, BENCH_LIST)?);
            }
            if let Some(floor) = &mut one.floor {
                let db = fresh_db(scratch, &format!("floor-{index}"), None)?;
                floor
                    .0
                    .push(child(Step::Floor, path, Some(&db), BENCH_LIST)?);
                remove_db(&db);
            }
            let db = fresh_db(scratch, &format!("import-{index}"), base.as_deref())?;
            one.import
                .0
                .push(child(Step::Import, path, Some(&db), list)?);
            if one.floor.is_some() && round == args.runs {
                // Kept for storing its contacts again below.
                last_import[index] = Some(db);
            } else {
                // 1M contacts take a few hundred MB of disk.
                remove_db(&db);
            }
        }
    }

    // The last import's contacts, stored again by SQLite alone.
    for ((one, (_, _, list)), db) in measured.iter_mut().zip(&sources).zip(last_import) {
        let Some(db) = db else { continue };
        let mut runs = Runs::default();
        for _ in 0..args.runs {
            let target = fresh_db(scratch, "store", None)?;
            runs.0.push(child(Step::Store, &db, Some(&target), list)?);
            remove_db(&target);
        }
        one.store = Some(runs);
        remove_db(&db);
    }
    Ok(measured)
}

/// Removes a database made by [`fresh_db`], with its folder.
fn remove_db(db: &Path) {
    if let Some(folder) = db.parent() {
        let _ = std::fs::remove_dir_all(folder);
    }
}

/// The generated file for `size`, made if it is not there yet.
fn ensure_file(data_dir: &Path, size: Size) -> BenchResult<PathBuf> {
    let path = data_dir.join(size.file_name());
    if path.exists() {
        return Ok(path);
    }
    let started = Instant::now();
    eprint!("generating {} ... ", path.display());
    match size.format {
        Format::Xlsx => write_xlsx(&path, size.rows)?,
        Format::Csv => write_csv(&path, size.rows)?,
    }
    eprintln!("{:.1} s", started.elapsed().as_secs_f64());
    Ok(path)
}

/// The prepared database with 1M contacts in the list "Base": the 1M-row CSV imported
/// once, then kept in the cache folder under a name that changes with the schema.
fn base_db(args: &Args, data_dir: &Path, scratch: &Path) -> BenchResult<PathBuf> {
    let cache = match &args.cache_dir {
        Some(dir) => dir.clone(),
        None => dirs::cache_dir()
            .unwrap_or_else(std::env::temp_dir)
            .join("whats-tip-bench"),
    };
    std::fs::create_dir_all(&cache)?;
    let migrations = MIGRATOR.iter().count();
    let path = cache.join(format!("base-1m-v{BASE_VERSION}-m{migrations}.sqlite3"));
    if path.exists() {
        return Ok(path);
    }
    let csv = ensure_file(data_dir, "csv-1m".parse()?)?;
    let started = Instant::now();
    eprint!("preparing a database with 1M contacts ... ");
    let building = scratch.join("base").join("app.sqlite3");
    let figures = child(Step::Import, &csv, Some(&building), BASE_LIST)?;
    if figures.rows == 0 {
        return Err("the 1M-contact database came out empty".into());
    }
    // Closed by the child, so the WAL is already in the file; the copy is atomic.
    std::fs::copy(&building, cache.join("base.partial"))?;
    std::fs::rename(cache.join("base.partial"), &path)?;
    let _ = std::fs::remove_dir_all(scratch.join("base"));
    eprintln!(
        "{:.1} s, kept in {}",
        started.elapsed().as_secs_f64(),
        path.display()
    );
    Ok(path)
}

/// A database path in a folder of its own that does not exist yet (WAL adds sibling files),
/// holding a copy of `base` when given.
fn fresh_db(scratch: &Path, step: &str, base: Option<&Path>) -> BenchResult<PathBuf> {
    let folder = scratch.join(format!("db-{step}"));
    if folder.exists() {
        std::fs::remove_dir_all(&folder)?;
    }
    let path = folder.join("app.sqlite3");
    if let Some(base) = base {
        std::fs::create_dir_all(&folder)?;
        std::fs::copy(base, &path)?;
        // On disk before the timing starts, as a user's database is when they import:
        // otherwise the import's first fsync also writes out this fresh copy (a quarter
        // of a gigabyte for 1M contacts), about 0.1 s that no user waits for.
        std::fs::File::open(&path)?.sync_all()?;
        std::fs::File::open(&folder)?.sync_all()?;
    }
    Ok(path)
}

fn child(step: Step, file: &Path, db: Option<&Path>, list: &str) -> BenchResult<Figures> {
    let exe = std::env::current_exe()?;
    let mut command = Command::new(exe);
    command
        .arg("--child")
        .arg(step_name(step))
        .arg("--file")
        .arg(file)
        .arg("--list")
        .arg(list);
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
        Step::Floor => "floor",
        Step::Store => "store",
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

fn print_table(measured: &[Measured], breakdown: bool, runs: u32) {
    println!();
    println!(
        "Contact import benchmark: medians of {runs} run(s), in rounds (release build expected; import = \
         until committed and checkpointed; peak RSS = VmHWM of a child process per step; \
         MB = 10^6 bytes)"
    );
    println!();
    println!(
        "{:<28} {:>8} {:>9} {:>11} {:>17} {:>7} {:>10} {:>8}  {:<22} {:<30}",
        "case",
        "size MB",
        "rows",
        "preview ms",
        "import s (range)",
        "cpu s",
        "rows/s",
        "RSS MB",
        "preview < 300 ms",
        "import target"
    );
    let empty_wall = |size: Size| {
        measured
            .iter()
            .find(|m| m.case.size == size && m.case.into == Into1m::Empty)
            .map(|m| m.import.wall())
    };
    for m in measured {
        let import_s = m.import.wall();
        let (min, max) = m.import.spread();
        let rows_per_s = if import_s > 0.0 {
            m.import.rows() as f64 / import_s
        } else {
            0.0
        };
        let peak = m.import.peak_mb();
        let (preview_ms, preview_verdict) = match &m.preview {
            Some(preview) => {
                let ms = preview.wall() * 1e3;
                (
                    format!("{ms:.1}"),
                    format!("{} ({ms:.0} ms)", pass(ms < PREVIEW_TARGET_MS)),
                )
            }
            None => ("-".to_owned(), "-".to_owned()),
        };
        let import_verdict = match import_target(&m.case) {
            None => "-".to_owned(),
            Some((time, limit_mb)) => {
                let time = match time {
                    TimeTarget::Seconds(secs) => match &m.floor {
                        Some(floor) => format!(
                            "time {} (<= {secs} s; floor {:.3} s, {:.2}x)",
                            pass(import_s <= secs),
                            floor.wall(),
                            import_s / floor.wall()
                        ),
                        None => format!("time {} (<= {secs} s)", pass(import_s <= secs)),
                    },
                    TimeTarget::TimesFloor(factor) => match &m.floor {
                        Some(floor) => format!(
                            "time {} (<= {factor} x floor {:.3} = {:.3} s; {:.2}x)",
                            pass(import_s <= factor * floor.wall()),
                            floor.wall(),
                            factor * floor.wall(),
                            import_s / floor.wall()
                        ),
                        None => "time n/a".to_owned(),
                    },
                    TimeTarget::TimesEmpty(factor) => match empty_wall(m.case.size) {
                        Some(empty) => format!(
                            "time {} (<= {factor} x {empty:.3} = {:.3} s; {:.2}x)",
                            pass(import_s <= factor * empty),
                            factor * empty,
                            import_s / empty
                        ),
                        None => "time n/a".to_owned(),
                    },
                };
                let memory = match (limit_mb, peak) {
                    (Some(limit), Some(p)) => {
                        format!(", RSS {} (<= {limit} MB)", pass(p <= limit))
                    }
                    (Some(_), None) => ", RSS n/a".to_owned(),
                    (None, _) => String::new(),
                };
                let store = match &m.store {
                    Some(store) => format!(
                        "; storing its rows alone {:.3} s ({:.2}x)",
                        store.wall(),
                        import_s / store.wall()
                    ),
                    None => String::new(),
                };
                format!("{time}{memory}{store}")
            }
        };
        println!(
            "{:<28} {:>8.1} {:>9} {:>11} {:>17} {:>7} {:>10.0} {:>8}  {:<22} {:<30}",
            m.case.label(),
            m.file_mb,
            m.import.rows(),
            preview_ms,
            format!("{import_s:.3} ({min:.2}-{max:.2})"),
            m.import
                .cpu()
                .map_or_else(|| "n/a".to_owned(), |c| format!("{c:.2}")),
            rows_per_s,
            show_mb(peak),
            preview_verdict,
            import_verdict
        );
    }

    println!();
    println!(
        "storing its rows alone = SQLite inserting the last import's contacts (read into memory \
         first) into a fresh database, every contacts index built after the load, checks off, \
         commit and checkpoint:"
    );
    println!("  SQLite's share of the import alone, a close bound on what any importer of these rows can reach here.");
    println!();
    println!("Verdicts of the last import run (generated data: ~3% invalid, ~5% duplicates, ~1% blank rows);");
    println!("returned_s = until run_import returned (the rest is closing the database, which waits for the WAL checkpoint):");
    for m in measured {
        let mut line = String::new();
        if let Some(last) = m.import.last() {
            for (key, value) in &last.extra {
                let _ = write!(line, " {key}={value}");
            }
        }
        println!("  {:<28}{line}", m.case.label());
    }

    if breakdown {
        println!();
        println!("Where the time goes (each step in its own process, same file, one run):");
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
                m.case.label(),
                read.wall_s,
                show_mb(mb(read.peak_kb)),
                judge.wall_s,
                show_mb(mb(judge.peak_kb)),
                m.import.wall(),
                show_mb(m.import.peak_mb()),
            );
        }
        println!(
            "  judge = repair + dedupe on top of reading (dry_run keeps every row report too);"
        );
        println!("  import - read+judge = SQLite writes, the transaction and the checkpoint.");
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

fn run_child(step: Step, file: &Path, db: Option<&Path>, list: &str) -> BenchResult<()> {
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
        Step::Floor => {
            let db_path = db.ok_or("this step needs --db")?;
            floor_import(file, db_path)?
        }
        Step::Store => {
            let db_path = db.ok_or("this step needs --db")?;
            // The app's schema, made by its migrations (not timed, as for the import).
            runtime.block_on(async {
                Db::open(db_path).await?.close().await;
                BenchResult::Ok(())
            })?;
            store_only(file, db_path)?
        }
        Step::Judge | Step::Import => {
            let db_path = db.ok_or("this step needs --db")?;
            // The wizard's plan (columns guessed from the preview) and an open, migrated
            // database exist before the user presses "Import", so neither is timed.
            let plan = plan_for(file, list)?;
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
                let returned = started.elapsed().as_secs_f64();
                // A bulk import leaves its WAL checkpoint to a background task, and closing
                // the last connection copies whatever the WAL still holds: the user's data
                // is only in the database file once this returns.
                tokio::task::yield_now().await;
                db.close().await;
                let wall = started.elapsed().as_secs_f64();
                let _ = write!(extra, " returned_s={returned:.3}");
                let _ = write!(
                    extra,
                    " ok={} repaired={} duplicate={} opted_out={} invalid={} skipped={} inserted={}",
                    counts.ok,
                    counts.repaired,
                    counts.duplicate,
                    counts.opted_out,
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

/// [`Step::Floor`]: returns the wall time from opening the file to the checkpointed commit,
/// and the rows stored. The database is created (not timed) first, as the app's is.
fn floor_import(file: &Path, db_path: &Path) -> BenchResult<(f64, u64)> {
    if let Some(folder) = db_path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let mut db = rusqlite::Connection::open(db_path)?;
    db.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
         CREATE TABLE contacts (id INTEGER PRIMARY KEY, list_id INTEGER NOT NULL, name TEXT,
             phone TEXT NOT NULL, email TEXT, city TEXT, extra TEXT);",
    )?;
    let started = Instant::now();
    let tx = db.transaction()?;
    let mut rows = 0_u64;
    {
        let mut insert = tx.prepare(
            "INSERT INTO contacts (list_id, name, phone, email, city, extra)
             VALUES (1, ?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut store = |cells: &[String]| -> BenchResult<()> {
            let cell = |i: usize| cells.get(i).map(String::as_str).filter(|c| !c.is_empty());
            let phone: String = cell(1)
                .unwrap_or_default()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            if phone.is_empty() {
                return Ok(());
            }
            insert.execute((cell(0), phone, cell(2), cell(3), cell(4)))?;
            rows += 1;
            Ok(())
        };
        let is_csv = file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(b';')
                .from_path(file)?;
            let mut record = csv::ByteRecord::new();
            let mut cells = Vec::new();
            while reader.read_byte_record(&mut record)? {
                cells.clear();
                // The generated CSV is Windows-1252, as Brazilian exports are.
                cells.extend(record.iter().map(|field| {
                    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(field);
                    text.into_owned()
                }));
                store(&cells)?;
            }
        } else {
            use calamine::{DataType as _, Reader as _};
            let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(file)?;
            let sheet = workbook
                .sheet_names()
                .first()
                .cloned()
                .ok_or("the workbook has no sheet")?;
            let mut reader = workbook.worksheet_cells_reader(&sheet)?;
            let mut cells: Vec<String> = Vec::new();
            let mut at_row = 0;
            while let Some(cell) = reader.next_cell()? {
                let (row, column) = cell.get_position();
                if row != at_row {
                    store(&cells)?;
                    cells.clear();
                    at_row = row;
                }
                let column = column as usize;
                if column < 5 {
                    cells.resize(column.max(cells.len()), String::new());
                    cells.push(cell.get_value().as_string().unwrap_or_default());
                }
            }
            store(&cells)?;
        }
    }
    tx.execute_batch("CREATE INDEX contacts_list_phone ON contacts (list_id, phone);")?;
    tx.commit()?;
    db.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    drop(db);
    Ok((started.elapsed().as_secs_f64(), rows))
}

/// [`Step::Store`]: returns the wall time of storing `source`'s contacts in `db_path`, from
/// dropping the indexes to the checkpointed commit, and the rows stored. Reading them, and
/// copying their lists and import records (the foreign keys' parents), is not timed.
fn store_only(source: &Path, db_path: &Path) -> BenchResult<(f64, u64)> {
    use rusqlite::types::Value as Sql;
    const COLUMNS: &str = "list_id, name, phone_e164, phone_original, phone_alternative, \
        line_kind, email, company, city, custom_fields, import_id, created_at, updated_at, \
        phone_verdict, phone_changes, phone_key";
    let mut db = rusqlite::Connection::open(db_path)?;
    // As the app's connections and its bulk import set them. Unlike the import, every
    // contacts index is dropped during the load (the import keeps `contacts_import`, which
    // its rows only append to): whichever is cheaper, this is the figure to compare with.
    db.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;
         PRAGMA wal_autocheckpoint = 0; PRAGMA ignore_check_constraints = ON;",
    )?;
    db.execute("ATTACH ?1 AS source", [source.to_string_lossy()])?;
    db.execute_batch(
        "INSERT INTO contact_lists SELECT * FROM source.contact_lists;
         INSERT INTO imports SELECT * FROM source.imports;",
    )?;
    let contacts: Vec<Vec<Sql>> = {
        let mut select = db.prepare(&format!("SELECT {COLUMNS} FROM source.contacts"))?;
        let width = select.column_count();
        let rows = select.query_map([], |row| {
            (0..width)
                .map(|i| row.get::<_, Sql>(i))
                .collect::<Result<Vec<_>, _>>()
        })?;
        rows.collect::<Result<_, _>>()?
    };
    db.execute_batch("DETACH source")?;
    let indexes: Vec<(String, String)> = db
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts' AND sql IS NOT NULL")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;

    let started = Instant::now();
    let tx = db.transaction()?;
    for (name, _) in &indexes {
        tx.execute_batch(&format!("DROP INDEX {name}"))?;
    }
    {
        // Text bound in place, as the import binds it (no copy of each string by SQLite).
        let placeholders = vec!["?"; 16].join(", ");
        let mut insert = InPlaceStatement::prepare(
            &tx,
            &format!("INSERT INTO contacts ({COLUMNS}) VALUES ({placeholders})"),
        )?;
        let mut values = Vec::with_capacity(16);
        for row in &contacts {
            values.clear();
            for value in row {
                values.push(match value {
                    Sql::Null => Bound::Null,
                    Sql::Integer(number) => Bound::Int(*number),
                    Sql::Text(text) => Bound::Text(text),
                    other => return Err(format!("unexpected contact value {other:?}").into()),
                });
            }
            insert.execute(&values)?;
        }
    }
    tx.execute_batch("PRAGMA threads = 2")?;
    for (_, sql) in &indexes {
        tx.execute_batch(sql)?;
    }
    tx.commit()?;
    db.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    drop(db);
    Ok((started.elapsed().as_secs_f64(), contacts.len() as u64))
}

fn plan_for(file: &Path, list: &str) -> BenchResult<ImportPlan> {
    let preview = read::preview(file, &ReadOptions::default(), PREVIEW_ROWS)?;
    let suggestion = mapping::suggest(
        &preview.table.headers,
        &preview.rows,
        &PhoneRules::default(),
    );
    if suggestion.mapping.phone_column().is_none() {
        return Err("no phone column was found in the generated file".into());
    }
    Ok(ImportPlan::new(file, suggestion.mapping, list))
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
