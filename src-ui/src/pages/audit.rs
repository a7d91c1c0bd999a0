use std::time::Duration;

use authdesk_protocol::{
    ApiError, AuditChain, AuditExportFormat, AuditOutcome, AuditRecord, AuditView,
};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::ShowInFolder;
use crate::format::{local, lower, relative};
use crate::hooks::use_now;
use crate::ipc;
use crate::shell::use_shell;

mod verify;
use verify::VerifyExport;

#[derive(Clone, Default, PartialEq)]
struct Filters {
    admin: String,
    target: String,
    action: String,
    /// Days back; 0 is all time.
    days: i64,
}

impl Filters {
    /// Whether a record passes the filters at `now`. The typed text is lowered once, not once a
    /// record, and a record's text only when something is typed.
    fn keeping(
        &self,
        now: authdesk_protocol::OffsetDateTime,
    ) -> impl Fn(&AuditRecord) -> bool + '_ {
        let (admin, target) = (lower(self.admin.trim()), lower(self.target.trim()));
        let contains =
            |value: &str, needle: &str| needle.is_empty() || lower(value).contains(needle);
        move |record| {
            contains(&record.admin, &admin)
                && contains(record.target.as_deref().unwrap_or_default(), &target)
                && (self.action.is_empty() || record.action == self.action)
                && (self.days == 0 || now - record.at <= time::Duration::days(self.days))
        }
    }
}

/// The local audit trail: filters, the chain's verdict, and export.
#[function_component]
pub fn AuditPage() -> Html {
    let shell = use_shell();
    let now = use_now(Duration::from_secs(30));
    let view = use_state(|| None::<Result<AuditView, ApiError>>);
    let filters = crate::hooks::use_draft(Filters::default);
    {
        let view = view.clone();
        use_effect_with((), move |()| {
            spawn_local(async move { view.set(Some(ipc::audit_log().await)) });
        });
    }
    // The file to check: the last JSON lines export, or a path pasted in.
    let check_path = use_state(String::new);
    // Whether an export was saved here, to be shown in its folder.
    let saved = use_state(|| false);
    let export = |format: AuditExportFormat| {
        let (shell, check_path, saved) = (shell.clone(), check_path.clone(), saved.clone());
        Callback::from(move |_: MouseEvent| {
            let (shell, check_path, saved) = (shell.clone(), check_path.clone(), saved.clone());
            spawn_local(async move {
                match ipc::export_audit(format).await {
                    Ok(Some(path)) => {
                        shell.success(format!("Exported to {path}"));
                        saved.set(true);
                        if format == AuditExportFormat::JsonLines {
                            check_path.set(path);
                        }
                    }
                    Ok(None) => {}
                    Err(error) => shell.fail(error),
                }
            });
        })
    };
    let set = |apply: fn(&mut Filters, String)| crate::hooks::edit(&filters, apply);
    let text = |apply: fn(&mut Filters, String)| {
        set(apply)
            .reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value())
    };
    let choice = |apply: fn(&mut Filters, String)| {
        set(apply).reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value())
    };
    let body = match &*view {
        None => html! { <p class="placeholder">{ "Loading…" }</p> },
        Some(Err(error)) => {
            html! { <div class="alert alert--error" role="alert">{ &error.message }</div> }
        }
        Some(Ok(view)) => {
            let mut actions: Vec<&str> = view
                .records
                .iter()
                .map(|record| record.action.as_str())
                .collect();
            actions.sort_unstable();
            actions.dedup();
            let keeps = filters.keeping(now);
            let shown: Vec<&AuditRecord> = view
                .records
                .iter()
                .rev()
                .filter(|record| keeps(record))
                .collect();
            html! {
                <>
                    { match &view.chain {
                        AuditChain::Intact { entries } => html! {
                            <div class="alert alert--ok" data-testid="audit-chain">
                                { format!("Chain verified: {entries} entries, none changed or removed. Stored in {}", view.path) }
                            </div>
                        },
                        AuditChain::Broken { line, reason } => html! {
                            <div class="alert alert--error" role="alert" data-testid="audit-chain">
                                { format!("The audit log has been tampered with: line {line} {reason}. File: {}", view.path) }
                            </div>
                        },
                    } }
                    <div class="toolbar">
                        <input aria-label="Admin" placeholder="Admin" data-testid="audit-admin" oninput={text(|f, v| f.admin = v)} />
                        <input aria-label="Target" placeholder="Target user" data-testid="audit-target" oninput={text(|f, v| f.target = v)} />
                        <select aria-label="Action" data-testid="audit-action" onchange={choice(|f, v| f.action = v)}>
                            <option value="">{ "Every action" }</option>
                            { for actions.iter().map(|action| html! { <option value={action.to_string()}>{ *action }</option> }) }
                        </select>
                        <select aria-label="Since" data-testid="audit-since" onchange={choice(|f, v| f.days = v.parse().unwrap_or(0))}>
                            <option value="0">{ "All time" }</option>
                            <option value="1">{ "Last 24 hours" }</option>
                            <option value="7">{ "Last 7 days" }</option>
                            <option value="30">{ "Last 30 days" }</option>
                        </select>
                        <div class="toolbar__spacer"></div>
                        <button class="button" onclick={export(AuditExportFormat::JsonLines)} data-testid="export-jsonl">{ "Export JSON lines…" }</button>
                        <button class="button" onclick={export(AuditExportFormat::Csv)} data-testid="export-csv">{ "Export CSV…" }</button>
                        if *saved {
                            <ShowInFolder />
                        }
                    </div>
                    <VerifyExport path={(*check_path).clone()}
                        on_path={let check_path = check_path.clone(); move |path| check_path.set(path)} />
                    <div class="table-scroll">
                        <table class="users" data-testid="audit-table">
                            <thead><tr><th>{ "When" }</th><th>{ "Admin" }</th><th>{ "Action" }</th><th>{ "Target" }</th><th>{ "Detail" }</th><th>{ "Outcome" }</th></tr></thead>
                            <tbody>
                                { for shown.iter().map(|record| html! {
                                    <tr key={record.seq} data-testid="audit-row">
                                        <td title={local(record.at)}>{ relative(record.at, now) }</td>
                                        <td>{ &record.admin }</td>
                                        <td><span class="chip">{ &record.action }</span></td>
                                        <td>{ record.target.clone().unwrap_or_default() }</td>
                                        <td class="audit__detail">{ record.detail.clone().unwrap_or_default() }</td>
                                        <td>{ match &record.outcome {
                                            AuditOutcome::Succeeded => html! { <span class="status status--ok">{ "done" }</span> },
                                            AuditOutcome::Failed { message } => html! { <span class="status status--danger" title={message.clone()}>{ "failed" }</span> },
                                        } }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                </>
            }
        }
    };
    html! {
        <main class="content" data-testid="audit-page">
            <div class="content__head"><h2>{ "Audit log" }</h2></div>
            { body }
        </main>
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn records_are_kept_by_the_typed_text_whatever_the_capitals() {
        let now = datetime!(2027-01-31 08:30 UTC);
        let record = |admin: &str, target: Option<&str>| AuditRecord {
            seq: 1,
            at: now - time::Duration::days(2),
            admin: admin.into(),
            action: "ban".into(),
            target: target.map(Into::into),
            detail: None,
            outcome: AuditOutcome::Succeeded,
        };
        let (zoe, anonymous) = (
            record("zoë@authdesk.test", Some("Mallory@authdesk.test")),
            record("ada@authdesk.test", None),
        );
        let kept = |filters: &Filters| {
            let keeps = filters.keeping(now);
            [keeps(&zoe), keeps(&anonymous)]
        };
        assert_eq!(
            kept(&Filters::default()),
            [true, true],
            "nothing typed keeps all"
        );
        let by_admin = Filters {
            admin: " ZOË ".into(),
            ..Filters::default()
        };
        assert_eq!(kept(&by_admin), [true, false]);
        let by_target = Filters {
            target: "mallory".into(),
            ..Filters::default()
        };
        assert_eq!(
            kept(&by_target),
            [true, false],
            "a record without a target is not kept"
        );
        let recent = Filters {
            days: 1,
            ..Filters::default()
        };
        assert_eq!(kept(&recent), [false, false]);
    }
}
