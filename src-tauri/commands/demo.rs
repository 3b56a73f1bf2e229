//! Demo mode: an in-process Evolution sandbox so people can try the app without a server.
//! Everything it does is labelled demo in the UI, and nothing reaches WhatsApp.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use tauri::AppHandle;

use crate::error::AppError;
use crate::sandbox::{Sandbox, SandboxConfig};
use crate::state::{AppState, DemoServer};

/// The phone the demo pretends scanned the QR.
const DEMO_NUMBER: &str = "5511987654321";
const DEMO_PROFILE: &str = "Loja Demonstração";

pub async fn demo_start(_app: &AppHandle, state: &AppState) -> Result<(), AppError> {
    let mut demo = state.demo.lock().await;
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
            .map_err(|e| AppError::Internal(format!("the demo server could not start: {e}")))?;
        tracing::info!(url = %sandbox.url(), "demo mode on");
        *demo = Some(DemoServer { sandbox, key });
    }
    Ok(())
}

pub async fn demo_stop(_app: &AppHandle, state: &AppState) -> Result<(), AppError> {
    if let Some(demo) = state.demo.lock().await.take() {
        demo.sandbox.shutdown().await;
        tracing::info!("demo mode off");
    }
    Ok(())
}

pub async fn demo_scan(_app: &AppHandle, state: &AppState, name: String) -> Result<(), AppError> {
    let demo = state.demo.lock().await;
    let demo = demo.as_ref().ok_or(AppError::DemoNotRunning)?;
    demo.sandbox
        .control()
        .scan(&name, DEMO_NUMBER, DEMO_PROFILE)
        .map_err(AppError::from)
}
