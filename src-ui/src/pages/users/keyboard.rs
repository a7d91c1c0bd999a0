//! The users page's keys: the search box, moving through the rows, picking and opening them.

use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::components::RowPick;
use crate::state::{UsersAction, UsersState};

/// `/` focuses the search box; ↑ and ↓ move through the rows; Space selects the row (Shift for
/// a range); Enter opens it.
pub(super) fn keyboard(
    state: &UseReducerHandle<UsersState>,
    busy: bool,
    search_box: NodeRef,
    on_open: Callback<String>,
    on_select: Callback<RowPick>,
) -> Callback<KeyboardEvent> {
    let (dispatcher, cursor) = (state.dispatcher(), state.cursor);
    let page = state.result.shared().cloned().unwrap_or_default();
    Callback::from(move |event: KeyboardEvent| {
        let typing = crate::hooks::typing_in(&event);
        if busy || event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        match event.key().as_str() {
            "/" if !typing => {
                event.prevent_default();
                crate::hooks::focus(&search_box);
            }
            "ArrowDown" if !typing || cursor.is_none() => {
                event.prevent_default();
                dispatcher.dispatch(UsersAction::MoveCursor(1));
            }
            "ArrowUp" if !typing => {
                event.prevent_default();
                dispatcher.dispatch(UsersAction::MoveCursor(-1));
            }
            " " if !typing && cursor.is_some() => {
                event.prevent_default();
                if let Some(index) = cursor {
                    on_select.emit(RowPick::Row {
                        index,
                        shift: event.shift_key(),
                    });
                }
            }
            "Enter" if !typing => {
                if let Some(user) = cursor.and_then(|index| page.users.get(index)) {
                    on_open.emit(user.id.clone());
                }
            }
            _ => {}
        }
    })
}
