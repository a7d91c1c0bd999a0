//! Deleting the user, with their email typed out first.

use authdesk_protocol::UserSummary;
use yew::prelude::*;

use crate::components::ConfirmRequest;
use crate::ipc;
use crate::shell::{run, use_shell};
use crate::state::palette::{UserCommand, tooltip};

#[derive(Properties, PartialEq)]
pub(super) struct DangerZoneProps {
    pub user: UserSummary,
    pub ask: Callback<ConfirmRequest>,
    pub on_deleted: Callback<()>,
    /// The keyboard's or the palette's ask: delete.
    pub command: Option<(u32, UserCommand)>,
}

#[function_component]
pub(super) fn DangerZone(props: &DangerZoneProps) -> Html {
    let shell = use_shell();
    let on_delete = {
        let (shell, user, ask, on_deleted) = (
            shell.clone(),
            props.user.clone(),
            props.ask.clone(),
            props.on_deleted.clone(),
        );
        Callback::from(move |()| {
            let (shell, deleted, on_deleted) = (shell.clone(), user.clone(), on_deleted.clone());
            ask.emit(ConfirmRequest {
                title: format!("Delete {}?", user.email),
                body: "The account, its sessions and its sign-in methods are deleted for good. This cannot be undone.".into(),
                action: "Delete user".into(),
                typed: Some(user.email.clone()),
                on_confirm: Callback::from(move |()| {
                    let (done_shell, on_deleted, email) = (shell.clone(), on_deleted.clone(), deleted.email.clone());
                    run(Some(&shell), None, ipc::remove_user(deleted.id.clone()), move |()| {
                        done_shell.success(format!("Deleted {email}"));
                        on_deleted.emit(());
                    });
                }),
            });
        })
    };
    {
        let on_delete = on_delete.clone();
        super::use_command(props.command, move |asked| {
            if asked == UserCommand::Delete {
                on_delete.emit(());
            }
        });
    }
    html! {
        <section class="section section--danger">
            <h3>{ "Delete user" }</h3>
            <p class="muted">{ "Removes the account and everything attached to it." }</p>
            <button class="button button--danger" onclick={on_delete.reform(|_| ())} data-testid="delete-user"
                title={tooltip(UserCommand::Delete, None)}>{ "Delete user…" }</button>
        </section>
    }
}
