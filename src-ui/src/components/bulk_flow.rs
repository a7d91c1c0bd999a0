//! A bulk action from choice to result: its details (a ban's reason and length, a role), the
//! backend's plan (who will be changed, who left out and why), the run with its progress, and
//! each user's result with "retry the failed". The backend does the work; this only asks and
//! shows.

use authdesk_protocol::{
    ApiError, BanRequest, BulkAction, BulkKind, BulkPlan, BulkProgress, BulkSelection, Field,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::bulk_progress::{ProgressView, ResultList};
use super::{BanDialog, BanTarget, Modal, TextField};
use crate::format::count_of;
use crate::ipc;
use crate::shell::{FormError, run, use_shell};
use crate::state::forms::{self, FormKind};

/// How the flow opens: with the bulk action the admin picked from the bar, or with a batch.
#[derive(Clone, PartialEq)]
pub enum BulkStart {
    /// Begin with this action for the selection.
    Action(BulkKind),
    /// Show a batch that is running or over (one a crash cut short, say).
    Report(BulkProgress),
}

#[derive(Properties, PartialEq)]
pub struct BulkFlowProps {
    pub start: BulkStart,
    pub selection: BulkSelection,
    /// "12 users", "all 1,204 matching users".
    pub count: String,
    pub on_close: Callback<()>,
    /// Users changed: the table is fetched again.
    pub on_changed: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum Step {
    Ban,
    Role { add: bool },
    Planning,
    Plan(BulkPlan),
    Progress(BulkProgress),
}

#[function_component]
pub fn BulkFlow(props: &BulkFlowProps) -> Html {
    let shell = use_shell();
    let step = use_state(|| match &props.start {
        BulkStart::Action(BulkKind::Ban) => Step::Ban,
        BulkStart::Action(BulkKind::AddRole) => Step::Role { add: true },
        BulkStart::Action(BulkKind::RemoveRole) => Step::Role { add: false },
        BulkStart::Action(_) => Step::Planning,
        BulkStart::Report(progress) => Step::Progress(progress.clone()),
    });
    let role = use_state(String::new);
    let error = use_state(|| None::<ApiError>);
    let plan = {
        let (step, shell, error) = (step.clone(), shell.clone(), error.clone());
        let on_close = props.on_close.clone();
        Callback::from(move |(action, selection): (BulkAction, BulkSelection)| {
            // Where a refusal at a field goes back to.
            let details = match &action {
                BulkAction::AddRole { .. } => Some(Step::Role { add: true }),
                BulkAction::RemoveRole { .. } => Some(Step::Role { add: false }),
                BulkAction::Ban { .. } => Some(Step::Ban),
                _ => None,
            };
            step.set(Step::Planning);
            let (step, back) = (step.clone(), step.clone());
            let form = FormError {
                slot: error.clone(),
                kind: FormKind::Fields,
            };
            let (shell_done, on_close) = (shell.clone(), on_close.clone());
            spawn_local(async move {
                match ipc::plan_bulk(selection.clone(), action).await {
                    Ok(plan) => step.set(Step::Plan(plan)),
                    Err(problem) if problem.field.is_some() && details.is_some() => {
                        back.set(details.unwrap_or(Step::Planning));
                        form.slot.set(Some(problem));
                    }
                    Err(problem) => {
                        shell_done.fail(problem);
                        on_close.emit(());
                    }
                }
            });
        })
    };
    // The first step of an action without details is its plan.
    {
        let (plan, start, selection) = (plan.clone(), props.start.clone(), props.selection.clone());
        use_effect_with((), move |()| {
            if let BulkStart::Action(kind) = start
                && let Some(action) = plain_action(kind)
            {
                plan.emit((action, selection));
            }
        });
    }
    let close = props.on_close.clone();
    match (*step).clone() {
        Step::Ban => html! {
            <BanDialog on_close={close} target={BanTarget::Many {
                count: props.count.clone(),
                on_chosen: {
                    let selection = props.selection.clone();
                    plan.reform(move |ban: BanRequest| (BulkAction::Ban { ban }, selection.clone()))
                },
            }} />
        },
        Step::Role { add } => {
            let on_submit = {
                let (plan, role, selection) = (plan.clone(), role.clone(), props.selection.clone());
                Callback::from(move |event: SubmitEvent| {
                    event.prevent_default();
                    let role = role.trim().to_owned();
                    let action = if add {
                        BulkAction::AddRole { role }
                    } else {
                        BulkAction::RemoveRole { role }
                    };
                    plan.emit((action, selection.clone()));
                })
            };
            let title = format!(
                "{} a role for {}",
                if add { "Add" } else { "Remove" },
                props.count
            );
            html! {
                <Modal {title} test_id="bulk-role" on_close={close.clone()}>
                    <form class="form" onsubmit={on_submit} novalidate=true>
                        <TextField id="bulk-role-name" label="Role" value={(*role).clone()} autofocus=true
                            error={forms::error_at(&error, Field::Roles)} placeholder="support"
                            on_input={let role = role.clone(); move |v| role.set(v)} />
                        <div class="modal__actions">
                            <button type="button" class="button" onclick={close.reform(|_| ())}>{ "Cancel" }</button>
                            <button type="submit" class="button button--primary" data-testid="bulk-role-submit">{ "Review…" }</button>
                        </div>
                    </form>
                </Modal>
            }
        }
        Step::Planning => html! {
            <Modal title={format!("Looking at {}", props.count)} test_id="bulk-planning" on_close={close}>
                <p class="modal__body">{ "Reading them from the server to see what will change…" }</p>
            </Modal>
        },
        Step::Plan(plan) => plan_view(&plan, &step, &shell, close),
        Step::Progress(progress) => html! {
            <ProgressView {progress} on_close={close} on_changed={props.on_changed.clone()}
                on_retry={plan.clone()} />
        },
    }
}

/// The actions that need nothing more than the choice.
fn plain_action(kind: BulkKind) -> Option<BulkAction> {
    match kind {
        BulkKind::Unban => Some(BulkAction::Unban),
        BulkKind::RevokeSessions => Some(BulkAction::RevokeSessions),
        BulkKind::Delete => Some(BulkAction::Delete),
        BulkKind::Ban | BulkKind::AddRole | BulkKind::RemoveRole => None,
    }
}

fn plan_view(
    plan: &BulkPlan,
    step: &UseStateHandle<Step>,
    shell: &crate::shell::Shell,
    close: Callback<()>,
) -> Html {
    let on_start = {
        let (step, shell, id) = (step.clone(), shell.clone(), plan.id.clone());
        Callback::from(move |_: MouseEvent| {
            let step = step.clone();
            run(
                Some(&shell),
                None,
                ipc::start_bulk(id.clone()),
                move |progress| step.set(Step::Progress(progress)),
            );
        })
    };
    let changes = plan.users.len() as u64;
    let destructive = matches!(plan.action, BulkAction::Delete | BulkAction::Ban { .. });
    let warning = match plan.action {
        BulkAction::Delete => Some("Deleted accounts cannot be brought back."),
        BulkAction::Ban { .. } => Some("Each of them is signed out everywhere at once."),
        _ => None,
    };
    html! {
        <Modal title={format!("{} {}?", plan.action.title(), count_of(changes, "user"))} test_id="bulk-plan" on_close={close.clone()}>
            <p class="modal__body" data-testid="bulk-plan-summary">
                { format!("{} will be changed", count_of(changes, "user")) }
                if !plan.skipped.is_empty() {
                    { format!("; {} left out:", count_of(plan.skipped.len() as u64, "user")) }
                }
            </p>
            <ResultList items={plan.skipped.clone()} test_id="bulk-plan-skipped" />
            if let Some(warning) = warning {
                <p class="alert alert--warning-inline">{ warning }</p>
            }
            <div class="modal__actions">
                <button class="button" onclick={close.reform(|_| ())} data-testid="bulk-plan-cancel">{ "Cancel" }</button>
                <button class={classes!("button", if destructive { "button--danger" } else { "button--primary" })}
                    disabled={changes == 0} onclick={on_start} data-testid="bulk-start">
                    { format!("{} {}", plan.action.title(), count_of(changes, "user")) }
                </button>
            </div>
        </Modal>
    }
}
