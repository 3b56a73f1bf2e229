//! The settings file, owned by the core: the only code that reads or writes it, for the
//! window and `tip` alike.
//!
//! The file keeps `tauri-plugin-store`'s format (`{"settings": {...}}`), so profiles written
//! by earlier versions open unchanged. Why not the plugin itself: it caches the file in
//! memory and writes its cache back, so a value `tip` saved while the window was open would
//! be silently overwritten, and the core (campaign engine, CLI) could not reach it without
//! an `AppHandle`. Here every read goes to the file (it is tiny), every write is a
//! read-modify-write under an exclusive lock on a sibling `.lock` file, and the new content
//! replaces the old by an atomic rename, so two processes never interleave and a crash
//! mid-write leaves the old file whole.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{Settings, SettingsError};

/// The key under which the settings object sits in the file.
pub const STORE_KEY: &str = "settings";

/// The settings file of one profile.
#[derive(Debug, Clone)]
pub struct SettingsStore {
    path: PathBuf,
}

impl SettingsStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved settings; defaults when nothing is saved yet. Broken values inside a
    /// readable file fall back to defaults (see [`Settings::from_stored`]); a file that is
    /// not JSON at all is an error, so it is never overwritten blindly.
    pub fn load(&self) -> Result<Settings, SettingsError> {
        let mut map = self.read_map()?;
        Ok(Settings::from_stored(map.remove(STORE_KEY)))
    }

    /// Validates and saves; returns what was stored. Other top-level keys in the file are
    /// kept as they are.
    pub fn save(&self, settings: Settings) -> Result<Settings, SettingsError> {
        let settings = settings.validated()?;
        let value = serde_json::to_value(&settings).map_err(|e| write_error(&e))?;
        self.update_map(|map| {
            map.insert(STORE_KEY.to_owned(), value);
        })?;
        Ok(settings)
    }

    /// Changes the saved settings under the lock, so a concurrent writer's other fields are
    /// not lost: `change` sees the latest values on disk.
    pub fn modify(&self, change: impl FnOnce(&mut Settings)) -> Result<Settings, SettingsError> {
        let _lock = self.lock()?;
        let mut map = self.read_map()?;
        let mut settings = Settings::from_stored(map.remove(STORE_KEY));
        change(&mut settings);
        let settings = settings.validated()?;
        let value = serde_json::to_value(&settings).map_err(|e| write_error(&e))?;
        map.insert(STORE_KEY.to_owned(), value);
        self.write_map(&map)?;
        Ok(settings)
    }

    fn update_map(
        &self,
        change: impl FnOnce(&mut Map<String, Value>),
    ) -> Result<(), SettingsError> {
        let _lock = self.lock()?;
        let mut map = self.read_map()?;
        change(&mut map);
        self.write_map(&map)
    }

    fn read_map(&self) -> Result<Map<String, Value>, SettingsError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Map::new()),
            Err(e) => return Err(SettingsError::Read(e.to_string())),
        };
        if text.trim().is_empty() {
            return Ok(Map::new());
        }
        serde_json::from_str(&text).map_err(|e| SettingsError::Read(e.to_string()))
    }

    /// Writes a sibling temporary file, flushes it to disk, then renames it over the file.
    fn write_map(&self, map: &Map<String, Value>) -> Result<(), SettingsError> {
        let dir = self.path.parent().unwrap_or_else(|| Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| write_error(&e))?;
        let text = serde_json::to_string_pretty(map).map_err(|e| write_error(&e))?;
        let tmp = self.sibling("tmp");
        let mut file = File::create(&tmp).map_err(|e| write_error(&e))?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| write_error(&e))?;
        drop(file);
        std::fs::rename(&tmp, &self.path).map_err(|e| write_error(&e))
    }

    /// An exclusive advisory lock held while the file is read, changed and replaced; other
    /// processes wait for it (writes take microseconds).
    fn lock(&self) -> Result<File, SettingsError> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| write_error(&e))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.sibling("lock"))
            .map_err(|e| write_error(&e))?;
        file.lock().map_err(|e| write_error(&e))?;
        Ok(file)
    }

    fn sibling(&self, extension: &str) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".");
        name.push(extension);
        self.path.with_file_name(name)
    }
}

fn write_error(e: &dyn std::fmt::Display) -> SettingsError {
    SettingsError::Write(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{Language, Theme};

    fn store() -> (tempfile::TempDir, SettingsStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SettingsStore::new(dir.path().join("settings.json"));
        (dir, store)
    }

    #[test]
    fn a_missing_file_means_defaults() {
        let (_dir, store) = store();
        assert_eq!(store.load().unwrap(), Settings::default());
    }

    #[test]
    fn reads_the_plugin_store_format_and_keeps_other_keys() {
        let (_dir, store) = store();
        std::fs::write(
            store.path(),
            r#"{"settings":{"evolutionUrl":"http://127.0.0.1:1","theme":"dark"},"other":{"a":1}}"#,
        )
        .unwrap();
        let s = store.load().unwrap();
        assert_eq!(s.evolution_url.as_deref(), Some("http://127.0.0.1:1"));
        assert_eq!(s.theme, Theme::Dark);
        store
            .save(Settings {
                language: Language::En,
                ..s
            })
            .unwrap();
        let text = std::fs::read_to_string(store.path()).unwrap();
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["other"]["a"], 1);
        assert_eq!(json["settings"]["language"], "en");
        assert_eq!(json["settings"]["theme"], "dark");
        assert!(
            !store.sibling("tmp").exists(),
            "the temporary file is renamed away"
        );
    }

    #[test]
    fn invalid_values_are_refused_and_the_file_is_left_alone() {
        let (_dir, store) = store();
        store.save(Settings::default()).unwrap();
        let before = std::fs::read(store.path()).unwrap();
        let bad = Settings {
            evolution_url: Some("ftp://x".into()),
            ..Settings::default()
        };
        assert!(matches!(
            store.save(bad),
            Err(SettingsError::InvalidUrl { .. })
        ));
        assert_eq!(std::fs::read(store.path()).unwrap(), before);
    }

    #[test]
    fn a_file_that_is_not_json_is_an_error_not_overwritten() {
        let (_dir, store) = store();
        std::fs::write(store.path(), "not json").unwrap();
        assert!(matches!(store.load(), Err(SettingsError::Read(_))));
        assert!(matches!(
            store.modify(|s| s.theme = Theme::Dark),
            Err(SettingsError::Read(_))
        ));
        assert_eq!(std::fs::read_to_string(store.path()).unwrap(), "not json");
    }

    #[test]
    fn concurrent_writers_never_lose_each_others_fields() {
        // Two "processes" (threads with their own store objects) change different fields
        // many times; every change must land and the file must stay valid JSON throughout.
        let (_dir, store) = store();
        let a = store.clone();
        let b = SettingsStore::new(store.path());
        let writer_a = std::thread::spawn(move || {
            for i in 0..50 {
                a.modify(|s| s.openai_model = format!("model-{i}")).unwrap();
            }
        });
        let writer_b = std::thread::spawn(move || {
            for i in 0..50 {
                let theme = if i % 2 == 0 {
                    Theme::Dark
                } else {
                    Theme::Light
                };
                b.modify(|s| {
                    s.theme = theme;
                    s.default_country = if i == 49 { "PT".into() } else { "BR".into() };
                })
                .unwrap();
            }
        });
        for _ in 0..200 {
            store
                .load()
                .expect("a reader never sees a half-written file");
        }
        writer_a.join().unwrap();
        writer_b.join().unwrap();
        let s = store.load().unwrap();
        assert_eq!(s.openai_model, "model-49");
        assert_eq!(s.theme, Theme::Light);
        assert_eq!(s.default_country, "PT");
    }
}
