//! The user's sessions: where they are signed in, and revoking one or all.

use authdesk_protocol::{ApiError, OffsetDateTime, SessionSummary, UserSummary};
use yew::prelude::*;

use crate::components::ConfirmRequest;
use crate::format::{device, local, relative};
use crate::ipc;
use crate::shell::{Shell, run, use_shell};
use crate::state::palette::{UserCommand, tooltip};

#[derive(Properties, PartialEq)]
pub(super) struct SessionsProps {
    pub user: UserSummary,
    pub sessions: Option<Result<Vec<SessionSummary>, ApiError>>,
    pub now: OffsetDateTime,
    pub on_changed: Callback<()>,
    pub ask: Callback<ConfirmRequest>,
    /// The keyboard's or the palette's ask: revoke all.
    pub command: Option<(u32, UserCommand)>,
}

/// Revokes (one session or all) and says so; errors by the button policy.
fn revoke(
    shell: &Shell,
    call: impl std::future::Future<Output = Result<(), ApiError>> + 'static,
    said: &'static str,
    on_changed: &Callback<()>,
) {
    let (done_shell, on_changed) = (shell.clone(), on_changed.clone());
    run(Some(shell), None, call, move |()| {
        done_shell.success(said);
        on_changed.emit(());
    });
}

#[function_component]
pub(super) fn Sessions(props: &SessionsProps) -> Html {
    let shell = use_shell();
    let cannot_revoke = shell.lacks(authdesk_protocol::AuditAction::RevokeAllSessions.needs());
    let revoke_all = {
        let (shell, user, on_changed, ask) = (
            shell.clone(),
            props.user.clone(),
            props.on_changed.clone(),
            props.ask.clone(),
        );
        Callback::from(move |()| {
            let (shell, user, on_changed) = (shell.clone(), user.clone(), on_changed.clone());
            ask.emit(ConfirmRequest {
                title: format!("Sign {} out everywhere?", user.email),
                body: "Every session of this user ends now, on every device.".into(),
                action: "Revoke all sessions".into(),
                typed: None,
                on_confirm: Callback::from(move |()| {
                    let call = ipc::revoke_user_sessions(user.id.clone());
                    revoke(&shell, call, "All sessions revoked", &on_changed);
                }),
            });
        })
    };
    let any = matches!(&props.sessions, Some(Ok(list)) if !list.is_empty());
    {
        let (revoke_all, shell, email) =
            (revoke_all.clone(), shell.clone(), props.user.email.clone());
        super::use_command(props.command, move |asked| {
            if asked == UserCommand::RevokeSessions {
                if any {
                    revoke_all.emit(());
                } else {
                    shell.refuse(format!("{email} has no sessions to revoke."));
                }
            }
        });
    }
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
                        let revoke_one = {
                            let (shell, user_id, session_id, on_changed) = (shell.clone(), props.user.id.clone(), session.id.clone(), props.on_changed.clone());
                            Callback::from(move |_: MouseEvent| {
                                let call = ipc::revoke_user_session(user_id.clone(), session_id.clone());
                                revoke(&shell, call, "Session revoked", &on_changed);
                            })
                        };
                        html! {
                            <tr key={session.id.clone()} data-testid={format!("session-{}", session.id)}>
                                <td title={session.user_agent.clone().unwrap_or_default()}>
                                    { device(session) }
                                    if session.impersonated_by.is_some() {
                                        <span class="chip chip--warning" data-testid="impersonation-marker">{ "impersonation" }</span>
                                    }
                                </td>
                                <td><code>{ session.ip_address.clone().unwrap_or_else(|| "—".into()) }</code></td>
                                <td title={local(session.created_at)}>{ relative(session.created_at, props.now) }</td>
                                <td title={local(session.expires_at)}>{ relative(session.expires_at, props.now) }</td>
                                <td><button class="button button--small" onclick={revoke_one} data-testid="revoke-session"
                                    disabled={cannot_revoke.is_some()} title={cannot_revoke.clone()}>{ "Revoke" }</button></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <section class="section">
            <div class="section__head">
                <h3>{ "Sessions" }</h3>
                <button class="button button--small button--danger-outline" disabled={!any || cannot_revoke.is_some()}
                    onclick={revoke_all.reform(|_| ())} title={tooltip(UserCommand::RevokeSessions, cannot_revoke.as_deref())}
                    data-testid="revoke-all">{ "Revoke all" }</button>
            </div>
            if let Some(reason) = cannot_revoke.clone() {
                <p class="muted unavailable" data-testid="revoke-unavailable">{ reason }</p>
            }
            { rows }
        </section>
    }
}
