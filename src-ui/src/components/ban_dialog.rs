use std::time::Duration;

use authdesk_protocol::{ApiError, BanLength, BanRequest, Field, UserSummary};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{Modal, field_shell};
use crate::format::local;
use crate::hooks::use_now;
use crate::ipc;
use crate::shell::{FormError, run, use_shell};
use crate::state::forms::{
    self, BAN_LENGTHS, BAN_REASONS, BanUnit, FormKind, check_reason, custom_ban_seconds,
};

/// Whom the dialog bans: one user at once, or many (the dialog then only chooses the ban, and
/// the bulk action's plan comes next).
#[derive(Clone, PartialEq)]
pub enum BanTarget {
    One {
        user: Box<UserSummary>,
        on_done: Callback<UserSummary>,
    },
    Many {
        count: String,
        on_chosen: Callback<BanRequest>,
    },
}

#[derive(Properties, PartialEq)]
pub struct BanDialogProps {
    pub target: BanTarget,
    pub on_close: Callback<()>,
}

/// Ban, or change a running ban: a reason, a length, and a preview of when it ends.
#[function_component]
pub fn BanDialog(props: &BanDialogProps) -> Html {
    let shell = use_shell();
    let now = use_now(Duration::from_secs(30));
    let reason = use_state(String::new);
    // An index into BAN_LENGTHS, or BAN_LENGTHS.len() for a custom length.
    let length = use_state(|| 1_usize);
    let amount = use_state(|| "3".to_owned());
    let unit = use_state(|| BanUnit::Hours);
    let error = use_state(|| None::<ApiError>);
    let error_at = |field| forms::error_at(&error, field);
    let custom = *length == BAN_LENGTHS.len();
    let seconds: Result<Option<u64>, ApiError> = if custom {
        custom_ban_seconds(&amount, *unit).map(Some)
    } else {
        Ok(BAN_LENGTHS[*length].1)
    };
    let preview = match &seconds {
        Ok(Some(seconds)) => format!(
            "Banned until {} (your time).",
            local(now + Duration::from_secs(*seconds))
        ),
        Ok(None) => "Banned until someone unbans them.".to_owned(),
        Err(problem) => problem.message.clone(),
    };
    let on_submit = {
        let form = FormError {
            slot: error.clone(),
            kind: FormKind::Fields,
        };
        let (reason, shell, target) = (reason.clone(), shell.clone(), props.target.clone());
        let seconds = seconds.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = check_reason(&reason).and_then(|reason| {
                seconds.clone().map(|seconds| BanRequest {
                    reason,
                    length: seconds
                        .map_or(BanLength::Permanent, |seconds| BanLength::Timed { seconds }),
                })
            });
            let request = match request {
                Ok(request) => request,
                Err(problem) => return form.slot.set(Some(problem)),
            };
            let (user, on_done) = match &target {
                BanTarget::One { user, on_done } => (user, on_done.clone()),
                BanTarget::Many { on_chosen, .. } => return on_chosen.emit(request),
            };
            let done_shell = shell.clone();
            run(
                Some(&shell),
                Some(&form),
                ipc::ban_user(user.id.clone(), request),
                move |banned| {
                    done_shell.success(format!("Banned {}", banned.email));
                    on_done.emit(banned);
                },
            );
        })
    };
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |event: InputEvent| {
            reason.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_length = {
        let length = length.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            length.set(value.parse().unwrap_or(1));
        })
    };
    let (title, submit) = match &props.target {
        BanTarget::One { user, .. } => (format!("Ban {}", user.email), "Ban user"),
        BanTarget::Many { count, .. } => (format!("Ban {count}"), "Review…"),
    };
    html! {
        <Modal {title} test_id="ban-dialog" on_close={props.on_close.clone()}>
            <form class="form" onsubmit={on_submit} novalidate=true>
                <p class="alert alert--warning-inline">{ "Banning signs them out everywhere: all their sessions end now." }</p>
                { field_shell("ban-reason", "Reason", error_at(Field::Reason), None, html! { <>
                    <input id="ban-reason" data-testid="ban-reason" list="ban-reasons" value={(*reason).clone()}
                        oninput={on_reason} placeholder="Pick or type a reason" />
                    <datalist id="ban-reasons">
                        { for BAN_REASONS.iter().map(|reason| html! { <option value={*reason} /> }) }
                    </datalist>
                    <div class="quick-picks">
                        { for BAN_REASONS.iter().map(|pick| {
                            let reason = reason.clone();
                            html! { <button type="button" class="chip chip--button" onclick={move |_| reason.set(pick.to_string())}>{ *pick }</button> }
                        }) }
                    </div>
                </> }) }
                <div class="field">
                    <label for="ban-length">{ "Length" }</label>
                    <select id="ban-length" data-testid="ban-length" onchange={on_length}>
                        { for BAN_LENGTHS.iter().enumerate().map(|(index, (label, _))| html! {
                            <option value={index.to_string()} selected={*length == index}>{ *label }</option>
                        }) }
                        <option value={BAN_LENGTHS.len().to_string()} selected={custom}>{ "Custom…" }</option>
                    </select>
                    if custom {
                        <div class="custom-length">
                            <input data-testid="ban-amount" aria-label="Amount" value={(*amount).clone()}
                                oninput={let amount = amount.clone(); move |event: InputEvent| amount.set(event.target_unchecked_into::<HtmlInputElement>().value())} />
                            <select data-testid="ban-unit" aria-label="Unit"
                                onchange={let unit = unit.clone(); move |event: Event| {
                                    let name = event.target_unchecked_into::<HtmlSelectElement>().value();
                                    unit.set(BanUnit::from_name(&name).unwrap_or(BanUnit::Hours));
                                }}>
                                { for BanUnit::ALL.iter().map(|choice| html! {
                                    <option value={choice.name()} selected={*unit == *choice}>{ choice.name() }</option>
                                }) }
                            </select>
                        </div>
                    }
                    <p class={classes!("field__hint", seconds.is_err().then_some("field__error"))} data-testid="ban-preview">{ preview }</p>
                </div>
                <div class="modal__actions">
                    <button type="button" class="button" onclick={props.on_close.reform(|_| ())}>{ "Cancel" }</button>
                    <button type="submit" class="button button--danger" data-testid="ban-submit">{ submit }</button>
                </div>
            </form>
        </Modal>
    }
}
