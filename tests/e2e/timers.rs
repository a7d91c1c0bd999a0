//! End to end, the two time-bound powers in the real app, against a sandbox whose impersonation
//! sessions last 70 seconds: a 2-minute ban counting down to "Ban lapsed" by itself; an
//! impersonation with its banner and countdown that survives a reload of the window and ends by
//! itself, landing back as the admin;
//! an app killed mid-impersonation that restarts as the admin with the impersonation ended; and
//! the audit log holding every step, its chain verified, then reporting an edited line.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::webdriver::TauriDriver;
use crate::support::{
    BareAdmin, Sandbox, accounts, artifacts_dir, close_windows_of, wait_until_exited,
};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

#[tokio::test]
async fn bans_run_out_and_impersonations_end_on_their_own() {
    let sandbox = Sandbox::start(&[
        ("SANDBOX_IMPERSONATION_SECONDS", "70"),
        ("SANDBOX_USERS", "50"),
    ]);
    let server = sandbox.url.as_str();
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(server).await;

    // A two-minute ban, counted down live.
    let victim = "grace@authdesk.test";
    app.open_user(victim).await;
    app.click(&app.find_by_test_id("ban").await).await;
    app.click(&app.find("[data-testid='ban-dialog'] .chip--button").await)
        .await;
    let custom = app
        .find("[data-testid='ban-length'] option[value='5']")
        .await;
    app.click(&custom).await;
    app.fill(&app.find_by_test_id("ban-amount").await, "2")
        .await;
    app.click(
        &app.find("[data-testid='ban-unit'] option[value='minutes']")
            .await,
    )
    .await;
    app.wait_for_text("ban-preview", "Banned until").await;
    app.screenshot(&artifacts_dir().join("ban-dialog.png"))
        .await;
    app.click(&app.find_by_test_id("ban-submit").await).await;
    app.wait_for_text("ban-countdown", "left").await;
    let first = app.text(&app.find_by_test_id("ban-countdown").await).await;
    assert!(
        first.starts_with("Banned · 1 min") || first.starts_with("Banned · 2 min"),
        "{first}"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_ne!(
        app.text(&app.find_by_test_id("ban-countdown").await).await,
        first,
        "the countdown moves"
    );
    app.screenshot(&artifacts_dir().join("ban-countdown.png"))
        .await;
    app.click(&app.find_by_test_id("panel-close").await).await;

    // Impersonation: banner, countdown to the server's 70 s, automatic stop at zero.
    app.open_user(&accounts().user.email).await;
    app.impersonate("Ticket 4711: cannot see invoices").await;
    app.wait_for_text("impersonation-banner", &accounts().user.name)
        .await;
    app.wait_for_text("impersonation-countdown", "1 min").await;
    app.find_by_test_id("impersonation-view").await;
    assert!(
        app.find_now("[data-testid='new-user']").await.is_none(),
        "admin actions are off"
    );
    app.screenshot(&artifacts_dir().join("impersonation-banner.png"))
        .await;

    // The window reloaded mid-impersonation comes back to the banner, not to an admin console
    // the backend would refuse.
    app.execute("window.beforeReload = true; setTimeout(() => location.reload(), 0); return true;")
        .await;
    for _ in 0..100 {
        if app
            .execute("return window.beforeReload === undefined;")
            .await
            == true
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.wait_for_text("impersonation-banner", &accounts().user.name)
        .await;
    assert!(
        app.find_now("[data-testid='new-user']").await.is_none(),
        "admin actions are still off after a reload"
    );
    let back = async {
        for _ in 0..100 {
            if app
                .find_now("[data-testid='impersonation-banner']")
                .await
                .is_none()
            {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        panic!("the impersonation did not end by itself");
    };
    back.await;
    app.wait_for_text("toast-success", "back as yourself").await;
    app.find("[data-testid^='user-row-']").await;

    // The banned user's ban has run out by now: the row says so without a reload.
    app.fill(&app.find_by_test_id("users-search").await, victim)
        .await;
    app.wait_for_text("user-table", "Ban lapsed").await;

    // Killed mid-impersonation, restarted: the admin is back and the impersonation is over.
    app.open_user(&accounts().user.email).await;
    app.impersonate("Ticket 4712").await;
    let killed = Command::new("pkill")
        .args(["-KILL", "-f", APP])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(wait_until_exited(APP), "the killed app is gone");
    app.close().await; // frees the driver's session slot; the app is already gone
    let again = driver.launch(Path::new(APP)).await;
    again.find("[data-testid^='user-row-']").await;
    assert!(
        again
            .find_now("[data-testid='impersonation-banner']")
            .await
            .is_none()
    );
    let bare = BareAdmin::sign_in(server, &accounts().admins[1]).await;
    let charles = bare.user_id_of(&accounts().user.email).await;
    let impersonations = bare
        .sessions_of(&charles)
        .await
        .iter()
        .filter(|session| !session["impersonatedBy"].is_null())
        .count();
    assert_eq!(
        impersonations, 0,
        "the impersonation session was ended on the server"
    );

    // The audit log holds every step, and its chain verifies...
    again.click(&again.find_by_test_id("tab-audit").await).await;
    again.wait_for_text("audit-chain", "Chain verified").await;
    let actions = again
        .execute("return [...document.querySelectorAll('[data-testid=audit-row] td:nth-child(3)')].map(td => td.innerText).reverse()")
        .await;
    let actions: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "ban",
            "impersonate",
            "stop-impersonating",
            "impersonate",
            "stop-impersonating"
        ]
    );
    again
        .screenshot(&artifacts_dir().join("audit-log.png"))
        .await;

    // An export carries the chain, and the app checks it (review finding M3).
    again
        .click(&again.find_by_test_id("export-jsonl").await)
        .await;
    let exported = crate::support::temp_dir("audit-export").join("audit.jsonl");
    crate::support::desktop::save_in_dialog("Export the audit log", &exported);
    // The page puts the exported file in the box to check.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !again
        .property(&again.find_by_test_id("verify-export-path").await, "value")
        .await
        .ends_with(".jsonl")
    {
        assert!(std::time::Instant::now() < deadline, "no export in the box");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    again
        .click(&again.find_by_test_id("verify-export-submit").await)
        .await;
    again
        .wait_for_text("verify-export-verdict", "Whole and unchanged: 5 entries")
        .await;
    again
        .screenshot(&artifacts_dir().join("audit-export-verified.png"))
        .await;

    // ...until a line is edited.
    let log = driver
        .home
        .join("data/dev.authdesk.console.dev/audit.jsonl");
    let text = std::fs::read_to_string(&log).unwrap();
    std::fs::write(&log, text.replacen("\"ban\"", "\"unban\"", 1)).unwrap();
    again.click(&again.find_by_test_id("tab-users").await).await;
    again.click(&again.find_by_test_id("tab-audit").await).await;
    again
        .wait_for_text("audit-chain", "line 1 was changed")
        .await;
    again
        .screenshot(&artifacts_dir().join("audit-tampered.png"))
        .await;
    again.close().await;
}

/// Review finding M5: quitting mid-impersonation ends the impersonation on the server first; it
/// does not wait for the server's hour to run out. Quit as the desktop session's end asks
/// (SIGTERM), and by closing the window.
#[tokio::test]
async fn quitting_ends_the_impersonation_on_the_server() {
    for (how, quit) in [
        ("SIGTERM", Quit::Signal),
        ("the window closed", Quit::Window),
    ] {
        let sandbox = Sandbox::start(&[("SANDBOX_USERS", "10")]);
        let driver = TauriDriver::start().await;
        let app = driver.launch(Path::new(APP)).await;
        app.sign_in_as_admin(&sandbox.url).await;
        app.open_user(&accounts().user.email).await;
        app.impersonate("Ticket 4713: closing the window").await;
        let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admins[1]).await;
        let charles = bare.user_id_of(&accounts().user.email).await;
        let impersonations = async || {
            bare.sessions_of(&charles)
                .await
                .iter()
                .filter(|session| !session["impersonatedBy"].is_null())
                .count()
        };
        assert_eq!(impersonations().await, 1);

        match quit {
            Quit::Signal => {
                let asked = Command::new("pkill")
                    .args(["-TERM", "-f", APP])
                    .status()
                    .unwrap();
                assert!(asked.success());
            }
            Quit::Window => close_windows_of(APP),
        }
        assert!(wait_until_exited(APP), "the app quit ({how})");
        assert_eq!(
            impersonations().await,
            0,
            "ended before the app quit ({how})"
        );
        app.close().await;
    }
}

enum Quit {
    Signal,
    Window,
}
