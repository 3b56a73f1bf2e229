//! Any bytes as a `.csv` file: detection, encoding and delimiter sniffing, header search,
//! the field guard and the threaded row stream. Read once with the app's cell limit and
//! once with a small one, so the "cell too large" paths are reached by small inputs. See
//! `whats_tip_fuzz::read_like_the_app` for what is checked.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use whats_tip::import::read::ReadOptions;
use whats_tip_fuzz::{install_panic_hook, read_like_the_app, scratch_file};

fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| scratch_file("csv", "csv"))
}

fuzz_target!(
    init: install_panic_hook(),
    |data: &[u8]| {
        read_like_the_app(scratch(), data, &ReadOptions::default());
        let small = ReadOptions {
            max_cell_chars: 1 + usize::from(data.first().copied().unwrap_or(0)),
            ..ReadOptions::default()
        };
        read_like_the_app(scratch(), data, &small);
    }
);
