use web_sys::KeyboardEvent;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ModalProps {
    pub title: AttrValue,
    pub test_id: AttrValue,
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub children: Children,
}

/// A dialog over the page, rendered at the end of `<body>` so no scrolling panel clips it.
/// Esc or the backdrop closes it.
#[function_component]
pub fn Modal(props: &ModalProps) -> Html {
    let on_backdrop = props.on_close.reform(|_: MouseEvent| ());
    let on_key = {
        let on_close = props.on_close.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.stop_propagation();
                on_close.emit(());
            }
        })
    };
    let dialog = html! {
        <div class="modal" onkeydown={on_key}>
            <div class="modal__backdrop" onclick={on_backdrop}></div>
            <div class="modal__card card" role="dialog" aria-modal="true" aria-label={props.title.clone()}
                data-testid={props.test_id.clone()}>
                <h3 class="modal__title">{ &props.title }</h3>
                { for props.children.iter() }
            </div>
        </div>
    };
    match web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.body())
    {
        Some(body) => create_portal(dialog, body.into()),
        None => dialog,
    }
}
