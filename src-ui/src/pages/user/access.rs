//! Ban state with its live countdown, ban / change / unban, and impersonation.

use authdesk_protocol::{AuditAction, ImpersonationStarted, UserSummary};
use yew::prelude::*;

use crate::components::{BanDialog, BanStatus, BanTarget, ConfirmRequest, ImpersonateDialog};
use crate::hooks::use_now;
use crate::ipc;
use crate::shell::{run, use_shell};
use crate::state::palette::{UserCommand, tooltip};

#[derive(Properties, PartialEq)]
pub(super) struct AccessProps {
    pub user: UserSummary,
    pub on_changed: Callback<()>,
    pub on_impersonating: Callback<ImpersonationStarted>,
    /// The keyboard's or the palette's ask: ban, unban or impersonate.
    pub command: Option<(u32, UserCommand)>,
    pub ask: Callback<ConfirmRequest>,
}

/// The dialogs this section opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialog {
    Ban,
    Impersonate,
}

#[function_component]
pub(super) fn Access(props: &AccessProps) -> Html {
    let shell = use_shell();
    let dialog = use_state(|| None::<Dialog>);
    // Each second, so the buttons change the moment a ban runs out.
    let now = use_now(std::time::Duration::from_secs(1));
    let user = &props.user;
    let banned_now = user.ban.is_effective_at(now);
    let unban = {
        let (shell, user_id, on_changed) =
            (shell.clone(), user.id.clone(), props.on_changed.clone());
        Callback::from(move |()| {
            let (done_shell, on_changed) = (shell.clone(), on_changed.clone());
            run(
                Some(&shell),
                None,
                ipc::unban_user(user_id.clone()),
                move |unbanned| {
                    done_shell.success(format!("Unbanned {}", unbanned.email));
                    on_changed.emit(());
                },
            );
        })
    };
    let open = |which: Dialog| {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.set(Some(which)))
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(None))
    };
    let is_self = user.id == shell.admin.id;
    {
        // Asked from the keyboard: what the button would do, or why there is no such button.
        let (dialog, shell, ask, unban) = (
            dialog.clone(),
            shell.clone(),
            props.ask.clone(),
            unban.clone(),
        );
        let email = user.email.clone();
        super::use_command(props.command, move |asked| match asked {
            UserCommand::Ban if is_self && !banned_now => shell.refuse("You cannot ban yourself."),
            UserCommand::Ban => dialog.set(Some(Dialog::Ban)),
            UserCommand::Unban if !banned_now => shell.refuse(format!("{email} is not banned.")),
            UserCommand::Unban => ask.emit(ConfirmRequest {
                title: format!("Unban {email}?"),
                body: "They can sign in again at once.".into(),
                action: "Unban".into(),
                typed: None,
                on_confirm: unban,
            }),
            UserCommand::Impersonate if is_self => shell.refuse("You are this user already."),
            UserCommand::Impersonate if banned_now => {
                shell.refuse(format!(
                    "{email} is banned: unban them first to see as them."
                ));
            }
            UserCommand::Impersonate => dialog.set(Some(Dialog::Impersonate)),
            _ => {}
        });
    }
    let cannot_ban = shell.lacks(AuditAction::Ban.needs());
    let cannot_impersonate = shell.lacks(AuditAction::Impersonate.needs());
    let reasons: Vec<String> = [cannot_ban.clone(), cannot_impersonate.clone()]
        .into_iter()
        .flatten()
        .collect();
    html! {
        <section class="section">
            <div class="section__head">
                <h3>{ "Access" }</h3>
                <BanStatus ban={user.ban.clone()} test_id="ban-countdown" />
            </div>
            if let Some(reason) = user.ban.reason() {
                <p class="muted" data-testid="ban-reason-shown">{ format!("Reason: {reason}") }</p>
            }
            <div class="actions">
                if banned_now {
                    <button class="button" onclick={open(Dialog::Ban)} data-testid="change-ban"
                        disabled={cannot_ban.is_some()} title={tooltip(UserCommand::Ban, cannot_ban.as_deref())}>{ "Change ban…" }</button>
                    <button class="button" onclick={unban.reform(|_| ())} data-testid="unban"
                        disabled={cannot_ban.is_some()} title={tooltip(UserCommand::Unban, cannot_ban.as_deref())}>{ "Unban" }</button>
                } else if !is_self {
                    <button class="button button--danger-outline" onclick={open(Dialog::Ban)} data-testid="ban"
                        disabled={cannot_ban.is_some()} title={tooltip(UserCommand::Ban, cannot_ban.as_deref())}>{ "Ban…" }</button>
                }
                if !is_self && !banned_now {
                    <button class="button button--warning" onclick={open(Dialog::Impersonate)} data-testid="impersonate"
                        disabled={cannot_impersonate.is_some()} title={tooltip(UserCommand::Impersonate, cannot_impersonate.as_deref())}>
                        { "See as this user…" }
                    </button>
                }
            </div>
            if !reasons.is_empty() && !is_self {
                <p class="muted unavailable" data-testid="access-unavailable">{ reasons.join(" ") }</p>
            }
            if *dialog == Some(Dialog::Ban) {
                <BanDialog on_close={close.clone()} target={BanTarget::One {
                    user: Box::new(user.clone()),
                    on_done: {
                        let (close, on_changed) = (close.clone(), props.on_changed.clone());
                        Callback::from(move |_| { close.emit(()); on_changed.emit(()); })
                    },
                }} />
            }
            if *dialog == Some(Dialog::Impersonate) {
                <ImpersonateDialog user={user.clone()} on_close={close.clone()} on_started={props.on_impersonating.clone()} />
            }
        </section>
    }
}
