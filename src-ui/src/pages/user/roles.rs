//! The user's roles, typed as a comma-separated list; removing your own admin role asks first.

use authdesk_protocol::{ApiError, Field};
use yew::prelude::*;

use super::SectionProps;
use crate::components::{ConfirmRequest, TextField};
use crate::ipc;
use crate::shell::{FormError, run, use_shell};
use crate::state::forms::{self, FormKind};

#[function_component]
pub(super) fn RolesEditor(props: &SectionProps) -> Html {
    let shell = use_shell();
    let text = use_state(|| props.user.roles.join(", "));
    let error = use_state(|| None::<ApiError>);
    let roles = forms::parse_list(&text);
    let changed = roles != props.user.roles;
    let on_save = {
        let form = FormError {
            slot: error.clone(),
            kind: FormKind::Fields,
        };
        let (shell, user, on_saved, ask) = (
            shell.clone(),
            props.user.clone(),
            props.on_saved.clone(),
            props.ask.clone(),
        );
        let roles = roles.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let roles = match forms::check_roles(&roles) {
                Ok(roles) => roles,
                Err(problem) => return form.slot.set(Some(problem)),
            };
            let dropping_own_admin = forms::drops_own_admin(&shell.admin.id, &user.id, &roles);
            let save = {
                let (shell, user, on_saved, form) =
                    (shell.clone(), user.clone(), on_saved.clone(), form.clone());
                Callback::from(move |()| {
                    let (done_shell, on_saved) = (shell.clone(), on_saved.clone());
                    run(
                        Some(&shell),
                        Some(&form),
                        ipc::set_roles(user.id.clone(), roles.clone()),
                        move |_| {
                            done_shell.success("Roles saved");
                            on_saved.emit(());
                        },
                    );
                })
            };
            if dropping_own_admin {
                ask.emit(ConfirmRequest {
                    title: "Remove your own admin role?".into(),
                    body: "You will lose access to this console as soon as you save. Another admin will have to give it back.".into(),
                    action: "Remove my admin role".into(),
                    typed: None,
                    on_confirm: save,
                });
            } else {
                save.emit(());
            }
        })
    };
    html! {
        <section class="section">
            <h3>{ "Roles" }</h3>
            <div class="chips" data-testid="detail-roles">
                { for props.user.roles.iter().map(|role| html! { <span class="chip">{ role }</span> }) }
            </div>
            <form class="form form--inline" onsubmit={on_save} novalidate=true>
                <TextField id="roles-input" label="Roles (comma-separated)" value={(*text).clone()}
                    error={forms::error_at(&error, Field::Roles)}
                    on_input={let text = text.clone(); move |v| text.set(v)} />
                <button type="submit" class="button" disabled={!changed} data-testid="roles-save">{ "Save roles" }</button>
            </form>
        </section>
    }
}
