//! In the real app, a spam wave banned in bulk against a server with its rate limit on: the
//! whole view selected, the plan shown with who is left out and why, the progress moving while
//! the backend waits out the limit, a stop halfway, and the rest banned after. The server ends
//! with every one of them banned.

use std::path::Path;
use std::time::Duration;

use serde_json::json;

use crate::support::webdriver::{App, TauriDriver};
use crate::support::{BareAdmin, Sandbox, accounts, artifacts_dir};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

/// Shows only the users not banned now and selects every one of them.
async fn select_everyone_not_banned(app: &App) {
    app.execute_async(
        "const [done] = arguments; const filter = document.querySelector('[data-testid=users-filter]');
         filter.value = 'active'; filter.dispatchEvent(new Event('change', { bubbles: true })); done(true);",
        json!([]),
    )
    .await;
    // The new view loads (the old rows stay, dimmed, until it has).
    tokio::time::sleep(Duration::from_millis(600)).await;
    app.wait_until_gone(".users--stale").await;
    app.click(&app.find_by_test_id("select-page").await).await;
    app.click(&app.find_by_test_id("bulk-select-all").await)
        .await;
    app.wait_for_text("bulk-count", "matching").await;
}

async fn ban_selected(app: &App) {
    app.click(&app.find_by_test_id("bulk-ban").await).await;
    app.fill(&app.find_by_test_id("ban-reason").await, "Spam wave")
        .await;
    app.click(&app.find_by_test_id("ban-submit").await).await;
    app.find_within("[data-testid='bulk-plan']", Duration::from_secs(60))
        .await;
}

#[tokio::test]
async fn a_spam_wave_is_banned_in_bulk_within_the_rate_limit() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "1000"), ("SANDBOX_RATE_LIMIT", "1")]);
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(&sandbox.url).await;
    select_everyone_not_banned(&app).await;
    ban_selected(&app).await;
    let summary = app.wait_for_text("bulk-plan-summary", "left out").await;
    app.wait_for_text("bulk-plan-skipped", "That is you.").await;
    app.screenshot(&artifacts_dir().join("bulk-plan.png")).await;
    assert!(summary.contains("will be changed"), "{summary}");

    // It runs, the progress moves, and the server's limit is waited out in the open.
    app.click(&app.find_by_test_id("bulk-start").await).await;
    app.find_within("[data-testid='bulk-waiting']", Duration::from_secs(60))
        .await;
    app.screenshot(&artifacts_dir().join("bulk-progress.png"))
        .await;
    let done_now = || async {
        app.attribute(&app.find_by_test_id("bulk-summary").await, "data-done")
            .await
            .unwrap()
            .parse::<u64>()
            .unwrap()
    };
    while done_now().await < 300 {
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    app.click(&app.find_by_test_id("bulk-stop").await).await;
    app.find_within(
        "[data-testid='bulk-summary'][data-state='cancelled']",
        Duration::from_secs(60),
    )
    .await;
    let stopped = app.wait_for_text("bulk-summary", "not done").await;
    app.click(&app.find_by_test_id("bulk-close").await).await;

    // The rest: the same view planned again leaves out those banned already.
    select_everyone_not_banned(&app).await;
    ban_selected(&app).await;
    app.click(&app.find_by_test_id("bulk-start").await).await;
    app.find_within(
        "[data-testid='bulk-summary'][data-state='finished']",
        Duration::from_secs(240),
    )
    .await;
    app.screenshot(&artifacts_dir().join("bulk-finished.png"))
        .await;
    app.click(&app.find_by_test_id("bulk-close").await).await;

    // On the server, nobody but admins is left unbanned.
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    let left = bare
        .post_get(
            "admin/list-users",
            &[
                ("filterField", "banned"),
                ("filterOperator", "ne"),
                ("filterValue", "true"),
                ("limit", "100"),
            ],
        )
        .await;
    let unbanned: Vec<&serde_json::Value> = left["users"].as_array().unwrap().iter().collect();
    assert!(
        unbanned
            .iter()
            .all(|user| user["role"].as_str().unwrap().contains("admin")),
        "still not banned after {stopped}: {:?}",
        unbanned
            .iter()
            .map(|user| &user["email"])
            .collect::<Vec<_>>()
    );
    app.close().await;
}
