//! Any bytes as a `.csv` file: detection, encoding and delimiter sniffing, header search,
//! the field guard and the threaded row stream must never panic, and must end.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use whats_tip::import::read::{self, ReadOptions};

/// One file per fuzzing process, rewritten for every input.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("whats-tip-fuzz-{}.csv", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let path = scratch();
    if std::fs::write(path, data).is_err() {
        return;
    }
    // A small cell limit reaches the "cell too large" paths with small inputs.
    let max_cell_chars = 1 + usize::from(data.first().copied().unwrap_or(0));
    for options in [
        ReadOptions::default(),
        ReadOptions {
            max_cell_chars,
            ..ReadOptions::default()
        },
    ] {
        let _ = read::detect(path);
        let _ = read::sheets(path);
        if let Ok(preview) = read::preview(path, &options, 5) {
            assert!(preview.rows.len() <= 5);
        }
        let Ok(mut reader) = read::open(path, &options) else {
            continue;
        };
        let mut last = 0;
        let mut rows = 0u64;
        while let Some(row) = reader.next_row() {
            let Ok(row) = row else { break };
            // Row numbers are those of the file: increasing, below any header.
            assert!(row.number > last, "row {} after {}", row.number, last);
            assert!(reader.header_row().is_none_or(|h| row.number > h + 1));
            assert!(!row.is_blank());
            last = row.number;
            rows += 1;
        }
        // After the end (or an error) the reader stays finished.
        assert!(reader.next_row().is_none());
        let progress = reader.progress();
        assert_eq!(progress.rows_read, rows);
        if let (Some(read), Some(total)) = (progress.bytes_read, progress.bytes_total) {
            assert!(read <= total);
        }
    }
});
