//! Files the app writes for people to open in Excel, LibreOffice or Google Sheets, and the
//! one rule that keeps them safe to open: no text cell may be read back as a formula.
//!
//! Every CSV or XLSX the app writes goes through [`SafeCsvWriter`] or [`write_text`]
//! (import reports today, campaign history next). No Tauri here.

mod formula_guard;
mod safe_csv;
mod safe_xlsx;

pub use formula_guard::{needs_neutralising, neutralise};
pub use safe_csv::SafeCsvWriter;
pub use safe_xlsx::{write_text, write_text_with_format};
