//! Turning a draft into a campaign: every recipient of the list (or of a tag in it) gets
//! its verdict and its text, rendered once and stored, so what is sent, resumed and
//! reconciled is exactly what was shown.

use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Timestamp};
use sqlx::Row;

use crate::compose::preview::Renderer;
use crate::storage::contacts::ContactRow;
use crate::storage::{personalisation, Db, StorageError};

use super::clock;
use super::error::CampaignError;
use super::model::{CampaignDraft, CampaignMedia, MessageSource, Verdict};
use super::store::{self, NewCampaign, NewRecipient};

/// How long a `whatsappNumbers` answer is trusted: numbers move to and from WhatsApp
/// rarely, and every re-check costs the instance a little of its reputation.
pub const NUMBER_CHECK_TTL: SignedDuration = SignedDuration::from_hours(14 * 24);

/// Contacts read per query while building the recipients.
const PAGE: i64 = 2_000;

/// A cached `whatsappNumbers` answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedCheck {
    pub on_whatsapp: bool,
    pub jid: Option<String>,
}

/// Fresh cached checks for these numbers.
pub async fn cached_checks(
    db: &Db,
    now: Timestamp,
) -> Result<HashMap<String, CachedCheck>, StorageError> {
    let since = clock::to_db(now.saturating_sub(NUMBER_CHECK_TTL).unwrap_or(now));
    let rows =
        sqlx::query("SELECT phone_e164, on_whatsapp, jid FROM number_checks WHERE checked_at >= ?")
            .bind(since)
            .fetch_all(db.pool())
            .await
            .map_err(StorageError::from_sqlx)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.get::<String, _>("phone_e164"),
                CachedCheck {
                    on_whatsapp: r.get::<i64, _>("on_whatsapp") != 0,
                    jid: r.get("jid"),
                },
            )
        })
        .collect())
}

/// A number is plausible for WhatsApp: `+` and 10 to 15 digits.
fn plausible(phone: &str) -> bool {
    let digits = phone.strip_prefix('+').unwrap_or(phone);
    (10..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The verdict and JID of one number, before the campaign's own duplicate check.
fn verdict_of(
    phone: &str,
    opted_out: &HashSet<String>,
    checks: &HashMap<String, CachedCheck>,
) -> (Verdict, Option<String>) {
    if !plausible(phone) {
        return (Verdict::Invalid, None);
    }
    if opted_out.contains(phone) {
        return (Verdict::OptedOut, None);
    }
    match checks.get(phone) {
        Some(check) if check.on_whatsapp => (Verdict::Ready, check.jid.clone()),
        Some(_) => (Verdict::NotOnWhatsapp, None),
        None => (Verdict::Unchecked, None),
    }
}

fn excluded_code(verdict: Verdict) -> Option<&'static str> {
    match verdict {
        Verdict::Ready | Verdict::Unchecked => None,
        Verdict::Invalid => Some("invalid"),
        Verdict::Duplicate => Some("duplicate"),
        Verdict::OptedOut => Some("opted_out"),
        Verdict::NotOnWhatsapp => Some("not_on_whatsapp"),
    }
}

/// Creates the campaign: header and every recipient with its verdict and text, page by
/// page in one transaction (memory follows a page of contacts, not the list), or nothing.
pub async fn create(
    db: &Db,
    draft: &CampaignDraft,
    now: Timestamp,
) -> Result<(i64, usize), CampaignError> {
    let name = draft.name.trim();
    if name.is_empty() {
        return Err(CampaignError::EmptyName);
    }
    let mut instances: Vec<String> = Vec::new();
    for i in &draft.instances {
        let i = i.trim();
        if !i.is_empty() && !instances.iter().any(|x| x == i) {
            instances.push(i.to_owned());
        }
    }
    if instances.is_empty() {
        return Err(CampaignError::NoInstances);
    }
    let list_name: Option<String> =
        sqlx::query_scalar("SELECT name FROM contact_lists WHERE id = ?")
            .bind(draft.list_id)
            .fetch_optional(db.pool())
            .await
            .map_err(StorageError::from_sqlx)?;
    let list_name = list_name.ok_or(CampaignError::ListNotFound(draft.list_id))?;
    let tag = draft
        .tag
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);

    let mut opted_out = HashSet::new();
    {
        let mut conn = db.pool().acquire().await.map_err(StorageError::from_sqlx)?;
        opted_out.extend(crate::storage::opt_outs::all_phones(&mut conn).await?);
    }
    let checks = cached_checks(db, now).await?;

    let (body, media, texts) = match draft.source {
        MessageSource::Template { template_id } => {
            let template = crate::compose::library::get(db, template_id)
                .await
                .map_err(|_| CampaignError::TemplateNotFound(template_id))?;
            let renderer = Renderer::new(&template.body, Some(template_id)).ok_or_else(|| {
                CampaignError::TemplateInvalid("the template has syntax errors".into())
            })?;
            let media = template.media.map(|m| CampaignMedia {
                kind: m.kind,
                path: m.path,
                file_name: m.file_name,
                mime: m.mime,
            });
            (template.body, media, Texts::Template(Box::new(renderer)))
        }
        MessageSource::Personalisation { run_id } => {
            let run = personalisation::get_run(db, run_id)
                .await?
                .ok_or(CampaignError::RunNotApproved(run_id))?;
            if run.status != "approved" {
                return Err(CampaignError::RunNotApproved(run_id));
            }
            let texts = personalised_texts(db, run_id).await?;
            (run.body, None, Texts::Personalised(texts))
        }
    };

    let campaign = NewCampaign {
        name: name.to_owned(),
        list_id: draft.list_id,
        list_name,
        tag: tag.clone(),
        source: draft.source.clone(),
        body,
        media,
        pacing: draft.pacing.clone(),
        instances,
    };
    let mut tx = db.pool().begin().await.map_err(StorageError::from_sqlx)?;
    let id = store::insert_header(&mut tx, &campaign).await?;
    let mut written = 0_usize;
    let mut sendable = 0_usize;
    let mut seen = HashSet::new();
    let mut after = 0_i64;
    loop {
        let mut recipients = Vec::with_capacity(PAGE as usize);
        let page = contacts_after(db, draft.list_id, tag.as_deref(), after).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for contact in &page {
            let (mut verdict, jid) = verdict_of(&contact.phone_e164, &opted_out, &checks);
            if verdict != Verdict::Invalid && !seen.insert(contact.phone_e164.clone()) {
                verdict = Verdict::Duplicate;
            }
            let text = match &texts {
                Texts::Template(renderer) => Some(renderer.render(contact).text),
                Texts::Personalised(map) => map.get(&contact.id).cloned(),
            };
            let (verdict, code) = match (&text, verdict.is_sendable()) {
                (Some(t), true) if !t.trim().is_empty() => (verdict, None),
                // No text for this contact (its personalisation failed): nothing to send.
                (_, true) => (Verdict::Invalid, Some("no_text")),
                (_, false) => (verdict, excluded_code(verdict)),
            };
            recipients.push(NewRecipient {
                contact_id: Some(contact.id),
                contact_name: contact.name.clone(),
                phone_e164: contact.phone_e164.clone(),
                phone_alternative: contact.phone_alternative.clone(),
                jid,
                verdict,
                text,
                error_code: code,
            });
        }
        sendable += recipients
            .iter()
            .filter(|r| r.verdict.is_sendable())
            .count();
        store::insert_recipients(&mut tx, id, written + 1, &recipients).await?;
        written += recipients.len();
    }
    if sendable == 0 {
        // Dropping the transaction rolls the header back too.
        return Err(CampaignError::NothingToSend);
    }
    tx.commit().await.map_err(StorageError::from_sqlx)?;
    Ok((id, written))
}

enum Texts {
    Template(Box<Renderer>),
    /// Contact id → the reviewed text.
    Personalised(HashMap<i64, String>),
}

async fn personalised_texts(db: &Db, run_id: i64) -> Result<HashMap<i64, String>, StorageError> {
    let rows = sqlx::query(
        "SELECT contact_id, text FROM personalised_messages
          WHERE run_id = ? AND status IN ('done', 'edited') AND text IS NOT NULL",
    )
    .bind(run_id)
    .fetch_all(db.pool())
    .await
    .map_err(StorageError::from_sqlx)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.get::<i64, _>("contact_id"), r.get::<String, _>("text")))
        .collect())
}

async fn contacts_after(
    db: &Db,
    list_id: i64,
    tag: Option<&str>,
    after: i64,
) -> Result<Vec<ContactRow>, StorageError> {
    let sql = if tag.is_some() {
        "SELECT c.* FROM contacts c
          WHERE c.list_id = ?1 AND c.id > ?2
            AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = ?3)
          ORDER BY c.id LIMIT ?4"
    } else {
        "SELECT c.* FROM contacts c WHERE c.list_id = ?1 AND c.id > ?2 ORDER BY c.id LIMIT ?4"
    };
    sqlx::query_as(sql)
        .bind(list_id)
        .bind(after)
        .bind(tag)
        .bind(PAGE)
        .fetch_all(db.pool())
        .await
        .map_err(StorageError::from_sqlx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_in_order_of_what_matters() {
        let mut opted = HashSet::new();
        opted.insert("+5511999990002".to_owned());
        let mut checks = HashMap::new();
        checks.insert(
            "+5511999990003".to_owned(),
            CachedCheck {
                on_whatsapp: true,
                jid: Some("551199990003@s.whatsapp.net".into()),
            },
        );
        checks.insert(
            "+5511999990004".to_owned(),
            CachedCheck {
                on_whatsapp: false,
                jid: None,
            },
        );
        assert_eq!(verdict_of("+123", &opted, &checks).0, Verdict::Invalid);
        assert_eq!(
            verdict_of("+5511999990002", &opted, &checks).0,
            Verdict::OptedOut
        );
        assert_eq!(
            verdict_of("+5511999990003", &opted, &checks),
            (
                Verdict::Ready,
                Some("551199990003@s.whatsapp.net".to_owned())
            )
        );
        assert_eq!(
            verdict_of("+5511999990004", &opted, &checks).0,
            Verdict::NotOnWhatsapp
        );
        assert_eq!(
            verdict_of("+5511999990005", &opted, &checks).0,
            Verdict::Unchecked
        );
    }
}
