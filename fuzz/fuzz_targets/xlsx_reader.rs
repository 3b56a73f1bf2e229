//! Any bytes as an `.xlsx` or `.xlsm` file (the extension only breaks the tie between the
//! two; detection trusts the content): the zip and shared-strings guards, the workbook's
//! head (sheet list and preview from the first rows), calamine's xlsx reader and the
//! threaded cell stream. See `whats_tip_fuzz::read_like_the_app` for what is checked.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use whats_tip::import::read::ReadOptions;
use whats_tip_fuzz::{install_panic_hook, read_like_the_app, scratch_file};

fn scratch(xlsm: bool) -> &'static PathBuf {
    static PATHS: OnceLock<[PathBuf; 2]> = OnceLock::new();
    &PATHS.get_or_init(|| [scratch_file("xlsx", "xlsx"), scratch_file("xlsx", "xlsm")])
        [usize::from(xlsm)]
}

fuzz_target!(
    init: install_panic_hook(),
    |data: &[u8]| read_like_the_app(scratch(data.len() % 2 == 1), data, &ReadOptions::default())
);
