//! `tip import FILE`: the contact import without the wizard, with the same verdicts.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use whats_tip::app_core::Core;
use whats_tip::import::phone::PhoneRules;
use whats_tip::import::read::{self, ReadOptions};
use whats_tip::import::report::ReportRows;
use whats_tip::import::{
    self, mapping, report, Control, DuplicatePolicy, Field, ImportCounts, ImportPlan, RowReport,
    RowVerdict,
};

use crate::progress;

/// Rows of the file used to guess the columns.
const MAPPING_PREVIEW_ROWS: usize = 50;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spreadsheet or CSV file (xlsx, xlsm, xlsb, xls, ods, csv).
    file: PathBuf,
    /// The sheet to read (default: the first visible one).
    #[arg(long)]
    sheet: Option<String>,
    /// Override a column: `--map Celular=phone`, `--map C=name`, `--map Obs=ignore`;
    /// any other field name becomes a custom field.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    map: Vec<String>,
    /// The contact list (found case-insensitively, created when missing). Default: the
    /// file name without extension.
    #[arg(long)]
    list: Option<String>,
    /// Show the verdicts without writing anything.
    #[arg(long)]
    dry_run: bool,
    /// Write the per-row report to this CSV file.
    #[arg(long, value_name = "CSV")]
    report: Option<PathBuf>,
    /// Write the sheet with the repaired numbers and a verdict column to this xlsx file.
    #[arg(long, value_name = "XLSX")]
    corrected: Option<PathBuf>,
    /// What to do with a number already in the list.
    #[arg(long, value_enum, default_value_t = OnDuplicate::Skip)]
    on_duplicate: OnDuplicate,
    /// Country assumed for numbers without a country code (two letters, e.g. BR, PT).
    /// Default: the one saved in Settings, like the window's import.
    #[arg(long, value_name = "CC")]
    country: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OnDuplicate {
    Skip,
    Update,
    Keep,
}

pub async fn run(core: &Core, args: Args) -> ExitCode {
    match import(core, args).await {
        Ok(code) => code,
        Err(message) => {
            eprintln!("tip import: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn import(core: &Core, args: Args) -> Result<ExitCode, String> {
    let options = ReadOptions {
        sheet: args.sheet.clone(),
        ..ReadOptions::default()
    };
    let preview =
        read::preview(&args.file, &options, MAPPING_PREVIEW_ROWS).map_err(|e| e.to_string())?;
    let default_country = match &args.country {
        Some(country) => country.trim().to_ascii_uppercase(),
        None => {
            core.settings()
                .load()
                .map_err(|e| e.to_string())?
                .default_country
        }
    };
    let rules = PhoneRules { default_country };
    let suggestion = mapping::suggest(&preview.table.headers, &preview.rows, &rules);
    let mut column_mapping = suggestion.mapping;
    for spec in &args.map {
        column_mapping
            .apply_override(spec)
            .map_err(|e| e.to_string())?;
    }
    print_mapping(&column_mapping);
    if let Some(note) = &suggestion.note {
        println!("note: {note}");
    }
    let list_name = args.list.clone().unwrap_or_else(|| {
        args.file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let mut plan = ImportPlan::new(&args.file, column_mapping, &list_name);
    plan.sheet = args.sheet.clone();
    plan.phone_rules = rules;
    plan.duplicate_policy = match args.on_duplicate {
        OnDuplicate::Skip => DuplicatePolicy::Skip,
        OnDuplicate::Update => DuplicatePolicy::UpdateExisting,
        OnDuplicate::Keep => DuplicatePolicy::KeepBoth,
    };

    let db = core.db().map_err(|e| e.message)?;
    // A dry run keeps every row's report; an import keeps the problem rows (up to
    // `SUMMARY_ROWS`) and a compact log from which the report files are rebuilt.
    let (counts, rows, log) = if args.dry_run {
        let preview = import::dry_run(db, &plan, None)
            .await
            .map_err(|e| e.to_string())?;
        println!(
            "dry run: nothing was written; list \"{}\" {}",
            plan.list_name,
            if preview.list_exists {
                "exists"
            } else {
                "would be created"
            }
        );
        (preview.counts, preview.rows, None)
    } else {
        let bar = progress::rows_bar();
        let summary = import::run_import(db, &plan, |p| {
            if let Some(total) = p.rows_total {
                bar.set_length(total);
            }
            bar.set_position(p.rows_read);
            Control::Continue
        })
        .await
        .map_err(|e| e.to_string());
        bar.finish_and_clear();
        let summary = summary?;
        println!(
            "imported into list \"{}\" (#{}{}), import #{}",
            plan.list_name,
            summary.list_id,
            if summary.list_created { ", new" } else { "" },
            summary.import_id
        );
        (summary.counts, summary.rows, Some(summary.log))
    };
    print_counts(&counts);
    print_problems(&rows, counts.problems());
    let verdicts: ReportRows<'_> = match &log {
        Some(log) => log.into(),
        None => rows.as_slice().into(),
    };
    if let Some(out) = &args.report {
        report::write_report_csv(verdicts, &plan.mapping, out).map_err(|e| e.to_string())?;
        println!("report written to {}", out.display());
    }
    if let Some(out) = &args.corrected {
        report::write_corrected_xlsx(&plan, verdicts, out).map_err(|e| e.to_string())?;
        println!("corrected spreadsheet written to {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn print_mapping(m: &whats_tip::import::ColumnMapping) {
    println!("columns:");
    for column in &m.columns {
        let header = if column.header.is_empty() {
            import::column_letter(column.index)
        } else {
            column.header.clone()
        };
        let field = match &column.field {
            Field::Name => "name".to_owned(),
            Field::Phone => "phone".to_owned(),
            Field::Email => "email".to_owned(),
            Field::Company => "company".to_owned(),
            Field::City => "city".to_owned(),
            Field::Custom(key) => format!("custom {{{{{key}}}}}"),
            Field::Ignore => "ignored".to_owned(),
        };
        println!("  {header:<24} {field}");
    }
}

fn print_counts(c: &ImportCounts) {
    println!(
        "rows {}: ok {}, repaired {}, duplicate {}, opted out {}, invalid {}, skipped {}",
        c.rows(),
        c.ok,
        c.repaired,
        c.duplicate,
        c.opted_out,
        c.invalid,
        c.skipped
    );
    println!("inserted {}, updated {}", c.inserted, c.updated);
}

/// Every row that is not plainly fine; repaired rows too, since the user should see what
/// was changed in their data. `total` counts them all, also those not kept in `rows`.
fn print_problems(rows: &[RowReport], total: u32) {
    let problems: Vec<&RowReport> = rows
        .iter()
        .filter(|r| !matches!(r.verdict, RowVerdict::Ok { .. }))
        .collect();
    if problems.is_empty() {
        return;
    }
    println!("rows needing a look:");
    for r in &problems {
        let detail = r.verdict.detail();
        println!(
            "  row {:>6}  {:<10} {:?}{}{}",
            r.row,
            r.verdict.label(),
            r.original,
            r.verdict
                .e164()
                .map(|e| format!(" -> {e}"))
                .unwrap_or_default(),
            if detail.is_empty() {
                String::new()
            } else {
                format!(": {detail}")
            }
        );
    }
    let more = (total as usize).saturating_sub(problems.len());
    if more > 0 {
        println!("  ... and {more} more (--report writes every row)");
    }
}
