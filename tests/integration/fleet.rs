//! The organisation's fleet profiles (a `profiles.json` the organisation installs): kept as its
//! file says, whatever the window sends.

use crate::support::{MemorySettings, auth_url, console_on, temp_dir};
use authdesk_app::fleet::{WithFleet, read};
use authdesk_protocol::{EnvironmentColour, ErrorCode, Field, ProfileField, ProfileSettings};

/// The backend keeps what the fleet file sets, whatever the window sends: a changed locked field
/// is refused at that field, the others are the admin's to change, and the profile stays.
#[tokio::test]
async fn a_fleet_profile_keeps_what_the_organisation_set() {
    let folder = temp_dir("fleet");
    let file = folder.join("profiles.json");
    let fleet = serde_json::json!({ "profiles": [{
        "id": "production", "name": "Production", "baseUrl": auth_url(), "colour": "red"
    }]});
    std::fs::write(&file, fleet.to_string()).unwrap();
    let settings = WithFleet::new(MemorySettings::default(), read(&file).profiles);
    let console = console_on(Box::new(settings), &folder.join("audit.jsonl"));

    let listed = console.list_profiles();
    let production = listed[0].clone();
    assert_eq!(production.id, "fleet-production");
    assert_eq!(
        production.locked,
        [
            ProfileField::Name,
            ProfileField::BaseUrl,
            ProfileField::Colour
        ]
    );

    let renamed = ProfileSettings {
        name: "Mine now".into(),
        ..production.settings.clone()
    };
    let refused = console
        .save_profile(Some(production.id.clone()), renamed)
        .await
        .unwrap_err();
    assert_eq!(refused.field, Some(Field::Name), "{refused:?}");
    let recoloured = ProfileSettings {
        colour: EnvironmentColour::Green,
        ..production.settings.clone()
    };
    assert!(
        console
            .save_profile(Some(production.id.clone()), recoloured)
            .await
            .is_err(),
        "the colour is the file's too"
    );
    let locks_sooner = ProfileSettings {
        idle_lock_minutes: Some(5),
        ..production.settings.clone()
    };
    let saved = console
        .save_profile(Some(production.id.clone()), locks_sooner)
        .await
        .unwrap();
    assert_eq!(saved.settings.idle_lock_minutes, Some(5));

    let kept = console.remove_profile(&production.id).await.unwrap_err();
    assert_eq!(kept.code, ErrorCode::Validation);
    assert!(kept.message.contains("organisation"), "{kept:?}");
    let after = console.list_profiles();
    assert_eq!(after[0].settings.name, "Production");
    assert_eq!(after[0].settings.idle_lock_minutes, Some(5));
}
