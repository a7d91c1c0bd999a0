//! End to end: the real Authdesk binary in real WebKit under Xvfb, driven through tauri-driver,
//! against the real sandbox Better Auth server.

use std::path::Path;
use std::time::Instant;

use crate::support::webdriver::TauriDriver;
use crate::support::{accounts, artifacts_dir, auth_url, dead_url, user_total};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

#[tokio::test]
async fn admin_signs_in_through_the_window_and_sees_the_user_count() {
    let driver = TauriDriver::start().await;
    let launched = Instant::now();
    let app = driver.launch(Path::new(APP)).await;
    app.find_by_test_id("sign-in-form").await;
    eprintln!(
        "launch to sign-in form: {} ms",
        launched.elapsed().as_millis()
    );
    app.screenshot(&artifacts_dir().join("sign-in.png")).await;

    let admin = accounts().admin;
    app.submit_sign_in(&auth_url(), &admin.email, &admin.password)
        .await;

    let total = app.find_by_test_id("user-total").await;
    assert_eq!(
        app.attribute(&total, "data-total").await,
        Some(user_total().to_string())
    );
    assert!(app.text(&total).await.ends_with(" users"));
    assert_eq!(
        app.text(&app.find_by_test_id("admin-name").await).await,
        admin.name
    );
    app.find("[data-testid^='user-row-']").await;
    app.screenshot(&artifacts_dir().join("users.png")).await;

    // Signing out returns to the form, which remembers the server and the email but no password.
    app.click(&app.find_by_test_id("sign-out").await).await;
    app.wait_for_value("sign-in-email", &admin.email).await;
    let password = app.find_by_test_id("sign-in-password").await;
    assert_eq!(app.property(&password, "value").await, "");
    app.close().await;
}

#[tokio::test]
async fn sign_in_failures_are_explained_and_keep_what_was_typed() {
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    let admin = accounts().admin;

    app.submit_sign_in(&auth_url(), &admin.email, "not-the-password")
        .await;
    let error = app.wait_for_text("sign-in-error", "Wrong").await;
    assert_eq!(error, "Wrong email or password.");
    let password = app.find_by_test_id("sign-in-password").await;
    assert_eq!(app.property(&password, "value").await, "not-the-password");
    app.screenshot(&artifacts_dir().join("sign-in-wrong-password.png"))
        .await;

    let down = dead_url();
    app.submit_sign_in(&down, &admin.email, &admin.password)
        .await;
    app.wait_for_text("sign-in-error", "Could not reach the auth server")
        .await;
    let url = app.find_by_test_id("sign-in-base-url").await;
    assert_eq!(app.property(&url, "value").await, down);

    app.submit_sign_in(
        "http://auth.example.com/api/auth",
        &admin.email,
        &admin.password,
    )
    .await;
    app.wait_for_text("sign-in-base-url-error", "Use https")
        .await;
    app.screenshot(&artifacts_dir().join("sign-in-bad-url.png"))
        .await;
    app.close().await;
}

#[tokio::test]
async fn a_restart_goes_straight_back_to_the_users_without_a_sign_in() {
    let driver = TauriDriver::start().await;
    let admin = accounts().admin;
    let app = driver.launch(Path::new(APP)).await;
    app.submit_sign_in(&auth_url(), &admin.email, &admin.password)
        .await;
    app.find_by_test_id("user-total").await;
    app.close().await;

    // Same data folders and keyring: the session comes back from the OS keyring.
    let again = driver.launch(Path::new(APP)).await;
    let total = again.find_by_test_id("user-total").await;
    assert_eq!(
        again.attribute(&total, "data-total").await,
        Some(user_total().to_string())
    );
    assert_eq!(
        again.text(&again.find_by_test_id("admin-name").await).await,
        admin.name
    );
    assert!(
        again
            .find_now("[data-testid='keyring-notice']")
            .await
            .is_none()
    );

    // Signing out wipes it: the next start asks for a sign-in, with the email remembered.
    again.click(&again.find_by_test_id("sign-out").await).await;
    again.find_by_test_id("sign-in-form").await;
    again.close().await;
    let third = driver.launch(Path::new(APP)).await;
    third.wait_for_value("sign-in-email", &admin.email).await;
    third.close().await;
}

/// Review finding M3 (and L5): a second start of Authdesk hands over to the running window and
/// quits, so two instances never race the settings file or fork the audit log.
#[tokio::test]
async fn a_second_start_hands_over_to_the_running_window() {
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.find_by_test_id("sign-in-form").await;
    let mut second = std::process::Command::new(APP)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut ended = None;
    for _ in 0..200 {
        ended = second.try_wait().unwrap();
        if ended.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    if ended.is_none() {
        let _ = second.kill();
    }
    let ended = ended.expect("the second start quit within 20 s");
    assert!(ended.success(), "and cleanly: {ended}");
    app.find_by_test_id("sign-in-form").await;
    app.close().await;
}
