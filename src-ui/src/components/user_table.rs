use authdesk_protocol::{FieldKind, OffsetDateTime, SortDirection, UserField, UserSummary};
use yew::prelude::*;

use crate::format::{ban_label, relative};
use crate::state::Selection;
use crate::state::UsersQuery;
use crate::state::fields::{display, label};

/// A tick in the selection column: one row (with shift, a range), or the header's whole page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowPick {
    Row { index: usize, shift: bool },
    Page,
}

const COLUMNS: [(&str, UserField); 6] = [
    ("Name", UserField::Name),
    ("Email", UserField::Email),
    ("Roles", UserField::Role),
    ("Status", UserField::Banned),
    ("Verified", UserField::EmailVerified),
    ("Created", UserField::CreatedAt),
];

#[derive(Properties, PartialEq)]
pub struct UserTableProps {
    pub users: Vec<UserSummary>,
    pub query: UsersQuery,
    pub now: OffsetDateTime,
    pub cursor: Option<usize>,
    /// True while a newer page is on its way: the rows stay, dimmed, so nothing jumps.
    pub stale: bool,
    pub on_sort: Callback<UserField>,
    pub on_open: Callback<String>,
    /// The server's own fields shown after the core columns.
    #[prop_or_default]
    pub columns: Vec<(String, FieldKind)>,
    pub selection: Selection,
    pub on_select: Callback<RowPick>,
}

#[function_component]
pub fn UserTable(props: &UserTableProps) -> Html {
    let ids: Vec<String> = props.users.iter().map(|user| user.id.clone()).collect();
    html! {
        <table class={classes!("users", props.stale.then_some("users--stale"))} data-testid="user-table">
            <thead>
                <tr>
                    <th class="users__pick">
                        <input type="checkbox" aria-label="Select this page" data-testid="select-page"
                            checked={props.selection.page_selected(&ids)}
                            onclick={props.on_select.reform(|_: MouseEvent| RowPick::Page)} />
                    </th>
                    { for COLUMNS.iter().map(|(label, field)| header(props, label, *field)) }
                    { for props.columns.iter().map(|(key, _)| html! {
                        <th title={key.clone()} data-testid={format!("column-head-{key}")}>{ label(key) }</th>
                    }) }
                </tr>
            </thead>
            <tbody>
                { for props.users.iter().enumerate().map(|(index, user)| row(props, index, user)) }
            </tbody>
        </table>
    }
}

fn header(props: &UserTableProps, label: &str, field: UserField) -> Html {
    let direction = props.query.sort_direction(field);
    let (arrow, aria) = match direction {
        Some(SortDirection::Asc) => ("▲", "ascending"),
        Some(SortDirection::Desc) => ("▼", "descending"),
        None => ("", "none"),
    };
    let on_click = props.on_sort.reform(move |_: MouseEvent| field);
    let test_id = format!("sort-{}", label.to_lowercase());
    html! {
        <th aria-sort={aria}>
            <button class="users__sort" onclick={on_click} data-testid={test_id}>
                { label }<span class="users__arrow">{ arrow }</span>
            </button>
        </th>
    }
}

fn row(props: &UserTableProps, index: usize, user: &UserSummary) -> Html {
    let (status, tone) = ban_label(&user.ban, props.now);
    let id = user.id.clone();
    let on_click = props.on_open.reform(move |_: MouseEvent| id.clone());
    let selected = props.cursor == Some(index);
    html! {
        <tr key={user.id.clone()} data-testid={format!("user-row-{}", user.id)} onclick={on_click}
            class={classes!("users__row", selected.then_some("users__row--cursor"))}
            aria-selected={selected.to_string()}>
            <td class="users__pick" onclick={|event: MouseEvent| event.stop_propagation()}>
                <input type="checkbox" aria-label={format!("Select {}", user.email)}
                    data-testid={format!("select-{}", user.id)} checked={props.selection.contains(&user.id)}
                    onclick={props.on_select.reform(move |event: MouseEvent| {
                        event.stop_propagation();
                        RowPick::Row { index, shift: event.shift_key() }
                    })} />
            </td>
            <td class="users__name">{ &user.name }</td>
            <td class="users__email">{ &user.email }</td>
            <td class="users__roles">{ for user.roles.iter().map(|role| html! { <span class="chip">{ role }</span> }) }</td>
            <td><span class={classes!("status", format!("status--{tone}"))} data-testid="user-status">{ status }</span></td>
            <td>{ if user.email_verified { "Yes" } else { "No" } }</td>
            <td class="users__date" title={user.created_at.date().to_string()}>{ relative(user.created_at, props.now) }</td>
            { for props.columns.iter().map(|(key, kind)| {
                let value = user.custom_fields.get(key).cloned().unwrap_or_default();
                html! { <td class="users__field">{ display(*kind, &value).unwrap_or_default() }</td> }
            }) }
        </tr>
    }
}
