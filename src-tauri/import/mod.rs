//! Contact import: reading spreadsheets and CSV files, and repairing phone numbers.
//! No Tauri here: the app, `tip import` and the benchmarks share it.

pub mod phone;
pub mod read;
