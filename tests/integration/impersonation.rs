//! Impersonation from the backend's side, against a sandbox whose impersonation sessions last
//! 60 seconds: the admin's own session is never lost, whether the impersonation is stopped,
//! runs out, or is ended on the server behind the app's back; and the audit trail records every
//! step in a chain that verifies.

fn impersonation(user_id: &str) -> authdesk_protocol::ImpersonationRequest {
    authdesk_protocol::ImpersonationRequest {
        user_id: user_id.to_owned(),
        reason: "Ticket 4711: the user cannot see their invoices".into(),
        minutes: 60,
    }
}

use std::time::Duration;

use crate::support::SignedIn;
use crate::support::sign_in::signed_in_auditing;
use crate::support::{BareAdmin, Sandbox, accounts, admin_sign_in, temp_dir};
use authdesk_protocol::{AuditChain, AuditOutcome, ErrorCode, ListUsersQuery};

#[tokio::test]
async fn the_admin_comes_back_after_stop_expiry_and_a_server_side_end_and_the_audit_chain_holds() {
    let sandbox = Sandbox::start(&[
        ("SANDBOX_IMPERSONATION_SECONDS", "60"),
        ("SANDBOX_USERS", "20"),
    ]);
    let audit_path = temp_dir("impersonation-audit").join("audit.jsonl");
    let (console, admin) = signed_in_auditing(&sandbox.url, &audit_path).await;
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admins[1]).await;
    let charles = bare.user_id_of(&accounts().user.email).await;
    let grace = bare.user_id_of("grace@authdesk.test").await;
    let impersonations = async |user: &str| {
        bare.sessions_of(user)
            .await
            .iter()
            .filter(|session| session["impersonatedBy"] == admin.id.as_str())
            .count()
    };

    // 1. Stopped by the admin.
    let started = console
        .impersonate_user(impersonation(&charles))
        .await
        .unwrap();
    let left = started.ends_at - authdesk_protocol::OffsetDateTime::now_utc();
    assert!(
        left <= time::Duration::seconds(60) && left > time::Duration::seconds(50),
        "{left}"
    );
    assert_eq!(
        console
            .list_users(ListUsersQuery::page(5, 0))
            .await
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );
    assert_eq!(console.stop_impersonating().await.unwrap().id, admin.id);
    assert_eq!(impersonations(&charles).await, 0);

    // 2. Ended on the server behind the app's back (the user's sessions revoked): the way back
    //    is the admin's own cookies, kept aside.
    console
        .impersonate_user(impersonation(&charles))
        .await
        .unwrap();
    bare.post(
        "admin/revoke-user-sessions",
        serde_json::json!({ "userId": charles }),
    )
    .await;
    assert_eq!(console.stop_impersonating().await.unwrap().id, admin.id);
    assert!(console.list_users(ListUsersQuery::page(5, 0)).await.is_ok());

    // 3. Run out: the server forgets the impersonation session after 60 s.
    console
        .impersonate_user(impersonation(&grace))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(62)).await;
    assert_eq!(console.stop_impersonating().await.unwrap().id, admin.id);
    assert!(console.list_users(ListUsersQuery::page(5, 0)).await.is_ok());
    assert_eq!(impersonations(&grace).await, 0);

    // Every start and stop is in the audit trail, and the chain verifies.
    let view = console.audit_log().await.unwrap();
    let steps: Vec<(&str, &AuditOutcome)> = view
        .records
        .iter()
        .map(|record| (record.action.as_str(), &record.outcome))
        .collect();
    let actions: Vec<&str> = steps.iter().map(|(action, _)| *action).collect();
    assert_eq!(
        actions,
        [
            "impersonate",
            "stop-impersonating",
            "impersonate",
            "stop-impersonating",
            "impersonate",
            "stop-impersonating"
        ]
    );
    assert_eq!(steps[1].1, &AuditOutcome::Succeeded);
    assert!(
        matches!(steps[3].1, AuditOutcome::Failed { .. }),
        "the server could not end it: {:?}",
        steps[3]
    );
    assert!(
        view.records
            .iter()
            .all(|record| record.admin == admin.email)
    );
    assert_eq!(view.chain, AuditChain::Intact { entries: 6 });
    assert!(
        !std::fs::read_to_string(&audit_path)
            .unwrap()
            .contains("session_token")
    );

    // An edited line is reported.
    let text =
        std::fs::read_to_string(&audit_path)
            .unwrap()
            .replacen("impersonate", "look-around", 1);
    std::fs::write(&audit_path, text).unwrap();
    assert!(matches!(
        console.audit_log().await.unwrap().chain,
        AuditChain::Broken { line: 1, .. }
    ));
    console.sign_out().await.unwrap();
}

/// Review finding M5: the admin's chosen length is the backend's to enforce. Nothing calls the
/// console during the minute; the server would keep the session for an hour.
#[tokio::test]
async fn an_impersonation_ends_at_its_time_limit_with_no_window_asking() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let audit_path = temp_dir("impersonation-deadline").join("audit.jsonl");
    let (console, admin) = signed_in_auditing(&sandbox.url, &audit_path).await;
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admins[1]).await;
    let charles = bare.user_id_of(&accounts().user.email).await;
    let started = console
        .impersonate_user(authdesk_protocol::ImpersonationRequest {
            minutes: 1,
            ..impersonation(&charles)
        })
        .await
        .unwrap();
    let impersonations = async || {
        bare.sessions_of(&charles)
            .await
            .iter()
            .filter(|session| session["impersonatedBy"] == admin.id.as_str())
            .count()
    };
    assert_eq!(impersonations().await, 1);

    let left = started.ends_at - authdesk_protocol::OffsetDateTime::now_utc();
    tokio::time::sleep(Duration::try_from(left).unwrap() + Duration::from_secs(3)).await;
    assert_eq!(impersonations().await, 0, "the server's session is gone");
    assert!(console.list_users(ListUsersQuery::page(5, 0)).await.is_ok());
    let records = console.audit_log().await.unwrap().records;
    let last = records.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.detail.as_deref()),
        ("stop-impersonating", Some("at its time limit"))
    );
    console.sign_out().await.unwrap();
}

/// Review finding L3: signing out while impersonating ends the admin's own server session too,
/// even when the server already ended the impersonation; and no second sign-in replaces an
/// impersonation that is still running.
#[tokio::test]
async fn signing_out_mid_impersonation_leaves_no_admin_session_on_the_server() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let (console, admin) = signed_in_auditing(
        &sandbox.url,
        &temp_dir("impersonation-sign-out").join("audit.jsonl"),
    )
    .await;
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admins[1]).await;
    let charles = bare.user_id_of(&accounts().user.email).await;
    console
        .impersonate_user(impersonation(&charles))
        .await
        .unwrap();
    let again = console
        .sign_in(admin_sign_in(&sandbox.url))
        .await
        .signed_in()
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::Forbidden, "{again:?}");

    // The server ends the impersonation behind the app's back; then the admin signs out.
    bare.post(
        "admin/revoke-user-sessions",
        serde_json::json!({ "userId": charles }),
    )
    .await;
    console.sign_out().await.unwrap();
    assert_eq!(
        bare.sessions_of(&admin.id).await.len(),
        0,
        "the admin's own session was ended too"
    );
}
