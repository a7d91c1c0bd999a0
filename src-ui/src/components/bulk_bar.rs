//! The bar over the table while users are selected: how many, "all N matching", and the bulk
//! actions the account's role allows (the others disabled with the reason).

use authdesk_protocol::{AuditAction, BulkKind, Permission};
use yew::prelude::*;

use crate::shell::use_shell;

#[derive(Properties, PartialEq)]
pub struct BulkBarProps {
    /// How many are selected ("12 selected", "all 1,204 matching").
    pub label: String,
    /// Offered when the whole page is selected and the view matches more.
    /// How many that is ("1,204", "at least 5,000").
    pub matching: Option<String>,
    pub on_select_all: Callback<()>,
    pub on_clear: Callback<()>,
    pub on_action: Callback<BulkKind>,
}

#[function_component]
pub fn BulkBar(props: &BulkBarProps) -> Html {
    let shell = use_shell();
    let actions = [
        (BulkKind::Ban, "Ban…", AuditAction::Ban, "bulk-ban"),
        (BulkKind::Unban, "Unban", AuditAction::Unban, "bulk-unban"),
        (
            BulkKind::RevokeSessions,
            "Sign out everywhere",
            AuditAction::RevokeAllSessions,
            "bulk-revoke",
        ),
        (
            BulkKind::AddRole,
            "Add role…",
            AuditAction::SetRoles,
            "bulk-add-role",
        ),
        (
            BulkKind::RemoveRole,
            "Remove role…",
            AuditAction::SetRoles,
            "bulk-remove-role",
        ),
        (
            BulkKind::Delete,
            "Delete…",
            AuditAction::DeleteUser,
            "bulk-delete",
        ),
    ];
    html! {
        <div class="bulk-bar" role="toolbar" aria-label="Bulk actions" data-testid="bulk-bar">
            <span class="bulk-bar__count" data-testid="bulk-count">{ &props.label }</span>
            if let Some(total) = &props.matching {
                <button class="link" onclick={props.on_select_all.reform(|_| ())} data-testid="bulk-select-all">
                    { format!("Select all {total} matching") }
                </button>
            }
            <div class="toolbar__spacer"></div>
            { for actions.into_iter().map(|(kind, label, action, test_id)| {
                let mut needs = vec![Permission::ListUsers];
                needs.extend_from_slice(action.needs());
                let reason = shell.lacks(&needs);
                let disabled = reason.is_some();
                let danger = matches!(kind, BulkKind::Ban | BulkKind::Delete);
                html! {
                    <button class={classes!("button", danger.then_some("button--danger-outline"))}
                        {disabled} title={reason} data-testid={test_id}
                        onclick={props.on_action.reform(move |_| kind)}>{ label }</button>
                }
            }) }
            <button class="button" onclick={props.on_clear.reform(|_| ())} data-testid="bulk-clear"
                aria-label="Clear the selection">{ "Clear" }</button>
        </div>
    }
}
