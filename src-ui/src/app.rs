use authdesk_protocol::RestoredSession;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::ToastStack;
use crate::ipc;
use crate::pages::{ConsolePage, SignInPage};
use crate::shell::Shell;
use crate::state::{Action, AppState, ToastAction, Toasts};

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let toasts = use_reducer(Toasts::default);

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            spawn_local(async move {
                let restored =
                    ipc::restore_session()
                        .await
                        .unwrap_or_else(|error| RestoredSession {
                            admin: None,
                            impersonating: None,
                            notice: Some(error),
                        });
                dispatcher.dispatch(Action::Restored(Box::new(restored)));
                if let Ok(defaults) = ipc::sign_in_defaults().await {
                    dispatcher.dispatch(Action::DefaultsLoaded(defaults));
                }
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
            toast,
            end_session,
        };
        html! {
            <ContextProvider<Shell> context={shell}>
                <ConsolePage dispatcher={state.dispatcher()} impersonating={state.impersonating.clone()} />
            </ContextProvider<Shell>>
        }
    } else {
        html! { <SignInPage form={state.form.clone()} dispatcher={state.dispatcher()} /> }
    };
    html! {
        <>
            { screen }
            <ToastStack toasts={toasts.shown.clone()} on_dismiss={dismiss} />
        </>
    }
}
