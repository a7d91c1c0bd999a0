use authdesk_protocol::{ApiError, AuditChain, Field};
use yew::prelude::*;

use crate::components::TextField;
use crate::ipc;
use crate::shell::{FormError, run, use_shell};
use crate::state::forms::{self, FormKind};

#[derive(Properties, PartialEq)]
pub struct VerifyExportProps {
    /// The path in the box (kept by the page, which fills in the last export).
    pub path: String,
    pub on_path: Callback<String>,
}

/// Checks an exported JSON lines file: every entry there, sealed by this installation and in
/// its place, or the line where it is not.
#[function_component]
pub fn VerifyExport(props: &VerifyExportProps) -> Html {
    let shell = use_shell();
    let error = use_state(|| None::<ApiError>);
    let verdict = use_state(|| None::<AuditChain>);
    let onsubmit = {
        let (shell, path, verdict) = (shell.clone(), props.path.clone(), verdict.clone());
        let form = FormError {
            slot: error.clone(),
            kind: FormKind::Fields,
        };
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let checked = forms::check_file_path(&path);
            let path = match checked {
                Ok(path) => path,
                Err(problem) => return form.slot.set(Some(problem)),
            };
            verdict.set(None);
            let verdict = verdict.clone();
            run(
                Some(&shell),
                Some(&form),
                async move { ipc::verify_audit_export(&path).await },
                move |chain| verdict.set(Some(chain)),
            );
        })
    };
    let on_input = {
        let (on_path, error, verdict) = (props.on_path.clone(), error.clone(), verdict.clone());
        Callback::from(move |path: String| {
            error.set(None);
            verdict.set(None);
            on_path.emit(path);
        })
    };
    html! {
        <form class="verify-export" {onsubmit} novalidate=true data-testid="verify-export">
            <TextField id="verify-export-path" label="Check an exported JSON lines file"
                value={props.path.clone()} placeholder="…/authdesk-audit-1796000000.jsonl"
                error={forms::error_at(&error, Field::Path)} {on_input} />
            <button type="submit" class="button" data-testid="verify-export-submit">{ "Check" }</button>
            { match &*verdict {
                None => html! {},
                Some(AuditChain::Intact { entries }) => html! {
                    <p class="alert alert--ok" data-testid="verify-export-verdict">
                        { format!("Whole and unchanged: {entries} entries, each sealed by this installation.") }
                    </p>
                },
                Some(AuditChain::Broken { line, reason }) => html! {
                    <p class="alert alert--error" role="alert" data-testid="verify-export-verdict">
                        { format!("Not as Authdesk wrote it: line {line} {reason}.") }
                    </p>
                },
            } }
        </form>
    }
}
