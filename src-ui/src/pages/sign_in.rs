use authdesk_protocol::{Password, SignInRequest};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::TextField;
use crate::ipc;
use crate::state::{Action, AppState, FormField, SignInForm};

#[derive(Properties, PartialEq)]
pub struct SignInPageProps {
    pub form: SignInForm,
    pub dispatcher: UseReducerDispatcher<AppState>,
}

#[function_component]
pub fn SignInPage(props: &SignInPageProps) -> Html {
    let form = &props.form;
    let edit = |field: FormField| {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |value: String| dispatcher.dispatch(Action::Edit(field, value)))
    };
    let onsubmit = {
        let dispatcher = props.dispatcher.clone();
        let form = form.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if form.submitting {
                return;
            }
            dispatcher.dispatch(Action::SignInStarted);
            let request = SignInRequest {
                base_url: form.base_url.clone(),
                email: form.email.clone(),
                password: Password::new(form.password.clone()),
            };
            let dispatcher = dispatcher.clone();
            spawn_local(async move {
                dispatcher.dispatch(match ipc::sign_in(request).await {
                    Ok(admin) => Action::SignedIn(admin),
                    Err(error) => Action::SignInFailed(error),
                });
            });
        })
    };

    html! {
        <main class="sign-in">
            <form class="card sign-in__card" {onsubmit} novalidate=true data-testid="sign-in-form">
                <div class="brand">
                    <img src="assets/logo.svg" alt="" class="brand__logo" />
                    <div>
                        <h1 class="brand__name">{ "Authdesk" }</h1>
                        <p class="brand__tagline">{ "Admin console for Neon Auth and Better Auth" }</p>
                    </div>
                </div>
                if let Some(error) = form.form_error() {
                    <div class="alert alert--error" role="alert" data-testid="sign-in-error">
                        { &error.message }
                    </div>
                }
                <TextField
                    id="sign-in-base-url"
                    label="Auth server URL"
                    kind="url"
                    value={form.base_url.clone()}
                    placeholder="https://auth.example.com/api/auth"
                    hint={AttrValue::from("The Better Auth base path, or your Neon Auth URL.")}
                    error={form.error_at(FormField::BaseUrl).cloned()}
                    on_input={edit(FormField::BaseUrl)}
                />
                <TextField
                    id="sign-in-email"
                    label="Email"
                    kind="email"
                    autocomplete="username"
                    value={form.email.clone()}
                    error={form.error_at(FormField::Email).cloned()}
                    on_input={edit(FormField::Email)}
                />
                <TextField
                    id="sign-in-password"
                    label="Password"
                    kind="password"
                    autocomplete="current-password"
                    value={form.password.clone()}
                    error={form.error_at(FormField::Password).cloned()}
                    on_input={edit(FormField::Password)}
                />
                <button class="button button--primary" type="submit" data-testid="sign-in-submit"
                    disabled={form.submitting}>
                    { if form.submitting { "Signing in…" } else { "Sign in" } }
                </button>
                <p class="sign-in__note">
                    { "Cookies and session tokens stay in Authdesk's backend; this window never sees them." }
                </p>
            </form>
        </main>
    }
}
