//! Typing as a person does, and waiting until WebKit has delivered every key.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{App, DEFAULT_WAIT, ELEMENT_KEY, Element, SETTLED_AFTER, key};

impl App {
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

    /// Waits until the input with this test id holds `expected` (forms fill in asynchronously).
    pub async fn wait_for_value(&self, test_id: &str, expected: &str) {
        self.until_value(test_id, expected, async || {
            self.property(&self.find_by_test_id(test_id).await, "value")
                .await
        })
        .await;
    }

    /// Puts text no keyboard types (control characters, megabytes) into the field with this
    /// test id, as a paste would: `expression` is JavaScript that makes the text. Waits for the
    /// field first: it may still be on its way (the magic link's, once the mail is sent).
    pub async fn paste(&self, test_id: &str, expression: &str) {
        self.find_by_test_id(test_id).await;
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
}
