use authdesk_protocol::{ListUsersQuery, RestoredSession};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::ipc;
use crate::pages::{HomePage, SignInPage};
use crate::state::{Action, AppState};

/// Rows on the first page after sign-in.
const FIRST_PAGE_SIZE: u32 = 25;

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            spawn_local(async move {
                let restored =
                    ipc::restore_session()
                        .await
                        .unwrap_or_else(|error| RestoredSession {
                            admin: None,
                            notice: Some(error),
                        });
                dispatcher.dispatch(Action::Restored(restored));
                if let Ok(defaults) = ipc::sign_in_defaults().await {
                    dispatcher.dispatch(Action::DefaultsLoaded(defaults));
                }
            });
        });
    }

    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.admin.clone(), move |admin| {
            if admin.is_some() {
                spawn_local(async move {
                    dispatcher.dispatch(
                        match ipc::list_users(ListUsersQuery::page(FIRST_PAGE_SIZE, 0)).await {
                            Ok(page) => Action::UsersLoaded(page),
                            Err(error) => Action::UsersFailed(error),
                        },
                    );
                });
            }
        });
    }

    if state.restoring {
        return html! { <main class="splash" data-testid="restoring">{ "Opening Authdesk…" }</main> };
    }
    match &state.admin {
        None => html! { <SignInPage form={state.form.clone()} dispatcher={state.dispatcher()} /> },
        Some(admin) => html! {
            <HomePage admin={admin.clone()} users={state.users.clone()} dispatcher={state.dispatcher()} />
        },
    }
}
