//! Where Whats TIP keeps its files, with overrides so tests never touch a real profile.

use std::path::{Path, PathBuf};

/// Bundle identifier; also the default keychain service and the folder name in app-data.
pub const APP_IDENTIFIER: &str = "br.com.whatstip.desktop";
/// Points the app (and `tip`) at another data folder; logs then go to `<dir>/logs`.
pub const DATA_DIR_ENV: &str = "WHATS_TIP_DATA_DIR";
/// Keychain service name override, so test runs use their own keychain entries.
pub const KEYRING_SERVICE_ENV: &str = "WHATS_TIP_KEYRING_SERVICE";

/// The folders and files the app owns on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPaths {
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
    pub keyring_service: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PathsError {
    #[error("this system has no per-user data folder")]
    NoDataDir,
}

impl AppPaths {
    /// The OS folders (the same ones Tauri's path resolver uses), unless overridden by env.
    pub fn resolve() -> Result<Self, PathsError> {
        let keyring_service = std::env::var(KEYRING_SERVICE_ENV)
            .ok()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| APP_IDENTIFIER.to_owned());
        if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
            let mut paths = Self::in_dir(Path::new(&dir));
            paths.keyring_service = keyring_service;
            return Ok(paths);
        }
        let data_dir = dirs::data_dir()
            .ok_or(PathsError::NoDataDir)?
            .join(APP_IDENTIFIER);
        Ok(Self {
            log_dir: os_log_dir().unwrap_or_else(|| data_dir.join("logs")),
            data_dir,
            keyring_service,
        })
    }

    /// Everything under one folder: used by overrides and tests.
    pub fn in_dir(dir: &Path) -> Self {
        Self {
            data_dir: dir.to_path_buf(),
            log_dir: dir.join("logs"),
            keyring_service: APP_IDENTIFIER.to_owned(),
        }
    }

    pub fn database(&self) -> PathBuf {
        self.data_dir.join("whats-tip.sqlite3")
    }

    /// The folders of server profile `id` (see `profiles`): the default profile is this
    /// folder itself; any other lives in `profiles/<id>/` with its own keychain service.
    /// Logs stay in one place for every profile.
    pub fn for_profile(&self, id: &str) -> AppPaths {
        if id == crate::profiles::DEFAULT_PROFILE {
            return self.clone();
        }
        AppPaths {
            data_dir: self.data_dir.join("profiles").join(id),
            log_dir: self.log_dir.clone(),
            keyring_service: format!("{}.profile.{id}", self.keyring_service),
        }
    }

    /// Tells apart a profile in another data folder (tests, `WHATS_TIP_DATA_DIR`) from the
    /// default one, so each runs as its own single instance. `None` for the default folder.
    pub fn profile_id(&self) -> Option<String> {
        if self.data_dir.ends_with(APP_IDENTIFIER) {
            return None;
        }
        // FNV-1a: stable across runs and Rust versions, unlike `DefaultHasher`.
        let hash = self
            .data_dir
            .to_string_lossy()
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        Some(format!("{hash:016x}"))
    }

    /// The `tauri-plugin-store` file holding non-secret settings.
    pub fn settings_file(&self) -> PathBuf {
        self.data_dir.join("settings.json")
    }
}

/// Mirrors Tauri's `app_log_dir` so the CLI and the app agree without a window.
fn os_log_dir() -> Option<PathBuf> {
    if cfg!(target_os = "macos") {
        dirs::home_dir().map(|h| h.join("Library/Logs").join(APP_IDENTIFIER))
    } else {
        dirs::data_local_dir().map(|d| d.join(APP_IDENTIFIER).join("logs"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_other_data_folders_are_separate_profiles() {
        let default = AppPaths::in_dir(&Path::new("/home/ana/.local/share").join(APP_IDENTIFIER));
        assert_eq!(default.profile_id(), None);
        let a = AppPaths::in_dir(Path::new("/tmp/a")).profile_id();
        let b = AppPaths::in_dir(Path::new("/tmp/b")).profile_id();
        assert!(a.is_some() && a != b);
        assert_eq!(a, AppPaths::in_dir(Path::new("/tmp/a")).profile_id());
    }

    #[test]
    fn each_server_profile_has_its_own_folder_and_keychain_service() {
        let root = AppPaths::in_dir(Path::new("/tmp/x"));
        assert_eq!(root.for_profile("default"), root);
        let shop = root.for_profile("loja");
        assert_eq!(
            shop.database(),
            Path::new("/tmp/x/profiles/loja/whats-tip.sqlite3")
        );
        assert_eq!(shop.log_dir, root.log_dir);
        assert_eq!(
            shop.keyring_service,
            format!("{APP_IDENTIFIER}.profile.loja")
        );
    }

    #[test]
    fn in_dir_keeps_every_file_inside_the_folder() {
        let paths = AppPaths::in_dir(Path::new("/tmp/x"));
        assert_eq!(paths.database(), Path::new("/tmp/x/whats-tip.sqlite3"));
        assert_eq!(paths.settings_file(), Path::new("/tmp/x/settings.json"));
        assert_eq!(paths.log_dir, Path::new("/tmp/x/logs"));
    }
}
