use authdesk_protocol::{
    AdminIdentity, ApiError, CodeSignIn, LinkSignIn, MailRequest, OneTimeCode, Password,
    SecondFactorProof, SignInLink, SignInMethod, SignInPurpose, SignInRequest, SignInStep,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::TextField;
use super::second_factor::second_factor_fields;
use super::sign_on::sign_on_buttons;
use crate::format::local;
use crate::ipc;
use crate::state::{Action, AppState, FormField, SignInForm, ends_session};

#[derive(Properties, PartialEq)]
pub struct SignInStepsProps {
    pub form: SignInForm,
    pub purpose: SignInPurpose,
    pub dispatcher: UseReducerDispatcher<AppState>,
    /// Above the fields: the brand, or who is asked to prove it again.
    #[prop_or_default]
    pub header: Html,
    /// Before the email: the sign-in page's server fields.
    #[prop_or_default]
    pub server_fields: Html,
    /// The last step's button: "Sign in", "Unlock", "Confirm".
    pub finish_label: AttrValue,
    #[prop_or("card sign-in__card".into())]
    pub form_class: AttrValue,
    #[prop_or_default]
    pub actions_class: AttrValue,
    /// Beside the button (a dialog's Cancel).
    #[prop_or_default]
    pub secondary: Html,
    /// Under the button.
    #[prop_or_default]
    pub footer: Html,
    /// After a sign-in or proof went through.
    #[prop_or_default]
    pub on_finished: Callback<()>,
}

/// Every way of signing in the server offers, and the second step after a password, as one form:
/// the sign-in page's and the lock screen's. A failure keeps everything typed.
#[function_component]
pub fn SignInSteps(props: &SignInStepsProps) -> Html {
    let form = &props.form;
    let dispatcher = &props.dispatcher;
    let edit = |field: FormField| {
        let dispatcher = dispatcher.clone();
        Callback::from(move |value: String| dispatcher.dispatch(Action::Edit(field, value)))
    };
    let onsubmit = {
        let (form, purpose, dispatcher) = (form.clone(), props.purpose, dispatcher.clone());
        let on_finished = props.on_finished.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if !form.submitting {
                submit(&form, purpose, &dispatcher, on_finished.clone());
            }
        })
    };
    let have_one = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::MailSent))
    };
    let unlocking = props.purpose == SignInPurpose::Unlock;
    let fields = if let Some(second) = &form.second {
        second_factor_fields(form, second, dispatcher)
    } else {
        let email = (!unlocking).then(|| {
            html! {
                <TextField id="sign-in-email" label="Email" kind="email" autocomplete="username"
                    value={form.email.clone()} error={form.error_at(FormField::Email).cloned()}
                    on_input={edit(FormField::Email)} />
            }
        });
        let way = match form.method {
            SignInMethod::Password => html! {
                <>
                    <TextField id="sign-in-password" label="Password" kind="password"
                        autocomplete="current-password" autofocus={unlocking}
                        value={form.password.clone()} error={form.error_at(FormField::Password).cloned()}
                        on_input={edit(FormField::Password)} />
                    if let Some(until) = form.trusted_until {
                        <p class="field__hint" data-testid="trusted-computer">
                            { format!("This computer skips two-step verification until {}. ", local(until)) }
                            <button type="button" class="link" data-testid="forget-computer"
                                onclick={forget_computer(form, dispatcher)}>
                                { "Forget this computer" }
                            </button>
                        </p>
                    }
                </>
            },
            SignInMethod::EmailCode if form.mail_sent => html! {
                <>
                    <TextField id="sign-in-code" label="Code from the email" autocomplete="one-time-code"
                        autofocus=true value={form.code.clone()} error={form.error_at(FormField::Code).cloned()}
                        hint={AttrValue::from(format!("Sent to {}. It is valid for 5 minutes.", form.email))}
                        on_input={edit(FormField::Code)} />
                    <button type="button" class="link" onclick={resend(form, props.purpose, dispatcher)}>
                        { "Send a new code" }
                    </button>
                </>
            },
            SignInMethod::MagicLink if form.mail_sent => html! {
                <>
                    <TextField id="sign-in-link" label="Link from the email" kind="url" autofocus=true
                        value={form.link.clone()} error={form.error_at(FormField::Link).cloned()}
                        hint={AttrValue::from("Copy the link from the email and paste it here. Opened in a browser, it would sign in the browser instead.")}
                        on_input={edit(FormField::Link)} />
                    <button type="button" class="link" onclick={resend(form, props.purpose, dispatcher)}>
                        { "Send a new link" }
                    </button>
                </>
            },
            SignInMethod::EmailCode => html! {
                <p class="field__hint">{ mail_note(form, unlocking, "a sign-in code") }</p>
            },
            SignInMethod::MagicLink => html! {
                <p class="field__hint">
                    { mail_note(form, unlocking, "a sign-in link") }
                    <button type="button" class="link" data-testid="have-link" onclick={have_one}>
                        { "I have a link already" }
                    </button>
                </p>
            },
        };
        html! {
            <>
                { for email }
                { way }
            </>
        }
    };
    let sign_on = if form.second.is_none() && !form.providers.is_empty() {
        sign_on_buttons(form, props.purpose, dispatcher, &props.on_finished)
    } else {
        Html::default()
    };
    let label = submit_label(form, &props.finish_label);
    html! {
        <form class={props.form_class.clone()} {onsubmit} novalidate=true data-testid="sign-in-form">
            { props.header.clone() }
            if let Some(error) = form.form_error() {
                <div class="alert alert--error" role="alert" data-testid="sign-in-error">
                    { &error.message }
                </div>
            }
            if form.second.is_none() {
                { props.server_fields.clone() }
            }
            { fields }
            <div class={props.actions_class.clone()}>
                { props.secondary.clone() }
                <button class="button button--primary" type="submit" data-testid="sign-in-submit"
                    disabled={form.submitting}>
                    { label }
                </button>
            </div>
            { other_ways(form, dispatcher) }
            { sign_on }
            { props.footer.clone() }
        </form>
    }
}

/// The other ways the server offers, under the button: learning them after the URL is typed
/// moves nothing the admin is typing into.
fn other_ways(form: &SignInForm, dispatcher: &UseReducerDispatcher<AppState>) -> Html {
    let others = form
        .methods
        .iter()
        .copied()
        .filter(|&method| method != form.method);
    if form.second.is_some() || form.methods.len() < 2 {
        return Html::default();
    }
    html! {
        <p class="other-ways" data-testid="other-ways">
            { "Or sign in with " }
            { for others.enumerate().map(|(index, method)| {
                let dispatcher = dispatcher.clone();
                html! {
                    <>
                        if index > 0 { { " or " } }
                        <button type="button" class="link"
                            data-testid={format!("method-{}", method_test_name(method))}
                            onclick={move |_| dispatcher.dispatch(Action::ChooseMethod(method))}>
                            { way_name(method) }
                        </button>
                    </>
                }
            }) }
        </p>
    }
}

fn way_name(method: SignInMethod) -> &'static str {
    match method {
        SignInMethod::Password => "your password",
        SignInMethod::EmailCode => "a code by email",
        SignInMethod::MagicLink => "a magic link",
    }
}

pub(super) fn method_test_name(method: SignInMethod) -> &'static str {
    match method {
        SignInMethod::Password => "password",
        SignInMethod::EmailCode => "email-code",
        SignInMethod::MagicLink => "magic-link",
    }
}

fn mail_note(form: &SignInForm, unlocking: bool, what: &str) -> String {
    let to = if unlocking || !form.email.is_empty() {
        form.email.as_str()
    } else {
        "your address"
    };
    format!("Authdesk asks the server to email {what} to {to}. ")
}

fn submit_label(form: &SignInForm, finish: &str) -> String {
    let waiting = match (&form.second, form.method, form.mail_sent) {
        (Some(_), ..) => ("Verify", "Checking…"),
        (None, SignInMethod::EmailCode, false) => ("Email me a code", "Sending…"),
        (None, SignInMethod::MagicLink, false) => ("Email me a link", "Sending…"),
        _ => (finish, "Signing in…"),
    };
    let (idle, busy) = waiting;
    if form.submitting { busy } else { idle }.to_owned()
}

/// The next step for what the form holds.
fn submit(
    form: &SignInForm,
    purpose: SignInPurpose,
    dispatcher: &UseReducerDispatcher<AppState>,
    on_finished: Callback<()>,
) {
    dispatcher.dispatch(Action::SignInStarted);
    let dispatcher = dispatcher.clone();
    let (base_url, email) = (form.base_url.clone(), form.email.clone());
    let mail = MailRequest {
        base_url: base_url.clone(),
        email: email.clone(),
        purpose,
    };
    let form = form.clone();
    spawn_local(async move {
        let done = |result: Result<AdminIdentity, ApiError>| finished(result, purpose);
        let action = if let Some(second) = &form.second {
            let proof = SecondFactorProof {
                method: second.method,
                code: OneTimeCode::new(second.code.clone()),
                trust_device: second.trust_device,
            };
            done(ipc::verify_second_factor(proof).await)
        } else {
            match (form.method, form.mail_sent) {
                (SignInMethod::Password, _) => {
                    let request = SignInRequest {
                        base_url,
                        email,
                        password: Password::new(form.password.clone()),
                        purpose,
                    };
                    match ipc::sign_in(request).await {
                        Ok(SignInStep::SignedIn(admin)) => done(Ok(*admin)),
                        Ok(SignInStep::SecondFactor(challenge)) => {
                            Action::SecondFactorAsked(challenge)
                        }
                        Err(error) => done(Err(error)),
                    }
                }
                (SignInMethod::EmailCode, false) => {
                    sent(ipc::send_sign_in_code(mail).await, purpose)
                }
                (SignInMethod::MagicLink, false) => sent(ipc::send_magic_link(mail).await, purpose),
                (SignInMethod::EmailCode, true) => {
                    let code = OneTimeCode::new(form.code.clone());
                    done(
                        ipc::sign_in_with_code(CodeSignIn {
                            base_url,
                            email,
                            code,
                            purpose,
                        })
                        .await,
                    )
                }
                (SignInMethod::MagicLink, true) => {
                    let link = SignInLink::new(form.link.clone());
                    done(
                        ipc::sign_in_with_link(LinkSignIn {
                            base_url,
                            link,
                            purpose,
                        })
                        .await,
                    )
                }
            }
        };
        let finished = matches!(action, Action::SignedIn(_) | Action::Unlocked(_));
        dispatcher.dispatch(action);
        if finished {
            on_finished.emit(());
        }
    });
}

pub(super) fn finished(result: Result<AdminIdentity, ApiError>, purpose: SignInPurpose) -> Action {
    match (result, purpose) {
        (Ok(admin), SignInPurpose::NewSession) => Action::SignedIn(admin),
        (Ok(admin), SignInPurpose::Unlock) => Action::Unlocked(admin),
        // At the lock screen, a session the server ended means signing in from the start.
        (Err(error), SignInPurpose::Unlock) if ends_session(&error) => Action::SessionEnded(error),
        (Err(error), _) => Action::SignInFailed(error),
    }
}

fn sent(result: Result<(), ApiError>, purpose: SignInPurpose) -> Action {
    match result {
        Ok(()) => Action::MailSent,
        Err(error) => finished(Err(error), purpose),
    }
}

/// Emails a new code or link, keeping the field open.
fn resend(
    form: &SignInForm,
    purpose: SignInPurpose,
    dispatcher: &UseReducerDispatcher<AppState>,
) -> Callback<MouseEvent> {
    let (form, dispatcher) = (form.clone(), dispatcher.clone());
    Callback::from(move |_: MouseEvent| {
        let resent = SignInForm {
            mail_sent: false,
            ..form.clone()
        };
        submit(&resent, purpose, &dispatcher, Callback::noop());
    })
}

fn forget_computer(
    form: &SignInForm,
    dispatcher: &UseReducerDispatcher<AppState>,
) -> Callback<MouseEvent> {
    let (base_url, dispatcher) = (form.base_url.clone(), dispatcher.clone());
    Callback::from(move |_: MouseEvent| {
        let (base_url, dispatcher) = (base_url.clone(), dispatcher.clone());
        spawn_local(async move {
            dispatcher.dispatch(match ipc::forget_this_computer(&base_url).await {
                Ok(()) => Action::TrustForgotten,
                Err(error) => Action::SignInFailed(error),
            });
        });
    })
}
