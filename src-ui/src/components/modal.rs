use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ModalProps {
    pub title: AttrValue,
    pub test_id: AttrValue,
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub children: Children,
}

/// What a dialog focuses when it opens: its first box to type in, else the dialog itself, so
/// Esc and Tab work there whether it was opened by a click or by a key.
const FIRST_FOCUS: &str = "input:not([disabled]), select:not([disabled]), textarea:not([disabled])";

/// What Tab moves between inside a dialog.
const TABBABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// A dialog over the page, rendered at the end of `<body>` so no scrolling panel clips it.
/// It takes the focus when it opens, keeps Tab and Shift+Tab inside it, and gives the focus
/// back when it closes; Esc or the backdrop closes it.
#[function_component]
pub fn Modal(props: &ModalProps) -> Html {
    let card = use_node_ref();
    // Where the focus was, read as the dialog first renders: by its effect, a field inside may
    // have taken the focus already (a `TextField` with `autofocus` focuses from its own effect).
    let before = use_memo((), |()| {
        focused().and_then(|element| element.dyn_into::<HtmlElement>().ok())
    });
    {
        let card = card.clone();
        use_effect_with((), move |()| {
            if let Some(card) = card.cast::<HtmlElement>() {
                let first = card
                    .query_selector(FIRST_FOCUS)
                    .ok()
                    .flatten()
                    .and_then(|element| element.dyn_into::<HtmlElement>().ok());
                let focused_inside = focused().is_some_and(|element| card.contains(Some(&element)));
                if !focused_inside {
                    let _ = first.unwrap_or(card).focus();
                }
            }
            move || {
                if let Some(before) = before
                    .as_ref()
                    .as_ref()
                    .filter(|element| element.is_connected())
                {
                    let _ = before.focus();
                }
            }
        });
    }
    let on_backdrop = props.on_close.reform(|_: MouseEvent| ());
    let on_key = {
        let (on_close, card) = (props.on_close.clone(), card.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.stop_propagation();
                on_close.emit(());
            }
            "Tab" => {
                if let Some(card) = card.cast::<HtmlElement>() {
                    keep_tab_inside(&card, &event);
                }
            }
            _ => {}
        })
    };
    let dialog = html! {
        <div class="modal" onkeydown={on_key}>
            <div class="modal__backdrop" onclick={on_backdrop}></div>
            <div ref={card} tabindex="-1" class="modal__card card" role="dialog" aria-modal="true" aria-label={props.title.clone()}
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

/// The element that has the focus now.
fn focused() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}

/// Moves the focus round from the last tabbable element to the first (and back with Shift), so
/// Tab never leaves the dialog for the page beneath it.
fn keep_tab_inside(card: &HtmlElement, event: &KeyboardEvent) {
    let Ok(tabbable) = card.query_selector_all(TABBABLE) else {
        return;
    };
    let at = |index: u32| {
        tabbable
            .item(index)
            .and_then(|node| node.dyn_into::<HtmlElement>().ok())
    };
    let (Some(first), Some(last)) = (at(0), at(tabbable.length().saturating_sub(1))) else {
        return;
    };
    let active = focused();
    let is = |element: &HtmlElement| active.as_ref() == Some(element.as_ref());
    let leaving_backwards = event.shift_key() && (is(&first) || is(card));
    if leaving_backwards || (!event.shift_key() && is(&last)) {
        event.prevent_default();
        let _ = if event.shift_key() { last } else { first }.focus();
    }
}
