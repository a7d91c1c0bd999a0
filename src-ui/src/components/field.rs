use authdesk_protocol::ApiError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldShellProps {
    /// The id (and test id) of the input inside; its error is `<id>-error`.
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub error: Option<ApiError>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

/// A labelled field around any input (text, text area, combo box), with the error the input
/// caused right beneath it, or else its hint.
#[function_component]
pub fn FieldShell(props: &FieldShellProps) -> Html {
    let error_id = format!("{}-error", props.id);
    html! {
        <div class={classes!("field", props.error.is_some().then_some("field--invalid"))}>
            <label for={props.id.clone()}>{ &props.label }</label>
            { props.children.clone() }
            if let Some(error) = &props.error {
                <p class="field__error" id={error_id.clone()} data-testid={error_id}>{ &error.message }</p>
            } else if let Some(hint) = &props.hint {
                <p class="field__hint">{ hint }</p>
            }
        </div>
    }
}
