//! In the real app, from the keyboard: the palette (Ctrl+K) finds a user by part of their email
//! and opens them, goes to the audit log, and `?` lists every shortcut; Space selects the row
//! the arrows are on.

use std::path::Path;

use crate::support::webdriver::TauriDriver;
use crate::support::{artifacts_dir, auth_url};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");
/// WebDriver's keys.
const CONTROL: &str = "\u{E009}";
const ENTER: &str = "\u{E007}";
const DOWN: &str = "\u{E015}";

#[tokio::test]
async fn the_palette_finds_and_opens_a_user_by_part_of_their_email() {
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(&auth_url()).await;
    app.find_by_test_id("user-total").await;

    app.press_with(CONTROL, "k").await;
    let input = app.find_by_test_id("palette-input").await;
    app.fill(&input, "grace@auth").await;
    app.wait_for_text("palette-items", "grace@authdesk.test")
        .await;
    app.screenshot(&artifacts_dir().join("palette-user.png"))
        .await;
    app.keys(&input, ENTER).await;
    app.wait_for_text("user-panel", "grace@authdesk.test").await;
    app.wait_until_gone("[data-testid='palette']").await;
    app.send_keys_to_page("\u{E00C}").await; // Escape closes the user
    app.wait_until_gone("[data-testid='user-panel']").await;

    // A page by name: the audit log.
    app.click(&app.find_by_test_id("open-palette").await).await;
    let input = app.find_by_test_id("palette-input").await;
    app.fill(&input, "audit").await;
    app.keys(&input, ENTER).await;
    app.find_by_test_id("audit-admin").await;
    app.click(&app.find_by_test_id("tab-users").await).await;
    app.find_by_test_id("user-total").await;

    // `?` lists the shortcuts.
    app.send_keys_to_page("?").await;
    app.wait_for_text("shortcuts", "Select the row").await;
    app.screenshot(&artifacts_dir().join("shortcuts.png")).await;
    app.click(&app.find_by_test_id("shortcuts-close").await)
        .await;
    app.wait_until_gone("[data-testid='shortcuts']").await;

    // ↓ to the first row, Space selects it.
    app.send_keys_to_page(&format!("{DOWN} ")).await;
    app.wait_for_text("bulk-count", "1 user").await;
    app.close().await;
}
