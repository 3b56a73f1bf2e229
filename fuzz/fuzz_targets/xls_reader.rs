//! Any bytes as an `.xls` file: the OLE2 container guard, the BIFF8 record guard
//! (`xls_guard`), calamine's xls reader (it loads every sheet whole) and the sheet rows.
//! See `whats_tip_fuzz::read_like_the_app` for what is checked.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use whats_tip::import::read::ReadOptions;
use whats_tip_fuzz::{install_panic_hook, read_like_the_app, scratch_file};

fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| scratch_file("xls", "xls"))
}

fuzz_target!(
    init: install_panic_hook(),
    |data: &[u8]| read_like_the_app(scratch(), data, &ReadOptions::default())
);
