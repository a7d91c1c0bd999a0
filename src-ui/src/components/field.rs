use authdesk_protocol::ApiError;
use yew::prelude::*;

/// A labelled field around any input (text, text area, combo box), with the error the input
/// caused right beneath it, or else its hint. `id` is the input's id (and test id); its error's
/// is `<id>-error`. A function, not a component: the input must render in its form's own pass,
/// or a render of the form's older state could reset what is being typed.
pub fn field_shell(
    id: &str,
    label: &str,
    error: Option<ApiError>,
    hint: Option<&str>,
    input: Html,
) -> Html {
    let error_id = format!("{id}-error");
    html! {
        <div class={classes!("field", error.is_some().then_some("field--invalid"))}>
            <label for={id.to_owned()}>{ label }</label>
            { input }
            if let Some(error) = error {
                <p class="field__error" id={error_id.clone()} data-testid={error_id}>{ error.message }</p>
            } else if let Some(hint) = hint {
                <p class="field__hint">{ hint.to_owned() }</p>
            }
        </div>
    }
}
