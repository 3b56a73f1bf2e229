//! Import wizard commands: pick or inspect a file, check it (dry run), import it with
//! progress and cancel, export the corrected sheet and the report, history and undo.
//!
//! Reading and judging rows is CPU work between short database writes, so imports and
//! whole-file checks run on the blocking pool, never on the async workers that serve the
//! other commands (the window stays responsive during a 1M-row import).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager};
use ts_rs::TS;

use super::channel::ImportChannel;
use super::file_dialog::{ask_open, ask_save, SaveDialog};
use crate::app_core::Core;
use crate::error::AppError;
use crate::import::phone::PhoneRules;
use crate::import::read::{self, FileKind, ReadOptions};
use crate::import::report::ReportRows;
use crate::import::RowLog;
use crate::import::{
    self, mapping, report, ColumnMapping, Control, DuplicatePolicy, ImportCounts, ImportPlan,
    ImportRecord, ImportReview, MappingSuggestion, RowReport, RowVerdict, UndoSummary,
};

/// Rows shown on the mapping screen.
const PREVIEW_ROWS: usize = 50;
/// Problem rows sent to the review screen; the counts always cover the whole file, and the
/// exported report lists every row.
const PROBLEM_ROWS_SHOWN: usize = 2_000;

/// The wizard's choices, as the UI sends them.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPlanInput {
    pub path: String,
    pub sheet: Option<String>,
    pub mapping: ColumnMapping,
    pub list_name: String,
    pub duplicate_policy: DuplicatePolicy,
    /// ISO 3166 alpha-2; the Settings default when absent.
    pub default_country: Option<String>,
    /// Row numbers as Excel shows them.
    pub skip_rows: Vec<usize>,
    pub cell_fixes: Vec<CellFix>,
}

/// The user's correction of one cell, typed in the review table.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CellFix {
    pub row: usize,
    /// 0-based: column A is 0.
    pub column: usize,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InspectInput {
    pub path: String,
    /// `None`: the first visible sheet.
    pub sheet: Option<String>,
    pub default_country: Option<String>,
}

/// What the mapping screen shows as soon as a file is chosen.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileInspection {
    pub path: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub kind: String,
    pub sheets: Vec<SheetView>,
    pub sheet: String,
    /// 1-based row of the header, `None` when the file has none.
    pub header_row: Option<usize>,
    pub headers: Vec<String>,
    /// The first rows as text, cell by cell.
    pub rows: Vec<PreviewRow>,
    pub suggestion: MappingSuggestion,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SheetView {
    pub name: String,
    #[ts(type = "number | null")]
    pub rows_hint: Option<u64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    pub number: usize,
    pub cells: Vec<String>,
}

/// A dry run: the verdicts without writing.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportCheck {
    pub list_exists: bool,
    /// Whole file, or the first rows when `maxRows` was given.
    pub counts: ImportCounts,
    /// The first rows, whatever their verdict (the mapping screen's preview).
    pub first_rows: Vec<RowReport>,
    /// Rows that are not plainly ok, in file order, at most 2 000.
    pub problems: Vec<RowReport>,
    /// All rows that are not plainly ok (may exceed `problems.length`).
    pub problems_total: usize,
}

/// What a committed import did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    #[ts(type = "number")]
    pub import_id: i64,
    #[ts(type = "number")]
    pub list_id: i64,
    pub list_created: bool,
    pub counts: ImportCounts,
    pub problems: Vec<RowReport>,
    pub problems_total: usize,
}

/// The per-row verdicts of this session's imports, for "export report" after the fact (a
/// dry run after the import would call every row a duplicate of itself).
#[derive(Debug, Default)]
pub struct FinishedImports {
    finished: Mutex<HashMap<i64, Arc<FinishedImport>>>,
}

#[derive(Debug)]
struct FinishedImport {
    plan: ImportPlan,
    /// Every row's verdict in about a byte; the report files re-read the sheet for the rest.
    log: RowLog,
}

impl FinishedImports {
    fn keep(&self, import_id: i64, finished: FinishedImport) {
        let mut map = self.finished.lock().unwrap_or_else(|e| e.into_inner());
        // One import's verdicts are enough to keep: the report is offered right after it.
        map.clear();
        map.insert(import_id, Arc::new(finished));
    }

    fn finished(&self, import_id: i64) -> Option<Arc<FinishedImport>> {
        let map = self.finished.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&import_id).cloned()
    }
}

fn default_country(core: &Core, given: Option<String>) -> String {
    given
        .filter(|c| !c.trim().is_empty())
        .or_else(|| core.settings().load().ok().map(|s| s.default_country))
        .unwrap_or_else(|| PhoneRules::default().default_country)
}

fn plan_from(core: &Core, input: ImportPlanInput) -> ImportPlan {
    let country = default_country(core, input.default_country);
    let mut plan = ImportPlan::new(PathBuf::from(input.path), input.mapping, &input.list_name);
    plan.sheet = input.sheet;
    plan.duplicate_policy = input.duplicate_policy;
    plan.phone_rules = PhoneRules {
        default_country: country,
    };
    plan.skip_rows = input.skip_rows.into_iter().collect::<BTreeSet<_>>();
    plan.cell_fixes = input
        .cell_fixes
        .into_iter()
        .map(|f| ((f.row, f.column), f.text))
        .collect::<BTreeMap<_, _>>();
    plan
}

/// Runs blocking work on the blocking pool and waits for it.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(format!("background task failed: {e}")))?
}

fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Xlsx => "xlsx",
        FileKind::Xlsm => "xlsm",
        FileKind::Xlsb => "xlsb",
        FileKind::Xls => "xls",
        FileKind::Ods => "ods",
        FileKind::Csv => "csv",
    }
}

fn is_problem(report: &RowReport) -> bool {
    !matches!(report.verdict, RowVerdict::Ok { .. })
}

/// At most [`PROBLEM_ROWS_SHOWN`] problem rows, and how many there were.
fn problems_of(rows: &[RowReport]) -> (Vec<RowReport>, usize) {
    let mut total = 0;
    let mut shown = Vec::new();
    for row in rows.iter().filter(|r| is_problem(r)) {
        total += 1;
        if shown.len() < PROBLEM_ROWS_SHOWN {
            shown.push(row.clone());
        }
    }
    (shown, total)
}

pub async fn import_pick_file(
    app: &AppHandle,
    _core: &Core,
    title: String,
) -> Result<Option<String>, AppError> {
    let filter = (
        "Planilhas / Spreadsheets",
        &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "txt", "tsv"][..],
    );
    let picked = ask_open(app, title, Some(filter)).await?;
    Ok(picked.map(|p| p.display().to_string()))
}

pub async fn import_inspect(
    _app: &AppHandle,
    core: &Core,
    input: InspectInput,
) -> Result<FileInspection, AppError> {
    let rules = PhoneRules {
        default_country: default_country(core, input.default_country),
    };
    blocking(move || {
        let path = PathBuf::from(&input.path);
        let kind = read::detect(&path).map_err(import::ImportError::from)?;
        let sheets = read::sheets(&path).map_err(import::ImportError::from)?;
        let options = ReadOptions {
            sheet: input.sheet,
            ..ReadOptions::default()
        };
        let preview =
            read::preview(&path, &options, PREVIEW_ROWS).map_err(import::ImportError::from)?;
        let suggestion = mapping::suggest(&preview.table.headers, &preview.rows, &rules);
        let size_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        Ok(FileInspection {
            file_name: file_name(&path),
            path: input.path,
            size_bytes,
            kind: kind_name(kind).to_owned(),
            sheets: sheets
                .into_iter()
                .map(|s| SheetView {
                    name: s.name,
                    rows_hint: s.rows_hint,
                })
                .collect(),
            sheet: preview.table.sheet.clone(),
            header_row: preview.table.header_row.map(|r| r + 1),
            headers: preview.table.headers.clone(),
            rows: preview
                .rows
                .iter()
                .map(|r| PreviewRow {
                    number: r.number,
                    cells: r.cells.iter().map(|c| c.to_text()).collect(),
                })
                .collect(),
            suggestion,
        })
    })
    .await
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

pub async fn import_check(
    _app: &AppHandle,
    core: &Core,
    input: ImportPlanInput,
    max_rows: Option<usize>,
) -> Result<ImportCheck, AppError> {
    let db = core.db()?.clone();
    let plan = plan_from(core, input);
    let handle = tokio::runtime::Handle::current();
    blocking(move || {
        let review = match max_rows {
            // The mapping screen's preview: the first rows only.
            Some(max) => {
                let preview = handle.block_on(import::dry_run(&db, &plan, Some(max)))?;
                let (problems, _) = problems_of(&preview.rows);
                ImportReview {
                    list_exists: preview.list_exists,
                    counts: preview.counts,
                    first_rows: preview.rows,
                    problems,
                }
            }
            // The review: the whole file, in bounded memory.
            None => handle.block_on(import::dry_run_review(
                &db,
                &plan,
                PREVIEW_ROWS,
                PROBLEM_ROWS_SHOWN,
            ))?,
        };
        let mut first_rows = review.first_rows;
        first_rows.truncate(PREVIEW_ROWS);
        Ok(ImportCheck {
            list_exists: review.list_exists,
            problems_total: review.counts.problems() as usize,
            counts: review.counts,
            first_rows,
            problems: review.problems,
        })
    })
    .await
}

pub async fn import_run(
    app: &AppHandle,
    core: &Core,
    input: ImportPlanInput,
    job: String,
    on_progress: ImportChannel,
) -> Result<ImportOutcome, AppError> {
    let db = core.db()?.clone();
    let plan = plan_from(core, input);
    let jobs = core.jobs();
    let cancel = jobs.start(&job);
    let handle = tokio::runtime::Handle::current();
    let result = blocking(move || {
        let summary = handle.block_on(import::run_import(&db, &plan, |progress| {
            on_progress.send(progress);
            if cancel.is_cancelled() {
                Control::Cancel
            } else {
                Control::Continue
            }
        }))?;
        Ok((plan, summary))
    })
    .await;
    jobs.end(&job);
    let (plan, summary) = result?;
    // The summary keeps the problem rows only (capped), and every verdict in its log.
    let (problems, _) = problems_of(&summary.rows);
    let problems_total = summary.counts.problems() as usize;
    app.state::<FinishedImports>().keep(
        summary.import_id,
        FinishedImport {
            plan,
            log: summary.log,
        },
    );
    Ok(ImportOutcome {
        import_id: summary.import_id,
        list_id: summary.list_id,
        list_created: summary.list_created,
        counts: summary.counts,
        problems,
        problems_total,
    })
}

pub async fn import_cancel(_app: &AppHandle, core: &Core, job: String) -> Result<(), AppError> {
    if !core.jobs().cancel(&job) {
        // Finished a moment ago: nothing to cancel, and nothing to report.
        tracing::debug!(%job, "cancel for an import that is not running");
    }
    Ok(())
}

pub async fn import_history(_app: &AppHandle, core: &Core) -> Result<Vec<ImportRecord>, AppError> {
    Ok(import::import_history(core.db()?).await?)
}

pub async fn import_undo(
    _app: &AppHandle,
    core: &Core,
    import_id: i64,
) -> Result<UndoSummary, AppError> {
    Ok(import::undo_import(core.db()?, import_id).await?)
}

/// Which report to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ExportKind {
    /// The user's sheet with repaired numbers and a verdict column (xlsx).
    CorrectedSheet,
    /// One line per row: verdict, detail, action (csv).
    RowReport,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportInput {
    pub kind: ExportKind,
    pub plan: ImportPlanInput,
    /// After an import: its verdicts. Before: a fresh dry run of the plan.
    #[ts(type = "number | null")]
    pub import_id: Option<i64>,
    /// The save dialog's title, in the UI's language.
    pub title: String,
}

/// Asks where to save, then writes the file. `None` when the user closed the dialog.
pub async fn import_export(
    app: &AppHandle,
    core: &Core,
    input: ExportInput,
) -> Result<Option<String>, AppError> {
    let db = core.db()?.clone();
    let kind = input.kind;
    let plan = plan_from(core, input.plan);
    let stem = Path::new(&plan.file_name())
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "contatos".to_owned());
    let (suggested, filter, extension) = match kind {
        ExportKind::CorrectedSheet => (format!("{stem} (corrigida).xlsx"), "Excel", "xlsx"),
        ExportKind::RowReport => (format!("{stem} (relatório).csv"), "CSV", "csv"),
    };
    let ask = SaveDialog {
        title: input.title,
        suggested,
        filter: (filter, &[extension]),
    };
    let Some(target) = ask_save(app, ask).await? else {
        return Ok(None);
    };
    let finished = input
        .import_id
        .and_then(|id| app.state::<FinishedImports>().finished(id));
    let handle = tokio::runtime::Handle::current();
    let written = target.clone();
    blocking(move || {
        let write = |plan: &ImportPlan, rows: ReportRows<'_>| match kind {
            ExportKind::CorrectedSheet => report::write_corrected_xlsx(plan, rows, &written),
            ExportKind::RowReport => report::write_report_csv(rows, &plan.mapping, &written),
        };
        match finished {
            Some(done) => write(&done.plan, ReportRows::Log(&done.log))?,
            None => {
                let preview = handle.block_on(import::dry_run(&db, &plan, None))?;
                write(&plan, ReportRows::Reports(&preview.rows))?;
            }
        }
        Ok(())
    })
    .await?;
    tracing::info!(?kind, "import report exported");
    Ok(Some(target.display().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{RowAction, RowVerdict};

    fn report(row: usize, verdict: RowVerdict) -> RowReport {
        RowReport {
            row,
            column: 1,
            original: String::new(),
            verdict,
            action: RowAction::NotWritten,
        }
    }

    #[test]
    fn problems_leave_out_plain_ok_rows_and_count_past_the_cap() {
        let mut rows = vec![report(2, RowVerdict::Ok { e164: "+55".into() })];
        rows.extend((3..3 + PROBLEM_ROWS_SHOWN + 5).map(|r| report(r, RowVerdict::Skipped)));
        let (shown, total) = problems_of(&rows);
        assert_eq!(total, PROBLEM_ROWS_SHOWN + 5);
        assert_eq!(shown.len(), PROBLEM_ROWS_SHOWN);
        assert_eq!(shown[0].row, 3);
    }
}
