//! The users page's side of bulk actions: ticks in the table, the bar over it, and what the
//! selection means to the backend.

use authdesk_protocol::{BulkSelection, UserPage};
use yew::prelude::*;

use crate::components::{BulkBar, BulkStart, RowPick};
use crate::format::count_of;
use crate::hooks::now;
use crate::state::{Selection, UsersQuery};

/// Ticks in the table change the selection; `page` gives the rows' ids in order.
pub(super) fn select_rows(
    selection: &UseStateHandle<Selection>,
    page: &UserPage,
) -> Callback<RowPick> {
    let ids: Vec<String> = page.users.iter().map(|user| user.id.clone()).collect();
    let selection = selection.clone();
    Callback::from(move |pick: RowPick| {
        let mut next = (*selection).clone();
        match pick {
            RowPick::Row { index, shift } => next.click(&ids, index, shift),
            RowPick::Page => next.toggle_page(&ids),
        }
        selection.set(next);
    })
}

/// "12 users", or "all 1,204 matching users".
pub(super) fn selected_label(selection: &Selection, page: Option<&UserPage>) -> String {
    match (selection.all_matching, page) {
        (true, Some(page)) => {
            let noun = if page.total == 1 { "user" } else { "users" };
            format!("all {} matching {noun}", crate::state::matched(page))
        }
        _ => count_of(selection.ids.len() as u64, "user"),
    }
}

pub(super) fn bulk_selection(selection: &Selection, query: &UsersQuery) -> BulkSelection {
    if selection.all_matching {
        BulkSelection::Matching {
            query: query.to_request(now()),
        }
    } else {
        BulkSelection::Users {
            ids: selection.ids.clone(),
        }
    }
}

pub(super) fn bulk_bar(
    selection: &UseStateHandle<Selection>,
    bulk: &UseStateHandle<Option<BulkStart>>,
    page: Option<&UserPage>,
) -> Html {
    let ids: Vec<String> = page
        .map(|page| page.users.iter().map(|user| user.id.clone()).collect())
        .unwrap_or_default();
    let matching = page
        .filter(|page| {
            !selection.all_matching
                && selection.page_selected(&ids)
                && page.total > ids.len() as u64
        })
        .map(crate::state::matched);
    let label = format!("{} selected", selected_label(selection, page));
    let on_select_all = {
        let selection = selection.clone();
        Callback::from(move |()| {
            let mut next = (*selection).clone();
            next.select_all_matching();
            selection.set(next);
        })
    };
    let on_clear = {
        let selection = selection.clone();
        Callback::from(move |()| selection.set(Selection::default()))
    };
    let on_action = {
        let bulk = bulk.clone();
        Callback::from(move |kind| bulk.set(Some(BulkStart::Action(kind))))
    };
    html! { <BulkBar {label} {matching} {on_select_all} {on_clear} {on_action} /> }
}
