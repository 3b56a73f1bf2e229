//! Sandbox settings: the server's own configuration and the simulated WhatsApp timings.

use std::time::Duration;

use super::numbers::NumberDirectory;

/// What the sandbox server pretends to be. Build it with `..Default::default()`: fields
/// may be added.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// `AUTHENTICATION_API_KEY` of the server.
    pub global_key: String,
    /// Reported by `GET /`.
    pub version: String,
    /// `whatsappWebVersion` reported by `GET /` (on 2.2.x, the pinned
    /// `CONFIG_SESSION_PHONE_VERSION`); None leaves the field out, as some builds do.
    pub whatsapp_web_version: Option<String>,
    /// Lifetime of one QR code (the server's `qrTimeout`, ~45 s on real servers).
    pub qr_rotate_every: Duration,
    /// `QRCODE_LIMIT`: after this many QR codes the instance goes back to `close`.
    pub qr_limit: u32,
    /// Demo mode: a pairing instance becomes `open` by itself after this long.
    pub auto_scan_after: Option<Duration>,
    /// Who is on WhatsApp.
    pub numbers: NumberDirectory,
    /// Time between PENDING → SERVER_ACK → DELIVERY_ACK → READ.
    pub status_steps: Duration,
    /// How long a paired instance shows `connecting` after a transient drop (408, 428,
    /// 515…) or a restart before it is `open` again. Not in the contract's numbers:
    /// real servers take a second or two.
    pub reconnect_after: Duration,
    /// Keep only the most recent requests in the request log (None: all of them; Some(0):
    /// none). Long runs (100k sends) cap it; the sent log is always complete.
    pub request_log_limit: Option<usize>,
    /// Keep each request's JSON body in the request log (bodies are most of its memory).
    pub log_request_bodies: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            global_key: "sandbox-global-key".to_owned(),
            version: "2.3.6".to_owned(),
            whatsapp_web_version: Some("2.3000.1027934701".to_owned()),
            qr_rotate_every: Duration::from_secs(45),
            qr_limit: 30,
            auto_scan_after: None,
            numbers: NumberDirectory::default(),
            status_steps: Duration::from_secs(1),
            reconnect_after: Duration::from_secs(2),
            request_log_limit: None,
            log_request_bodies: true,
        }
    }
}

impl SandboxConfig {
    /// QR lifetime, never zero (it divides elapsed time).
    pub(crate) fn qr_period(&self) -> Duration {
        self.qr_rotate_every.max(Duration::from_millis(1))
    }

    /// At least one QR is shown, whatever the setting.
    pub(crate) fn qr_limit(&self) -> u32 {
        self.qr_limit.max(1)
    }
}
