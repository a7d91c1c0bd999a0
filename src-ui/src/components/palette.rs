//! The command palette (Ctrl/⌘+K): type part of an email, a name or an id to find a user, or
//! a word to find a page or a saved view; ↑ ↓ move, Enter runs, Esc closes. And the sheet of
//! every keyboard shortcut (`?`).

use std::time::Duration;

use authdesk_protocol::{
    ListUsersQuery, MenuCommand, Profile, SearchField, SearchOperator, UserSearch, UserSummary,
};
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::Modal;
use crate::hooks::use_typing_pause;
use crate::ipc;
use crate::shell::use_shell;
use crate::state::palette::{
    PALETTE_USERS, PaletteContext, PaletteItem, PaletteRun, SHORTCUTS, UserCommand, commands,
    matching, moved, user_items,
};

/// Typing waits this long for the next key before asking the server for users.
const FIND_PAUSE: Duration = Duration::from_millis(150);

/// Users whose email or name holds `typed`, and the user whose id it is.
async fn find_users(typed: &str) -> Vec<UserSummary> {
    let search = |field, value: &str| ListUsersQuery {
        search: Some(UserSearch {
            field,
            operator: SearchOperator::Contains,
            value: value.to_owned(),
        }),
        ..ListUsersQuery::page(PALETTE_USERS as u32, 0)
    };
    let mut found = Vec::new();
    if authdesk_protocol::checks::check_user_id(typed).is_ok()
        && let Ok(user) = ipc::get_user(typed.to_owned()).await
    {
        found.push(user);
    }
    for field in [SearchField::Email, SearchField::Name] {
        if let Ok(page) = ipc::list_users(search(field, typed)).await {
            found.extend(page.users);
        }
    }
    found
}

#[derive(Properties, PartialEq)]
pub struct CommandPaletteProps {
    /// The email of the user whose panel is open, whose actions the palette then offers.
    pub open_user: Option<AttrValue>,
    pub on_run: Callback<PaletteRun>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn CommandPalette(props: &CommandPaletteProps) -> Html {
    let shell = use_shell();
    let typed = use_state(String::new);
    let users = use_state(Vec::<UserSummary>::new);
    let cursor = use_state(|| 0_usize);
    let input = use_node_ref();
    let latest = use_mut_ref(|| 0_u64);
    let pause = use_typing_pause(FIND_PAUSE);
    let profiles = use_state(Vec::<Profile>::new);
    {
        let profiles = profiles.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                if let Ok(list) = ipc::list_profiles().await {
                    profiles.set(list);
                }
            });
        });
    }
    {
        let input = input.clone();
        use_effect_with((), move |()| crate::hooks::focus(&input));
    }
    {
        let (users, latest, pause) = (users.clone(), latest.clone(), pause.clone());
        use_effect_with((*typed).clone(), move |typed| {
            *latest.borrow_mut() += 1;
            let asked = *latest.borrow();
            let typed = typed.trim().to_owned();
            spawn_local(async move {
                if typed.chars().count() < 2 {
                    return users.set(Vec::new());
                }
                pause.rest().await;
                if *latest.borrow() != asked {
                    return;
                }
                let found = find_users(&typed).await;
                // An answer to what was typed before is dropped.
                if *latest.borrow() == asked {
                    users.set(found);
                }
            });
        });
    }
    let mut items = user_items(&users);
    let context = PaletteContext {
        open_user: props.open_user.as_deref(),
        views: &shell.admin.profile.settings.views,
        profiles: &profiles,
        current_profile: &shell.admin.profile.id,
    };
    items.extend(matching(commands(&context), &typed));
    let at = (*cursor).min(items.len().saturating_sub(1));

    let run = {
        let (on_run, on_close) = (props.on_run.clone(), props.on_close.clone());
        Callback::from(move |item: PaletteItem| {
            on_close.emit(());
            on_run.emit(item.run);
        })
    };
    let on_input = {
        let (typed, cursor) = (typed.clone(), cursor.clone());
        Callback::from(move |event: InputEvent| {
            pause.typed();
            typed.set(event.target_unchecked_into::<HtmlInputElement>().value());
            cursor.set(0);
        })
    };
    let on_key = {
        let (cursor, items, run) = (cursor.clone(), items.clone(), run.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                event.prevent_default();
                let step = if event.key() == "ArrowDown" { 1 } else { -1 };
                cursor.set(moved(at, items.len(), step));
            }
            "Enter" => {
                event.prevent_default();
                if let Some(item) = items.get(at) {
                    run.emit(item.clone());
                }
            }
            _ => {}
        })
    };
    html! {
        <Modal title="Go to…" test_id="palette" on_close={props.on_close.clone()}>
            <input ref={input} class="palette__input" data-testid="palette-input" aria-label="Find a user, a view or a page"
                placeholder="Email, name or id of a user; an action; a view; a page" spellcheck="false"
                role="combobox" aria-expanded="true" aria-controls="palette-items"
                aria-activedescendant={(!items.is_empty()).then(|| format!("palette-item-{at}"))}
                oninput={on_input} onkeydown={on_key} />
            <ul class="palette__items" id="palette-items" role="listbox" data-testid="palette-items">
                { for items.iter().enumerate().map(|(index, item)| {
                    let choose = { let (run, item) = (run.clone(), item.clone()); move |_: MouseEvent| run.emit(item.clone()) };
                    html! {
                        <li id={format!("palette-item-{index}")} role="option" aria-selected={(index == at).to_string()}
                            class={classes!("palette__item", (index == at).then_some("palette__item--on"))}
                            data-testid="palette-item" onclick={choose}>
                            <span class="palette__group">{ item.group }</span>
                            <span class="palette__label">{ &item.label }</span>
                            if let Some(key) = item.shortcut {
                                <kbd class="palette__key">{ key }</kbd>
                            }
                        </li>
                    }
                }) }
                if items.is_empty() {
                    <li class="palette__none muted">{ "Nothing matches. Type part of an email, a name or an id." }</li>
                }
            </ul>
        </Modal>
    }
}

#[derive(Properties, PartialEq)]
pub struct ShortcutsSheetProps {
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ShortcutsSheet(props: &ShortcutsSheetProps) -> Html {
    html! {
        <Modal title="Keyboard shortcuts" test_id="shortcuts" on_close={props.on_close.clone()}>
            <p class="modal__body">{ "On macOS, ⌘ takes the place of Ctrl." }</p>
            <dl class="shortcuts">
                { for SHORTCUTS.iter().map(|(key, what)| shortcut(key, what)) }
            </dl>
            <h3 class="shortcuts__head">{ "From the menu" }</h3>
            <dl class="shortcuts" data-testid="shortcuts-menu">
                { for MenuCommand::ALL.iter().filter_map(|command| command.key_text().map(|key| shortcut(&key, &command.text()))) }
            </dl>
            <h3 class="shortcuts__head">{ "With a user open" }</h3>
            <dl class="shortcuts" data-testid="shortcuts-user">
                { for UserCommand::ALL.iter().map(|command| shortcut(command.key(), command.label())) }
            </dl>
            <div class="modal__actions">
                <button class="button button--primary" data-testid="shortcuts-close"
                    onclick={props.on_close.reform(|_| ())}>{ "Close" }</button>
            </div>
        </Modal>
    }
}

/// One row of the sheet: a key and what it does (one copy of its markup for the three lists).
fn shortcut(key: &str, what: &str) -> Html {
    html! { <><dt><kbd>{ key.to_owned() }</kbd></dt><dd>{ what.to_owned() }</dd></> }
}
