//! What every signed-in screen needs: who is signed in, a way to say what happened (a toast),
//! and a way back to the sign-in form when the server has ended the session. And the one way a
//! form or a button calls a command and shows its error ([`run`]).

use std::future::Future;

use authdesk_protocol::{AdminIdentity, ApiError, ErrorCode, Permission, missing};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::state::forms::{ErrorPlace, FormKind, place_of};
use crate::state::{Action, AppState, ToastKind};

#[derive(Clone, PartialEq)]
pub struct Shell {
    pub admin: AdminIdentity,
    pub toast: Callback<(ToastKind, String)>,
    pub end_session: Callback<ApiError>,
    /// Asks for the password again (a locked console, or a destructive action).
    pub lock: Callback<ApiError>,
    /// Learns again what the account may do (after the server refused something).
    pub refresh_admin: Callback<()>,
}

impl Shell {
    /// Why the signed-in account's role cannot do what needs `needs`, if it cannot.
    pub fn lacks(&self, needs: &[Permission]) -> Option<String> {
        missing(&self.admin.permissions, needs)
            .err()
            .map(|refusal| refusal.message)
    }

    pub fn success(&self, text: impl Into<String>) {
        self.toast.emit((ToastKind::Success, text.into()));
    }

    /// Says why what was asked for cannot be done.
    pub fn refuse(&self, text: impl Into<String>) {
        self.toast.emit((ToastKind::Error, text.into()));
    }

    /// Shows an error that belongs to no form: an ended session goes back to sign-in, anything
    /// else becomes a toast.
    pub fn fail(&self, error: ApiError) {
        if error.code == ErrorCode::Forbidden {
            self.refresh_admin.emit(());
        }
        match place_of(&error, FormKind::Button) {
            ErrorPlace::SignIn => self.end_session.emit(error),
            ErrorPlace::Lock => self.lock.emit(error),
            _ => self.toast.emit((ToastKind::Error, error.message)),
        }
    }
}

/// Where a form keeps the error it shows, and whether it has an alert of its own.
#[derive(Clone)]
pub struct FormError {
    pub slot: UseStateHandle<Option<ApiError>>,
    pub kind: FormKind,
}

/// Runs one backend call for a form (`form`) or a button (`None`) and reports it by the one
/// error policy ([`place_of`]). `shell` is `None` before sign-in, where there is no session to
/// end and no toast: the form shows everything itself.
pub fn run<T: 'static>(
    shell: Option<&Shell>,
    form: Option<&FormError>,
    call: impl Future<Output = Result<T, ApiError>> + 'static,
    done: impl FnOnce(T) + 'static,
) {
    run_erased(shell, form, Box::pin(async move { call.await.map(done) }));
}

/// The rest of [`run`], kept out of its generic body: its call and what follows it become one
/// boxed future of no type of their own, so the UI carries one copy of this and of the task it
/// spawns instead of one for each of the calls (5.6 KB of its wasm).
fn run_erased(
    shell: Option<&Shell>,
    form: Option<&FormError>,
    call: std::pin::Pin<Box<dyn Future<Output = Result<(), ApiError>>>>,
) {
    let (shell, form) = (shell.cloned(), form.cloned());
    if let Some(form) = &form {
        form.slot.set(None);
    }
    spawn_local(async move {
        if let Err(error) = call.await {
            report(shell.as_ref(), form.as_ref(), error);
        }
    });
}

/// The error half of [`run`], kept out of its generic body: one copy in the UI instead of one
/// for each of the calls.
fn report(shell: Option<&Shell>, form: Option<&FormError>, error: ApiError) {
    if let (ErrorCode::Forbidden, Some(shell)) = (error.code, shell) {
        // The role may have changed on the server: the buttons follow.
        shell.refresh_admin.emit(());
    }
    let kind = form.map_or(FormKind::Button, |form| form.kind);
    match (place_of(&error, kind), form, shell) {
        (ErrorPlace::AtField | ErrorPlace::Alert, Some(form), _) => form.slot.set(Some(error)),
        (ErrorPlace::SignIn, _, Some(shell)) => shell.end_session.emit(error),
        (ErrorPlace::Lock, _, Some(shell)) => shell.lock.emit(error),
        (_, _, Some(shell)) => shell.toast.emit((ToastKind::Error, error.message)),
        (_, Some(form), None) => form.slot.set(Some(error)),
        // Every caller passes a shell, a form or both.
        (_, None, None) => {}
    }
}

/// A section the account's role cannot use: its title and why, in place of its form.
pub fn unavailable(title: &str, reason: String, test_id: &str) -> Html {
    html! {
        <section class="section" data-testid={test_id.to_owned()}>
            <h3>{ title }</h3>
            <p class="muted unavailable">{ reason }</p>
        </section>
    }
}

/// Signs out, from the console or from its lock screen: whatever the server says, this window
/// forgets the session.
pub fn sign_out(dispatcher: UseReducerDispatcher<AppState>) -> Callback<()> {
    Callback::from(move |()| {
        let dispatcher = dispatcher.clone();
        spawn_local(async move {
            let _ = crate::ipc::sign_out().await;
            dispatcher.dispatch(Action::SignedOut);
        });
    })
}

#[hook]
pub fn use_shell() -> Shell {
    use_context::<Shell>().expect("a Shell context above every signed-in screen")
}
