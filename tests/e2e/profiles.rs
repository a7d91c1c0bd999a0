//! Deployment profiles managed in the window: one signed in to, then left for another (its
//! session stays in the keyring for the way back), is edited from the sign-in form and then
//! removed there, and its saved session goes with it; one the organisation's fleet file sets up
//! shows what it locks, and cannot be removed.

use std::path::Path;

use authdesk_vault::Vault;

use crate::support::webdriver::TauriDriver;
use crate::support::{artifacts_dir, auth_url, dead_url, temp_dir};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");
/// What a debug build calls itself: its keyring service and data folder.
const DEBUG_IDENTIFIER: &str = "dev.authdesk.console.dev";

#[tokio::test]
async fn a_profile_is_edited_and_removed_in_the_window_and_its_saved_session_goes_with_it() {
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.add_profile("Staging", &dead_url(), "").await;
    app.sign_in_as_admin(&auth_url()).await;
    let settings_file = driver
        .home
        .join("data")
        .join(DEBUG_IDENTIFIER)
        .join("settings.json");
    let settings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&settings_file).unwrap()).unwrap();
    let sandbox_id = settings["settings"]["activeProfile"]
        .as_str()
        .unwrap()
        .to_owned();
    let vault = Vault::new(DEBUG_IDENTIFIER);
    assert!(
        vault.load(&sandbox_id).unwrap().is_some(),
        "a saved session"
    );

    // Over to Staging: the sandbox's session stays in the keyring.
    app.run_in_palette("switch staging", "Switch to Staging")
        .await;
    app.wait_for_text("switched-from", "still signed in to")
        .await;

    // The sandbox's profile, picked on the sign-in form, edited there.
    app.choose("sign-in-profile", &auth_url()).await;
    app.wait_for_value("sign-in-base-url", &auth_url()).await;
    app.click(&app.find_by_test_id("edit-profile").await).await;
    app.wait_for_text("profile-dialog", "Edit profile").await;
    app.wait_for_value("profile-base-url", &auth_url()).await;
    let name = app.find_by_test_id("profile-name").await;
    app.fill(&name, "Sandbox (edited)").await;
    app.screenshot(&artifacts_dir().join("profile-edit.png"))
        .await;
    app.click(&app.find_by_test_id("profile-save").await).await;
    app.wait_for_text("sign-in-profile", "Sandbox (edited)")
        .await;
    assert!(
        vault.load(&sandbox_id).unwrap().is_some(),
        "a new name keeps the saved session"
    );

    // Removed: gone from the list, and its session from the keyring.
    app.click(&app.find_by_test_id("forget-profile").await)
        .await;
    app.wait_until_gone("[data-testid='edit-profile']").await;
    let listed = app
        .text(&app.find_by_test_id("sign-in-profile").await)
        .await;
    assert!(!listed.contains("Sandbox (edited)"), "{listed}");
    assert!(listed.contains("Staging"), "{listed}");
    assert_eq!(vault.load(&sandbox_id).unwrap(), None, "its keyring entry");
    app.close().await;
}

#[tokio::test]
async fn a_deployment_the_organisation_sets_up_shows_locked_and_stays() {
    let file = temp_dir("fleet").join("profiles.json");
    let fleet = serde_json::json!({ "profiles": [
        { "id": "sandbox", "name": "Sandbox (managed)", "baseUrl": auth_url(), "colour": "red",
          "idleLockMinutes": 10 },
        { "id": "plain", "name": "Plain http", "baseUrl": "http://auth.example.com/api/auth" },
    ]});
    std::fs::write(&file, fleet.to_string()).unwrap();
    let driver =
        TauriDriver::start_with_env(&[("AUTHDESK_FLEET_FILE", file.to_str().unwrap())]).await;
    let app = driver.launch(Path::new(APP)).await;
    let listed = app
        .wait_for_text("sign-in-profile", "Sandbox (managed)")
        .await;
    assert!(
        !listed.contains("Plain http"),
        "plain http to another host is left out"
    );

    app.choose("sign-in-profile", &auth_url()).await;
    app.wait_for_text("profile-managed", "Set up by your organisation")
        .await;
    assert!(
        app.find_now("[data-testid='forget-profile']")
            .await
            .is_none(),
        "the organisation's deployment cannot be forgotten"
    );
    app.click(&app.find_by_test_id("edit-profile").await).await;
    app.wait_for_text("profile-dialog", "Set by your organisation")
        .await;
    for (field, locked) in [
        ("profile-name", true),
        ("profile-base-url", true),
        ("profile-colour", true),
        ("profile-idle-lock", true),
        ("profile-proxy", false),
    ] {
        let input = app.find_by_test_id(field).await;
        let disabled = app.attribute(&input, "disabled").await;
        assert_eq!(disabled.is_some(), locked, "{field}: {disabled:?}");
    }
    app.screenshot(&artifacts_dir().join("profile-managed.png"))
        .await;
    app.close().await;
}
