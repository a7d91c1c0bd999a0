//! Every screen of the real window passes an automated accessibility scan: axe-core, injected
//! through WebDriver, finds no serious or critical violation on the sign-in page, the profile
//! dialog, the users table and its dialogs, a user's panel and its dialogs, the palette, the
//! shortcuts, the audit log and an impersonation.

use std::path::Path;

use crate::support::webdriver::{App, TauriDriver, key};
use crate::support::{accounts, artifacts_dir, auth_url};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

/// The violations found so far, each with the screen it was on.
#[derive(Default)]
struct Findings(Vec<String>);

impl Findings {
    async fn scan(&mut self, app: &App, screen: &str) {
        for violation in app.accessibility_violations().await {
            self.0.push(format!("{screen}: {violation}"));
        }
    }
}

/// Whether the focus is on the element with test id `test_id`, or inside it.
async fn focus_within(app: &App, test_id: &str) -> bool {
    app.execute(&format!(
        "const element = document.querySelector(\"[data-testid='{test_id}']\");
         return !!element && element.contains(document.activeElement);"
    ))
    .await
        == true
}

/// Opens a dialog with the button `opener` and scans it; Tab and Shift+Tab go round inside it
/// however often they are pressed, and Esc closes it and gives the focus back to `opener`.
async fn scan_dialog(app: &App, findings: &mut Findings, opener: &str, dialog: &str) {
    app.click(&app.find_by_test_id(opener).await).await;
    app.find_by_test_id(dialog).await;
    findings.scan(app, dialog).await;
    for _ in 0..15 {
        app.send_keys_to_page(key::TAB).await;
        assert!(focus_within(app, dialog).await, "Tab stays in {dialog}");
    }
    // WebKitWebDriver's Shift+Tab chord arrives as an "Unidentified" key: the event a person's
    // Shift+Tab makes is sent at the dialog's first control instead, and must go round.
    let went_round = app
        .execute(&format!(
            "const dialog = document.querySelector(\"[data-testid='{dialog}']\");
             const first = dialog.querySelector('a[href], button:not([disabled]), \
               input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary');
             first.focus();
             first.dispatchEvent(new KeyboardEvent('keydown',
               {{ key: 'Tab', shiftKey: true, bubbles: true, cancelable: true }}));
             return dialog.contains(document.activeElement) && document.activeElement !== first;"
        ))
        .await;
    assert_eq!(went_round, true, "Shift+Tab goes round in {dialog}");
    app.send_keys_to_page(key::ESCAPE).await;
    app.wait_until_gone(&format!("[data-testid='{dialog}']"))
        .await;
    assert!(
        focus_within(app, opener).await,
        "{dialog} gives the focus back"
    );
}

#[tokio::test]
async fn every_screen_passes_the_accessibility_scan() {
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    let mut findings = Findings::default();
    app.find_by_test_id("sign-in-form").await;
    findings.scan(&app, "sign-in").await;
    scan_dialog(&app, &mut findings, "add-profile", "profile-dialog").await;

    app.sign_in_as_admin(&auth_url()).await;
    app.find("[data-testid^='user-row-']").await;
    findings.scan(&app, "users").await;
    scan_dialog(&app, &mut findings, "new-user", "create-user-dialog").await;
    scan_dialog(&app, &mut findings, "export-users", "export-dialog").await;

    app.open_user(&accounts().user.email).await;
    findings.scan(&app, "user panel").await;
    app.screenshot(&artifacts_dir().join("user-panel.png"))
        .await;
    scan_dialog(&app, &mut findings, "ban", "ban-dialog").await;
    scan_dialog(&app, &mut findings, "impersonate", "impersonate-dialog").await;
    app.click(&app.find_by_test_id("panel-close").await).await;

    app.press_with(key::CONTROL, "k").await;
    app.find_by_test_id("palette-input").await;
    findings.scan(&app, "palette").await;
    app.send_keys_to_page(key::ESCAPE).await;
    app.wait_until_gone("[data-testid='palette']").await;
    app.send_keys_to_page("?").await;
    app.find_by_test_id("shortcuts").await;
    findings.scan(&app, "shortcuts").await;
    app.send_keys_to_page(key::ESCAPE).await;
    app.wait_until_gone("[data-testid='shortcuts']").await;

    app.open_user(&accounts().user.email).await;
    app.impersonate("Accessibility scan").await;
    findings.scan(&app, "impersonation").await;
    app.click(&app.find_by_test_id("stop-impersonating").await)
        .await;
    app.wait_until_gone("[data-testid='impersonation-banner']")
        .await;

    // The impersonation gave the audit log its lines.
    app.click(&app.find_by_test_id("tab-audit").await).await;
    app.find("[data-testid='audit-row']").await;
    findings.scan(&app, "audit log").await;
    app.close().await;

    assert!(
        findings.0.is_empty(),
        "serious or critical accessibility violations:\n{}",
        findings.0.join("\n")
    );
}
