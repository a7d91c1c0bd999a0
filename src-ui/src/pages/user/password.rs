//! Setting a user's password, typed twice, and by default ending every session they have (the
//! server would leave them signed in).

use authdesk_protocol::{ApiError, Field, Password, Permission};
use yew::prelude::*;

use super::SectionProps;
use crate::components::TextField;
use crate::ipc;
use crate::shell::{FormError, run, use_shell};
use crate::state::forms::{self, FormKind};

#[function_component]
pub(super) fn PasswordForm(props: &SectionProps) -> Html {
    let shell = use_shell();
    let password = use_state(String::new);
    let confirmation = use_state(String::new);
    // Only a role that can revoke sessions is offered it; it is then on unless unticked.
    let may_sign_out = shell.lacks(&[Permission::RevokeSessions]).is_none();
    let sign_out = use_state(|| true);
    let error = use_state(|| None::<ApiError>);
    let error_at = |field| forms::error_at(&error, field);
    let on_save = {
        let form = FormError {
            slot: error.clone(),
            kind: FormKind::Fields,
        };
        let (password, confirmation, shell, user) = (
            password.clone(),
            confirmation.clone(),
            shell.clone(),
            props.user.clone(),
        );
        let sign_out = may_sign_out && *sign_out;
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Err(problem) = forms::check_new_password(&password, &confirmation) {
                return form.slot.set(Some(problem));
            }
            let (password_done, confirmation_done, done_shell) =
                (password.clone(), confirmation.clone(), shell.clone());
            run(
                Some(&shell),
                Some(&form),
                ipc::set_user_password(
                    user.id.clone(),
                    Password::new((*password).clone()),
                    sign_out,
                ),
                move |()| {
                    password_done.set(String::new());
                    confirmation_done.set(String::new());
                    done_shell.success(if sign_out {
                        "Password set, and they are signed out everywhere."
                    } else {
                        "Password set. Their existing sessions stay signed in."
                    });
                },
            );
        })
    };
    html! {
        <section class="section">
            <h3>{ "Set password" }</h3>
            <form class="form" onsubmit={on_save} novalidate=true data-testid="password-form">
                <TextField id="password-new" label="New password" kind="password" autocomplete="new-password"
                    value={(*password).clone()} error={error_at(Field::Password)}
                    on_input={let password = password.clone(); move |v| password.set(v)} />
                <TextField id="password-confirm" label="Type it again" kind="password" autocomplete="new-password"
                    value={(*confirmation).clone()} error={error_at(Field::Confirmation)}
                    on_input={let confirmation = confirmation.clone(); move |v| confirmation.set(v)} />
                if may_sign_out {
                    <label class="check">
                        <input type="checkbox" data-testid="password-sign-out" checked={*sign_out}
                            onchange={let sign_out = sign_out.clone(); move |_| sign_out.set(!*sign_out)} />
                        { "Sign them out everywhere (a leaked session stops working too)" }
                    </label>
                }
                <div class="form__actions">
                    <button type="submit" class="button" data-testid="password-save">{ "Set password" }</button>
                </div>
            </form>
        </section>
    }
}
