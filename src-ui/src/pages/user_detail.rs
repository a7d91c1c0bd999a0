use authdesk_protocol::{
    ApiError, BanState, ImpersonationStarted, OffsetDateTime, Password, SessionSummary,
    UserSummary, UserUpdate,
};
use web_sys::KeyboardEvent;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{BanDialog, ConfirmDialog, ConfirmRequest, ImpersonateDialog, TextField};
use crate::format::{ban_label, local, relative};
use crate::hooks::{local_offset, use_keydown, use_now};
use crate::ipc;
use crate::shell::{Shell, use_shell};
use crate::state::forms;

#[derive(Properties, PartialEq)]
pub struct UserPanelProps {
    pub user_id: String,
    pub on_close: Callback<()>,
    pub on_impersonating: Callback<ImpersonationStarted>,
    /// Called after any change, so the table behind shows it.
    pub on_changed: Callback<()>,
}

/// One user: profile, inline edit, roles, password, sessions, deletion.
#[function_component]
pub fn UserPanel(props: &UserPanelProps) -> Html {
    let shell = use_shell();
    let user = use_state(|| None::<Result<UserSummary, ApiError>>);
    let sessions = use_state(|| None::<Result<Vec<SessionSummary>, ApiError>>);
    let confirm = use_state(|| None::<ConfirmRequest>);
    let now = use_now(std::time::Duration::from_secs(1));
    let reload = use_state(|| 0_u32);

    {
        let (user, sessions, user_id, shell) = (
            user.clone(),
            sessions.clone(),
            props.user_id.clone(),
            shell.clone(),
        );
        use_effect_with(*reload, move |_| {
            spawn_local(async move {
                let loaded = ipc::get_user(user_id.clone()).await;
                if let Err(error) = &loaded
                    && crate::state::ends_session(error)
                {
                    return shell.fail(error.clone());
                }
                user.set(Some(loaded));
                sessions.set(Some(ipc::list_user_sessions(user_id).await));
            });
        });
    }
    {
        // Esc closes the panel, unless a dialog over it takes the key first.
        let (on_close, confirm_open) = (props.on_close.clone(), confirm.is_some());
        use_keydown(Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" && !confirm_open {
                on_close.emit(());
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
            let (status, tone) = ban_label(&user.ban, now);
            let offset = local_offset();
            let copy_id = {
                let (id, shell) = (user.id.clone(), shell.clone());
                Callback::from(move |_: MouseEvent| {
                    if let Some(window) = web_sys::window() {
                        let _ = window.navigator().clipboard().write_text(&id);
                        shell.success("User id copied");
                    }
                })
            };
            html! {
                <>
                    <header class="panel__head">
                        <div>
                            <h2 data-testid="detail-name">{ &user.name }</h2>
                            <p class="panel__email" data-testid="detail-email">{ &user.email }</p>
                        </div>
                        <span class={classes!("status", format!("status--{tone}"))} data-testid="detail-status">{ status }</span>
                    </header>
                    <dl class="facts">
                        <dt>{ "User id" }</dt>
                        <dd><code data-testid="detail-id">{ &user.id }</code>
                            <button class="link" onclick={copy_id} data-testid="copy-id">{ "Copy" }</button></dd>
                        <dt>{ "Email verified" }</dt><dd>{ if user.email_verified { "Yes" } else { "No" } }</dd>
                        <dt>{ "Created" }</dt>
                        <dd title={local(user.created_at, offset)}>{ format!("{} · {}", relative(user.created_at, now), local(user.created_at, offset)) }</dd>
                        <dt>{ "Updated" }</dt>
                        <dd>{ format!("{} · {}", relative(user.updated_at, now), local(user.updated_at, offset)) }</dd>
                        { for user.custom_fields.iter().map(|(key, value)| html! {
                            <><dt>{ key }</dt><dd><code>{ value.to_string() }</code></dd></>
                        }) }
                    </dl>
                    <Access user={user.clone()} now={now} on_changed={refresh.clone()}
                        on_impersonating={props.on_impersonating.clone()} />
                    <EditProfile user={user.clone()} on_saved={refresh.clone()} />
                    <RolesEditor user={user.clone()} on_saved={refresh.clone()} ask={ask.clone()} />
                    <PasswordForm user={user.clone()} />
                    <Sessions user={user.clone()} sessions={(*sessions).clone()} now={now} on_changed={refresh.clone()} ask={ask.clone()} />
                    <DangerZone user={user.clone()} ask={ask.clone()} on_deleted={
                        let (on_close, on_changed) = (props.on_close.clone(), props.on_changed.clone());
                        Callback::from(move |()| { on_changed.emit(()); on_close.emit(()); })
                    } />
                </>
            }
        }
    };
    html! {
        <aside class="panel" data-testid="user-panel" aria-label="User">
            <button class="panel__close button" onclick={props.on_close.reform(|_| ())} data-testid="panel-close"
                aria-label="Close">{ "Close  Esc" }</button>
            { body }
            if let Some(request) = (*confirm).clone() {
                <ConfirmDialog request={request} on_close={let confirm = confirm.clone(); move |()| confirm.set(None)} />
            }
        </aside>
    }
}

#[derive(Properties, PartialEq)]
struct SectionProps {
    user: UserSummary,
    #[prop_or_default]
    on_saved: Callback<()>,
    #[prop_or_default]
    ask: Callback<ConfirmRequest>,
}

/// Runs one backend call and reports it: a toast, or the error at its field.
fn run<T: 'static>(
    shell: &Shell,
    call: impl std::future::Future<Output = Result<T, ApiError>> + 'static,
    done: impl FnOnce(T) + 'static,
    field_error: Option<UseStateHandle<Option<ApiError>>>,
) {
    let shell = shell.clone();
    spawn_local(async move {
        match call.await {
            Ok(value) => done(value),
            Err(error) => match field_error {
                Some(slot) if error.field.is_some() => slot.set(Some(error)),
                _ => shell.fail(error),
            },
        }
    });
}

#[function_component]
fn EditProfile(props: &SectionProps) -> Html {
    let shell = use_shell();
    let editing = use_state(|| false);
    let name = use_state(|| props.user.name.clone());
    let email = use_state(|| props.user.email.clone());
    let error = use_state(|| None::<ApiError>);
    let error_at = |field: &str| forms::error_at(&error, field);
    if !*editing {
        let start = {
            let (editing, name, email, user) = (
                editing.clone(),
                name.clone(),
                email.clone(),
                props.user.clone(),
            );
            Callback::from(move |_: MouseEvent| {
                name.set(user.name.clone());
                email.set(user.email.clone());
                editing.set(true);
            })
        };
        return html! {
            <section class="section">
                <button class="button" onclick={start} data-testid="edit-profile">{ "Edit name and email" }</button>
            </section>
        };
    }
    let on_save = {
        let (name, email, error, editing, shell) = (
            name.clone(),
            email.clone(),
            error.clone(),
            editing.clone(),
            shell.clone(),
        );
        let (user, on_saved) = (props.user.clone(), props.on_saved.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let checked =
                forms::check_name(&name).and_then(|n| forms::check_email(&email).map(|e| (n, e)));
            let (new_name, new_email) = match checked {
                Ok(values) => values,
                Err(problem) => return error.set(Some(problem)),
            };
            let update = UserUpdate {
                name: (new_name != user.name).then_some(new_name),
                email: (!new_email.eq_ignore_ascii_case(&user.email)).then_some(new_email),
                ..UserUpdate::default()
            };
            if update.is_empty() {
                return editing.set(false);
            }
            let (editing, on_saved, shell2) = (editing.clone(), on_saved.clone(), shell.clone());
            run(
                &shell,
                ipc::update_user(user.id.clone(), update),
                move |_| {
                    shell2.success("Saved");
                    editing.set(false);
                    on_saved.emit(());
                },
                Some(error.clone()),
            );
        })
    };
    html! {
        <section class="section">
            <h3>{ "Name and email" }</h3>
            <form class="form" onsubmit={on_save} novalidate=true data-testid="edit-profile-form">
                <TextField id="edit-name" label="Name" value={(*name).clone()} error={error_at("name")}
                    on_input={let name = name.clone(); move |v| name.set(v)} />
                <TextField id="edit-email" label="Email" kind="email" value={(*email).clone()} error={error_at("email")}
                    on_input={let email = email.clone(); move |v| email.set(v)} />
                <div class="form__actions">
                    <button type="button" class="button" onclick={let editing = editing.clone(); move |_| editing.set(false)}>{ "Cancel" }</button>
                    <button type="submit" class="button button--primary" data-testid="edit-save">{ "Save" }</button>
                </div>
            </form>
        </section>
    }
}

#[function_component]
fn RolesEditor(props: &SectionProps) -> Html {
    let shell = use_shell();
    let text = use_state(|| props.user.roles.join(", "));
    let error = use_state(|| None::<ApiError>);
    let roles = forms::parse_roles(&text);
    let changed = roles != props.user.roles;
    let on_save = {
        let (error, shell, user, on_saved, ask) = (
            error.clone(),
            shell.clone(),
            props.user.clone(),
            props.on_saved.clone(),
            props.ask.clone(),
        );
        let roles = roles.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if roles.is_empty() {
                return error.set(Some(
                    authdesk_protocol::ApiError::new(
                        authdesk_protocol::ErrorCode::Validation,
                        "Give at least one role.",
                    )
                    .at_field("roles"),
                ));
            }
            let save = {
                let (shell, user, roles, on_saved, error) = (
                    shell.clone(),
                    user.clone(),
                    roles.clone(),
                    on_saved.clone(),
                    error.clone(),
                );
                Callback::from(move |()| {
                    let (shell2, on_saved) = (shell.clone(), on_saved.clone());
                    run(
                        &shell,
                        ipc::set_roles(user.id.clone(), roles.clone()),
                        move |_| {
                            shell2.success("Roles saved");
                            on_saved.emit(());
                        },
                        Some(error.clone()),
                    );
                })
            };
            if forms::drops_own_admin(&shell.admin.id, &user.id, &roles) {
                ask.emit(ConfirmRequest {
                    title: "Remove your own admin role?".into(),
                    body: "You will lose access to this console as soon as you save. Another admin will have to give it back.".into(),
                    action: "Remove my admin role".into(),
                    typed: None,
                    on_confirm: save,
                });
            } else {
                save.emit(());
            }
        })
    };
    let field_error = forms::error_at(&error, "roles");
    html! {
        <section class="section">
            <h3>{ "Roles" }</h3>
            <div class="chips" data-testid="detail-roles">
                { for props.user.roles.iter().map(|role| html! { <span class="chip">{ role }</span> }) }
            </div>
            <form class="form form--inline" onsubmit={on_save} novalidate=true>
                <TextField id="roles-input" label="Roles (comma-separated)" value={(*text).clone()} error={field_error}
                    on_input={let text = text.clone(); move |v| text.set(v)} />
                <button type="submit" class="button" disabled={!changed} data-testid="roles-save">{ "Save roles" }</button>
            </form>
        </section>
    }
}

#[function_component]
fn PasswordForm(props: &SectionProps) -> Html {
    let shell = use_shell();
    let password = use_state(String::new);
    let confirmation = use_state(String::new);
    let error = use_state(|| None::<ApiError>);
    let error_at = |field: &str| forms::error_at(&error, field);
    let on_save = {
        let (password, confirmation, error, shell, user) = (
            password.clone(),
            confirmation.clone(),
            error.clone(),
            shell.clone(),
            props.user.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Err(problem) = forms::check_new_password(&password, &confirmation) {
                return error.set(Some(problem));
            }
            error.set(None);
            let (password2, confirmation2, shell2) =
                (password.clone(), confirmation.clone(), shell.clone());
            run(
                &shell,
                ipc::set_user_password(user.id.clone(), Password::new((*password).clone())),
                move |()| {
                    password2.set(String::new());
                    confirmation2.set(String::new());
                    shell2.success("Password set. Their existing sessions stay signed in.");
                },
                Some(error.clone()),
            );
        })
    };
    html! {
        <section class="section">
            <h3>{ "Set password" }</h3>
            <form class="form" onsubmit={on_save} novalidate=true data-testid="password-form">
                <TextField id="password-new" label="New password" kind="password" autocomplete="new-password"
                    value={(*password).clone()} error={error_at("password")}
                    on_input={let password = password.clone(); move |v| password.set(v)} />
                <TextField id="password-confirm" label="Type it again" kind="password" autocomplete="new-password"
                    value={(*confirmation).clone()} error={error_at("confirmation")}
                    on_input={let confirmation = confirmation.clone(); move |v| confirmation.set(v)} />
                <div class="form__actions">
                    <button type="submit" class="button" data-testid="password-save">{ "Set password" }</button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SessionsProps {
    user: UserSummary,
    sessions: Option<Result<Vec<SessionSummary>, ApiError>>,
    now: authdesk_protocol::OffsetDateTime,
    on_changed: Callback<()>,
    ask: Callback<ConfirmRequest>,
}

#[function_component]
fn Sessions(props: &SessionsProps) -> Html {
    let shell = use_shell();
    let offset = local_offset();
    let revoke_all = {
        let (shell, user, on_changed, ask) = (
            shell.clone(),
            props.user.clone(),
            props.on_changed.clone(),
            props.ask.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (shell, user, on_changed) = (shell.clone(), user.clone(), on_changed.clone());
            ask.emit(ConfirmRequest {
                title: format!("Sign {} out everywhere?", user.email),
                body: "Every session of this user ends now, on every device.".into(),
                action: "Revoke all sessions".into(),
                typed: None,
                on_confirm: Callback::from(move |()| {
                    let (shell2, on_changed) = (shell.clone(), on_changed.clone());
                    run(
                        &shell,
                        ipc::revoke_user_sessions(user.id.clone()),
                        move |()| {
                            shell2.success("All sessions revoked");
                            on_changed.emit(());
                        },
                        None,
                    );
                }),
            });
        })
    };
    let rows = match &props.sessions {
        None => html! { <p class="placeholder">{ "Loading sessions…" }</p> },
        Some(Err(error)) => html! { <div class="alert alert--error">{ &error.message }</div> },
        Some(Ok(list)) if list.is_empty() => {
            html! { <p class="placeholder" data-testid="sessions-empty">{ "No active sessions." }</p> }
        }
        Some(Ok(list)) => html! {
            <table class="sessions" data-testid="sessions">
                <thead><tr><th>{ "Device" }</th><th>{ "IP" }</th><th>{ "Signed in" }</th><th>{ "Expires" }</th><th></th></tr></thead>
                <tbody>
                    { for list.iter().map(|session| {
                        let device = session.client.as_ref().map_or_else(
                            || "Unknown device".to_owned(),
                            |client| match client.os.as_str() {
                                "" => format!("{} · {}", client.browser, client.device),
                                os => format!("{} on {} · {}", client.browser, os, client.device),
                            },
                        );
                        let revoke = {
                            let (shell, user_id, session_id, on_changed) = (shell.clone(), props.user.id.clone(), session.id.clone(), props.on_changed.clone());
                            Callback::from(move |_: MouseEvent| {
                                let (shell2, on_changed) = (shell.clone(), on_changed.clone());
                                run(&shell, ipc::revoke_user_session(user_id.clone(), session_id.clone()), move |()| {
                                    shell2.success("Session revoked");
                                    on_changed.emit(());
                                }, None);
                            })
                        };
                        html! {
                            <tr key={session.id.clone()} data-testid={format!("session-{}", session.id)}>
                                <td title={session.user_agent.clone().unwrap_or_default()}>
                                    { device }
                                    if session.impersonated_by.is_some() {
                                        <span class="chip chip--warning" data-testid="impersonation-marker">{ "impersonation" }</span>
                                    }
                                </td>
                                <td><code>{ session.ip_address.clone().unwrap_or_else(|| "—".into()) }</code></td>
                                <td title={local(session.created_at, offset)}>{ relative(session.created_at, props.now) }</td>
                                <td title={local(session.expires_at, offset)}>{ relative(session.expires_at, props.now) }</td>
                                <td><button class="button button--small" onclick={revoke} data-testid="revoke-session">{ "Revoke" }</button></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        },
    };
    let any = matches!(&props.sessions, Some(Ok(list)) if !list.is_empty());
    html! {
        <section class="section">
            <div class="section__head">
                <h3>{ "Sessions" }</h3>
                <button class="button button--small button--danger-outline" disabled={!any} onclick={revoke_all}
                    data-testid="revoke-all">{ "Revoke all" }</button>
            </div>
            { rows }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DangerZoneProps {
    user: UserSummary,
    ask: Callback<ConfirmRequest>,
    on_deleted: Callback<()>,
}

#[function_component]
fn DangerZone(props: &DangerZoneProps) -> Html {
    let shell = use_shell();
    let on_delete = {
        let (shell, user, ask, on_deleted) = (
            shell.clone(),
            props.user.clone(),
            props.ask.clone(),
            props.on_deleted.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (shell, user_for_call, on_deleted) =
                (shell.clone(), user.clone(), on_deleted.clone());
            ask.emit(ConfirmRequest {
                title: format!("Delete {}?", user.email),
                body: "The account, its sessions and its sign-in methods are deleted for good. This cannot be undone.".into(),
                action: "Delete user".into(),
                typed: Some(user.email.clone()),
                on_confirm: Callback::from(move |()| {
                    let (shell2, on_deleted, email) = (shell.clone(), on_deleted.clone(), user_for_call.email.clone());
                    run(&shell, ipc::remove_user(user_for_call.id.clone()), move |()| {
                        shell2.success(format!("Deleted {email}"));
                        on_deleted.emit(());
                    }, None);
                }),
            });
        })
    };
    html! {
        <section class="section section--danger">
            <h3>{ "Delete user" }</h3>
            <p class="muted">{ "Removes the account and everything attached to it." }</p>
            <button class="button button--danger" onclick={on_delete} data-testid="delete-user">{ "Delete user…" }</button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AccessProps {
    user: UserSummary,
    now: OffsetDateTime,
    on_changed: Callback<()>,
    on_impersonating: Callback<ImpersonationStarted>,
}

/// Ban state with its live countdown, ban / change / unban, and impersonation.
#[function_component]
fn Access(props: &AccessProps) -> Html {
    let shell = use_shell();
    let dialog = use_state(|| None::<&'static str>);
    let user = &props.user;
    let (status, tone) = ban_label(&user.ban, props.now);
    let reason = match &user.ban {
        BanState::Permanent { reason }
        | BanState::Until { reason, .. }
        | BanState::Lapsed { reason, .. } => reason.clone(),
        BanState::NotBanned => None,
    };
    let banned_now = match &user.ban {
        BanState::Permanent { .. } => true,
        BanState::Until { expires_at, .. } => *expires_at > props.now,
        _ => false,
    };
    let unban = {
        let (shell, user_id, on_changed) =
            (shell.clone(), user.id.clone(), props.on_changed.clone());
        Callback::from(move |_: MouseEvent| {
            let (shell2, on_changed) = (shell.clone(), on_changed.clone());
            run(
                &shell,
                ipc::unban_user(user_id.clone()),
                move |unbanned| {
                    shell2.success(format!("Unbanned {}", unbanned.email));
                    on_changed.emit(());
                },
                None,
            );
        })
    };
    let open = |name: &'static str| {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.set(Some(name)))
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |()| dialog.set(None))
    };
    let is_self = user.id == shell.admin.id;
    html! {
        <section class="section">
            <div class="section__head">
                <h3>{ "Access" }</h3>
                <span class={classes!("status", format!("status--{tone}"))} data-testid="ban-countdown">{ status }</span>
            </div>
            if let Some(reason) = reason {
                <p class="muted" data-testid="ban-reason-shown">{ format!("Reason: {reason}") }</p>
            }
            <div class="actions">
                if banned_now {
                    <button class="button" onclick={open("ban")} data-testid="change-ban">{ "Change ban…" }</button>
                    <button class="button" onclick={unban} data-testid="unban">{ "Unban" }</button>
                } else if !is_self {
                    <button class="button button--danger-outline" onclick={open("ban")} data-testid="ban">{ "Ban…" }</button>
                }
                if shell.admin.can_impersonate && !is_self && !banned_now {
                    <button class="button button--warning" onclick={open("impersonate")} data-testid="impersonate">
                        { "See as this user…" }
                    </button>
                }
            </div>
            if *dialog == Some("ban") {
                <BanDialog user={user.clone()} on_close={close.clone()} on_done={
                    let (close, on_changed) = (close.clone(), props.on_changed.clone());
                    Callback::from(move |_| { close.emit(()); on_changed.emit(()); })
                } />
            }
            if *dialog == Some("impersonate") {
                <ImpersonateDialog user={user.clone()} on_close={close.clone()} on_started={props.on_impersonating.clone()} />
            }
        </section>
    }
}
