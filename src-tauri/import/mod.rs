//! Contact import: reading spreadsheets and CSV files, repairing phone numbers, mapping
//! columns to contact fields, and importing into a list in one transaction.
//! No Tauri here: the app, `tip import` and the benchmarks share it.

mod error;
mod first_rows;
mod history;
mod judge;
pub mod mapping;
pub mod phone;
mod pipeline;
mod plan;
pub mod read;
pub mod report;
mod row_log;
mod slug;
mod verdict;

pub use error::ImportError;
pub use history::{import_history, undo_import, ImportRecord, ImportStatus, UndoSummary};
pub use mapping::{ColumnMapping, Field, MappedColumn, MappingSuggestion, PhoneCandidate};
pub use pipeline::{dry_run, dry_run_review, run_import};
pub use plan::{Control, DuplicatePolicy, ImportPlan, ImportProgress};
pub use row_log::{LoggedRows, RowLog};
pub use slug::{column_letter, slug};
pub use verdict::{
    DuplicateOf, ImportCounts, ImportPreview, ImportReview, ImportSummary, RowAction, RowReport,
    RowVerdict, SUMMARY_ROWS,
};
