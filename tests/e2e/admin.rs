//! End to end in the real app against the sandbox (1,000+ users): the users table (search,
//! role filter, sort, paging) and a support engineer's work on one user (create, edit, roles,
//! password, sessions, delete). Screenshots of every screen go to the artifacts folder.

use std::path::Path;

use crate::support::webdriver::{App, TauriDriver, key};
use crate::support::{Sandbox, admin_count, artifacts_dir, auth_url, thousands, user_total};
use serde_json::json;

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

async fn signed_in_app(driver: &TauriDriver, server: &str) -> App {
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(server).await;
    app
}

/// The text of one column for every row on screen.
async fn column(app: &App, index: usize) -> Vec<String> {
    // Counted after the selection column's boxes.
    let cell = index + 1;
    let script = format!(
        "return [...document.querySelectorAll('[data-testid^=\"user-row-\"] td:nth-child({cell})')].map(td => td.innerText)"
    );
    let value = app.execute(&script).await;
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|cell| cell.as_str().unwrap().to_owned())
        .collect()
}

/// Where each column's heading starts, in pixels from the table's left edge.
async fn column_edges(app: &App) -> Vec<i64> {
    let script = "const table = document.querySelector('[data-testid=\"user-table\"]'); \
        const left = table.getBoundingClientRect().left; \
        return [...table.querySelectorAll('thead th')].map(th => Math.round(th.getBoundingClientRect().left - left))";
    let value = app.execute(script).await;
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|edge| edge.as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_users_table_searches_filters_sorts_and_pages_on_the_server() {
    let driver = TauriDriver::start().await;
    let app = signed_in_app(&driver, &auth_url()).await;
    let total = user_total();
    app.wait_for_text("users-range", &format!("1–25 of {}", thousands(total)))
        .await;
    app.screenshot(&artifacts_dir().join("users-table.png"))
        .await;
    // The table scrolls within the window; the window itself has nothing more to show.
    let beyond = app
        .execute(
            "const page = document.scrollingElement; return page.scrollHeight - page.clientHeight",
        )
        .await;
    assert_eq!(beyond, json!(0), "the window scrolls by this many pixels");
    let edges = column_edges(&app).await;

    // Search: debounced, server-side, by email or name.
    app.keys(&app.find_by_test_id("users-search").await, "grace@authdesk")
        .await;
    app.wait_for_text("user-table", "grace@authdesk.test").await;
    app.wait_until_gone(".users--stale").await;
    assert_eq!(
        app.text(&app.find_by_test_id("users-range").await).await,
        "1–1 of 1"
    );
    assert_eq!(column(&app, 2).await, ["grace@authdesk.test"]);
    assert_eq!(
        column_edges(&app).await,
        edges,
        "the columns stay where they were while the rows change"
    );
    app.choose("users-search-field", "name").await;
    app.fill(&app.find_by_test_id("users-search").await, "Alan T")
        .await;
    app.choose("users-search-operator", "starts_with").await;
    app.wait_for_text("user-table", "Alan Turing").await;
    app.wait_until_gone(".users--stale").await;
    assert_eq!(column(&app, 1).await, ["Alan Turing"]);
    // Alan is "user,admin": the row shows the role that tells more and "+1", and pointing at
    // them lists both.
    assert_eq!(
        app.text(&app.find("td.users__roles .chip--more").await)
            .await,
        "+1"
    );
    let roles = app.find("[data-testid='user-table'] td.users__roles").await;
    app.hover(&roles).await;
    assert_eq!(app.property(&roles, "title").await, "admin, user");
    app.fill(&app.find_by_test_id("users-search").await, "")
        .await;
    app.wait_for_text("users-range", &format!("of {}", thousands(total)))
        .await;

    // Filter by role: multi-role users count ("user,admin"), and each row shows the role.
    app.choose("users-filter", "role").await;
    let admins = admin_count();
    app.wait_for_text("users-range", &format!("1–{admins} of {admins}"))
        .await;
    let roles = column(&app, 3).await;
    assert!(
        !roles.is_empty() && roles.iter().all(|cell| cell.contains("admin")),
        "{roles:?}"
    );
    assert!(
        column(&app, 2)
            .await
            .contains(&"alan@authdesk.test".to_owned())
    );
    app.screenshot(&artifacts_dir().join("users-filter-admin.png"))
        .await;
    app.choose("users-filter", "everyone").await;
    app.wait_for_text("users-range", &format!("of {}", thousands(total)))
        .await;

    // Sort by clicking a header: ascending, then descending.
    app.click(&app.find_by_test_id("sort-email").await).await;
    app.wait_for_text("sort-email", "▲").await;
    app.wait_until_gone(".users--stale").await;
    let ascending = column(&app, 2).await;
    assert!(
        ascending.windows(2).all(|pair| pair[0] <= pair[1]),
        "{ascending:?}"
    );
    app.click(&app.find_by_test_id("sort-email").await).await;
    app.wait_for_text("sort-email", "▼").await;
    app.wait_until_gone(".users--stale").await;
    let descending = column(&app, 2).await;
    assert!(
        descending.windows(2).all(|pair| pair[0] >= pair[1]),
        "{descending:?}"
    );

    // Page size and paging.
    app.choose("page-size", "50").await;
    app.wait_for_text("users-range", &format!("1–50 of {}", thousands(total)))
        .await;
    app.wait_until_gone(".users--stale").await;
    let first_page = column(&app, 2).await;
    app.click(&app.find_by_test_id("page-next").await).await;
    app.wait_for_text("users-range", &format!("51–100 of {}", thousands(total)))
        .await;
    app.wait_until_gone(".users--stale").await;
    let second_page = column(&app, 2).await;
    assert_eq!(second_page.len(), 50);
    assert!(second_page.iter().all(|email| !first_page.contains(email)));
    app.screenshot(&artifacts_dir().join("users-page-2.png"))
        .await;

    // The keyboard: `/` focuses search, arrows move, Enter opens, Esc closes.
    app.send_keys_to_page("/").await;
    let focused = app
        .execute("return document.activeElement.dataset.testid")
        .await;
    assert_eq!(focused, "users-search");
    app.execute("document.activeElement.blur()").await;
    app.send_keys_to_page(key::DOWN).await; // ArrowDown
    app.send_keys_to_page(key::ENTER).await; // Enter
    app.find_by_test_id("user-panel").await;
    app.send_keys_to_page(key::ESCAPE).await; // Escape
    app.wait_until_gone("[data-testid='user-panel']").await;
    // The table is as it was left.
    app.wait_for_text("users-range", &format!("51–100 of {}", thousands(total)))
        .await;
    app.close().await;
}

#[tokio::test]
async fn a_support_engineer_creates_edits_and_deletes_a_user() {
    // A server of its own: the users it adds and deletes must not change other tests' counts.
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "1000")]);
    let server = sandbox.url.as_str();
    let driver = TauriDriver::start().await;
    let app = signed_in_app(&driver, server).await;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    let email = format!("e2e-{stamp}@authdesk.test");

    // Create: a refused email is shown at its field and nothing typed is lost.
    app.click(&app.find_by_test_id("new-user").await).await;
    app.fill(
        &app.find_by_test_id("create-email").await,
        "ada@authdesk.test",
    )
    .await;
    app.fill(&app.find_by_test_id("create-name").await, "Zoë E2E")
        .await;
    app.fill(
        &app.find_by_test_id("create-password").await,
        "first-pass-123",
    )
    .await;
    app.fill(&app.find_by_test_id("create-roles").await, "user")
        .await;
    app.click(&app.find_by_test_id("create-submit").await).await;
    app.wait_for_text("create-email-error", "already has this email")
        .await;
    let name = app.find_by_test_id("create-name").await;
    assert_eq!(app.property(&name, "value").await, "Zoë E2E");
    app.screenshot(&artifacts_dir().join("create-user-refused.png"))
        .await;
    app.fill(&app.find_by_test_id("create-email").await, &email)
        .await;
    app.click(&app.find_by_test_id("create-submit").await).await;
    app.wait_for_text("detail-email", &email).await;
    app.wait_for_text("toast-success", "Created").await;

    // Edit the name inline.
    app.click(&app.find_by_test_id("edit-profile").await).await;
    app.fill(&app.find_by_test_id("edit-name").await, "Zoë Renamed")
        .await;
    app.click(&app.find_by_test_id("edit-save").await).await;
    app.wait_for_text("detail-name", "Zoë Renamed").await;

    // Several roles.
    app.fill(&app.find_by_test_id("roles-input").await, "user, support")
        .await;
    app.click(&app.find_by_test_id("roles-save").await).await;
    app.wait_for_text("detail-roles", "support").await;

    // A password, then the user signs in with it through the API.
    app.fill(
        &app.find_by_test_id("password-new").await,
        "second-pass-456",
    )
    .await;
    app.fill(
        &app.find_by_test_id("password-confirm").await,
        "second-pass-45",
    )
    .await;
    app.click(&app.find_by_test_id("password-save").await).await;
    app.wait_for_text("password-confirm-error", "not the same")
        .await;
    app.fill(
        &app.find_by_test_id("password-confirm").await,
        "second-pass-456",
    )
    .await;
    app.click(&app.find_by_test_id("password-save").await).await;
    app.wait_for_text("toast-success", "Password set").await;
    let user_session = UserSession::sign_in(server, &email, "second-pass-456")
        .await
        .expect("the user signs in with the new password");
    assert!(user_session.is_signed_in().await);

    // Their session shows up in the panel and is revoked from it.
    app.click(&app.find_by_test_id("panel-close").await).await;
    app.fill(&app.find_by_test_id("users-search").await, &email)
        .await;
    app.wait_for_text("users-range", "1–1 of 1").await;
    app.click_row(&app.find("[data-testid^='user-row-']").await)
        .await;
    app.find_by_test_id("revoke-session").await;
    app.screenshot(&artifacts_dir().join("user-panel.png"))
        .await;
    app.click(&app.find_by_test_id("revoke-session").await)
        .await;
    app.find_by_test_id("sessions-empty").await;
    assert!(
        !user_session.is_signed_in().await,
        "the revoked session no longer works"
    );

    // The panel is reachable by id too (pasted from a ticket, say).
    let user_id = app.text(&app.find_by_test_id("detail-id").await).await;
    app.click(&app.find_by_test_id("panel-close").await).await;
    app.keys(
        &app.find_by_test_id("open-user-id").await,
        &format!("{user_id}{}", key::ENTER),
    )
    .await;
    app.wait_for_text("detail-email", &email).await;

    // Delete, confirmed by typing the email.
    app.click(&app.find_by_test_id("delete-user").await).await;
    let accept = app.find_by_test_id("confirm-accept").await;
    assert_eq!(
        app.attribute(&accept, "disabled").await.as_deref(),
        Some("true")
    );
    app.fill(
        &app.find_by_test_id("confirm-typed").await,
        &email.to_uppercase(),
    )
    .await;
    app.screenshot(&artifacts_dir().join("delete-confirm.png"))
        .await;
    app.click(&app.find_by_test_id("confirm-accept").await)
        .await;
    app.wait_until_gone("[data-testid='user-panel']").await;
    app.wait_for_text("users-range", "No users").await;
    assert!(
        UserSession::sign_in(server, &email, "second-pass-456")
            .await
            .is_none(),
        "the user is gone"
    );
    app.close().await;
}

/// The user's own session, through plain HTTP as their browser would.
struct UserSession {
    http: reqwest::Client,
    server: String,
}

impl UserSession {
    /// Signs in as the user; `None` when the server refuses.
    async fn sign_in(server: &str, email: &str, password: &str) -> Option<Self> {
        let http = authdesk_client::http_client_builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let response = http
            .post(format!("{server}/sign-in/email"))
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap();
        let server = server.to_owned();
        response
            .status()
            .is_success()
            .then_some(Self { http, server })
    }

    async fn is_signed_in(&self) -> bool {
        let session: serde_json::Value = self
            .http
            .get(format!("{}/get-session", self.server))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        !session.is_null()
    }
}
