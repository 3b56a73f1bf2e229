//! Cancel tokens of the long AI jobs running now, by the id the UI chose for each.

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

    pub fn end(&self, job: &str) {
        self.lock().remove(job);
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
}
