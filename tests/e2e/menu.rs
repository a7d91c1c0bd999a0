//! The app menu in the real window, driven through the X server as a keyboard is: its keys
//! switch pages and open the palette, its items are chosen from the menu bar, and its Edit menu
//! selects, copies and pastes in the webview.

use std::path::Path;

use crate::support::desktop::{CONSOLE_WINDOW, clipboard, press_keys, set_clipboard, x_screenshot};
use crate::support::webdriver::TauriDriver;
use crate::support::{artifacts_dir, auth_url};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

/// Takes a picture of the whole screen, the open menu's own window and all.
fn screen_shot(name: &str) {
    x_screenshot("root", &artifacts_dir().join(name));
}

#[tokio::test]
async fn the_menu_and_its_keys_run_the_apps_actions_and_edit_text() {
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(&auth_url()).await;

    // The keys: Ctrl+2 shows the audit log, Ctrl+1 the users, Ctrl+K the palette.
    press_keys(CONSOLE_WINDOW, &["ctrl+2"]);
    app.find("[data-testid='tab-audit'].tab--on").await;
    press_keys(CONSOLE_WINDOW, &["ctrl+1"]);
    app.find("[data-testid='tab-users'].tab--on").await;
    press_keys(CONSOLE_WINDOW, &["ctrl+k"]);
    app.find_by_test_id("palette-input").await;
    press_keys(CONSOLE_WINDOW, &["Escape"]);
    app.wait_until_gone("[data-testid='palette']").await;

    // The menu bar: View › Audit log, and Help › Keyboard shortcuts, by their underlined letters.
    press_keys(CONSOLE_WINDOW, &["alt+v"]);
    screen_shot("menu-view.png");
    press_keys(CONSOLE_WINDOW, &["a"]);
    app.find("[data-testid='tab-audit'].tab--on").await;
    press_keys(CONSOLE_WINDOW, &["alt+h", "k"]);
    app.find_by_test_id("shortcuts").await;
    press_keys(CONSOLE_WINDOW, &["Escape"]);
    app.wait_until_gone("[data-testid='shortcuts']").await;
    press_keys(CONSOLE_WINDOW, &["alt+v", "u"]);
    app.find("[data-testid='tab-users'].tab--on").await;

    // Edit: select all and copy what was typed; paste what another application copied.
    let search = app.find_by_test_id("users-search").await;
    app.fill(&search, "typed-in-search").await;
    set_clipboard("copied before");
    press_keys(CONSOLE_WINDOW, &["alt+e", "a"]);
    press_keys(CONSOLE_WINDOW, &["alt+e", "c"]);
    assert_eq!(
        clipboard(),
        "typed-in-search",
        "Edit › Copy copied the selection"
    );
    set_clipboard("pasted-from-a-ticket");
    press_keys(CONSOLE_WINDOW, &["alt+e", "a"]);
    press_keys(CONSOLE_WINDOW, &["alt+e", "p"]);
    app.wait_for_value("users-search", "pasted-from-a-ticket")
        .await;
    // And by their keys, which the menu holds now.
    press_keys(CONSOLE_WINDOW, &["ctrl+a", "ctrl+x"]);
    app.wait_for_value("users-search", "").await;
    assert_eq!(clipboard(), "pasted-from-a-ticket", "Ctrl+X cut it");
    press_keys(CONSOLE_WINDOW, &["ctrl+v"]);
    app.wait_for_value("users-search", "pasted-from-a-ticket")
        .await;
    app.close().await;
}
