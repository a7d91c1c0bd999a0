//! The conditions a view combines, as chips with their values, and the menu that adds one.

use authdesk_protocol::{OffsetDateTime, UserFields, ViewCondition};
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use crate::state::fields::label;
use crate::state::{
    CONDITION_OPTIONS, FIELD_KEY_PREFIX, UsersAction, condition_from_key, condition_label,
};

#[derive(Properties, PartialEq)]
pub struct ViewFiltersProps {
    pub conditions: Vec<ViewCondition>,
    /// The server's own fields, offered as conditions too.
    pub fields: UserFields,
    pub on_action: Callback<UsersAction>,
}

#[function_component]
pub fn ViewFilters(props: &ViewFiltersProps) -> Html {
    let on_add = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: Event| {
            let select = event.target_unchecked_into::<HtmlSelectElement>();
            let key = select.value();
            // The menu is a menu, not a state: it goes back to its prompt.
            select.set_value("");
            match condition_from_key(&key, local_midnight(None)) {
                Some(condition) => on_action.emit(UsersAction::AddCondition(condition)),
                None if key == "everyone" => on_action.emit(UsersAction::ClearConditions),
                None => {}
            }
        })
    };
    html! {
        <>
            <select class="add-filter" data-testid="users-filter" aria-label="Add a filter" onchange={on_add}>
                <option value="" selected=true>{ "Add filter…" }</option>
                { for CONDITION_OPTIONS.iter().map(|(key, text)| html! {
                    <option value={*key}>{ *text }</option>
                }) }
                if !props.fields.fields.is_empty() {
                    <optgroup label="This server's fields">
                        { for props.fields.fields.iter().map(|field| html! {
                            <option value={format!("{FIELD_KEY_PREFIX}{}", field.key)}>
                                { format!("{} is…", label(&field.key)) }
                            </option>
                        }) }
                    </optgroup>
                }
            </select>
            { for props.conditions.iter().enumerate().map(|(index, condition)| {
                chip(index, condition, &props.on_action)
            }) }
        </>
    }
}

/// Enter in a chip's box applies what is typed, as leaving the box does.
fn apply_on_enter(event: KeyboardEvent) {
    if event.key() == "Enter" {
        let _ = event.target_unchecked_into::<HtmlElement>().blur();
    }
}

fn chip(index: usize, condition: &ViewCondition, on_action: &Callback<UsersAction>) -> Html {
    let text = condition_label(condition);
    let edit = |make: fn(String) -> Option<ViewCondition>| {
        let on_action = on_action.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            if let Some(condition) = make(value) {
                on_action.emit(UsersAction::EditCondition(index, condition));
            }
        })
    };
    let input = match condition {
        ViewCondition::RoleContains { role } => html! {
            <input class="chip__input" data-testid="condition-role" aria-label="Role" value={role.clone()}
                spellcheck="false" onkeydown={apply_on_enter} onchange={edit(|role| Some(ViewCondition::RoleContains { role: role.trim().to_owned() }))} />
        },
        ViewCondition::CreatedAfter { at } => html! {
            <input type="date" class="chip__input" data-testid="condition-after" aria-label={text.clone()}
                value={date_value(*at)} onchange={edit(|date| parse_date(&date).map(|at| ViewCondition::CreatedAfter { at }))} />
        },
        ViewCondition::CreatedBefore { at } => html! {
            <input type="date" class="chip__input" data-testid="condition-before" aria-label={text.clone()}
                value={date_value(*at)} onchange={edit(|date| parse_date(&date).map(|at| ViewCondition::CreatedBefore { at }))} />
        },
        ViewCondition::FieldEquals { key, value } => {
            let on_action = on_action.clone();
            let key_for_edit = key.clone();
            let on_change = Callback::from(move |event: Event| {
                let value = event.target_unchecked_into::<HtmlInputElement>().value();
                on_action.emit(UsersAction::EditCondition(
                    index,
                    ViewCondition::FieldEquals {
                        key: key_for_edit.clone(),
                        value: value.trim().to_owned(),
                    },
                ));
            });
            html! {
                <input class="chip__input" data-testid={format!("condition-{key}")} aria-label={text.clone()}
                    value={value.clone()} placeholder="value" spellcheck="false" onkeydown={apply_on_enter} onchange={on_change} />
            }
        }
        _ => html! {},
    };
    let on_remove = {
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(UsersAction::RemoveCondition(index)))
    };
    html! {
        <span class="chip chip--condition" data-testid="condition">
            <span class="chip__label">{ &text }</span>
            { input }
            <button class="chip__remove" data-testid="condition-remove" aria-label={format!("Remove filter: {text}")}
                title="Remove this filter" onclick={on_remove}>{ "×" }</button>
        </span>
    }
}

/// Midnight at the start of a local day (today without one), as the OS time zone has it then.
fn local_midnight(day: Option<(u32, u32, u32)>) -> OffsetDateTime {
    let date = match day {
        Some((year, month, day)) => {
            js_sys::Date::new_with_year_month_day(year, month as i32 - 1, day as i32)
        }
        None => {
            let now = js_sys::Date::new_0();
            js_sys::Date::new_with_year_month_day(
                now.get_full_year(),
                now.get_month() as i32,
                now.get_date() as i32,
            )
        }
    };
    let nanos = (date.get_time() * 1_000_000.0) as i128;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// A date input's `yyyy-mm-dd` as local midnight; `None` while it is not a whole date.
fn parse_date(text: &str) -> Option<OffsetDateTime> {
    let mut parts = text.split('-').map(|part| part.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| local_midnight(Some((year, month, day))))
}

/// The local day an instant falls on, as a date input's value.
fn date_value(at: OffsetDateTime) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        (at.unix_timestamp_nanos() / 1_000_000) as f64,
    ));
    format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    )
}
