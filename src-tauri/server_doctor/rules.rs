//! The doctor's rules: facts in, findings out (contract §7–§9 and the seed system's list of
//! server variables). Pure, so every rule is tested without a server or a clock.

use std::collections::BTreeMap;
use std::time::Duration;

use super::facts::{InstanceFacts, ServerFacts};
use super::findings::{
    FindingId, FindingLevel, ServerFinding, ServerSetting, ServerVariable, SettingNote,
};
use crate::evolution::compat::{self, ServerSupport};
use crate::evolution::ConnectionState;

/// The tested range, as texts show it.
pub const TESTED_RANGE: &str = "2.2–2.3";

/// The WhatsApp Web version the seed system's README pins on 2.2.x servers: an example of
/// the form, to be replaced by the current one.
pub const EXAMPLE_WEB_VERSION: &str = "2.3000.1029423425";

/// Everything the doctor finds, worst first (server before instances at the same level).
pub fn diagnose(
    server: &ServerFacts,
    instances: &[InstanceFacts],
    no_qr_after: Duration,
) -> Vec<ServerFinding> {
    let mut findings = server_findings(server);
    for instance in instances {
        findings.extend(instance_findings(server, instance, no_qr_after));
    }
    // A no-QR finding already lists the pinned version first: say it once.
    if findings.iter().any(|f| f.id == FindingId::NoQr) {
        for f in &mut findings {
            if f.id == FindingId::PinnedWebVersion {
                f.settings.clear();
            }
        }
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.level));
    findings
}

fn finding(id: FindingId, level: FindingLevel, params: &[(&str, String)]) -> ServerFinding {
    ServerFinding {
        id,
        level,
        instance: None,
        params: params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
        settings: Vec::new(),
    }
}

fn server_findings(server: &ServerFacts) -> Vec<ServerFinding> {
    let mut out = Vec::new();
    if server.licence_required {
        out.push(finding(
            FindingId::LicenceRequired,
            FindingLevel::Failure,
            &[("tested", TESTED_RANGE.to_owned())],
        ));
    }
    let Some(version) = server.version.as_deref() else {
        return out;
    };
    let params = [
        ("version", version.to_owned()),
        ("tested", TESTED_RANGE.to_owned()),
    ];
    let line = compat::release_line(version);
    match compat::assess(version) {
        ServerSupport::TooOld => {
            out.push(finding(
                FindingId::ServerTooOld,
                FindingLevel::Failure,
                &params,
            ));
        }
        ServerSupport::Untested => {
            let id = match line {
                None => FindingId::ServerVersionUnreadable,
                Some((2, minor)) if minor < 2 => FindingId::ServerOlderThanTested,
                Some(_) => FindingId::ServerNewerThanTested,
            };
            out.push(finding(id, FindingLevel::Warning, &params));
        }
        ServerSupport::Tested => {
            if line == Some((2, 2)) {
                let mut pinned = finding(
                    FindingId::PinnedWebVersion,
                    FindingLevel::Info,
                    &[
                        ("version", version.to_owned()),
                        ("webVersion", web_version(server)),
                    ],
                );
                pinned.settings.push(phone_version(server));
                out.push(pinned);
            }
        }
    }
    out
}

fn web_version(server: &ServerFacts) -> String {
    server
        .whatsapp_web_version
        .clone()
        .unwrap_or_else(|| "?".to_owned())
}

fn pins_web_version(server: &ServerFacts) -> bool {
    server
        .version
        .as_deref()
        .and_then(compat::release_line)
        .is_some_and(|line| line <= (2, 2))
}

/// 2.2.x (and older) use the pinned value; 2.3 fetches the current version by itself.
fn phone_version(server: &ServerFacts) -> ServerSetting {
    if pins_web_version(server) {
        ServerSetting {
            variable: ServerVariable::ConfigSessionPhoneVersion,
            value: Some(EXAMPLE_WEB_VERSION.to_owned()),
            note: SettingNote::PhoneVersionPinned,
        }
    } else {
        ServerSetting {
            variable: ServerVariable::ConfigSessionPhoneVersion,
            value: None,
            note: SettingNote::PhoneVersionAutomatic,
        }
    }
}

fn setting(variable: ServerVariable, value: &str, note: SettingNote) -> ServerSetting {
    ServerSetting {
        variable,
        value: Some(value.to_owned()),
        note,
    }
}

fn del_instance() -> ServerSetting {
    setting(
        ServerVariable::DelInstance,
        "false",
        SettingNote::DelInstanceKeep,
    )
}

fn redis() -> ServerSetting {
    setting(
        ServerVariable::CacheRedisEnabled,
        "false",
        SettingNote::RedisReachable,
    )
}

/// Everything behind "the QR never appears", most likely first.
fn no_qr_settings(server: &ServerFacts) -> Vec<ServerSetting> {
    vec![
        phone_version(server),
        setting(
            ServerVariable::ConfigSessionPhoneClient,
            "Evolution API",
            SettingNote::PhoneClient,
        ),
        setting(
            ServerVariable::ConfigSessionPhoneName,
            "Chrome",
            SettingNote::PhoneName,
        ),
        redis(),
        del_instance(),
    ]
}

fn instance_findings(
    server: &ServerFacts,
    instance: &InstanceFacts,
    no_qr_after: Duration,
) -> Vec<ServerFinding> {
    let about = |mut f: ServerFinding| {
        f.instance = Some(instance.name.clone());
        f.params
            .insert("instance".to_owned(), instance.name.clone());
        f
    };
    if instance.vanished {
        let mut f = finding(FindingId::InstanceVanished, FindingLevel::Failure, &[]);
        f.settings = vec![del_instance(), redis()];
        return vec![about(f)];
    }
    match instance.state {
        ConnectionState::Unknown => {
            let mut f = finding(FindingId::StateUnknown, FindingLevel::Warning, &[]);
            f.settings = vec![redis()];
            vec![about(f)]
        }
        ConnectionState::Connecting
            if !instance.qr_seen && instance.connecting_for >= no_qr_after =>
        {
            let mut f = finding(
                FindingId::NoQr,
                FindingLevel::Failure,
                &[
                    ("seconds", instance.connecting_for.as_secs().to_string()),
                    ("webVersion", web_version(server)),
                ],
            );
            f.settings = no_qr_settings(server);
            vec![about(f)]
        }
        ConnectionState::Connecting | ConnectionState::Open | ConnectionState::Close => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    fn server(version: &str) -> ServerFacts {
        ServerFacts {
            version: Some(version.to_owned()),
            whatsapp_web_version: Some("2.3000.1010".to_owned()),
            licence_required: false,
        }
    }

    fn waiting(secs: u64, qr_seen: bool) -> InstanceFacts {
        InstanceFacts {
            name: "loja-1".into(),
            state: ConnectionState::Connecting,
            connecting_for: Duration::from_secs(secs),
            qr_seen,
            vanished: false,
        }
    }

    fn ids(findings: &[ServerFinding]) -> Vec<FindingId> {
        findings.iter().map(|f| f.id).collect()
    }

    #[test]
    fn a_tested_server_with_healthy_instances_has_nothing_to_say() {
        let open = InstanceFacts {
            state: ConnectionState::Open,
            ..waiting(600, false)
        };
        assert!(diagnose(&server("2.3.6"), &[open, waiting(30, false)], MINUTE).is_empty());
        assert!(diagnose(&server("2.3.6"), &[waiting(600, true)], MINUTE).is_empty());
    }

    #[test]
    fn no_qr_is_reported_only_after_the_threshold() {
        let s = server("2.3.6");
        assert!(diagnose(&s, &[waiting(59, false)], MINUTE).is_empty());
        let found = diagnose(&s, &[waiting(60, false)], MINUTE);
        assert_eq!(ids(&found), [FindingId::NoQr]);
        let f = &found[0];
        assert_eq!(f.level, FindingLevel::Failure);
        assert_eq!(f.instance.as_deref(), Some("loja-1"));
        assert_eq!(f.params["seconds"], "60");
        let vars: Vec<&str> = f.settings.iter().map(|s| s.variable.name()).collect();
        assert_eq!(
            vars,
            [
                "CONFIG_SESSION_PHONE_VERSION",
                "CONFIG_SESSION_PHONE_CLIENT",
                "CONFIG_SESSION_PHONE_NAME",
                "CACHE_REDIS_ENABLED",
                "DEL_INSTANCE"
            ]
        );
        // 2.3 finds the WhatsApp Web version itself: a fixed value is to be removed.
        assert_eq!(f.settings[0].note, SettingNote::PhoneVersionAutomatic);
        assert_eq!(
            f.settings[0].env_line(),
            "# CONFIG_SESSION_PHONE_VERSION (remove)"
        );
        assert_eq!(f.settings[2].env_line(), "CONFIG_SESSION_PHONE_NAME=Chrome");
        assert_eq!(f.settings[4].env_line(), "DEL_INSTANCE=false");
    }

    #[test]
    fn on_2_2_the_pinned_web_version_comes_first() {
        let s = server("2.2.3");
        let found = diagnose(&s, &[waiting(90, false)], MINUTE);
        assert_eq!(ids(&found), [FindingId::NoQr, FindingId::PinnedWebVersion]);
        assert_eq!(found[1].level, FindingLevel::Info);
        assert_eq!(found[1].params["webVersion"], "2.3000.1010");
        assert!(found[1].settings.is_empty(), "said once, under noQr");
        // Without an instance to report, the version advice carries the setting itself.
        let alone = diagnose(&s, &[], MINUTE);
        assert_eq!(alone[0].settings[0].note, SettingNote::PhoneVersionPinned);
        let phone = &found[0].settings[0];
        assert_eq!(phone.note, SettingNote::PhoneVersionPinned);
        assert_eq!(
            phone.env_line(),
            format!("CONFIG_SESSION_PHONE_VERSION={EXAMPLE_WEB_VERSION}")
        );
    }

    #[test]
    fn versions_outside_the_tested_range_are_explained() {
        for (version, id, level) in [
            ("1.8.2", FindingId::ServerTooOld, FindingLevel::Failure),
            (
                "2.1.1",
                FindingId::ServerOlderThanTested,
                FindingLevel::Warning,
            ),
            (
                "2.4.0-rc1",
                FindingId::ServerNewerThanTested,
                FindingLevel::Warning,
            ),
            (
                "banana",
                FindingId::ServerVersionUnreadable,
                FindingLevel::Warning,
            ),
        ] {
            let found = diagnose(&server(version), &[], MINUTE);
            assert_eq!(ids(&found), [id], "{version}");
            assert_eq!(found[0].level, level, "{version}");
            assert_eq!(found[0].params["version"], version);
            assert_eq!(found[0].params["tested"], TESTED_RANGE);
        }
    }

    #[test]
    fn the_licence_gate_is_a_failure_even_without_a_version() {
        let s = ServerFacts {
            licence_required: true,
            ..ServerFacts::default()
        };
        let found = diagnose(&s, &[], MINUTE);
        assert_eq!(ids(&found), [FindingId::LicenceRequired]);
        assert_eq!(found[0].level, FindingLevel::Failure);
    }

    #[test]
    fn vanished_and_unknown_instances_point_at_del_instance_and_redis() {
        let gone = InstanceFacts {
            vanished: true,
            ..waiting(10, false)
        };
        let lost = InstanceFacts {
            state: ConnectionState::Unknown,
            ..waiting(0, false)
        };
        let found = diagnose(&server("2.3.7"), &[gone, lost], MINUTE);
        assert_eq!(
            ids(&found),
            [FindingId::InstanceVanished, FindingId::StateUnknown]
        );
        assert_eq!(found[0].settings[0].variable, ServerVariable::DelInstance);
        assert_eq!(
            found[1].settings[0].variable,
            ServerVariable::CacheRedisEnabled
        );
        assert_eq!(found[1].params["instance"], "loja-1");
    }
}
