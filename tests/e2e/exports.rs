//! In the real app, a tenant of 100,000 users exported from the users table: the file the
//! backend wrote (page by page, with progress) holds every one of them, in the view's order,
//! the same as the server's.

use std::path::Path;
use std::time::Duration;

use crate::support::desktop::save_in_dialog;
use crate::support::webdriver::TauriDriver;
use crate::support::{BareAdmin, Sandbox, accounts, artifacts_dir, temp_dir};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

#[tokio::test]
async fn a_hundred_thousand_users_are_exported_as_the_server_has_them() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "100000")]);
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(&sandbox.url).await;
    app.click(&app.find_by_test_id("export-users").await).await;
    app.find_by_test_id("export-column-plan").await;
    app.screenshot(&artifacts_dir().join("export-choose.png"))
        .await;
    app.click(&app.find_by_test_id("export-start").await).await;
    save_in_dialog("Export users", &temp_dir("export-100k").join("users.csv"));
    app.find_within(
        "[data-testid='export-summary'][data-state='running']",
        Duration::from_secs(30),
    )
    .await;
    app.screenshot(&artifacts_dir().join("export-progress.png"))
        .await;
    let done = app
        .find_within(
            "[data-testid='export-summary'][data-state='finished']",
            Duration::from_secs(300),
        )
        .await;
    let path = app.attribute(&done, "data-path").await.unwrap();
    app.screenshot(&artifacts_dir().join("export-finished.png"))
        .await;
    app.close().await;

    let text = std::fs::read_to_string(&path).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    // The view's order: newest first, as the table shows.
    let newest = bare
        .post_get(
            "admin/list-users",
            &[
                ("limit", "1"),
                ("sortBy", "createdAt"),
                ("sortDirection", "desc"),
            ],
        )
        .await;
    let oldest = bare
        .post_get(
            "admin/list-users",
            &[
                ("limit", "1"),
                ("sortBy", "createdAt"),
                ("sortDirection", "asc"),
            ],
        )
        .await;
    assert_eq!(rows.len() as u64, newest["total"].as_u64().unwrap());
    assert_eq!(rows.len() as u64, sandbox.users);
    let email_of =
        |page: &serde_json::Value| page["users"][0]["email"].as_str().unwrap().to_owned();
    assert!(rows[0].contains(&email_of(&newest)), "{}", rows[0]);
    assert!(
        rows[rows.len() - 1].contains(&email_of(&oldest)),
        "{}",
        rows[rows.len() - 1]
    );
    let unique: std::collections::HashSet<&str> = rows
        .iter()
        .map(|row| row.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(unique.len(), rows.len(), "every user once");
    std::fs::remove_file(&path).unwrap();
}
