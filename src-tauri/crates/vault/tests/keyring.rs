//! The vault against the real Secret Service. `tests/test.sh` runs the suite inside a private
//! D-Bus session with an unlocked gnome-keyring; the locked and absent keyrings get their own
//! child processes here, so the shared keyring is never disturbed.
//!
//! The `child_*` tests are the bodies of those child processes: ignored in a normal run and
//! started by the test above each of them.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use authdesk_vault::{Vault, VaultError};

const SERVICE: &str = "dev.authdesk.console.tests";
const SECRET: &str = r#"[["better-auth.session_token","tok.sig%3D",false]]"#;

fn unique_account(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    format!("{name}-{}-{}", std::process::id(), nanos.as_nanos())
}

/// Runs one ignored `child_*` test of this binary in a new process, via `shell` (which must end
/// by running "$TEST_EXE" "$@").
fn run_child(test: &str, shell: &str, envs: &[(&str, &str)], clear: &[&str]) -> Output {
    let exe = std::env::current_exe().unwrap();
    let mut command = Command::new("bash");
    command
        .args([
            "-c",
            shell,
            "child",
            "--exact",
            test,
            "--ignored",
            "--nocapture",
        ])
        .env("TEST_EXE", &exe)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in envs {
        command.env(key, value);
    }
    for key in clear {
        command.env_remove(key);
    }
    let mut child = command.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{test} hung (a keyring prompt waiting for a user?)");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{test} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn stores_a_session_that_a_new_process_restores_then_wipes_it() {
    let vault = Vault::new(SERVICE);
    let account = unique_account("restore");
    vault.save(&account, SECRET).unwrap();

    run_child(
        "child_reads_the_saved_secret",
        r#"exec "$TEST_EXE" "$@""#,
        &[("VAULT_ACCOUNT", &account)],
        &[],
    );

    vault.wipe(&account).unwrap();
    assert_eq!(vault.load(&account).unwrap(), None);
    // Wiping what is not there (a second sign-out) is fine.
    vault.wipe(&account).unwrap();
}

#[test]
#[ignore = "child process of stores_a_session_that_a_new_process_restores_then_wipes_it"]
fn child_reads_the_saved_secret() {
    let account = std::env::var("VAULT_ACCOUNT").unwrap();
    assert_eq!(
        Vault::new(SERVICE).load(&account).unwrap().as_deref(),
        Some(SECRET)
    );
}

#[test]
fn profiles_and_services_do_not_see_each_other() {
    let vault = Vault::new(SERVICE);
    let (first, second) = (unique_account("first"), unique_account("second"));
    vault.save(&first, "one").unwrap();
    vault.save(&second, "two").unwrap();
    vault.save(&first, "one again").unwrap();
    assert_eq!(vault.load(&first).unwrap().as_deref(), Some("one again"));
    assert_eq!(vault.load(&second).unwrap().as_deref(), Some("two"));
    assert_eq!(
        Vault::new("dev.authdesk.console.other")
            .load(&first)
            .unwrap(),
        None
    );
    vault.wipe(&first).unwrap();
    assert_eq!(vault.load(&second).unwrap().as_deref(), Some("two"));
    vault.wipe(&second).unwrap();
}

/// Counts a fault in the fault suite's tally (see `support::tally` in the app's tests).
fn tally_fault(what: &str) {
    use std::io::Write;
    if let Some(folder) = std::env::var_os("AUTHDESK_ARTIFACTS") {
        let path = std::path::Path::new(&folder).join("fault-suite.tsv");
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        writeln!(file, "fault\t{what}").unwrap();
    }
}

#[test]
fn no_session_bus_means_no_keyring_and_says_so() {
    tally_fault("keyring absent (vault)");
    run_child(
        "child_finds_no_keyring",
        r#"exec "$TEST_EXE" "$@""#,
        &[(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/authdesk-bus",
        )],
        &["DISPLAY"],
    );
}

#[test]
#[ignore = "child process of no_session_bus_means_no_keyring_and_says_so"]
fn child_finds_no_keyring() {
    let vault = Vault::new(SERVICE);
    let saved = vault.save("x", "y");
    assert!(
        matches!(saved, Err(VaultError::Unavailable(_))),
        "{saved:?}"
    );
    assert!(matches!(vault.load("x"), Err(VaultError::Unavailable(_))));
}

#[test]
fn a_locked_keyring_is_reported_as_locked() {
    tally_fault("keyring locked");
    let home = tempdir("locked");
    let runtime = home.join("runtime");
    std::fs::create_dir_all(&runtime).unwrap();
    std::fs::set_permissions(
        &runtime,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    // Its own bus and keyring daemon, unlocked to create the login keyring, then locked.
    let script = r#"exec dbus-run-session -- bash -c '
        printf %s locked-keyring-pass | gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null
        dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
          org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
        "$TEST_EXE" "$@"' child "$@""#;
    run_child(
        "child_finds_the_keyring_locked",
        script,
        &[
            ("XDG_DATA_HOME", home.to_str().unwrap()),
            ("XDG_RUNTIME_DIR", runtime.to_str().unwrap()),
        ],
        &["DISPLAY"],
    );
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
#[ignore = "child process of a_locked_keyring_is_reported_as_locked"]
fn child_finds_the_keyring_locked() {
    let vault = Vault::new(SERVICE);
    assert_eq!(vault.save("x", "y"), Err(VaultError::Locked));
    // Secret Service hides a locked collection's items from searches: nothing to restore.
    assert_eq!(vault.load("x"), Ok(None));
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(unique_account(&format!("authdesk-vault-{name}")));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
