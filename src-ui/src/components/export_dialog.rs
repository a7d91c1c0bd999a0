//! Exporting the view: the format and columns (the server's own fields included), then the
//! backend's progress as it pages through the server, a stop, and where the file went.

use std::time::Duration;

use authdesk_protocol::{
    ExportColumn, ExportFormat, ExportProgress, ExportState, ListUsersQuery, UserExport, UserFields,
};
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::Modal;
use crate::format::{count_of, thousands};
use crate::hooks::use_now;
use crate::ipc;
use crate::shell::{run, use_shell};
use crate::state::fields::label;

#[derive(Properties, PartialEq)]
pub struct ExportDialogProps {
    /// The view: its search, filter and sort.
    pub query: ListUsersQuery,
    pub total: u64,
    pub fields: UserFields,
    /// The server's fields the table shows, chosen to begin with.
    pub shown: Vec<String>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ExportDialog(props: &ExportDialogProps) -> Html {
    let shell = use_shell();
    let format = use_state(|| ExportFormat::Csv);
    let columns = use_state(|| {
        let mut chosen = ExportColumn::default_set();
        chosen.extend(props.shown.iter().cloned().map(ExportColumn::Field));
        chosen
    });
    let progress = use_state(|| None::<ExportProgress>);
    let tick = use_now(Duration::from_millis(500));
    {
        let progress = progress.clone();
        let running = progress.as_ref().is_some_and(|p| !p.is_over());
        use_effect_with((tick, running), move |(_, running)| {
            if *running {
                spawn_local(async move {
                    if let Ok(Some(now)) = ipc::export_progress().await {
                        progress.set(Some(now));
                    }
                });
            }
        });
    }
    if let Some(progress) = (*progress).clone() {
        return progress_view(&progress, props.on_close.clone());
    }
    let mut offered: Vec<ExportColumn> = ExportColumn::OWN.to_vec();
    offered.extend(
        props
            .fields
            .fields
            .iter()
            .map(|field| ExportColumn::Field(field.key.clone())),
    );
    let toggle = |column: ExportColumn| {
        let columns = columns.clone();
        Callback::from(move |_: Event| {
            let mut next = (*columns).clone();
            match next.iter().position(|chosen| *chosen == column) {
                Some(at) => {
                    next.remove(at);
                }
                None => next.push(column.clone()),
            }
            columns.set(next);
        })
    };
    let on_format = {
        let format = format.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            format.set(if value == "jsonLines" {
                ExportFormat::JsonLines
            } else {
                ExportFormat::Csv
            });
        })
    };
    let on_start = {
        let (shell, progress) = (shell.clone(), progress.clone());
        let export = UserExport {
            query: props.query.clone(),
            format: *format,
            columns: (*columns).clone(),
        };
        Callback::from(move |_: MouseEvent| {
            let progress = progress.clone();
            run(
                Some(&shell),
                None,
                ipc::start_export(export.clone()),
                // Cancelled in the save dialog: this dialog stays as it was.
                move |started: Option<ExportProgress>| {
                    if started.is_some() {
                        progress.set(started);
                    }
                },
            );
        })
    };
    html! {
        <Modal title={format!("Export {}", count_of(props.total, "user"))} test_id="export-dialog" on_close={props.on_close.clone()}>
            <p class="modal__body">{ "Everyone this view matches, with its search, filters and order, written to a file you choose next." }</p>
            <div class="field">
                <label for="export-format">{ "Format" }</label>
                <select id="export-format" data-testid="export-format" onchange={on_format}>
                    <option value="csv" selected={*format == ExportFormat::Csv}>{ "CSV (spreadsheets)" }</option>
                    <option value="jsonLines" selected={*format == ExportFormat::JsonLines}>{ "JSON Lines (one user per line)" }</option>
                </select>
            </div>
            <p class="export__legend" id="export-columns-label">{ "Columns" }</p>
            <div class="export__columns" role="group" aria-labelledby="export-columns-label">
                { for offered.into_iter().map(|column| {
                    let on = columns.contains(&column);
                    let heading = column.heading().to_owned();
                    html! {
                        <label class="check">
                            <input type="checkbox" checked={on} data-testid={format!("export-column-{heading}")}
                                onchange={toggle(column)} />
                            { label(&heading) }
                        </label>
                    }
                }) }
            </div>
            <div class="modal__actions">
                <button class="button" onclick={props.on_close.reform(|_| ())}>{ "Cancel" }</button>
                <button class="button button--primary" data-testid="export-start" disabled={columns.is_empty()}
                    onclick={on_start}>{ "Export…" }</button>
            </div>
        </Modal>
    }
}

fn progress_view(progress: &ExportProgress, on_close: Callback<()>) -> Html {
    let state = match &progress.state {
        ExportState::Running => "running",
        ExportState::Finished => "finished",
        ExportState::Cancelled => "cancelled",
        ExportState::Failed { .. } => "failed",
    };
    let line = match &progress.state {
        // With conditions Authdesk applies itself, it reads more users than it writes.
        ExportState::Running if progress.scanned > progress.written => format!(
            "{} written; {} of {} read…",
            thousands(progress.written),
            thousands(progress.scanned),
            thousands(progress.total)
        ),
        ExportState::Running => format!(
            "{} of {} written…",
            thousands(progress.written),
            thousands(progress.total)
        ),
        ExportState::Finished => format!(
            "Saved {} to {}",
            count_of(progress.written, "user"),
            progress.path
        ),
        ExportState::Cancelled => "Stopped; the partial file was removed.".to_owned(),
        ExportState::Failed { message } => {
            format!("The export failed: {message} The partial file was removed.")
        }
    };
    let title = match &progress.state {
        ExportState::Running => "Exporting users",
        ExportState::Finished => "Export saved",
        ExportState::Cancelled => "Export stopped",
        ExportState::Failed { .. } => "Export failed",
    };
    let on_stop = Callback::from(|_: MouseEvent| {
        spawn_local(async {
            let _ = ipc::cancel_export().await;
        })
    });
    html! {
        <Modal title={title} test_id="export-progress" on_close={on_close.clone()}>
            <progress class="bulk__bar" max={progress.total.max(1).to_string()} value={progress.scanned.max(progress.written).to_string()}></progress>
            <p class="modal__body" data-testid="export-summary" data-state={state}
                data-written={progress.written.to_string()} data-path={progress.path.clone()}>{ line }</p>
            <div class="modal__actions">
                if progress.state == ExportState::Finished {
                    <ShowInFolder />
                }
                if progress.is_over() {
                    <button class="button button--primary" onclick={on_close.reform(|_| ())} data-testid="export-close">{ "Close" }</button>
                } else {
                    <button class="button" onclick={on_stop} data-testid="export-stop">{ "Stop" }</button>
                }
            </div>
        </Modal>
    }
}

/// Shows the file just exported in the desktop's file manager.
#[function_component]
pub fn ShowInFolder() -> Html {
    let shell = use_shell();
    let onclick = Callback::from(move |_: MouseEvent| {
        run(Some(&shell), None, ipc::show_saved_file(), |()| ());
    });
    html! {
        <button class="button" {onclick} data-testid="show-in-folder">{ "Show in folder" }</button>
    }
}
