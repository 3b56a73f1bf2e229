//! Download progress for the update dialog: byte counts at most every 100 ms (a download
//! arrives in thousands of small chunks), then the verify and install stages.

use std::time::{Duration, Instant};

use serde::Serialize;
use ts_rs::TS;

const EVERY: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    tag = "stage",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum UpdateProgress {
    /// Campaigns are being paused before installing (the user asked for it).
    PausingCampaigns,
    Downloading {
        #[ts(type = "number")]
        downloaded: u64,
        /// `None` when the server does not say the size.
        #[ts(type = "number | null")]
        total: Option<u64>,
    },
    /// All bytes are in; the signature is being checked.
    Verifying,
    Installing,
}

/// Adds up chunks and says when a progress message is worth sending.
#[derive(Debug, Default)]
pub struct DownloadMeter {
    downloaded: u64,
    last_sent: Option<Instant>,
}

impl DownloadMeter {
    /// Counts a chunk received at `now`; returns the message to send, if one is due.
    pub fn add(
        &mut self,
        chunk: usize,
        total: Option<u64>,
        now: Instant,
    ) -> Option<UpdateProgress> {
        self.downloaded += chunk as u64;
        let complete = total.is_some_and(|t| self.downloaded >= t);
        let due = self
            .last_sent
            .is_none_or(|last| now.duration_since(last) >= EVERY);
        if !(due || complete) {
            return None;
        }
        self.last_sent = Some(now);
        Some(UpdateProgress::Downloading {
            downloaded: self.downloaded,
            total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_sent_at_most_every_100_ms_and_always_at_the_end() {
        let start = Instant::now();
        let mut meter = DownloadMeter::default();
        let total = Some(3000);
        assert_eq!(
            meter.add(1000, total, start),
            Some(UpdateProgress::Downloading {
                downloaded: 1000,
                total
            })
        );
        assert_eq!(
            meter.add(1000, total, start + Duration::from_millis(50)),
            None
        );
        assert_eq!(
            meter.add(1000, total, start + Duration::from_millis(60)),
            Some(UpdateProgress::Downloading {
                downloaded: 3000,
                total
            })
        );
    }

    #[test]
    fn an_unknown_size_still_reports_bytes() {
        let start = Instant::now();
        let mut meter = DownloadMeter::default();
        assert!(meter.add(10, None, start).is_some());
        assert_eq!(meter.add(10, None, start + Duration::from_millis(10)), None);
        assert_eq!(
            meter.add(10, None, start + Duration::from_millis(110)),
            Some(UpdateProgress::Downloading {
                downloaded: 30,
                total: None
            })
        );
    }
}
