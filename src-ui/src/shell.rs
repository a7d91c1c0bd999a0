//! What every signed-in screen needs: who is signed in, a way to say what happened (a toast),
//! and a way back to the sign-in form when the server has ended the session.

use authdesk_protocol::{AdminIdentity, ApiError};
use yew::prelude::*;

use crate::state::{ToastKind, ends_session};

#[derive(Clone, PartialEq)]
pub struct Shell {
    pub admin: AdminIdentity,
    pub toast: Callback<(ToastKind, String)>,
    pub end_session: Callback<ApiError>,
}

impl Shell {
    pub fn success(&self, text: impl Into<String>) {
        self.toast.emit((ToastKind::Success, text.into()));
    }

    /// Shows an error where it belongs: an ended session goes back to sign-in, anything else
    /// becomes a toast.
    pub fn fail(&self, error: ApiError) {
        if ends_session(&error) {
            self.end_session.emit(error);
        } else {
            self.toast.emit((ToastKind::Error, error.message));
        }
    }
}

#[hook]
pub fn use_shell() -> Shell {
    use_context::<Shell>().expect("a Shell context above every signed-in screen")
}
