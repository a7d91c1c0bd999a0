//! Which of the server's own user fields the users table shows, kept in the profile.

use std::rc::Rc;

use authdesk_protocol::{FieldKind, MAX_TABLE_COLUMNS, UserFields};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, Node};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::hooks::use_document_event;
use crate::ipc;
use crate::shell::{Shell, run};
use crate::state::fields::label;

/// The server's own fields, the columns the profile keeps, the callback that changes them, and
/// the chosen columns with their kinds, for the table.
pub struct TableColumns {
    pub fields: UserFields,
    pub chosen: Vec<String>,
    pub on_change: Callback<Vec<String>>,
    pub shown: Rc<Vec<(String, FieldKind)>>,
}

/// Learns the server's fields once and keeps the chosen columns in the signed-in profile.
#[hook]
pub fn use_table_columns(shell: &Shell) -> TableColumns {
    let fields = use_state(UserFields::default);
    let chosen = use_state(|| shell.admin.profile.settings.table_columns.clone());
    {
        let fields = fields.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                if let Ok(known) = ipc::user_fields().await {
                    fields.set(known);
                }
            });
        });
    }
    let on_change = {
        let (chosen, shell) = (chosen.clone(), shell.clone());
        Callback::from(move |columns: Vec<String>| {
            chosen.set(columns.clone());
            let profile = shell.admin.profile.clone();
            let mut settings = profile.settings.clone();
            settings.table_columns = columns;
            let done = shell.clone();
            run(
                Some(&shell),
                None,
                ipc::save_profile(Some(profile.id), settings),
                move |_| done.refresh_admin.emit(()),
            );
        })
    };
    // One list while neither changes, so the table's rows see the same columns and stay as drawn.
    let shown = use_memo(
        ((*fields).clone(), (*chosen).clone()),
        |(fields, chosen)| {
            chosen
                .iter()
                .filter_map(|key| fields.field(key).map(|field| (key.clone(), field.kind)))
                .collect::<Vec<_>>()
        },
    );
    TableColumns {
        fields: (*fields).clone(),
        chosen: (*chosen).clone(),
        on_change,
        shown,
    }
}

#[derive(Properties, PartialEq)]
pub struct ColumnChooserProps {
    pub fields: UserFields,
    pub chosen: Vec<String>,
    pub on_change: Callback<Vec<String>>,
}

#[function_component]
pub fn ColumnChooser(props: &ColumnChooserProps) -> Html {
    let menu = use_node_ref();
    use_document_event("pointerdown", close_menu(&menu));
    use_document_event("keydown", close_menu(&menu));
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
        <details ref={menu} class="columns" data-testid="columns">
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

/// The menu closes as a menu does: at a click outside it, or at Escape (which leaves the caret
/// on its button rather than on a box no longer shown).
fn close_menu(menu: &NodeRef) -> Callback<Event> {
    let menu = menu.clone();
    Callback::from(move |event: Event| {
        let Some(details) = menu
            .cast::<Element>()
            .filter(|menu| menu.has_attribute("open"))
        else {
            return;
        };
        if let Some(key) = event.dyn_ref::<KeyboardEvent>() {
            if key.key() == "Escape" {
                let _ = details.remove_attribute("open");
                if let Some(button) = details.first_element_child() {
                    let _ = button.unchecked_into::<HtmlElement>().focus();
                }
            }
        } else if !event
            .target()
            .and_then(|target| target.dyn_into::<Node>().ok())
            .is_some_and(|target| details.contains(Some(&target)))
        {
            let _ = details.remove_attribute("open");
        }
    })
}
