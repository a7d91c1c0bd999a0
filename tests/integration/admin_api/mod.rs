//! Every operation of the admin API client against the real sandbox Better Auth server, in two
//! configurations: the default one, and a Neon-like one with its own base path, cookie prefix,
//! `__Secure-` cookies, the cookie cache and rate limiting all on. Each configuration is one walk
//! through the operations, so a rate-limited server sees only a handful of sign-ins.

use std::time::Duration;

use crate::support::{Sandbox, accounts};
use authdesk_client::{AuthBaseUrl, AuthClient, ClientError, ConnectOptions, PasswordSignIn};
use authdesk_protocol::{ApiError, ErrorCode, ListUsersQuery, UserSummary};

mod lifecycle;
mod listing;

use lifecycle::{impersonation, lifecycle, limits_on_oneself};
use listing::listing;

struct Server {
    url: String,
    users: u64,
    rate_limited: bool,
}

/// Each tour has a server of its own: it creates and deletes users, which would upset the counts
/// other tests read from the shared sandbox.
#[tokio::test]
async fn every_operation_on_the_default_server() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "300")]);
    tour(Server {
        url: sandbox.url.clone(),
        users: sandbox.users,
        rate_limited: false,
    })
    .await;
}

#[tokio::test]
async fn every_operation_on_a_neon_like_server() {
    let sandbox = Sandbox::start(&[
        ("SANDBOX_BASE_PATH", "/neondb/auth"),
        ("SANDBOX_COOKIE_PREFIX", "acme"),
        ("SANDBOX_SECURE_COOKIES", "1"),
        ("SANDBOX_COOKIE_CACHE", "1"),
        ("SANDBOX_RATE_LIMIT", "1"),
        ("SANDBOX_USERS", "60"),
    ]);
    assert!(sandbox.url.ends_with("/neondb/auth"));
    tour(Server {
        url: sandbox.url.clone(),
        users: sandbox.users,
        rate_limited: true,
    })
    .await;
}

/// A read that the server rate-limits is retried once after the wait it asks for.
#[tokio::test]
async fn a_rate_limited_read_waits_as_asked_and_succeeds() {
    let sandbox = Sandbox::start(&[("SANDBOX_RATE_LIMIT", "1"), ("SANDBOX_USERS", "20")]);
    let server = Server {
        url: sandbox.url.clone(),
        users: sandbox.users,
        rate_limited: true,
    };
    let admin = connect(&server);
    let people = accounts();
    sign_in(&server, &admin, &people.admin.email, &people.admin.password)
        .await
        .unwrap();

    // Spend the path's budget (100 requests per 10 s) from the same address.
    let bare = authdesk_client::http_client_builder().build().unwrap();
    let list_url = format!("{}/admin/list-users", server.url);
    let mut limited = false;
    for _ in 0..150 {
        if bare.get(&list_url).send().await.unwrap().status() == 429 {
            limited = true;
            break;
        }
    }
    assert!(limited, "the server never rate-limited");
    let started = std::time::Instant::now();
    let page = admin.list_users(&ListUsersQuery::page(5, 0)).await.unwrap();
    assert_eq!(page.total, server.users);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "it waited before retrying"
    );
}

fn connect(server: &Server) -> AuthClient {
    AuthClient::new(
        AuthBaseUrl::parse(&server.url).unwrap(),
        &ConnectOptions::default(),
    )
    .unwrap()
}

/// Signs in. Under rate limiting the server may ask to wait (`X-Retry-After`): the error says
/// how long, and after that wait the same sign-in goes through.
async fn sign_in(
    server: &Server,
    client: &AuthClient,
    email: &str,
    password: &str,
) -> Result<UserSummary, ClientError> {
    let one_step = |step| match step {
        PasswordSignIn::SignedIn(user) => *user,
        PasswordSignIn::SecondFactor { .. } => panic!("{email} has no second factor"),
    };
    match client.sign_in_email(email, password).await.map(one_step) {
        Err(ClientError::Refused(refusal)) if refusal.status == 429 => {
            assert!(
                server.rate_limited,
                "429 from a server without rate limiting"
            );
            let error = ApiError::from(ClientError::Refused(refusal.clone()));
            assert_eq!(error.code, ErrorCode::RateLimited);
            let wait = refusal
                .retry_after_seconds
                .expect("the server says how long to wait");
            assert!(
                error.message.contains(&format!("{wait} s")),
                "{}",
                error.message
            );
            tokio::time::sleep(Duration::from_secs(wait + 1)).await;
            client.sign_in_email(email, password).await.map(one_step)
        }
        other => other,
    }
}

/// The error as the UI would get it.
fn api_error<T: std::fmt::Debug>(result: Result<T, ClientError>) -> ApiError {
    ApiError::from(result.expect_err("the server should refuse"))
}

async fn tour(server: Server) {
    let people = accounts();
    let admin = connect(&server);
    let me = sign_in(&server, &admin, &people.admin.email, &people.admin.password)
        .await
        .unwrap();
    assert!(me.roles.contains(&"admin".to_owned()));
    assert_eq!(admin.get_session().await.unwrap().unwrap().id, me.id);
    assert!(
        admin
            .has_permission("user", &["ban", "impersonate", "delete"])
            .await
            .unwrap()
    );
    assert!(
        !admin
            .has_permission("user", &["impersonate-admins"])
            .await
            .unwrap()
    );
    let cookies = admin.session_cookies().to_secret();
    if server.rate_limited {
        assert!(cookies.contains("__Secure-acme.session_token"), "{cookies}");
        assert!(
            !cookies.contains("session_data"),
            "the cookie cache is not kept: {cookies}"
        );
    }

    listing(&server, &admin).await;
    let user = lifecycle(&server, &admin).await;
    impersonation(&admin, &user, &people.admins[1]).await;
    limits_on_oneself(&admin, &me).await;

    admin.remove_user(&user.id).await.unwrap();
    assert_eq!(
        api_error(admin.get_user(&user.id).await).code,
        ErrorCode::NotFound
    );

    // A signed-in user without the admin role is refused by every admin operation.
    let plain = connect(&server);
    sign_in(&server, &plain, &people.user.email, &people.user.password)
        .await
        .unwrap();
    let refused = api_error(plain.list_users(&ListUsersQuery::page(10, 0)).await);
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(!plain.has_permission("user", &["list"]).await.unwrap());

    admin.sign_out().await.unwrap();
    assert!(admin.get_session().await.unwrap().is_none());
    assert!(admin.session_cookies().is_empty());
    assert_eq!(
        api_error(admin.list_users(&ListUsersQuery::page(10, 0)).await).code,
        ErrorCode::SessionExpired
    );
}
