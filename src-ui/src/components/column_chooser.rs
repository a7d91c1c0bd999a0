//! Which of the server's own user fields the users table shows, kept in the profile.

use authdesk_protocol::{MAX_TABLE_COLUMNS, UserFields};
use yew::prelude::*;

use crate::state::fields::label;

#[derive(Properties, PartialEq)]
pub struct ColumnChooserProps {
    pub fields: UserFields,
    pub chosen: Vec<String>,
    pub on_change: Callback<Vec<String>>,
}

#[function_component]
pub fn ColumnChooser(props: &ColumnChooserProps) -> Html {
    if props.fields.fields.is_empty() {
        return html! {};
    }
    let full = props.chosen.len() >= MAX_TABLE_COLUMNS;
    let toggle = |key: String| {
        let (chosen, on_change) = (props.chosen.clone(), props.on_change.clone());
        Callback::from(move |_: Event| {
            let mut next = chosen.clone();
            match next.iter().position(|column| *column == key) {
                Some(at) => {
                    next.remove(at);
                }
                None => next.push(key.clone()),
            }
            on_change.emit(next);
        })
    };
    html! {
        <details class="columns" data-testid="columns">
            <summary class="button">{ "Columns" }</summary>
            <div class="columns__menu">
                <p class="muted">{ "This server's fields, as columns:" }</p>
                { for props.fields.fields.iter().map(|field| {
                    let on = props.chosen.contains(&field.key);
                    html! {
                        <label class="check">
                            <input type="checkbox" checked={on} disabled={full && !on}
                                data-testid={format!("column-{}", field.key)} onchange={toggle(field.key.clone())} />
                            { label(&field.key) }
                        </label>
                    }
                }) }
            </div>
        </details>
    }
}
