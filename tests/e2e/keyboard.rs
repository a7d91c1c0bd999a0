//! In the real app, from the keyboard: the palette (Ctrl+K) finds a user by part of their email
//! and opens them, goes to the audit log, runs an action on the open user and switches
//! deployments, and `?` lists every shortcut; Space selects the row the arrows are on, and a
//! letter runs the open user's action its tooltip names.

use std::path::Path;

use crate::support::webdriver::{TauriDriver, key};
use crate::support::{Sandbox, artifacts_dir, auth_url};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

#[tokio::test]
async fn the_palette_finds_and_opens_a_user_by_part_of_their_email() {
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(&auth_url()).await;
    app.find_by_test_id("user-total").await;

    app.press_with(key::CONTROL, "k").await;
    let input = app.find_by_test_id("palette-input").await;
    app.fill(&input, "grace@auth").await;
    app.wait_for_text("palette-items", "grace@authdesk.test")
        .await;
    app.screenshot(&artifacts_dir().join("palette-user.png"))
        .await;
    app.keys(&input, key::ENTER).await;
    app.wait_for_text("user-panel", "grace@authdesk.test").await;
    app.wait_until_gone("[data-testid='palette']").await;
    app.send_keys_to_page(key::ESCAPE).await; // Escape closes the user
    app.wait_until_gone("[data-testid='user-panel']").await;

    // A page by name: the audit log.
    app.click(&app.find_by_test_id("open-palette").await).await;
    let input = app.find_by_test_id("palette-input").await;
    app.fill(&input, "audit").await;
    app.keys(&input, key::ENTER).await;
    app.find_by_test_id("audit-admin").await;
    app.click(&app.find_by_test_id("tab-users").await).await;
    app.find_by_test_id("user-total").await;

    // `?` lists the shortcuts.
    app.send_keys_to_page("?").await;
    app.wait_for_text("shortcuts", "Select the row").await;
    app.screenshot(&artifacts_dir().join("shortcuts.png")).await;
    app.click(&app.find_by_test_id("shortcuts-close").await)
        .await;
    app.wait_until_gone("[data-testid='shortcuts']").await;

    // ↓ to the first row, Space selects it.
    app.send_keys_to_page(&format!("{} ", key::DOWN)).await;
    app.wait_for_text("bulk-count", "1 user").await;
    app.close().await;
}

#[tokio::test]
async fn the_open_user_s_actions_run_from_their_key_or_the_palette_and_deployments_switch() {
    let staging = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.add_profile("Staging", &staging.url, "").await;
    app.sign_in_as_admin(&auth_url()).await;
    app.run_in_palette("grace@auth", "grace@authdesk.test")
        .await;
    app.wait_for_text("user-panel", "grace@authdesk.test").await;

    // The tooltip names the key, and the key opens what the button opens.
    let ban = app.find_by_test_id("ban").await;
    assert_eq!(
        app.attribute(&ban, "title").await.as_deref(),
        Some("Ban or change the ban (B)")
    );
    app.send_keys_to_page("b").await;
    app.find_by_test_id("ban-reason").await;
    app.send_keys_to_page(key::ESCAPE).await;
    app.wait_until_gone("[data-testid='ban-reason']").await;
    app.find_by_test_id("user-panel").await; // Esc closed the dialog, not the user

    // The palette offers the open user's actions by name.
    app.run_in_palette("delete grace", "Delete user… — grace@authdesk.test")
        .await;
    app.wait_for_text("confirm-dialog", "Delete grace@authdesk.test?")
        .await;
    app.screenshot(&artifacts_dir().join("palette-user-action.png"))
        .await;
    app.click(&app.find_by_test_id("confirm-cancel").await)
        .await;
    app.wait_until_gone("[data-testid='confirm-dialog']").await;

    // To a deployment not signed in to: its form, saying the way back.
    let production = app.text(&app.find_by_test_id("server").await).await;
    app.run_in_palette("switch staging", "Switch to Staging")
        .await;
    app.wait_for_value("sign-in-base-url", &staging.url).await;
    app.wait_for_text("switched-from", "still signed in to")
        .await;
    app.screenshot(&artifacts_dir().join("switched-deployment.png"))
        .await;
    app.click(&app.find_by_test_id("switch-back").await).await;
    app.find("[data-testid^='user-row-']").await;
    app.wait_for_text("server", &production).await;
    app.close().await;
}
