//! In the real app, a narrower role than `admin`: a `support` agent sees exactly its actions
//! (ban, revoke) and the others as unavailable with the reason, and a call the window forges is
//! still refused by the backend; a `viewer` gets a read-only console.

use std::path::Path;

use serde_json::json;

use crate::support::webdriver::TauriDriver;
use crate::support::{Sandbox, accounts, artifacts_dir};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

#[tokio::test]
async fn a_support_agent_sees_its_actions_and_the_others_as_unavailable() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    let ruth = accounts().support_agent;
    app.submit_sign_in(&sandbox.url, &ruth.email, &ruth.password)
        .await;
    app.open_user("grace@authdesk.test").await;
    app.wait_for_text("delete-user-unavailable", "Your role cannot delete users.")
        .await;
    app.wait_for_text("roles-unavailable", "cannot change roles")
        .await;
    app.wait_for_text("password-unavailable", "cannot set passwords")
        .await;
    app.wait_for_text("access-unavailable", "cannot impersonate users")
        .await;
    let impersonate = app.find_by_test_id("impersonate").await;
    assert!(app.attribute(&impersonate, "disabled").await.is_some());
    assert!(
        app.find_now("[data-testid='read-only-notice']")
            .await
            .is_none()
    );
    app.screenshot(&artifacts_dir().join("support-role.png"))
        .await;

    // What the role allows works.
    app.click(&app.find_by_test_id("revoke-session").await)
        .await;
    app.wait_for_text("toast-success", "revoked").await;

    // The window forging the call it does not offer gets the backend's refusal.
    let grace = app.text(&app.find_by_test_id("detail-id").await).await;
    let refusal = app
        .execute_async(
            "const [userId, done] = arguments;
             window.__TAURI_INTERNALS__.invoke('remove_user', { userId })
               .then(() => done('deleted'), (error) => done(error.message || String(error)));",
            json!([grace]),
        )
        .await;
    assert_eq!(refusal, json!("Your role cannot delete users."));
    app.close().await;
}

#[tokio::test]
async fn a_viewer_gets_a_read_only_console() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    let jean = accounts().viewer;
    app.submit_sign_in(&sandbox.url, &jean.email, &jean.password)
        .await;
    app.wait_for_text("read-only-notice", "Read-only").await;
    let new_user = app.find_by_test_id("new-user").await;
    assert!(app.attribute(&new_user, "disabled").await.is_some());
    app.open_user("grace@authdesk.test").await;
    let ban = app.find_by_test_id("ban").await;
    assert!(app.attribute(&ban, "disabled").await.is_some());
    app.wait_for_text("sessions-unavailable", "cannot see sessions")
        .await;
    app.screenshot(&artifacts_dir().join("viewer-role.png"))
        .await;
    app.close().await;
}
