//! The editor's AI assistant: draft from a brief, rewrite, and N variations, streamed as
//! they are written, each answer held to the facts lock and the variations to the
//! similarity gate. Answers that break them are asked for again, then rejected with the
//! reason, never silently used.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::facts::FactViolation;
use super::personalise::blocking_violations;
use super::similarity::{reject_near_duplicates, DEFAULT_THRESHOLD};
use super::template::Template;
use super::ComposeError;
use crate::ai::{
    parse_variations, AiClient, CancelToken, ChatRequest, DraftBrief, Finish, RewriteRequest,
    VariationsRequest,
};

/// Extra requests for an answer (or a set of variations) the gates turned down.
const RETRIES: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "task", rename_all = "camelCase")]
pub enum AssistTask {
    Draft { brief: DraftBrief },
    Rewrite { request: RewriteRequest },
    Variations { request: VariationsRequest },
}

/// Why an answer was not used.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum RejectReason {
    /// It dropped, changed or invented a price, date, link, phone, code or merge field.
    Facts { violations: Vec<FactViolation> },
    /// Too close to the original or to a variation already kept.
    Similar { similarity: f64 },
    /// Unbalanced braces: it would not work as a template.
    BadTemplate,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Rejected {
    pub text: String,
    pub reason: RejectReason,
}

/// What the UI sees while the assistant works.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum AssistEvent {
    /// A piece of the answer being written.
    Delta { text: String },
    /// The answer so far was rejected and a new one starts: clear what was shown.
    Restart { rejected: Rejected },
    /// A variation that passed both gates.
    Variation { text: String },
    /// A variation turned down.
    RejectedVariation { rejected: Rejected },
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssistOutcome {
    /// Draft and rewrite: the accepted text; `None` when every try was rejected or the
    /// user cancelled before the end.
    pub text: Option<String>,
    /// Variations: the accepted ones, in order.
    pub variations: Vec<String>,
    /// Everything turned down, with why.
    pub rejected: Vec<Rejected>,
    pub cancelled: bool,
}

/// Checks one answer against its source: facts first, then the template syntax.
fn judge(source: &str, answer: &str) -> Result<(), RejectReason> {
    let violations = blocking_violations(source, answer);
    if !violations.is_empty() {
        return Err(RejectReason::Facts { violations });
    }
    Template::parse(answer).map_err(|_| RejectReason::BadTemplate)?;
    Ok(())
}

pub async fn assist(
    client: &AiClient,
    task: &AssistTask,
    cancel: &CancelToken,
    mut on_event: impl FnMut(AssistEvent),
) -> Result<AssistOutcome, ComposeError> {
    match task {
        AssistTask::Draft { brief } => {
            single(
                client,
                &brief.chat_request(),
                &brief.goal,
                cancel,
                &mut on_event,
            )
            .await
        }
        AssistTask::Rewrite { request } => {
            single(
                client,
                &request.chat_request(),
                &request.text,
                cancel,
                &mut on_event,
            )
            .await
        }
        AssistTask::Variations { request } => {
            variations(client, request, cancel, &mut on_event).await
        }
    }
}

/// One text, streamed; asked again when it breaks the facts of `source`.
async fn single(
    client: &AiClient,
    request: &ChatRequest,
    source: &str,
    cancel: &CancelToken,
    on_event: &mut impl FnMut(AssistEvent),
) -> Result<AssistOutcome, ComposeError> {
    let mut rejected = Vec::new();
    for attempt in 0..=RETRIES {
        let stream = client.stream(request).await?;
        let completion = stream
            .collect_with(cancel, |delta| {
                on_event(AssistEvent::Delta {
                    text: delta.to_owned(),
                })
            })
            .await?;
        if completion.finish == Finish::Cancelled {
            return Ok(AssistOutcome {
                text: None,
                variations: Vec::new(),
                rejected,
                cancelled: true,
            });
        }
        let text = completion.text.trim().to_owned();
        match judge(source, &text) {
            Ok(()) => {
                return Ok(AssistOutcome {
                    text: Some(text),
                    variations: Vec::new(),
                    rejected,
                    cancelled: false,
                })
            }
            Err(reason) => {
                let turned_down = Rejected { text, reason };
                tracing::info!(attempt, "assistant answer rejected by the facts lock");
                if attempt < RETRIES {
                    on_event(AssistEvent::Restart {
                        rejected: turned_down.clone(),
                    });
                }
                rejected.push(turned_down);
            }
        }
    }
    Ok(AssistOutcome {
        text: None,
        variations: Vec::new(),
        rejected,
        cancelled: false,
    })
}

/// N versions: each must keep the facts and differ enough from the source and from each
/// other; missing ones are asked for again.
async fn variations(
    client: &AiClient,
    request: &VariationsRequest,
    cancel: &CancelToken,
    on_event: &mut impl FnMut(AssistEvent),
) -> Result<AssistOutcome, ComposeError> {
    let wanted = usize::from(request.count());
    let mut kept: Vec<String> = Vec::new();
    let mut rejected = Vec::new();
    for _ in 0..=RETRIES {
        let missing = wanted - kept.len();
        let ask = VariationsRequest {
            // The gate turns some down: ask for a little more than is missing.
            count: u8::try_from(missing + 1).unwrap_or(VariationsRequest::MAX),
            ..request.clone()
        };
        let completion = client
            .stream(&ask.chat_request())
            .await?
            .collect_with(cancel, |delta| {
                on_event(AssistEvent::Delta {
                    text: delta.to_owned(),
                })
            })
            .await?;
        if completion.finish == Finish::Cancelled {
            return Ok(AssistOutcome {
                text: None,
                variations: kept,
                rejected,
                cancelled: true,
            });
        }
        let candidates = parse_variations(&completion.text, usize::from(ask.count()));
        let mut factual = Vec::new();
        for candidate in candidates {
            match judge(&request.text, &candidate) {
                Ok(()) => factual.push(candidate),
                Err(reason) => {
                    let turned_down = Rejected {
                        text: candidate,
                        reason,
                    };
                    on_event(AssistEvent::RejectedVariation {
                        rejected: turned_down.clone(),
                    });
                    rejected.push(turned_down);
                }
            }
        }
        // Those kept before go first, so new ones are measured against them too.
        let pool: Vec<String> = kept.iter().cloned().chain(factual).collect();
        let verdicts = reject_near_duplicates(&request.text, &pool, DEFAULT_THRESHOLD);
        for verdict in verdicts.into_iter().skip(kept.len()) {
            let text = pool[verdict.index].clone();
            if verdict.kept && kept.len() < wanted {
                on_event(AssistEvent::Variation { text: text.clone() });
                kept.push(text);
            } else if !verdict.kept {
                let turned_down = Rejected {
                    text,
                    reason: RejectReason::Similar {
                        similarity: verdict.similarity,
                    },
                };
                on_event(AssistEvent::RejectedVariation {
                    rejected: turned_down.clone(),
                });
                rejected.push(turned_down);
            }
        }
        if kept.len() >= wanted {
            break;
        }
    }
    Ok(AssistOutcome {
        text: None,
        variations: kept,
        rejected,
        cancelled: false,
    })
}
