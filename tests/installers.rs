//! The release installers, as a support team meets them: the `.deb` installed with dpkg and the
//! `.rpm` with rpm on this machine, each checked for its name, version, identifier, icons and
//! desktop entry, started from its installed path (it must show the sign-in form and sign in
//! to the sandbox), then removed, leaving none of its files behind.
//! tests/test.sh builds both with tests/package/build.sh and passes their paths in
//! AUTHDESK_DEB and AUTHDESK_RPM.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::webdriver::TauriDriver;
use support::{artifacts_dir, auth_url};

const INSTALLED_BINARY: &str = "/usr/bin/authdesk";
const DESKTOP_ENTRY: &str = "/usr/share/applications/Authdesk.desktop";
const RELEASE_IDENTIFIER: &str = "dev.authdesk.console";

fn package(variable: &str) -> PathBuf {
    let path = std::env::var(variable).unwrap_or_else(|_| {
        panic!("{variable} is not set: tests/test.sh builds the installers and sets it")
    });
    PathBuf::from(path)
}

/// Runs a command, through `sudo` unless the tests run as root (package managers need it).
fn run(program: &str, args: &[&str]) -> Output {
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|id| id.stdout == b"0\n");
    let mut command = if as_root {
        Command::new(program)
    } else {
        let mut sudo = Command::new("sudo");
        sudo.args(["--non-interactive", program]);
        sudo
    };
    let output = command
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("run {program}: {error}"));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn stdout(output: Output) -> String {
    String::from_utf8(output.stdout).unwrap()
}

fn assert_not_installed() {
    assert!(
        !Path::new(INSTALLED_BINARY).exists() && !Path::new(DESKTOP_ENTRY).exists(),
        "Authdesk is already installed on this machine; remove it first"
    );
}

/// The installed files that must be there: binary, desktop entry and icons at every size.
fn check_installed_files(files: &[String]) {
    for expected in [
        INSTALLED_BINARY,
        DESKTOP_ENTRY,
        "/usr/share/icons/hicolor/32x32/apps/authdesk.png",
        "/usr/share/icons/hicolor/128x128/apps/authdesk.png",
        "/usr/share/icons/hicolor/256x256@2/apps/authdesk.png",
    ] {
        assert!(
            files.iter().any(|file| file == expected),
            "{expected} is not in {files:?}"
        );
        assert!(Path::new(expected).exists(), "{expected} was not installed");
    }
    let entry = std::fs::read_to_string(DESKTOP_ENTRY).unwrap();
    for line in [
        "Name=Authdesk",
        "Exec=authdesk",
        "Icon=authdesk",
        "Type=Application",
    ] {
        assert!(
            entry.lines().any(|l| l == line),
            "{line} missing from:\n{entry}"
        );
    }
    assert!(entry.contains("Categories=Development;"), "{entry}");
}

/// Starts the installed binary as a user would and signs in to the sandbox. A release build
/// keeps its data under the release identifier, apart from development builds.
async fn start_installed_app(shot: &str) {
    let driver = TauriDriver::start().await;
    let app = driver.launch(Path::new(INSTALLED_BINARY)).await;
    app.find_by_test_id("sign-in-form").await;
    app.sign_in_as_admin(&auth_url()).await;
    app.wait_for_text("users-range", "of").await;
    // WebKit may still show the previous frame right after the DOM changed.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    app.screenshot(&artifacts_dir().join(shot)).await;
    app.close().await;
    let data = driver.home.join("data");
    assert!(
        data.join(RELEASE_IDENTIFIER).is_dir(),
        "no release data folder in {data:?}"
    );
    assert!(!data.join(format!("{RELEASE_IDENTIFIER}.dev")).exists());
}

/// Installs with one command, checks and starts what it installed, removes it with another
/// and checks that none of its files are left and the package manager has forgotten it.
async fn install_start_and_remove<const I: usize, const L: usize, const R: usize>(
    install: [&str; I],
    list: [&str; L],
    remove: [&str; R],
    screenshot: &str,
) {
    run(install[0], &install[1..]);
    let files: Vec<String> = stdout(run(list[0], &list[1..]))
        .lines()
        .map(str::to_owned)
        .collect();
    check_installed_files(&files);
    start_installed_app(screenshot).await;
    run(remove[0], &remove[1..]);
    let left: Vec<&String> = files
        .iter()
        .filter(|file| Path::new(file).is_file())
        .collect();
    assert!(left.is_empty(), "left behind after removal: {left:?}");
    let listed = Command::new(list[0]).args(&list[1..]).output().unwrap();
    assert!(!listed.status.success(), "still registered as installed");
}

#[tokio::test]
async fn the_deb_installs_starts_and_removes_cleanly() {
    let deb = package("AUTHDESK_DEB");
    let deb = deb.to_str().unwrap();
    assert_not_installed();
    let fields = stdout(run(
        "dpkg-deb",
        &["--field", deb, "Package", "Version", "Architecture"],
    ));
    assert!(fields.contains("Package: authdesk"), "{fields}");
    assert!(
        fields.contains(&format!("Version: {}", env!("CARGO_PKG_VERSION"))),
        "{fields}"
    );
    let control = stdout(run("dpkg-deb", &["--field", deb, "Depends", "Description"]));
    assert!(control.contains("libwebkit2gtk-4.1-0"), "{control}");

    install_start_and_remove(
        ["dpkg", "--install", deb],
        ["dpkg", "--listfiles", "authdesk"],
        ["dpkg", "--purge", "authdesk"],
        "installed-deb.png",
    )
    .await;
}

#[tokio::test]
async fn the_rpm_installs_starts_and_removes_cleanly() {
    let rpm = package("AUTHDESK_RPM");
    let rpm = rpm.to_str().unwrap();
    assert_not_installed();
    let query = stdout(run(
        "rpm",
        &[
            "--query",
            "--package",
            "--queryformat",
            "%{NAME} %{VERSION}",
            rpm,
        ],
    ));
    assert_eq!(query, format!("authdesk {}", env!("CARGO_PKG_VERSION")));
    // This Debian machine keeps no rpm database of its libraries, so dependencies are checked
    // by name from the package's own list instead of by rpm.
    let requires = stdout(run("rpm", &["--query", "--package", "--requires", rpm]));
    assert!(requires.contains("libwebkit2gtk-4.1.so.0"), "{requires}");

    install_start_and_remove(
        ["rpm", "--install", "--nodeps", rpm],
        ["rpm", "--query", "--list", "authdesk"],
        ["rpm", "--erase", "authdesk"],
        "installed-rpm.png",
    )
    .await;
}
