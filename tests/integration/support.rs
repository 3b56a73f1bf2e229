//! What many integration tests share: importing a generated CSV through the real import,
//! and waiting for a background job to stop.

use std::path::Path;
use std::time::{Duration, Instant};

use whats_tip::import::phone::PhoneRules;
use whats_tip::import::read::{self, ReadOptions};
use whats_tip::import::{self, mapping, Control, ImportPlan};
use whats_tip::storage::Db;

/// Writes `text` to `dir/file`, imports it into the list `list` with the suggested mapping,
/// and returns the list's id.
pub async fn import_csv(db: &Db, dir: &Path, file: &str, text: &str, list: &str) -> i64 {
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    let preview = read::preview(&path, &ReadOptions::default(), 50).unwrap();
    let suggestion = mapping::suggest(
        &preview.table.headers,
        &preview.rows,
        &PhoneRules::default(),
    );
    let plan = ImportPlan::new(&path, suggestion.mapping, list);
    import::run_import(db, &plan, |_| Control::Continue)
        .await
        .unwrap()
        .list_id
}

/// Waits until `running()` is false, asking again at every turn of the runtime rather than
/// on a timer, so the caller sees the very moment a job leaves the registry (and can check
/// that its final state was already sent). Panics after `within`, naming `what`.
pub async fn until_stopped_at_once(
    mut running: impl FnMut() -> bool,
    within: Duration,
    what: &str,
) {
    let began = Instant::now();
    while running() {
        assert!(began.elapsed() < within, "{what} still running");
        tokio::task::yield_now().await;
    }
}
