use std::rc::Rc;

use authdesk_protocol::{FieldKind, OffsetDateTime, SortDirection, StartMark, UserField, UserPage};
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::format::{RowTimes, lower};
use crate::state::Selection;
use crate::state::fields::{display, label};
use crate::state::{UsersQuery, roles_shown};

/// A tick in the selection column: one row (with shift, a range), or the header's whole page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowPick {
    Row { index: usize, shift: bool },
    Page,
}

/// The core columns: heading, sort field, and the class that sizes the column (`styles.css`;
/// the name and the email share what the others leave, two parts to three).
const COLUMNS: [(&str, UserField, &str); 6] = [
    ("Name", UserField::Name, "users__col-name"),
    ("Email", UserField::Email, "users__col-email"),
    ("Roles", UserField::Role, "users__col-roles"),
    ("Status", UserField::Banned, "users__col-status"),
    ("Verified", UserField::EmailVerified, "users__col-verified"),
    ("Created", UserField::CreatedAt, "users__col-created"),
];

#[derive(Properties, PartialEq)]
pub struct UserTableProps {
    pub page: Rc<UserPage>,
    pub query: UsersQuery,
    pub now: OffsetDateTime,
    pub cursor: Option<usize>,
    /// True while a newer page is on its way: the rows stay, dimmed, so nothing jumps.
    pub stale: bool,
    pub on_sort: Callback<UserField>,
    pub on_open: Callback<String>,
    /// The server's own fields shown after the core columns.
    #[prop_or_default]
    pub columns: Rc<Vec<(String, FieldKind)>>,
    pub selection: Selection,
    pub on_select: Callback<RowPick>,
}

#[function_component]
pub fn UserTable(props: &UserTableProps) -> Html {
    use_effect_with((), |()| crate::hooks::mark_start(StartMark::FirstRows));
    let table = use_node_ref();
    {
        // How many of the server's fields are shown, for the table's least width (`styles.css`).
        // Set through the style object: the window's CSP refuses style attributes.
        let table = table.clone();
        use_effect_with(props.columns.len(), move |fields| {
            if let Some(table) = table.cast::<HtmlElement>() {
                let _ = table.style().set_property("--fields", &fields.to_string());
            }
        });
    }
    // Worked out once per page and clock tick, not on every render of the table (a keystroke,
    // a cursor move): the rows get shared text to compare.
    let times = use_memo((props.page.clone(), props.now), |(page, now)| {
        let of = |user| RowTimes::of(user, *now);
        page.users.iter().map(of).collect::<Vec<_>>()
    });
    // Rows lead with the role a "role contains" condition matched.
    let matching_role = props.query.role_condition().map(AttrValue::from);
    let ids: Vec<String> = props
        .page
        .users
        .iter()
        .map(|user| user.id.clone())
        .collect();
    html! {
        <table ref={table} class={classes!("users", "users--sized", props.stale.then_some("users--stale"))} data-testid="user-table">
            // Widths set per column (the table's layout is fixed; `styles.css` says why).
            <colgroup>
                <col class="users__col-pick" />
                { for COLUMNS.iter().map(|(.., class)| html! { <col class={*class} /> }) }
                { for props.columns.iter().map(|_| html! { <col class="users__col-field" /> }) }
            </colgroup>
            <thead>
                <tr>
                    <th class="users__pick">
                        <input type="checkbox" aria-label="Select this page" data-testid="select-page"
                            checked={props.selection.page_selected(&ids)}
                            onclick={props.on_select.reform(|_: MouseEvent| RowPick::Page)} />
                    </th>
                    { for COLUMNS.iter().map(|(label, field, _)| header(props, label, *field)) }
                    { for props.columns.iter().map(|(key, _)| html! {
                        <th title={key.clone()} data-testid={format!("column-head-{key}")}>{ label(key) }</th>
                    }) }
                </tr>
            </thead>
            <tbody onclick={row_clicks(props)} onmouseover={Callback::from(title_clipped_cell)}>
                { for props.page.users.iter().zip(times.iter()).enumerate().map(|(index, (user, times))| html! {
                    <UserRow key={user.id.clone()} page={props.page.clone()} {index} times={times.clone()}
                        cursor={props.cursor == Some(index)} picked={props.selection.contains(&user.id)}
                        columns={props.columns.clone()} matching_role={matching_role.clone()} />
                }) }
            </tbody>
        </table>
    }
}

/// One listener for every row: a click on a row opens its user, a tick in its first cell picks
/// it (with shift, a range) and a click beside the tick does nothing. Rows then carry no
/// callbacks, so a row whose user, cursor, tick and clock are unchanged is not rendered again.
fn row_clicks(props: &UserTableProps) -> Callback<MouseEvent> {
    let (page, on_open, on_select) = (
        props.page.clone(),
        props.on_open.clone(),
        props.on_select.clone(),
    );
    Callback::from(move |event: MouseEvent| {
        let Some(target) = event.target_dyn_into::<Element>() else {
            return;
        };
        let row = target.closest("tr[data-index]").ok().flatten();
        let Some(index) = row
            .and_then(|row| row.get_attribute("data-index"))
            .and_then(|index| index.parse::<usize>().ok())
        else {
            return;
        };
        if target.closest(".users__pick").ok().flatten().is_some() {
            if target.tag_name() == "INPUT" {
                on_select.emit(RowPick::Row {
                    index,
                    shift: event.shift_key(),
                });
            }
        } else if let Some(user) = page.users.get(index) {
            on_open.emit(user.id.clone());
        }
    })
}

/// A cell too narrow for its text ends in "…"; pointing at it shows the text whole. Worked
/// out as the pointer enters a cell rather than for every row as it renders, so a page of rows
/// costs nothing more, and always from what the cell shows now.
fn title_clipped_cell(event: MouseEvent) {
    let Some(cell) = event.target_dyn_into::<Element>().and_then(|target| {
        target
            .closest("td:not(.users__pick, .users__date)")
            .ok()
            .flatten()
    }) else {
        return;
    };
    let more_roles = cell.query_selector(".chip--more").ok().flatten().is_some();
    if !more_roles && cell.scroll_width() <= cell.client_width() {
        let _ = cell.remove_attribute("title");
        return;
    }
    // Roles are chips side by side: said as a list, the ones behind "+N" included.
    let chips = cell.query_selector_all(".chip:not(.chip--more)").ok();
    let text = match chips.filter(|chips| chips.length() > 0) {
        Some(chips) => (0..chips.length())
            .filter_map(|index| chips.item(index)?.text_content())
            .collect::<Vec<_>>()
            .join(", "),
        None => cell.text_content().unwrap_or_default(),
    };
    let _ = cell.set_attribute("title", &text);
}

fn header(props: &UserTableProps, label: &str, field: UserField) -> Html {
    let direction = props.query.sort_direction(field);
    let (arrow, aria) = match direction {
        Some(SortDirection::Asc) => ("▲", "ascending"),
        Some(SortDirection::Desc) => ("▼", "descending"),
        None => ("", "none"),
    };
    let on_click = props.on_sort.reform(move |_: MouseEvent| field);
    let test_id = format!("sort-{}", lower(label));
    html! {
        <th aria-sort={aria}>
            <button class="users__sort" onclick={on_click} data-testid={test_id}>
                { label }<span class="users__arrow">{ arrow }</span>
            </button>
        </th>
    }
}

/// A user's first role, then "+N" for the rest, which are in it, unseen, for screen readers and
/// the cell's tooltip: two roles rarely fit the column, and "user …" said nothing.
fn role_chips(roles: &[&str]) -> Html {
    let Some((first, rest)) = roles.split_first() else {
        return Html::default();
    };
    html! {
        <>
            <span class="chip">{ first }</span>
            if !rest.is_empty() {
                <span class="chip chip--more">
                    <span aria-hidden="true">{ format!("+{}", rest.len()) }</span>
                    { for rest.iter().map(|role| html! { <span class="chip chip--rest">{ role }</span> }) }
                </span>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct UserRowProps {
    /// The page the row's user is in, shared (compared by address first, so cheaply).
    page: Rc<UserPage>,
    index: usize,
    /// What the clock changes in the row, as shown, rather than the clock: a tick that changes
    /// none of it (most rows, most ticks) does not render the row again.
    times: RowTimes,
    cursor: bool,
    picked: bool,
    columns: Rc<Vec<(String, FieldKind)>>,
    /// What the view's "role contains" condition asks for: those roles come first.
    matching_role: Option<AttrValue>,
}

#[function_component]
fn UserRow(props: &UserRowProps) -> Html {
    let Some(user) = props.page.users.get(props.index) else {
        return Html::default();
    };
    let RowTimes {
        status,
        tone,
        created,
    } = &props.times;
    html! {
        <tr data-testid={format!("user-row-{}", user.id)} data-index={props.index.to_string()}
            class={classes!("users__row", props.cursor.then_some("users__row--cursor"))}
            aria-selected={props.cursor.to_string()}>
            <td class="users__pick">
                <input type="checkbox" aria-label={format!("Select {}", user.email)}
                    data-testid={format!("select-{}", user.id)} checked={props.picked} />
            </td>
            <td class="users__name">{ &user.name }</td>
            <td class="users__email">{ &user.email }</td>
            <td class="users__roles">{ role_chips(&roles_shown(&user.roles, props.matching_role.as_deref())) }</td>
            <td><span class={classes!("status", format!("status--{tone}"))} data-testid="user-status">{ &**status }</span></td>
            <td>{ if user.email_verified { "Yes" } else { "No" } }</td>
            <td class="users__date" title={user.created_at.date().to_string()}>{ &**created }</td>
            { for props.columns.iter().map(|(key, kind)| {
                let value = user.custom_fields.get(key).cloned().unwrap_or_default();
                html! { <td class="users__field">{ display(*kind, &value).unwrap_or_default() }</td> }
            }) }
        </tr>
    }
}
