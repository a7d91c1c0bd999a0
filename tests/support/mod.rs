//! Shared by the integration and end-to-end tests: where the sandbox server is, who its known
//! accounts are, and where artifacts go. Each of the three test binaries uses only part of it,
//! hence the allow; without it, nothing is reported unused by all three.
#![allow(dead_code)]

mod bare_admin;
pub mod desktop;
pub mod ipc;
mod processes;
mod sandbox;
mod save_dialog;
pub mod sign_in;
pub mod tls;
pub mod webdriver;

// Not every test binary uses it.
#[allow(unused_imports)]
pub use bare_admin::BareAdmin;
#[allow(unused_imports)]
pub use processes::{Helper, run_in};
#[allow(unused_imports)]
pub use sandbox::Sandbox;
#[allow(unused_imports)]
pub use save_dialog::SaveDialog;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;

use authdesk_app::console::{AuditSlot, Console, KeyringKeeper};
use authdesk_app::settings::{Settings, SettingsStore};
use authdesk_vault::Vault;
use serde::Deserialize;

/// The keyring service the tests use: never the app's own.
pub const TEST_KEYRING_SERVICE: &str = "dev.authdesk.console.tests";

/// Settings kept in memory, shared by the consoles a test creates (to play a restart).
#[derive(Default, Clone)]
pub struct MemorySettings(std::sync::Arc<Mutex<Settings>>);

impl MemorySettings {
    /// The settings as a file would hold them now.
    pub fn load_now(&self) -> Settings {
        self.0.lock().unwrap().clone()
    }

    /// Replaces the settings, as an edit of the file would.
    pub fn store_now(&self, settings: Settings) {
        *self.0.lock().unwrap() = settings;
    }
}

impl SettingsStore for MemorySettings {
    fn load(&self) -> Settings {
        self.0.lock().unwrap().clone()
    }
    fn save(&self, settings: &Settings) {
        *self.0.lock().unwrap() = settings.clone();
    }
}

/// A console like the app's, with in-memory settings and the test keyring service.
pub fn console_with(settings: &MemorySettings) -> Console {
    console_auditing(settings, &temp_dir("audit").join("audit.jsonl"))
}

/// A console whose audit trail is the file at `audit_path`.
pub fn console_auditing(settings: &MemorySettings, audit_path: &std::path::Path) -> Console {
    console_on(Box::new(settings.clone()), audit_path)
}

/// A console keeping its settings in `settings`, whatever kind of store that is.
pub fn console_on(settings: Box<dyn SettingsStore>, audit_path: &std::path::Path) -> Console {
    let vault = std::sync::Arc::new(Vault::new(TEST_KEYRING_SERVICE));
    let keeper = std::sync::Arc::new(KeyringKeeper::new(vault.clone()));
    let audit = AuditSlot::opening(audit_path.to_owned(), keeper);
    Console::new(settings, vault, audit, None).with_files(std::sync::Arc::new(
        SaveDialog::saving_into(temp_dir("exports")),
    ))
}

/// A new empty folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let next = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("authdesk-{name}-{}-{next}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temp folder");
    dir
}

pub fn console() -> Console {
    console_with(&MemorySettings::default())
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub email: String,
    /// Empty for an account without one (it signs in by email).
    #[serde(default)]
    pub password: String,
    pub name: String,
    #[serde(default)]
    pub two_factor: Option<sign_in::TwoFactorSeed>,
}

/// The sandbox's main admin signing in to the server at `base_url`.
pub fn admin_sign_in(base_url: &str) -> authdesk_protocol::SignInRequest {
    let admin = accounts().admin;
    authdesk_protocol::SignInRequest {
        base_url: base_url.to_owned(),
        email: admin.email,
        password: authdesk_protocol::Password::new(admin.password),
        purpose: Default::default(),
    }
}

/// A sign-in expected to finish in one step: the account has no second factor.
pub trait SignedIn {
    fn signed_in(self) -> Result<authdesk_protocol::AdminIdentity, authdesk_protocol::ApiError>;
}

impl SignedIn for Result<authdesk_protocol::SignInStep, authdesk_protocol::ApiError> {
    fn signed_in(self) -> Result<authdesk_protocol::AdminIdentity, authdesk_protocol::ApiError> {
        match self? {
            authdesk_protocol::SignInStep::SignedIn(admin) => Ok(*admin),
            authdesk_protocol::SignInStep::SecondFactor(challenge) => {
                panic!("a second factor was asked for: {challenge:?}")
            }
        }
    }
}

/// The password again at a locked console.
pub async fn unlock(
    console: &Console,
    password: authdesk_protocol::Password,
) -> Result<authdesk_protocol::AdminIdentity, authdesk_protocol::ApiError> {
    let request = authdesk_protocol::SignInRequest {
        base_url: String::new(),
        email: String::new(),
        password,
        purpose: authdesk_protocol::SignInPurpose::Unlock,
    };
    console.sign_in(request).await.signed_in()
}

/// The sandbox's accounts with known passwords (`tests/sandbox/accounts.json`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Accounts {
    pub admin: Account,
    pub admins: Vec<Account>,
    pub user: Account,
    pub banned_user: Account,
    /// Two-factor with an authenticator (and backup codes).
    pub totp_admin: Account,
    /// The same, for tests that type wrong codes (which count towards a lockout).
    pub totp_admin_for_mistakes: Account,
    /// Two-factor with codes by email only.
    pub otp_admin: Account,
    /// No password: signs in with a code or a link by email.
    pub passwordless_admin: Account,
    /// Role `support`: list, get, ban; sessions: list, revoke.
    pub support_agent: Account,
    /// Role `viewer`: list, get.
    pub viewer: Account,
}

/// How many accounts of `accounts.json` have an admin role (`admin`, `user,admin`).
pub fn admin_count() -> usize {
    let path = repo_root().join("tests/sandbox/accounts.json");
    let all: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read accounts.json")).unwrap();
    let named = all
        .as_object()
        .unwrap()
        .values()
        .flat_map(|value| match value {
            serde_json::Value::Array(list) => list.clone(),
            one => vec![one.clone()],
        });
    named
        .filter(|account| {
            account["role"]
                .as_str()
                .is_some_and(|roles| roles.split(',').any(|role| role == "admin"))
        })
        .count()
}

pub fn accounts() -> Accounts {
    let path = repo_root().join("tests/sandbox/accounts.json");
    let text = std::fs::read_to_string(&path).expect("read accounts.json");
    serde_json::from_str(&text).expect("parse accounts.json")
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn required_env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!(
            "{name} is not set: run the tests with tests/test.sh, which starts the sandbox auth \
             server (tests/test.sh -E 'test(NAME)' runs one test)"
        )
    })
}

/// The sandbox auth server's base URL, e.g. `http://127.0.0.1:41234/api/auth`.
pub fn auth_url() -> String {
    required_env("AUTHDESK_TEST_AUTH_URL")
}

/// How many users the sandbox holds in all, as it reported when it became ready.
pub fn user_total() -> u64 {
    required_env("AUTHDESK_TEST_USER_TOTAL")
        .parse()
        .expect("a number")
}

/// A loopback URL on which nothing listens.
pub fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/api/auth")
}

/// Where screenshots and other test artifacts are kept.
pub fn artifacts_dir() -> PathBuf {
    let dir = std::env::var_os("AUTHDESK_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("tests/artifacts"));
    std::fs::create_dir_all(&dir).expect("create the artifacts folder");
    dir
}

/// Notes one fault or bad input the fault suite tried, as a line in `fault-suite.tsv` among the
/// artifacts: `tests/test.sh` counts them and prints the totals.
pub fn tally(kind: Tried, what: &str) {
    use std::io::Write;
    let kind = match kind {
        Tried::Fault => "fault",
        Tried::BadInput => "bad input",
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(artifacts_dir().join("fault-suite.tsv"))
        .expect("open the fault suite tally");
    writeln!(file, "{kind}\t{what}").expect("write the fault suite tally");
}

#[derive(Debug, Clone, Copy)]
pub enum Tried {
    Fault,
    BadInput,
}

/// The field an error names, as it crosses IPC (`baseUrl`, `email`, ...).
pub fn field_name(error: &authdesk_protocol::ApiError) -> Option<String> {
    error.field.map(|field| field.wire_name().to_owned())
}

/// Runs the `#[ignore]`d test `name` of this test binary in a child process whose environment
/// differs by `set` and `unset` (what a test cannot change in its own process), and fails with
/// the child's output unless it passes.
pub fn run_child_test(name: &str, set: &[(&str, &str)], unset: &[&str]) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", name, "--ignored", "--nocapture"])
        .envs(set.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for variable in unset {
        command.env_remove(variable);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Asks `program`'s windows to close as a window manager's close button would: Xvfb has no
/// window manager, so `close_window.py` sends the WM_DELETE_WINDOW message itself. (WebDriver's
/// Close Window is no stand-in: it ends the process without letting it quit.)
pub fn close_windows_of(program: &str) {
    let pids = Command::new("pgrep")
        .args(["-f", program])
        .output()
        .unwrap();
    let script = repo_root().join("tests/support/close_window.py");
    let asked = String::from_utf8_lossy(&pids.stdout)
        .split_whitespace()
        .filter(|pid| {
            Command::new("/usr/bin/python3")
                .arg(&script)
                .arg(pid)
                .status()
                .is_ok_and(|status| status.success())
        })
        .count();
    assert!(asked > 0, "no window of {program} took the close request");
}

/// Waits (10 s at most) until no process runs `program`, e.g. after killing the app: a new
/// start before the old one is gone would hand over to it (single instance) and quit.
pub fn wait_until_exited(program: &str) -> bool {
    wait_until_exited_within(program, std::time::Duration::from_secs(10))
}

pub fn wait_until_exited_within(program: &str, limit: std::time::Duration) -> bool {
    let deadline = std::time::Instant::now() + limit;
    loop {
        let running = Command::new("pgrep").args(["-f", program]).status();
        if running.is_ok_and(|status| !status.success()) {
            return true;
        }
        if std::time::Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// `12,480`, as the app writes counts.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
