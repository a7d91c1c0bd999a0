use authdesk_protocol::{AdminIdentity, ApiError, ErrorCode};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{Modal, TextField};
use crate::ipc;
use crate::state::forms::{ErrorPlace, FormKind, place_of};

#[derive(Properties, PartialEq)]
pub struct LockScreenProps {
    pub admin: AdminIdentity,
    /// Why the password is asked: [`ErrorCode::Locked`] covers the window, anything else (a
    /// destructive action) is a dialog over it.
    pub reason: ApiError,
    pub on_unlocked: Callback<AdminIdentity>,
    /// The admin would rather not confirm (the dialog only).
    pub on_declined: Callback<()>,
    pub on_sign_out: Callback<()>,
    /// The server ended the session meanwhile.
    pub on_ended: Callback<ApiError>,
}

/// The password again: the whole window while the console is locked (nothing of the console
/// shows), or a dialog before a destructive action. Signing out is always one click away.
#[function_component]
pub fn LockScreen(props: &LockScreenProps) -> Html {
    let password = use_state(String::new);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let locked = props.reason.code == ErrorCode::Locked;

    let onsubmit = {
        let (password, error, busy) = (password.clone(), error.clone(), busy.clone());
        let (on_unlocked, on_ended) = (props.on_unlocked.clone(), props.on_ended.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (password, error, busy) = (password.clone(), error.clone(), busy.clone());
            let (on_unlocked, on_ended) = (on_unlocked.clone(), on_ended.clone());
            spawn_local(async move {
                let result = ipc::unlock(&password).await;
                busy.set(false);
                match result {
                    Ok(admin) => {
                        password.set(String::new());
                        on_unlocked.emit(admin);
                    }
                    Err(failure) if place_of(&failure, FormKind::Fields) == ErrorPlace::SignIn => {
                        on_ended.emit(failure)
                    }
                    // Kept as typed: a wrong password is corrected, not retyped.
                    Err(failure) => error.set(Some(failure)),
                }
            });
        })
    };
    let on_input = {
        let (password, error) = (password.clone(), error.clone());
        Callback::from(move |value: String| {
            password.set(value);
            error.set(None);
        })
    };
    let sign_out = props.on_sign_out.reform(|_: MouseEvent| ());
    let who = format!(
        "Signed in as {} on {}.",
        props.admin.email, props.admin.profile.settings.name
    );
    let field = html! {
        <TextField
            id="unlock-password"
            label="Password"
            kind="password"
            autocomplete="current-password"
            autofocus=true
            value={(*password).clone()}
            error={(*error).clone()}
            {on_input}
        />
    };
    if locked {
        html! {
            // Keys typed here are for this form, not the console's shortcuts behind it.
            <main class="sign-in" data-testid="lock-screen" onkeydown={|event: KeyboardEvent| event.stop_propagation()}>
                <form class="card sign-in__card" {onsubmit} novalidate=true>
                    <div class="brand">
                        <img src="assets/logo.svg" alt="" class="brand__logo" />
                        <div>
                            <h1 class="brand__name">{ "Authdesk is locked" }</h1>
                            <p class="brand__tagline">{ who }</p>
                        </div>
                    </div>
                    <p class="modal__body" data-testid="lock-reason">{ &props.reason.message }</p>
                    { field }
                    <button class="button button--primary" type="submit" data-testid="unlock-submit"
                        disabled={*busy}>
                        { if *busy { "Unlocking…" } else { "Unlock" } }
                    </button>
                    <button type="button" class="link" data-testid="lock-sign-out" onclick={sign_out}>
                        { "Sign out instead" }
                    </button>
                </form>
            </main>
        }
    } else {
        html! {
            <Modal title="Confirm it’s you" test_id="confirm-identity" on_close={props.on_declined.clone()}>
                <form class="form" {onsubmit} novalidate=true>
                    <p class="modal__body" data-testid="lock-reason">{ &props.reason.message }</p>
                    <p class="modal__body">{ who }</p>
                    { field }
                    <div class="modal__actions">
                        <button type="button" class="button" onclick={props.on_declined.reform(|_: MouseEvent| ())}>
                            { "Cancel" }
                        </button>
                        <button class="button button--primary" type="submit" data-testid="unlock-submit"
                            disabled={*busy}>
                            { if *busy { "Checking…" } else { "Confirm" } }
                        </button>
                    </div>
                </form>
            </Modal>
        }
    }
}
