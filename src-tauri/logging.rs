//! Logging: a daily-rotated file in the OS log folder (and stderr in debug builds),
//! with every known secret scrubbed before a line is written.

use std::io::{self, Write};
use std::path::Path;
use std::sync::OnceLock;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

use crate::secrets::redaction;

/// Filter override, e.g. `WHATS_TIP_LOG=debug`.
pub const LOG_ENV: &str = "WHATS_TIP_LOG";
pub const LOG_FILE_PREFIX: &str = "whats-tip";
const KEEP_FILES: usize = 14;

static GUARD: OnceLock<WorkerGuard> = OnceLock::new();

/// Starts logging to `log_dir`. Safe to call more than once (later calls are no-ops).
pub fn init(log_dir: &Path, also_stderr: bool) -> io::Result<()> {
    std::fs::create_dir_all(log_dir)?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(LOG_FILE_PREFIX)
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(log_dir)
        .map_err(io::Error::other)?;
    let (file_writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| {
        EnvFilter::new("info,hyper=warn,reqwest=warn,sqlx=warn,tao=warn,wry=warn")
    });
    let file_layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(Scrubbing(file_writer));
    let stderr_layer = also_stderr.then(|| {
        tracing_subscriber::fmt::layer().with_writer(Scrubbing(io::stderr as fn() -> io::Stderr))
    });
    let installed = tracing_subscriber::registry()
        .with(filter)
        .with(file_layer)
        .with(stderr_layer)
        .try_init()
        .is_ok();
    if installed {
        let _ = GUARD.set(guard);
        install_panic_hook();
    }
    Ok(())
}

/// Panics go to the log (scrubbed) and to stderr (scrubbed), never with a secret.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let text = redaction::scrub(&info.to_string()).into_owned();
        tracing::error!(panic = %text, "the app panicked");
        let _ = writeln!(io::stderr(), "Whats TIP panicked: {text}");
    }));
}

/// Wraps a writer factory so each formatted line is scrubbed before it is written.
struct Scrubbing<M>(M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Scrubbing<M> {
    type Writer = ScrubbingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        ScrubbingWriter(self.0.make_writer())
    }
}

struct ScrubbingWriter<W>(W);

impl<W: Write> Write for ScrubbingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(redaction::scrub(&text).as_bytes())?;
        // Report the caller's whole buffer as written: the scrubbed text may differ in length.
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}
