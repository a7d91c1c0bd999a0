use authdesk_protocol::{ApiError, Profile, SignInPurpose};
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{ProfileDialog, SignInSteps, TextField};
use crate::ipc;
use crate::shell::{FormError, run};
use crate::state::forms::FormKind;
use crate::state::{Action, AppState, FormField, SignInForm};

#[derive(Properties, PartialEq)]
pub struct SignInPageProps {
    pub form: SignInForm,
    pub dispatcher: UseReducerDispatcher<AppState>,
    /// The deployment just left, whose session the keyring kept.
    pub switched_from: Option<Profile>,
}

#[function_component]
pub fn SignInPage(props: &SignInPageProps) -> Html {
    let form = &props.form;
    let profiles = use_state(Vec::<Profile>::new);
    // The profile dialog: closed, open for a new profile (`Some(None)`) or for one to change.
    let dialog = use_state(|| None::<Option<Profile>>);
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
    {
        // Each time the form shows (at start, after a sign-out): the last server and email, and
        // whether this computer is trusted for them now.
        let dispatcher = props.dispatcher.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                if let Ok(defaults) = ipc::sign_in_defaults().await {
                    dispatcher.dispatch(Action::DefaultsLoaded(defaults));
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
        let (dispatcher, dialog, reload_profiles) = (
            props.dispatcher.clone(),
            dialog.clone(),
            reload_profiles.clone(),
        );
        Callback::from(move |profile: Profile| {
            dispatcher.dispatch(Action::Edit(FormField::BaseUrl, profile.settings.base_url));
            dialog.set(None);
            reload_profiles.set(*reload_profiles + 1);
        })
    };
    let picked = profiles
        .iter()
        .find(|profile| profile.settings.base_url == form.base_url)
        .cloned();
    let profile_error = use_state(|| None::<ApiError>);
    // The organisation's deployments stay: only the admin's own can be forgotten.
    let forget = picked
        .clone()
        .filter(|profile| profile.locked.is_empty())
        .map(|profile| {
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
    use_offered_methods(&form.base_url, &props.dispatcher);
    let way_back = props.switched_from.clone().map(|from| {
        let dispatcher = props.dispatcher.clone();
        let back = Callback::from(move |_: MouseEvent| {
            let (dispatcher, id) = (dispatcher.clone(), from.id.clone());
            spawn_local(async move {
                match ipc::switch_profile(id).await {
                    Ok(restored) => dispatcher.dispatch(Action::Switched(Box::new(restored), None)),
                    Err(error) => dispatcher.dispatch(Action::SignInFailed(error)),
                }
            });
        });
        html! {
            <div class="alert alert--info" role="status" data-testid="switched-from">
                { format!("You are still signed in to {}. ", from.settings.name) }
                <button type="button" class="link" data-testid="switch-back" onclick={back}>
                    { format!("Back to {}", from.settings.name) }
                </button>
            </div>
        }
    });
    let header = html! {
        <>
            <div class="brand">
                <img src="assets/logo.svg" alt="" class="brand__logo" />
                <div>
                    <h1 class="brand__name">{ "Authdesk" }</h1>
                    <p class="brand__tagline">{ "Admin console for Neon Auth and Better Auth" }</p>
                </div>
            </div>
            { for way_back }
        </>
    };
    let server_fields = html! {
        <>
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
                    if picked.is_some() {
                        <div class="field__actions">
                            if picked.as_ref().is_some_and(|profile| !profile.locked.is_empty()) {
                                <span class="field__hint" data-testid="profile-managed">{ "Set up by your organisation" }</span>
                            }
                            <button type="button" class="link" data-testid="edit-profile"
                                onclick={let (dialog, picked) = (dialog.clone(), picked.clone()); move |_| dialog.set(Some(picked.clone()))}>
                                { "Edit this deployment…" }
                            </button>
                            if let Some(forget) = forget {
                                <button type="button" class="link" data-testid="forget-profile" onclick={forget}>
                                    { "Forget this deployment" }
                                </button>
                            }
                        </div>
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
        </>
    };
    let footer = html! {
        <>
            <button type="button" class="link" data-testid="add-profile"
                onclick={let dialog = dialog.clone(); move |_| dialog.set(Some(None))}>
                { "Add a deployment profile…" }
            </button>
            <p class="sign-in__note">
                { "Cookies and session tokens stay in Authdesk's backend; this window never sees them." }
            </p>
        </>
    };

    html! {
        <main class="sign-in">
            <SignInSteps form={form.clone()} purpose={SignInPurpose::NewSession}
                dispatcher={props.dispatcher.clone()} {header} {server_fields} {footer}
                finish_label="Sign in" />
            if let Some(editing) = (*dialog).clone() {
                <ProfileDialog {editing} on_saved={on_profile_saved} on_close={let dialog = dialog.clone(); move |()| dialog.set(None)} />
            }
        </main>
    }
}

/// Asks what the server in the form offers, once the URL has stopped changing for a moment.
#[hook]
pub fn use_offered_methods(base_url: &str, dispatcher: &UseReducerDispatcher<AppState>) {
    let asked = use_mut_ref(|| 0_u32);
    let dispatcher = dispatcher.clone();
    use_effect_with(base_url.to_owned(), move |base_url| {
        *asked.borrow_mut() += 1;
        let this_time = *asked.borrow();
        let base_url = base_url.clone();
        if !base_url.trim().is_empty() {
            spawn_local(async move {
                yew::platform::time::sleep(std::time::Duration::from_millis(400)).await;
                if *asked.borrow() != this_time {
                    return;
                }
                if let Ok(options) = ipc::sign_in_options(&base_url).await {
                    dispatcher.dispatch(Action::OptionsFound(base_url, options));
                }
            });
        }
    });
}
