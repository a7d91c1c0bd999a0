//! Every operation of the admin API client against the real sandbox Better Auth server, in two
//! configurations: the default one, and a Neon-like one with its own base path, cookie prefix,
//! `__Secure-` cookies, the cookie cache and rate limiting all on. Each configuration is one walk
//! through the operations, so a rate-limited server sees only a handful of sign-ins.

use std::time::Duration;

use crate::support::{Account, Sandbox, accounts};
use authdesk_client::{AuthBaseUrl, AuthClient, ClientError, ConnectOptions, PasswordSignIn};
use authdesk_protocol::{
    ApiError, BanLength, BanRequest, BanState, ErrorCode, FilterOperator, ListUsersQuery, NewUser,
    Password, SearchField, SearchOperator, SortDirection, UserField, UserFilter, UserSearch,
    UserSort, UserSummary, UserUpdate,
};
use authdesk_vault::MAX_SECRET_BYTES;
use time::OffsetDateTime;

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

fn search(field: SearchField, operator: SearchOperator, value: &str) -> ListUsersQuery {
    ListUsersQuery {
        search: Some(UserSearch {
            field,
            operator,
            value: value.into(),
        }),
        ..ListUsersQuery::page(200, 0)
    }
}

fn filter(field: UserField, operator: FilterOperator, values: &[&str]) -> ListUsersQuery {
    ListUsersQuery {
        filter: Some(UserFilter {
            field: field.into(),
            operator,
            values: values.iter().map(|v| v.to_string()).collect(),
        }),
        ..ListUsersQuery::page(200, 0)
    }
}

fn emails(users: &[UserSummary]) -> Vec<&str> {
    users.iter().map(|user| user.email.as_str()).collect()
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

async fn listing(server: &Server, admin: &AuthClient) {
    let first = admin
        .list_users(&ListUsersQuery::page(10, 0))
        .await
        .unwrap();
    let second = admin
        .list_users(&ListUsersQuery::page(10, 10))
        .await
        .unwrap();
    assert_eq!(first.total, server.users);
    assert_eq!((first.users.len(), second.users.len()), (10, 10));
    assert!(
        first
            .users
            .iter()
            .all(|user| !emails(&second.users).contains(&user.email.as_str()))
    );

    let alan = admin
        .list_users(&search(
            SearchField::Name,
            SearchOperator::StartsWith,
            "Alan Tur",
        ))
        .await
        .unwrap();
    assert_eq!(emails(&alan.users), ["alan@authdesk.test"]);
    let staff = admin
        .list_users(&search(
            SearchField::Email,
            SearchOperator::EndsWith,
            "@authdesk.test",
        ))
        .await
        .unwrap();
    assert!(
        staff.total >= 7
            && staff
                .users
                .iter()
                .all(|user| user.email.ends_with("@authdesk.test"))
    );
    let contains = admin
        .list_users(&search(
            SearchField::Email,
            SearchOperator::Contains,
            "lovelace",
        ))
        .await
        .unwrap();
    assert!(contains.users.iter().all(
        |user| user.email.contains("lovelace") || user.name.to_lowercase().contains("lovelace")
    ));

    // "admin" alone misses a multi-role "user,admin"; contains finds both.
    let exact = admin
        .list_users(&filter(UserField::Role, FilterOperator::Eq, &["admin"]))
        .await
        .unwrap();
    assert!(!emails(&exact.users).contains(&"alan@authdesk.test"));
    let any = admin
        .list_users(&filter(
            UserField::Role,
            FilterOperator::Contains,
            &["admin"],
        ))
        .await
        .unwrap();
    assert!(emails(&any.users).contains(&"alan@authdesk.test"));
    assert!(emails(&any.users).contains(&"ada@authdesk.test"));
    // `in` repeats the value parameter; a wrong encoding would match nothing.
    let either = admin
        .list_users(&filter(
            UserField::Role,
            FilterOperator::In,
            &["admin", "user,admin"],
        ))
        .await
        .unwrap();
    assert_eq!(either.total, any.total);
    let others = admin
        .list_users(&filter(
            UserField::Role,
            FilterOperator::NotIn,
            &["admin", "user,admin"],
        ))
        .await
        .unwrap();
    assert!(
        others
            .users
            .iter()
            .all(|user| !user.roles.contains(&"admin".to_owned()))
    );
    assert!(others.total > 0 && others.total < server.users);

    let banned = admin
        .list_users(&filter(UserField::Banned, FilterOperator::Eq, &["true"]))
        .await
        .unwrap();
    assert!(emails(&banned.users).contains(&"mallory@authdesk.test"));
    assert!(
        banned
            .users
            .iter()
            .all(|user| user.ban != BanState::NotBanned)
    );
    let lapsed = banned
        .users
        .iter()
        .find(|user| user.email == "trudy@authdesk.test")
        .unwrap();
    assert!(
        matches!(lapsed.ban, BanState::Lapsed { .. }),
        "{:?}",
        lapsed.ban
    );
    let unverified = admin
        .list_users(&filter(
            UserField::EmailVerified,
            FilterOperator::Eq,
            &["false"],
        ))
        .await
        .unwrap();
    assert!(unverified.total > 0 && unverified.users.iter().all(|user| !user.email_verified));

    let newest = ListUsersQuery {
        sort: Some(UserSort {
            field: UserField::CreatedAt,
            direction: SortDirection::Desc,
        }),
        ..ListUsersQuery::page(50, 0)
    };
    let newest = admin.list_users(&newest).await.unwrap();
    assert!(
        newest
            .users
            .windows(2)
            .all(|pair| pair[0].created_at >= pair[1].created_at)
    );
    let by_email = ListUsersQuery {
        sort: Some(UserSort {
            field: UserField::Email,
            direction: SortDirection::Asc,
        }),
        ..ListUsersQuery::page(50, 0)
    };
    let by_email = admin.list_users(&by_email).await.unwrap();
    assert!(
        by_email
            .users
            .windows(2)
            .all(|pair| pair[0].email <= pair[1].email)
    );
}

/// Create, edit, roles, password, sessions, bans: everything done to one new user.
async fn lifecycle(server: &Server, admin: &AuthClient) -> UserSummary {
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
    let sessions = admin.list_user_sessions(&user.id).await.unwrap();
    assert_eq!(sessions.len(), 1);
    assert!(
        sessions[0]
            .summary
            .user_agent
            .as_deref()
            .unwrap_or_default()
            .starts_with("Authdesk/")
    );
    assert_eq!(sessions[0].summary.impersonated_by, None);

    // Revoking one session by its token ends exactly that session.
    admin.revoke_user_session(&sessions[0].token).await.unwrap();
    assert!(as_user.get_session().await.unwrap().is_none());
    admin.revoke_user_sessions(&user.id).await.unwrap();

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

async fn impersonation(admin: &AuthClient, user: &UserSummary, other_admin: &Account) {
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

async fn limits_on_oneself(admin: &AuthClient, me: &UserSummary) {
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
