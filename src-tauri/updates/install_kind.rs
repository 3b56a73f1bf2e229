//! How this copy of the app was installed, and so how it can be updated. The bundler stamps
//! the bundle type into the binary (`deb`, `rpm`, AppImage, MSI, NSIS, macOS app); the
//! environment tells a Flatpak or Snap sandbox; a distribution's own package says so at
//! build time (`WHATS_TIP_PACKAGER`). Only a copy we built and signed updates itself.

use serde::Serialize;
use ts_rs::TS;

/// The bundle type stamped into the running binary (`Unknown` for a plain `cargo build`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum InstallKind {
    Deb,
    Rpm,
    AppImage,
    Msi,
    Nsis,
    MacApp,
    Unknown,
}

impl InstallKind {
    /// The installer part of the feed's platform key, as `tauri-plugin-updater` spells it.
    fn feed_name(self) -> Option<&'static str> {
        match self {
            InstallKind::Deb => Some("deb"),
            InstallKind::Rpm => Some("rpm"),
            InstallKind::AppImage => Some("appimage"),
            InstallKind::Msi => Some("msi"),
            InstallKind::Nsis => Some("nsis"),
            InstallKind::MacApp => Some("app"),
            InstallKind::Unknown => None,
        }
    }
}

/// What the environment says about this process (read by the shell, passed in for tests).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstallEnv {
    /// `FLATPAK_ID`: inside a Flatpak sandbox, Flatpak owns the files.
    pub flatpak_id: Option<String>,
    /// `SNAP_NAME`: inside a Snap.
    pub snap_name: Option<String>,
    /// `APPIMAGE`: the AppImage runtime sets it; an extracted AppImage has no file to replace.
    pub appimage: Option<String>,
    /// Set at build time by a distribution that packages the app (`WHATS_TIP_PACKAGER`).
    pub packager: Option<String>,
}

impl InstallEnv {
    /// This process's environment.
    pub fn current() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Self {
            flatpak_id: var("FLATPAK_ID"),
            snap_name: var("SNAP_NAME"),
            appimage: var("APPIMAGE"),
            packager: option_env!("WHATS_TIP_PACKAGER")
                .filter(|p| !p.trim().is_empty())
                .map(str::to_owned),
        }
    }
}

/// How this copy gets a new version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "how", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum UpdateRoute {
    /// Downloads, verifies and installs our signed build for `feed_target`.
    SelfUpdate {
        kind: InstallKind,
        feed_target: String,
    },
    /// `flatpak update <app_id>` or the software centre.
    Flatpak { app_id: String },
    /// `snap refresh <name>` (Snap refreshes by itself).
    Snap { name: String },
    /// A distribution's package: its package manager updates it.
    PackageManager { name: String },
    /// A copy run from a build folder or an extracted archive: download the new version.
    Download,
}

/// The feed key for an install: `{os}-{arch}-{installer}`, e.g. `linux-x86_64-deb`.
/// `os` and `arch` as Rust spells them (`std::env::consts`); macOS is `darwin` in feeds.
pub fn feed_target(kind: InstallKind, os: &str, arch: &str) -> Option<String> {
    let os = match os {
        "macos" => "darwin",
        "linux" | "windows" => os,
        _ => return None,
    };
    kind.feed_name().map(|name| format!("{os}-{arch}-{name}"))
}

/// Decides how this copy is updated. Sandboxes and distribution packages come first: they
/// may carry a stamped binary, but replacing their files would fail or be undone.
pub fn route(kind: InstallKind, env: &InstallEnv, os: &str, arch: &str) -> UpdateRoute {
    if let Some(app_id) = &env.flatpak_id {
        return UpdateRoute::Flatpak {
            app_id: app_id.clone(),
        };
    }
    if let Some(name) = &env.snap_name {
        return UpdateRoute::Snap { name: name.clone() };
    }
    if let Some(name) = &env.packager {
        return UpdateRoute::PackageManager { name: name.clone() };
    }
    if kind == InstallKind::AppImage && env.appimage.is_none() {
        return UpdateRoute::Download;
    }
    match feed_target(kind, os, arch) {
        Some(feed_target) => UpdateRoute::SelfUpdate { kind, feed_target },
        None => UpdateRoute::Download,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> InstallEnv {
        InstallEnv::default()
    }

    #[test]
    fn every_bundle_type_has_the_feed_key_the_release_script_writes() {
        let cases = [
            (InstallKind::Deb, "linux", "x86_64", "linux-x86_64-deb"),
            (InstallKind::Rpm, "linux", "x86_64", "linux-x86_64-rpm"),
            (
                InstallKind::AppImage,
                "linux",
                "x86_64",
                "linux-x86_64-appimage",
            ),
            (
                InstallKind::Nsis,
                "windows",
                "x86_64",
                "windows-x86_64-nsis",
            ),
            (InstallKind::Msi, "windows", "x86_64", "windows-x86_64-msi"),
            (
                InstallKind::MacApp,
                "macos",
                "aarch64",
                "darwin-aarch64-app",
            ),
            (InstallKind::MacApp, "macos", "x86_64", "darwin-x86_64-app"),
        ];
        for (kind, os, arch, key) in cases {
            assert_eq!(feed_target(kind, os, arch).as_deref(), Some(key));
        }
        assert_eq!(feed_target(InstallKind::Unknown, "linux", "x86_64"), None);
        assert_eq!(feed_target(InstallKind::Deb, "freebsd", "x86_64"), None);
    }

    #[test]
    fn a_stamped_deb_updates_itself() {
        assert_eq!(
            route(InstallKind::Deb, &env(), "linux", "x86_64"),
            UpdateRoute::SelfUpdate {
                kind: InstallKind::Deb,
                feed_target: "linux-x86_64-deb".into()
            }
        );
    }

    #[test]
    fn an_unstamped_binary_says_to_download_the_new_version() {
        assert_eq!(
            route(InstallKind::Unknown, &env(), "linux", "x86_64"),
            UpdateRoute::Download
        );
    }

    #[test]
    fn flatpak_wins_over_the_stamp() {
        let env = InstallEnv {
            flatpak_id: Some("br.com.whatstip.desktop".into()),
            ..env()
        };
        assert_eq!(
            route(InstallKind::Deb, &env, "linux", "x86_64"),
            UpdateRoute::Flatpak {
                app_id: "br.com.whatstip.desktop".into()
            }
        );
    }

    #[test]
    fn snap_and_distribution_packages_are_updated_by_their_package_manager() {
        let snap = InstallEnv {
            snap_name: Some("whats-tip".into()),
            ..env()
        };
        assert_eq!(
            route(InstallKind::Unknown, &snap, "linux", "x86_64"),
            UpdateRoute::Snap {
                name: "whats-tip".into()
            }
        );
        let distro = InstallEnv {
            packager: Some("Arch Linux (pacman)".into()),
            ..env()
        };
        assert_eq!(
            route(InstallKind::Deb, &distro, "linux", "x86_64"),
            UpdateRoute::PackageManager {
                name: "Arch Linux (pacman)".into()
            }
        );
    }

    #[test]
    fn an_appimage_without_its_runtime_cannot_replace_itself() {
        assert_eq!(
            route(InstallKind::AppImage, &env(), "linux", "x86_64"),
            UpdateRoute::Download
        );
        let mounted = InstallEnv {
            appimage: Some("/home/ana/Apps/Whats_TIP.AppImage".into()),
            ..env()
        };
        assert!(matches!(
            route(InstallKind::AppImage, &mounted, "linux", "x86_64"),
            UpdateRoute::SelfUpdate { .. }
        ));
    }
}
