//! A bulk action as it runs (asked of the backend twice a second) and, once over, each user's
//! result grouped by reason, with "retry the failed".

use std::time::Duration;

use authdesk_protocol::{
    BulkAction, BulkProgress, BulkResult, BulkSelection, BulkState, OffsetDateTime,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::Modal;
use crate::format::{count_of, local, span, thousands};
use crate::hooks::use_now;
use crate::ipc;
use crate::shell::use_shell;

#[derive(Properties, PartialEq)]
pub(super) struct ProgressProps {
    pub progress: BulkProgress,
    pub on_close: Callback<()>,
    pub on_changed: Callback<()>,
    /// Plans the action again for the users it failed for.
    pub on_retry: Callback<(BulkAction, BulkSelection)>,
}

/// The batch as it runs (asked of the backend twice a second) and, once over, its results.
#[function_component]
pub(super) fn ProgressView(props: &ProgressProps) -> Html {
    let shell = use_shell();
    let progress = use_state(|| props.progress.clone());
    let tick = use_now(Duration::from_millis(500));
    {
        let (progress, on_changed) = (progress.clone(), props.on_changed.clone());
        let running = !progress.is_over();
        use_effect_with((tick, running), move |(_, running)| {
            if *running {
                spawn_local(async move {
                    if let Ok(Some(now)) = ipc::bulk_progress().await {
                        if now.is_over() {
                            on_changed.emit(());
                        }
                        progress.set(now);
                    }
                });
            }
        });
    }
    let batch = &*progress;
    let ended = batch.done + batch.failed + batch.skipped;
    let on_stop = Callback::from(|_: MouseEvent| {
        spawn_local(async {
            let _ = ipc::cancel_bulk().await;
        })
    });
    let on_close = {
        let (close, over) = (props.on_close.clone(), batch.is_over());
        Callback::from(move |()| {
            let close = close.clone();
            if over {
                spawn_local(async move {
                    let _ = ipc::dismiss_bulk().await;
                    close.emit(());
                });
            } else {
                // Closing hides the window only: the batch runs on in the backend.
                close.emit(());
            }
        })
    };
    let failed: Vec<String> = batch
        .items
        .iter()
        .filter(|item| matches!(item.result, BulkResult::Failed { .. }))
        .map(|item| item.user_id.clone())
        .collect();
    let on_retry = {
        let (on_retry, action, shell) =
            (props.on_retry.clone(), batch.action.clone(), shell.clone());
        let ids = failed.clone();
        Callback::from(move |_: MouseEvent| {
            let (on_retry, action, ids) = (on_retry.clone(), action.clone(), ids.clone());
            let shell = shell.clone();
            spawn_local(async move {
                match ipc::dismiss_bulk().await {
                    Ok(()) => on_retry.emit((action, BulkSelection::Users { ids })),
                    Err(problem) => shell.fail(problem),
                }
            });
        })
    };
    let title = match batch.state {
        BulkState::Running => format!(
            "{}: {} of {}",
            batch.action.title(),
            thousands(ended),
            thousands(batch.total)
        ),
        BulkState::Stopping => format!("{}: stopping…", batch.action.title()),
        BulkState::Interrupted => {
            format!("{} was cut short when Authdesk ended", batch.action.title())
        }
        BulkState::Cancelled => format!(
            "{}: stopped after {}",
            batch.action.title(),
            count_of(batch.done, "user")
        ),
        BulkState::Finished => format!(
            "{}: finished, {}",
            batch.action.title(),
            count_of(batch.done, "user")
        ),
    };
    let left = match (batch.is_over(), batch.seconds_left) {
        (false, Some(seconds)) => format!(
            " · about {} left",
            span(time::Duration::seconds(seconds as i64))
        ),
        _ => String::new(),
    };
    let problems: Vec<_> = batch
        .items
        .iter()
        .filter(|item| !matches!(item.result, BulkResult::Done | BulkResult::Waiting))
        .cloned()
        .collect();
    html! {
        <Modal {title} test_id="bulk-progress" on_close={on_close.clone()}>
            <progress class="bulk__bar" max={batch.total.to_string()} value={ended.to_string()}
                data-testid="bulk-bar" aria-label="Progress"></progress>
            <p class="modal__body" data-testid="bulk-summary" data-done={batch.done.to_string()}
                data-state={format!("{:?}", batch.state).to_ascii_lowercase()}>
                { format!("{}{left}", batch.summary()) }
            </p>
            if let Some(until) = batch.waiting_until.filter(|_| !batch.is_over()) {
                <p class="muted" data-testid="bulk-waiting">{ waiting_line(until, tick) }</p>
            }
            if batch.is_over() {
                <ResultList items={problems} test_id="bulk-results" />
            }
            <div class="modal__actions">
                if !batch.is_over() {
                    <button class="button" onclick={on_stop} disabled={batch.state == BulkState::Stopping}
                        data-testid="bulk-stop">{ "Stop" }</button>
                    <button class="button" onclick={on_close.reform(|_| ())}>{ "Hide" }</button>
                } else {
                    if !failed.is_empty() && !matches!(batch.state, BulkState::Interrupted) {
                        <button class="button" onclick={on_retry} data-testid="bulk-retry">{ "Retry the failed" }</button>
                    }
                    <button class="button button--primary" onclick={on_close.reform(|_| ())} data-testid="bulk-close">{ "Close" }</button>
                }
            </div>
        </Modal>
    }
}

fn waiting_line(until: OffsetDateTime, now: OffsetDateTime) -> String {
    format!(
        "The server's rate limit is reached: waiting {} (until {}); nothing is sent meanwhile.",
        span(until - now),
        local(until)
    )
}

#[derive(Properties, PartialEq)]
pub(super) struct ResultListProps {
    pub items: Vec<authdesk_protocol::BulkItem>,
    pub test_id: AttrValue,
}

/// The users left out, failed or not done, grouped by the reason: the ones to look at.
#[function_component]
pub(super) fn ResultList(props: &ResultListProps) -> Html {
    if props.items.is_empty() {
        return html! {};
    }
    let mut groups: Vec<(&'static str, String, Vec<&str>)> = Vec::new();
    for item in &props.items {
        let (tone, why) = match &item.result {
            BulkResult::Skipped { reason } => ("skipped", reason.clone()),
            BulkResult::Failed { reason } => ("failed", reason.clone()),
            BulkResult::NotDone => (
                "not-done",
                "Not done: stopped before their turn.".to_owned(),
            ),
            BulkResult::Done | BulkResult::Waiting => continue,
        };
        match groups.iter_mut().find(|(t, w, _)| *t == tone && *w == why) {
            Some((_, _, emails)) => emails.push(&item.email),
            None => groups.push((tone, why, vec![&item.email])),
        }
    }
    html! {
        <ul class="bulk__results" data-testid={props.test_id.clone()}>
            { for groups.into_iter().map(|(tone, why, emails)| {
                let shown = emails.iter().take(MAX_EMAILS_SHOWN).copied().collect::<Vec<_>>().join(", ");
                let more = emails.len().saturating_sub(MAX_EMAILS_SHOWN);
                html! {
                    <li class={format!("bulk__result bulk__result--{tone}")}>
                        <p class="bulk__why">{ format!("{why} ({})", thousands(emails.len() as u64)) }</p>
                        <p class="bulk__emails muted">
                            { shown }
                            if more > 0 { { format!(" and {} more", thousands(more as u64)) } }
                        </p>
                    </li>
                }
            }) }
        </ul>
    }
}

/// The emails named under each reason; the rest are counted.
const MAX_EMAILS_SHOWN: usize = 12;
