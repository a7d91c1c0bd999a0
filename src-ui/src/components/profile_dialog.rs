use authdesk_protocol::lock::DEFAULT_IDLE_LOCK_MINUTES;
use authdesk_protocol::{
    ApiError, EnvironmentColour, Field, Profile, ProfileField, ProfileSettings, SignInMethod,
};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::sign_in_steps::method_test_name;
use super::{Modal, TextField, field_shell};
use crate::format::colour_name;
use crate::hooks::{change, use_draft};
use crate::ipc;
use crate::shell::{FormError, Shell, run};
use crate::state::forms::{self, FormKind};

/// What a field the organisation's fleet file sets says instead of its hint.
const LOCKED_HINT: &str = "Set by your organisation for this computer.";

const COLOURS: [(EnvironmentColour, &str); 5] = [
    (EnvironmentColour::Red, "Red (production)"),
    (EnvironmentColour::Amber, "Amber (staging)"),
    (EnvironmentColour::Green, "Green (development)"),
    (EnvironmentColour::Blue, "Blue"),
    (EnvironmentColour::Grey, "Grey"),
];

#[derive(Properties, PartialEq)]
pub struct ProfileDialogProps {
    /// The profile to change; none for a new one.
    #[prop_or_default]
    pub editing: Option<Profile>,
    pub on_saved: Callback<Profile>,
    pub on_close: Callback<()>,
}

/// A deployment profile, new or changed: name, auth URL, colour, idle lock, and the rarely
/// needed sign-in methods (for a server that does not say), Origin, proxy and CA.
#[function_component]
pub fn ProfileDialog(props: &ProfileDialogProps) -> Html {
    // Opened from the sign-in form too, where no one is signed in yet.
    let shell = use_context::<Shell>();
    let editing = props.editing.clone();
    let id = editing.as_ref().map(|profile| profile.id.clone());
    let locked: Vec<ProfileField> = (editing.as_ref())
        .map(|profile| profile.locked.clone())
        .unwrap_or_default();
    let is_locked = |field: ProfileField| locked.contains(&field);
    // A field the organisation sets says so where the hint would be.
    let hint_for = |field: ProfileField, hint: &str| {
        AttrValue::from(if is_locked(field) { LOCKED_HINT } else { hint }.to_owned())
    };
    let start = editing.map(|profile| profile.settings).unwrap_or_default();
    let settings = use_draft({
        let start = start.clone();
        move || start
    });
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let error_at = |field| forms::error_at(&error, field);
    let edit = |apply: fn(&mut ProfileSettings, String)| crate::hooks::edit(&settings, apply);
    let on_colour = {
        let settings = settings.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            change(&settings, move |next| {
                next.colour = COLOURS
                    .iter()
                    .find(|(colour, _)| colour_name(*colour) == value)
                    .map_or(next.colour, |c| c.0);
            });
        })
    };
    let on_ca = {
        let settings = settings.clone();
        Callback::from(move |event: InputEvent| {
            let pem = event.target_unchecked_into::<HtmlTextAreaElement>().value();
            change(&settings, move |next| next.ca_certificate_pem = Some(pem));
        })
    };
    let on_method = |method: SignInMethod| {
        let settings = settings.clone();
        Callback::from(move |event: Event| {
            let ticked = event.target_unchecked_into::<HtmlInputElement>().checked();
            change(&settings, move |next| {
                let mut chosen = next.sign_in_methods.take().unwrap_or_default();
                chosen.retain(|other| *other != method);
                if ticked {
                    chosen.push(method);
                }
                next.sign_in_methods = (!chosen.is_empty()).then_some(chosen);
            });
        })
    };
    let chosen = settings.sign_in_methods.clone().unwrap_or_default();
    let providers_text = use_state(|| start.sign_on_providers.join(", "));
    let on_providers = {
        let providers_text = providers_text.clone();
        Callback::from(move |value: String| providers_text.set(value))
    };
    // Kept as typed, so "15m" can be corrected rather than lost.
    let idle_text = use_state(|| {
        start
            .idle_lock_minutes
            .map(|minutes| minutes.to_string())
            .unwrap_or_default()
    });
    let on_idle = {
        let idle_text = idle_text.clone();
        Callback::from(move |value: String| idle_text.set(value))
    };
    let on_save = {
        let (settings, busy, idle_text) = (settings.clone(), busy.clone(), idle_text.clone());
        let providers_text = providers_text.clone();
        let form = FormError {
            slot: error.clone(),
            kind: FormKind::FieldsAndAlert,
        };
        let on_saved = props.on_saved.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let mut draft = (**settings).clone();
            draft.sign_on_providers = forms::parse_list(&providers_text);
            match forms::parse_idle_minutes(&idle_text) {
                Ok(minutes) => draft.idle_lock_minutes = minutes,
                Err(problem) => return form.slot.set(Some(problem)),
            }
            busy.set(true);
            let busy = busy.clone();
            let saving = ipc::save_profile(id.clone(), draft);
            let call = async move {
                let saved = saving.await;
                busy.set(false);
                saved
            };
            let on_saved = on_saved.clone();
            run(shell.as_ref(), Some(&form), call, move |profile| {
                on_saved.emit(profile)
            });
        })
    };
    let general = forms::general_error(&error);
    html! {
        <Modal title={if props.editing.is_some() { "Edit profile" } else { "New profile" }}
            test_id="profile-dialog" on_close={props.on_close.clone()}>
            <form class="form" onsubmit={on_save} novalidate=true>
                if let Some(general) = general {
                    <div class="alert alert--error" role="alert">{ general.message }</div>
                }
                <TextField id="profile-name" label="Name" value={settings.name.clone()} autofocus=true
                    placeholder="Production" error={error_at(Field::Name)} on_input={edit(|s, v| s.name = v)}
                    disabled={is_locked(ProfileField::Name)}
                    hint={is_locked(ProfileField::Name).then(|| AttrValue::from(LOCKED_HINT))} />
                <TextField id="profile-base-url" label="Auth server URL" kind="url" value={settings.base_url.clone()}
                    placeholder="https://auth.example.com/api/auth" error={error_at(Field::BaseUrl)}
                    on_input={edit(|s, v| s.base_url = v)} disabled={is_locked(ProfileField::BaseUrl)}
                    hint={is_locked(ProfileField::BaseUrl).then(|| AttrValue::from(LOCKED_HINT))} />
                <div class="field">
                    <label for="profile-colour">{ "Colour" }</label>
                    <select id="profile-colour" data-testid="profile-colour" onchange={on_colour}
                        disabled={is_locked(ProfileField::Colour)}>
                        { for COLOURS.iter().map(|(colour, label)| html! {
                            <option value={colour_name(*colour)} selected={settings.colour == *colour}>{ *label }</option>
                        }) }
                    </select>
                    if is_locked(ProfileField::Colour) {
                        <p class="field__hint">{ LOCKED_HINT }</p>
                    }
                </div>
                <TextField id="profile-idle-lock" label="Lock after (minutes without use)" kind="text"
                    value={(*idle_text).clone()} placeholder={DEFAULT_IDLE_LOCK_MINUTES.to_string()}
                    hint={hint_for(ProfileField::IdleLockMinutes, &format!("Authdesk then asks you to sign in again. Empty: {DEFAULT_IDLE_LOCK_MINUTES} minutes."))}
                    error={error_at(Field::IdleLock)} on_input={on_idle} disabled={is_locked(ProfileField::IdleLockMinutes)} />
                <details class="advanced">
                    <summary>{ "Advanced" }</summary>
                    <fieldset class="field choices" data-testid="profile-sign-in-methods">
                        <legend>{ "Sign-in methods" }</legend>
                        { for SignInMethod::ALL.iter().map(|&method| html! {
                            <label class="check">
                                <input type="checkbox" checked={chosen.contains(&method)} onchange={on_method(method)}
                                    disabled={is_locked(ProfileField::SignInMethods)}
                                    data-testid={format!("profile-method-{}", method_test_name(method))} />
                                { method.label() }
                            </label>
                        }) }
                        <p class="field__hint">{ hint_for(ProfileField::SignInMethods, "None ticked: Authdesk asks the server (its Open API schema), or offers the password.").to_string() }</p>
                    </fieldset>
                    <TextField id="profile-sign-on" label="Single sign-on providers" value={(*providers_text).clone()}
                        placeholder="github, my-company-sso" error={error_at(Field::Provider)}
                        hint={hint_for(ProfileField::SignOnProviders, "The server's provider ids, separated by commas. Google refuses sign-in inside apps.")}
                        on_input={on_providers} disabled={is_locked(ProfileField::SignOnProviders)} />
                    <TextField id="profile-origin" label="Origin override" value={settings.origin_override.clone().unwrap_or_default()}
                        placeholder="https://admin.example.com" hint={hint_for(ProfileField::OriginOverride, "Only when the server trusts another origin than its own.")}
                        error={error_at(Field::OriginOverride)} on_input={edit(|s, v| s.origin_override = Some(v))}
                        disabled={is_locked(ProfileField::OriginOverride)} />
                    <TextField id="profile-proxy" label="HTTPS proxy" value={settings.proxy.clone().unwrap_or_default()}
                        placeholder="http://proxy.example.com:3128"
                        hint={hint_for(ProfileField::Proxy, "For https servers behind a corporate proxy. Proxy settings of the system are not used.")}
                        error={error_at(Field::Proxy)} on_input={edit(|s, v| s.proxy = Some(v))}
                        disabled={is_locked(ProfileField::Proxy)} />
                    { field_shell("profile-ca", "Private CA certificate (PEM)", error_at(Field::CaCertificatePem),
                        is_locked(ProfileField::CaCertificatePem).then_some(LOCKED_HINT), html! {
                        <textarea id="profile-ca" data-testid="profile-ca" rows="4" spellcheck="false"
                            disabled={is_locked(ProfileField::CaCertificatePem)}
                            value={settings.ca_certificate_pem.clone().unwrap_or_default()} oninput={on_ca}
                            placeholder="-----BEGIN CERTIFICATE-----" />
                    }) }
                </details>
                <div class="modal__actions">
                    <button type="button" class="button" onclick={props.on_close.reform(|_| ())}>{ "Cancel" }</button>
                    <button type="submit" class="button button--primary" disabled={*busy} data-testid="profile-save">
                        { "Save profile" }
                    </button>
                </div>
            </form>
        </Modal>
    }
}
