//! Log files never contain a secret, even when code formats one by mistake or panics with it.
//! (This is the only test in the binary that installs the global logger.)

use std::time::{Duration, Instant};

use whats_tip::logging;
use whats_tip::secrets::redaction;

fn read_logs(dir: &std::path::Path) -> String {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

#[test]
fn secrets_are_scrubbed_from_log_lines_and_panic_messages() {
    let dir = tempfile::tempdir().unwrap();
    logging::init(dir.path(), false).unwrap();
    let secret = "evo-global-key-f00dcafe1234";
    redaction::remember(secret);

    tracing::warn!("a careless line with {secret} inside");
    let panic = std::panic::catch_unwind(|| panic!("failed while using {secret}"));
    assert!(panic.is_err());

    // The file writer is asynchronous: wait for both lines to land.
    let deadline = Instant::now() + Duration::from_secs(5);
    let text = loop {
        let text = read_logs(dir.path());
        if (text.contains("careless line") && text.contains("panicked"))
            || Instant::now() > deadline
        {
            break text;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        text.contains("a careless line with <redacted> inside"),
        "{text}"
    );
    assert!(text.contains("failed while using <redacted>"), "{text}");
    assert!(
        !text.contains(secret),
        "secret leaked into the log:\n{text}"
    );
}
