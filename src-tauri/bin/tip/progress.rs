//! `tip`'s progress bars (indicatif, on stderr; silent when stderr is not a terminal, so
//! scripts and tests read clean output), and the event sink that draws the core's
//! progress events.

use std::collections::HashMap;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};
use whats_tip::events::{AppEvent, EventSink};

/// Rows of an import: a counter until the total is known, then a bar.
pub fn rows_bar() -> RowsBar {
    let bar = ProgressBar::no_length();
    bar.set_style(style("{spinner} {human_pos} rows read  {elapsed}"));
    RowsBar(bar)
}

#[derive(Debug)]
pub struct RowsBar(ProgressBar);

impl RowsBar {
    pub fn set_length(&self, total: u64) {
        if self.0.length().is_none() {
            self.0
                .set_style(style("{wide_bar} {human_pos}/{human_len} rows  {eta} left"));
        }
        self.0.set_length(total);
    }

    pub fn set_position(&self, rows: u64) {
        self.0.set_position(rows);
    }

    pub fn finish_and_clear(&self) {
        self.0.finish_and_clear();
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// Draws one bar per job from the core's events; a job's bar ends with its state change.
#[derive(Debug, Default)]
pub struct BarEvents {
    bars: Mutex<HashMap<i64, ProgressBar>>,
}

impl EventSink for BarEvents {
    fn emit(&self, event: AppEvent) {
        let mut bars = self.bars.lock().unwrap_or_else(|e| e.into_inner());
        match event {
            AppEvent::PersonaliseProgress { run_id, counts } => {
                let bar = bars.entry(run_id).or_insert_with(|| {
                    let bar = ProgressBar::new(counts.total);
                    bar.set_style(style(
                        "personalising {wide_bar} {pos}/{len} contacts  {eta} left",
                    ));
                    bar
                });
                bar.set_position(counts.total - counts.pending);
            }
            AppEvent::PersonaliseState { run_id, .. } => {
                if let Some(bar) = bars.remove(&run_id) {
                    bar.finish_and_clear();
                }
            }
            // Campaign bars are keyed apart from personalisation runs (negative keys).
            AppEvent::CampaignProgress {
                campaign_id,
                counts,
                ..
            } => {
                let to_send = u64::from(counts.total - counts.excluded);
                let bar = bars.entry(-campaign_id).or_insert_with(|| {
                    let bar = ProgressBar::new(to_send);
                    bar.set_style(style(
                        "sending {wide_bar} {pos}/{len} messages  {msg}  {eta} left",
                    ));
                    bar
                });
                bar.set_length(to_send);
                bar.set_position(u64::from(counts.sent + counts.failed));
                bar.set_message(format!(
                    "{} failed, {} unknown",
                    counts.failed, counts.unknown
                ));
            }
            AppEvent::CampaignState { campaign_id, .. } => {
                if let Some(bar) = bars.remove(&-campaign_id) {
                    bar.finish_and_clear();
                }
            }
            // The terminal has no history or Instances screen to refresh.
            AppEvent::NumberCheckProgress { .. }
            | AppEvent::HistoryChanged { .. }
            | AppEvent::InstanceState { .. } => {}
        }
    }
}
