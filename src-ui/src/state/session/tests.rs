use authdesk_protocol::{Field, Profile, ProfileSettings};

use crate::state::FormField;

use super::*;

fn reduce(state: AppState, actions: impl IntoIterator<Item = Action>) -> AppState {
    let mut state = Rc::new(state);
    for action in actions {
        state = state.reduce(action);
    }
    Rc::unwrap_or_clone(state)
}

fn typed_form() -> AppState {
    reduce(
        AppState::default(),
        [
            Action::Edit(FormField::BaseUrl, "http://127.0.0.1:3917/api/auth".into()),
            Action::Edit(FormField::Email, "ada@authdesk.test".into()),
            Action::Edit(FormField::Password, "secret-pass".into()),
        ],
    )
}

fn admin() -> AdminIdentity {
    AdminIdentity {
        id: "a".into(),
        name: "Ada".into(),
        email: "ada@authdesk.test".into(),
        roles: vec!["admin".into()],
        profile: Profile {
            id: "p".into(),
            settings: ProfileSettings {
                name: "Sandbox".into(),
                base_url: "http://127.0.0.1:3917/api/auth".into(),
                ..ProfileSettings::default()
            },
            locked: Vec::new(),
        },
        keyring_notice: None,
        permissions: authdesk_protocol::Permission::ALL.to_vec(),
    }
}

#[test]
fn a_restored_session_skips_the_sign_in_form() {
    assert!(AppState::default().restoring);
    let restored = RestoredSession {
        admin: Some(admin()),
        impersonating: None,
        notice: None,
        locked: None,
    };
    let state = reduce(AppState::default(), [Action::Restored(Box::new(restored))]);
    assert!(!state.restoring);
    assert_eq!(state.admin, Some(admin()));
}

#[test]
fn a_locked_console_is_hidden_until_unlocked_and_cannot_be_dismissed() {
    let locked = ApiError::new(ErrorCode::Locked, "Authdesk locked after 15 minutes.");
    let restored = RestoredSession {
        admin: Some(admin()),
        impersonating: None,
        notice: None,
        locked: Some(locked.clone()),
    };
    let state = reduce(AppState::default(), [Action::Restored(Box::new(restored))]);
    assert!(state.console_hidden());
    let still = reduce(state.clone(), [Action::ConfirmationDeclined]);
    assert!(still.console_hidden(), "a lock is not a dialog to close");
    let asked = ApiError::new(ErrorCode::ConfirmIdentity, "Deleting a user needs…");
    let still = reduce(still, [Action::Locked(asked)]);
    assert_eq!(still.locked, Some(locked));
    let unlocked = reduce(still, [Action::Unlocked(admin())]);
    assert!(!unlocked.console_hidden() && unlocked.locked.is_none());
    assert_eq!(unlocked.admin, Some(admin()));
}

#[test]
fn a_confirmation_shows_over_the_console_and_may_be_declined() {
    let asked = ApiError::new(ErrorCode::ConfirmIdentity, "Deleting a user needs…");
    let state = reduce(
        AppState::default(),
        [Action::SignedIn(admin()), Action::Locked(asked.clone())],
    );
    assert_eq!(state.locked, Some(asked));
    assert!(!state.console_hidden(), "the console keeps what was typed");
    let locked = ApiError::new(ErrorCode::Locked, "locked");
    assert!(reduce(state.clone(), [Action::Locked(locked)]).console_hidden());
    let declined = reduce(state, [Action::ConfirmationDeclined]);
    assert_eq!(declined.locked, None);
    let signed_out = reduce(
        AppState::default(),
        [Action::Locked(ApiError::new(ErrorCode::Locked, "x"))],
    );
    assert_eq!(signed_out.locked, None, "nobody signed in, nothing to lock");
}

#[test]
fn a_window_reloaded_while_impersonating_comes_back_to_the_impersonation() {
    let started = ImpersonationStarted {
        user: authdesk_protocol::UserSummary {
            id: "u1".into(),
            name: "Bea".into(),
            email: "bea@authdesk.test".into(),
            email_verified: true,
            image: None,
            roles: vec!["user".into()],
            ban: authdesk_protocol::BanState::NotBanned,
            created_at: authdesk_protocol::OffsetDateTime::UNIX_EPOCH,
            updated_at: authdesk_protocol::OffsetDateTime::UNIX_EPOCH,
            custom_fields: Default::default(),
            two_factor_enabled: None,
            last_sign_in_method: None,
        },
        ends_at: authdesk_protocol::OffsetDateTime::UNIX_EPOCH,
        reason: "Ticket 7".into(),
    };
    let restored = RestoredSession {
        admin: Some(admin()),
        impersonating: Some(started.clone()),
        notice: None,
        locked: None,
    };
    let state = reduce(AppState::default(), [Action::Restored(Box::new(restored))]);
    assert_eq!(state.impersonating, Some(started.clone()));
    let ended = reduce(state, [Action::ImpersonationEnded]);
    assert_eq!(ended.impersonating, None);
    let signed_out = reduce(
        AppState::default(),
        [Action::Impersonating(started), Action::SignedOut],
    );
    assert_eq!(signed_out.impersonating, None);
}

#[test]
fn a_session_that_could_not_be_restored_says_why_on_the_form() {
    let notice = ApiError::new(ErrorCode::SessionExpired, "Your saved session has ended.");
    let restored = RestoredSession {
        admin: None,
        impersonating: None,
        notice: Some(notice.clone()),
        locked: None,
    };
    let state = reduce(AppState::default(), [Action::Restored(Box::new(restored))]);
    assert!(!state.restoring);
    assert!(state.admin.is_none());
    assert_eq!(state.form.form_error(), Some(&notice));
}

#[test]
fn a_failed_sign_in_keeps_everything_typed() {
    let error = ApiError::new(ErrorCode::InvalidCredentials, "Wrong email or password.");
    let state = reduce(
        typed_form(),
        [Action::SignInStarted, Action::SignInFailed(error.clone())],
    );
    assert_eq!(state.form.email, "ada@authdesk.test");
    assert_eq!(state.form.password, "secret-pass");
    assert!(!state.form.submitting);
    assert_eq!(state.form.form_error(), Some(&error));
    assert!(state.admin.is_none());
}

#[test]
fn a_field_error_shows_at_its_field_and_clears_when_that_field_is_edited() {
    let error = ApiError::new(ErrorCode::InvalidUrl, "Use https.").at_field(Field::BaseUrl);
    let state = reduce(typed_form(), [Action::SignInFailed(error.clone())]);
    assert_eq!(state.form.error_at(FormField::BaseUrl), Some(&error));
    assert_eq!(state.form.error_at(FormField::Email), None);
    assert_eq!(state.form.form_error(), None);
    let still = reduce(
        state.clone(),
        [Action::Edit(FormField::Email, "x@y.z".into())],
    );
    assert!(still.form.error_at(FormField::BaseUrl).is_some());
    let cleared = reduce(
        state,
        [Action::Edit(FormField::BaseUrl, "https://a.b".into())],
    );
    assert_eq!(cleared.form.error, None);
}

#[test]
fn signing_in_forgets_the_password() {
    let state = reduce(
        typed_form(),
        [Action::SignInStarted, Action::SignedIn(admin())],
    );
    assert_eq!(state.form.password, "");
    assert_eq!(state.form.email, "ada@authdesk.test");
    assert_eq!(state.admin, Some(admin()));
}

#[test]
fn defaults_do_not_overwrite_what_was_typed() {
    let defaults = SignInDefaults {
        base_url: "https://other".into(),
        email: "o@x.y".into(),
        trusted_until: None,
    };
    let state = reduce(
        AppState::default(),
        [
            Action::Edit(FormField::Email, "mine@x.y".into()),
            Action::DefaultsLoaded(defaults),
        ],
    );
    assert_eq!(state.form.email, "mine@x.y");
    assert_eq!(state.form.base_url, "https://other");
}

#[test]
fn an_ended_session_returns_to_sign_in_with_the_reason_and_the_email() {
    let expired = ApiError::new(ErrorCode::SessionExpired, "Your session has ended.");
    assert!(ends_session(&expired));
    assert!(!ends_session(&ApiError::new(
        ErrorCode::Unreachable,
        "down"
    )));
    let state = reduce(
        typed_form(),
        [
            Action::SignedIn(admin()),
            Action::SessionEnded(expired.clone()),
        ],
    );
    assert!(state.admin.is_none());
    assert_eq!(state.form.email, "ada@authdesk.test");
    assert_eq!(state.form.form_error(), Some(&expired));
}

#[test]
fn a_refreshed_admin_replaces_only_the_same_admin() {
    let signed_in = reduce(AppState::default(), [Action::SignedIn(admin())]);
    let narrower = AdminIdentity {
        permissions: vec![authdesk_protocol::Permission::ListUsers],
        ..admin()
    };
    let state = reduce(
        signed_in.clone(),
        [Action::AdminRefreshed(narrower.clone())],
    );
    assert_eq!(state.admin, Some(narrower));
    let someone_else = AdminIdentity {
        id: "b".into(),
        ..admin()
    };
    let state = reduce(signed_in, [Action::AdminRefreshed(someone_else)]);
    assert_eq!(state.admin, Some(admin()));
}

#[test]
fn switching_to_a_deployment_without_a_session_shows_its_form_and_the_way_back() {
    let signed_in = reduce(AppState::default(), [Action::SignedIn(admin())]);
    let from = admin().profile;
    let state = reduce(
        signed_in.clone(),
        [Action::Switched(Box::default(), Some(from.clone()))],
    );
    assert_eq!(state.admin, None);
    assert_eq!(state.switched_from, Some(from.clone()));
    assert!(
        state.form.base_url.is_empty(),
        "the other deployment's defaults load"
    );
    // Back to a deployment whose session the keyring kept: straight into it.
    let back = RestoredSession {
        admin: Some(admin()),
        ..RestoredSession::default()
    };
    let state = reduce(state, [Action::Switched(Box::new(back), None)]);
    assert_eq!(state.admin, Some(admin()));
    assert_eq!(state.switched_from, None);
    let state = reduce(
        signed_in,
        [
            Action::Switched(Box::default(), Some(from)),
            Action::SignedIn(admin()),
        ],
    );
    assert_eq!(
        state.switched_from, None,
        "signed in: nothing to go back to"
    );
}
