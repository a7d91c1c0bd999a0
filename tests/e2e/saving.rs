//! Exports in the real app go where the desktop's own save dialog says, driven as a person
//! drives it (xdotool under Xvfb), and "Show in folder" asks the desktop's file manager to show
//! that file. A dialog cancelled writes nothing and says nothing.

use std::path::Path;
use std::time::Duration;

use crate::support::desktop::{FileManager, press_keys, save_in_dialog};
use crate::support::webdriver::TauriDriver;
use crate::support::{artifacts_dir, auth_url, temp_dir};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

#[tokio::test]
async fn an_export_goes_where_the_save_dialog_says_and_is_shown_in_its_folder() {
    let file_manager = FileManager::start();
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(&auth_url()).await;
    let folder = temp_dir("saved-exports");

    // The users: the dialog opens over the window, the file goes where it was told.
    app.click(&app.find_by_test_id("export-users").await).await;
    app.click(&app.find_by_test_id("export-start").await).await;
    let users_file = folder.join("users for ticket 4711.csv");
    save_in_dialog("Export users", &users_file);
    let done = app
        .find_within(
            "[data-testid='export-summary'][data-state='finished']",
            Duration::from_secs(60),
        )
        .await;
    assert_eq!(
        app.attribute(&done, "data-path").await.as_deref(),
        users_file.to_str()
    );
    let text = std::fs::read_to_string(&users_file).unwrap();
    let written: usize = app
        .attribute(&done, "data-written")
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        text.lines().count(),
        written + 1,
        "a heading and every user"
    );
    assert!(written > 0);
    app.screenshot(&artifacts_dir().join("export-saved.png"))
        .await;
    app.click(&app.find_by_test_id("show-in-folder").await)
        .await;
    let uri = |path: &Path| format!("file://{}", path.display()).replace(' ', "%20");
    assert_eq!(file_manager.shown(), vec![uri(&users_file)]);
    app.click(&app.find_by_test_id("export-close").await).await;

    // The audit log: cancelled first (nothing happens), then saved.
    app.click(&app.find_by_test_id("tab-audit").await).await;
    app.click(&app.find_by_test_id("export-csv").await).await;
    press_keys("Export the audit log", &["Escape"]);
    app.click(&app.find_by_test_id("export-csv").await).await;
    let audit_file = folder.join("audit.csv");
    save_in_dialog("Export the audit log", &audit_file);
    app.wait_for_text(
        "toast-success",
        &format!("Exported to {}", audit_file.display()),
    )
    .await;
    let audit = std::fs::read_to_string(&audit_file).unwrap();
    assert!(audit.contains("export-users"), "the users export is in it");
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        2,
        "the two files saved, and nothing for the cancelled one"
    );
    app.close().await;
}
