//! Instances and their connection state machine (contract §7). Timed transitions (QR
//! rotation and limit, auto-scan, reconnects, deletion) are applied by `settle` from the
//! elapsed time, so every reader sees the same state without background tasks.

use std::collections::HashSet;
use std::time::{Duration, Instant, SystemTime};

use super::clock::Now;
use super::config::SandboxConfig;
use super::errors::SandboxError;
use super::ids;
use super::messages::StoredMessage;
use super::numbers::strip_punctuation;
use super::qr;
use super::spec::InstanceSpec;

/// A deleted instance lingers this long: delete still answers 200, connectionState has no
/// `state`, fetchInstances lists it; then it is gone (404).
pub(crate) const DELETE_LINGER: Duration = Duration::from_secs(1);

/// Who "scans" in demo mode (`auto_scan_after`) when no pairing number was given.
const DEMO_OWNER: &str = "5511900000000";
const DEMO_PROFILE: &str = "Sandbox Demo";

/// Disconnect codes after which the server does not reconnect (session deleted).
const FINAL_CODES: [u16; 4] = [401, 402, 403, 406];

/// Link changes kept for the event emitter between two of its reads.
const LINK_EVENTS_KEPT: usize = 64;

/// A `connection.update` to emit: the state word and `statusReason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LinkEvent {
    pub state: &'static str,
    pub reason: u16,
}

/// The live state as connectionState reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkState {
    Open,
    Connecting,
    Close,
}

impl LinkState {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkState::Open => "open",
            LinkState::Connecting => "connecting",
            LinkState::Close => "close",
        }
    }
}

#[derive(Debug, Clone)]
enum Link {
    Close,
    /// Showing QR codes since `since`.
    Pairing(Pairing),
    /// A paired session coming back after a drop; shown as `connecting`.
    Reconnecting {
        until: Instant,
    },
    Open,
}

#[derive(Debug, Clone)]
struct Pairing {
    since: Instant,
    seed: u64,
    /// Digits given to connect from `close`: a pairing code comes with every QR.
    number: Option<String>,
}

/// The current QR of a pairing instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Qr {
    pub code: String,
    pub count: u32,
    pub pairing_code: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Owner {
    pub jid: String,
    pub profile_name: String,
    /// A real server has a CDN URL or null; the sandbox uses an inline image so the app
    /// can show it offline.
    pub profile_pic_url: Option<String>,
}

impl Owner {
    pub fn new(number: &str, profile_name: &str) -> Result<Owner, SandboxError> {
        let digits = strip_punctuation(number);
        if !(8..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SandboxError::InvalidNumber(number.to_owned()));
        }
        Ok(Owner {
            jid: format!("{digits}@s.whatsapp.net"),
            profile_name: profile_name.to_owned(),
            profile_pic_url: Some(qr::PLACEHOLDER_PNG.to_owned()),
        })
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Disconnection {
    pub code: u16,
    pub at: SystemTime,
}

#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub id: String,
    pub spec: InstanceSpec,
    pub setting_id: String,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
    link: Link,
    /// False until the first socket: sends then fail with "Cannot read properties of
    /// undefined" instead of "Connection Closed".
    ever_connected: bool,
    /// Kept after logout, like the database row (fetchInstances lags, §5).
    pub owner: Option<Owner>,
    pub disconnection: Option<Disconnection>,
    removed_at: Option<Instant>,
    pub messages: Vec<StoredMessage>,
    /// JIDs this number has delivered to: no longer new contacts (error 463 fault).
    pub contacts: HashSet<String>,
    /// Link changes not yet emitted as `connection.update` (see `socket/`).
    link_events: Vec<LinkEvent>,
}

/// What restart did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Restarted {
    /// State was `close`: the server answers its "[object Object]" failure.
    NotConnected,
    /// A new socket, no QR yet.
    NewPairing,
    /// A paired session dropped and coming back.
    Reconnecting,
}

impl Instance {
    pub fn new(spec: InstanceSpec, now: &Now) -> Instance {
        Instance {
            id: ids::instance_id(),
            spec,
            setting_id: ids::row_id(),
            created_at: now.wall,
            updated_at: now.wall,
            link: Link::Close,
            ever_connected: false,
            owner: None,
            disconnection: None,
            removed_at: None,
            messages: Vec::new(),
            contacts: HashSet::new(),
            link_events: Vec::new(),
        }
    }

    fn link_event(&mut self, state: &'static str, reason: u16) {
        if self.link_events.len() >= LINK_EVENTS_KEPT {
            self.link_events.remove(0);
        }
        self.link_events.push(LinkEvent { state, reason });
    }

    /// The link changes since the last call, oldest first.
    pub fn take_link_events(&mut self) -> Vec<LinkEvent> {
        std::mem::take(&mut self.link_events)
    }

    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// None while a deletion finishes (the server has the row but no live instance).
    pub fn state(&self) -> Option<LinkState> {
        if self.removed_at.is_some() {
            return None;
        }
        Some(match self.link {
            Link::Close => LinkState::Close,
            Link::Pairing(_) | Link::Reconnecting { .. } => LinkState::Connecting,
            Link::Open => LinkState::Open,
        })
    }

    pub fn is_removed(&self) -> bool {
        self.removed_at.is_some()
    }

    pub fn ever_connected(&self) -> bool {
        self.ever_connected
    }

    /// Applies the timed transitions due by `now`.
    pub fn settle(&mut self, now: &Now, config: &SandboxConfig) {
        match &self.link {
            Link::Pairing(pairing) => {
                let limit_at = pairing
                    .since
                    .checked_add(config.qr_period().saturating_mul(config.qr_limit()));
                let scan_at = config
                    .auto_scan_after
                    .and_then(|after| pairing.since.checked_add(after))
                    .filter(|at| *at <= now.mono && limit_at.is_none_or(|limit| *at < limit));
                if let Some(at) = scan_at {
                    let number = pairing.number.as_deref().unwrap_or(DEMO_OWNER);
                    // A pairing number was validated when the session started.
                    let owner = Owner::new(number, DEMO_PROFILE)
                        .or_else(|_| Owner::new(DEMO_OWNER, DEMO_PROFILE));
                    if let Ok(owner) = owner {
                        self.open(owner, now.wall_at(at));
                    }
                } else if let Some(at) = limit_at.filter(|at| *at <= now.mono) {
                    // QRCODE_LIMIT reached: the server logs out, resets the count and
                    // stays `close` (2.3.x).
                    self.link = Link::Close;
                    self.updated_at = now.wall_at(at);
                    // Evolution's QR-limit event (DisconnectReason.connectionClosed).
                    self.link_event("refused", 428);
                }
            }
            Link::Reconnecting { until } if *until <= now.mono => {
                self.updated_at = now.wall_at(*until);
                self.link = Link::Open;
                self.link_event("open", 200);
            }
            _ => {}
        }
    }

    /// A new socket from `close` (connect, or create with `qrcode:true`).
    pub fn start_pairing(&mut self, now: &Now, number: Option<String>) {
        self.link = Link::Pairing(Pairing {
            since: now.mono,
            seed: ids::seed(),
            number,
        });
        self.ever_connected = true;
        self.updated_at = now.wall;
        self.link_event("connecting", 200);
    }

    /// The QR shown now: a new one every `qr_rotate_every`, numbered from 1.
    pub fn qr(&self, now: Instant, config: &SandboxConfig) -> Option<Qr> {
        let Link::Pairing(pairing) = &self.link else {
            return None;
        };
        let elapsed = now.saturating_duration_since(pairing.since);
        let rotations = elapsed.as_nanos() / config.qr_period().as_nanos();
        let count = u32::try_from(rotations)
            .unwrap_or(u32::MAX)
            .saturating_add(1)
            .min(config.qr_limit());
        Some(Qr {
            code: qr::qr_code(pairing.seed, count),
            count,
            pairing_code: pairing
                .number
                .as_ref()
                .map(|_| qr::pairing_code(pairing.seed, count)),
        })
    }

    /// The QR was scanned (or the pairing code entered) on the phone.
    pub fn scan(&mut self, owner: Owner, now: &Now) -> Result<(), SandboxError> {
        match self.state() {
            Some(LinkState::Connecting) if matches!(self.link, Link::Pairing(_)) => {
                self.open(owner, now.wall);
                Ok(())
            }
            state => Err(SandboxError::NotPairing {
                instance: self.spec.name.clone(),
                state: state.map_or("being deleted", LinkState::as_str),
            }),
        }
    }

    fn open(&mut self, owner: Owner, at: SystemTime) {
        self.link = Link::Open;
        self.owner = Some(owner);
        self.disconnection = None;
        self.updated_at = at;
        self.link_event("open", 200);
    }

    pub fn restart(&mut self, now: &Now, config: &SandboxConfig) -> Restarted {
        match self.link {
            Link::Close => Restarted::NotConnected,
            Link::Pairing(_) => {
                self.start_pairing(now, None);
                Restarted::NewPairing
            }
            Link::Open | Link::Reconnecting { .. } => {
                self.reconnect(now, config);
                Restarted::Reconnecting
            }
        }
    }

    fn reconnect(&mut self, now: &Now, config: &SandboxConfig) {
        self.link = Link::Reconnecting {
            until: now.mono + config.reconnect_after,
        };
        self.updated_at = now.wall;
        self.link_event("connecting", 200);
    }

    /// Unlinks the phone. False when there was nothing to log out (`close`).
    pub fn logout(&mut self, now: &Now) -> bool {
        if matches!(self.link, Link::Close) {
            return false;
        }
        self.close(401, now);
        true
    }

    fn close(&mut self, code: u16, now: &Now) {
        self.link = Link::Close;
        self.disconnection = Some(Disconnection { code, at: now.wall });
        self.updated_at = now.wall;
        self.link_event("close", code);
    }

    /// WhatsApp closed the socket with `code` (a Baileys `DisconnectReason`).
    pub fn disconnect(&mut self, code: u16, now: &Now, config: &SandboxConfig) {
        let is_final = FINAL_CODES.contains(&code);
        match self.link {
            Link::Close => {}
            _ if is_final => self.close(code, now),
            Link::Open | Link::Reconnecting { .. } => self.reconnect(now, config),
            // A QR batch ending (408): the server reconnects at once and keeps counting.
            Link::Pairing(_) => {}
        }
    }

    /// Delete: logs out, then lingers for `DELETE_LINGER`.
    pub fn remove(&mut self, now: &Now) {
        if !matches!(self.link, Link::Close) {
            self.link_event("close", 401);
        }
        self.link = Link::Close;
        self.removed_at.get_or_insert(now.mono);
    }

    fn gone(&self, now: Instant) -> bool {
        self.removed_at
            .is_some_and(|at| now.saturating_duration_since(at) >= DELETE_LINGER)
    }
}

/// Every instance of the server, in creation order.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    instances: Vec<Instance>,
}

impl Registry {
    /// Drops finished deletions and applies due transitions; call before reading.
    pub fn settle(&mut self, now: &Now, config: &SandboxConfig) {
        self.instances.retain(|i| !i.gone(now.mono));
        for instance in &mut self.instances {
            instance.settle(now, config);
        }
    }

    pub fn get(&self, name: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.spec.name == name)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Instance> {
        self.instances.iter_mut().find(|i| i.spec.name == name)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Instance> {
        self.instances.iter()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Instance> {
        self.instances.iter_mut()
    }

    pub fn insert(&mut self, instance: Instance) {
        self.instances.push(instance);
    }

    pub fn holds_token(&self, key: &str) -> bool {
        self.instances.iter().any(|i| i.spec.token == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evolution_sandbox::spec::Settings;

    fn config() -> SandboxConfig {
        SandboxConfig {
            qr_rotate_every: Duration::from_secs(10),
            qr_limit: 3,
            reconnect_after: Duration::from_secs(2),
            ..SandboxConfig::default()
        }
    }

    fn instance(now: &Now) -> Instance {
        Instance::new(
            InstanceSpec {
                name: "shop-01".into(),
                token: "T".into(),
                integration: "WHATSAPP-BAILEYS".into(),
                number: None,
                settings: Settings {
                    reject_call: false,
                    msg_call: String::new(),
                    groups_ignore: false,
                    always_online: false,
                    read_messages: false,
                    read_status: false,
                    sync_full_history: false,
                    wavoip_token: String::new(),
                },
                webhook: None,
                websocket: None,
                proxy: None,
            },
            now,
        )
    }

    fn at(i: &mut Instance, now: &Now, config: &SandboxConfig) -> Option<LinkState> {
        i.settle(now, config);
        i.state()
    }

    #[test]
    fn qr_rotates_then_the_limit_closes_and_resets() {
        let (cfg, t0) = (config(), Now::current());
        let mut i = instance(&t0);
        assert_eq!(i.state(), Some(LinkState::Close));
        assert!(!i.ever_connected());
        i.start_pairing(&t0, None);
        let first = i.qr(t0.mono, &cfg).unwrap();
        assert_eq!(first.count, 1);
        assert_eq!(first.pairing_code, None);
        let t = t0.plus(Duration::from_secs(10));
        assert_eq!(at(&mut i, &t, &cfg), Some(LinkState::Connecting));
        let second = i.qr(t.mono, &cfg).unwrap();
        assert_eq!(second.count, 2);
        assert_ne!(second.code, first.code);
        let t = t0.plus(Duration::from_millis(29_999));
        assert_eq!(at(&mut i, &t, &cfg), Some(LinkState::Connecting));
        assert_eq!(i.qr(t.mono, &cfg).unwrap().count, 3);
        let t = t0.plus(Duration::from_secs(30));
        assert_eq!(at(&mut i, &t, &cfg), Some(LinkState::Close));
        assert_eq!(i.qr(t.mono, &cfg), None);
        i.start_pairing(&t, Some("5511987654321".into()));
        let again = i.qr(t.mono, &cfg).unwrap();
        assert_eq!(again.count, 1);
        assert_eq!(again.pairing_code.map(|c| c.len()), Some(8));
    }

    #[test]
    fn scan_opens_and_transient_drops_reconnect() {
        let (cfg, t0) = (config(), Now::current());
        let mut i = instance(&t0);
        let owner = Owner::new("+55 11 98765-4321", "Loja").unwrap();
        assert!(matches!(
            i.scan(owner.clone(), &t0),
            Err(SandboxError::NotPairing { state: "close", .. })
        ));
        i.start_pairing(&t0, None);
        i.scan(owner, &t0).unwrap();
        assert_eq!(i.state(), Some(LinkState::Open));
        assert_eq!(
            i.owner.as_ref().map(|o| o.jid.as_str()),
            Some("5511987654321@s.whatsapp.net")
        );
        i.disconnect(515, &t0, &cfg);
        assert_eq!(at(&mut i, &t0, &cfg), Some(LinkState::Connecting));
        let t = t0.plus(Duration::from_secs(2));
        assert_eq!(at(&mut i, &t, &cfg), Some(LinkState::Open));
        i.disconnect(403, &t, &cfg);
        assert_eq!(at(&mut i, &t, &cfg), Some(LinkState::Close));
        assert_eq!(i.disconnection.map(|d| d.code), Some(403));
        assert!(!i.logout(&t), "nothing to log out from close");
    }

    #[test]
    fn auto_scan_opens_before_the_limit() {
        let cfg = SandboxConfig {
            auto_scan_after: Some(Duration::from_secs(5)),
            ..config()
        };
        let t0 = Now::current();
        let mut i = instance(&t0);
        i.start_pairing(&t0, None);
        assert_eq!(
            at(&mut i, &t0.plus(Duration::from_secs(4)), &cfg),
            Some(LinkState::Connecting)
        );
        assert_eq!(
            at(&mut i, &t0.plus(Duration::from_secs(5)), &cfg),
            Some(LinkState::Open)
        );
        assert_eq!(
            i.owner.as_ref().map(|o| o.jid.as_str()),
            Some("5511900000000@s.whatsapp.net")
        );
    }

    #[test]
    fn restart_depends_on_the_state() {
        let (cfg, t0) = (config(), Now::current());
        let mut i = instance(&t0);
        assert_eq!(i.restart(&t0, &cfg), Restarted::NotConnected);
        i.start_pairing(&t0, Some("5511987654321".into()));
        let t = t0.plus(Duration::from_secs(15));
        assert_eq!(i.restart(&t, &cfg), Restarted::NewPairing);
        let qr = i.qr(t.mono, &cfg).unwrap();
        assert_eq!((qr.count, qr.pairing_code), (1, None));
    }

    #[test]
    fn deleted_instances_linger_then_vanish() {
        let (cfg, t0) = (config(), Now::current());
        let mut registry = Registry::default();
        registry.insert(instance(&t0));
        registry.get_mut("shop-01").unwrap().remove(&t0);
        registry.settle(&t0.plus(Duration::from_millis(999)), &cfg);
        let lingering = registry.get("shop-01").unwrap();
        assert_eq!(lingering.state(), None);
        assert!(registry.holds_token("T"));
        registry.settle(&t0.plus(DELETE_LINGER), &cfg);
        assert!(registry.get("shop-01").is_none());
        assert!(!registry.holds_token("T"));
    }
}
