//! The user's name and email, edited in place.

use authdesk_protocol::{ApiError, Field, UserUpdate};
use yew::prelude::*;

use super::SectionProps;
use crate::components::TextField;
use crate::ipc;
use crate::shell::{FormError, run, use_shell};
use crate::state::forms::{self, FormKind};

#[function_component]
pub(super) fn EditProfile(props: &SectionProps) -> Html {
    let shell = use_shell();
    let editing = use_state(|| false);
    let name = use_state(|| props.user.name.clone());
    let email = use_state(|| props.user.email.clone());
    let error = use_state(|| None::<ApiError>);
    let error_at = |field| forms::error_at(&error, field);
    if !*editing {
        let start = {
            let (editing, name, email, user) = (
                editing.clone(),
                name.clone(),
                email.clone(),
                props.user.clone(),
            );
            Callback::from(move |_: MouseEvent| {
                name.set(user.name.clone());
                email.set(user.email.clone());
                editing.set(true);
            })
        };
        return html! {
            <section class="section">
                <button class="button" onclick={start} data-testid="edit-profile">{ "Edit name and email" }</button>
            </section>
        };
    }
    let on_save = {
        let (name, email, editing, shell) =
            (name.clone(), email.clone(), editing.clone(), shell.clone());
        let form = FormError {
            slot: error.clone(),
            kind: FormKind::Fields,
        };
        let (user, on_saved) = (props.user.clone(), props.on_saved.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let checked =
                forms::check_name(&name).and_then(|n| forms::check_email(&email).map(|e| (n, e)));
            let (new_name, new_email) = match checked {
                Ok(values) => values,
                Err(problem) => return form.slot.set(Some(problem)),
            };
            let update = UserUpdate {
                name: (new_name != user.name).then_some(new_name),
                email: (!new_email.eq_ignore_ascii_case(&user.email)).then_some(new_email),
                ..UserUpdate::default()
            };
            if update.is_empty() {
                return editing.set(false);
            }
            let (editing, on_saved, done_shell) =
                (editing.clone(), on_saved.clone(), shell.clone());
            run(
                Some(&shell),
                Some(&form),
                ipc::update_user(user.id.clone(), update),
                move |_| {
                    done_shell.success("Saved");
                    editing.set(false);
                    on_saved.emit(());
                },
            );
        })
    };
    html! {
        <section class="section">
            <h3>{ "Name and email" }</h3>
            <form class="form" onsubmit={on_save} novalidate=true data-testid="edit-profile-form">
                <TextField id="edit-name" label="Name" value={(*name).clone()} error={error_at(Field::Name)}
                    on_input={let name = name.clone(); move |v| name.set(v)} />
                <TextField id="edit-email" label="Email" kind="email" value={(*email).clone()} error={error_at(Field::Email)}
                    on_input={let email = email.clone(); move |v| email.set(v)} />
                <div class="form__actions">
                    <button type="button" class="button" onclick={let editing = editing.clone(); move |_| editing.set(false)}>{ "Cancel" }</button>
                    <button type="submit" class="button button--primary" data-testid="edit-save">{ "Save" }</button>
                </div>
            </form>
        </section>
    }
}
