//! Just enough W3C WebDriver to drive the real Authdesk binary through tauri-driver and
//! WebKitWebDriver: start the app, find, type, click, read, screenshot.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// WebDriver's names for the keys that are not characters.
pub mod key {
    pub const BACKSPACE: &str = "\u{E003}";
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const CONTROL: &str = "\u{E009}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const DOWN: &str = "\u{E015}";
}
const DEFAULT_WAIT: Duration = Duration::from_secs(20);
/// A field whose text has not changed for this long has received every key it will get.
const SETTLED_AFTER: Duration = Duration::from_secs(4);

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
        while reqwest::get(&status).await.is_err() {
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
        let http = reqwest::Client::builder()
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
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
        for application in self.launched.lock().unwrap().iter() {
            end_leftover(application);
        }
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

/// One running app window.
pub struct App {
    http: reqwest::Client,
    base: String,
}

#[derive(Debug, Clone)]
pub struct Element(String);

impl App {
    async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        call(&self.http, method, &format!("{}{path}", self.base), body).await
    }

    /// The first element matching `css` now, if any.
    pub async fn find_now(&self, css: &str) -> Option<Element> {
        let body = json!({ "using": "css selector", "value": css });
        let value = self
            .request(reqwest::Method::POST, "/element", Some(body))
            .await
            .ok()?;
        Some(Element(value[ELEMENT_KEY].as_str()?.to_owned()))
    }

    /// Waits for an element matching `css` to appear.
    pub async fn find(&self, css: &str) -> Element {
        let deadline = Instant::now() + DEFAULT_WAIT;
        loop {
            if let Some(element) = self.find_now(css).await {
                return element;
            }
            if Instant::now() > deadline {
                panic!(
                    "no element matches {css}; the window shows:\n{}",
                    self.page_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// [`App::find`], waiting up to `limit` (a flow that involves more than this window).
    pub async fn find_within(&self, css: &str, limit: Duration) -> Element {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(element) = self.find_now(css).await {
                return element;
            }
            assert!(
                Instant::now() < deadline,
                "no element matches {css} after {limit:?}; the window shows:\n{}",
                self.page_text().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn find_by_test_id(&self, id: &str) -> Element {
        self.find(&format!("[data-testid='{id}']")).await
    }

    /// Waits until the element with this test id shows text containing `fragment`, and returns
    /// its whole text. Polls, because the UI renders an answer some time after the click.
    pub async fn wait_for_text(&self, test_id: &str, fragment: &str) -> String {
        let css = format!("[data-testid='{test_id}']");
        let deadline = Instant::now() + DEFAULT_WAIT;
        let mut last = String::new();
        loop {
            if let Some(element) = self.find_now(&css).await {
                let path = format!("/element/{}/text", element.0);
                // The element may be replaced between finding and reading it.
                if let Ok(value) = self.request(reqwest::Method::GET, &path, None).await {
                    last = value.as_str().unwrap_or_default().to_owned();
                    if last.contains(fragment) {
                        return last;
                    }
                }
            }
            assert!(
                Instant::now() < deadline,
                "{test_id} never showed {fragment:?}; last: {last:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Replaces the text of an input with `text`, as a person would (select all, delete, type
    /// key by key), and waits until the field holds all of it: WebKit delivers typed keys
    /// asynchronously (on a loaded two-core machine, a few a second), and a key still on its way
    /// when the test clicks elsewhere would land in the wrong place. A key was also seen to be
    /// dropped now and then: a field whose text stops changing short of `text` is typed again
    /// (twice at most), and the test says so on stderr.
    pub async fn fill(&self, element: &Element, text: &str) {
        let mut held = String::new();
        for attempt in 1..=3 {
            self.focus(element).await;
            let clear = format!("{}a{}{}", key::CONTROL, key::CONTROL, key::BACKSPACE);
            self.keys(element, &clear).await;
            if !text.is_empty() {
                self.keys(element, text).await;
            }
            let deadline = Instant::now() + DEFAULT_WAIT;
            let mut changed = Instant::now();
            loop {
                let now = self.property(element, "value").await;
                if now == text {
                    return;
                }
                if now != held {
                    held = now;
                    changed = Instant::now();
                } else if changed.elapsed() > SETTLED_AFTER || Instant::now() > deadline {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            if attempt < 3 {
                eprintln!("fill: the field settled on {held:?}, not {text:?}; typing it again");
            }
        }
        panic!("the field just typed in holds {held:?}, not {text:?}");
    }

    /// Waits until `read` gives `expected`, or fails with what it gave last.
    async fn until_value(&self, what: &str, expected: &str, read: impl AsyncFn() -> String) {
        let deadline = Instant::now() + DEFAULT_WAIT;
        loop {
            let value = read().await;
            if value == expected {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{what} holds {value:?}, not {expected:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Moves the focus to `element` and waits until the window says it is there: WebDriver's
    /// typing focuses the element too, but without waiting, and the first keys for one field
    /// were seen to land at the end of the field typed in before (an email became
    /// `ada@authdesk.testZo`, "not a valid email address").
    async fn focus(&self, element: &Element) {
        let script = json!({
            "script": "arguments[0].focus(); return document.activeElement === arguments[0]",
            "args": [{ ELEMENT_KEY: element.0 }],
        });
        let deadline = Instant::now() + DEFAULT_WAIT;
        while !matches!(
            self.request(reqwest::Method::POST, "/execute/sync", Some(script.clone()))
                .await,
            Ok(Value::Bool(true))
        ) {
            assert!(Instant::now() < deadline, "the field never took the focus");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn keys(&self, element: &Element, text: &str) {
        let path = format!("/element/{}/value", element.0);
        self.request(reqwest::Method::POST, &path, Some(json!({ "text": text })))
            .await
            .expect("type into an element");
    }

    /// Picks the option `value` of the select `select_test_id`, as a click would.
    pub async fn choose(&self, select_test_id: &str, value: &str) {
        let css = format!("[data-testid='{select_test_id}'] option[value='{value}']");
        self.click(&self.find(&css).await).await;
    }

    pub async fn click(&self, element: &Element) {
        let path = format!("/element/{}/click", element.0);
        let first = self
            .request(reqwest::Method::POST, &path, Some(json!({})))
            .await;
        let Err(refused) = first else {
            return;
        };
        // WebKitWebDriver may report a click that closed or replaced its own element as failed.
        let attached = json!({ "script": "return arguments[0].isConnected", "args": [{ ELEMENT_KEY: element.0 }] });
        let still_there = self
            .request(reqwest::Method::POST, "/execute/sync", Some(attached))
            .await;
        if !matches!(still_there, Ok(Value::Bool(true))) {
            // Said, so that a test failing after a click lost this way shows why.
            eprintln!(
                "click: reported as failed ({refused}), and the element is gone; taken as done"
            );
            return;
        }
        // It does not scroll inside a scrolling panel by itself either: bring it into view.
        let script = json!({
            "script": "arguments[0].scrollIntoView({block: 'center'})",
            "args": [{ ELEMENT_KEY: element.0 }],
        });
        self.request(reqwest::Method::POST, "/execute/sync", Some(script))
            .await
            .expect("scroll");
        if let Err(error) = self
            .request(reqwest::Method::POST, &path, Some(json!({})))
            .await
        {
            let describe = json!({
                "script": "return arguments[0].outerHTML.slice(0, 300)",
                "args": [{ ELEMENT_KEY: element.0 }],
            });
            let what = self
                .request(reqwest::Method::POST, "/execute/sync", Some(describe))
                .await;
            let page = self.page_text().await;
            panic!("click on {what:?} failed ({error}); the window shows:\n{page}");
        }
    }

    pub async fn text(&self, element: &Element) -> String {
        let path = format!("/element/{}/text", element.0);
        let value = self
            .request(reqwest::Method::GET, &path, None)
            .await
            .expect("read text");
        value.as_str().unwrap_or_default().to_owned()
    }

    /// A DOM property such as an input's current `value`.
    pub async fn property(&self, element: &Element, name: &str) -> String {
        let path = format!("/element/{}/property/{name}", element.0);
        let value = self
            .request(reqwest::Method::GET, &path, None)
            .await
            .expect("read property");
        value.as_str().unwrap_or_default().to_owned()
    }

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
        let admin = super::accounts().admin;
        self.submit_sign_in(server, &admin.email, &admin.password)
            .await;
        self.find("[data-testid^='user-row-']").await;
    }

    /// Waits until the input with this test id holds `expected` (forms fill in asynchronously).
    pub async fn wait_for_value(&self, test_id: &str, expected: &str) {
        self.until_value(test_id, expected, async || {
            self.property(&self.find_by_test_id(test_id).await, "value")
                .await
        })
        .await;
    }

    pub async fn attribute(&self, element: &Element, name: &str) -> Option<String> {
        let path = format!("/element/{}/attribute/{name}", element.0);
        let value = self
            .request(reqwest::Method::GET, &path, None)
            .await
            .expect("read attribute");
        value.as_str().map(str::to_owned)
    }

    /// Clicks a table row through the DOM. WebKitWebDriver reports rows (`tr`, `td`) of a
    /// scrolling table as "not interactable"; buttons and inputs go through [`App::click`].
    pub async fn click_row(&self, element: &Element) {
        let script =
            json!({ "script": "arguments[0].click()", "args": [{ ELEMENT_KEY: element.0 }] });
        self.request(reqwest::Method::POST, "/execute/sync", Some(script))
            .await
            .expect("click a row");
    }

    /// Puts text no keyboard types (control characters, megabytes) into the field with this
    /// test id, as a paste would: `expression` is JavaScript that makes the text.
    pub async fn paste(&self, test_id: &str, expression: &str) {
        let script = format!(
            "const field = document.querySelector('[data-testid=\"{test_id}\"]');
             field.value = {expression};
             field.dispatchEvent(new InputEvent('input', {{ bubbles: true }}));"
        );
        self.execute(&script).await;
    }

    /// The length of the text in the field with this test id (for values too big to read back).
    pub async fn value_length(&self, test_id: &str) -> u64 {
        let script =
            format!("return document.querySelector('[data-testid=\"{test_id}\"]').value.length");
        self.execute(&script).await.as_u64().unwrap()
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

    /// Runs a script in the window and returns what it returns.
    pub async fn execute(&self, script: &str) -> Value {
        let body = json!({ "script": script, "args": [] });
        self.request(reqwest::Method::POST, "/execute/sync", Some(body))
            .await
            .expect("run a script")
    }

    /// Runs an asynchronous script (its last argument is the callback) and returns its result.
    pub async fn execute_async(&self, script: &str, args: Value) -> Value {
        let body = json!({ "script": script, "args": args });
        self.request(reqwest::Method::POST, "/execute/async", Some(body))
            .await
            .expect("run a script")
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

    /// Types keys into whatever has focus (W3C actions), as a person at the keyboard would.
    pub async fn send_keys_to_page(&self, keys: &str) {
        let mut actions = Vec::new();
        for key in keys.chars() {
            actions.push(json!({ "type": "keyDown", "value": key.to_string() }));
            actions.push(json!({ "type": "keyUp", "value": key.to_string() }));
        }
        let body = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] });
        self.request(reqwest::Method::POST, "/actions", Some(body))
            .await
            .expect("send keys");
    }

    /// Presses `key` while `modifier` (a WebDriver key, e.g. [`key::CONTROL`]) is held.
    pub async fn press_with(&self, modifier: &str, key: &str) {
        let actions = json!([
            { "type": "keyDown", "value": modifier },
            { "type": "keyDown", "value": key },
            { "type": "keyUp", "value": key },
            { "type": "keyUp", "value": modifier },
        ]);
        let body = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] });
        self.request(reqwest::Method::POST, "/actions", Some(body))
            .await
            .expect("press a chord");
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_until_gone(&self, css: &str) {
        let deadline = Instant::now() + DEFAULT_WAIT;
        while self.find_now(css).await.is_some() {
            assert!(Instant::now() < deadline, "{css} is still there");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// All the text the window shows, for failure messages.
    pub async fn page_text(&self) -> String {
        let script = json!({ "script": "return document.body.innerText", "args": [] });
        match self
            .request(reqwest::Method::POST, "/execute/sync", Some(script))
            .await
        {
            Ok(value) => value.as_str().unwrap_or_default().to_owned(),
            Err(error) => format!("(could not read the page: {error})"),
        }
    }

    /// Saves a PNG of the window. Waits a moment first: WebKit may not have painted the latest
    /// DOM change yet.
    pub async fn screenshot(&self, path: &Path) {
        // WebKit hands over the last frame it painted: wait for two more to be painted.
        self.execute_async(
            "const done = arguments[0]; \
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            json!([]),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let value = self
            .request(reqwest::Method::GET, "/screenshot", None)
            .await
            .expect("screenshot");
        let png = base64::engine::general_purpose::STANDARD
            .decode(value.as_str().expect("base64"))
            .expect("valid base64");
        std::fs::write(path, png).expect("write the screenshot");
        eprintln!("screenshot: {}", path.display());
    }

    pub async fn close(self) {
        let _ = self.request(reqwest::Method::DELETE, "", None).await;
    }
}

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let mut request = http.request(method, url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.map_err(|error| error.to_string())?;
    let status = response.status();
    let json: Value = response.json().await.map_err(|error| error.to_string())?;
    if status.is_success() {
        Ok(json["value"].clone())
    } else {
        Err(format!("{status}: {}", json["value"]))
    }
}

/// Ends every process running `application` and waits until they are gone.
fn end_leftover(application: &Path) {
    let program = application.display().to_string();
    if super::wait_until_exited_within(&program, Duration::from_millis(300)) {
        return;
    }
    let _ = Command::new("pkill")
        .args(["-KILL", "-f", &program])
        .status();
    assert!(
        super::wait_until_exited(&program),
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
    let path = super::artifacts_dir().join(format!("driver-{test}.log"));
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
