//! Two-factor sign-in against the sandbox's real `twoFactor` plugin: the second step, trusted
//! computers, and every refusal the server gives, through the same `Console` the commands adapt.

use authdesk_app::console::Console;
use authdesk_protocol::{
    ErrorCode, Field, OneTimeCode, Password, SecondFactorMethod, SecondFactorProof, SignInPurpose,
    SignInRequest, SignInStep,
};

use crate::support::{Account, MemorySettings, Sandbox, accounts, auth_url, console_with};

fn password_step(base_url: &str, account: &Account, purpose: SignInPurpose) -> SignInRequest {
    SignInRequest {
        base_url: base_url.to_owned(),
        email: account.email.clone(),
        password: Password::new(account.password.clone()),
        purpose,
    }
}

/// Signs in with the password and answers the second step the server asks for.
async fn challenged(
    console: &Console,
    base_url: &str,
    account: &Account,
) -> Vec<SecondFactorMethod> {
    let step = console
        .sign_in(password_step(base_url, account, SignInPurpose::NewSession))
        .await
        .unwrap();
    match step {
        SignInStep::SecondFactor(challenge) => {
            let left = challenge.expires_at - authdesk_protocol::OffsetDateTime::now_utc();
            assert!(
                left.whole_seconds() > 0,
                "the challenge is still open: {left}"
            );
            challenge.methods
        }
        SignInStep::SignedIn(_) => panic!("{} signed in without a second step", account.email),
    }
}

fn proof(method: SecondFactorMethod, code: &str, trust_device: bool) -> SecondFactorProof {
    SecondFactorProof {
        method,
        code: OneTimeCode::new(code),
        trust_device,
    }
}

fn authenticator(account: &Account) -> SecondFactorProof {
    proof(
        SecondFactorMethod::Authenticator,
        &account.two_factor.as_ref().unwrap().code_now(),
        false,
    )
}

fn wrong_code(account: &Account) -> SecondFactorProof {
    let wrong = account.two_factor.as_ref().unwrap().wrong_code();
    proof(SecondFactorMethod::Authenticator, wrong, false)
}

#[tokio::test]
async fn an_authenticator_code_finishes_the_sign_in_and_a_restart_needs_none() {
    let settings = MemorySettings::default();
    let console = console_with(&settings);
    let barbara = accounts().totp_admin;
    let methods = challenged(&console, &auth_url(), &barbara).await;
    use SecondFactorMethod::*;
    assert_eq!(methods, [Authenticator, EmailCode, BackupCode]);
    let admin = console
        .verify_second_factor(authenticator(&barbara))
        .await
        .unwrap();
    assert_eq!(admin.email, barbara.email);
    console
        .list_users(authdesk_protocol::ListUsersQuery::page(5, 0))
        .await
        .unwrap();

    // Proving it again (the lock screen) asks for the second step too, and keeps the admin.
    let again = console
        .sign_in(password_step("", &barbara, SignInPurpose::Unlock))
        .await
        .unwrap();
    assert!(matches!(again, SignInStep::SecondFactor(_)), "{again:?}");
    let proven = console
        .verify_second_factor(authenticator(&barbara))
        .await
        .unwrap();
    assert_eq!(proven.id, admin.id);

    let restarted = console_with(&settings);
    let restored = restarted.restore_session().await;
    assert_eq!(restored.admin.map(|admin| admin.id), Some(admin.id));
    restarted.sign_out().await.unwrap();
}

#[tokio::test]
async fn a_trusted_computer_skips_the_second_step_until_it_is_forgotten() {
    let console = console_with(&MemorySettings::default());
    let barbara = accounts().totp_admin;
    challenged(&console, &auth_url(), &barbara).await;
    let trusted = SecondFactorProof {
        trust_device: true,
        ..authenticator(&barbara)
    };
    console.verify_second_factor(trusted).await.unwrap();
    console.sign_out().await.unwrap();

    // Signing out keeps the trust; the form says until when.
    let until = console
        .sign_in_defaults()
        .await
        .trusted_until
        .expect("trusted");
    let days = (until - authdesk_protocol::OffsetDateTime::now_utc()).whole_days();
    assert!((29..=30).contains(&days), "{days} days");
    for _ in 0..2 {
        // Twice: the server rotates the cookie at each use, and the new one must be kept.
        let step = console
            .sign_in(password_step(
                &auth_url(),
                &barbara,
                SignInPurpose::NewSession,
            ))
            .await
            .unwrap();
        assert!(matches!(step, SignInStep::SignedIn(_)), "{step:?}");
        console.sign_out().await.unwrap();
    }

    console.forget_this_computer(&auth_url()).await.unwrap();
    assert_eq!(console.sign_in_defaults().await.trusted_until, None);
    challenged(&console, &auth_url(), &barbara).await;
}

#[tokio::test]
async fn a_wrong_code_can_be_corrected_and_too_many_end_the_challenge() {
    let console = console_with(&MemorySettings::default());
    let frances = accounts().totp_admin_for_mistakes;
    challenged(&console, &auth_url(), &frances).await;
    let wrong = console
        .verify_second_factor(wrong_code(&frances))
        .await
        .unwrap_err();
    assert_eq!(
        (wrong.code, wrong.field),
        (ErrorCode::InvalidCredentials, Some(Field::Code))
    );
    assert!(wrong.message.contains("not right"), "{}", wrong.message);
    console
        .verify_second_factor(authenticator(&frances))
        .await
        .unwrap();
    console.sign_out().await.unwrap();

    challenged(&console, &auth_url(), &frances).await;
    for _ in 0..5 {
        console
            .verify_second_factor(wrong_code(&frances))
            .await
            .unwrap_err();
    }
    let spent = console
        .verify_second_factor(authenticator(&frances))
        .await
        .unwrap_err();
    assert_eq!(spent.code, ErrorCode::ChallengeEnded);
    assert!(
        spent.message.contains("Too many wrong codes"),
        "{}",
        spent.message
    );
    let gone = console
        .verify_second_factor(authenticator(&frances))
        .await
        .unwrap_err();
    assert_eq!(gone.code, ErrorCode::ChallengeEnded, "{}", gone.message);

    // Starting again works (and clears the count of failures towards a lockout).
    challenged(&console, &auth_url(), &frances).await;
    console
        .verify_second_factor(authenticator(&frances))
        .await
        .unwrap();
    console.sign_out().await.unwrap();
}

#[tokio::test]
async fn a_challenge_left_too_long_says_to_start_again() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "0"), ("SANDBOX_TWO_FACTOR_SECONDS", "2")]);
    let console = console_with(&MemorySettings::default());
    let barbara = accounts().totp_admin;
    challenged(&console, &sandbox.url, &barbara).await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let late = console
        .verify_second_factor(authenticator(&barbara))
        .await
        .unwrap_err();
    assert_eq!(late.code, ErrorCode::ChallengeEnded);
    assert!(late.message.contains("expired"), "{}", late.message);
}

#[tokio::test]
async fn ten_wrong_codes_in_a_row_lock_the_account_for_a_while() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "0")]);
    let console = console_with(&MemorySettings::default());
    let frances = accounts().totp_admin_for_mistakes;
    for _ in 0..2 {
        challenged(&console, &sandbox.url, &frances).await;
        for _ in 0..5 {
            console
                .verify_second_factor(wrong_code(&frances))
                .await
                .unwrap_err();
        }
    }
    challenged(&console, &sandbox.url, &frances).await;
    let locked = console
        .verify_second_factor(authenticator(&frances))
        .await
        .unwrap_err();
    assert_eq!(locked.code, ErrorCode::RateLimited);
    assert!(locked.message.contains("locked"), "{}", locked.message);
}

#[tokio::test]
async fn a_backup_code_signs_in_once() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "0")]);
    let console = console_with(&MemorySettings::default());
    let barbara = accounts().totp_admin;
    let code = barbara.two_factor.as_ref().unwrap().backup_codes[0].clone();
    challenged(&console, &sandbox.url, &barbara).await;
    let admin = console
        .verify_second_factor(proof(SecondFactorMethod::BackupCode, &code, false))
        .await
        .unwrap();
    assert_eq!(admin.email, barbara.email);
    console.sign_out().await.unwrap();

    challenged(&console, &sandbox.url, &barbara).await;
    let used = console
        .verify_second_factor(proof(SecondFactorMethod::BackupCode, &code, false))
        .await
        .unwrap_err();
    assert_eq!(
        (used.code, used.field),
        (ErrorCode::InvalidCredentials, Some(Field::Code))
    );
    assert!(used.message.contains("used already"), "{}", used.message);
}

#[tokio::test]
async fn a_code_by_email_is_a_second_factor() {
    let console = console_with(&MemorySettings::default());
    let radia = accounts().otp_admin;
    let mailbox = crate::support::sign_in::Mailbox::shared();
    let methods = challenged(&console, &auth_url(), &radia).await;
    assert_eq!(methods, [SecondFactorMethod::EmailCode]);
    let mark = mailbox.mark();
    console.send_second_factor_code().await.unwrap();
    let code = mailbox.code(&mark, &radia.email, "two-factor-code");
    let admin = console
        .verify_second_factor(proof(SecondFactorMethod::EmailCode, &code, false))
        .await
        .unwrap();
    assert_eq!(admin.email, radia.email);
    console.sign_out().await.unwrap();
}

#[tokio::test]
async fn a_rate_limited_second_step_says_how_long_to_wait() {
    // The server's own limit on /two-factor/*: 3 requests in 10 seconds.
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "0"), ("SANDBOX_RATE_LIMIT", "1")]);
    let console = console_with(&MemorySettings::default());
    let frances = accounts().totp_admin_for_mistakes;
    challenged(&console, &sandbox.url, &frances).await;
    let mut refusals = Vec::new();
    for _ in 0..4 {
        refusals.push(
            console
                .verify_second_factor(wrong_code(&frances))
                .await
                .unwrap_err(),
        );
    }
    let limited = refusals.last().unwrap();
    assert_eq!(limited.code, ErrorCode::RateLimited, "{refusals:?}");
    let wait = limited.retry_after_seconds.expect("the wait");
    assert!(
        limited.message.contains(&format!("{wait} s")),
        "{}",
        limited.message
    );
    assert!(
        refusals[..3]
            .iter()
            .all(|refusal| refusal.field == Some(Field::Code)),
        "{refusals:?}"
    );
}
