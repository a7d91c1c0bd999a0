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
mod tests;
