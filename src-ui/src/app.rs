use authdesk_protocol::ListUsersQuery;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::ipc;
use crate::pages::{HomePage, SignInPage};
use crate::state::{Action, AppState};

/// Rows on the first page after sign-in.
const FIRST_PAGE: ListUsersQuery = ListUsersQuery {
    limit: 25,
    offset: 0,
};

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            spawn_local(async move {
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
                    dispatcher.dispatch(match ipc::list_users(FIRST_PAGE).await {
                        Ok(page) => Action::UsersLoaded(page),
                        Err(error) => Action::UsersFailed(error),
                    });
                });
            }
        });
    }

    match &state.admin {
        None => html! { <SignInPage form={state.form.clone()} dispatcher={state.dispatcher()} /> },
        Some(admin) => html! {
            <HomePage admin={admin.clone()} users={state.users.clone()} dispatcher={state.dispatcher()} />
        },
    }
}
