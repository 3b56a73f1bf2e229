//! `profiles.json`: the list of profiles and the one opened last. Every change is a
//! read-modify-write under an exclusive lock on a sibling `.lock` file with an atomic
//! rename, like the settings file, so the window and `tip` never lose each other's changes.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{ProfileEntry, ProfileError};
use crate::paths::AppPaths;
use crate::secrets::{Keychain, SecretKind, SecretsError};

/// The id of the profile in the data folder itself (data from before profiles existed).
pub const DEFAULT_PROFILE: &str = "default";
pub const MAX_NAME_CHARS: usize = 60;
/// Folder names stay short and portable (Windows paths, keychain service names).
const MAX_ID_CHARS: usize = 32;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegistryFile {
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    profiles: Vec<ProfileEntry>,
}

/// The profiles of one data folder.
#[derive(Debug, Clone)]
pub struct ProfileRegistry {
    root: AppPaths,
}

impl ProfileRegistry {
    /// `root`: the app's data folder as [`AppPaths::resolve`] finds it.
    pub fn new(root: AppPaths) -> Self {
        Self { root }
    }

    pub fn root(&self) -> &AppPaths {
        &self.root
    }

    fn file(&self) -> PathBuf {
        self.root.data_dir.join("profiles.json")
    }

    /// Every profile, the default one first (it exists even before the file does).
    pub fn list(&self) -> Result<Vec<ProfileEntry>, ProfileError> {
        Ok(with_default(self.read()?).profiles)
    }

    pub fn get(&self, id: &str) -> Result<ProfileEntry, ProfileError> {
        self.list()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| ProfileError::NotFound(id.to_owned()))
    }

    /// The profile the window opened last (the default one when unset or gone).
    pub fn current(&self) -> Result<String, ProfileError> {
        let file = with_default(self.read()?);
        Ok(file
            .current
            .filter(|id| file.profiles.iter().any(|p| &p.id == id))
            .unwrap_or_else(|| DEFAULT_PROFILE.to_owned()))
    }

    /// Finds a profile by id or by name (case-insensitive), for `tip --profile`.
    pub fn find(&self, id_or_name: &str) -> Result<ProfileEntry, ProfileError> {
        let wanted = id_or_name.trim();
        let profiles = self.list()?;
        profiles
            .iter()
            .find(|p| p.id == wanted)
            .or_else(|| {
                profiles.iter().find(|p| {
                    p.name
                        .as_deref()
                        .is_some_and(|n| n.to_lowercase() == wanted.to_lowercase())
                })
            })
            .cloned()
            .ok_or_else(|| ProfileError::NotFound(wanted.to_owned()))
    }

    /// The folders and keychain service of profile `id`.
    pub fn paths(&self, id: &str) -> AppPaths {
        self.root.for_profile(id)
    }

    /// Adds a profile named `name`; its folder is created when it is first opened.
    pub fn create(&self, name: &str, now: &str) -> Result<ProfileEntry, ProfileError> {
        let name = clean_name(name)?;
        self.update(|file| {
            ensure_unique(&file.profiles, &name, None)?;
            let id = unique_id(&slug(&name), &file.profiles);
            let entry = ProfileEntry {
                id,
                name: Some(name.clone()),
                created_at: now.to_owned(),
            };
            file.profiles.push(entry.clone());
            Ok(entry)
        })
    }

    pub fn rename(&self, id: &str, name: &str) -> Result<ProfileEntry, ProfileError> {
        let name = clean_name(name)?;
        self.update(|file| {
            ensure_unique(&file.profiles, &name, Some(id))?;
            let entry = file
                .profiles
                .iter_mut()
                .find(|p| p.id == id)
                .ok_or_else(|| ProfileError::NotFound(id.to_owned()))?;
            entry.name = Some(name.clone());
            Ok(entry.clone())
        })
    }

    /// Removes `id` from the list; the caller deletes its folder and keys afterwards (a
    /// crash in between leaves an orphan folder, never a listed profile without data).
    fn remove(&self, id: &str) -> Result<ProfileEntry, ProfileError> {
        if id == DEFAULT_PROFILE {
            return Err(ProfileError::DefaultNotDeletable);
        }
        self.update(|file| {
            let at = file
                .profiles
                .iter()
                .position(|p| p.id == id)
                .ok_or_else(|| ProfileError::NotFound(id.to_owned()))?;
            if file.current.as_deref() == Some(id) {
                file.current = Some(DEFAULT_PROFILE.to_owned());
            }
            Ok(file.profiles.remove(at))
        })
    }

    /// Deletes a profile for good: its keys in the keychain first (if the keychain refuses,
    /// the profile stays listed and can be retried; without a keychain no key of it can
    /// exist), then its entry, then its folder (database, settings). The caller makes sure
    /// it is not open.
    pub async fn delete(&self, id: &str) -> Result<(), ProfileError> {
        if id == DEFAULT_PROFILE {
            return Err(ProfileError::DefaultNotDeletable);
        }
        self.get(id)?;
        let paths = self.paths(id);
        let keychain = Keychain::new(&paths.keyring_service);
        for kind in SecretKind::ALL {
            match keychain.delete(kind).await {
                Ok(()) | Err(SecretsError::Unavailable(_)) => {}
                Err(e) => return Err(ProfileError::Keychain(e.to_string())),
            }
        }
        self.remove(id)?;
        if paths.data_dir.exists() {
            std::fs::remove_dir_all(&paths.data_dir).map_err(|e| io(&e))?;
        }
        tracing::info!(profile = %id, "profile deleted");
        Ok(())
    }

    /// Remembers `id` as the profile to open next time.
    pub fn set_current(&self, id: &str) -> Result<(), ProfileError> {
        self.update(|file| {
            if !file.profiles.iter().any(|p| p.id == id) {
                return Err(ProfileError::NotFound(id.to_owned()));
            }
            file.current = Some(id.to_owned());
            Ok(())
        })
    }

    fn update<T>(
        &self,
        change: impl FnOnce(&mut RegistryFile) -> Result<T, ProfileError>,
    ) -> Result<T, ProfileError> {
        let _lock = self.lock()?;
        let mut file = with_default(self.read()?);
        let out = change(&mut file)?;
        self.write(&file)?;
        Ok(out)
    }

    fn read(&self) -> Result<RegistryFile, ProfileError> {
        match std::fs::read_to_string(self.file()) {
            Ok(text) if text.trim().is_empty() => Ok(RegistryFile::default()),
            Ok(text) => serde_json::from_str(&text).map_err(|e| ProfileError::Io(e.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(RegistryFile::default()),
            Err(e) => Err(io(&e)),
        }
    }

    fn write(&self, file: &RegistryFile) -> Result<(), ProfileError> {
        let path = self.file();
        std::fs::create_dir_all(&self.root.data_dir).map_err(|e| io(&e))?;
        let text = serde_json::to_string_pretty(file).map_err(|e| io(&e))?;
        let tmp = sibling(&path, "tmp");
        let mut out = File::create(&tmp).map_err(|e| io(&e))?;
        out.write_all(text.as_bytes())
            .and_then(|()| out.sync_all())
            .map_err(|e| io(&e))?;
        drop(out);
        std::fs::rename(&tmp, &path).map_err(|e| io(&e))
    }

    fn lock(&self) -> Result<File, ProfileError> {
        std::fs::create_dir_all(&self.root.data_dir).map_err(|e| io(&e))?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(sibling(&self.file(), "lock"))
            .map_err(|e| io(&e))?;
        file.lock().map_err(|e| io(&e))?;
        Ok(file)
    }
}

fn io(e: &dyn std::fmt::Display) -> ProfileError {
    ProfileError::Io(e.to_string())
}

fn sibling(path: &Path, extension: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(extension);
    path.with_file_name(name)
}

/// The default profile is always listed first, even before anything was written.
fn with_default(mut file: RegistryFile) -> RegistryFile {
    if !file.profiles.iter().any(|p| p.id == DEFAULT_PROFILE) {
        file.profiles.insert(
            0,
            ProfileEntry {
                id: DEFAULT_PROFILE.to_owned(),
                name: None,
                created_at: String::new(),
            },
        );
    }
    file
}

fn clean_name(name: &str) -> Result<String, ProfileError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(ProfileError::EmptyName);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(ProfileError::NameTooLong);
    }
    Ok(name)
}

fn ensure_unique(
    profiles: &[ProfileEntry],
    name: &str,
    except: Option<&str>,
) -> Result<(), ProfileError> {
    // "Loja Centro — Açaí" and "loja centro acai!" would be told apart by nobody.
    let key = crate::history::normalise(name);
    let taken = profiles.iter().any(|p| {
        Some(p.id.as_str()) != except
            && p.name
                .as_deref()
                .is_some_and(|n| crate::history::normalise(n) == key)
    });
    if taken {
        return Err(ProfileError::NameInUse(name.to_owned()));
    }
    Ok(())
}

/// "Loja Centro — Testes" → "loja-centro-testes": ASCII letters and digits only, so the
/// id is a safe folder name and keychain service suffix on every OS.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out
        .trim_end_matches('-')
        .chars()
        .take(MAX_ID_CHARS)
        .collect();
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() || out == DEFAULT_PROFILE {
        "perfil".to_owned()
    } else {
        out
    }
}

fn unique_id(base: &str, profiles: &[ProfileEntry]) -> String {
    let taken = |id: &str| profiles.iter().any(|p| p.id == id);
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> (tempfile::TempDir, ProfileRegistry) {
        let dir = tempfile::tempdir().unwrap();
        let registry = ProfileRegistry::new(AppPaths::in_dir(dir.path()));
        (dir, registry)
    }

    #[test]
    fn without_a_file_there_is_only_the_default_profile() {
        let (_dir, reg) = registry();
        let list = reg.list().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].id, DEFAULT_PROFILE);
        assert_eq!(reg.current().unwrap(), DEFAULT_PROFILE);
    }

    #[test]
    fn names_become_safe_unique_ids_that_survive_a_rename() {
        let (_dir, reg) = registry();
        let a = reg.create("Loja Centro — Açaí", "t").unwrap();
        assert_eq!(a.id, "loja-centro-acai");
        let b = reg.create("  Loja   centro  açai!  ", "t");
        assert!(matches!(b, Err(ProfileError::NameInUse(_))), "{b:?}");
        let c = reg.create("Loja Centro Acai 2", "t").unwrap();
        assert_eq!(c.id, "loja-centro-acai-2");
        // Names that differ only in case, accents or punctuation are the same name.
        let d = reg.create("Loja-Centro Acai", "t");
        assert!(matches!(d, Err(ProfileError::NameInUse(_))), "{d:?}");
        let renamed = reg.rename(&a.id, "Matriz").unwrap();
        assert_eq!(
            (renamed.id.as_str(), renamed.name.as_deref()),
            (a.id.as_str(), Some("Matriz"))
        );
        assert_eq!(reg.find("matriz").unwrap().id, a.id);
        assert_eq!(reg.create("Default", "t").unwrap().id, "perfil");
        assert_eq!(reg.create("!!!", "t").unwrap().id, "perfil-2");
    }

    #[test]
    fn bad_names_are_refused_and_nothing_is_written() {
        let (_dir, reg) = registry();
        assert!(matches!(
            reg.create("   ", "t"),
            Err(ProfileError::EmptyName)
        ));
        assert!(matches!(
            reg.create(&"x".repeat(61), "t"),
            Err(ProfileError::NameTooLong)
        ));
        assert!(!reg.file().exists());
    }

    #[test]
    fn the_current_profile_is_remembered_and_falls_back_when_removed() {
        let (_dir, reg) = registry();
        let p = reg.create("Testes", "t").unwrap();
        reg.set_current(&p.id).unwrap();
        assert_eq!(reg.current().unwrap(), p.id);
        assert!(matches!(
            reg.set_current("ghost"),
            Err(ProfileError::NotFound(_))
        ));
        reg.remove(&p.id).unwrap();
        assert_eq!(reg.current().unwrap(), DEFAULT_PROFILE);
        assert!(matches!(
            reg.remove(DEFAULT_PROFILE),
            Err(ProfileError::DefaultNotDeletable)
        ));
    }

    #[test]
    fn a_damaged_file_is_an_error_not_overwritten() {
        let (_dir, reg) = registry();
        std::fs::write(reg.file(), "{not json").unwrap();
        assert!(matches!(reg.create("A", "t"), Err(ProfileError::Io(_))));
        assert_eq!(std::fs::read_to_string(reg.file()).unwrap(), "{not json");
    }
}
