//! A campaign's recipients as a CSV file for Excel: the funnel on top, then one row per
//! recipient with how far the message got. Written through the formula-safe writer.

use std::io::Write;

use crate::campaign::{RecipientFilter, RecipientQuery};
use crate::error::AppError;
use crate::export::SafeCsvWriter;

use super::Core;

/// Recipients read per query while writing; keeps memory flat on 100k-row campaigns.
const PAGE: u32 = 1000;

fn csv_error(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("csv export: {e}"))
}

impl Core {
    /// Writes the report CSV (UTF-8 with BOM, `;`-separated) and returns the recipient rows
    /// written. Column titles are passed in by the caller, already in the user's language.
    pub async fn history_export_csv<W: Write>(
        &self,
        campaign_id: i64,
        headers: &[String],
        out: W,
    ) -> Result<u64, AppError> {
        let report = self.history_report(campaign_id).await?;
        let mut csv = SafeCsvWriter::for_excel(out).map_err(csv_error)?;
        let f = &report.funnel;
        for (name, value) in [
            ("audience", f.audience),
            ("excluded", f.excluded),
            ("submitted", f.submitted),
            ("delivered", f.delivered),
            ("read", f.read),
            ("replied", f.replied),
            ("opted_out", f.opted_out),
            ("failed", f.failed),
            ("needs_attention", f.needs_attention),
        ] {
            csv.write_record([name.to_owned(), value.to_string()])
                .map_err(csv_error)?;
        }
        csv.write_record(headers).map_err(csv_error)?;
        let mut after = None;
        let mut written = 0u64;
        loop {
            let query = RecipientQuery {
                filter: RecipientFilter::All,
                search: None,
                after,
                limit: PAGE,
            };
            let page = self.campaign_recipients(campaign_id, &query).await?;
            let Some(last) = page.rows.last() else { break };
            after = Some(last.position);
            for r in &page.rows {
                let opt = |v: &Option<String>| v.clone().unwrap_or_default();
                csv.write_record([
                    r.position.to_string(),
                    opt(&r.contact_name),
                    r.phone_e164.clone(),
                    r.state.as_str().to_owned(),
                    opt(&r.instance),
                    opt(&r.sent_at),
                    r.receipt.map(|s| s.as_str().to_owned()).unwrap_or_default(),
                    opt(&r.delivered_at),
                    opt(&r.read_at),
                    opt(&r.replied_at),
                    opt(&r.opted_out_at),
                    opt(&r.error_code),
                ])
                .map_err(csv_error)?;
                written += 1;
            }
            if page.rows.len() < PAGE as usize {
                break;
            }
        }
        csv.flush().map_err(csv_error)?;
        Ok(written)
    }
}
