//! Steps many tests share: signing in, adding a profile, opening a user, impersonating, the
//! palette, and the accessibility scan.

use serde_json::json;

use super::{App, key};

impl App {
    /// Fills the sign-in form and submits it, as a person would.
    pub async fn submit_sign_in(&self, server: &str, email: &str, password: &str) {
        self.fill(&self.find_by_test_id("sign-in-base-url").await, server)
            .await;
        self.fill(&self.find_by_test_id("sign-in-email").await, email)
            .await;
        self.fill(&self.find_by_test_id("sign-in-password").await, password)
            .await;
        self.click(&self.find_by_test_id("sign-in-submit").await)
            .await;
    }

    /// Adds a deployment profile for `server` in the profile dialog, with these single sign-on
    /// providers (comma-separated).
    pub async fn add_profile(&self, name: &str, server: &str, providers: &str) {
        self.click(&self.find_by_test_id("add-profile").await).await;
        self.fill(&self.find_by_test_id("profile-name").await, name)
            .await;
        self.fill(&self.find_by_test_id("profile-base-url").await, server)
            .await;
        self.click(&self.find("details.advanced summary").await)
            .await;
        self.fill(&self.find_by_test_id("profile-sign-on").await, providers)
            .await;
        self.click(&self.find_by_test_id("profile-save").await)
            .await;
        self.wait_for_text("sign-in-profile", name).await;
    }

    /// Submits the sign-in form again with this password, all else as it stands.
    pub async fn submit_password(&self, password: &str) {
        self.fill(&self.find_by_test_id("sign-in-password").await, password)
            .await;
        self.click(&self.find_by_test_id("sign-in-submit").await)
            .await;
    }

    /// Types the code into the second step of a two-factor sign-in and sends it.
    pub async fn submit_second_factor(&self, code: &str) {
        self.fill(&self.find_by_test_id("second-factor-code").await, code)
            .await;
        self.click(&self.find_by_test_id("sign-in-submit").await)
            .await;
    }

    /// Signs in as the sandbox's main admin and waits for the users table.
    pub async fn sign_in_as_admin(&self, server: &str) {
        let admin = crate::support::accounts().admin;
        self.submit_sign_in(server, &admin.email, &admin.password)
            .await;
        self.find("[data-testid^='user-row-']").await;
    }

    /// Opens the command palette, types `typed`, waits for `expected` among what it offers and
    /// runs the first item.
    pub async fn run_in_palette(&self, typed: &str, expected: &str) {
        self.press_with(key::CONTROL, "k").await;
        let input = self.find_by_test_id("palette-input").await;
        self.fill(&input, typed).await;
        self.wait_for_text("palette-items", expected).await;
        self.keys(&input, key::ENTER).await;
        self.wait_until_gone("[data-testid='palette']").await;
    }

    /// Starts seeing the product as the open user, for `reason`, and waits for the banner.
    pub async fn impersonate(&self, reason: &str) {
        self.click(&self.find_by_test_id("impersonate").await).await;
        self.fill(&self.find_by_test_id("impersonate-reason").await, reason)
            .await;
        self.click(&self.find_by_test_id("impersonate-submit").await)
            .await;
        self.find_by_test_id("impersonation-banner").await;
    }

    /// Finds the user by email in the table and opens their panel.
    pub async fn open_user(&self, email: &str) {
        self.fill(&self.find_by_test_id("users-search").await, email)
            .await;
        self.wait_for_text("user-table", email).await;
        self.wait_until_gone(".users--stale").await;
        self.click_row(&self.find("[data-testid^='user-row-']").await)
            .await;
        self.wait_for_text("detail-email", email).await;
    }

    /// What axe-core (the accessibility engine browsers' own audits use) finds serious or
    /// critical in what the window shows now: one line per rule, naming where.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        let engine = std::env::var("AUTHDESK_CACHE").expect("tests/env.sh sets AUTHDESK_CACHE");
        let engine =
            std::path::Path::new(&engine).join("node-tools/node_modules/axe-core/axe.min.js");
        let engine = std::fs::read_to_string(&engine).unwrap_or_else(|error| {
            panic!("{} (tests/setup.sh installs it): {error}", engine.display())
        });
        // Once per page; a WebDriver script runs in the page but is not a script the CSP allows.
        self.execute(&format!("if (!window.axe) {{ {engine} }} return true;"))
            .await;
        let found = self
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then(result => done(result.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => `${v.id} (${v.impact}): ${v.help} at ` +
                       v.nodes.slice(0, 4).map(node => node.target.join(' ')).join(', '))))
                   .catch(error => done([`axe-core failed: ${error}`]));",
                json!([]),
            )
            .await;
        serde_json::from_value(found).unwrap_or_else(|_| vec!["axe-core gave no answer".into()])
    }
}
