use authdesk_protocol::SecondFactorMethod;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::TextField;
use crate::format::local;
use crate::ipc;
use crate::state::{Action, AppState, FormField, SecondStep, SignInForm};

/// The second step of a two-factor sign-in: the code for the way chosen, the other ways the
/// server offers, and "trust this computer".
pub fn second_factor_fields(
    form: &SignInForm,
    second: &SecondStep,
    dispatcher: &UseReducerDispatcher<AppState>,
) -> Html {
    let on_input = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |value: String| {
            dispatcher.dispatch(Action::Edit(FormField::SecondFactorCode, value))
        })
    };
    let (label, hint) = match second.method {
        SecondFactorMethod::Authenticator => (
            "Code from your authenticator app",
            format!("The 6-digit code your app shows for {}.", form.email),
        ),
        SecondFactorMethod::EmailCode => (
            "Code from the email",
            if second.code_sent {
                format!("Sent to {}.", form.email)
            } else {
                format!("Ask for a code: it is emailed to {}.", form.email)
            },
        ),
        SecondFactorMethod::BackupCode => (
            "Backup code",
            "One of the codes saved when two-step verification was turned on. Each works once."
                .to_owned(),
        ),
    };
    let others = second
        .challenge
        .methods
        .iter()
        .copied()
        .filter(|&method| method != second.method)
        .map(|method| {
            let dispatcher = dispatcher.clone();
            html! {
                <button type="button" class="link" data-testid={format!("second-factor-{}", test_name(method))}
                    onclick={move |_| dispatcher.dispatch(Action::ChooseSecondFactor(method))}>
                    { instead(method) }
                </button>
            }
        });
    let send_code = (second.method == SecondFactorMethod::EmailCode).then(|| {
        let dispatcher = dispatcher.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let dispatcher = dispatcher.clone();
            dispatcher.dispatch(Action::SignInStarted);
            spawn_local(async move {
                dispatcher.dispatch(match ipc::send_second_factor_code().await {
                    Ok(()) => Action::SecondFactorCodeSent,
                    Err(error) => Action::SignInFailed(error),
                });
            });
        });
        html! {
            <button type="button" class="button" data-testid="send-second-factor-code"
                disabled={form.submitting} {onclick}>
                { if second.code_sent { "Send another code" } else { "Email me a code" } }
            </button>
        }
    });
    let trust = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |event: Event| {
            let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
            dispatcher.dispatch(Action::TrustDevice(checked))
        })
    };
    let back = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::BackToPassword))
    };
    html! {
        <div class="form" data-testid="second-factor">
            <h2 class="step__title">{ "Two-step verification" }</h2>
            { for send_code }
            <TextField id="second-factor-code" {label} autocomplete="one-time-code" autofocus=true
                value={second.code.clone()} error={form.error_at(FormField::SecondFactorCode).cloned()}
                hint={AttrValue::from(hint)} {on_input} />
            <div class="step__others">{ for others }</div>
            <label class="check">
                <input type="checkbox" data-testid="trust-computer" checked={second.trust_device} onchange={trust} />
                { "Trust this computer: skip this step here for 30 days" }
            </label>
            <p class="field__hint">
                { format!("This step expires at {}. ", local(second.challenge.expires_at)) }
                <button type="button" class="link" data-testid="second-factor-back" onclick={back}>
                    { "Start over" }
                </button>
            </p>
        </div>
    }
}

fn instead(method: SecondFactorMethod) -> &'static str {
    match method {
        SecondFactorMethod::Authenticator => "Use your authenticator app instead",
        SecondFactorMethod::EmailCode => "Get a code by email instead",
        SecondFactorMethod::BackupCode => "Use a backup code instead",
    }
}

fn test_name(method: SecondFactorMethod) -> &'static str {
    match method {
        SecondFactorMethod::Authenticator => "authenticator",
        SecondFactorMethod::EmailCode => "email-code",
        SecondFactorMethod::BackupCode => "backup-code",
    }
}
