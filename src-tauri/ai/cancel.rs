//! A cancel signal another task can fire (the UI's "stop" while a draft streams in).
//! Dropping the stream cancels too; the token is for when the stream lives elsewhere.

use std::sync::Arc;

use tokio::sync::watch;

#[derive(Debug, Clone)]
pub struct CancelToken {
    signal: Arc<watch::Sender<bool>>,
}

impl Default for CancelToken {
    fn default() -> Self {
        CancelToken {
            signal: Arc::new(watch::Sender::new(false)),
        }
    }
}

impl CancelToken {
    pub fn new() -> Self {
        CancelToken::default()
    }

    pub fn cancel(&self) {
        self.signal.send_replace(true);
    }

    pub fn is_cancelled(&self) -> bool {
        *self.signal.borrow()
    }

    /// Resolves once `cancel` has been called (at once if it already was).
    pub async fn cancelled(&self) {
        let mut receiver = self.signal.subscribe();
        // The sender lives in `self`, so this only ends by seeing `true`.
        let _ = receiver.wait_for(|cancelled| *cancelled).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn clones_share_the_signal() {
        let token = CancelToken::new();
        let other = token.clone();
        assert!(!other.is_cancelled());
        let waiter = tokio::spawn(async move { other.cancelled().await });
        token.cancel();
        waiter.await.unwrap();
        assert!(token.is_cancelled());
        token.cancelled().await;
    }
}
