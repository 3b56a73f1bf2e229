//! One sender per campaign across processes: the window and `tip` may both open the same
//! profile, and two engines on one campaign would send twice. The engine holds an OS file
//! lock for as long as it runs; the OS releases it when the process dies, even by
//! `kill -9`, so recovery after a crash never waits for a lease to expire.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use super::error::CampaignError;

/// Held while a campaign is being sent (or recovered). Dropping it releases the lock.
#[derive(Debug)]
pub struct CampaignLock {
    _file: File,
}

fn path(dir: &Path, campaign_id: i64) -> PathBuf {
    dir.join(format!("campaign-{campaign_id}.lock"))
}

impl CampaignLock {
    /// `None` when another process (or another engine in this one) holds it.
    pub fn try_acquire(
        dir: &Path,
        campaign_id: i64,
    ) -> Result<Option<CampaignLock>, CampaignError> {
        std::fs::create_dir_all(dir).map_err(|e| CampaignError::Lock(e.to_string()))?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path(dir, campaign_id))
            .map_err(|e| CampaignError::Lock(e.to_string()))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(CampaignLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(CampaignError::Lock(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let first = CampaignLock::try_acquire(dir.path(), 7).unwrap();
        assert!(first.is_some());
        assert!(CampaignLock::try_acquire(dir.path(), 7).unwrap().is_none());
        assert!(CampaignLock::try_acquire(dir.path(), 8).unwrap().is_some());
        drop(first);
        assert!(CampaignLock::try_acquire(dir.path(), 7).unwrap().is_some());
    }
}
