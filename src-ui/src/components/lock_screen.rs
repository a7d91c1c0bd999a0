use authdesk_protocol::{AdminIdentity, ApiError, ErrorCode, SignInPurpose};
use yew::prelude::*;

use super::{Modal, SignInSteps};
use crate::pages::use_offered_methods;
use crate::state::{Action, AppState, SignInForm};

#[derive(Properties, PartialEq)]
pub struct LockScreenProps {
    pub admin: AdminIdentity,
    /// Why the proof is asked: [`ErrorCode::Locked`] covers the window, anything else (a
    /// destructive action) is a dialog over it.
    pub reason: ApiError,
    pub form: SignInForm,
    pub dispatcher: UseReducerDispatcher<AppState>,
    /// After the proof went through.
    pub on_unlocked: Callback<()>,
    pub on_sign_out: Callback<()>,
}

/// The admin proves it is them again, the way they sign in (the password and its second step, a
/// code or a link by email): over the whole window while the console is locked (nothing of the
/// console shows), or in a dialog before a destructive action. Signing out is one click away.
#[function_component]
pub fn LockScreen(props: &LockScreenProps) -> Html {
    use_offered_methods(&props.form.base_url, &props.dispatcher);
    let locked = props.reason.code == ErrorCode::Locked;
    let who = format!(
        "Signed in as {} on {}.",
        props.admin.email, props.admin.profile.settings.name
    );
    let reason = html! {
        <p class="modal__body" data-testid="lock-reason">{ &props.reason.message }</p>
    };
    if locked {
        let header = html! {
            <>
                <div class="brand">
                    <img src="assets/logo.svg" alt="" class="brand__logo" />
                    <div>
                        <h1 class="brand__name">{ "Authdesk is locked" }</h1>
                        <p class="brand__tagline">{ who }</p>
                    </div>
                </div>
                { reason }
            </>
        };
        let footer = html! {
            <button type="button" class="link" data-testid="lock-sign-out"
                onclick={props.on_sign_out.reform(|_: MouseEvent| ())}>
                { "Sign out instead" }
            </button>
        };
        html! {
            // Keys typed here are for this form, not the console's shortcuts behind it.
            <main class="sign-in" data-testid="lock-screen" onkeydown={|event: KeyboardEvent| event.stop_propagation()}>
                <SignInSteps form={props.form.clone()} purpose={SignInPurpose::Unlock}
                    dispatcher={props.dispatcher.clone()} {header} {footer} finish_label="Unlock"
                    on_finished={props.on_unlocked.clone()} />
            </main>
        }
    } else {
        let decline = {
            let dispatcher = props.dispatcher.clone();
            Callback::from(move |()| dispatcher.dispatch(Action::ConfirmationDeclined))
        };
        let header = html! {
            <>
                { reason }
                <p class="modal__body">{ who }</p>
            </>
        };
        let secondary = html! {
            <button type="button" class="button" onclick={decline.reform(|_: MouseEvent| ())}>
                { "Cancel" }
            </button>
        };
        html! {
            <Modal title="Confirm it’s you" test_id="confirm-identity" on_close={decline}>
                <SignInSteps form={props.form.clone()} purpose={SignInPurpose::Unlock}
                    dispatcher={props.dispatcher.clone()} {header} {secondary} finish_label="Confirm"
                    form_class="form" actions_class="modal__actions"
                    on_finished={props.on_unlocked.clone()} />
            </Modal>
        }
    }
}
