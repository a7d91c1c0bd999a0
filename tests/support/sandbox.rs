//! A sandbox auth server of a test's own (`tests/sandbox/server.mjs` with the settings the
//! shared one does not have), and the faults it can be told to inject.

use std::process::{Child, Command, Stdio};

use super::processes::{end_gently, ready_line};
use super::{repo_root, sign_in, temp_dir};

/// A sandbox auth server of the test's own, for server options the shared one does not have.
pub struct Sandbox {
    child: Child,
    pub url: String,
    pub users: u64,
    /// Where the mail it sends lands.
    pub mailbox: sign_in::Mailbox,
}

impl Sandbox {
    pub fn start(settings: &[(&str, &str)]) -> Self {
        let mailbox = sign_in::Mailbox(temp_dir("sandbox-mail").join("mailbox.jsonl"));
        let mut command = Command::new("node");
        command
            .arg(repo_root().join("tests/sandbox/server.mjs"))
            .env("SANDBOX_PORT", "0")
            .env("SANDBOX_MAILBOX", mailbox.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (key, value) in settings {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("start the sandbox server (node)");
        let line = ready_line(&mut child);
        let ready: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|_| panic!("the sandbox did not start: {line:?}"));
        Self {
            child,
            url: ready["url"].as_str().unwrap().to_owned(),
            users: ready["users"].as_u64().unwrap(),
            mailbox,
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        end_gently(&mut self.child);
    }
}

impl Sandbox {
    /// Replaces the sandbox's injected faults (it must run with `SANDBOX_FAULTS=1`); see
    /// `tests/sandbox/README.md` for the rules.
    pub async fn inject(&self, rules: serde_json::Value) {
        let url = reqwest::Url::parse(&self.url).unwrap();
        let control = format!("{}/__sandbox/faults", url.origin().ascii_serialization());
        let response = authdesk_client::http_client_builder()
            .build()
            .unwrap()
            .put(control)
            .json(&rules)
            .send()
            .await
            .expect("reach the sandbox's fault route");
        assert!(response.status().is_success(), "{}", response.status());
    }
}
