use std::rc::Rc;

use authdesk_protocol::{
    AdminIdentity, ApiError, ErrorCode, Field, ImpersonationStarted, RestoredSession,
    SignInDefaults,
};
use yew::Reducible;

/// What the sign-in form holds. Nothing typed is ever dropped by a failure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignInForm {
    pub base_url: String,
    pub email: String,
    pub password: String,
    pub submitting: bool,
    pub error: Option<ApiError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    BaseUrl,
    Email,
    Password,
}

impl FormField {
    /// The field the backend names in `ApiError::field` for this input.
    pub fn field(self) -> Field {
        match self {
            Self::BaseUrl => Field::BaseUrl,
            Self::Email => Field::Email,
            Self::Password => Field::Password,
        }
    }
}

impl SignInForm {
    /// The error to show under `field`, if the last failure was about it.
    pub fn error_at(&self, field: FormField) -> Option<&ApiError> {
        self.error
            .as_ref()
            .filter(|error| error.is_at(field.field()))
    }

    /// The error to show above the form: one not tied to a field.
    pub fn form_error(&self) -> Option<&ApiError> {
        self.error.as_ref().filter(|error| error.field.is_none())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// True until the backend has said whether a saved session could be restored.
    pub restoring: bool,
    pub form: SignInForm,
    pub admin: Option<AdminIdentity>,
    /// The impersonation the backend is in. The backend holds it; this is its last word, so a
    /// reloaded window comes back to the banner.
    pub impersonating: Option<ImpersonationStarted>,
    /// Why the admin must enter their password again: the console is locked
    /// ([`ErrorCode::Locked`], nothing is shown) or a destructive action asks
    /// ([`ErrorCode::ConfirmIdentity`], over the console, which keeps what was typed).
    pub locked: Option<ApiError>,
}

impl AppState {
    /// Whether the console must be hidden behind the lock screen.
    pub fn console_hidden(&self) -> bool {
        self.locked
            .as_ref()
            .is_some_and(|reason| reason.code == ErrorCode::Locked)
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            restoring: true,
            form: SignInForm::default(),
            admin: None,
            impersonating: None,
            locked: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Restored(Box<RestoredSession>),
    DefaultsLoaded(SignInDefaults),
    Edit(FormField, String),
    SignInStarted,
    SignedIn(AdminIdentity),
    SignInFailed(ApiError),
    /// A command found the session gone (expired, revoked): back to the form, saying why.
    SessionEnded(ApiError),
    SignedOut,
    Impersonating(ImpersonationStarted),
    ImpersonationEnded,
    /// The backend (or the window's own idle clock) asks for the password again.
    Locked(ApiError),
    /// The password was entered again: the same admin, with a fresh session.
    Unlocked(AdminIdentity),
    /// The admin chose not to confirm a destructive action. A locked console cannot be
    /// dismissed, only unlocked or signed out of.
    ConfirmationDeclined,
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Restored(restored) => {
                next.restoring = false;
                next.form.error = restored.notice;
                next.admin = restored.admin;
                next.impersonating = restored.impersonating;
                next.locked = restored.locked;
            }
            Action::DefaultsLoaded(defaults) => {
                // Never overwrite what the admin already started typing.
                if next.form.base_url.is_empty() {
                    next.form.base_url = defaults.base_url;
                }
                if next.form.email.is_empty() {
                    next.form.email = defaults.email;
                }
            }
            Action::Edit(field, value) => {
                if next.form.error_at(field).is_some() {
                    next.form.error = None;
                }
                match field {
                    FormField::BaseUrl => next.form.base_url = value,
                    FormField::Email => next.form.email = value,
                    FormField::Password => next.form.password = value,
                }
            }
            Action::SignInStarted => {
                next.form.submitting = true;
                next.form.error = None;
            }
            Action::SignedIn(admin) => {
                next.form.submitting = false;
                next.form.password.clear();
                next.admin = Some(admin);
                next.locked = None;
            }
            Action::SignInFailed(error) => {
                next.form.submitting = false;
                next.form.error = Some(error);
            }
            Action::SessionEnded(error) => {
                next.admin = None;
                next.impersonating = None;
                next.locked = None;
                next.form.password.clear();
                next.form.error = Some(error);
            }
            Action::Impersonating(started) => next.impersonating = Some(started),
            Action::ImpersonationEnded => next.impersonating = None,
            Action::Locked(reason) => {
                // A lock outranks a confirmation; a confirmation never hides a lock.
                if !next.console_hidden() && next.admin.is_some() {
                    next.locked = Some(reason);
                }
            }
            Action::Unlocked(admin) => {
                next.admin = Some(admin);
                // Unlocking ends an impersonation nobody was watching.
                next.impersonating = None;
                next.locked = None;
            }
            Action::ConfirmationDeclined => {
                if !next.console_hidden() {
                    next.locked = None;
                }
            }
            Action::SignedOut => {
                next.admin = None;
                next.impersonating = None;
                next.locked = None;
                next.form.password.clear();
                next.form.error = None;
            }
        }
        Rc::new(next)
    }
}

pub fn ends_session(error: &ApiError) -> bool {
    matches!(
        error.code,
        ErrorCode::SessionExpired | ErrorCode::NotSignedIn
    )
}

#[cfg(test)]
mod tests {
    use authdesk_protocol::{Profile, ProfileSettings};

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
            },
            keyring_notice: None,
            can_impersonate: true,
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
}
