//! The pre-flight: before anything is sent, who will get the message (by verdict), when
//! sending would end, and the risks in plain language.

use jiff::{SignedDuration, Timestamp};
use sqlx::Row;

use crate::evolution::ConnectionState;
use crate::storage::{Db, StorageError};

use super::clock;
use super::engine::history_of;
use super::error::CampaignError;
use super::model::{CampaignView, Preflight, Risk, VerdictCounts};
use super::numbers;
use super::pacing::{estimate_finish, near_identical_share};

/// An instance first seen connected less than this long ago is "new" (WhatsApp watches
/// new numbers closely).
const NEW_INSTANCE_DAYS: i64 = 7;
/// Texts compared for the identical-text risk (a sample is enough to see the pattern).
const TEXT_SAMPLE: i64 = 2_000;
/// Share of near-identical texts above which the risk is shown.
const IDENTICAL_RISK_PERCENT: u32 = 50;

/// Words that show the message offers a way out (pt-BR and English).
const OPT_OUT_WORDS: &[&str] = &[
    "sair",
    "parar",
    "pare",
    "stop",
    "cancelar",
    "descadastrar",
    "remover",
    "unsubscribe",
];

pub async fn verdicts(db: &Db, campaign_id: i64) -> Result<VerdictCounts, StorageError> {
    let rows = sqlx::query(
        "SELECT verdict, COUNT(*) AS n FROM campaign_recipients WHERE campaign_id = ? GROUP BY verdict",
    )
    .bind(campaign_id)
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    let mut v = VerdictCounts::default();
    for r in rows {
        let n = u32::try_from(r.get::<i64, _>("n")).unwrap_or(u32::MAX);
        match r.get::<String, _>("verdict").as_str() {
            "ready" => v.ready += n,
            "unchecked" => v.unchecked += n,
            "invalid" => v.invalid += n,
            "duplicate" => v.duplicate += n,
            "opted_out" => v.opted_out += n,
            "not_on_whatsapp" => v.not_on_whatsapp += n,
            _ => {}
        }
    }
    Ok(v)
}

fn has_opt_out_line(body: &str) -> bool {
    let words = crate::compose::similarity::words(body);
    words.iter().any(|w| OPT_OUT_WORDS.contains(&w.as_str()))
}

/// The report. `states` is each instance's connection now (`None` when it could not be
/// read); `server_url` for the plain-http risk.
pub async fn report(
    db: &Db,
    view: &CampaignView,
    states: &[(String, Option<ConnectionState>)],
    server_url: &str,
    now: Timestamp,
) -> Result<Preflight, CampaignError> {
    let id = view.id;
    let verdicts = verdicts(db, id).await?;
    let pacing = view
        .pacing
        .validate()
        .map_err(|e| CampaignError::InvalidPacing(e.to_string()))?;
    let mut risks = Vec::new();
    let remaining = u64::from(view.counts.pending + view.counts.in_flight);
    if verdicts.sendable() == 0 || remaining == 0 && view.counts.sent == 0 {
        risks.push(Risk::NoRecipients);
    }
    let mut histories = Vec::new();
    let mut cap_today = 0_u32;
    for instance in view.instances.iter().filter(|i| i.left_reason.is_none()) {
        let history = history_of(db, &pacing, &instance.name, now).await?;
        let pacer = super::pacing::InstancePacer::new(
            &pacing,
            history.clone(),
            rand::SeedableRng::seed_from_u64(0),
        );
        cap_today =
            cap_today.saturating_add(pacer.cap_today(now).saturating_sub(pacer.sent_today(now)));
        histories.push(history);
        let (_, _, first_open) = super::journal::usage(db, &instance.name).await?;
        if let Some(first) = first_open.as_deref().and_then(clock::parse) {
            let days = now.duration_since(first).as_hours() / 24;
            if days < NEW_INSTANCE_DAYS {
                risks.push(Risk::NewInstance {
                    instance: instance.name.clone(),
                    days: u32::try_from(days.max(0)).unwrap_or(0),
                });
            }
        }
    }
    for (name, state) in states {
        if *state != Some(ConnectionState::Open) {
            risks.push(Risk::InstanceNotConnected {
                instance: name.clone(),
            });
        }
    }
    let needed = u32::try_from(remaining).unwrap_or(u32::MAX);
    if !view.pacing.preset.is_unpaced() && needed > cap_today {
        risks.push(Risk::AboveCap { needed, cap_today });
    }
    let texts: Vec<String> = sqlx::query_scalar(
        "SELECT text FROM campaign_recipients
          WHERE campaign_id = ? AND state = 'pending' ORDER BY position LIMIT ?",
    )
    .bind(id)
    .bind(TEXT_SAMPLE)
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    let (_, share) = near_identical_share(&texts);
    let share_percent = (share * 100.0).round().clamp(0.0, 100.0) as u32;
    if texts.len() > 2 && share_percent >= IDENTICAL_RISK_PERCENT {
        risks.push(Risk::IdenticalTexts { share_percent });
    }
    if !has_opt_out_line(&view.body) {
        risks.push(Risk::NoOptOutLine);
    }
    if crate::settings::sends_keys_in_clear(server_url) {
        risks.push(Risk::PlainHttp);
    }
    let estimate = if remaining > 0 {
        estimate_finish(&pacing, &histories, remaining, now)
    } else {
        None
    };
    let mut number_check = numbers::progress(db, id).await?;
    number_check.running = false;
    Ok(Preflight {
        campaign_id: id,
        verdicts,
        number_check,
        estimated_finish: estimate.map(|e| clock::to_db(e.finish)),
        sending_days: estimate.map_or(0, |e| e.sending_days),
        risks,
        sample_text: texts.into_iter().next(),
    })
}

/// How long ago a scheduled campaign may have been due and still start by itself.
pub const SCHEDULE_GRACE: SignedDuration = SignedDuration::from_mins(15);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opt_out_line_is_recognised_in_both_languages() {
        assert!(has_opt_out_line(
            "Promoção! Responda SAIR para não receber mais."
        ));
        assert!(has_opt_out_line("Reply STOP to unsubscribe"));
        assert!(!has_opt_out_line("Promoção de Natal, só hoje!"));
        // Inside another word it is not an opt-out line.
        assert!(!has_opt_out_line("Saiu a nova coleção"));
    }
}
