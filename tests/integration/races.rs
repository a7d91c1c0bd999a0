//! Session identity under concurrency (review finding L2): a 401 ends only the session that got
//! it, not one signed in meanwhile.

use authdesk_protocol::{ErrorCode, ListUsersQuery};
use serde_json::json;

use crate::support::{MemorySettings, Sandbox, TEST_KEYRING_SERVICE, admin_sign_in, console_with};

#[tokio::test]
async fn a_late_401_does_not_end_a_session_signed_in_meanwhile() {
    let first = Sandbox::start(&[("SANDBOX_FAULTS", "1"), ("SANDBOX_USERS", "5")]);
    let second = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let console = console_with(&MemorySettings::default());
    console.sign_in(admin_sign_in(&first.url)).await.unwrap();
    first
        .inject(
            json!([{ "path": "/admin/list-users", "kind": "status", "status": 401,
            "ms": 2000, "times": 1, "body": r#"{"message":"Unauthorized"}"# }]),
        )
        .await;
    let slow = tokio::spawn({
        let console = console.clone();
        async move { console.list_users(ListUsersQuery::page(5, 0)).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let admin = console.sign_in(admin_sign_in(&second.url)).await.unwrap();

    let late = slow.await.unwrap().unwrap_err();
    assert_eq!(late.code, ErrorCode::SessionExpired);
    assert!(
        console.list_users(ListUsersQuery::page(5, 0)).await.is_ok(),
        "the second sign-in is still there"
    );
    let saved = authdesk_vault::Vault::new(TEST_KEYRING_SERVICE)
        .load(&admin.profile.id)
        .unwrap();
    assert!(saved.is_some(), "and so is its keyring entry");
    console.sign_out().await.unwrap();
}
