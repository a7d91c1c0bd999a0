use authdesk_protocol::{AdminIdentity, EnvironmentColour};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::UserTable;
use crate::format::count_of;
use crate::ipc;
use crate::state::{Action, AppState, UsersView};

#[derive(Properties, PartialEq)]
pub struct HomePageProps {
    pub admin: AdminIdentity,
    pub users: UsersView,
    pub dispatcher: UseReducerDispatcher<AppState>,
}

#[function_component]
pub fn HomePage(props: &HomePageProps) -> Html {
    let on_sign_out = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            let dispatcher = dispatcher.clone();
            spawn_local(async move {
                // Whatever the server says, this window forgets the session.
                let _ = ipc::sign_out().await;
                dispatcher.dispatch(Action::SignedOut);
            });
        })
    };
    let admin = &props.admin;

    html! {
        <div class="shell">
            <header class="topbar">
                <div class="brand brand--small">
                    <img src="assets/logo.svg" alt="" class="brand__logo" />
                    <span class="brand__name">{ "Authdesk" }</span>
                </div>
                <span class={classes!("server", format!("server--{}", colour_name(admin.profile.settings.colour)))}
                    title={admin.profile.settings.base_url.clone()} data-testid="server">
                    { &admin.profile.settings.name }
                </span>
                <div class="topbar__spacer"></div>
                <div class="who">
                    <span class="who__name" data-testid="admin-name">{ &admin.name }</span>
                    <span class="who__email">{ &admin.email }</span>
                </div>
                <button class="button" onclick={on_sign_out} data-testid="sign-out">{ "Sign out" }</button>
            </header>
            if let Some(notice) = &admin.keyring_notice {
                <div class="alert alert--warning" role="status" data-testid="keyring-notice">{ notice }</div>
            }
            <main class="content">
                <div class="content__head">
                    <h2>{ "Users" }</h2>
                    { users_count(&props.users) }
                </div>
                { users_body(&props.users) }
            </main>
        </div>
    }
}

fn users_count(users: &UsersView) -> Html {
    match users {
        UsersView::Loaded(page) => html! {
            <span class="count" data-testid="user-total" data-total={page.total.to_string()}>
                { count_of(page.total, "user") }
            </span>
        },
        _ => html! { <span class="count count--pending">{ "…" }</span> },
    }
}

fn users_body(users: &UsersView) -> Html {
    match users {
        UsersView::Loading => {
            html! { <p class="placeholder" data-testid="users-loading">{ "Loading users…" }</p> }
        }
        UsersView::Failed(error) => html! {
            <div class="alert alert--error" role="alert" data-testid="users-error">{ &error.message }</div>
        },
        UsersView::Loaded(page) if page.users.is_empty() => html! {
            <p class="placeholder" data-testid="users-empty">{ "No users on this server yet." }</p>
        },
        UsersView::Loaded(page) => html! { <UserTable users={page.users.clone()} /> },
    }
}

fn colour_name(colour: EnvironmentColour) -> &'static str {
    match colour {
        EnvironmentColour::Red => "red",
        EnvironmentColour::Amber => "amber",
        EnvironmentColour::Green => "green",
        EnvironmentColour::Blue => "blue",
        EnvironmentColour::Grey => "grey",
    }
}
