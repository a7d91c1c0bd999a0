//! Just enough W3C WebDriver to drive the real Authdesk binary through tauri-driver and
//! WebKitWebDriver: start the app, find, type, click, read; screenshots come from the X server.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::desktop;

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

mod driver;
mod flows;
mod typing;

// Not every test binary uses it.
#[allow(unused_imports)]
pub use driver::TauriDriver;

/// One running app window.
pub struct App {
    http: reqwest::Client,
    base: String,
    /// The binary launched, to find its window on the X server.
    application: PathBuf,
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

    /// Moves the pointer over an element (W3C actions), as a person pointing at it does.
    pub async fn hover(&self, element: &Element) {
        let to = json!({ "type": "pointerMove", "duration": 0, "origin": { ELEMENT_KEY: element.0 }, "x": 0, "y": 0 });
        let body = json!({ "actions": [{
            "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" }, "actions": [to],
        }] });
        self.request(reqwest::Method::POST, "/actions", Some(body))
            .await
            .expect("move the pointer");
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

    /// Waits until the page's focused element matches `css`: read from the page, since WebKit
    /// matches `:focus` only while its window is the one in front, and a window another
    /// application's took the front from (the desktop tests' other window) may not be.
    pub async fn wait_for_focus(&self, css: &str) {
        let script = format!("return !!document.activeElement?.matches({})", json!(css));
        let deadline = Instant::now() + DEFAULT_WAIT;
        while self.execute(&script).await != json!(true) {
            assert!(Instant::now() < deadline, "the focus is not on {css}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
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

    /// Saves a PNG of the window as the X server shows it. Waits a moment first: WebKit may not
    /// have painted the latest DOM change yet. Not WebDriver's screenshot: WebKit paints that
    /// apart, and for a page painted without compositing (the app on Linux) it was seen never
    /// to answer.
    pub async fn screenshot(&self, path: &Path) {
        self.execute_async(
            "const done = arguments[0]; \
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            json!([]),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let pid = desktop::pid_of(&self.application);
        assert!(!pid.is_empty(), "{} is running", self.application.display());
        let window = desktop::x_window(&["id", &pid]);
        desktop::x_screenshot(window.trim(), path);
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
