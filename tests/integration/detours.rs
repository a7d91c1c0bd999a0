//! No silent detours (review findings M1 and M2): a redirect is reported, never followed, so a
//! password or cookie cannot be replayed to another listener; and proxies from the environment
//! never see this machine's plain-http traffic.

use std::net::TcpListener;

use authdesk_protocol::ErrorCode;
use serde_json::json;

use crate::support::SignedIn;
use crate::support::{
    MemorySettings, Sandbox, Tried, admin_sign_in, auth_url, console_with, run_child_test, tally,
};

#[tokio::test]
async fn a_redirect_is_reported_with_its_target_and_never_followed() {
    tally(Tried::Fault, "307 redirect at sign-in to another listener");
    let sandbox = Sandbox::start(&[("SANDBOX_FAULTS", "1"), ("SANDBOX_USERS", "5")]);
    let elsewhere = TcpListener::bind("127.0.0.1:0").unwrap();
    elsewhere.set_nonblocking(true).unwrap();
    let target = format!(
        "http://127.0.0.1:{}/api/auth/sign-in/email",
        elsewhere.local_addr().unwrap().port()
    );
    sandbox
        .inject(
            json!([{ "path": "/sign-in/email", "kind": "status", "status": 307,
            "times": 1, "headers": { "location": target } }]),
        )
        .await;

    let console = console_with(&MemorySettings::default());
    let error = console
        .sign_in(admin_sign_in(&sandbox.url))
        .await
        .signed_in()
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::UnexpectedResponse, "{error:?}");
    assert!(error.message.contains(&target), "{}", error.message);
    assert!(
        elsewhere.accept().is_err(),
        "the other listener was never contacted"
    );
    // The next sign-in, without the redirect, works.
    console
        .sign_in(admin_sign_in(&sandbox.url))
        .await
        .signed_in()
        .unwrap();
    console.sign_out().await.unwrap();
}

#[test]
fn a_proxy_in_the_environment_is_not_used_for_this_computer() {
    tally(
        Tried::Fault,
        "HTTP_PROXY and ALL_PROXY pointing at a dead port",
    );
    let dead = TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = format!("http://127.0.0.1:{}", dead.local_addr().unwrap().port());
    drop(dead);
    run_child_test(
        "detours::child_signs_in_with_a_proxy_in_the_environment",
        &[
            ("HTTP_PROXY", &proxy),
            ("http_proxy", &proxy),
            ("ALL_PROXY", &proxy),
        ],
        &["NO_PROXY", "no_proxy"],
    );
}

#[tokio::test]
#[ignore = "child process of a_proxy_in_the_environment_is_not_used_for_this_computer"]
async fn child_signs_in_with_a_proxy_in_the_environment() {
    let console = console_with(&MemorySettings::default());
    console
        .sign_in(admin_sign_in(&auth_url()))
        .await
        .signed_in()
        .unwrap();
    console.sign_out().await.unwrap();
}
