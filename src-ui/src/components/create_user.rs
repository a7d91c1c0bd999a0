use authdesk_protocol::{ApiError, Field, NewUser, Password, UserSummary};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{Modal, TextField, field_shell};
use crate::hooks::{change, use_draft};
use crate::ipc;
use crate::shell::{FormError, run, use_shell};
use crate::state::forms::{self, FormKind};

#[derive(Clone, Default, PartialEq)]
struct Draft {
    email: String,
    name: String,
    password: String,
    roles: String,
    verified: bool,
    data: String,
}

#[derive(Properties, PartialEq)]
pub struct CreateUserDialogProps {
    pub on_created: Callback<UserSummary>,
    pub on_close: Callback<()>,
}

/// Checked before sending; a refusal is shown at its field and everything typed stays.
#[function_component]
pub fn CreateUserDialog(props: &CreateUserDialogProps) -> Html {
    let shell = use_shell();
    let draft = use_draft(|| Draft {
        roles: "user".into(),
        ..Draft::default()
    });
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let error_at = |field| forms::error_at(&error, field);
    let edit = |apply: fn(&mut Draft, String)| crate::hooks::edit(&draft, apply);
    let on_verified = {
        let draft = draft.clone();
        Callback::from(move |event: Event| {
            let verified = event.target_unchecked_into::<HtmlInputElement>().checked();
            change(&draft, move |next| next.verified = verified);
        })
    };
    let on_data = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            let data = event.target_unchecked_into::<HtmlTextAreaElement>().value();
            change(&draft, move |next| next.data = data);
        })
    };
    let on_submit = {
        let (draft, busy) = (draft.clone(), busy.clone());
        let form = FormError {
            slot: error.clone(),
            kind: FormKind::FieldsAndAlert,
        };
        let (on_created, shell) = (props.on_created.clone(), shell.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let user = match checked(&draft) {
                Ok(user) => user,
                Err(problem) => return form.slot.set(Some(problem)),
            };
            busy.set(true);
            let (done_shell, on_created) = (shell.clone(), on_created.clone());
            let busy = busy.clone();
            let call = async move {
                let created = ipc::create_user(user).await;
                busy.set(false);
                created
            };
            run(Some(&shell), Some(&form), call, move |created| {
                done_shell.success(format!("Created {}", created.email));
                on_created.emit(created);
            });
        })
    };
    let general = forms::general_error(&error);
    html! {
        <Modal title="New user" test_id="create-user-dialog" on_close={props.on_close.clone()}>
            <form class="form" onsubmit={on_submit} novalidate=true>
                if let Some(general) = general {
                    <div class="alert alert--error" role="alert" data-testid="create-user-error">{ general.message }</div>
                }
                <TextField id="create-email" label="Email" kind="email" value={draft.email.clone()} autofocus=true
                    error={error_at(Field::Email)} on_input={edit(|d, v| d.email = v)} />
                <TextField id="create-name" label="Name" value={draft.name.clone()}
                    error={error_at(Field::Name)} on_input={edit(|d, v| d.name = v)} />
                <TextField id="create-password" label="Password (optional)" kind="password" autocomplete="new-password"
                    value={draft.password.clone()} error={error_at(Field::Password)}
                    hint={AttrValue::from("Without one, the user cannot sign in until you set it.")}
                    on_input={edit(|d, v| d.password = v)} />
                <TextField id="create-roles" label="Roles" value={draft.roles.clone()} error={error_at(Field::Roles)}
                    hint={AttrValue::from("Comma-separated, e.g. user, support")} on_input={edit(|d, v| d.roles = v)} />
                <label class="check">
                    <input type="checkbox" data-testid="create-verified" checked={draft.verified} onchange={on_verified} />
                    { "Email already verified" }
                </label>
                { field_shell("create-data", "Custom fields (JSON, optional)", error_at(Field::Data), None, html! {
                    <textarea id="create-data" data-testid="create-data" rows="3" spellcheck="false"
                        placeholder={r#"{"plan": "pro"}"#} value={draft.data.clone()} oninput={on_data} />
                }) }
                <div class="modal__actions">
                    <button type="button" class="button" onclick={props.on_close.reform(|_| ())}>{ "Cancel" }</button>
                    <button type="submit" class="button button--primary" disabled={*busy} data-testid="create-submit">
                        { if *busy { "Creating…" } else { "Create user" } }
                    </button>
                </div>
            </form>
        </Modal>
    }
}

fn checked(draft: &Draft) -> Result<NewUser, ApiError> {
    let email = forms::check_email(&draft.email)?;
    let name = forms::check_name(&draft.name)?;
    let password = if draft.password.is_empty() {
        None
    } else {
        forms::check_new_password(&draft.password, &draft.password)?;
        Some(Password::new(draft.password.clone()))
    };
    let roles = forms::check_roles(&forms::parse_list(&draft.roles))?;
    let data = forms::parse_custom_fields(&draft.data)?;
    forms::check_custom_fields(&data)?;
    Ok(NewUser {
        email,
        name,
        password,
        roles,
        email_verified: draft.verified,
        data,
    })
}
