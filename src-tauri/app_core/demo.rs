//! Demo mode: an in-process Evolution sandbox so people can try the app without a server.
//! Its key is made up at start and lives only in memory: demo mode reads and writes no
//! keychain entry. Everything it does is labelled demo in the UI, and nothing reaches
//! WhatsApp.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::evolution_sandbox::{Sandbox, SandboxConfig, SandboxError};
use crate::secrets::Sensitive;

use super::Core;

/// The phone the demo pretends scanned the QR.
const DEMO_NUMBER: &str = "5511987654321";
const DEMO_PROFILE: &str = "Loja Demonstração";

/// The demo server and the key it accepts.
#[derive(Debug)]
pub(super) struct DemoServer {
    sandbox: Sandbox,
    key: Sensitive<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the demo server could not start: {0}")]
    Start(String),
    /// A demo-only action while no demo server runs.
    #[error("the demo server is not running")]
    NotRunning,
    /// The demo server refused a control action ("simulate scan" on an expired QR…).
    #[error(transparent)]
    Refused(#[from] SandboxError),
}

impl Core {
    pub async fn demo_running(&self) -> bool {
        self.0.demo.lock().await.is_some()
    }

    /// Starts the demo server (once; a second call keeps the running one).
    pub async fn demo_start(&self) -> Result<(), DemoError> {
        let mut demo = self.0.demo.lock().await;
        if demo.is_none() {
            let key = format!("demo-{}", uuid::Uuid::new_v4().simple());
            let config = SandboxConfig {
                global_key: key.clone(),
                // Long enough to read the QR screen; "Simulate scan" connects at once.
                qr_rotate_every: Duration::from_secs(45),
                ..SandboxConfig::default()
            };
            let sandbox = Sandbox::start(config, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
                .await
                .map_err(|e| DemoError::Start(e.to_string()))?;
            tracing::info!(url = %sandbox.url(), "demo mode on");
            *demo = Some(DemoServer {
                sandbox,
                key: Sensitive::new(key),
            });
        }
        Ok(())
    }

    pub async fn demo_stop(&self) {
        if let Some(demo) = self.0.demo.lock().await.take() {
            demo.sandbox.shutdown().await;
            tracing::info!("demo mode off");
        }
    }

    /// Pretends the demo phone scanned the QR of `instance`.
    pub async fn demo_scan(&self, instance: &str) -> Result<(), DemoError> {
        let demo = self.0.demo.lock().await;
        let demo = demo.as_ref().ok_or(DemoError::NotRunning)?;
        demo.sandbox
            .control()
            .scan(instance, DEMO_NUMBER, DEMO_PROFILE)?;
        Ok(())
    }

    /// The demo server's address and key while demo mode is on.
    pub(super) async fn demo_endpoint(&self) -> Option<(String, Sensitive<String>)> {
        let demo = self.0.demo.lock().await;
        demo.as_ref()
            .map(|demo| (demo.sandbox.url(), demo.key.clone()))
    }
}
