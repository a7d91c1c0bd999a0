use std::time::Duration;

use authdesk_protocol::{
    ApiError, IMPERSONATION_TIME_UP, IMPERSONATION_WARNINGS, ImpersonationStarted,
    ImpersonationView,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::format::{device, local, relative, span};
use crate::hooks::use_now;
use crate::ipc;
use crate::shell::use_shell;

#[derive(Properties, PartialEq)]
pub struct ImpersonationPageProps {
    pub started: ImpersonationStarted,
    /// Called once the admin is back as themself.
    pub on_ended: Callback<()>,
}

/// The app as the impersonated user sees it, under a banner that cannot be missed: who, how long
/// is left, and Stop. Warns at 5 and 1 minute left and stops by itself at zero.
#[function_component]
pub fn ImpersonationPage(props: &ImpersonationPageProps) -> Html {
    let shell = use_shell();
    let now = use_now(Duration::from_secs(1));
    let view = use_state(|| None::<Result<ImpersonationView, ApiError>>);
    let stopping = use_state(|| false);
    let left = props.started.ends_at - now;
    // Warnings already past when the impersonation started are not given.
    let warned = use_state(|| {
        IMPERSONATION_WARNINGS
            .iter()
            .filter(|(before_end, _)| left.whole_seconds() <= i64::from(*before_end))
            .count()
    });

    let stop = {
        let (shell, on_ended, stopping) = (shell.clone(), props.on_ended.clone(), stopping.clone());
        Callback::from(move |why: &'static str| {
            if *stopping {
                return;
            }
            stopping.set(true);
            let (shell, on_ended, stopping) = (shell.clone(), on_ended.clone(), stopping.clone());
            spawn_local(async move {
                match ipc::stop_impersonating().await {
                    Ok(_) => {
                        shell.success(why);
                        on_ended.emit(());
                    }
                    Err(error) => {
                        stopping.set(false);
                        shell.fail(error);
                    }
                }
            });
        })
    };
    {
        let (view, shell) = (view.clone(), shell.clone());
        use_effect_with((), move |()| {
            spawn_local(async move {
                let answer = ipc::impersonation_view().await;
                // The backend ended an impersonation left unwatched on a locked console.
                if let Err(error) = &answer
                    && error.code == authdesk_protocol::ErrorCode::Locked
                {
                    shell.fail(error.clone());
                }
                view.set(Some(answer));
            });
        });
    }
    {
        // The warnings before the end, and the automatic stop at zero.
        let (shell, warned, stop) = (shell.clone(), warned.clone(), stop.clone());
        let seconds_left = left.whole_seconds();
        use_effect_with(seconds_left, move |seconds_left| {
            let seconds_left = *seconds_left;
            if seconds_left <= 0 {
                stop.emit(IMPERSONATION_TIME_UP);
                return;
            }
            // The nearest warning reached and not yet given (the first is the earliest).
            let reached = IMPERSONATION_WARNINGS
                .iter()
                .rposition(|(before_end, _)| seconds_left <= i64::from(*before_end));
            if let Some(index) = reached
                && *warned <= index
            {
                warned.set(index + 1);
                let message = IMPERSONATION_WARNINGS[index].1;
                shell
                    .toast
                    .emit((crate::state::ToastKind::Error, message.into()));
            }
        });
    }

    let urgency = match left.whole_seconds() {
        ..=60 => "banner--urgent",
        61..=300 => "banner--soon",
        _ => "",
    };
    let user = &props.started.user;
    html! {
        <main class="content impersonation">
            <div class={classes!("banner", urgency)} role="alert" data-testid="impersonation-banner">
                <div>
                    <strong>{ "You are seeing the app as " }{ &user.name }</strong>
                    <span class="banner__email">{ format!(" ({})", user.email) }</span>
                    <div class="banner__reason">{ format!("Reason: {}", props.started.reason) }</div>
                </div>
                <div class="banner__clock" data-testid="impersonation-countdown">
                    { format!("{} left", span(left)) }
                </div>
                <button class="button" disabled={*stopping} data-testid="stop-impersonating"
                    onclick={let stop = stop.clone(); move |_| stop.emit("Impersonation stopped: you are back as yourself.")}>
                    { "Stop" }
                </button>
            </div>
            <p class="muted">{ "Admin actions are off until you stop. What follows is this user's own account, as the server shows it to them." }</p>
            { match &*view {
                None => html! { <p class="placeholder">{ "Loading…" }</p> },
                Some(Err(error)) => html! { <div class="alert alert--error" role="alert">{ &error.message }</div> },
                Some(Ok(view)) => html! {
                    <div class="card impersonation__card" data-testid="impersonation-view">
                        <h3>{ &view.user.name }</h3>
                        <p class="muted">{ &view.user.email }</p>
                        <h4>{ "Their sessions" }</h4>
                        if view.sessions.is_empty() {
                            <p class="placeholder">{ "No other sessions." }</p>
                        } else {
                            <table class="sessions">
                                <thead><tr><th>{ "Device" }</th><th>{ "Signed in" }</th><th>{ "Expires" }</th></tr></thead>
                                <tbody>
                                    { for view.sessions.iter().map(|session| html! {
                                        <tr key={session.id.clone()}>
                                            <td>{ device(session) }</td>
                                            <td title={local(session.created_at)}>{ relative(session.created_at, now) }</td>
                                            <td title={local(session.expires_at)}>{ relative(session.expires_at, now) }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        }
                    </div>
                },
            } }
        </main>
    }
}
