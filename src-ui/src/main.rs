//! Authdesk's user interface. It talks only to the app's own backend commands (see `ipc`);
//! it never sees a cookie or a session token.

mod app;
mod components;
mod format;
mod hooks;
mod ipc;
mod pages;
mod shell;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
