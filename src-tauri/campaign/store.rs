//! The `campaigns` and `campaign_instances` tables: creating a campaign with its recipients
//! in one transaction, reading it back as a [`CampaignView`], and its status.

use sqlx::Row;

use crate::storage::{Db, StorageError};

use super::journal;
use super::model::{
    CampaignInstanceView, CampaignMedia, CampaignStatus, CampaignView, LeftReason, MessageSource,
    PauseReason, RecipientFilter, RecipientPage, RecipientQuery, RecipientState, RecipientView,
    Verdict,
};
use super::pacing::PacingSettings;

fn q(err: sqlx::Error) -> StorageError {
    StorageError::from_sqlx(err)
}

/// A campaign as it is written.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub name: String,
    pub list_id: i64,
    pub list_name: String,
    pub tag: Option<String>,
    pub source: MessageSource,
    pub body: String,
    pub media: Option<CampaignMedia>,
    pub pacing: PacingSettings,
    pub instances: Vec<String>,
}

/// A recipient as it is written.
#[derive(Debug, Clone)]
pub struct NewRecipient {
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub phone_e164: String,
    pub phone_alternative: Option<String>,
    pub jid: Option<String>,
    pub verdict: Verdict,
    pub text: Option<String>,
    pub error_code: Option<&'static str>,
}

/// Writes the campaign and its instances in `tx`; the recipients follow with
/// [`insert_recipients`] in the same transaction.
pub async fn insert_header(
    tx: &mut sqlx::SqliteConnection,
    campaign: &NewCampaign,
) -> Result<i64, StorageError> {
    let (source, template_id, run_id) = match campaign.source {
        MessageSource::Template { template_id } => ("template", Some(template_id), None),
        MessageSource::Personalisation { run_id } => ("personalisation", None, Some(run_id)),
    };
    let pacing =
        serde_json::to_string(&campaign.pacing).map_err(|e| StorageError::Query(e.to_string()))?;
    let media = campaign
        .media
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| StorageError::Query(e.to_string()))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO campaigns (name, list_id, list_name, tag, source, template_id, run_id, body, media, pacing)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&campaign.name)
    .bind(campaign.list_id)
    .bind(&campaign.list_name)
    .bind(&campaign.tag)
    .bind(source)
    .bind(template_id)
    .bind(run_id)
    .bind(&campaign.body)
    .bind(media)
    .bind(pacing)
    .fetch_one(&mut *tx)
    .await
    .map_err(q)?;
    for name in &campaign.instances {
        sqlx::query("INSERT INTO campaign_instances (campaign_id, instance_name) VALUES (?, ?)")
            .bind(id)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(q)?;
    }
    Ok(id)
}

/// Writes recipients at positions `first_position`, `first_position + 1`…
pub async fn insert_recipients(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    first_position: usize,
    recipients: &[NewRecipient],
) -> Result<(), StorageError> {
    // Many rows per statement: a 100k-recipient campaign is created in about a second.
    const PER_STATEMENT: usize = 80;
    for (chunk_index, chunk) in recipients.chunks(PER_STATEMENT).enumerate() {
        let mut builder = sqlx::QueryBuilder::new(
            "INSERT INTO campaign_recipients (campaign_id, position, contact_id, contact_name,
             phone_e164, phone_alternative, jid, verdict, text, state, error_code) ",
        );
        builder.push_values(chunk.iter().enumerate(), |mut b, (i, r)| {
            let position = first_position + chunk_index * PER_STATEMENT + i;
            let state = if r.verdict.is_sendable() {
                RecipientState::Pending
            } else {
                RecipientState::Excluded
            };
            b.push_bind(id)
                .push_bind(i64::try_from(position).unwrap_or(i64::MAX))
                .push_bind(r.contact_id)
                .push_bind(&r.contact_name)
                .push_bind(&r.phone_e164)
                .push_bind(&r.phone_alternative)
                .push_bind(&r.jid)
                .push_bind(r.verdict.as_str())
                .push_bind(&r.text)
                .push_bind(state.as_str())
                .push_bind(r.error_code);
        });
        builder.build().execute(&mut *tx).await.map_err(q)?;
    }
    Ok(())
}

/// The campaign with its counts; `None` when there is no such campaign.
pub async fn view(db: &Db, id: i64) -> Result<Option<CampaignView>, StorageError> {
    let tallies = journal::tallies(db, id).await?;
    view_with(db, id, &tallies).await
}

/// The same, over per-instance tallies the caller already read.
pub async fn view_with(
    db: &Db,
    id: i64,
    tallies: &[journal::InstanceTally],
) -> Result<Option<CampaignView>, StorageError> {
    let Some(row) = sqlx::query("SELECT * FROM campaigns WHERE id = ?")
        .bind(id)
        .fetch_optional(db.pool())
        .await
        .map_err(q)?
    else {
        return Ok(None);
    };
    let instances = sqlx::query(
        "SELECT instance_name, left_reason, left_detail FROM campaign_instances
          WHERE campaign_id = ? ORDER BY instance_name",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await
    .map_err(q)?;
    let instances = instances
        .into_iter()
        .map(|r| {
            let name: String = r.get("instance_name");
            let (sent, failed) = tallies
                .iter()
                .find(|t| t.instance == name)
                .map(|t| (t.sent, t.failed))
                .unwrap_or((0, 0));
            CampaignInstanceView {
                left_reason: r
                    .get::<Option<String>, _>("left_reason")
                    .as_deref()
                    .and_then(LeftReason::parse),
                left_detail: r.get("left_detail"),
                name,
                sent,
                failed,
            }
        })
        .collect();
    let source = match row.get::<String, _>("source").as_str() {
        "personalisation" => MessageSource::Personalisation {
            run_id: row.get::<Option<i64>, _>("run_id").unwrap_or_default(),
        },
        _ => MessageSource::Template {
            template_id: row.get::<Option<i64>, _>("template_id").unwrap_or_default(),
        },
    };
    let pacing: PacingSettings = serde_json::from_str(&row.get::<String, _>("pacing"))
        .map_err(|e| StorageError::Query(format!("campaign {id} pacing: {e}")))?;
    let media = row
        .get::<Option<String>, _>("media")
        .and_then(|m| serde_json::from_str(&m).ok());
    Ok(Some(CampaignView {
        id,
        name: row.get("name"),
        list_id: row.get("list_id"),
        list_name: row.get("list_name"),
        tag: row.get("tag"),
        source,
        body: row.get("body"),
        media,
        pacing,
        instances,
        status: CampaignStatus::parse(&row.get::<String, _>("status"))
            .unwrap_or(CampaignStatus::Paused),
        pause_reason: row
            .get::<Option<String>, _>("pause_reason")
            .as_deref()
            .and_then(PauseReason::parse),
        pause_detail: row.get("pause_detail"),
        resume_at: row.get("resume_at"),
        scheduled_at: row.get("scheduled_at"),
        started_at: row.get("started_at"),
        finished_at: row.get("finished_at"),
        created_at: row.get("created_at"),
        counts: journal::shown_counts(db, id).await?,
        estimated_finish: None,
    }))
}

pub async fn ids(db: &Db) -> Result<Vec<i64>, StorageError> {
    sqlx::query_scalar("SELECT id FROM campaigns ORDER BY id DESC")
        .fetch_all(db.pool())
        .await
        .map_err(q)
}

pub async fn ids_with_status(db: &Db, status: CampaignStatus) -> Result<Vec<i64>, StorageError> {
    sqlx::query_scalar("SELECT id FROM campaigns WHERE status = ? ORDER BY id")
        .bind(status.as_str())
        .fetch_all(db.pool())
        .await
        .map_err(q)
}

/// Changes the status when it is one of `from` (None: any). Returns whether it changed.
pub async fn set_status(
    db: &Db,
    id: i64,
    from: &[CampaignStatus],
    to: CampaignStatus,
    pause: Option<(PauseReason, Option<&str>)>,
    resume_at: Option<&str>,
    now: &str,
) -> Result<bool, StorageError> {
    let allowed: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let allowed = serde_json::to_string(&allowed).unwrap_or_else(|_| "[]".into());
    let done = sqlx::query(
        "UPDATE campaigns
            SET status = ?1, pause_reason = ?2, pause_detail = ?3, resume_at = ?4, updated_at = ?5,
                started_at = CASE WHEN ?1 = 'running' THEN COALESCE(started_at, ?5) ELSE started_at END,
                finished_at = CASE WHEN ?1 IN ('completed', 'cancelled') THEN ?5 ELSE finished_at END
          WHERE id = ?6 AND (?7 = '[]' OR status IN (SELECT value FROM json_each(?7)))",
    )
    .bind(to.as_str())
    .bind(pause.map(|p| p.0.as_str()))
    .bind(pause.and_then(|p| p.1))
    .bind(resume_at)
    .bind(now)
    .bind(id)
    .bind(allowed)
    .execute(db.pool())
    .await
    .map_err(q)?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_schedule(db: &Db, id: i64, at: Option<&str>) -> Result<(), StorageError> {
    sqlx::query("UPDATE campaigns SET scheduled_at = ? WHERE id = ?")
        .bind(at)
        .bind(id)
        .execute(db.pool())
        .await
        .map_err(q)?;
    Ok(())
}

/// Records why an instance left the rotation.
pub async fn instance_left(
    db: &Db,
    id: i64,
    instance: &str,
    reason: LeftReason,
    detail: &str,
    now: &str,
) -> Result<(), StorageError> {
    sqlx::query(
        "UPDATE campaign_instances SET left_reason = ?, left_detail = ?, left_at = ?
          WHERE campaign_id = ? AND instance_name = ?",
    )
    .bind(reason.as_str())
    .bind(detail)
    .bind(now)
    .bind(id)
    .bind(instance)
    .execute(db.pool())
    .await
    .map_err(q)?;
    Ok(())
}

/// A resume gives every instance another chance.
pub async fn instances_rejoin(db: &Db, id: i64) -> Result<(), StorageError> {
    sqlx::query(
        "UPDATE campaign_instances SET left_reason = NULL, left_detail = NULL, left_at = NULL
          WHERE campaign_id = ?",
    )
    .bind(id)
    .execute(db.pool())
    .await
    .map_err(q)?;
    Ok(())
}

pub async fn delete(db: &Db, id: i64) -> Result<bool, StorageError> {
    let done = sqlx::query("DELETE FROM campaigns WHERE id = ?")
        .bind(id)
        .execute(db.pool())
        .await
        .map_err(q)?;
    Ok(done.rows_affected() == 1)
}

fn filter_sql(filter: RecipientFilter) -> &'static str {
    match filter {
        RecipientFilter::All => "",
        RecipientFilter::Excluded => " AND state = 'excluded'",
        RecipientFilter::Waiting => " AND state IN ('pending', 'claimed', 'sending')",
        RecipientFilter::Sent => " AND state = 'sent'",
        RecipientFilter::Failed => " AND state = 'failed'",
        RecipientFilter::Unknown => " AND state = 'unknown'",
        RecipientFilter::NeedsAttention => " AND state = 'unknown' AND needs_attention = 1",
        RecipientFilter::Delivered => " AND delivered_at IS NOT NULL",
        RecipientFilter::Read => " AND read_at IS NOT NULL",
        RecipientFilter::Replied => " AND replied_at IS NOT NULL",
        RecipientFilter::OptedOut => " AND opted_out_at IS NOT NULL",
        RecipientFilter::Undelivered => " AND state = 'sent' AND receipt_rank < 3",
    }
}

/// A page of recipients in position order (keyset on position).
pub async fn recipients(
    db: &Db,
    id: i64,
    query: &RecipientQuery,
) -> Result<RecipientPage, StorageError> {
    recipients_of_instance(db, id, query, None).await
}

/// [`recipients`], optionally only those an instance took (the results table's filter).
pub async fn recipients_of_instance(
    db: &Db,
    id: i64,
    query: &RecipientQuery,
    instance: Option<&str>,
) -> Result<RecipientPage, StorageError> {
    let search = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| format!("%{}%", s.replace(['%', '_'], "")));
    let where_sql = format!(
        "campaign_id = ?1{}{} AND (?3 IS NULL OR instance_name = ?3)",
        filter_sql(query.filter),
        if search.is_some() {
            " AND (contact_name LIKE ?2 OR phone_e164 LIKE ?2)"
        } else {
            ""
        }
    );
    // Built only from the fixed fragments above; values are bound.
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM campaign_recipients WHERE {where_sql}"
    )))
    .bind(id)
    .bind(&search)
    .bind(instance)
    .fetch_one(db.pool())
    .await
    .map_err(q)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT * FROM campaign_recipients WHERE {where_sql} AND position > ?4
          ORDER BY position LIMIT ?5"
    )))
    .bind(id)
    .bind(&search)
    .bind(instance)
    .bind(query.after.unwrap_or(0))
    .bind(query.limit.clamp(1, 1000))
    .fetch_all(db.pool())
    .await
    .map_err(q)?;
    Ok(RecipientPage {
        rows: rows.into_iter().map(|r| recipient_view(&r)).collect(),
        total: u32::try_from(total).unwrap_or(u32::MAX),
    })
}

fn recipient_view(r: &sqlx::sqlite::SqliteRow) -> RecipientView {
    RecipientView {
        position: u32::try_from(r.get::<i64, _>("position")).unwrap_or(0),
        contact_id: r.get("contact_id"),
        contact_name: r.get("contact_name"),
        phone_e164: r.get("phone_e164"),
        jid: r.get("jid"),
        verdict: Verdict::parse(&r.get::<String, _>("verdict")).unwrap_or(Verdict::Unchecked),
        state: RecipientState::parse(&r.get::<String, _>("state"))
            .unwrap_or(RecipientState::Pending),
        needs_attention: r.get::<i64, _>("needs_attention") != 0,
        text: r.get("text"),
        instance: r.get("instance_name"),
        attempts: u32::try_from(r.get::<i64, _>("attempts")).unwrap_or(0),
        intent_at: r.get("intent_at"),
        sent_at: r.get("sent_at"),
        message_id: r.get("message_id"),
        error_code: r.get("error_code"),
        error_detail: r.get("error_detail"),
        receipt: r
            .get::<Option<String>, _>("receipt")
            .as_deref()
            .and_then(crate::history::ReceiptStatus::parse_stored),
        delivered_at: r.get("delivered_at"),
        read_at: r.get("read_at"),
        replied_at: r.get("replied_at"),
        opted_out_at: r.get("opted_out_at"),
    }
}
