//! The desktop around the app under Xvfb, as a person or another application meets it: its
//! windows (`x_window.py`), keys pressed on them and native dialogs answered (xdotool), the
//! clipboard (xclip), the notification daemon (dunst) and a file manager on the test's bus.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Helper, repo_root};

/// The process running the app under test (one: the app keeps a single instance).
pub fn app_pid() -> String {
    pid_of(Path::new(env!("CARGO_BIN_EXE_authdesk")))
}

/// The newest process running `program` (empty if none).
pub fn pid_of(program: &Path) -> String {
    let found = Command::new("pgrep")
        .arg("-n")
        .arg("-f")
        .arg(program)
        .output()
        .unwrap();
    String::from_utf8_lossy(&found.stdout).trim().to_owned()
}

/// Saves a PNG of X `window` (an id, or `root` for the whole screen) as the X server shows it.
pub fn x_screenshot(window: &str, path: &Path) {
    let taken = Command::new("import")
        .args(["-window", window])
        .arg(path)
        .status()
        .expect("ImageMagick's import (tests/setup.sh installs it)");
    assert!(taken.success(), "a screenshot of X window {window:?}");
}

/// Runs `tests/support/x_window.py` with `arguments` and returns what it prints.
pub fn x_window(arguments: &[&str]) -> String {
    let output = Command::new("/usr/bin/python3")
        .arg(repo_root().join("tests/support/x_window.py"))
        .args(arguments)
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What the X clipboard holds, asked of its owner as any other application would.
pub fn clipboard() -> String {
    let read = Command::new("xclip")
        .args(["-selection", "clipboard", "-o"])
        .output()
        .expect("xclip (tests/setup.sh installs it)");
    String::from_utf8_lossy(&read.stdout).into_owned()
}

pub fn set_clipboard(text: &str) {
    use std::io::Write;
    // xclip stays in the background to serve what it holds, until another owner takes over.
    let mut owner = Command::new("xclip")
        .args(["-selection", "clipboard", "-i"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    owner
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    owner.wait().unwrap();
    // A read right after it was seen to find the clipboard empty once in a full run (not
    // reproduced in 300 tries alone): go on only once it reads back.
    let deadline = Instant::now() + Duration::from_secs(5);
    while clipboard() != text && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every notification the desktop's notification daemon (dunst, which `with-sandbox.sh` starts on
/// the test's bus) was given, as its answer prints them: titles and bodies among them.
pub fn notifications() -> String {
    // A notification on screen joins the daemon's history once closed.
    let _ = Command::new("dunstctl").arg("close-all").status();
    let history = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.Notifications",
            "/org/freedesktop/Notifications",
            "org.dunstproject.cmd0.NotificationListHistory",
        ])
        .output()
        .expect("dbus-send");
    String::from_utf8_lossy(&history.stdout).into_owned()
}

/// Runs xdotool (`tests/setup.sh` installs it) and answers what it printed, if it succeeded.
fn xdotool(arguments: &[&str]) -> Option<String> {
    let output = Command::new("xdotool")
        .args(arguments)
        .output()
        .expect("xdotool (tests/setup.sh installs it)");
    let printed = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    (output.status.success() && !printed.is_empty()).then_some(printed)
}

/// The X window of the app's process titled `title`, once it is shown (at most 20 s).
fn window_titled(title: &str) -> String {
    let pid = app_pid();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = xdotool(&[
            "search",
            "--all",
            "--onlyvisible",
            "--pid",
            &pid,
            "--name",
            title,
        ]);
        if let Some(window) = found.and_then(|ids| ids.lines().last().map(str::to_owned)) {
            return window;
        }
        assert!(Instant::now() < deadline, "no window “{title}” appeared");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The console window's title (`tauri.conf.json`), as [`press_keys`] looks it up.
pub const CONSOLE_WINDOW: &str = "^Authdesk$";

/// Presses `keys` (xdotool's names: "ctrl+2", "alt+e", "a") on the app's window titled
/// `title`, as the keyboard does: through the X server and GTK, menu keys and all.
pub fn press_keys(title: &str, keys: &[&str]) {
    let window = window_titled(title);
    xdotool(&["windowfocus", "--sync", &window]);
    for key in keys {
        Command::new("xdotool")
            .args(["key", "--clearmodifiers", key])
            .status()
            .unwrap();
        // A menu opened by one key takes the next only once it is drawn.
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// Answers the desktop's save dialog titled `title` as a person would: types `path` into its
/// name box and presses Enter.
pub fn save_in_dialog(title: &str, path: &Path) {
    press_keys(title, &["ctrl+a"]);
    let path = path.to_str().expect("a UTF-8 path");
    let typed = Command::new("xdotool")
        .args(["type", "--delay", "20", path])
        .status()
        .unwrap();
    assert!(typed.success(), "xdotool typed {path}");
    press_keys(title, &["Return"]);
}

/// A file manager on the test's session bus, as far as an app asking it to show a file sees
/// one (`org.freedesktop.FileManager1`): it notes each file it was asked to show.
pub struct FileManager {
    _process: Helper,
    shown: std::path::PathBuf,
}

impl FileManager {
    pub fn start() -> Self {
        let shown = super::temp_dir("file-manager").join("shown.txt");
        // It prints "ready" once it owns its name on the bus.
        let (process, ready) = Helper::start("file_manager.py", &[shown.as_os_str()]);
        assert_eq!(ready, "ready", "the file manager took its bus name");
        Self {
            _process: process,
            shown,
        }
    }

    /// The files it was asked to show, as `file://` URIs, waiting up to 10 s for the first.
    pub fn shown(&self) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = std::fs::read_to_string(&self.shown).unwrap_or_default();
            if !text.is_empty() || Instant::now() > deadline {
                return text.lines().map(str::to_owned).collect();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}
