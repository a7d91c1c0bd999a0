//! In the real app, a support ticket worked from the user's panel: the server's own fields read
//! and edited in their typed editors (a bad value refused at the field, a good one saved on the
//! server), a reset mail sent once the profile knows the reset page, the address marked
//! verified, a new password that signs the user out everywhere, and two-factor turned off. Each
//! effect is checked on the server itself. Runs on SQLite and on PostgreSQL.

use std::path::Path;

use serde_json::json;

use crate::support::webdriver::{TauriDriver, key};
use crate::support::{BareAdmin, Sandbox, accounts, artifacts_dir};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

#[tokio::test]
async fn a_ticket_is_worked_from_the_users_panel() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    let email = "ticket.42@authdesk.test";
    let created = bare
        .post(
            "admin/create-user",
            json!({ "email": email, "password": "ticket-password-1", "name": "Tess Ticket",
                "role": "user", "data": { "plan": "pro", "seats": 3 } }),
        )
        .await;
    let id = created["user"]["id"].as_str().unwrap().to_owned();
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(&sandbox.url).await;
    app.open_user(email).await;

    // The server's fields, typed: a number refuses text at its field and keeps what was typed.
    app.wait_for_text("field-value-plan", "pro").await;
    app.click(&app.find_by_test_id("field-edit-seats").await)
        .await;
    app.fill(&app.find_by_test_id("field-input").await, "three")
        .await;
    app.click(&app.find_by_test_id("field-save").await).await;
    app.wait_for_text("field-input-error", "Type a number")
        .await;
    app.wait_for_value("field-input", "three").await;
    app.screenshot(&artifacts_dir().join("field-editor-refused.png"))
        .await;
    app.fill(&app.find_by_test_id("field-input").await, "12")
        .await;
    app.click(&app.find_by_test_id("field-save").await).await;
    app.wait_for_text("field-value-seats", "12").await;
    let on_server = bare.post_get("admin/get-user", &[("id", &id)]).await;
    assert_eq!(on_server["seats"], json!(12));
    app.click(&app.find_by_test_id("field-edit-beta").await)
        .await;
    let choice = app.find_by_test_id("field-input").await;
    app.execute_async(
        "const [done] = arguments; const select = document.querySelector('[data-testid=field-input]');
         select.value = 'yes'; select.dispatchEvent(new Event('change', { bubbles: true })); done(true);",
        json!([]),
    )
    .await;
    drop(choice);
    app.click(&app.find_by_test_id("field-save").await).await;
    app.wait_for_text("field-value-beta", "Yes").await;
    assert_eq!(
        bare.post_get("admin/get-user", &[("id", &id)]).await["beta"],
        json!(true)
    );

    // A reset mail: the profile learns its reset page at the field, then the mail goes out.
    let mail = &sandbox.mailbox;
    let mark = mail.mark();
    app.fill(
        &app.find_by_test_id("reset-page").await,
        "http://reset.example.com/",
    )
    .await;
    app.click(&app.find_by_test_id("send-password-reset").await)
        .await;
    app.wait_for_text("reset-page-error", "https://").await;
    app.screenshot(&artifacts_dir().join("support-reset-page.png"))
        .await;
    let page = format!(
        "{}/reset-password",
        sandbox.url.trim_end_matches("/api/auth")
    );
    app.fill(&app.find_by_test_id("reset-page").await, &page)
        .await;
    app.click(&app.find_by_test_id("send-password-reset").await)
        .await;
    app.wait_for_text("toast-success", "Password-reset email sent")
        .await;
    let letter = mail.letter(&mark, email, "password-reset");
    assert!(letter.url.unwrap().contains("/reset-password/"));

    // Marked verified: the button goes, the server agrees.
    app.click(&app.find_by_test_id("mark-verified").await).await;
    app.wait_until_gone("[data-testid='mark-verified']").await;
    assert_eq!(
        bare.post_get("admin/get-user", &[("id", &id)]).await["emailVerified"],
        json!(true)
    );
    app.screenshot(&artifacts_dir().join("support-actions.png"))
        .await;

    // A new password that signs them out everywhere (ticked by default).
    BareAdmin::sign_in(
        &sandbox.url,
        &crate::support::Account {
            email: email.into(),
            password: "ticket-password-1".into(),
            name: String::new(),
            two_factor: None,
        },
    )
    .await;
    assert_eq!(bare.sessions_of(&id).await.len(), 1);
    app.fill(
        &app.find_by_test_id("password-new").await,
        "new-ticket-password-2",
    )
    .await;
    app.fill(
        &app.find_by_test_id("password-confirm").await,
        "new-ticket-password-2",
    )
    .await;
    app.click(&app.find_by_test_id("password-save").await).await;
    app.wait_for_text("toast-success", "signed out everywhere")
        .await;
    assert!(bare.sessions_of(&id).await.is_empty());
    app.close().await;
}

#[tokio::test]
async fn two_factor_is_turned_off_for_someone_who_lost_their_phone() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(&sandbox.url).await;
    let lost = accounts().totp_admin;
    app.open_user(&lost.email).await;
    app.wait_for_text("two-factor-state", "is on").await;
    app.click(&app.find_by_test_id("reset-two-factor").await)
        .await;
    app.click(&app.find_by_test_id("confirm-accept").await)
        .await;
    app.wait_for_text("two-factor-state", "is off").await;
    // The user now signs in with the password alone: the server answers with a session.
    let signed_in = BareAdmin::sign_in(&sandbox.url, &lost).await;
    let own = signed_in.post_get("get-session", &[]).await;
    assert_eq!(own["user"]["email"], lost.email.as_str());
    app.close().await;
}

#[tokio::test]
async fn the_servers_fields_become_columns_that_stay_after_a_restart() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(&sandbox.url).await;
    app.click(&app.find("[data-testid='columns'] summary").await)
        .await;
    app.click(&app.find_by_test_id("column-company").await)
        .await;
    app.wait_for_text("column-head-company", "COMPANY").await;
    // With the core columns at their set widths, every heading shows whole, with room for its
    // sort arrow: none ends in "…".
    let clipped = app
        .execute("return [...document.querySelectorAll('[data-testid=\"user-table\"] thead th')].filter(th => th.scrollWidth > th.clientWidth).map(th => th.innerText)")
        .await;
    assert_eq!(clipped, json!([]), "headings too narrow for their text");
    // The menu closes as a menu does: at Escape, back on its button, and at a click outside.
    app.send_keys_to_page(key::ESCAPE).await;
    app.wait_until_gone("[data-testid='columns'][open]").await;
    app.wait_for_focus("[data-testid='columns'] summary").await;
    app.click(&app.find("[data-testid='columns'] summary").await)
        .await;
    app.find("[data-testid='columns'][open]").await;
    app.click(&app.find_by_test_id("column-plan").await).await;
    app.wait_for_text("column-head-plan", "PLAN").await;
    app.click(&app.find_by_test_id("users-search").await).await;
    app.wait_until_gone("[data-testid='columns'][open]").await;
    // Two fields fit beside the core columns in the default window: the name and the address
    // give way rather than the table scrolling sideways.
    let sideways = app
        .execute("const area = document.querySelector('.table-scroll'); return area.scrollWidth - area.clientWidth")
        .await;
    assert_eq!(
        sideways,
        json!(0),
        "the table scrolls sideways by this many pixels"
    );
    // Of that room the address, which runs longer, gets more than the name.
    let widths = app
        .execute("return ['name', 'email'].map(key => document.querySelector(`td.users__${key}`).getBoundingClientRect().width)")
        .await;
    let [name, email] = [0, 1].map(|column| widths[column].as_f64().unwrap());
    assert!(
        email > name,
        "the name's column is {name} px wide, the address's {email}"
    );
    let search = app.find_by_test_id("users-search").await;
    app.fill(&search, &accounts().user.email).await;
    app.wait_for_text("user-table", "Analytical Engines Ltd")
        .await;
    app.wait_for_text("users-range", "1–1 of 1").await;
    app.wait_until_gone(".users--stale").await;
    // Beside two fields the address still shows whole: the fields give way first.
    let address_cut = app
        .execute("const cell = document.querySelector('td.users__email'); return cell.scrollWidth - cell.clientWidth")
        .await;
    assert_eq!(
        address_cut,
        json!(0),
        "the address is cut by this many pixels"
    );
    // Wider than its column, the company ends in "…": pointing at it shows it whole, and roles
    // that fit get no tooltip.
    let company = app.find("[data-testid='user-table'] td.users__field").await;
    app.hover(&company).await;
    assert_eq!(
        app.property(&company, "title").await,
        "Analytical Engines Ltd"
    );
    let roles = app.find("[data-testid='user-table'] td.users__roles").await;
    app.hover(&roles).await;
    assert_eq!(app.property(&roles, "title").await, "");
    app.screenshot(&artifacts_dir().join("clipped-cell.png"))
        .await;
    // Names match with their capitals on PostgreSQL: the window says so at a name search.
    app.execute_async(
        "const [done] = arguments; const field = document.querySelector('[data-testid=users-search-field]');
         field.value = 'name'; field.dispatchEvent(new Event('change', { bubbles: true })); done(true);",
        json!([]),
    )
    .await;
    app.fill(&search, "Charles").await;
    app.wait_for_text("name-search-note", "capitals").await;
    app.screenshot(&artifacts_dir().join("field-columns.png"))
        .await;
    app.close().await;

    // The column is kept in the profile: a restart shows it again.
    let again = driver.launch(Path::new(APP)).await;
    again.wait_for_text("column-head-company", "COMPANY").await;
    again.close().await;
}
