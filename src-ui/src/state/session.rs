use std::rc::Rc;

use authdesk_protocol::{AdminIdentity, ApiError, ErrorCode, RestoredSession, SignInDefaults};
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
    /// The field name the backend puts in `ApiError::field`.
    pub fn wire_name(self) -> &'static str {
        match self {
            Self::BaseUrl => "baseUrl",
            Self::Email => "email",
            Self::Password => "password",
        }
    }
}

impl SignInForm {
    /// The error to show under `field`, if the last failure was about it.
    pub fn error_at(&self, field: FormField) -> Option<&ApiError> {
        self.error
            .as_ref()
            .filter(|error| error.field.as_deref() == Some(field.wire_name()))
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
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            restoring: true,
            form: SignInForm::default(),
            admin: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Restored(RestoredSession),
    DefaultsLoaded(SignInDefaults),
    Edit(FormField, String),
    SignInStarted,
    SignedIn(AdminIdentity),
    SignInFailed(ApiError),
    /// A command found the session gone (expired, revoked): back to the form, saying why.
    SessionEnded(ApiError),
    SignedOut,
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
            }
            Action::SignInFailed(error) => {
                next.form.submitting = false;
                next.form.error = Some(error);
            }
            Action::SessionEnded(error) => {
                next.admin = None;
                next.form.password.clear();
                next.form.error = Some(error);
            }
            Action::SignedOut => {
                next.admin = None;
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
            notice: None,
        };
        let state = reduce(AppState::default(), [Action::Restored(restored)]);
        assert!(!state.restoring);
        assert_eq!(state.admin, Some(admin()));
    }

    #[test]
    fn a_session_that_could_not_be_restored_says_why_on_the_form() {
        let notice = ApiError::new(ErrorCode::SessionExpired, "Your saved session has ended.");
        let restored = RestoredSession {
            admin: None,
            notice: Some(notice.clone()),
        };
        let state = reduce(AppState::default(), [Action::Restored(restored)]);
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
        let error = ApiError::new(ErrorCode::InvalidUrl, "Use https.").at_field("baseUrl");
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
