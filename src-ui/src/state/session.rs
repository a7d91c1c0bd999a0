use std::rc::Rc;

use authdesk_protocol::{
    AdminIdentity, ApiError, ErrorCode, ImpersonationStarted, Profile, RestoredSession,
    SecondFactorChallenge, SecondFactorMethod, SignInDefaults, SignInMethod, SignInOptions,
};
use yew::Reducible;

use super::sign_in::{FormField, SignInForm};

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
    /// The deployment left for one with no saved session: its session is kept for the way back.
    pub switched_from: Option<Profile>,
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
            switched_from: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Restored(Box<RestoredSession>),
    /// Switched to another deployment, from the one given (kept saved), or back.
    Switched(Box<RestoredSession>, Option<Profile>),
    DefaultsLoaded(SignInDefaults),
    Edit(FormField, String),
    /// What the server at this URL offers.
    OptionsFound(String, SignInOptions),
    ChooseMethod(SignInMethod),
    SignInStarted,
    /// The code or link was emailed (or the admin says they have one): its field shows.
    MailSent,
    SecondFactorAsked(SecondFactorChallenge),
    ChooseSecondFactor(SecondFactorMethod),
    SecondFactorCodeSent,
    TrustDevice(bool),
    /// Out of the second step, back to the password (kept as typed).
    BackToPassword,
    TrustForgotten,
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
    /// What the backend now knows of the signed-in admin (their permissions, say).
    AdminRefreshed(AdminIdentity),
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
                if let (Some(_), Some(admin)) = (&next.locked, &next.admin) {
                    next.form.for_unlock(admin);
                }
            }
            Action::Switched(restored, from) => {
                // The form is the other deployment's: its defaults load when it shows.
                next.form = SignInForm::default();
                next.switched_from = from.filter(|_| restored.admin.is_none());
                return Rc::new(next).reduce(Action::Restored(restored));
            }
            Action::DefaultsLoaded(defaults) => next.form.defaults_loaded(defaults),
            Action::Edit(field, value) => next.form.edit(field, value),
            Action::OptionsFound(base_url, options) => next.form.options_found(&base_url, options),
            Action::ChooseMethod(method) => next.form.choose(method),
            Action::SignInStarted => {
                next.form.submitting = true;
                next.form.error = None;
            }
            Action::MailSent => next.form.mail_sent(),
            Action::SecondFactorAsked(challenge) => next.form.second_factor_asked(challenge),
            Action::ChooseSecondFactor(method) => next.form.choose_second_factor(method),
            Action::SecondFactorCodeSent => next.form.second_factor_code_sent(),
            Action::TrustDevice(trust) => next.form.trust_device(trust),
            Action::BackToPassword => next.form.back_to_password(),
            Action::TrustForgotten => next.form.trusted_until = None,
            Action::SignedIn(admin) => {
                next.switched_from = None;
                next.form.forget_secrets();
                // Read again when the sign-in page next shows: shown from before, the note could
                // be forgotten while that read is on its way, and come back with its answer.
                next.form.trusted_until = None;
                next.admin = Some(admin);
                next.locked = None;
            }
            Action::SignInFailed(error) => next.form.failed(error),
            Action::SessionEnded(error) => {
                next.switched_from = None;
                next.admin = None;
                next.impersonating = None;
                next.locked = None;
                next.form.forget_secrets();
                next.form.error = Some(error);
            }
            Action::Impersonating(started) => next.impersonating = Some(started),
            Action::ImpersonationEnded => next.impersonating = None,
            Action::Locked(reason) => {
                // A lock outranks a confirmation; a confirmation never hides a lock.
                if !next.console_hidden()
                    && let Some(admin) = &next.admin
                {
                    if next.locked.is_none() {
                        next.form.for_unlock(admin);
                    }
                    next.locked = Some(reason);
                }
            }
            Action::Unlocked(admin) => {
                next.form.forget_secrets();
                next.admin = Some(admin);
                // Unlocking ends an impersonation nobody was watching.
                next.impersonating = None;
                next.locked = None;
            }
            Action::AdminRefreshed(admin) => {
                if next
                    .admin
                    .as_ref()
                    .is_some_and(|known| known.id == admin.id)
                {
                    next.admin = Some(admin);
                }
            }
            Action::ConfirmationDeclined => {
                if !next.console_hidden() {
                    next.locked = None;
                    next.form.forget_secrets();
                }
            }
            Action::SignedOut => {
                next.switched_from = None;
                next.admin = None;
                next.impersonating = None;
                next.locked = None;
                next.form.forget_secrets();
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
