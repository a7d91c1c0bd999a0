use std::rc::Rc;

use authdesk_protocol::{
    AdminIdentity, Profile, ProfileSettings, SecondFactorChallenge, SecondFactorMethod,
    SignInDefaults, SignInMethod, SignInOptions,
};
use yew::Reducible;

use super::*;
use crate::state::{Action, AppState};

fn reduce(state: AppState, actions: impl IntoIterator<Item = Action>) -> AppState {
    let mut state = Rc::new(state);
    for action in actions {
        state = state.reduce(action);
    }
    Rc::unwrap_or_clone(state)
}

const URL: &str = "http://127.0.0.1:3917/api/auth";

fn typed() -> AppState {
    reduce(
        AppState::default(),
        [
            Action::Edit(FormField::BaseUrl, URL.into()),
            Action::Edit(FormField::Email, "barbara@authdesk.test".into()),
            Action::Edit(FormField::Password, "secret-pass".into()),
        ],
    )
}

fn challenge() -> SecondFactorChallenge {
    SecondFactorChallenge {
        methods: vec![
            SecondFactorMethod::Authenticator,
            SecondFactorMethod::BackupCode,
        ],
        expires_at: OffsetDateTime::now_utc() + time::Duration::minutes(10),
    }
}

fn admin() -> AdminIdentity {
    AdminIdentity {
        id: "a".into(),
        name: "Barbara".into(),
        email: "barbara@authdesk.test".into(),
        roles: vec!["admin".into()],
        profile: Profile {
            id: "p".into(),
            settings: ProfileSettings {
                name: "Sandbox".into(),
                base_url: URL.into(),
                ..ProfileSettings::default()
            },
            locked: Vec::new(),
        },
        keyring_notice: None,
        permissions: authdesk_protocol::Permission::ALL.to_vec(),
    }
}

#[test]
fn the_second_step_keeps_the_password_and_an_ended_one_goes_back_to_it() {
    let state = reduce(
        typed(),
        [
            Action::SignInStarted,
            Action::SecondFactorAsked(challenge()),
            Action::Edit(FormField::SecondFactorCode, "12345".into()),
        ],
    );
    let second = state.form.second.clone().expect("the second step");
    assert_eq!(second.method, SecondFactorMethod::Authenticator);
    assert_eq!(second.code, "12345");
    assert!(!state.form.submitting);

    // A wrong code shows at the code and keeps it, to be corrected.
    let wrong = ApiError::new(ErrorCode::InvalidCredentials, "This code is not right.")
        .at_field(Field::Code);
    let state = reduce(state, [Action::SignInFailed(wrong.clone())]);
    assert_eq!(
        state.form.error_at(FormField::SecondFactorCode),
        Some(&wrong)
    );
    assert_eq!(state.form.second.as_ref().unwrap().code, "12345");

    let ended = ApiError::new(
        ErrorCode::ChallengeEnded,
        "Sign in again with your password.",
    );
    let state = reduce(state, [Action::SignInFailed(ended.clone())]);
    assert_eq!(state.form.second, None);
    assert_eq!(state.form.password, "secret-pass");
    assert_eq!(state.form.form_error(), Some(&ended));
}

#[test]
fn another_address_hides_the_code_field_but_keeps_the_code() {
    let state = reduce(
        typed(),
        [
            Action::ChooseMethod(SignInMethod::EmailCode),
            Action::MailSent,
            Action::Edit(FormField::Code, "123456".into()),
            Action::Edit(FormField::Email, "hedy@authdesk.test".into()),
        ],
    );
    assert!(!state.form.mail_sent);
    assert_eq!(state.form.code, "123456");
    assert_eq!(state.form.method, SignInMethod::EmailCode);
}

#[test]
fn the_ways_offered_are_those_of_the_server_in_the_form() {
    let offered = SignInOptions {
        methods: vec![SignInMethod::EmailCode, SignInMethod::MagicLink],
        providers: vec!["github".into()],
    };
    let elsewhere = "https://elsewhere.test/api/auth".to_owned();
    let state = reduce(typed(), [Action::OptionsFound(elsewhere, offered.clone())]);
    assert_eq!(state.form.methods, [SignInMethod::Password]);
    assert!(state.form.providers.is_empty());
    let state = reduce(state, [Action::OptionsFound(URL.into(), offered.clone())]);
    assert_eq!(state.form.methods, offered.methods);
    assert_eq!(state.form.providers, offered.providers);
    assert_eq!(
        state.form.method,
        SignInMethod::EmailCode,
        "the password is not offered"
    );
}

#[test]
fn signing_in_leaves_nothing_secret_in_the_window() {
    let state = reduce(
        typed(),
        [
            Action::Edit(FormField::Link, "http://x/magic-link/verify?token=t".into()),
            Action::SecondFactorAsked(challenge()),
            Action::TrustDevice(true),
            Action::SignedIn(admin()),
        ],
    );
    assert_eq!(
        (state.form.password.as_str(), state.form.link.as_str()),
        ("", "")
    );
    assert_eq!(state.form.second, None);
    assert_eq!(state.form.email, "barbara@authdesk.test");
}

#[test]
fn the_lock_screen_asks_for_the_signed_in_admin() {
    let state = reduce(
        typed(),
        [
            Action::SignedIn(admin()),
            Action::Edit(FormField::Email, "someone@else.test".into()),
            Action::Locked(ApiError::new(ErrorCode::Locked, "Locked after 15 minutes.")),
        ],
    );
    assert_eq!(state.form.email, admin().email);
    assert_eq!(state.form.base_url, URL);
    // A second reason while the first is shown does not wipe what is being typed.
    let state = reduce(
        state,
        [
            Action::Edit(FormField::Password, "half".into()),
            Action::Locked(ApiError::new(ErrorCode::Locked, "Locked.")),
        ],
    );
    assert_eq!(state.form.password, "half");
}

#[test]
fn a_trusted_computer_is_shown_for_its_own_email_only() {
    let until = OffsetDateTime::now_utc() + time::Duration::days(30);
    let defaults = SignInDefaults {
        base_url: URL.into(),
        email: "barbara@authdesk.test".into(),
        trusted_until: Some(until),
    };
    let state = reduce(
        AppState::default(),
        [Action::DefaultsLoaded(defaults.clone())],
    );
    assert_eq!(state.form.trusted_until, Some(until));
    let state = reduce(
        state,
        [Action::Edit(FormField::Email, "hedy@authdesk.test".into())],
    );
    assert_eq!(state.form.trusted_until, None);
    let typed_other = reduce(
        AppState::default(),
        [
            Action::Edit(FormField::Email, "hedy@authdesk.test".into()),
            Action::DefaultsLoaded(defaults),
        ],
    );
    assert_eq!(typed_other.form.trusted_until, None);
}

#[test]
fn a_trusted_computer_is_read_again_after_a_sign_in() {
    let defaults = SignInDefaults {
        base_url: URL.into(),
        email: admin().email,
        trusted_until: Some(OffsetDateTime::now_utc() + time::Duration::days(30)),
    };
    let state = reduce(
        AppState::default(),
        [
            Action::DefaultsLoaded(defaults),
            Action::SignedIn(admin()),
            Action::SignedOut,
        ],
    );
    assert_eq!(state.form.trusted_until, None);
}
