//! History for the screens and `tip`: a campaign's report, the replies and the review list,
//! one number's timeline; and the entry points the server's events come in through
//! (receipts and replies), which tell the screens to refresh.

use serde::Serialize;
use ts_rs::TS;

use crate::campaign::CampaignView;
use crate::campaign::{journal, store, CampaignError};
use crate::error::AppError;
use crate::events::AppEvent;
use crate::history::receipts::{self, ApplyStats, StatusEvent};
use crate::history::replies::{self, IncomingMessage, ReplyOutcome};
use crate::history::report::{self, Funnel, HourCount, InstanceHealth, ReplyQuery, ReplyView};
use crate::history::TimelineEntry;

use super::Core;

/// How long a sent message may go without being delivered before the report flags it.
pub const UNDELIVERED_AFTER_DAYS: i64 = 7;

/// Everything the campaign report shows but the recipients table.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignReport {
    pub campaign: CampaignView,
    pub funnel: Funnel,
    pub instances: Vec<InstanceHealth>,
    pub replies_per_hour: Vec<HourCount>,
    /// Sent more than 7 days ago and never delivered.
    pub undelivered_week: u32,
}

impl Core {
    pub async fn history_report(&self, campaign_id: i64) -> Result<CampaignReport, AppError> {
        let db = self.db()?;
        // One pass over the journal serves both the campaign view and each number's health.
        let tallies = journal::tallies(db, campaign_id).await?;
        let campaign = store::view_with(db, campaign_id, &tallies)
            .await?
            .ok_or(CampaignError::NotFound(campaign_id))?;
        let week_ago = jiff::Timestamp::now()
            .checked_sub(jiff::SignedDuration::from_hours(
                24 * UNDELIVERED_AFTER_DAYS,
            ))
            .unwrap_or_else(|_| jiff::Timestamp::now());
        Ok(CampaignReport {
            funnel: report::funnel_with(db, campaign_id, &campaign.counts).await?,
            instances: report::instance_health_from(&campaign, &tallies),
            replies_per_hour: report::replies_per_hour(db, campaign_id).await?,
            undelivered_week: report::undelivered_since(
                db,
                campaign_id,
                &crate::campaign::clock::to_db(week_ago),
            )
            .await?,
            campaign,
        })
    }

    /// The five most frequent reasons messages did not go, for the printed report.
    pub async fn history_top_errors(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<crate::history::ErrorCount>, AppError> {
        self.campaign_get(campaign_id).await?;
        Ok(report::top_errors(self.db()?, campaign_id, 5).await?)
    }

    /// One page of the campaign list (newest first) with counts and a small funnel.
    pub async fn history_campaigns(
        &self,
        query: &crate::history::CampaignListQuery,
    ) -> Result<crate::history::CampaignListPage, AppError> {
        Ok(crate::history::campaigns::page(self.db()?, query).await?)
    }

    /// The home screen: sends today per number against its cap, active campaigns, reviews.
    pub async fn history_dashboard(&self) -> Result<crate::history::Dashboard, AppError> {
        Ok(crate::history::dashboard::dashboard(self.db()?, jiff::Timestamp::now()).await?)
    }

    /// For each number on the do-not-contact list, the change that put it there (the proof).
    pub async fn history_consent_proofs(
        &self,
    ) -> Result<Vec<crate::history::ConsentEntry>, AppError> {
        Ok(crate::history::consent::latest_opt_outs(self.db()?).await?)
    }

    /// Every change of one number's consent, newest first.
    pub async fn history_consent(
        &self,
        phone_e164: &str,
    ) -> Result<Vec<crate::history::ConsentEntry>, AppError> {
        Ok(crate::history::consent::entries(self.db()?, phone_e164).await?)
    }

    /// What "Duplicate" opens the wizard with: the campaign's list, tag, message source,
    /// numbers and pacing. Creates nothing.
    pub async fn campaign_copy(
        &self,
        campaign_id: i64,
    ) -> Result<crate::history::CampaignCopy, AppError> {
        Ok(crate::history::duplicate::copy_of(self.db()?, campaign_id).await?)
    }

    /// A page of a campaign's recipients, optionally only those one instance took.
    pub async fn history_recipients(
        &self,
        campaign_id: i64,
        query: &crate::campaign::RecipientQuery,
        instance: Option<&str>,
    ) -> Result<crate::campaign::RecipientPage, AppError> {
        Ok(
            crate::campaign::store::recipients_of_instance(
                self.db()?,
                campaign_id,
                query,
                instance,
            )
            .await?,
        )
    }

    pub async fn history_replies(&self, query: &ReplyQuery) -> Result<Vec<ReplyView>, AppError> {
        Ok(report::replies(self.db()?, query).await?)
    }

    /// A person's decision on a reply in the review list. False when it was already decided.
    pub async fn history_resolve_review(
        &self,
        reply_id: i64,
        opt_out: bool,
    ) -> Result<bool, AppError> {
        let decided = replies::resolve_review(self.db()?, reply_id, opt_out).await?;
        if decided {
            self.emit(AppEvent::HistoryChanged {
                campaign_id: None,
                consent_changed: opt_out,
            });
        }
        Ok(decided)
    }

    pub async fn history_timeline(&self, phone_e164: &str) -> Result<Vec<TimelineEntry>, AppError> {
        Ok(report::timeline(self.db()?, phone_e164).await?)
    }

    /// Status events from the server, applied in one transaction.
    pub async fn history_apply_receipts(
        &self,
        events: &[StatusEvent],
    ) -> Result<ApplyStats, AppError> {
        let stats = receipts::apply(self.db()?, events).await?;
        if stats.advanced > 0 {
            self.emit(AppEvent::HistoryChanged {
                campaign_id: None,
                consent_changed: false,
            });
        }
        Ok(stats)
    }

    /// A message someone sent to one of the instances: stored, attributed, read for an
    /// opt-out with the stop words from Settings.
    pub async fn history_receive(
        &self,
        message: &IncomingMessage,
    ) -> Result<ReplyOutcome, AppError> {
        let words = self.settings().load()?.opt_out_words;
        let outcome = replies::ingest(self.db()?, message, &words).await?;
        if !outcome.duplicate {
            self.emit(AppEvent::HistoryChanged {
                campaign_id: outcome.campaign.map(|(id, _)| id),
                consent_changed: outcome.consent_changed,
            });
        }
        Ok(outcome)
    }
}
