use authdesk_protocol::{ApiError, Password, Profile, SignInRequest};
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{ProfileDialog, TextField};
use crate::ipc;
use crate::shell::{FormError, run};
use crate::state::forms::FormKind;
use crate::state::{Action, AppState, FormField, SignInForm};

#[derive(Properties, PartialEq)]
pub struct SignInPageProps {
    pub form: SignInForm,
    pub dispatcher: UseReducerDispatcher<AppState>,
}

#[function_component]
pub fn SignInPage(props: &SignInPageProps) -> Html {
    let form = &props.form;
    let profiles = use_state(Vec::<Profile>::new);
    let adding = use_state(|| false);
    let reload_profiles = use_state(|| 0_u32);
    {
        let profiles = profiles.clone();
        use_effect_with(*reload_profiles, move |_| {
            spawn_local(async move {
                if let Ok(list) = ipc::list_profiles().await {
                    profiles.set(list);
                }
            });
        });
    }
    let pick = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |event: Event| {
            let url = event.target_unchecked_into::<HtmlSelectElement>().value();
            dispatcher.dispatch(Action::Edit(FormField::BaseUrl, url));
        })
    };
    let on_profile_saved = {
        let (dispatcher, adding, reload_profiles) = (
            props.dispatcher.clone(),
            adding.clone(),
            reload_profiles.clone(),
        );
        Callback::from(move |profile: Profile| {
            dispatcher.dispatch(Action::Edit(FormField::BaseUrl, profile.settings.base_url));
            adding.set(false);
            reload_profiles.set(*reload_profiles + 1);
        })
    };
    let picked = profiles
        .iter()
        .find(|profile| profile.settings.base_url == form.base_url)
        .cloned();
    let profile_error = use_state(|| None::<ApiError>);
    let forget = picked.clone().map(|profile| {
        let form = FormError {
            slot: profile_error.clone(),
            kind: FormKind::FieldsAndAlert,
        };
        let (dispatcher, reload_profiles) = (props.dispatcher.clone(), reload_profiles.clone());
        Callback::from(move |_: MouseEvent| {
            let (dispatcher, reload_profiles) = (dispatcher.clone(), reload_profiles.clone());
            run(
                None,
                Some(&form),
                ipc::remove_profile(profile.id.clone()),
                move |()| {
                    dispatcher.dispatch(Action::Edit(FormField::BaseUrl, String::new()));
                    reload_profiles.set(*reload_profiles + 1);
                },
            );
        })
    });
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
                if !profiles.is_empty() {
                    <div class="field">
                        <label for="sign-in-profile">{ "Deployment" }</label>
                        <select id="sign-in-profile" data-testid="sign-in-profile" onchange={pick}>
                            { for profiles.iter().map(|profile| html! {
                                <option value={profile.settings.base_url.clone()}
                                    selected={profile.settings.base_url == form.base_url}>
                                    { format!("{} — {}", profile.settings.name, profile.settings.base_url) }
                                </option>
                            }) }
                            <option value="" selected={picked.is_none()}>{ "Another server…" }</option>
                        </select>
                        if let Some(forget) = forget {
                            <button type="button" class="link link--aside" data-testid="forget-profile" onclick={forget}>
                                { "Forget this deployment" }
                            </button>
                        }
                        if let Some(problem) = (*profile_error).clone() {
                            <p class="field__error" data-testid="forget-profile-error">{ problem.message }</p>
                        }
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
                <button type="button" class="link" data-testid="add-profile"
                    onclick={let adding = adding.clone(); move |_| adding.set(true)}>
                    { "Add a deployment profile…" }
                </button>
                <p class="sign-in__note">
                    { "Cookies and session tokens stay in Authdesk's backend; this window never sees them." }
                </p>
            </form>
            if *adding {
                <ProfileDialog on_saved={on_profile_saved} on_close={let adding = adding.clone(); move |()| adding.set(false)} />
            }
        </main>
    }
}
