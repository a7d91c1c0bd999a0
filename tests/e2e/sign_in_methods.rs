//! In the real app, every way an admin signs in: two-factor with an authenticator (and a
//! restart that needs no code), a trusted computer, the refusals of the second step, backup
//! codes and codes by email, and signing in with an emailed code or a pasted magic link.

use std::path::Path;

use crate::support::sign_in::Mailbox;
use crate::support::webdriver::{App, TauriDriver};
use crate::support::{Account, Sandbox, accounts, artifacts_dir, auth_url};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

fn code_now(account: &Account) -> String {
    account.two_factor.as_ref().unwrap().code_now()
}

fn wrong_code(account: &Account) -> &'static str {
    account.two_factor.as_ref().unwrap().wrong_code()
}

async fn users_shown(app: &App) {
    app.find("[data-testid^='user-row-']").await;
}

#[tokio::test]
async fn an_authenticator_code_signs_in_and_a_restart_asks_for_none() {
    let driver = TauriDriver::start().await;
    let barbara = accounts().totp_admin;
    let app = driver.launch(Path::new(APP)).await;
    app.submit_sign_in(&auth_url(), &barbara.email, &barbara.password)
        .await;
    app.find_by_test_id("second-factor").await;
    app.screenshot(&artifacts_dir().join("second-factor.png"))
        .await;

    let wrong = wrong_code(&barbara);
    app.submit_second_factor(wrong).await;
    app.wait_for_text("second-factor-code-error", "not right")
        .await;
    app.wait_for_value("second-factor-code", wrong).await;
    app.submit_second_factor(&code_now(&barbara)).await;
    users_shown(&app).await;
    app.close().await;

    let again = driver.launch(Path::new(APP)).await;
    users_shown(&again).await;
    again.click(&again.find_by_test_id("sign-out").await).await;
    again.find_by_test_id("sign-in-form").await;
    again.close().await;
}

#[tokio::test]
async fn a_trusted_computer_skips_the_second_step_until_it_is_forgotten() {
    let driver = TauriDriver::start().await;
    let barbara = accounts().totp_admin;
    let app = driver.launch(Path::new(APP)).await;
    app.submit_sign_in(&auth_url(), &barbara.email, &barbara.password)
        .await;
    app.click(&app.find_by_test_id("trust-computer").await)
        .await;
    app.submit_second_factor(&code_now(&barbara)).await;
    users_shown(&app).await;

    app.click(&app.find_by_test_id("sign-out").await).await;
    app.wait_for_text("trusted-computer", "skips two-step verification")
        .await;
    app.screenshot(&artifacts_dir().join("trusted-computer.png"))
        .await;
    app.submit_password(&barbara.password).await;
    users_shown(&app).await;
    assert!(
        app.find_now("[data-testid='second-factor']")
            .await
            .is_none()
    );

    app.click(&app.find_by_test_id("sign-out").await).await;
    app.click(&app.find_by_test_id("forget-computer").await)
        .await;
    app.wait_until_gone("[data-testid='trusted-computer']")
        .await;
    app.submit_password(&barbara.password).await;
    app.find_by_test_id("second-factor").await;
    app.close().await;
}

#[tokio::test]
async fn an_ended_second_step_goes_back_to_the_password_as_it_was_typed() {
    // Servers of its own: wrong codes count towards the account's lockout.
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "0")]);
    let hurried = Sandbox::start(&[("SANDBOX_USERS", "0"), ("SANDBOX_TWO_FACTOR_SECONDS", "2")]);
    let driver = TauriDriver::start().await;
    let frances = accounts().totp_admin_for_mistakes;
    let app = driver.launch(Path::new(APP)).await;

    app.submit_sign_in(&sandbox.url, &frances.email, &frances.password)
        .await;
    for _ in 0..5 {
        app.submit_second_factor(wrong_code(&frances)).await;
        app.wait_for_text("second-factor-code-error", "not right")
            .await;
    }
    app.submit_second_factor(&code_now(&frances)).await;
    app.wait_for_text("sign-in-error", "Too many wrong codes")
        .await;
    app.wait_for_value("sign-in-password", &frances.password)
        .await;
    app.wait_for_value("sign-in-email", &frances.email).await;

    app.fill(&app.find_by_test_id("sign-in-base-url").await, &hurried.url)
        .await;
    app.click(&app.find_by_test_id("sign-in-submit").await)
        .await;
    app.find_by_test_id("second-factor").await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    app.submit_second_factor(&code_now(&frances)).await;
    app.wait_for_text("sign-in-error", "expired").await;
    app.wait_for_value("sign-in-password", &frances.password)
        .await;

    // Starting again goes through.
    app.click(&app.find_by_test_id("sign-in-submit").await)
        .await;
    app.submit_second_factor(&code_now(&frances)).await;
    users_shown(&app).await;
    app.close().await;
}

#[tokio::test]
async fn a_backup_code_or_a_code_by_email_is_a_second_factor() {
    // A server of its own: a backup code works once.
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "0")]);
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    let barbara = accounts().totp_admin;
    app.submit_sign_in(&sandbox.url, &barbara.email, &barbara.password)
        .await;
    app.click(&app.find_by_test_id("second-factor-backup-code").await)
        .await;
    let backup = barbara.two_factor.as_ref().unwrap().backup_codes[3].clone();
    app.submit_second_factor(&backup).await;
    users_shown(&app).await;
    app.click(&app.find_by_test_id("sign-out").await).await;

    let radia = accounts().otp_admin;
    app.submit_sign_in(&sandbox.url, &radia.email, &radia.password)
        .await;
    let mark = sandbox.mailbox.mark();
    app.click(&app.find_by_test_id("send-second-factor-code").await)
        .await;
    let code = sandbox.mailbox.code(&mark, &radia.email, "two-factor-code");
    app.submit_second_factor(&code).await;
    users_shown(&app).await;
    app.close().await;
}

#[tokio::test]
async fn an_emailed_code_or_a_pasted_link_signs_in_without_a_password() {
    let driver = TauriDriver::start().await;
    let hedy = accounts().passwordless_admin;
    let mailbox = Mailbox::shared();
    let app = driver.launch(Path::new(APP)).await;
    app.fill(&app.find_by_test_id("sign-in-base-url").await, &auth_url())
        .await;
    app.click(&app.find_by_test_id("method-email-code").await)
        .await;
    app.fill(&app.find_by_test_id("sign-in-email").await, &hedy.email)
        .await;
    let mark = mailbox.mark();
    app.click(&app.find_by_test_id("sign-in-submit").await)
        .await;
    let code = mailbox.code(&mark, &hedy.email, "sign-in-code");
    app.fill(&app.find_by_test_id("sign-in-code").await, &code)
        .await;
    app.screenshot(&artifacts_dir().join("sign-in-email-code.png"))
        .await;
    app.click(&app.find_by_test_id("sign-in-submit").await)
        .await;
    users_shown(&app).await;
    app.click(&app.find_by_test_id("sign-out").await).await;

    app.click(&app.find_by_test_id("method-magic-link").await)
        .await;
    // As a person would, send once the button says what it sends: a click a few milliseconds
    // after the tab's reaches the form as it was drawn before.
    app.wait_for_text("sign-in-submit", "Email me a link").await;
    let mark = mailbox.mark();
    app.click(&app.find_by_test_id("sign-in-submit").await)
        .await;
    let link = mailbox.link(&mark, &hedy.email);
    let elsewhere = link.replacen("127.0.0.1", "localhost", 1);
    app.paste("sign-in-link", &serde_json::to_string(&elsewhere).unwrap())
        .await;
    app.click(&app.find_by_test_id("sign-in-submit").await)
        .await;
    app.wait_for_text("sign-in-link-error", "another server")
        .await;
    app.screenshot(&artifacts_dir().join("sign-in-magic-link.png"))
        .await;
    app.paste("sign-in-link", &serde_json::to_string(&link).unwrap())
        .await;
    app.click(&app.find_by_test_id("sign-in-submit").await)
        .await;
    users_shown(&app).await;
    app.close().await;
}

/// Any folder a sign-on window left in the temporary folder.
fn sign_on_folders() -> Vec<std::path::PathBuf> {
    std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("authdesk-sign-on-"))
        })
        .collect()
}

#[tokio::test]
async fn single_sign_on_goes_through_a_window_of_its_own_that_keeps_nothing() {
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.add_profile("Company", &auth_url(), "sandbox-idp").await;
    let button = app.find_by_test_id("sign-on-sandbox-idp").await;
    app.screenshot(&artifacts_dir().join("sign-in-single-sign-on.png"))
        .await;

    // The identity provider has the main admin signed in already: the window comes back at once
    // (a minute allowed: the server's first look at the provider's discovery document, on a
    // loaded machine).
    let rows = "[data-testid^='user-row-']";
    app.click(&button).await;
    app.find_within(rows, std::time::Duration::from_secs(60))
        .await;
    let admin = accounts().admin;
    app.wait_for_text("admin-name", &admin.name).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !sign_on_folders().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "left behind: {:?}",
            sign_on_folders()
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    // Signed out and in again the same way: no window was left open to refuse it.
    app.click(&app.find_by_test_id("sign-out").await).await;
    app.click(&app.find_by_test_id("sign-on-sandbox-idp").await)
        .await;
    app.find_within(rows, std::time::Duration::from_secs(60))
        .await;
    app.close().await;
}
