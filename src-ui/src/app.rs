use authdesk_protocol::{RestoredSession, StartMark};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{LockScreen, ToastStack, UpdateBanner};
use crate::hooks::use_idle;
use crate::ipc;
use crate::pages::{ConsolePage, SignInPage};
use crate::shell::Shell;
use crate::state::{Action, AppState, ToastAction, ToastKind, Toasts};

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let toasts = use_reducer(Toasts::default);

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            crate::hooks::mark_start(StartMark::FirstRender);
            spawn_local(async move {
                let restored =
                    ipc::restore_session()
                        .await
                        .unwrap_or_else(|error| RestoredSession {
                            admin: None,
                            impersonating: None,
                            notice: Some(error),
                            locked: None,
                        });
                crate::hooks::mark_start(StartMark::SessionAnswered);
                dispatcher.dispatch(Action::Restored(Box::new(restored)));
            });
        });
    }

    // Memoised, so the Shell context stays equal while the admin does: a toast coming or going
    // re-renders the toast stack, not every form under the context.
    let toast = use_callback(toasts.dispatcher(), |(kind, text), toasts| {
        toasts.dispatch(ToastAction::Show(kind, text))
    });
    let end_session = use_callback(state.dispatcher(), |error, dispatcher| {
        dispatcher.dispatch(Action::SessionEnded(error))
    });
    let lock = use_callback(state.dispatcher(), |reason, dispatcher| {
        dispatcher.dispatch(Action::Locked(reason))
    });
    let refresh_admin = use_callback(state.dispatcher(), |(), dispatcher| {
        let dispatcher = dispatcher.clone();
        spawn_local(async move {
            if let Ok(restored) = ipc::restore_session().await
                && let Some(admin) = restored.admin
            {
                dispatcher.dispatch(Action::AdminRefreshed(admin));
            }
        });
    });
    // The window's own idle clock: hidden at the profile's idle time, even before the backend
    // refuses the next command.
    let idle_minutes = state
        .admin
        .as_ref()
        .map_or(0, |admin| admin.profile.settings.idle_lock_minutes());
    use_idle(
        idle_minutes,
        state.admin.is_some() && !state.console_hidden(),
        {
            let (dispatcher, minutes) = (state.dispatcher(), idle_minutes);
            Callback::from(move |()| {
                dispatcher.dispatch(Action::Locked(authdesk_protocol::lock::idle_lock(minutes)))
            })
        },
    );
    let dismiss = {
        let toasts = toasts.dispatcher();
        Callback::from(move |id| toasts.dispatch(ToastAction::Dismiss(id)))
    };

    let screen = if state.restoring {
        html! {
            <main class="splash" data-testid="restoring">
                <img src="assets/logo.svg" alt="" class="splash__logo" />
                <p>{ "Opening Authdesk…" }</p>
            </main>
        }
    } else if let Some(admin) = &state.admin {
        let shell = Shell {
            admin: admin.clone(),
            toast: toast.clone(),
            end_session: end_session.clone(),
            lock,
            refresh_admin,
        };
        let prompt = state.locked.clone().map(|reason| {
            let confirming = reason.code != authdesk_protocol::ErrorCode::Locked;
            let on_unlocked = {
                let toast = toast.clone();
                Callback::from(move |()| {
                    if confirming {
                        toast.emit((
                            ToastKind::Success,
                            format!(
                                "Confirmed for the next {} minutes. Run the action again.",
                                authdesk_protocol::lock::FRESH_PROOF_MINUTES
                            ),
                        ));
                    }
                })
            };
            let on_sign_out = crate::shell::sign_out(state.dispatcher());
            html! {
                <LockScreen key="lock" admin={admin.clone()} {reason} form={state.form.clone()}
                    dispatcher={state.dispatcher()} {on_unlocked} {on_sign_out} />
            }
        });
        // Hidden rather than unmounted while locked, so a half-typed form survives the lock; keyed,
        // so the prompt coming and going never makes the console a new element.
        html! {
            <>
                // Keyed by the session, so a switch to another deployment starts a fresh console.
                <div key={format!("console-{}-{}", admin.profile.id, admin.id)} class="console-frame" hidden={state.console_hidden()}>
                    <ContextProvider<Shell> context={shell}>
                        <ConsolePage dispatcher={state.dispatcher()} impersonating={state.impersonating.clone()} />
                    </ContextProvider<Shell>>
                </div>
                { for prompt }
            </>
        }
    } else {
        html! { <SignInPage form={state.form.clone()} dispatcher={state.dispatcher()} switched_from={state.switched_from.clone()} /> }
    };
    html! {
        <>
            { screen }
            <UpdateBanner />
            <ToastStack toasts={toasts.shown.clone()} on_dismiss={dismiss} />
        </>
    }
}
