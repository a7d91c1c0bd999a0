//! One user's panel over the users table, one file per section: `access` (ban state, ban,
//! impersonate), `support` (mails, verified address, two-factor), `fields` (the server's own),
//! `profile` (name and email), `roles`, `password`, `sessions`, `danger_zone`.

mod access;
mod danger_zone;
mod fields;
mod password;
mod profile;
mod roles;
mod sessions;
mod support;

use authdesk_protocol::{
    ApiError, AuditAction, ImpersonationStarted, Permission, SessionSummary, UserFields,
    UserSummary,
};
use web_sys::KeyboardEvent;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{BanStatus, ConfirmDialog, ConfirmRequest};
use crate::format::{local, relative, sign_in_method};
use crate::hooks::{dialog_open, typing_in, use_keydown, use_now};
use crate::ipc;
use crate::shell::{Shell, run, unavailable, use_shell};
use crate::state::palette::UserCommand;
use access::Access;
use danger_zone::DangerZone;
use fields::ServerFields;
use password::PasswordForm;
use profile::EditProfile;
use roles::RolesEditor;
use sessions::Sessions;
use support::SupportActions;

#[derive(Properties, PartialEq)]
pub struct UserPanelProps {
    pub user_id: String,
    pub on_close: Callback<()>,
    pub on_impersonating: Callback<ImpersonationStarted>,
    /// Called after any change, so the table behind shows it.
    pub on_changed: Callback<()>,
    /// An action asked for in the command palette, numbered so that asking twice runs it twice.
    pub command: Option<(u32, UserCommand)>,
    /// Called with the user's email once they are shown, for the palette to name them.
    pub on_loaded: Callback<String>,
}

/// Runs `run` for each action asked for after the caller showed, never for one asked before
/// (the panel of the next user, or a section shown again, must not repeat it).
#[hook]
pub(super) fn use_command<F>(command: Option<(u32, UserCommand)>, run: F)
where
    F: FnOnce(UserCommand) + 'static,
{
    let at_mount = use_state(|| command);
    let fresh = command != *at_mount;
    use_effect_with(command, move |asked| {
        if fresh && let Some((_, asked)) = asked {
            run(*asked);
        }
    });
}

/// Puts `id` on the clipboard, and says so once it is there.
fn copy_user_id(shell: &Shell, id: &str) {
    let copied = shell.clone();
    run(
        Some(shell),
        None,
        ipc::copy_text(id.to_owned()),
        move |()| copied.success("User id copied"),
    );
}

/// One user: profile, inline edit, roles, password, sessions, deletion.
#[function_component]
pub fn UserPanel(props: &UserPanelProps) -> Html {
    let shell = use_shell();
    let user = use_state(|| None::<Result<UserSummary, ApiError>>);
    let sessions = use_state(|| None::<Result<Vec<SessionSummary>, ApiError>>);
    let confirm = use_state(|| None::<ConfirmRequest>);
    // The server's own fields; none shown until known (the backend asks the server once).
    let fields = use_state(UserFields::default);
    {
        let fields = fields.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                if let Ok(known) = ipc::user_fields().await {
                    fields.set(known);
                }
            });
        });
    }
    // For "3 days ago" and the sessions table; the ban badges keep their own 1 s clock.
    let now = use_now(std::time::Duration::from_secs(15));
    let reload = use_state(|| 0_u32);
    // The action the keyboard or the palette asked for, handed to the section that owns it.
    let command = use_state(|| None::<(u32, UserCommand)>);
    let issue = {
        let (command, shell, user) = (command.clone(), shell.clone(), user.clone());
        Callback::from(move |asked: UserCommand| {
            let Some(Ok(shown)) = &*user else {
                return;
            };
            if let Some(reason) = asked
                .action()
                .and_then(|action| shell.lacks(action.needs()))
            {
                return shell.refuse(reason);
            }
            if asked == UserCommand::CopyId {
                return copy_user_id(&shell, &shown.id);
            }
            let number = (*command).map_or(0, |(number, _)| number + 1);
            command.set(Some((number, asked)));
        })
    };
    use_command(props.command, {
        let issue = issue.clone();
        move |asked| issue.emit(asked)
    });

    {
        let (user, sessions, user_id, shell, on_loaded) = (
            user.clone(),
            sessions.clone(),
            props.user_id.clone(),
            shell.clone(),
            props.on_loaded.clone(),
        );
        use_effect_with(*reload, move |_| {
            spawn_local(async move {
                let loaded = ipc::get_user(user_id.clone()).await;
                if let Err(error) = &loaded
                    && crate::state::ends_session(error)
                {
                    return shell.fail(error.clone());
                }
                if let Ok(shown) = &loaded {
                    on_loaded.emit(shown.email.clone());
                }
                user.set(Some(loaded));
                if shell.lacks(&[Permission::ListSessions]).is_none() {
                    sessions.set(Some(ipc::list_user_sessions(user_id).await));
                }
            });
        });
    }
    {
        // Esc closes the panel and a letter runs an action, unless a dialog over it or a box
        // being typed in takes the key first.
        let (on_close, issue) = (props.on_close.clone(), issue.clone());
        use_keydown(Callback::from(move |event: KeyboardEvent| {
            if dialog_open() || typing_in(&event) {
                return;
            }
            if event.key() == "Escape" {
                on_close.emit(());
            } else if !(event.ctrl_key() || event.meta_key() || event.alt_key())
                && let Some(asked) = UserCommand::for_key(&event.key())
            {
                event.prevent_default();
                issue.emit(asked);
            }
        }));
    }

    let refresh = {
        let (reload, on_changed) = (reload.clone(), props.on_changed.clone());
        Callback::from(move |()| {
            reload.set(*reload + 1);
            on_changed.emit(());
        })
    };
    let ask = {
        let confirm = confirm.clone();
        Callback::from(move |request: ConfirmRequest| confirm.set(Some(request)))
    };

    let body = match &*user {
        None => html! { <p class="placeholder" data-testid="user-loading">{ "Loading…" }</p> },
        Some(Err(error)) => html! {
            <div class="alert alert--error" role="alert" data-testid="user-error">{ &error.message }</div>
        },
        Some(Ok(user)) => {
            let lacks = |action: AuditAction| shell.lacks(action.needs());
            let copy_id = {
                let (id, shell) = (user.id.clone(), shell.clone());
                Callback::from(move |_: MouseEvent| copy_user_id(&shell, &id))
            };
            html! {
                <>
                    <header class="panel__head">
                        <div>
                            <h2 data-testid="detail-name">{ &user.name }</h2>
                            <p class="panel__email" data-testid="detail-email">{ &user.email }</p>
                        </div>
                        <BanStatus ban={user.ban.clone()} test_id="detail-status" />
                    </header>
                    <dl class="facts">
                        <dt>{ "User id" }</dt>
                        <dd><code data-testid="detail-id">{ &user.id }</code>
                            <button class="link" onclick={copy_id} data-testid="copy-id"
                                title={crate::state::palette::tooltip(UserCommand::CopyId, None)}>{ "Copy" }</button></dd>
                        <dt>{ "Email verified" }</dt><dd>{ if user.email_verified { "Yes" } else { "No" } }</dd>
                        <dt>{ "Created" }</dt>
                        <dd title={local(user.created_at)} data-testid="detail-created">{ format!("{} · {}", relative(user.created_at, now), local(user.created_at)) }</dd>
                        <dt>{ "Updated" }</dt>
                        <dd>{ format!("{} · {}", relative(user.updated_at, now), local(user.updated_at)) }</dd>
                        <dt>{ "Last sign-in" }</dt>
                        <dd data-testid="detail-last-sign-in">{ last_sign_in(user, sessions.as_ref(), now) }</dd>
                    </dl>
                    <Access user={user.clone()} on_changed={refresh.clone()} command={*command} ask={ask.clone()}
                        on_impersonating={props.on_impersonating.clone()} />
                    <SupportActions user={user.clone()} on_saved={refresh.clone()} ask={ask.clone()} />
                    <ServerFields user={user.clone()} fields={(*fields).clone()} on_saved={refresh.clone()} />
                    if let Some(reason) = lacks(AuditAction::UpdateUser) {
                        { unavailable("Name and email", reason, "edit-profile-unavailable") }
                    } else {
                        <EditProfile user={user.clone()} on_saved={refresh.clone()} />
                    }
                    if let Some(reason) = lacks(AuditAction::SetRoles) {
                        { unavailable("Roles", reason, "roles-unavailable") }
                    } else {
                        <RolesEditor user={user.clone()} on_saved={refresh.clone()} ask={ask.clone()} />
                    }
                    if let Some(reason) = lacks(AuditAction::SetPassword) {
                        { unavailable("Password", reason, "password-unavailable") }
                    } else {
                        <PasswordForm user={user.clone()} />
                    }
                    if let Some(reason) = shell.lacks(&[Permission::ListSessions]) {
                        { unavailable("Sessions", reason, "sessions-unavailable") }
                    } else {
                        <Sessions user={user.clone()} sessions={(*sessions).clone()} now={now} on_changed={refresh.clone()} ask={ask.clone()} command={*command} />
                    }
                    if let Some(reason) = lacks(AuditAction::DeleteUser) {
                        { unavailable("Delete user", reason, "delete-user-unavailable") }
                    } else {
                        <DangerZone user={user.clone()} ask={ask.clone()} command={*command} on_deleted={
                            let (on_close, on_changed) = (props.on_close.clone(), props.on_changed.clone());
                            Callback::from(move |()| { on_changed.emit(()); on_close.emit(()); })
                        } />
                    }
                </>
            }
        }
    };
    html! {
        <aside class="panel" data-testid="user-panel" aria-label="User">
            <button class="panel__close button" onclick={props.on_close.reform(|_| ())} data-testid="panel-close"
                aria-keyshortcuts="Escape">{ "Close " }<kbd>{ "Esc" }</kbd></button>
            { body }
            if let Some(request) = (*confirm).clone() {
                <ConfirmDialog request={request} on_close={let confirm = confirm.clone(); move |()| confirm.set(None)} />
            }
        </aside>
    }
}

/// When the user last signed in (their newest session of their own) and how, where known.
fn last_sign_in(
    user: &UserSummary,
    sessions: Option<&Result<Vec<SessionSummary>, ApiError>>,
    now: authdesk_protocol::OffsetDateTime,
) -> String {
    let newest = match sessions {
        Some(Ok(sessions)) => sessions
            .iter()
            .filter(|session| session.impersonated_by.is_none())
            .map(|session| session.created_at)
            .max(),
        _ => None,
    };
    let how = user.last_sign_in_method.as_deref().map(sign_in_method);
    match (newest, how, sessions) {
        (Some(at), Some(how), _) => format!("{} · by {how}", relative(at, now)),
        (Some(at), None, _) => relative(at, now),
        (None, Some(how), _) => format!("By {how}; no session open now"),
        (None, None, Some(Ok(_))) => "No session open now".to_owned(),
        (None, None, _) => "Unknown".to_owned(),
    }
}

/// What every section of the panel gets: the user, and ways to report a change or ask first.
#[derive(Properties, PartialEq)]
struct SectionProps {
    user: UserSummary,
    #[prop_or_default]
    on_saved: Callback<()>,
    #[prop_or_default]
    ask: Callback<ConfirmRequest>,
}
