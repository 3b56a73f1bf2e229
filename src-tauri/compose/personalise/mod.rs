//! Per-contact personalisation: a saved state machine in SQLite.
//!
//! `prepare` snapshots the list (one pending row per contact) → `run` asks the model for the
//! pending rows with bounded concurrency, saving each answer the moment it arrives → the
//! user reviews and edits → `approve`. Cancel leaves the rest pending; a crash leaves the
//! run `running`, and `recover` at start-up marks it `paused`; resuming asks only for the
//! rows still pending, so nothing is paid for twice. Nothing is sent unless approved.

mod gate;
mod runner;
mod writer;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use gate::{blocking_violations, describe};
pub use runner::{run, RunOptions, RunProgress, RunStop};
pub use writer::{Writer, Written};

use super::template::{MergeValues, Template};
use super::ComposeError;
use crate::ai::{estimate_personalisation, CostEstimate};
use crate::settings::Language;
use crate::storage::contacts::{self, ContactFilter};
use crate::storage::personalisation::{self as store, MessageRow, NewMessage, NewRun, RunRow};
use crate::storage::{Db, StorageError};

/// Contacts read per page while preparing.
const PREPARE_PAGE: u32 = 1_000;
/// Contacts whose prompts are measured for the estimate; the rest are extrapolated.
const ESTIMATE_SAMPLE: u32 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RunStatus {
    Ready,
    Running,
    Paused,
    Completed,
    Approved,
}

impl RunStatus {
    fn parse(text: &str) -> RunStatus {
        match text {
            store::STATUS_RUNNING => RunStatus::Running,
            store::STATUS_PAUSED => RunStatus::Paused,
            store::STATUS_COMPLETED => RunStatus::Completed,
            store::STATUS_APPROVED => RunStatus::Approved,
            _ => RunStatus::Ready,
        }
    }
}

/// Rows by state, and the tokens the server reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunCounts {
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number")]
    pub pending: u64,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub failed: u64,
    #[ts(type = "number")]
    pub edited: u64,
    #[ts(type = "number")]
    pub input_tokens: u64,
    #[ts(type = "number")]
    pub output_tokens: u64,
}

impl From<store::RunCounts> for RunCounts {
    fn from(c: store::RunCounts) -> Self {
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        RunCounts {
            total: n(c.total),
            pending: n(c.pending),
            done: n(c.done),
            failed: n(c.failed),
            edited: n(c.edited),
            input_tokens: n(c.input_tokens),
            output_tokens: n(c.output_tokens),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number | null")]
    pub template_id: Option<i64>,
    #[ts(type = "number | null")]
    pub list_id: Option<i64>,
    pub body: String,
    pub model: String,
    pub status: RunStatus,
    pub counts: RunCounts,
    pub created_at: String,
    pub approved_at: Option<String>,
}

/// What to personalise.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrepareInput {
    #[ts(type = "number | null")]
    pub template_id: Option<i64>,
    pub body: String,
    #[ts(type = "number")]
    pub list_id: i64,
    pub model: String,
    pub language: Language,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MessageStatus {
    Pending,
    Done,
    Failed,
    Edited,
}

impl MessageStatus {
    fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Pending => "pending",
            MessageStatus::Done => "done",
            MessageStatus::Failed => "failed",
            MessageStatus::Edited => "edited",
        }
    }

    fn parse(text: &str) -> MessageStatus {
        match text {
            "done" => MessageStatus::Done,
            "failed" => MessageStatus::Failed,
            "edited" => MessageStatus::Edited,
            _ => MessageStatus::Pending,
        }
    }
}

/// One contact's personalised message as the review screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageView {
    #[ts(type = "number")]
    pub position: i64,
    #[ts(type = "number")]
    pub contact_id: i64,
    pub contact_name: Option<String>,
    pub phone: String,
    pub status: MessageStatus,
    /// What would be sent: the model's text rendered for the contact, or the user's edit.
    pub text: Option<String>,
    /// Why it failed: an `ErrorCode`-like tag (`AI_RATE_LIMITED`, `FACTS_CHANGED`…).
    pub error_code: Option<String>,
    pub error_detail: Option<String>,
}

impl From<MessageRow> for MessageView {
    fn from(row: MessageRow) -> Self {
        MessageView {
            position: row.position,
            contact_id: row.contact_id,
            contact_name: row.contact_name,
            phone: row.phone_e164,
            status: MessageStatus::parse(&row.status),
            text: row.text,
            error_code: row.error_code,
            error_detail: row.error_detail,
        }
    }
}

fn language_tag(language: Language) -> &'static str {
    match language {
        Language::PtBr => "pt-BR",
        Language::En => "en",
    }
}

fn language_of(tag: &str) -> Language {
    if tag == "en" {
        Language::En
    } else {
        Language::PtBr
    }
}

/// The contact's merge values as a plain map (blank values left out).
pub fn fields_of(values: &MergeValues) -> BTreeMap<String, String> {
    values
        .keys()
        .filter_map(|k| values.get(k).map(|v| (k.to_owned(), v.to_owned())))
        .collect()
}

async fn view(db: &Db, row: RunRow) -> Result<RunView, ComposeError> {
    let counts = store::counts(db, row.id).await?.into();
    Ok(RunView {
        id: row.id,
        template_id: row.template_id,
        list_id: row.list_id,
        body: row.body,
        model: row.model,
        status: RunStatus::parse(&row.status),
        counts,
        created_at: row.created_at,
        approved_at: row.approved_at,
    })
}

pub async fn get(db: &Db, run_id: i64) -> Result<RunView, ComposeError> {
    let row = store::get_run(db, run_id)
        .await?
        .ok_or(ComposeError::RunNotFound(run_id))?;
    view(db, row).await
}

pub async fn list(db: &Db) -> Result<Vec<RunView>, ComposeError> {
    let mut out = Vec::new();
    for row in store::list_runs(db).await? {
        out.push(view(db, row).await?);
    }
    Ok(out)
}

/// The token and cost estimate for personalising `body` for every contact of the list,
/// measured on the first contacts and extrapolated to the list's size.
pub async fn estimate(
    db: &Db,
    body: &str,
    list_id: i64,
    model: &str,
    language: Language,
) -> Result<CostEstimate, ComposeError> {
    let filter = ContactFilter {
        list_id: Some(list_id),
        ..ContactFilter::default()
    };
    let total = contacts::count(db, &filter).await?;
    let sample = contacts::page_at(db, &filter, 0, ESTIMATE_SAMPLE).await?;
    let fields: Vec<BTreeMap<String, String>> = sample
        .iter()
        .map(|c| fields_of(&MergeValues::from_contact(c)))
        .collect();
    let mut estimate = estimate_personalisation(body, &fields, language, model);
    let measured = fields.len() as u64;
    if measured > 0 && total > measured {
        let scale = |v: u64| v.saturating_mul(total) / measured;
        estimate.input_tokens = scale(estimate.input_tokens);
        estimate.output_tokens = scale(estimate.output_tokens);
        estimate.usd = estimate.usd.map(|usd| usd * total as f64 / measured as f64);
        estimate.requests = total;
    }
    Ok(estimate)
}

/// Snapshots the list into a new run, one pending row per contact, in one transaction.
pub async fn prepare(db: &Db, input: &PrepareInput) -> Result<RunView, ComposeError> {
    Template::parse(&input.body)?;
    let filter = ContactFilter {
        list_id: Some(input.list_id),
        ..ContactFilter::default()
    };
    let mut tx = db.pool().begin().await.map_err(StorageError::from_sqlx)?;
    let run_id = store::create_run(
        &mut tx,
        &NewRun {
            template_id: input.template_id,
            list_id: input.list_id,
            body: input.body.clone(),
            model: input.model.clone(),
            language: language_tag(input.language).to_owned(),
        },
    )
    .await?;
    let mut offset = 0u64;
    loop {
        // Read through the pool's other connections would not see this transaction, but the
        // contacts are not written here: reading them outside it is fine.
        let page = contacts::page_at(db, &filter, offset, PREPARE_PAGE).await?;
        if page.is_empty() {
            break;
        }
        let messages = page
            .iter()
            .enumerate()
            .map(|(i, c)| NewMessage {
                position: i64::try_from(offset).unwrap_or(i64::MAX) + i as i64,
                contact_id: c.id,
                contact_name: c.name.clone(),
                phone_e164: c.phone_e164.clone(),
                fields: serde_json::to_string(&fields_of(&MergeValues::from_contact(c)))
                    .unwrap_or_else(|_| "{}".to_owned()),
            })
            .collect();
        store::insert_messages(&mut tx, run_id, messages).await?;
        offset += page.len() as u64;
    }
    tx.commit().await.map_err(StorageError::from_sqlx)?;
    tracing::info!(run_id, contacts = offset, "personalisation run prepared");
    get(db, run_id).await
}

pub async fn messages(
    db: &Db,
    run_id: i64,
    status: Option<MessageStatus>,
    offset: u64,
    limit: u32,
) -> Result<Vec<MessageView>, ComposeError> {
    Ok(
        store::page(db, run_id, status.map(MessageStatus::as_str), offset, limit)
            .await?
            .into_iter()
            .map(MessageView::from)
            .collect(),
    )
}

/// The user's own text for one contact. An approved run is closed to edits.
pub async fn edit(db: &Db, run_id: i64, position: i64, text: &str) -> Result<(), ComposeError> {
    let run = get(db, run_id).await?;
    if run.status == RunStatus::Approved {
        return Err(ComposeError::RunApproved(run_id));
    }
    if text.trim().is_empty() {
        return Err(ComposeError::EmptyTemplate);
    }
    store::edit(db, run_id, position, text).await?;
    Ok(())
}

/// Failed rows become pending again, ready for the next `run`.
pub async fn retry_failed(db: &Db, run_id: i64) -> Result<u64, ComposeError> {
    let run = get(db, run_id).await?;
    if run.status == RunStatus::Approved {
        return Err(ComposeError::RunApproved(run_id));
    }
    let reopened = store::retry_failed(db, run_id).await?;
    if reopened > 0 {
        store::set_status(db, run_id, store::STATUS_PAUSED).await?;
    }
    Ok(reopened)
}

/// The user accepts the batch. Only a completed run with no failed row can be approved.
pub async fn approve(db: &Db, run_id: i64) -> Result<RunView, ComposeError> {
    let run = get(db, run_id).await?;
    if run.counts.pending > 0 || run.counts.failed > 0 || run.status != RunStatus::Completed {
        return Err(ComposeError::RunNotFinished(run_id));
    }
    if !store::approve(db, run_id).await? {
        return Err(ComposeError::RunNotFinished(run_id));
    }
    tracing::info!(run_id, "personalisation run approved");
    get(db, run_id).await
}

pub async fn delete(db: &Db, run_id: i64) -> Result<(), ComposeError> {
    if !store::delete_run(db, run_id).await? {
        return Err(ComposeError::RunNotFound(run_id));
    }
    Ok(())
}

/// At start-up: runs a crash left `running` become `paused`, to be resumed by the user.
pub async fn recover(db: &Db) -> Result<Vec<i64>, ComposeError> {
    let paused = store::pause_interrupted(db).await?;
    if !paused.is_empty() {
        tracing::warn!(?paused, "personalisation runs interrupted; marked paused");
    }
    Ok(paused)
}

pub(crate) fn run_language(row: &RunRow) -> Language {
    language_of(&row.language)
}
