//! When updates were last looked for, kept in `updates.json` in the data folder so a restart
//! does not check again within 12 h. Losing it only means one extra check.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone)]
pub struct LastCheckStore {
    path: PathBuf,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Saved {
    /// RFC 3339 (jiff's serde support is not compiled in).
    last_check: Option<String>,
}

impl LastCheckStore {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join("updates.json"),
        }
    }

    /// The last check's time; `None` if never checked or the file is unreadable.
    pub fn load(&self) -> Option<Timestamp> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        match serde_json::from_str::<Saved>(&text) {
            Ok(saved) => saved.last_check.and_then(|t| t.parse().ok()),
            Err(e) => {
                tracing::warn!(error = %e, path = %self.path.display(), "unreadable update-check time");
                None
            }
        }
    }

    /// Records a check; a failure is logged, not fatal (the next start checks once more).
    pub fn save(&self, at: Timestamp) {
        let saved = Saved {
            last_check: Some(at.to_string()),
        };
        let write = || -> std::io::Result<()> {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let tmp = self.path.with_extension("json.tmp");
            std::fs::write(
                &tmp,
                serde_json::to_vec(&saved).map_err(std::io::Error::other)?,
            )?;
            std::fs::rename(&tmp, &self.path)
        };
        if let Err(e) = write() {
            tracing::warn!(error = %e, path = %self.path.display(), "could not save the update-check time");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_check_survives_a_restart() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = LastCheckStore::new(dir.path());
        assert_eq!(store.load(), None);
        let at: Timestamp = "2026-12-05T10:00:00Z".parse().expect("ts");
        store.save(at);
        assert_eq!(LastCheckStore::new(dir.path()).load(), Some(at));
    }

    #[test]
    fn a_damaged_file_means_never_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("updates.json"), "{not json").expect("write");
        assert_eq!(LastCheckStore::new(dir.path()).load(), None);
    }
}
