//! Cancel tokens of the long jobs running now (imports, AI assistant, personalisation
//! runs), by a job id: the one the UI chose, or one derived from what the job works on.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::ai::CancelToken;

#[derive(Debug, Default)]
pub struct CancelJobs {
    running: Mutex<HashMap<String, CancelToken>>,
}

impl CancelJobs {
    pub fn start(&self, job: &str) -> CancelToken {
        let token = CancelToken::new();
        self.lock().insert(job.to_owned(), token.clone());
        token
    }

    /// Like [`start`](Self::start), but `None` when a job of that id already runs: for
    /// background jobs that must never run twice at once (a personalisation run).
    pub fn start_unique(&self, job: &str) -> Option<CancelToken> {
        let mut running = self.lock();
        if running.contains_key(job) {
            return None;
        }
        let token = CancelToken::new();
        running.insert(job.to_owned(), token.clone());
        Some(token)
    }

    pub fn is_running(&self, job: &str) -> bool {
        self.lock().contains_key(job)
    }

    pub fn end(&self, job: &str) {
        self.lock().remove(job);
    }

    /// The ids of the jobs running now (sorted), e.g. to refuse closing a profile under them.
    pub fn running(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.lock().keys().cloned().collect();
        ids.sort();
        ids
    }

    /// False when the job already ended: nothing to cancel.
    pub fn cancel(&self, job: &str) -> bool {
        match self.lock().get(job) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CancelToken>> {
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_reaches_only_the_named_job_while_it_runs() {
        let jobs = CancelJobs::default();
        let a = jobs.start("a");
        let b = jobs.start("b");
        assert!(jobs.cancel("a"));
        assert!(a.is_cancelled() && !b.is_cancelled());
        jobs.end("a");
        assert!(!jobs.cancel("a"));
    }

    #[test]
    fn a_unique_job_cannot_start_twice_until_it_ends() {
        let jobs = CancelJobs::default();
        assert!(jobs.start_unique("run:1").is_some());
        assert!(jobs.start_unique("run:1").is_none());
        assert!(jobs.is_running("run:1"));
        jobs.end("run:1");
        assert!(jobs.start_unique("run:1").is_some());
    }
}
