//! The app's non-secret settings, one typed struct kept with tauri-plugin-store in
//! `settings.json`. The file is a persisted format of its own: it carries a version, and a file
//! this version cannot read is moved aside with a notice, never silently replaced by defaults
//! (that would orphan the keyring entries of the profiles it named). The store holds them in
//! memory; the file is written here, whole or not at all (a new file renamed over the old),
//! because the plugin's own save writes in place, where a crash leaves half a file.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use authdesk_protocol::{Profile, ProfileField, ProfileSettings};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_store::{Store, StoreBuilder};

const STORE_FILE: &str = "settings.json";
const SETTINGS_KEY: &str = "settings";
/// The version this build writes. A file with a newer one came from a newer Authdesk.
pub const SETTINGS_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Absent in files written before versions were recorded, which read as version 1.
    #[serde(default = "first_version")]
    pub version: u32,
    #[serde(default, with = "stored_profiles")]
    pub profiles: Vec<Profile>,
    /// The profile signed in to last, whose session is restored at start.
    #[serde(default)]
    pub active_profile: Option<String>,
    /// The email last used with each profile, so the form starts filled.
    #[serde(default)]
    pub last_emails: BTreeMap<String, String>,
}

fn first_version() -> u32 {
    1
}

/// A profile as the file keeps it: its settings beside its id, in one object (the window gets
/// them apart, see [`Profile`]).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredProfile {
    id: String,
    #[serde(flatten)]
    settings: ProfileSettings,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    locked: Vec<ProfileField>,
}

mod stored_profiles {
    use super::*;

    pub fn serialize<S: Serializer>(profiles: &[Profile], to: S) -> Result<S::Ok, S::Error> {
        to.collect_seq(profiles.iter().map(|profile| StoredProfile {
            id: profile.id.clone(),
            settings: profile.settings.clone(),
            locked: profile.locked.clone(),
        }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Vec<Profile>, D::Error> {
        let stored = Vec::<StoredProfile>::deserialize(from)?;
        Ok(stored
            .into_iter()
            .map(|profile| Profile {
                id: profile.id,
                settings: profile.settings,
                locked: profile.locked,
            })
            .collect())
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            version: SETTINGS_VERSION,
            profiles: Vec::new(),
            active_profile: None,
            last_emails: BTreeMap::new(),
        }
    }
}

impl Settings {
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().find(|profile| profile.id == id)
    }

    /// The profile signed in to last.
    pub fn active(&self) -> Option<&Profile> {
        self.active_profile
            .as_deref()
            .and_then(|id| self.profile(id))
    }

    /// Reads the settings from the store file's JSON; `None` for a file this version cannot read.
    pub fn from_file_text(text: &str) -> Option<Self> {
        let file: serde_json::Value = serde_json::from_str(text).ok()?;
        let Some(value) = file.get(SETTINGS_KEY) else {
            return Some(Self::default());
        };
        let settings: Self = serde_json::from_value(value.clone()).ok()?;
        (settings.version <= SETTINGS_VERSION).then_some(settings)
    }
}

/// Where [`Settings`] live. A trait so the console can be exercised without a Tauri app.
pub trait SettingsStore: Send + Sync {
    fn load(&self) -> Settings;
    fn save(&self, settings: &Settings);
    /// Why the settings this run started with are not the ones on disk, if they are not.
    fn notice(&self) -> Option<String> {
        None
    }
    /// Authdesk is quitting: nothing may write the file after this.
    fn close(&self) {}
}

pub struct StoreSettings<R: Runtime> {
    store: Arc<Store<R>>,
    path: PathBuf,
    moved_aside: Option<PathBuf>,
}

impl<R: Runtime> StoreSettings<R> {
    pub fn open(app: &AppHandle<R>) -> Result<Self, Box<dyn std::error::Error>> {
        let path = app.path().app_data_dir()?.join(STORE_FILE);
        let moved_aside = move_aside_if_unreadable(&path)?;
        // No autosave: the store would write the file in place; `save` writes it whole.
        let store = StoreBuilder::new(app, STORE_FILE)
            .disable_auto_save()
            .build()?;
        Ok(Self {
            store,
            path,
            moved_aside,
        })
    }
}

/// Replaces the file at `path` with `bytes` all at once: written to a new file beside it, flushed
/// to disk, then renamed over it. A crash leaves the old file or the new one, never half of one.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("file");
    let draft = folder.join(format!(".{name}.{}.new", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&draft)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&draft, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&draft);
    }
    written?;
    // The rename itself is on disk once the folder is.
    if let Ok(folder) = std::fs::File::open(folder) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Moves a settings file this version cannot read to `settings.unreadable-<time>.json`, so the
/// store starts empty and the admin can still recover the file by hand.
pub fn move_aside_if_unreadable(path: &Path) -> std::io::Result<Option<PathBuf>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) if error.kind() == std::io::ErrorKind::InvalidData => String::new(),
        Err(error) => return Err(error),
    };
    if Settings::from_file_text(&text).is_some() {
        return Ok(None);
    }
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let aside = path.with_file_name(format!("settings.unreadable-{stamp}.json"));
    std::fs::rename(path, &aside)?;
    tracing::warn!(aside = %aside.display(), "moved an unreadable settings file aside");
    Ok(Some(aside))
}

impl<R: Runtime> SettingsStore for StoreSettings<R> {
    fn load(&self) -> Settings {
        let Some(value) = self.store.get(SETTINGS_KEY) else {
            return Settings::default();
        };
        serde_json::from_value(value).unwrap_or_else(|error| {
            // Checked when the file was opened; only a change made while running lands here,
            // and the next save would overwrite it, so say so loudly.
            tracing::error!(%error, "the settings changed into a form Authdesk cannot read");
            Settings::default()
        })
    }

    fn save(&self, settings: &Settings) {
        let value = serde_json::to_value(settings).expect("settings serialise");
        self.store.set(SETTINGS_KEY, value);
        // What the store would write: every entry it holds, as one JSON object.
        let entries: serde_json::Map<String, serde_json::Value> =
            self.store.entries().into_iter().collect();
        let bytes = serde_json::to_vec_pretty(&entries).expect("settings serialise");
        if let Err(error) = write_whole(&self.path, &bytes) {
            tracing::warn!(%error, "could not write the settings file");
        }
    }

    fn close(&self) {
        // Out of the plugin's hands, so its save at exit (in place) does not rewrite the file.
        self.store.close_resource();
    }

    fn notice(&self) -> Option<String> {
        self.moved_aside.as_ref().map(|aside| {
            format!(
                "Authdesk could not read its settings file, so it kept a copy at {} and started \
                 with no profiles. Sign in again to add them back.",
                aside.display()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use authdesk_protocol::EnvironmentColour;

    use super::*;

    #[test]
    fn files_without_a_version_read_as_the_first() {
        let text = r#"{"settings":{"profiles":[],"activeProfile":"p1","lastEmails":{}}}"#;
        let settings = Settings::from_file_text(text).expect("readable");
        assert_eq!(settings.version, 1);
        assert_eq!(settings.active_profile.as_deref(), Some("p1"));
        assert_eq!(Settings::from_file_text("{}"), Some(Settings::default()));
    }

    #[test]
    fn profiles_keep_the_files_flat_format() {
        let text = r#"{"settings":{"version":1,"profiles":[{"id":"p1","name":"Production",
            "baseUrl":"https://auth.example.com/api/auth","colour":"red","locked":["colour"]}]}}"#;
        let settings = Settings::from_file_text(text).expect("readable");
        let profile = &settings.profiles[0];
        assert_eq!(profile.id, "p1");
        assert_eq!(profile.settings.name, "Production");
        assert_eq!(profile.settings.colour, EnvironmentColour::Red);
        assert_eq!(profile.locked, [ProfileField::Colour]);
        let written = serde_json::to_value(&settings).unwrap();
        let written = &written["profiles"][0];
        assert_eq!(written["baseUrl"], "https://auth.example.com/api/auth");
        assert_eq!(written["locked"], serde_json::json!(["colour"]));
        assert!(written.get("settings").is_none(), "{written}");
    }

    #[test]
    fn a_settings_file_is_replaced_whole_never_rewritten_in_place() {
        let dir = std::env::temp_dir().join(format!("authdesk-whole-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(STORE_FILE);
        write_whole(&path, b"first").unwrap();
        // A link to the old file: a write in place would change what it names too.
        let old = dir.join("old.json");
        std::fs::hard_link(&path, &old).unwrap();
        write_whole(&path, b"second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "first");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["old.json", STORE_FILE], "no draft left behind");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn unreadable_or_newer_files_are_moved_aside_not_overwritten() {
        let dir = std::env::temp_dir().join(format!("authdesk-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(STORE_FILE);
        for text in [
            "{not json",
            r#"{"settings":{"profiles":"not a list"}}"#,
            r#"{"settings":{"version":99,"profiles":[]}}"#,
        ] {
            std::fs::write(&path, text).unwrap();
            let aside = move_aside_if_unreadable(&path)
                .unwrap()
                .expect("moved aside");
            assert!(!path.exists(), "{text}");
            assert_eq!(std::fs::read_to_string(&aside).unwrap(), text);
            std::fs::remove_file(aside).unwrap();
        }
        std::fs::write(&path, r#"{"settings":{"version":1,"profiles":[]}}"#).unwrap();
        assert_eq!(move_aside_if_unreadable(&path).unwrap(), None);
        assert!(path.exists());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
