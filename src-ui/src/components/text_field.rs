use authdesk_protocol::ApiError;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field_shell;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_input: Callback<String>,
    #[prop_or("text".into())]
    pub kind: AttrValue,
    #[prop_or_default]
    pub placeholder: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub autocomplete: AttrValue,
    #[prop_or_default]
    pub error: Option<ApiError>,
    /// Takes the focus when it first shows. Not the `autofocus` attribute: WebKit applies that
    /// at its next style pass, which can come while the admin already types in another field,
    /// and puts the caret before what they typed.
    #[prop_or_default]
    pub autofocus: bool,
    /// Shown but not editable (a value the organisation sets).
    #[prop_or_default]
    pub disabled: bool,
}

/// A labelled input with its hint, and its error right beneath it when the server blamed it.
#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let input = use_node_ref();
    {
        let (input, autofocus) = (input.clone(), props.autofocus);
        use_effect_with((), move |()| {
            if autofocus {
                crate::hooks::focus(&input);
            }
        });
    }
    let oninput = props
        .on_input
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value());
    let error_id = format!("{}-error", props.id);
    field_shell(
        &props.id,
        &props.label,
        props.error.clone(),
        props.hint.as_deref(),
        html! {
                <input
                    ref={input}
                    id={props.id.clone()}
                    data-testid={props.id.clone()}
                    type={props.kind.clone()}
                    value={props.value.clone()}
                    placeholder={props.placeholder.clone()}
                    autocomplete={props.autocomplete.clone()}
                    disabled={props.disabled}
                    spellcheck="false"
                    aria-invalid={props.error.is_some().to_string()}
                    aria-describedby={error_id}
                    {oninput}
                />
        },
    )
}
