//! A campaign's history as a CSV or XLSX file (see `history::export`): the report, the
//! recipients table with its filter, or the replies, read page by page by key and written
//! to a hidden file beside the target, renamed into place only once complete.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::campaign::{RecipientFilter, RecipientQuery, RecipientView};
use crate::error::AppError;
use crate::history::export::{
    self, default_file_name, open_sink, Cell, ExportFormat, ExportTable, Labels, Sink,
};
use crate::history::{ReplyQuery, ReplyView};

use super::Core;

/// Recipients read per query while writing; keeps memory flat on 100k-row campaigns.
const PAGE: u32 = 1000;
/// Replies read per query (the replies list's own maximum).
const REPLY_PAGE: u32 = 500;

/// What to export, as the screen or `tip` asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryExportRequest {
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub table: ExportTable,
    pub format: ExportFormat,
    /// The recipients table's filter and search (recipients only; the report has everyone).
    pub filter: Option<RecipientFilter>,
    pub search: Option<String>,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryExportDone {
    pub path: String,
    /// Recipient or reply rows written.
    #[ts(type = "number")]
    pub rows: u64,
}

impl Core {
    fn export_labels(&self) -> &'static Labels {
        let language = self
            .settings()
            .load()
            .map(|s| s.language)
            .unwrap_or_default();
        Labels::for_language(language)
    }

    /// The save dialog's suggestion: campaign name, table, today's date.
    pub async fn history_export_file_name(
        &self,
        request: &HistoryExportRequest,
    ) -> Result<String, AppError> {
        let campaign = self.campaign_get(request.campaign_id).await?;
        let today = jiff::ZonedDateTime::now().date();
        Ok(default_file_name(
            &campaign.name,
            request.table,
            request.format,
            today,
            self.export_labels(),
        ))
    }

    /// Writes the export to `target`. On any error the target is left as it was and the
    /// partial file is removed.
    pub async fn history_export(
        &self,
        request: &HistoryExportRequest,
        target: &Path,
    ) -> Result<HistoryExportDone, AppError> {
        let partial = export::partial_path(target);
        let result = self.history_export_to(request, &partial).await;
        let rows = match result {
            Ok(rows) => rows,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
        };
        if let Err(e) = std::fs::rename(&partial, target) {
            let _ = std::fs::remove_file(&partial);
            return Err(export::ExportError::from(e).into());
        }
        Ok(HistoryExportDone {
            path: target.display().to_string(),
            rows,
        })
    }

    async fn history_export_to(
        &self,
        request: &HistoryExportRequest,
        path: &Path,
    ) -> Result<u64, AppError> {
        let labels = self.export_labels();
        let id = request.campaign_id;
        // Checked before the file exists: a missing campaign leaves nothing behind.
        self.campaign_get(id).await?;
        let zone = jiff::tz::TimeZone::system();
        let several = request.table == ExportTable::Report;
        let mut sink = open_sink(request.format, path, labels, zone, several)?;
        let rows = match request.table {
            ExportTable::Report => {
                self.write_report_parts(id, labels, sink.as_mut()).await?;
                let query = RecipientQuery {
                    filter: RecipientFilter::All,
                    search: None,
                    after: None,
                    limit: PAGE,
                };
                self.write_recipients(id, query, labels, sink.as_mut())
                    .await?
            }
            ExportTable::Recipients => {
                let query = RecipientQuery {
                    filter: request.filter.unwrap_or(RecipientFilter::All),
                    search: request.search.clone(),
                    after: None,
                    limit: PAGE,
                };
                self.write_recipients(id, query, labels, sink.as_mut())
                    .await?
            }
            ExportTable::Replies => self.write_replies(id, labels, sink.as_mut()).await?,
        };
        sink.finish()?;
        Ok(rows)
    }

    async fn write_report_parts(
        &self,
        id: i64,
        labels: &'static Labels,
        sink: &mut (dyn Sink + Send),
    ) -> Result<(), AppError> {
        let report = self.history_report(id).await?;
        let f = &report.funnel;
        sink.sheet(labels.sheet_funnel, &labels.funnel_headers)?;
        let counts = [
            f.audience,
            f.excluded,
            f.submitted,
            f.delivered,
            f.read,
            f.replied,
            f.opted_out,
            f.failed,
            f.needs_attention,
        ];
        for (stage, n) in labels.funnel_stages.iter().zip(counts) {
            sink.row(&[Cell::from(*stage), Cell::from(n)])?;
        }
        sink.sheet(labels.sheet_instances, &labels.instance_headers)?;
        for i in &report.instances {
            let left = i.left_reason.as_deref().map(|r| labels.left_reason(r));
            sink.row(&[
                Cell::from(i.name.as_str()),
                Cell::from(i.sent),
                Cell::from(i.delivered),
                Cell::from(i.failed),
                Cell::from(left.unwrap_or("")),
            ])?;
        }
        sink.sheet(labels.sheet_hours, &labels.hour_headers)?;
        for h in &report.replies_per_hour {
            sink.row(&[Cell::Time(Some(&h.hour)), Cell::from(h.replies)])?;
        }
        Ok(())
    }

    async fn write_recipients(
        &self,
        id: i64,
        mut query: RecipientQuery,
        labels: &'static Labels,
        sink: &mut (dyn Sink + Send),
    ) -> Result<u64, AppError> {
        sink.sheet(labels.sheet_recipients, &labels.recipient_headers)?;
        let mut written = 0u64;
        loop {
            let page = self.campaign_recipients(id, &query).await?;
            for r in &page.rows {
                sink.row(&recipient_cells(r, labels))?;
                written += 1;
            }
            match page.rows.last() {
                Some(last) if page.rows.len() == PAGE as usize => query.after = Some(last.position),
                _ => break,
            }
        }
        Ok(written)
    }

    async fn write_replies(
        &self,
        id: i64,
        labels: &'static Labels,
        sink: &mut (dyn Sink + Send),
    ) -> Result<u64, AppError> {
        sink.sheet(labels.sheet_replies, &labels.reply_headers)?;
        let mut query = ReplyQuery {
            campaign_id: Some(id),
            review_only: false,
            opted_out_only: None,
            before: None,
            limit: REPLY_PAGE,
        };
        let mut written = 0u64;
        loop {
            let page = self.history_replies(&query).await?;
            for r in &page {
                sink.row(&reply_cells(r, labels))?;
                written += 1;
            }
            match page.last() {
                Some(last) if page.len() == REPLY_PAGE as usize => query.before = Some(last.id),
                _ => break,
            }
        }
        Ok(written)
    }
}

fn text(value: &Option<String>) -> Cell<'_> {
    Cell::from(value.as_deref().unwrap_or(""))
}

fn recipient_cells<'a>(r: &'a RecipientView, labels: &'static Labels) -> [Cell<'a>; 12] {
    [
        Cell::from(r.position),
        text(&r.contact_name),
        Cell::from(r.phone_e164.as_str()),
        Cell::from(labels.state(r.state.as_str())),
        text(&r.instance),
        Cell::Time(r.sent_at.as_deref()),
        Cell::from(r.receipt.map(|s| labels.receipt(s.as_str())).unwrap_or("")),
        Cell::Time(r.delivered_at.as_deref()),
        Cell::Time(r.read_at.as_deref()),
        Cell::Time(r.replied_at.as_deref()),
        Cell::Time(r.opted_out_at.as_deref()),
        Cell::from(
            r.error_code
                .as_deref()
                .map(|c| labels.error(c))
                .unwrap_or(""),
        ),
    ]
}

fn reply_cells<'a>(r: &'a ReplyView, labels: &'static Labels) -> [Cell<'a>; 8] {
    [
        Cell::Time(Some(&r.received_at)),
        text(&r.push_name),
        Cell::from(r.phone.as_str()),
        Cell::from(r.instance.as_str()),
        Cell::from(r.text.as_str()),
        r.position.map(Cell::from).unwrap_or(Cell::from("")),
        Cell::from(labels.intent(r.intent.as_str())),
        Cell::from(
            r.reviewed
                .as_deref()
                .map(|v| labels.intent(v))
                .unwrap_or(""),
        ),
    ]
}
