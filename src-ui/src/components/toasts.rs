use std::time::Duration;

use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

use crate::state::{Toast, ToastKind};

/// How long a note stays before it goes by itself.
const SHOWN_FOR: Duration = Duration::from_secs(5);

#[derive(Properties, PartialEq)]
pub struct ToastStackProps {
    pub toasts: Vec<Toast>,
    pub on_dismiss: Callback<u64>,
}

#[function_component]
pub fn ToastStack(props: &ToastStackProps) -> Html {
    let newest = props.toasts.last().map(|toast| toast.id);
    {
        let on_dismiss = props.on_dismiss.clone();
        use_effect_with(newest, move |newest| {
            if let Some(id) = *newest {
                spawn_local(async move {
                    sleep(SHOWN_FOR).await;
                    on_dismiss.emit(id);
                });
            }
        });
    }
    html! {
        <div class="toasts" aria-live="polite">
            { for props.toasts.iter().map(|toast| {
                let id = toast.id;
                let kind = match toast.kind { ToastKind::Success => "success", ToastKind::Error => "error" };
                html! {
                    <div key={id} class={classes!("toast", format!("toast--{kind}"))} data-testid={format!("toast-{kind}")}
                        role={if toast.kind == ToastKind::Error { "alert" } else { "status" }}>
                        <span>{ &toast.text }</span>
                        <button class="toast__close" aria-label="Dismiss"
                            onclick={props.on_dismiss.reform(move |_| id)}>{ "×" }</button>
                    </div>
                }
            }) }
        </div>
    }
}
