//! Deployments an organisation sets up for every admin of a computer, in a fleet file its
//! tooling installs (`/etc/authdesk/profiles.json`, `%ProgramData%\Authdesk\profiles.json`,
//! `/Library/Application Support/Authdesk/profiles.json`). They come first in every admin's
//! list; the fields the file sets are the file's, whatever anyone saves, and the profile cannot
//! be removed. The file's form:
//!
//! ```json
//! { "profiles": [ { "id": "production", "name": "Production", "colour": "red",
//!                   "baseUrl": "https://auth.example.com/api/auth", "idleLockMinutes": 10 } ] }
//! ```
//!
//! Each profile takes the keys of a deployment profile (`caCertificatePem`, `signInMethods`,
//! `signOnProviders`, `originOverride`, `proxy`, …); `id`, `name` and `baseUrl` are required.
//!
//! The file may also name where this fleet's updates come from, and the key that signs them
//! (see `crate::updates`):
//!
//! ```json
//! { "updates": { "feed": "https://updates.example.com/authdesk/latest.json",
//!                "publicKey": "<the minisign public key, as `tauri signer generate` prints it>",
//!                "caCertificatePem": "<optional: the private CA the feed's certificate is from>" } }
//! ```

use std::path::{Path, PathBuf};

use authdesk_protocol::{Profile, ProfileField, ProfileSettings};
use serde_json::Value;

use crate::console::checked_profile_settings;
use crate::settings::{Settings, SettingsStore};

/// Names another fleet file: for a fleet that keeps it elsewhere, and for tests.
pub const FLEET_FILE_VARIABLE: &str = "AUTHDESK_FLEET_FILE";

/// Where this computer's fleet file is, if it can have one.
pub fn fleet_file() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(FLEET_FILE_VARIABLE) {
        return Some(path.into());
    }
    if cfg!(windows) {
        let data = std::env::var_os("ProgramData")?;
        Some(Path::new(&data).join("Authdesk").join("profiles.json"))
    } else if cfg!(target_os = "macos") {
        Some("/Library/Application Support/Authdesk/profiles.json".into())
    } else {
        Some("/etc/authdesk/profiles.json".into())
    }
}

/// What a fleet file says: its profiles, and where its updates come from.
#[derive(Debug, Default)]
pub struct Fleet {
    pub profiles: Vec<Profile>,
    pub updates: Option<UpdateFeed>,
}

/// The fleet file at `path`, read once: nothing when there is no file. A part the file gets
/// wrong (a profile, the update feed) is left out and the log says why; the others still count.
pub fn read(path: &Path) -> Fleet {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Fleet::default(),
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "cannot read the fleet file");
            return Fleet::default();
        }
    };
    let Ok(Value::Object(mut file)) = serde_json::from_str::<Value>(&text) else {
        tracing::warn!(path = %path.display(), "the fleet file is not a JSON object");
        return Fleet::default();
    };
    let fleet = Fleet {
        profiles: profiles_from(file.remove("profiles")),
        updates: file.remove("updates").and_then(updates_from),
    };
    tracing::info!(path = %path.display(), profiles = fleet.profiles.len(),
        updates = fleet.updates.is_some(), "fleet file read");
    fleet
}

fn profiles_from(entries: Option<Value>) -> Vec<Profile> {
    let Some(Value::Array(entries)) = entries else {
        return Vec::new();
    };
    entries
        .into_iter()
        .filter_map(|entry| match profile_from(entry) {
            Ok(profile) => Some(profile),
            Err(why) => {
                tracing::warn!(why, "a fleet profile was left out");
                None
            }
        })
        .collect()
}

/// Where the fleet file says updates come from: none when it names a feed that is not https
/// or no key (the log says why).
fn updates_from(updates: Value) -> Option<UpdateFeed> {
    let feed: UpdateFeed = serde_json::from_value(updates)
        .map_err(|error| tracing::warn!(%error, "the fleet file's updates were left out"))
        .ok()?;
    if feed.feed.scheme() != "https" || feed.public_key.trim().is_empty() {
        tracing::warn!("the fleet's update feed needs https and a public key: left out");
        return None;
    }
    Some(feed)
}

/// Where a fleet's updates come from, and the key that signs them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateFeed {
    /// The release manifest (`latest.json`), on an https server.
    pub feed: url::Url,
    /// The minisign public key every update must be signed with.
    pub public_key: String,
    /// The private CA the feed's certificate comes from, if it is not a public one.
    #[serde(default)]
    pub ca_certificate_pem: Option<String>,
}

fn profile_from(entry: Value) -> Result<Profile, String> {
    let Value::Object(mut entry) = entry else {
        return Err("a profile is not a JSON object".into());
    };
    let id = entry
        .remove("id")
        .and_then(|id| id.as_str().map(str::to_owned))
        .filter(|id| {
            (1..=64).contains(&id.len())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .ok_or("a profile needs an id of up to 64 letters, digits, - and _")?;
    let locked = ProfileField::ALL
        .into_iter()
        .filter(|field| entry.contains_key(field.wire_name()))
        .collect();
    let settings: ProfileSettings =
        serde_json::from_value(Value::Object(entry)).map_err(|error| error.to_string())?;
    let settings = checked_profile_settings(settings).map_err(|error| error.message)?;
    Ok(Profile {
        id: format!("fleet-{id}"),
        settings,
        locked,
    })
}

/// Settings with the fleet's profiles in them: first, their locked fields as the file says,
/// the rest as the admin left them.
pub struct WithFleet<S> {
    settings: S,
    fleet: Vec<Profile>,
}

impl<S> WithFleet<S> {
    pub fn new(settings: S, fleet: Vec<Profile>) -> Self {
        Self { settings, fleet }
    }
}

impl<S: SettingsStore> SettingsStore for WithFleet<S> {
    fn load(&self) -> Settings {
        let mut settings = self.settings.load();
        merge(&mut settings.profiles, &self.fleet);
        settings
    }

    fn save(&self, settings: &Settings) {
        self.settings.save(settings);
    }

    fn notice(&self) -> Option<String> {
        self.settings.notice()
    }

    fn close(&self) {
        self.settings.close();
    }
}

fn merge(profiles: &mut Vec<Profile>, fleet: &[Profile]) {
    // A profile the file no longer lists is the admin's own.
    for profile in profiles.iter_mut() {
        profile.locked.clear();
    }
    for (place, managed) in fleet.iter().enumerate() {
        let mut profile = match profiles.iter().position(|saved| saved.id == managed.id) {
            Some(saved) => profiles.remove(saved),
            None => managed.clone(),
        };
        for field in &managed.locked {
            field.copy(&managed.settings, &mut profile.settings);
        }
        profile.locked.clone_from(&managed.locked);
        profiles.insert(place.min(profiles.len()), profile);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authdesk_protocol::EnvironmentColour;
    use serde_json::json;

    /// What `reading` makes of a fleet file holding `text`.
    fn read_file<T>(text: Value, reading: fn(&Path) -> T) -> T {
        let folder = std::env::temp_dir().join(format!("authdesk-fleet-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let next = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = folder.join(format!("{next}.json"));
        std::fs::write(&path, text.to_string()).unwrap();
        let read = reading(&path);
        std::fs::remove_file(path).unwrap();
        read
    }

    fn fleet(text: Value) -> Vec<Profile> {
        read_file(text, read).profiles
    }

    #[test]
    fn a_fleet_names_its_update_feed_on_https_with_its_key() {
        let feed = |updates: Value| read_file(json!({ "updates": updates }), read).updates;
        let named = feed(json!({ "feed": "https://updates.example.com/latest.json",
            "publicKey": "a2V5" }))
        .expect("an https feed with a key");
        assert_eq!(
            named.feed.as_str(),
            "https://updates.example.com/latest.json"
        );
        assert_eq!(named.ca_certificate_pem, None);
        for wrong in [
            json!({ "feed": "http://updates.example.com/latest.json", "publicKey": "a2V5" }),
            json!({ "feed": "https://updates.example.com/latest.json", "publicKey": " " }),
            json!({ "feed": "https://updates.example.com/latest.json" }),
            json!({ "feed": "https://updates.example.com/latest.json", "publicKey": "a2V5",
                "insecure": true }),
        ] {
            assert_eq!(feed(wrong.clone()), None, "{wrong}");
        }
        assert_eq!(read_file(json!({ "profiles": [] }), read).updates, None);
    }

    #[test]
    fn the_fields_a_fleet_file_sets_are_locked_and_checked() {
        let profiles = fleet(json!({ "profiles": [
            { "id": "production", "name": "Production", "baseUrl": "https://auth.example.com/api/auth",
              "colour": "red", "idleLockMinutes": 10 },
            { "id": "plain", "name": "Plain", "baseUrl": "http://auth.example.com/api/auth" },
            { "name": "No id", "baseUrl": "https://auth.example.com/api/auth" },
        ]}));
        assert_eq!(profiles.len(), 1, "the http and id-less ones are left out");
        let production = &profiles[0];
        assert_eq!(production.id, "fleet-production");
        assert_eq!(production.settings.colour, EnvironmentColour::Red);
        assert_eq!(
            production.locked,
            [
                ProfileField::Name,
                ProfileField::BaseUrl,
                ProfileField::IdleLockMinutes,
                ProfileField::Colour
            ]
        );
        let nothing = read(Path::new("/no/such/fleet.json"));
        assert!(nothing.profiles.is_empty() && nothing.updates.is_none());
        assert!(fleet(json!(["not", "an", "object"])).is_empty());
    }

    #[test]
    fn the_file_wins_on_its_fields_and_the_admin_keeps_the_rest() {
        let managed = fleet(json!({ "profiles": [
            { "id": "production", "name": "Production", "baseUrl": "https://auth.example.com/api/auth" },
        ]}));
        let mut saved = managed[0].clone();
        saved.settings.name = "Renamed by hand".into();
        saved.settings.colour = EnvironmentColour::Amber;
        saved.locked.clear();
        let own = Profile {
            id: "mine".into(),
            settings: ProfileSettings::default(),
            locked: vec![ProfileField::Name],
        };
        let mut profiles = vec![own, saved];
        merge(&mut profiles, &managed);
        assert_eq!(profiles[0].id, "fleet-production", "the fleet's come first");
        assert_eq!(profiles[0].settings.name, "Production");
        assert_eq!(profiles[0].settings.colour, EnvironmentColour::Amber);
        assert_eq!(profiles[0].locked, managed[0].locked);
        assert!(
            profiles[1].locked.is_empty(),
            "no longer in the file: the admin's"
        );
    }
}
