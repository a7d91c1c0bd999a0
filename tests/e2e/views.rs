//! In the real app: a view of several conditions shows what the same question worked out from
//! the server's data gives, says that Authdesk filtered it, and comes back after a restart
//! once saved.

use std::path::Path;

use crate::support::webdriver::{App, TauriDriver, key};
use crate::support::{BareAdmin, Sandbox, accounts, artifacts_dir, thousands};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

/// Users on the team plan who are not banned, counted by hand from the server's pages.
async fn team_users_not_banned(bare: &BareAdmin) -> u64 {
    let team = bare
        .every_user(&[("filterField", "plan"), ("filterValue", "team")])
        .await;
    team.iter().filter(|user| user["banned"] != true).count() as u64
}

async fn total_shown(app: &App) -> String {
    let total = app.find_by_test_id("user-total").await;
    app.attribute(&total, "data-total")
        .await
        .unwrap_or_default()
}

#[tokio::test]
async fn a_compound_view_matches_the_server_and_a_saved_one_comes_back_after_a_restart() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "1500")]);
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    let expected = team_users_not_banned(&bare).await;
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(&sandbox.url).await;

    app.choose("users-filter", "active").await;
    app.choose("users-filter", "field:plan").await;
    let value = app.find_by_test_id("condition-plan").await;
    app.fill(&value, "team").await;
    app.keys(&value, key::ENTER).await; // Enter applies it
    app.screenshot(&artifacts_dir().join("view-compound-typed.png"))
        .await;
    app.wait_for_text("scan-label", "Filtered in Authdesk")
        .await;
    app.wait_until_gone(".users--stale").await;
    app.wait_for_text("users-range", &format!("of {}", thousands(expected)))
        .await;
    assert_eq!(total_shown(&app).await, expected.to_string());
    app.screenshot(&artifacts_dir().join("view-compound.png"))
        .await;

    app.click(&app.find_by_test_id("view-save-as").await).await;
    // A name is needed: the box says so and keeps the view unsaved.
    app.click(&app.find_by_test_id("view-save").await).await;
    app.wait_for_text("view-name-error", "Name the view").await;
    app.fill(&app.find_by_test_id("view-name").await, "Team plans")
        .await;
    app.click(&app.find_by_test_id("view-save").await).await;
    app.find_by_test_id("view-delete").await;
    app.wait_for_value("saved-views", "Team plans").await;
    app.close().await;

    // The next start shows the saved view again, conditions and all.
    let again = driver.launch(Path::new(APP)).await;
    again
        .wait_for_text("scan-label", "Filtered in Authdesk")
        .await;
    again.wait_for_value("saved-views", "Team plans").await;
    again.wait_for_value("condition-plan", "team").await;
    assert_eq!(total_shown(&again).await, expected.to_string());
    again
        .screenshot(&artifacts_dir().join("view-restored.png"))
        .await;

    // Everyone again: the view is left, and the full count is back.
    again.choose("users-filter", "everyone").await;
    again
        .wait_for_text("users-range", &format!("of {}", thousands(sandbox.users)))
        .await;
    assert!(again.find_now("[data-testid='scan-label']").await.is_none());
    again.close().await;
}
