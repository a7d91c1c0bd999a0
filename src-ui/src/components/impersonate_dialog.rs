use authdesk_protocol::{ApiError, Field, ImpersonationRequest, ImpersonationStarted, UserSummary};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{Modal, field_shell};
use crate::ipc;
use crate::shell::{FormError, run, use_shell};
use crate::state::forms::{self, FormKind, check_reason};

const LENGTHS: [u32; 4] = [5, 15, 30, 60];

#[derive(Properties, PartialEq)]
pub struct ImpersonateDialogProps {
    pub user: UserSummary,
    pub on_started: Callback<ImpersonationStarted>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ImpersonateDialog(props: &ImpersonateDialogProps) -> Html {
    let shell = use_shell();
    let reason = use_state(String::new);
    let minutes = use_state(|| 15_u32);
    let error = use_state(|| None::<ApiError>);
    let on_submit = {
        let form = FormError {
            slot: error.clone(),
            kind: FormKind::FieldsAndAlert,
        };
        let (reason, minutes, shell, user, on_started) = (
            reason.clone(),
            minutes.clone(),
            shell.clone(),
            props.user.clone(),
            props.on_started.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let reason = match check_reason(&reason) {
                Ok(reason) => reason,
                Err(problem) => return form.slot.set(Some(problem)),
            };
            let request = ImpersonationRequest {
                user_id: user.id.clone(),
                reason,
                minutes: *minutes,
            };
            let on_started = on_started.clone();
            run(
                Some(&shell),
                Some(&form),
                ipc::impersonate_user(request),
                move |started| on_started.emit(started),
            );
        })
    };
    html! {
        <Modal title={format!("See the app as {}", props.user.email)} test_id="impersonate-dialog" on_close={props.on_close.clone()}>
            <form class="form" onsubmit={on_submit} novalidate=true>
                <p class="modal__body">
                    { "You act as this user until you stop, or until the time runs out. Admin actions are off meanwhile, and every start and stop is in the audit log." }
                </p>
                if let Some(problem) = (*error).clone().filter(|e| !e.is_at(Field::Reason)) {
                    <div class="alert alert--error" role="alert" data-testid="impersonate-error">{ problem.message }</div>
                }
                { field_shell("impersonate-reason", "Reason", forms::error_at(&error, Field::Reason), None, html! {
                    <input id="impersonate-reason" data-testid="impersonate-reason" value={(*reason).clone()}
                        placeholder="Ticket number, what you need to see"
                        oninput={let reason = reason.clone(); move |event: InputEvent| reason.set(event.target_unchecked_into::<HtmlInputElement>().value())} />
                }) }
                <div class="field">
                    <label for="impersonate-minutes">{ "End after at most" }</label>
                    <select id="impersonate-minutes" data-testid="impersonate-minutes"
                        onchange={let minutes = minutes.clone(); move |event: Event| minutes.set(event.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(15))}>
                        { for LENGTHS.iter().map(|length| html! {
                            <option value={length.to_string()} selected={*minutes == *length}>{ format!("{length} minutes") }</option>
                        }) }
                    </select>
                    <p class="field__hint">{ "Or sooner, when the server's impersonation session ends." }</p>
                </div>
                <div class="modal__actions">
                    <button type="button" class="button" onclick={props.on_close.reform(|_| ())}>{ "Cancel" }</button>
                    <button type="submit" class="button button--warning" data-testid="impersonate-submit">{ "Start impersonating" }</button>
                </div>
            </form>
        </Modal>
    }
}
