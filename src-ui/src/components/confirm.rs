use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::Modal;

/// A question put before something that cannot be undone.
#[derive(Clone, PartialEq)]
pub struct ConfirmRequest {
    pub title: String,
    pub body: String,
    pub action: String,
    /// When set, the action stays disabled until exactly this is typed (case aside).
    pub typed: Option<String>,
    pub on_confirm: Callback<()>,
}

#[derive(Properties, PartialEq)]
pub struct ConfirmDialogProps {
    pub request: ConfirmRequest,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ConfirmDialog(props: &ConfirmDialogProps) -> Html {
    let typed = use_state(String::new);
    let request = &props.request;
    let allowed = request
        .typed
        .as_ref()
        .is_none_or(|expected| crate::state::forms::deletion_confirmed(&typed, expected));
    let confirm = {
        let on_confirm = request.on_confirm.clone();
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| {
            on_confirm.emit(());
            on_close.emit(());
        })
    };
    let on_type = {
        let typed = typed.clone();
        Callback::from(move |event: InputEvent| {
            typed.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    html! {
        <Modal title={request.title.clone()} test_id="confirm-dialog" on_close={props.on_close.clone()}>
            <p class="modal__body">{ &request.body }</p>
            if let Some(expected) = &request.typed {
                <div class="field">
                    <label for="confirm-typed">{ format!("Type {expected} to confirm") }</label>
                    <input id="confirm-typed" data-testid="confirm-typed" value={(*typed).clone()}
                        oninput={on_type} autocomplete="off" spellcheck="false" />
                </div>
            }
            <div class="modal__actions">
                <button class="button" onclick={props.on_close.reform(|_| ())} data-testid="confirm-cancel">
                    { "Cancel" }
                </button>
                <button class="button button--danger" onclick={confirm} disabled={!allowed}
                    data-testid="confirm-accept">
                    { &request.action }
                </button>
            </div>
        </Modal>
    }
}
