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
    // index.html shows a splash in #app until now; the app takes the element's place.
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("app"))
        .expect("index.html has an #app element");
    root.set_inner_html("");
    yew::Renderer::<app::App>::with_root(root).render();
}
