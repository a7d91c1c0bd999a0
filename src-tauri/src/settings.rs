//! The app's non-secret settings, one typed struct kept with tauri-plugin-store.

use std::collections::BTreeMap;
use std::sync::Arc;

use authdesk_protocol::Profile;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::{Store, StoreExt};

const STORE_FILE: &str = "settings.json";
const SETTINGS_KEY: &str = "settings";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub profiles: Vec<Profile>,
    /// The profile signed in to last, whose session is restored at start.
    pub active_profile: Option<String>,
    /// The email last used with each profile, so the form starts filled.
    pub last_emails: BTreeMap<String, String>,
}

impl Settings {
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().find(|profile| profile.id == id)
    }
}

/// Where [`Settings`] live. A trait so the console can be exercised without a Tauri app.
pub trait SettingsStore: Send + Sync {
    fn load(&self) -> Settings;
    fn save(&self, settings: &Settings);
}

pub struct StoreSettings<R: Runtime> {
    store: Arc<Store<R>>,
}

impl<R: Runtime> StoreSettings<R> {
    pub fn open(app: &AppHandle<R>) -> Result<Self, tauri_plugin_store::Error> {
        Ok(Self {
            store: app.store(STORE_FILE)?,
        })
    }
}

impl<R: Runtime> SettingsStore for StoreSettings<R> {
    fn load(&self) -> Settings {
        self.store
            .get(SETTINGS_KEY)
            .and_then(|value| serde_json::from_value(value).ok())
            .unwrap_or_default()
    }

    fn save(&self, settings: &Settings) {
        match serde_json::to_value(settings) {
            Ok(value) => {
                self.store.set(SETTINGS_KEY, value);
                if let Err(error) = self.store.save() {
                    tracing::warn!(%error, "could not write the settings file");
                }
            }
            Err(error) => tracing::warn!(%error, "could not encode the settings"),
        }
    }
}
