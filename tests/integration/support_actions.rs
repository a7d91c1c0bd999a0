//! What a support ticket asks for, against the real server: the mails (read from the sandbox's
//! mailbox and followed, so the user really gets back in), a verified address, a new password
//! that ends every session, two-factor turned off (the user then signs in with the password
//! alone), the last sign-in, the server's own typed fields, and email search in any case. Each
//! change is in the audit trail. The suite runs on SQLite and on PostgreSQL.

use authdesk_client::{AuthBaseUrl, AuthClient, ConnectOptions, PasswordSignIn};
use authdesk_protocol::{
    ApiError, ErrorCode, Field, FieldKind, ListUsersQuery, Password, SearchField, SearchOperator,
    UserSearch, UserUpdate,
};
use serde_json::json;

use crate::support::sign_in::signed_in_as;
use crate::support::{Account, BareAdmin, Sandbox, accounts, temp_dir};

/// A user with a password and no verified address, made for one test.
async fn new_user(bare: &BareAdmin, email: &str, password: &str) -> String {
    let created = bare
        .post(
            "admin/create-user",
            json!({ "email": email, "password": password, "name": "Ticket Person", "role": "user" }),
        )
        .await;
    created["user"]["id"].as_str().unwrap().to_owned()
}

fn account(email: &str, password: &str) -> Account {
    Account {
        email: email.to_owned(),
        password: password.to_owned(),
        name: "Ticket Person".to_owned(),
        two_factor: None,
    }
}

/// Signs in by password alone; answers whether the server asked for a second factor instead.
async fn asks_second_factor(url: &str, email: &str, password: &str) -> Result<bool, ApiError> {
    let client = AuthClient::new(AuthBaseUrl::parse(url)?, &ConnectOptions::default())?;
    match client.sign_in_email(email, password).await? {
        PasswordSignIn::SignedIn(_) => Ok(false),
        PasswordSignIn::SecondFactor { .. } => Ok(true),
    }
}

/// The origin of the sandbox at `url`, where its reset page is taken to be.
fn reset_page(url: &str) -> String {
    format!("{}/reset-password", url.trim_end_matches("/api/auth"))
}

#[tokio::test]
async fn the_mails_a_user_asks_for_arrive_and_work() {
    let requests = temp_dir("support").join("requests.jsonl");
    let sandbox = Sandbox::start(&[
        ("SANDBOX_USERS", "5"),
        ("SANDBOX_REQUEST_LOG", requests.to_str().unwrap()),
    ]);
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    let email = "locked.out@authdesk.test";
    let id = new_user(&bare, email, "forgotten-password-1").await;
    let (console, admin) = signed_in_as(&sandbox.url, &accounts().admin).await;

    // Without a reset page in the profile the mail is refused at that field, before a request.
    let refused = console.send_password_reset(id.clone()).await.unwrap_err();
    assert_eq!(refused.field, Some(Field::ResetPage), "{refused:?}");
    let mut settings = admin.profile.settings.clone();
    settings.password_reset_page = Some(reset_page(&sandbox.url));
    console
        .save_profile(Some(admin.profile.id.clone()), settings)
        .await
        .unwrap();

    let mail = &sandbox.mailbox;
    let mark = mail.mark();
    console.send_password_reset(id.clone()).await.unwrap();
    let link = mail.letter(&mark, email, "password-reset").url.unwrap();
    assert!(
        link.contains(&format!(
            "callbackURL={}",
            urlencoding(&reset_page(&sandbox.url))
        )),
        "{link}"
    );
    // The user follows it: the token in the link sets a new password that signs them in.
    let token = link
        .split("/reset-password/")
        .nth(1)
        .unwrap()
        .split('?')
        .next()
        .unwrap();
    let reset = authdesk_client::http_client_builder()
        .build()
        .unwrap()
        .post(format!("{}/reset-password", sandbox.url))
        .header("Origin", sandbox.url.trim_end_matches("/api/auth"))
        .json(&json!({ "token": token, "newPassword": "remembered-now-2" }))
        .send()
        .await
        .unwrap();
    assert!(reset.status().is_success(), "{}", reset.status());
    assert!(
        !asks_second_factor(&sandbox.url, email, "remembered-now-2")
            .await
            .unwrap()
    );

    // The verification mail goes out with no cookie (the server would refuse the admin's), and
    // its link verifies the address.
    let mark = mail.mark();
    console.send_verification_email(id.clone()).await.unwrap();
    let link = mail.letter(&mark, email, "verification").url.unwrap();
    let sent: Vec<serde_json::Value> = std::fs::read_to_string(&requests)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .filter(|line: &serde_json::Value| {
            line["path"]
                .as_str()
                .unwrap()
                .ends_with("/send-verification-email")
        })
        .collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0]["cookie"], "",
        "the mail was asked for without cookies"
    );
    (authdesk_client::http_client_builder().build().unwrap())
        .get(&link)
        .send()
        .await
        .unwrap();
    assert!(console.get_user(id.clone()).await.unwrap().email_verified);
    let again = console
        .send_verification_email(id.clone())
        .await
        .unwrap_err();
    assert!(again.message.contains("verified already"), "{again:?}");

    let trail = console.audit_log().await.unwrap();
    let actions: Vec<&str> = trail.records.iter().map(|r| r.action.as_str()).collect();
    assert!(actions.contains(&"send-password-reset"), "{actions:?}");
    assert!(actions.contains(&"send-verification"), "{actions:?}");
}

#[tokio::test]
async fn a_new_password_can_end_every_session_and_an_address_can_be_marked_verified() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    let email = "compromised@authdesk.test";
    let id = new_user(&bare, email, "leaked-password-1").await;
    for _ in 0..2 {
        BareAdmin::sign_in(&sandbox.url, &account(email, "leaked-password-1")).await;
    }
    assert_eq!(bare.sessions_of(&id).await.len(), 2);
    let (console, _) = signed_in_as(&sandbox.url, &accounts().admin).await;

    // The server alone leaves the sessions signed in...
    console
        .set_user_password(id.clone(), Password::new("fresh-password-2"), false)
        .await
        .unwrap();
    assert_eq!(bare.sessions_of(&id).await.len(), 2);
    // ...so "and sign out everywhere" ends them too.
    console
        .set_user_password(id.clone(), Password::new("fresh-password-3"), true)
        .await
        .unwrap();
    assert!(bare.sessions_of(&id).await.is_empty());
    assert!(
        !asks_second_factor(&sandbox.url, email, "fresh-password-3")
            .await
            .unwrap()
    );
    let old = asks_second_factor(&sandbox.url, email, "leaked-password-1").await;
    assert!(old.is_err(), "the old password no longer signs in");

    let verified = console
        .update_user(
            id.clone(),
            UserUpdate {
                email_verified: Some(true),
                ..UserUpdate::default()
            },
        )
        .await
        .unwrap();
    assert!(verified.email_verified);
    // The password sign-in just now is on record, with how it was made.
    assert_eq!(verified.last_sign_in_method.as_deref(), Some("email"));
    let trail = console.audit_log().await.unwrap();
    let set = trail.records.iter().find(|r| {
        r.action == "set-password" && r.detail.as_deref() == Some("and signed out everywhere")
    });
    assert!(set.is_some(), "{:?}", trail.records);
}

#[tokio::test]
async fn turning_two_factor_off_lets_the_password_alone_sign_in() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let lost_phone = accounts().totp_admin;
    assert!(
        asks_second_factor(&sandbox.url, &lost_phone.email, &lost_phone.password)
            .await
            .unwrap()
    );
    let (console, _) = signed_in_as(&sandbox.url, &accounts().admin).await;
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    let id = bare.user_id_of(&lost_phone.email).await;
    assert_eq!(
        console
            .get_user(id.clone())
            .await
            .unwrap()
            .two_factor_enabled,
        Some(true)
    );

    let after = console.reset_two_factor(id.clone()).await.unwrap();
    assert_eq!(after.two_factor_enabled, Some(false));
    assert!(
        !asks_second_factor(&sandbox.url, &lost_phone.email, &lost_phone.password)
            .await
            .unwrap(),
        "the password alone signs in"
    );
    // A role that cannot edit users cannot do it either, and nothing reaches the server.
    let (viewer, _) = signed_in_as(&sandbox.url, &accounts().viewer).await;
    let refused = viewer.reset_two_factor(id).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert_eq!(refused.message, "Your role cannot edit users.");
}

#[tokio::test]
async fn the_servers_own_fields_are_typed_and_round_trip() {
    let (console, _) = signed_in_as(&crate::support::auth_url(), &accounts().admin).await;
    let fields = console.user_fields().await.unwrap();
    assert!(fields.from_schema);
    let kind = |key| fields.field(key).map(|field| (field.kind, field.writable));
    assert_eq!(kind("plan"), Some((FieldKind::Text, true)));
    assert_eq!(kind("seats"), Some((FieldKind::Number, true)));
    assert_eq!(kind("beta"), Some((FieldKind::YesNo, true)));
    assert_eq!(kind("trialEndsAt"), Some((FieldKind::Date, true)));
    assert_eq!(kind("preferences"), Some((FieldKind::Json, true)));
    assert_eq!(kind("phoneNumber"), Some((FieldKind::Text, true)));
    assert_eq!(kind("phoneNumberVerified"), Some((FieldKind::YesNo, false)));
    assert_eq!(
        kind("twoFactorEnabled"),
        None,
        "changed with its own control"
    );

    let bare = BareAdmin::sign_in(&crate::support::auth_url(), &accounts().admin).await;
    let id = new_user(&bare, "typed.fields@authdesk.test", "typed-fields-1").await;
    let mut update = UserUpdate::default();
    update.custom_fields.extend([
        ("seats".to_owned(), json!(12)),
        ("beta".to_owned(), json!(true)),
        ("trialEndsAt".to_owned(), json!("2027-01-31T08:30:00Z")),
        ("preferences".to_owned(), json!({ "theme": "dark" })),
    ]);
    console.update_user(id.clone(), update).await.unwrap();
    let user = console.get_user(id.clone()).await.unwrap();
    assert_eq!(user.custom_fields["seats"], json!(12));
    assert_eq!(user.custom_fields["beta"], json!(true));
    assert_eq!(
        user.custom_fields["preferences"],
        json!({ "theme": "dark" })
    );
    let stored = user.custom_fields["trialEndsAt"].as_str().unwrap();
    assert!(stored.starts_with("2027-01-31T08:30:00"), "{stored}");

    let mut wrong = UserUpdate::default();
    wrong.custom_fields.insert("seats".into(), json!("twelve"));
    let refused = console.update_user(id.clone(), wrong).await.unwrap_err();
    assert_eq!(refused.field, Some(Field::CustomField));
    assert_eq!(refused.message, "“seats” takes a number.");
    bare.post("admin/remove-user", json!({ "userId": id }))
        .await;
}

#[tokio::test]
async fn without_a_schema_the_fields_are_read_from_the_users() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "40"), ("SANDBOX_OPEN_API", "0")]);
    let (console, _) = signed_in_as(&sandbox.url, &accounts().admin).await;
    let fields = console.user_fields().await.unwrap();
    assert!(!fields.from_schema);
    let kind = |key| fields.field(key).map(|field| field.kind);
    assert_eq!(kind("plan"), Some(FieldKind::Text));
    assert_eq!(kind("beta"), Some(FieldKind::YesNo));
    assert_eq!(kind("seats"), Some(FieldKind::Number));
}

#[tokio::test]
async fn an_email_is_found_whatever_its_case_on_either_database() {
    let (console, _) = signed_in_as(&crate::support::auth_url(), &accounts().admin).await;
    let query = |value: &str| ListUsersQuery {
        search: Some(UserSearch {
            field: SearchField::Email,
            operator: SearchOperator::Contains,
            value: value.to_owned(),
        }),
        ..ListUsersQuery::page(10, 0)
    };
    for typed in ["ada@authdesk", "Ada@AuthDesk", "ADA@AUTHDESK.TEST"] {
        let page = console.list_users(query(typed)).await.unwrap();
        assert_eq!(page.total, 1, "{typed}");
        assert_eq!(page.users[0].email, accounts().admin.email);
    }
}

/// What `encodeURIComponent` makes of a URL, as the server writes it into its links.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}
