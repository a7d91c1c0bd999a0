//! Authdesk as a desktop citizen, in the real window under Xvfb: it comes back where it was
//! left, a start while the last window closes becomes the window, a copy reaches the system
//! clipboard, an impersonation's end reaches an admin who is in another application, a link from
//! a ticket opens its user in the running window (and only on the deployment it names), and
//! dates and numbers read in the system's language and time zone, each date with its own season's
//! offset.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::desktop::{app_pid, clipboard, notifications, set_clipboard, x_window};
use crate::support::webdriver::TauriDriver;
use crate::support::{
    BareAdmin, Sandbox, accounts, artifacts_dir, auth_url, close_windows_of, temp_dir,
    wait_until_exited,
};

const APP: &str = env!("CARGO_BIN_EXE_authdesk");

/// Where a window is and how big, as the X server has it: width, height, x, y.
type Geometry = [i32; 4];

fn geometry_of(pid: &str) -> Option<Geometry> {
    let numbers: Vec<i32> = x_window(&["geometry", pid])
        .split_whitespace()
        .filter_map(|number| number.parse().ok())
        .collect();
    numbers.try_into().ok()
}

/// Moves and resizes the window as a person dragging its edges would.
fn move_window(pid: &str, to: Geometry) {
    let numbers = to.map(|value| value.to_string());
    let mut arguments = vec!["move", pid];
    arguments.extend(numbers.iter().map(String::as_str));
    x_window(&arguments);
}

/// Waits until the app's window is at `expected`, and says where it was last seen otherwise.
fn wait_for_geometry(expected: Geometry) -> Result<(), Option<Geometry>> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = geometry_of(&app_pid());
        if now == Some(expected) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(now);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test]
async fn the_window_comes_back_at_the_size_and_place_it_was_left() {
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.find_by_test_id("sign-in-form").await;
    let first = geometry_of(&app_pid()).expect("the window is on screen");
    let left: Geometry = [1010, 640, 130, 70];
    assert_ne!(first, left, "the test moves the window somewhere new");
    move_window(&app_pid(), left);
    wait_for_geometry(left).expect("the window moved as asked");

    // Closed as a person closes it, then started again with the same data folders.
    close_windows_of(APP);
    assert!(wait_until_exited(APP), "the app quit");
    app.close().await;
    let again = driver.launch(Path::new(APP)).await;
    again.find_by_test_id("sign-in-form").await;
    let shown = geometry_of(&app_pid());
    assert_eq!(shown, Some(left), "the window is where it was left");
    again
        .screenshot(&artifacts_dir().join("window-restored.png"))
        .await;
    again.close().await;
}

/// Waits until process `pid` shows a window, while it keeps running.
fn wait_for_window_of(process: &mut std::process::Child) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if geometry_of(&process.id().to_string()).is_some() {
            return true;
        }
        if process.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// The last window is still closing when Authdesk is started again: the first instance holds the
/// single-instance name and does not answer (stopped here), then is gone (killed) while the new
/// start waits on it. The new start becomes the window instead of crashing (it did, seen in CI as
/// a WebDriver session that never began).
#[tokio::test]
async fn a_start_while_the_last_window_is_closing_becomes_the_window() {
    assert!(wait_until_exited(APP), "no Authdesk is running yet");
    let home = temp_dir("start-race");
    for folder in ["data", "config", "cache"] {
        std::fs::create_dir_all(home.join(folder)).unwrap();
    }
    let log = artifacts_dir().join("start-race.log");
    let output = std::fs::File::create(&log).unwrap();
    let start = || {
        Command::new(APP)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .stdout(Stdio::null())
            .stderr(output.try_clone().unwrap())
            .spawn()
            .unwrap()
    };
    let mut first = start();
    assert!(
        wait_for_window_of(&mut first),
        "the first start shows its window"
    );
    let signal = |name: &str, pid: u32| {
        Command::new("kill")
            .args([name, &pid.to_string()])
            .status()
            .unwrap()
    };
    assert!(signal("-STOP", first.id()).success());
    let mut second = start();
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        second.try_wait().unwrap().is_none(),
        "the second start waits for the first to take over"
    );
    first.kill().unwrap();
    first.wait().unwrap();

    let shown = wait_for_window_of(&mut second);
    let ended = second.try_wait().unwrap();
    if !shown {
        let _ = second.kill();
    }
    assert!(
        shown,
        "the second start shows its window (ended: {ended:?}):\n{}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    close_windows_of(APP);
    assert!(wait_until_exited(APP), "and quits when closed");
    let _ = std::fs::remove_dir_all(home);
}

#[tokio::test]
async fn copy_puts_the_user_id_on_the_system_clipboard_before_it_says_so() {
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(&auth_url()).await;
    app.open_user(&accounts().user.email).await;
    let id = app.text(&app.find_by_test_id("detail-id").await).await;
    set_clipboard("what the admin copied before");
    assert_eq!(clipboard(), "what the admin copied before");

    app.click(&app.find_by_test_id("copy-id").await).await;
    app.wait_for_text("toast-success", "User id copied").await;
    assert_eq!(clipboard(), id, "the id is on the clipboard");
    app.close().await;
}

/// `at` (RFC 3339) as the operating system's own time zone data reads it in Paris.
fn paris_clock(at: &str, format: &str) -> String {
    let output = Command::new("date")
        .env("TZ", "Europe/Paris")
        .args(["-d", at, &format!("+{format}")])
        .output()
        .unwrap();
    assert!(output.status.success(), "date read {at}");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[tokio::test]
async fn dates_and_numbers_read_in_the_systems_language_clock_and_season() {
    let bare = BareAdmin::sign_in(&auth_url(), &accounts().admin).await;
    let users = bare.every_user(&[]).await;
    let created_in = |months: &[&str]| {
        users
            .iter()
            .find(|user| {
                let at = user["createdAt"].as_str().unwrap();
                months.contains(&&at[5..7])
            })
            .map(|user| {
                (
                    user["email"].as_str().unwrap().to_owned(),
                    user["createdAt"].as_str().unwrap().to_owned(),
                )
            })
            .expect("the sandbox has users created in that season")
    };
    // Paris is two hours ahead of UTC in summer and one in winter, whenever the dates are read.
    let summer = created_in(&["06", "07", "08"]);
    let winter = created_in(&["12", "01", "02"]);

    // More than a thousand users (`SANDBOX_USERS`), so their count is grouped.
    assert!(users.len() >= 1000, "the sandbox has {} users", users.len());

    for (language, clock, twelve_hour, grouping) in [
        ("en_GB.UTF-8", "%-H:%M", false, ','),
        ("en_US.UTF-8", "%-I:%M %p", true, ','),
        ("de_DE.UTF-8", "%-H:%M", false, '.'),
    ] {
        let driver = TauriDriver::start_with_env(&[
            ("TZ", "Europe/Paris"),
            ("LANG", language),
            ("LC_ALL", language),
        ])
        .await;
        let app = driver.launch(Path::new(APP)).await;
        app.sign_in_as_admin(&auth_url()).await;
        let total = app.text(&app.find_by_test_id("user-total").await).await;
        let number = total.split_whitespace().next().unwrap_or_default();
        assert!(
            number.contains(grouping) && number.replace(grouping, "").parse::<u64>().is_ok(),
            "{total:?} groups its thousands as {language} does, with “{grouping}”"
        );
        for (email, created_at) in [&summer, &winter] {
            app.open_user(email).await;
            // Newer ICU puts a narrow no-break space before AM and PM.
            let shown = app
                .text(&app.find_by_test_id("detail-created").await)
                .await
                .replace(['\u{202f}', '\u{a0}'], " ");
            // After a space, so 8:04 is not found in 18:04.
            let expected = format!(" {}", paris_clock(created_at, clock));
            assert!(
                shown.contains(&expected),
                "{created_at} reads {shown:?} in {language}, not at {expected}"
            );
            assert_eq!(
                shown.contains(" AM") || shown.contains(" PM"),
                twelve_hour,
                "{shown:?} follows the {language} clock"
            );
        }
        app.screenshot(&artifacts_dir().join(format!("dates-{}.png", &language[..5])))
            .await;
        app.close().await;
    }
}

/// Waits (up to `limit`) until the notification daemon was given a notification titled `title`.
async fn wait_for_notification(title: &str, limit: Duration) -> String {
    let deadline = Instant::now() + limit;
    loop {
        let given = notifications();
        if given.contains(title) {
            return given;
        }
        assert!(
            Instant::now() < deadline,
            "no notification {title:?} within {limit:?}; the daemon had:\n{given}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test]
async fn an_impersonation_nearing_its_end_reaches_an_admin_in_another_application() {
    // The server lets an impersonation run 75 s: the 1-minute warning comes 15 s in.
    let sandbox = Sandbox::start(&[
        ("SANDBOX_IMPERSONATION_SECONDS", "75"),
        ("SANDBOX_USERS", "20"),
    ]);
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(&sandbox.url).await;
    let user = accounts().user;
    app.open_user(&user.email).await;
    app.impersonate("Ticket 4714: invoices missing").await;
    let pid = app_pid();
    assert_eq!(x_window(&["urgent", &pid]).trim(), "no");

    // The admin goes back to the ticket system.
    x_window(&["unfocus"]);
    let given =
        wait_for_notification("1 minute of impersonation left.", Duration::from_secs(45)).await;
    assert!(given.contains(&user.email), "it says as whom:\n{given}");
    assert!(
        !given.contains("5 minutes of impersonation left."),
        "a warning already past at the start is not given"
    );
    assert_eq!(
        x_window(&["urgent", &pid]).trim(),
        "yes",
        "the taskbar asks for attention"
    );
    wait_for_notification(
        "The impersonation time is up: you are back as yourself.",
        Duration::from_secs(90),
    )
    .await;
    app.wait_until_gone("[data-testid='impersonation-banner']")
        .await;
    app.close().await;
}

/// Starts Authdesk again with `link` as its one argument, as the desktop does when a link is
/// clicked, and returns how that start ended (it hands the link over to the running window).
fn open_link(link: &str) -> std::process::ExitStatus {
    let mut start = Command::new(APP)
        .arg(link)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(ended) = start.try_wait().unwrap() {
            return ended;
        }
        if Instant::now() > deadline {
            let _ = start.kill();
            panic!("the start with {link} did not hand over within 20 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test]
async fn a_link_from_a_ticket_opens_its_user_in_the_running_window_on_its_own_deployment_only() {
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(APP)).await;
    app.sign_in_as_admin(&auth_url()).await;
    app.find("[data-testid^='user-row-']").await;
    let bare = BareAdmin::sign_in(&auth_url(), &accounts().admin).await;
    let charles = accounts().user;
    let charles_id = bare.user_id_of(&charles.email).await;
    let url = reqwest::Url::parse(&auth_url()).unwrap();
    let here = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap());

    let handed_over = open_link(&format!("authdesk://user/{charles_id}?server={here}"));
    assert!(
        handed_over.success(),
        "the second start quit: {handed_over}"
    );
    app.wait_for_text("detail-email", &charles.email).await;
    assert_eq!(
        app.text(&app.find_by_test_id("detail-id").await).await,
        charles_id
    );
    app.screenshot(&artifacts_dir().join("link-opened.png"))
        .await;
    app.click(&app.find_by_test_id("panel-close").await).await;

    // A link for another deployment is not looked up on this one: it says so.
    open_link(&format!(
        "authdesk://user/{charles_id}?server=auth.example.com"
    ));
    let refusal = app.wait_for_text("toast-error", "auth.example.com").await;
    assert!(refusal.contains("Switch to that deployment"), "{refusal}");
    assert!(app.find_now("[data-testid='detail-email']").await.is_none());
    app.screenshot(&artifacts_dir().join("link-other-server.png"))
        .await;

    // While impersonating, a link waits; it opens once the admin is back.
    let grace = "grace@authdesk.test";
    let grace_id = bare.user_id_of(grace).await;
    app.open_user(&charles.email).await;
    app.impersonate("Ticket 4715: a link arrives meanwhile")
        .await;
    open_link(&format!("authdesk://user/{grace_id}?server={here}"));
    tokio::time::sleep(Duration::from_secs(2)).await;
    app.find_by_test_id("impersonation-banner").await;
    app.click(&app.find_by_test_id("stop-impersonating").await)
        .await;
    app.wait_for_text("detail-email", grace).await;
    app.close().await;
}
