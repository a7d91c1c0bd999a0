//! The fault suite in the real app: what a support engineer sees when the server is down,
//! fails, cuts the connection during a submit or ends their session, and when they type or
//! paste bad values into the forms. Each ends in a message where it belongs, and nothing typed
//! is lost. Screenshots of the error states go to the artifacts folder.

use std::path::Path;

use crate::support::webdriver::{App, TauriDriver, key};
use crate::support::{BareAdmin, Sandbox, Tried, accounts, artifacts_dir, dead_url, tally};
use serde_json::json;

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

/// Submits the form and waits for the message at `error_test_id`.
async fn refused_at(app: &App, submit: &str, error_test_id: &str, fragment: &str) {
    app.click(&app.find_by_test_id(submit).await).await;
    app.wait_for_text(error_test_id, fragment).await;
}

#[tokio::test]
async fn faults_and_bad_input_in_the_app_end_in_clear_messages_and_lose_nothing() {
    let sandbox = Sandbox::start(&[("SANDBOX_FAULTS", "1"), ("SANDBOX_USERS", "40")]);
    let admin = accounts().admin;
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;

    // The window may call the app's admin commands and nothing else: not the settings store,
    // not a new window, not the file system, not an unknown command.
    for (command, args) in [
        ("plugin:store|load", json!({ "path": "settings.json" })),
        (
            "plugin:webview|create_webview_window",
            json!({ "options": { "label": "other" } }),
        ),
        ("plugin:fs|read_text_file", json!({ "path": "/etc/passwd" })),
        ("evaluate_anything", json!({})),
    ] {
        tally(
            Tried::BadInput,
            &format!("app: {command} called from the window"),
        );
        let refusal = app
            .execute_async(
                "const [command, args, done] = arguments;
                 window.__TAURI_INTERNALS__.invoke(command, args)
                   .then(() => done('allowed'), (error) => done(String(error)));",
                json!([command, args]),
            )
            .await;
        let refusal = refusal.as_str().unwrap_or_default();
        assert!(
            refusal.contains("not allowed") || refusal.contains("not found"),
            "{command}: {refusal}"
        );
    }

    // Sign-in: a server that is down, then a malformed email; the form keeps what was typed.
    tally(Tried::Fault, "app: server down at sign-in");
    let down = dead_url();
    app.submit_sign_in(&down, &admin.email, &admin.password)
        .await;
    app.wait_for_text("sign-in-error", "Could not reach the auth server")
        .await;
    app.wait_for_value("sign-in-base-url", &down).await;
    app.wait_for_value("sign-in-email", &admin.email).await;
    app.screenshot(&artifacts_dir().join("fault-server-down.png"))
        .await;
    tally(Tried::BadInput, "app: sign-in with a malformed email");
    app.submit_sign_in(&sandbox.url, "ada@@authdesk", &admin.password)
        .await;
    app.wait_for_text("sign-in-email-error", "not a valid email")
        .await;
    app.wait_for_value("sign-in-email", "ada@@authdesk").await;
    app.sign_in_as_admin(&sandbox.url).await;

    // The server fails a search: the error says so, the search text stays, Try again works.
    tally(Tried::Fault, "app: 500 on a search");
    sandbox
        .inject(
            json!([{ "path": "/admin/list-users", "kind": "status", "status": 500,
            "times": 1, "body": "{}" }]),
        )
        .await;
    app.fill(&app.find_by_test_id("users-search").await, "grace@")
        .await;
    app.wait_for_text("users-error", "server").await;
    app.screenshot(&artifacts_dir().join("fault-server-error.png"))
        .await;
    app.wait_for_value("users-search", "grace@").await;
    app.click(&app.find_by_test_id("users-retry").await).await;
    app.wait_for_text("user-table", "grace@authdesk.test").await;

    // The create dialog: each bad value is refused at its field and everything typed stays.
    app.fill(&app.find_by_test_id("users-search").await, "")
        .await;
    app.click(&app.find_by_test_id("new-user").await).await;
    let email = "dropped.connection@authdesk.test";
    app.fill(&app.find_by_test_id("create-email").await, "not-an-email")
        .await;
    app.fill(
        &app.find_by_test_id("create-name").await,
        "Zoë Dropped 山田",
    )
    .await;
    app.fill(&app.find_by_test_id("create-roles").await, "user, support")
        .await;
    app.paste("create-data", r#"'{"plan": "pro", "seats": 3}'"#)
        .await;
    tally(Tried::BadInput, "app: malformed email");
    refused_at(
        &app,
        "create-submit",
        "create-email-error",
        "not a valid email",
    )
    .await;
    app.screenshot(&artifacts_dir().join("bad-input-email.png"))
        .await;
    tally(Tried::BadInput, "app: 300-character email");
    app.paste(
        "create-email",
        &format!("'{}@authdesk.test'", "b".repeat(290)),
    )
    .await;
    refused_at(
        &app,
        "create-submit",
        "create-email-error",
        "254 characters",
    )
    .await;
    app.fill(&app.find_by_test_id("create-email").await, email)
        .await;
    tally(Tried::BadInput, "app: name with a control character");
    app.paste("create-name", r#"'Zoë\u0007 Dropped'"#).await;
    refused_at(
        &app,
        "create-submit",
        "create-name-error",
        "hidden characters",
    )
    .await;
    tally(Tried::BadInput, "app: 10 MB name");
    app.paste("create-name", "'x'.repeat(10 * 1024 * 1024)")
        .await;
    refused_at(&app, "create-submit", "create-name-error", "200 characters").await;
    // WebKit keeps the first 524,288 characters an input is given; all of those stay.
    assert!(app.value_length("create-name").await >= 500_000);
    app.fill(
        &app.find_by_test_id("create-name").await,
        "Zoë Dropped 山田",
    )
    .await;
    tally(Tried::BadInput, "app: 10 MB of custom fields");
    app.paste(
        "create-data",
        "JSON.stringify({ notes: 'x'.repeat(10 * 1024 * 1024) })",
    )
    .await;
    refused_at(&app, "create-submit", "create-data-error", "16 KB at most").await;
    assert!(app.value_length("create-data").await > 10 * 1024 * 1024);
    tally(Tried::BadInput, "app: invalid JSON in custom fields");
    app.paste("create-data", r#"'{plan: pro}'"#).await;
    refused_at(&app, "create-submit", "create-data-error", "not valid JSON").await;
    app.screenshot(&artifacts_dir().join("bad-input-custom-fields.png"))
        .await;
    app.paste("create-data", r#"'{"plan": "pro"}'"#).await;

    // The connection drops during the submit: a message, the form as it was, and a retry.
    tally(Tried::Fault, "app: network drop during create-user");
    sandbox
        .inject(
            json!([{ "path": "/admin/create-user", "method": "POST", "kind": "drop", "times": 1 }]),
        )
        .await;
    refused_at(&app, "create-submit", "create-user-error", "connection").await;
    app.screenshot(&artifacts_dir().join("fault-network-drop.png"))
        .await;
    app.wait_for_value("create-email", email).await;
    app.wait_for_value("create-name", "Zoë Dropped 山田").await;
    app.wait_for_value("create-roles", "user, support").await;
    app.wait_for_value("create-data", r#"{"plan": "pro"}"#)
        .await;
    app.click(&app.find_by_test_id("create-submit").await).await;
    app.wait_for_text("toast-success", &format!("Created {email}"))
        .await;

    // Ban lengths no clock can hold are refused before anything is sent.
    app.open_user(&accounts().user.email).await;
    app.click(&app.find_by_test_id("ban").await).await;
    app.fill(&app.find_by_test_id("ban-reason").await, "Spam")
        .await;
    app.click(
        &app.find("[data-testid='ban-length'] option[value='5']")
            .await,
    )
    .await;
    for (amount, message) in [
        ("-5", "at least a minute"),
        ("0", "at least a minute"),
        ("NaN", "at least a minute"),
        ("three", "Enter a number"),
        ("1e12", "choose Permanent"),
    ] {
        tally(Tried::BadInput, &format!("app: ban length {amount}"));
        app.fill(&app.find_by_test_id("ban-amount").await, amount)
            .await;
        app.wait_for_text("ban-preview", message).await;
        app.click(&app.find_by_test_id("ban-submit").await).await;
        app.wait_for_text("ban-preview", message).await;
        app.wait_for_value("ban-amount", amount).await;
        app.wait_for_value("ban-reason", "Spam").await;
    }
    app.screenshot(&artifacts_dir().join("bad-input-ban-length.png"))
        .await;
    app.send_keys_to_page(key::ESCAPE).await;
    app.wait_for_text("detail-status", "Active").await;

    // Another admin revokes this admin's sessions: the next action lands on the sign-in form,
    // with the reason and the email filled in.
    tally(Tried::Fault, "app: session revoked by another admin");
    let other = BareAdmin::sign_in(&sandbox.url, &accounts().admins[0]).await;
    let admin_id = other.user_id_of(&admin.email).await;
    other
        .post("admin/revoke-user-sessions", json!({ "userId": admin_id }))
        .await;
    app.click(&app.find_by_test_id("panel-close").await).await;
    app.fill(&app.find_by_test_id("users-search").await, "alan")
        .await;
    app.wait_for_text("sign-in-error", "Sign in again").await;
    app.wait_for_value("sign-in-email", &admin.email).await;
    app.screenshot(&artifacts_dir().join("fault-session-revoked.png"))
        .await;
    app.close().await;
}
