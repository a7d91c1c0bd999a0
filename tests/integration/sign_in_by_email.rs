//! Signing in without a password, as Neon Auth's admins often do: a code or a magic link sent by
//! email (the sandbox's real `emailOTP` and `magicLink` plugins, its mail read from the mailbox).

use authdesk_protocol::{
    CodeSignIn, ErrorCode, Field, LinkSignIn, MailRequest, OneTimeCode, SignInLink, SignInPurpose,
};

use crate::support::sign_in::Mailbox;
use crate::support::{MemorySettings, Sandbox, accounts, auth_url, console_with};

fn mail_to(base_url: &str, email: &str) -> MailRequest {
    MailRequest {
        base_url: base_url.to_owned(),
        email: email.to_owned(),
        purpose: SignInPurpose::NewSession,
    }
}

fn code_for(base_url: &str, email: &str, code: &str, purpose: SignInPurpose) -> CodeSignIn {
    CodeSignIn {
        base_url: base_url.to_owned(),
        email: email.to_owned(),
        code: OneTimeCode::new(code),
        purpose,
    }
}

#[tokio::test]
async fn an_emailed_code_signs_in_an_admin_without_a_password() {
    let console = console_with(&MemorySettings::default());
    let hedy = accounts().passwordless_admin;
    let mailbox = Mailbox::shared();
    let mark = mailbox.mark();
    console
        .send_sign_in_code(mail_to(&auth_url(), &hedy.email))
        .await
        .unwrap();
    let code = mailbox.code(&mark, &hedy.email, "sign-in-code");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = console
        .sign_in_with_code(code_for(
            &auth_url(),
            &hedy.email,
            wrong,
            SignInPurpose::NewSession,
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (refused.code, refused.field),
        (ErrorCode::InvalidCredentials, Some(Field::Code))
    );

    let admin = console
        .sign_in_with_code(code_for(
            &auth_url(),
            &hedy.email,
            &code,
            SignInPurpose::NewSession,
        ))
        .await
        .unwrap();
    assert_eq!(admin.email, hedy.email);

    // The lock screen's proof for such an admin is a new code, for the session's own account
    // whatever the form says.
    let mark = mailbox.mark();
    let unlock_mail = MailRequest {
        purpose: SignInPurpose::Unlock,
        ..mail_to("", "someone-else@authdesk.test")
    };
    console.send_sign_in_code(unlock_mail).await.unwrap();
    let code = mailbox.code(&mark, &hedy.email, "sign-in-code");
    let proven = console
        .sign_in_with_code(code_for("", "", &code, SignInPurpose::Unlock))
        .await
        .unwrap();
    assert_eq!(proven.id, admin.id);
    console.sign_out().await.unwrap();
}

#[tokio::test]
async fn a_code_for_someone_who_is_not_an_admin_opens_nothing() {
    let console = console_with(&MemorySettings::default());
    let charles = accounts().user;
    let mailbox = Mailbox::shared();
    let mark = mailbox.mark();
    console
        .send_sign_in_code(mail_to(&auth_url(), &charles.email))
        .await
        .unwrap();
    let code = mailbox.code(&mark, &charles.email, "sign-in-code");
    let refused = console
        .sign_in_with_code(code_for(
            &auth_url(),
            &charles.email,
            &code,
            SignInPurpose::NewSession,
        ))
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(console.restore_session().await.admin.is_none());
}

#[tokio::test]
async fn a_pasted_magic_link_signs_in_here_once_and_only_for_its_server() {
    let console = console_with(&MemorySettings::default());
    let hedy = accounts().passwordless_admin;
    let mailbox = Mailbox::shared();
    let mark = mailbox.mark();
    console
        .send_magic_link(mail_to(&auth_url(), &hedy.email))
        .await
        .unwrap();
    let link = mailbox.link(&mark, &hedy.email);
    let with = |base_url: &str, link: &str| LinkSignIn {
        base_url: base_url.to_owned(),
        link: SignInLink::new(link),
        purpose: SignInPurpose::NewSession,
    };

    // Another server's form: refused before anything is sent, so the link still works after.
    let other = Sandbox::start(&[("SANDBOX_USERS", "0")]);
    let foreign = console
        .sign_in_with_link(with(&other.url, &link))
        .await
        .unwrap_err();
    assert_eq!(foreign.field, Some(Field::Link));
    assert!(
        foreign.message.contains("another server"),
        "{}",
        foreign.message
    );

    let admin = console
        .sign_in_with_link(with(&auth_url(), &link))
        .await
        .unwrap();
    assert_eq!(admin.email, hedy.email);
    console
        .list_users(authdesk_protocol::ListUsersQuery::page(5, 0))
        .await
        .unwrap();

    let again = console
        .sign_in_with_link(with(&auth_url(), &link))
        .await
        .unwrap_err();
    assert_eq!(
        (again.code, again.field),
        (ErrorCode::InvalidCredentials, Some(Field::Link))
    );
    assert!(
        again.message.contains("no longer works"),
        "{}",
        again.message
    );
    console.sign_out().await.unwrap();
}

#[tokio::test]
async fn the_sign_in_form_offers_what_the_server_or_its_profile_says() {
    use authdesk_protocol::{ProfileSettings, SignInMethod::*};
    let console = console_with(&MemorySettings::default());
    let offered = |url: String| {
        let console = console.clone();
        async move { console.sign_in_options(&url).await.unwrap() }
    };
    assert_eq!(
        offered(auth_url()).await.methods,
        [Password, EmailCode, MagicLink]
    );
    let plain = Sandbox::start(&[("SANDBOX_USERS", "0"), ("SANDBOX_SIGN_IN_PLUGINS", "0")]);
    assert_eq!(offered(plain.url.clone()).await.methods, [Password]);

    // Without a schema the server says nothing: the password, unless the profile chooses. Only
    // the profile knows the single sign-on providers.
    let silent = Sandbox::start(&[("SANDBOX_USERS", "0"), ("SANDBOX_OPEN_API", "0")]);
    assert_eq!(offered(silent.url.clone()).await.methods, [Password]);
    let chosen = ProfileSettings {
        name: "Neon staging".into(),
        base_url: silent.url.clone(),
        sign_in_methods: Some(vec![MagicLink, EmailCode, MagicLink]),
        sign_on_providers: vec![
            "sandbox-idp".into(),
            " github ".into(),
            "sandbox-idp".into(),
        ],
        ..ProfileSettings::default()
    };
    let refused = ProfileSettings {
        sign_on_providers: vec!["Our SSO!".into()],
        ..chosen.clone()
    };
    let error = console.save_profile(None, refused).await.unwrap_err();
    assert_eq!(error.field, Some(Field::Provider), "{}", error.message);
    let saved = console.save_profile(None, chosen).await.unwrap();
    assert_eq!(
        saved.settings.sign_in_methods,
        Some(vec![EmailCode, MagicLink])
    );
    let options = offered(silent.url.clone()).await;
    assert_eq!(options.methods, [EmailCode, MagicLink]);
    assert_eq!(options.providers, ["sandbox-idp", "github"]);
}
