//! Asking the model for every pending row with bounded concurrency, saving each answer as it
//! arrives, checking each against the facts lock (and asking again when it breaks it).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use futures_util::stream::{self, Stream, StreamExt};
use serde::Serialize;
use ts_rs::TS;

use super::gate::{blocking_violations, describe};
use super::writer::Writer;
use super::{run_language, RunCounts};
use crate::ai::{AiError, CancelToken};
use crate::compose::template::{MergeValues, Seed, Template};
use crate::compose::ComposeError;
use crate::settings::Language;
use crate::storage::personalisation::{self as store, MessageResult, MessageRow};
use crate::storage::{Db, StorageError};

/// Progress is sent at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Extra attempts for an answer that breaks the facts lock.
    pub fact_retries: u32,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            concurrency: 4,
            fact_retries: 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunProgress {
    #[ts(type = "number")]
    pub run_id: i64,
    pub counts: RunCounts,
}

/// How a run ended without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStop {
    /// No row is pending (some may have failed).
    Completed,
    /// Cancelled: the rest stays pending for a later resume.
    Cancelled,
}

/// What one row's requests came to.
enum Outcome {
    Save(MessageResult),
    /// An error no other row would escape (bad key, no quota, server down): stop the run.
    Abort(AiError),
}

/// Errors that end the whole run rather than one row.
fn is_fatal(error: &AiError) -> bool {
    matches!(
        error,
        AiError::MissingKey
            | AiError::InvalidBaseUrl(_)
            | AiError::Unauthorized { .. }
            | AiError::QuotaExceeded { .. }
            | AiError::ModelNotFound { .. }
            | AiError::Unreachable(_)
            | AiError::Redirected { .. }
    )
}

/// The row's failure tag, shown translated in the review.
fn failure_code(error: &AiError) -> &'static str {
    match error {
        AiError::RateLimited { .. } => "AI_RATE_LIMITED",
        AiError::Timeout => "AI_TIMEOUT",
        AiError::ContentFiltered { .. } => "AI_CONTENT_FILTERED",
        AiError::BadResponse(_) | AiError::AnswerTooLarge { .. } => "AI_BAD_RESPONSE",
        _ => "AI_SERVER_ERROR",
    }
}

/// What became of one row, as the run loop sees it.
enum Step {
    /// The answer (or the row's failure) is saved; `applied` is false when the row was no
    /// longer pending (the user edited it meanwhile), so nothing changed.
    Saved {
        result: MessageResult,
        applied: bool,
    },
    /// An error no other row would escape (bad key, no quota, server down): stop the run.
    Abort(AiError),
    Storage(StorageError),
}

/// Runs (or resumes) the run until no row is pending, the user cancels, or a fatal error.
///
/// Rows stream in from the database page after page with no pause between pages, and each
/// row's future asks the model and saves the answer itself, so the requests in flight stay
/// at `concurrency` from the first row to the last, whatever the list's size. Progress is
/// counted in memory from what the rows report, and read from the database only at the
/// start and the end.
///
/// The loop itself never waits on the database while rows are in flight: their futures
/// only advance when the loop polls them, so a loop waiting for a connection that an
/// unpolled row holds would wait forever (the pool has fewer connections than rows).
pub async fn run<W: Writer>(
    db: &Db,
    run_id: i64,
    writer: &W,
    options: RunOptions,
    cancel: &CancelToken,
    mut progress: impl FnMut(RunProgress),
) -> Result<RunStop, ComposeError> {
    let row = store::get_run(db, run_id)
        .await?
        .ok_or(ComposeError::RunNotFound(run_id))?;
    if row.status == store::STATUS_APPROVED {
        return Err(ComposeError::RunApproved(run_id));
    }
    let language = run_language(&row);
    let template_id = row.template_id;
    let concurrency = options.concurrency.max(1);
    // A page is read while the last rows of the one before are still in flight.
    let page_size = u32::try_from(concurrency * 16).unwrap_or(u32::MAX).max(64);
    store::set_status(db, run_id, store::STATUS_RUNNING).await?;
    tracing::info!(run_id, concurrency, "personalisation run started");

    let mut report = |counts: RunCounts| progress(RunProgress { run_id, counts });
    let mut counts: RunCounts = store::counts(db, run_id).await?.into();
    report(counts);
    let mut last_report = Instant::now();

    let body = row.body.as_str();
    // Boxed: the page reader is not `Unpin`, and the stream must be droppable mid-run.
    let mut answers = Box::pin(
        pending_rows(db, run_id, page_size)
            .map(|next| async move {
                let message = match next {
                    Ok(message) => message,
                    Err(error) => return Step::Storage(error),
                };
                match personalise(writer, body, &message, language, template_id, options).await {
                    // Saved here, the moment it arrives, not when the loop gets to it.
                    Outcome::Save(result) => {
                        match store::save_result(db, run_id, message.position, &result).await {
                            Ok(applied) => Step::Saved { result, applied },
                            Err(error) => Step::Storage(error),
                        }
                    }
                    Outcome::Abort(error) => Step::Abort(error),
                }
            })
            .buffer_unordered(concurrency),
    );
    loop {
        let next = tokio::select! {
            biased;
            () = cancel.cancelled() => {
                // Dropping the stream aborts the requests in flight; their rows stay
                // pending and are asked again on resume.
                drop(answers);
                store::set_status(db, run_id, store::STATUS_PAUSED).await?;
                report(store::counts(db, run_id).await?.into());
                tracing::info!(run_id, "personalisation run paused by the user");
                return Ok(RunStop::Cancelled);
            }
            next = answers.next() => next,
        };
        match next {
            Some(Step::Saved { result, applied }) => {
                tally(&mut counts, &result, applied);
                if last_report.elapsed() >= PROGRESS_EVERY {
                    last_report = Instant::now();
                    report(counts);
                }
            }
            Some(Step::Abort(error)) => {
                drop(answers);
                store::set_status(db, run_id, store::STATUS_PAUSED).await?;
                report(store::counts(db, run_id).await?.into());
                tracing::warn!(run_id, error = %error, "personalisation run stopped");
                return Err(ComposeError::Ai(error));
            }
            // Left `running`, as after a crash: start-up recovery marks it paused.
            Some(Step::Storage(error)) => return Err(error.into()),
            None => break,
        }
    }
    counts = store::counts(db, run_id).await?.into();
    store::set_status(db, run_id, store::STATUS_COMPLETED).await?;
    report(counts);
    tracing::info!(
        run_id,
        done = counts.done,
        failed = counts.failed,
        "personalisation run completed"
    );
    Ok(RunStop::Completed)
}

/// One pending row answered. Not `applied`: the user edited the row while it was in
/// flight, and the edit stays.
fn tally(counts: &mut RunCounts, result: &MessageResult, applied: bool) {
    counts.pending = counts.pending.saturating_sub(1);
    if !applied {
        counts.edited += 1;
        return;
    }
    match result {
        MessageResult::Done {
            input_tokens,
            output_tokens,
            ..
        } => {
            counts.done += 1;
            let tokens = |t: &Option<i64>| t.and_then(|t| u64::try_from(t).ok()).unwrap_or(0);
            counts.input_tokens += tokens(input_tokens);
            counts.output_tokens += tokens(output_tokens);
        }
        MessageResult::Failed { .. } => counts.failed += 1,
    }
}

/// Every pending row in list order, read a page at a time as the stream is drained. A
/// position cursor rather than "the first pending rows", since rows in flight are still
/// pending.
fn pending_rows(
    db: &Db,
    run_id: i64,
    page_size: u32,
) -> impl Stream<Item = Result<MessageRow, StorageError>> + '_ {
    stream::unfold(Some(-1), move |after| async move {
        let page = match store::pending_after(db, run_id, after?, page_size).await {
            Ok(page) => page,
            // The error goes through once, then the stream ends.
            Err(error) => return Some((vec![Err(error)], None)),
        };
        let next = page.last().map(|m| m.position);
        next.map(|_| (page.into_iter().map(Ok).collect::<Vec<_>>(), next))
    })
    .flat_map(stream::iter)
}

/// One contact: ask, check the facts, ask again when they were broken, render.
async fn personalise<W: Writer>(
    writer: &W,
    body: &str,
    message: &MessageRow,
    language: Language,
    template_id: Option<i64>,
    options: RunOptions,
) -> Outcome {
    let fields: BTreeMap<String, String> =
        serde_json::from_str(&message.fields).unwrap_or_default();
    let mut values = MergeValues::new();
    for (key, value) in &fields {
        values.set(key, value);
    }
    let (mut input_tokens, mut output_tokens) = (0i64, 0i64);
    let mut last_failure = (String::new(), String::new());
    for _ in 0..=options.fact_retries {
        let written = match writer.write(body, &fields, language).await {
            Ok(written) => written,
            Err(error) if is_fatal(&error) => return Outcome::Abort(error),
            Err(error) => {
                return Outcome::Save(MessageResult::Failed {
                    code: failure_code(&error).to_owned(),
                    detail: error.to_string(),
                })
            }
        };
        if let Some(usage) = written.usage {
            input_tokens += i64::from(usage.input_tokens);
            output_tokens += i64::from(usage.output_tokens);
        }
        let violations = blocking_violations(body, &written.text);
        if !violations.is_empty() {
            last_failure = ("FACTS_CHANGED".to_owned(), describe(&violations));
            continue;
        }
        match Template::parse(&written.text) {
            Ok(template) => {
                let rendered =
                    template.render(&values, Seed::for_message(template_id, &message.phone_e164));
                return Outcome::Save(MessageResult::Done {
                    text: rendered.text,
                    input_tokens: Some(input_tokens),
                    output_tokens: Some(output_tokens),
                });
            }
            Err(error) => {
                last_failure = ("AI_BAD_TEMPLATE".to_owned(), error.to_string());
            }
        }
    }
    Outcome::Save(MessageResult::Failed {
        code: last_failure.0,
        detail: last_failure.1,
    })
}
