//! Setting a user's password, typed twice.

use authdesk_protocol::{ApiError, Field, Password};
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
                ipc::set_user_password(user.id.clone(), Password::new((*password).clone())),
                move |()| {
                    password_done.set(String::new());
                    confirmation_done.set(String::new());
                    done_shell.success("Password set. Their existing sessions stay signed in.");
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
                <div class="form__actions">
                    <button type="submit" class="button" data-testid="password-save">{ "Set password" }</button>
                </div>
            </form>
        </section>
    }
}
