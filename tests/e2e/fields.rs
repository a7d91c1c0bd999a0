//! In the real app, input the backend would refuse is refused at the field that caused it, by
//! the same rules (`protocol::checks`), and what was typed stays: a proxy for this computer's
//! plain http, a search longer than any search, text that is not a user id. Forgetting a
//! deployment profile removes it from the sign-in form.

use std::path::Path;

use crate::support::desktop::{CONSOLE_WINDOW, press_keys};
use crate::support::webdriver::{TauriDriver, key};
use crate::support::{Sandbox, Tried, artifacts_dir, tally};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

#[tokio::test]
async fn errors_land_at_the_field_that_caused_them_and_keep_what_was_typed() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "20")]);
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;

    // A profile for this computer's server with a proxy: refused at the proxy field.
    tally(Tried::BadInput, "app: a proxy for a plain-http server");
    app.click(&app.find_by_test_id("add-profile").await).await;
    app.fill(&app.find_by_test_id("profile-name").await, "Local")
        .await;
    app.fill(&app.find_by_test_id("profile-base-url").await, &sandbox.url)
        .await;
    app.click(&app.find("details.advanced summary").await).await;
    let proxy = "http://proxy.example.com:3128";
    app.fill(&app.find_by_test_id("profile-proxy").await, proxy)
        .await;
    app.click(&app.find_by_test_id("profile-save").await).await;
    app.wait_for_text("profile-proxy-error", "only for https")
        .await;
    app.wait_for_value("profile-proxy", proxy).await;
    app.wait_for_value("profile-base-url", &sandbox.url).await;
    app.screenshot(&artifacts_dir().join("bad-input-proxy.png"))
        .await;

    // Without it the profile is saved, picked, and can be forgotten again.
    app.fill(&app.find_by_test_id("profile-proxy").await, "")
        .await;
    app.click(&app.find_by_test_id("profile-save").await).await;
    app.wait_for_text("sign-in-profile", "Local").await;
    app.wait_for_value("sign-in-base-url", &sandbox.url).await;
    app.screenshot(&artifacts_dir().join("sign-in-profile.png"))
        .await;
    app.click(&app.find_by_test_id("forget-profile").await)
        .await;
    app.wait_until_gone("[data-testid='sign-in-profile']").await;

    app.sign_in_as_admin(&sandbox.url).await;

    // A search longer than any search: said at the box, the table keeps its rows.
    tally(Tried::BadInput, "app: a 300-character search");
    app.paste("users-search", "'a'.repeat(300)").await;
    app.wait_for_text("users-search-error", "at most 256").await;
    assert_eq!(app.value_length("users-search").await, 300);
    assert!(app.find_now("[data-testid='users-error']").await.is_none());
    // Longer than the search's pause and a refusal's round trip: a search that had been sent
    // would have emptied the table by now.
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert!(app.find_now("[data-testid='users-empty']").await.is_none());
    assert!(app.find_now("[data-testid^='user-row-']").await.is_some());
    // Nothing is exported for a search that was never asked.
    assert!(
        app.find_now("[data-testid='export-users']:disabled")
            .await
            .is_some()
    );
    app.screenshot(&artifacts_dir().join("bad-input-search.png"))
        .await;
    // Nor by the menu's key: it goes to the box and its message.
    app.execute("document.activeElement.blur()").await;
    press_keys(CONSOLE_WINDOW, &["ctrl+e"]);
    app.wait_for_focus("[data-testid='users-search']").await;
    assert!(
        app.find_now("[data-testid='export-dialog']")
            .await
            .is_none()
    );
    app.fill(&app.find_by_test_id("users-search").await, "")
        .await;
    app.wait_until_gone("[data-testid='users-search-error']")
        .await;

    // Text that is not a user id opens nothing and stays in the box.
    tally(
        Tried::BadInput,
        "app: open a user by a path instead of an id",
    );
    let open_id = app.find_by_test_id("open-user-id").await;
    app.fill(&open_id, "../admin").await;
    app.keys(&open_id, key::ENTER).await;
    app.wait_for_text("open-user-id-error", "not a user id")
        .await;
    app.wait_for_value("open-user-id", "../admin").await;
    assert!(app.find_now("[data-testid='user-panel']").await.is_none());
    app.screenshot(&artifacts_dir().join("bad-input-user-id.png"))
        .await;
    app.close().await;
}
