//! The backend's sign-in slice against the real sandbox Better Auth server: the same
//! `Console` the Tauri commands adapt, with settings kept in memory instead of a store file.

use crate::support::{
    Account, BareAdmin, SignedIn, accounts, auth_url, console, dead_url, user_total,
};
use authdesk_protocol::{ErrorCode, ListUsersQuery, Password, SignInRequest};
use serde_json::json;

fn request(base_url: &str, account: &Account) -> SignInRequest {
    SignInRequest {
        base_url: base_url.to_owned(),
        email: account.email.clone(),
        password: Password::new(account.password.clone()),
        purpose: Default::default(),
    }
}

fn first_page() -> ListUsersQuery {
    ListUsersQuery::page(25, 0)
}

#[tokio::test]
async fn admin_signs_in_and_sees_every_user_counted() {
    let console = console();
    let admin = accounts().admin;
    let identity = console
        .sign_in(request(&auth_url(), &admin))
        .await
        .signed_in()
        .unwrap();
    assert_eq!(identity.name, admin.name);
    assert_eq!(identity.email, admin.email);
    assert!(identity.roles.contains(&"admin".to_owned()));

    let page = console.list_users(first_page()).await.unwrap();
    assert_eq!(page.total, user_total());
    assert_eq!(page.users.len(), 25);

    // The next sign-in form starts with this server and email.
    let defaults = console.sign_in_defaults().await;
    assert_eq!(defaults.base_url, auth_url().trim_end_matches('/'));
    assert_eq!(defaults.email, admin.email);
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server_too() {
    let console = console();
    console
        .sign_in(request(&auth_url(), &accounts().admin))
        .await
        .signed_in()
        .unwrap();
    // Sign-out is a cookie-bearing POST: it passes Better Auth's Origin check only with the header.
    console.sign_out().await.unwrap();
    let error = console.list_users(first_page()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NotSignedIn);
}

#[tokio::test]
async fn wrong_password_is_refused_clearly() {
    let mut admin = accounts().admin;
    admin.password.push_str("-wrong");
    let error = console()
        .sign_in(request(&auth_url(), &admin))
        .await
        .signed_in()
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidCredentials);
    assert_eq!(error.message, "Wrong email or password.");
}

#[tokio::test]
async fn a_non_admin_is_turned_away_and_not_left_signed_in() {
    let console = console();
    let error = console
        .sign_in(request(&auth_url(), &accounts().user))
        .await
        .signed_in()
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Forbidden);
    assert!(error.message.contains("not an admin"), "{}", error.message);
    assert_eq!(
        console.list_users(first_page()).await.unwrap_err().code,
        ErrorCode::NotSignedIn
    );
}

#[tokio::test]
async fn a_banned_account_hears_the_servers_ban_message() {
    let error = console()
        .sign_in(request(&auth_url(), &accounts().banned_user))
        .await
        .signed_in()
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Banned);
    assert!(error.message.contains("banned"), "{}", error.message);
}

#[tokio::test]
async fn a_server_that_is_down_is_reported_as_unreachable() {
    let error = console()
        .sign_in(request(&dead_url(), &accounts().admin))
        .await
        .signed_in()
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Unreachable);
    assert!(
        error.message.contains("Could not reach"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn a_wrong_base_path_points_at_the_url() {
    let url = auth_url().replace("/api/auth", "/wrong/base");
    let error = console()
        .sign_in(request(&url, &accounts().admin))
        .await
        .signed_in()
        .unwrap_err();
    assert!(error.message.contains("base path"), "{}", error.message);
}

#[tokio::test]
async fn bad_input_is_blamed_on_its_field_before_any_request() {
    let admin = accounts().admin;
    let cases = [
        (
            request("http://auth.example.com/api/auth", &admin),
            "baseUrl",
            "https",
        ),
        (request("not a url", &admin), "baseUrl", "not a URL"),
        (
            SignInRequest {
                email: "  ".into(),
                ..request(&auth_url(), &admin)
            },
            "email",
            "email",
        ),
        (
            SignInRequest {
                password: Password::default(),
                ..request(&auth_url(), &admin)
            },
            "password",
            "password",
        ),
        (
            SignInRequest {
                email: "no-at-sign".into(),
                ..request(&auth_url(), &admin)
            },
            "email",
            "valid email",
        ),
    ];
    for (input, field, words) in cases {
        let error = console().sign_in(input).await.signed_in().unwrap_err();
        assert_eq!(
            crate::support::field_name(&error).as_deref(),
            Some(field),
            "{error:?}"
        );
        assert!(error.message.contains(words), "{error:?}");
    }
}

#[tokio::test]
async fn a_session_revoked_by_another_admin_asks_for_a_new_sign_in() {
    let console = console();
    // Only this test signs in as this admin: revoking their sessions disturbs no other test.
    let target = accounts().admins[0].clone();
    let identity = console
        .sign_in(request(&auth_url(), &target))
        .await
        .signed_in()
        .unwrap();

    let other = BareAdmin::sign_in(&auth_url(), &accounts().admins[1]).await;
    other
        .post(
            "admin/revoke-user-sessions",
            json!({ "userId": identity.id }),
        )
        .await;

    let error = console.list_users(first_page()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::SessionExpired);
    assert!(error.message.contains("Sign in again"));
    // The dead session is forgotten, not retried.
    assert_eq!(
        console.list_users(first_page()).await.unwrap_err().code,
        ErrorCode::NotSignedIn
    );
}
