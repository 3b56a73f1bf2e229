//! The window's open profile: one [`Core`] at a time, swapped when the user switches
//! server profiles from the header. `tip` opens one profile per run and needs no slot.
//!
//! Switching is refused while work runs in the open profile (a campaign sending, an
//! import, an AI run): closing it would stop that work, and a campaign belongs to its
//! profile. The user pauses or waits, then switches; the old profile's campaigns resume
//! when it is opened again (start-up recovery runs for every profile opened).

use std::sync::RwLock;

use crate::paths::AppPaths;
use crate::profiles::{ProfileError, ProfileRegistry, ProfileView};

use super::{Core, CoreOptions};

#[derive(Debug)]
pub struct CoreSlot {
    registry: ProfileRegistry,
    options: CoreOptions,
    open: RwLock<(String, Core)>,
    /// One switch at a time (two quick clicks must not open two cores).
    switching: tokio::sync::Mutex<()>,
}

impl CoreSlot {
    /// Opens the profile the window used last (the default one the first time), with its
    /// background work running. A profile whose database fails still opens (error screen).
    pub async fn open(root: AppPaths, options: CoreOptions) -> CoreSlot {
        let registry = ProfileRegistry::new(root);
        let id = registry.current().unwrap_or_else(|e| {
            tracing::error!(error = %e, "profile list unreadable; opening the default profile");
            crate::profiles::DEFAULT_PROFILE.to_owned()
        });
        let core = Core::open(registry.paths(&id), options.clone()).await;
        core.start_background_work();
        tracing::info!(profile = %id, "profile open");
        CoreSlot {
            registry,
            options,
            open: RwLock::new((id, core)),
            switching: tokio::sync::Mutex::new(()),
        }
    }

    /// The open profile's core. Cheap; never keep it across a switch.
    pub fn current(&self) -> Core {
        self.read().1.clone()
    }

    pub fn current_id(&self) -> String {
        self.read().0.clone()
    }

    pub fn registry(&self) -> &ProfileRegistry {
        &self.registry
    }

    /// Every profile, the open one marked.
    pub fn list(&self) -> Result<Vec<ProfileView>, ProfileError> {
        let current = self.current_id();
        self.registry
            .list()?
            .into_iter()
            .map(|entry| {
                let paths = self.registry.paths(&entry.id);
                let evolution_url = crate::settings::SettingsStore::new(paths.settings_file())
                    .load()
                    .ok()
                    .and_then(|s| s.evolution_url);
                Ok(ProfileView {
                    is_default: entry.id == crate::profiles::DEFAULT_PROFILE,
                    current: entry.id == current,
                    id: entry.id,
                    name: entry.name,
                    evolution_url,
                    created_at: entry.created_at,
                })
            })
            .collect()
    }

    pub fn view(&self, id: &str) -> Result<ProfileView, ProfileError> {
        self.list()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| ProfileError::NotFound(id.to_owned()))
    }

    /// A new, empty profile. It starts with the open profile's language, theme, country and
    /// opt-out words (preferences of the business, not of the server); server and keys are
    /// set in it.
    pub fn create(&self, name: &str) -> Result<ProfileView, ProfileError> {
        let now = jiff::Timestamp::now().to_string();
        let entry = self.registry.create(name, &now)?;
        if let Ok(mine) = self.current().settings().load() {
            let theirs =
                crate::settings::SettingsStore::new(self.registry.paths(&entry.id).settings_file());
            // Whoever adds a profile knows the app: it opens on Settings (server and key),
            // not on the first-run guide.
            let copied = theirs.modify(|s| {
                s.language = mine.language;
                s.theme = mine.theme;
                s.default_country = mine.default_country.clone();
                s.opt_out_words = mine.opt_out_words.clone();
                s.first_run_done = true;
            });
            if let Err(e) = copied {
                tracing::warn!(error = %e, "new profile keeps default preferences");
            }
        }
        self.view(&entry.id)
    }

    pub fn rename(&self, id: &str, name: &str) -> Result<ProfileView, ProfileError> {
        self.registry.rename(id, name)?;
        self.view(id)
    }

    /// Deletes a profile that is not open, with its data and keys.
    pub async fn delete(&self, id: &str) -> Result<(), ProfileError> {
        let _guard = self.switching.lock().await;
        if id == self.current_id() {
            return Err(ProfileError::CurrentNotDeletable);
        }
        self.registry.delete(id).await
    }

    /// Opens profile `id` in place of the open one, unless work runs in the open one.
    pub async fn switch(&self, id: &str) -> Result<ProfileView, ProfileError> {
        let _guard = self.switching.lock().await;
        let entry = self.registry.get(id)?;
        let (current_id, old) = self.read().clone();
        if current_id == entry.id {
            return self.view(id);
        }
        let (campaigns, jobs) = old.busy();
        if campaigns + jobs > 0 {
            return Err(ProfileError::Busy { campaigns, jobs });
        }
        let core = Core::open(self.registry.paths(&entry.id), self.options.clone()).await;
        self.registry.set_current(&entry.id)?;
        {
            let mut open = self.open.write().unwrap_or_else(|e| e.into_inner());
            *open = (entry.id.clone(), core.clone());
        }
        old.shut_down().await;
        core.start_background_work();
        tracing::info!(from = %current_id, to = %entry.id, "profile switched");
        self.view(&entry.id)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, (String, Core)> {
        self.open.read().unwrap_or_else(|e| e.into_inner())
    }
}
