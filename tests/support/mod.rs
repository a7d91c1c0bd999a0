//! Shared by the integration and end-to-end tests: where the sandbox server is, who its known
//! accounts are, and where artifacts go. Each test binary uses only part of it.
#![allow(dead_code)]

pub mod webdriver;

use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub email: String,
    pub password: String,
    pub name: String,
}

/// The sandbox's accounts with known passwords (`tests/sandbox/accounts.json`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Accounts {
    pub admin: Account,
    pub admins: Vec<Account>,
    pub user: Account,
    pub banned_user: Account,
    pub lapsed_ban_user: Account,
}

pub fn accounts() -> Accounts {
    let path = repo_root().join("tests/sandbox/accounts.json");
    let text = std::fs::read_to_string(&path).expect("read accounts.json");
    serde_json::from_str(&text).expect("parse accounts.json")
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn required_env(name: &str) -> String {
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
