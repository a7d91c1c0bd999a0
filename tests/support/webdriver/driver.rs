//! tauri-driver's lifecycle for one test: started with private data folders, the app launched in
//! a WebDriver session, leftovers ended, and its output kept per test.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use super::{App, call};
use crate::support::processes::end_gently;

/// tauri-driver, started for one test and stopped with SIGTERM (SIGKILL would orphan its
/// WebKitWebDriver child, which then holds the test's output pipe open).
pub struct TauriDriver {
    child: Child,
    port: u16,
    /// The app's private data, config and cache folders for this test.
    pub home: PathBuf,
    /// The binaries this driver started, ended with it.
    launched: std::sync::Mutex<Vec<PathBuf>>,
}

impl TauriDriver {
    pub async fn start() -> Self {
        Self::start_with_env(&[]).await
    }

    /// Starts tauri-driver with extra environment for the apps it launches.
    pub async fn start_with_env(env: &[(&str, &str)]) -> Self {
        let port = free_port();
        let native_port = free_port();
        let home = std::env::temp_dir().join(format!("authdesk-e2e-{}-{port}", std::process::id()));
        for sub in ["data", "config", "cache"] {
            std::fs::create_dir_all(home.join(sub)).unwrap();
        }
        let child = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            // An American English desktop unless a test says otherwise: the window's dates and
            // numbers follow the system's language, and a bare POSIX locale groups no thousands.
            .env("LANG", "en_US.UTF-8")
            .env("LC_ALL", "en_US.UTF-8")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(driver_log())
            .spawn()
            .expect("start tauri-driver (tests/setup.sh installs it)");
        let driver = Self {
            child,
            port,
            home,
            launched: std::sync::Mutex::new(Vec::new()),
        };
        let status = format!("http://127.0.0.1:{port}/status");
        let deadline = Instant::now() + Duration::from_secs(10);
        let http = authdesk_client::http_client_builder().build().unwrap();
        while http.get(&status).send().await.is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        driver
    }

    /// Launches the app binary in a new WebDriver session. The app keeps a single instance, so
    /// one left running by an earlier test (a failed test leaves its window behind) is ended
    /// first: a new start would only hand over to it.
    pub async fn launch(&self, application: &Path) -> App {
        end_leftover(application);
        self.launched
            .lock()
            .unwrap()
            .push(application.to_path_buf());
        // No WebDriver command takes this long; a hung one fails the test instead of stalling it.
        let http = authdesk_client::http_client_builder()
            .timeout(Duration::from_secs(90))
            .build()
            .unwrap();
        let base = format!("http://127.0.0.1:{}", self.port);
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "tauri:options": { "application": application }
        }}});
        let value = call(
            &http,
            reqwest::Method::POST,
            &format!("{base}/session"),
            Some(capabilities),
        )
        .await
        .expect("start a WebDriver session");
        let session = value["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned();
        let app = App {
            http,
            base: format!("{base}/session/{session}"),
            application: application.to_path_buf(),
        };
        // The first start after a build can take WebKit a while: wait for the UI to show.
        let deadline = Instant::now() + Duration::from_secs(60);
        while app.page_text().await.trim().is_empty() {
            assert!(
                Instant::now() < deadline,
                "the window stayed blank for a minute"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        app
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        end_gently(&mut self.child);
        for application in self.launched.lock().unwrap().iter() {
            end_leftover(application);
        }
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

/// Ends every process running `application` and waits until they are gone.
fn end_leftover(application: &Path) {
    let program = application.display().to_string();
    if crate::support::wait_until_exited_within(&program, Duration::from_millis(300)) {
        return;
    }
    let _ = Command::new("pkill")
        .args(["-KILL", "-f", &program])
        .status();
    assert!(
        crate::support::wait_until_exited(&program),
        "{program} is still running after SIGKILL"
    );
}

/// Where tauri-driver and the apps it starts write, one file per test and each try appended,
/// so a session that never starts leaves its reason behind.
fn driver_log() -> Stdio {
    use std::io::Write;
    let test = std::thread::current()
        .name()
        .unwrap_or("test")
        .replace("::", "-");
    let path = crate::support::artifacts_dir().join(format!("driver-{test}.log"));
    match std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        Ok(mut file) => {
            let _ = writeln!(
                file,
                "--- tauri-driver started by pid {}",
                std::process::id()
            );
            file.into()
        }
        Err(_) => Stdio::null(),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
