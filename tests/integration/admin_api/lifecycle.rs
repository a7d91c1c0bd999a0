//! What an admin does to one user (create, edit, roles, password, sessions, bans, impersonation)
//! and what an admin may not do to themselves.

use std::time::Duration;

use crate::support::Account;
use authdesk_client::AuthClient;
use authdesk_protocol::{
    BanLength, BanRequest, BanState, ErrorCode, ListUsersQuery, NewUser, Password, SearchField,
    SearchOperator, UserSummary, UserUpdate,
};
use authdesk_vault::MAX_SECRET_BYTES;
use time::OffsetDateTime;

use super::listing::search;
use super::{Server, api_error, connect, sign_in};

/// Create, edit, roles, password, sessions, bans: everything done to one new user.
pub(super) async fn lifecycle(server: &Server, admin: &AuthClient) -> UserSummary {
    let stamp = OffsetDateTime::now_utc().unix_timestamp_nanos();
    let email = format!("tour-{stamp}@authdesk.test");
    let new_user = NewUser {
        email: email.clone(),
        name: "Tülay Guide".into(),
        password: Some(Password::new("first-pass-123")),
        roles: vec!["user".into(), "support".into()],
        email_verified: true,
        data: serde_json::Map::new(),
    };
    let user = admin.create_user(&new_user).await.unwrap();
    assert_eq!(
        (user.email.as_str(), user.name.as_str()),
        (email.as_str(), "Tülay Guide")
    );
    assert_eq!(user.roles, ["user", "support"]);
    assert!(user.email_verified);

    let duplicate = api_error(
        admin
            .create_user(&NewUser {
                email: email.to_uppercase(),
                ..new_user.clone()
            })
            .await,
    );
    assert_eq!(
        (
            duplicate.code,
            crate::support::field_name(&duplicate).as_deref()
        ),
        (ErrorCode::Conflict, Some("email"))
    );
    let malformed = api_error(
        admin
            .create_user(&NewUser {
                email: "not-an-email".into(),
                ..new_user.clone()
            })
            .await,
    );
    assert_eq!(
        crate::support::field_name(&malformed).as_deref(),
        Some("email")
    );

    assert_eq!(admin.get_user(&user.id).await.unwrap().email, email);
    let renamed_email = format!("tour-{stamp}-renamed@authdesk.test");
    let update = UserUpdate {
        name: Some("Tülay Renamed".into()),
        email: Some(renamed_email.to_uppercase()),
        ..UserUpdate::default()
    };
    let updated = admin.update_user(&user.id, &update).await.unwrap();
    assert_eq!(
        (updated.name.as_str(), updated.email.as_str()),
        ("Tülay Renamed", renamed_email.as_str())
    );
    let taken = UserUpdate {
        email: Some("ada@authdesk.test".into()),
        ..UserUpdate::default()
    };
    assert_eq!(
        api_error(admin.update_user(&user.id, &taken).await).code,
        ErrorCode::Conflict
    );

    let roles = admin
        .set_role(&user.id, &["user".into(), "billing".into()])
        .await
        .unwrap();
    assert_eq!(roles.roles, ["user", "billing"]);

    let short = api_error(admin.set_user_password(&user.id, "short").await);
    assert_eq!(
        (short.code, crate::support::field_name(&short).as_deref()),
        (ErrorCode::Validation, Some("password"))
    );
    admin
        .set_user_password(&user.id, "second-pass-456")
        .await
        .unwrap();
    let as_user = connect(server);
    sign_in(server, &as_user, &renamed_email, "second-pass-456")
        .await
        .unwrap();
    sign_in_from_a_browser(server, &renamed_email, "second-pass-456").await;
    let sessions = admin.list_user_sessions(&user.id).await.unwrap();
    // Each session says in words where it was signed in: Authdesk's own, and the browser's.
    let mut clients: Vec<String> = sessions
        .iter()
        .map(|session| {
            let client = session.summary.client.as_ref().expect("a client in words");
            format!("{} / {} / {}", client.browser, client.os, client.device)
        })
        .collect();
    clients.sort();
    assert_eq!(
        clients,
        ["Authdesk /  / Admin app", "Firefox 128 / macOS / Computer"]
    );
    let from_authdesk = sessions
        .iter()
        .find(|session| {
            session
                .summary
                .user_agent
                .as_deref()
                .unwrap_or_default()
                .starts_with("Authdesk/")
        })
        .expect("the session Authdesk's client signed in");
    assert_eq!(from_authdesk.summary.impersonated_by, None);

    // Revoking one session by its token ends exactly that session.
    admin
        .revoke_user_session(&from_authdesk.token)
        .await
        .unwrap();
    assert!(as_user.get_session().await.unwrap().is_none());
    let left = admin.list_user_sessions(&user.id).await.unwrap();
    assert_eq!(left.len(), 1, "the browser's session is still there");
    admin.revoke_user_sessions(&user.id).await.unwrap();
    assert!(admin.list_user_sessions(&user.id).await.unwrap().is_empty());

    // A timed ban ends every session and blocks sign-in with the server's message.
    let timed = admin
        .ban_user(
            &user.id,
            &BanRequest {
                reason: "Spam".into(),
                length: BanLength::Timed { seconds: 3600 },
            },
        )
        .await
        .unwrap();
    let BanState::Until { expires_at, reason } = timed.ban.clone() else {
        panic!("{:?}", timed.ban)
    };
    assert_eq!(reason.as_deref(), Some("Spam"));
    let in_an_hour = OffsetDateTime::now_utc() + Duration::from_secs(3600);
    assert!((expires_at - in_an_hour).abs() < time::Duration::minutes(1));
    let refused =
        api_error(sign_in(server, &connect(server), &renamed_email, "second-pass-456").await);
    assert_eq!(refused.code, ErrorCode::Banned);

    // Re-banned without an expiry, the ban is really permanent (upstream bug #10820 would keep
    // the old expiry and let it lapse).
    let permanent = admin
        .ban_user(
            &user.id,
            &BanRequest {
                reason: "Chargeback fraud".into(),
                length: BanLength::Permanent,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        permanent.ban,
        BanState::Permanent {
            reason: Some("Chargeback fraud".into())
        }
    );
    assert_eq!(admin.get_user(&user.id).await.unwrap().ban, permanent.ban);

    let unbanned = admin.unban_user(&user.id).await.unwrap();
    assert_eq!(unbanned.ban, BanState::NotBanned);
    unbanned
}

pub(super) async fn impersonation(admin: &AuthClient, user: &UserSummary, other_admin: &Account) {
    let started = admin.impersonate_user(&user.id).await.unwrap();
    assert_eq!(started.user.id, user.id);
    let remaining = started.expires_at - OffsetDateTime::now_utc();
    assert!(remaining > time::Duration::minutes(50) && remaining <= time::Duration::hours(1));
    let cookies = admin.session_cookies();
    assert!(cookies.has_admin_session_aside());
    // The largest secret the vault keeps: the impersonation's cookies with the admin's aside.
    let secret_bytes = cookies.to_secret().encode_utf16().count() * 2;
    eprintln!("impersonation secret: {secret_bytes} bytes as UTF-16 (limit {MAX_SECRET_BYTES})");
    assert!(secret_bytes <= MAX_SECRET_BYTES);
    assert_eq!(admin.get_session().await.unwrap().unwrap().id, user.id);
    // As the user, admin operations are refused by the server itself.
    assert_eq!(
        api_error(admin.list_users(&ListUsersQuery::page(10, 0)).await).code,
        ErrorCode::Forbidden
    );

    let back = admin.stop_impersonating().await.unwrap();
    assert!(back.roles.contains(&"admin".to_owned()));
    assert!(!admin.session_cookies().has_admin_session_aside());
    assert_eq!(admin.get_session().await.unwrap().unwrap().id, back.id);
    let not_now = api_error(admin.stop_impersonating().await);
    assert_eq!(not_now.message, "You are not impersonating anyone.");

    let other = admin
        .list_users(&search(
            SearchField::Email,
            SearchOperator::Contains,
            &other_admin.email,
        ))
        .await
        .unwrap();
    let refused = api_error(admin.impersonate_user(&other.users[0].id).await);
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(refused.message.contains("Admins cannot be impersonated"));
}

pub(super) async fn limits_on_oneself(admin: &AuthClient, me: &UserSummary) {
    let ban = BanRequest {
        reason: "test".into(),
        length: BanLength::Permanent,
    };
    assert_eq!(
        api_error(admin.ban_user(&me.id, &ban).await).message,
        "You cannot ban yourself."
    );
    assert_eq!(
        api_error(admin.remove_user(&me.id).await).message,
        "You cannot delete your own account."
    );
    assert_eq!(
        api_error(admin.impersonate_user(&me.id).await).code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        api_error(admin.get_user("no-such-user-id").await).code,
        ErrorCode::NotFound
    );
}

/// What Firefox on a Mac sends as its user agent.
const FIREFOX_ON_A_MAC: &str =
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0";

/// Signs `email` in as Firefox on a Mac would, with nothing of Authdesk's: the session the server
/// records carries that browser's user agent. A rate-limited server is waited out once.
async fn sign_in_from_a_browser(server: &Server, email: &str, password: &str) {
    let browser = authdesk_client::http_client_builder()
        .user_agent(FIREFOX_ON_A_MAC)
        .build()
        .unwrap();
    let url = format!("{}/sign-in/email", server.url);
    let body = serde_json::json!({ "email": email, "password": password });
    for _ in 0..2 {
        let response = browser.post(&url).json(&body).send().await.unwrap();
        if response.status() != 429 {
            assert!(response.status().is_success(), "{}", response.status());
            return;
        }
        let wait: u64 = response.headers()["x-retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        tokio::time::sleep(Duration::from_secs(wait + 1)).await;
    }
    panic!("the server still refused the browser's sign-in after the wait it asked for");
}
