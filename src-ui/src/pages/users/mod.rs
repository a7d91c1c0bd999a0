use std::time::Duration;

use authdesk_protocol::{ApiError, Field, SearchField, UserSummary, checks};
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{
    BulkFlow, BulkStart, ColumnChooser, CreateUserDialog, ExportDialog, SavedViews, UserTable,
    ViewFilters, use_table_columns,
};
use crate::format::count_of;
use crate::hooks::{now, use_keydown, use_now, use_typing_pause};
use crate::ipc;
use crate::shell::use_shell;
use crate::state::forms;
use crate::state::{
    PAGE_SIZES, SEARCH_FIELDS, SEARCH_OPERATORS, Selection, UsersAction, UsersQuery, UsersResult,
    UsersState, search_field_from_key, search_operator_from_key,
};

/// Better Auth compares names as the database does: on PostgreSQL (Neon), capitals and all.
const NAME_SEARCH_NOTE: &str =
    "On PostgreSQL servers (Neon) names match with their capitals: type “Zoë”, not “zoë”.";

mod bulk;
mod keyboard;

use bulk::{bulk_bar, bulk_selection, select_rows, selected_label};
use keyboard::keyboard;

/// Typing in the search box waits this long for the next key before asking the server.
const SEARCH_PAUSE: Duration = Duration::from_millis(250);

#[derive(Properties, PartialEq)]
pub struct UsersPageProps {
    pub on_open: Callback<String>,
    /// While a user's panel is open the table keeps its state but ignores the keyboard.
    pub panel_open: bool,
    /// Bumped when a user changed elsewhere: the page is fetched again.
    pub changes: u32,
    /// A saved view chosen elsewhere (the palette), numbered so the same one can come twice.
    #[prop_or_default]
    pub shown_view: Option<(u32, authdesk_protocol::TableView)>,
    /// Bumped when the menu asks for an export: the export dialog opens.
    #[prop_or_default]
    pub export_asked: u32,
}

#[function_component]
pub fn UsersPage(props: &UsersPageProps) -> Html {
    let shell = use_shell();
    let cannot_create = shell.lacks(authdesk_protocol::AuditAction::CreateUser.needs());
    // The view shown last on this profile is shown again.
    let state = {
        let settings = shell.admin.profile.settings.clone();
        use_reducer(move || {
            let last = settings
                .views
                .iter()
                .find(|saved| Some(&saved.name) == settings.last_view.as_ref());
            let state = UsersState::default();
            match last {
                Some(saved) => UsersState {
                    query: state.query.showing(&saved.view),
                    ..state
                },
                None => state,
            }
        })
    };
    let creating = use_state(|| false);
    let exporting = use_state(|| false);
    let clock = use_now(Duration::from_secs(15));
    let search_box = use_node_ref();
    let selection = use_state(Selection::default);
    // The bulk action under way (or one found at start that a crash or quit cut short).
    let bulk = use_state(|| None::<BulkStart>);
    {
        let bulk = bulk.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                if let Ok(Some(progress)) = ipc::bulk_progress().await {
                    bulk.set(Some(BulkStart::Report(progress)));
                }
            });
        });
    }
    {
        // A new question is a new view: what was selected in the old one is not carried over.
        let selection = selection.clone();
        let view = UsersQuery {
            page: 0,
            ..state.query.clone()
        };
        use_effect_with(view, move |_| selection.set(Selection::default()));
    }
    // The newest question, for a debounced request to see whether it is still wanted.
    let latest_generation = use_mut_ref(|| 0_u64);
    *latest_generation.borrow_mut() = state.generation;
    let pause = use_typing_pause(SEARCH_PAUSE);

    // The first page is asked for as the page first renders, not once it is built: on start,
    // building it runs the UI's code for the first time (100 ms and more), and the answer is on
    // its way meanwhile.
    let first_request = use_mut_ref(|| Some(ipc::list_users(state.query.to_request(now()))));
    {
        // One request per question; an answer to an older question is dropped by the reducer.
        let (dispatcher, shell, latest) =
            (state.dispatcher(), shell.clone(), latest_generation.clone());
        let (query, typed, pause) = (state.query.clone(), state.typed, pause.clone());
        let first_request = first_request.borrow_mut().take();
        use_effect_with(state.generation, move |generation| {
            let generation = *generation;
            spawn_local(async move {
                if typed {
                    pause.rest().await;
                    if *latest.borrow() != generation {
                        return;
                    }
                }
                let request =
                    first_request.unwrap_or_else(|| ipc::list_users(query.to_request(now())));
                match request.await {
                    Ok(page) => dispatcher.dispatch(UsersAction::Loaded { generation, page }),
                    Err(error) => {
                        if crate::state::ends_session(&error) {
                            shell.fail(error.clone());
                        }
                        dispatcher.dispatch(UsersAction::Failed { generation, error });
                    }
                }
            });
        });
    }
    // After the list's request, so a server that answers one request at a time (Node) sends
    // the first rows before it works out its fields.
    let columns = use_table_columns(&shell);
    {
        let dispatcher = state.dispatcher();
        use_effect_with(props.changes, move |changes| {
            if *changes > 0 {
                dispatcher.dispatch(UsersAction::Reload);
            }
        });
    }
    {
        let dispatcher = state.dispatcher();
        use_effect_with(props.shown_view.clone(), move |shown| {
            if let Some((_, view)) = shown {
                dispatcher.dispatch(UsersAction::Show(view.clone()));
            }
        });
    }
    use_keydown(keyboard(
        &state,
        props.panel_open || *creating || *exporting || bulk.is_some(),
        search_box.clone(),
        props.on_open.clone(),
        state
            .result
            .page()
            .map_or_else(Callback::noop, |page| select_rows(&selection, page)),
    ));

    let dispatch = |make: fn(String) -> UsersAction| {
        let dispatcher = state.dispatcher();
        Callback::from(move |value: String| dispatcher.dispatch(make(value)))
    };
    let on_search = dispatch(UsersAction::Search).reform(move |event: InputEvent| {
        pause.typed();
        event.target_unchecked_into::<HtmlInputElement>().value()
    });
    let on_field = dispatch(|value| UsersAction::SearchField(search_field_from_key(&value)))
        .reform(select_value);
    let on_operator =
        dispatch(|value| UsersAction::SearchOperator(search_operator_from_key(&value)))
            .reform(select_value);
    let on_action = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action| dispatcher.dispatch(action))
    };
    let on_page_size =
        dispatch(|value| UsersAction::PageSize(value.parse().unwrap_or(PAGE_SIZES[0])))
            .reform(select_value);
    let go_to = |page: u32| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(UsersAction::Page(page)))
    };
    let on_sort = {
        let dispatcher = state.dispatcher();
        Callback::from(move |field| dispatcher.dispatch(UsersAction::SortBy(field)))
    };
    let on_retry = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(UsersAction::Reload))
    };
    let on_created = {
        let (creating, on_open, dispatcher) =
            (creating.clone(), props.on_open.clone(), state.dispatcher());
        Callback::from(move |user: UserSummary| {
            creating.set(false);
            dispatcher.dispatch(UsersAction::Reload);
            on_open.emit(user.id);
        })
    };

    let open_id_error = use_state(|| None::<ApiError>);
    let on_open_id = {
        let (on_open, open_id_error) = (props.on_open.clone(), open_id_error.clone());
        Callback::from(move |event: KeyboardEvent| {
            if event.key() != "Enter" {
                return;
            }
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let id = input.value().trim().to_owned();
            if id.is_empty() {
                return open_id_error.set(None);
            }
            // What is typed stays in the box when it is not an id.
            match checks::check_user_id(&id) {
                Ok(()) => {
                    open_id_error.set(None);
                    input.set_value("");
                    on_open.emit(id);
                }
                Err(problem) => open_id_error.set(Some(problem)),
            }
        })
    };
    let query = &state.query;
    // Checked here as the backend checks it, and shown at the box rather than over the table.
    let search_error = forms::check_search(&query.search)
        .err()
        .or_else(|| match &state.result {
            UsersResult::Failed(error)
                if error.is_at(Field::Search) || error.is_at(Field::Filter) =>
            {
                Some(error.clone())
            }
            _ => None,
        });
    let can_export = state.result.page().is_some() && search_error.is_none();
    {
        // The menu's Export users… asks as the button does; while the search box holds a
        // search no server takes, it goes to the box and its message instead.
        let (exporting, search_box) = (exporting.clone(), search_box.clone());
        let refused = search_error.is_some();
        use_effect_with(props.export_asked, move |asked| {
            if *asked > 0 && !crate::hooks::dialog_open() {
                if can_export {
                    exporting.set(true);
                } else if refused {
                    crate::hooks::focus(&search_box);
                }
            }
        });
    }
    let page_number = query.page;
    let last_page = state.page_count() - 1;
    let loading = matches!(state.result, UsersResult::Loading(_));

    html! {
        <main class="content">
            <div class="content__head">
                <h2>{ "Users" }</h2>
                if let Some(page) = state.result.page() {
                    <span class="count" data-testid="user-total" data-total={page.total.to_string()}>
                        { count_of(page.total, "user") }
                    </span>
                }
                if let Some(label) = state.scan_label() {
                    <span class="count count--scan" data-testid="scan-label"
                        title="The server takes one condition at a time: it was sent the narrowest, and Authdesk checked the rest on every user it answered with.">
                        { label }
                    </span>
                }
                <div class="content__tools">
                    <SavedViews current={query.view()} on_show={on_action.reform(UsersAction::Show)} />
                    <ColumnChooser fields={columns.fields.clone()} chosen={columns.chosen.clone()} on_change={columns.on_change.clone()} />
                    <button class="button" data-testid="export-users" disabled={!can_export}
                        onclick={let exporting = exporting.clone(); move |_| exporting.set(true)}>{ "Export…" }</button>
                </div>
            </div>
            <div class={classes!("toolbar", (search_error.is_some() || open_id_error.is_some()
                || (query.search_field == SearchField::Name && !query.search.is_empty())).then_some("toolbar--with-error"))}>
                <div class={classes!("search", search_error.is_some().then_some("search--invalid"))}>
                    <input ref={search_box} type="search" class="search__input" data-testid="users-search"
                        aria-label="Search users" placeholder="Search…  ( / )" value={query.search.clone()}
                        oninput={on_search} spellcheck="false" />
                    <select data-testid="users-search-field" aria-label="Search in" onchange={on_field}>
                        { for SEARCH_FIELDS.iter().map(|(field, key)| html! {
                            <option value={*key} selected={query.search_field == *field}>{ *key }</option>
                        }) }
                    </select>
                    <select data-testid="users-search-operator" aria-label="Match" onchange={on_operator}>
                        { for SEARCH_OPERATORS.iter().map(|(operator, key, label)| html! {
                            <option value={*key} selected={query.search_operator == *operator}>{ *label }</option>
                        }) }
                    </select>
                    if let Some(problem) = search_error.clone() {
                        <p class="field__error search__error" data-testid="users-search-error">{ problem.message }</p>
                    } else if query.search_field == SearchField::Name && !query.search.is_empty() {
                        <p class="field__hint search__error" data-testid="name-search-note">{ NAME_SEARCH_NOTE }</p>
                    }
                </div>
                <ViewFilters conditions={query.conditions.clone()} fields={columns.fields.clone()} on_action={on_action.clone()} />
                <div class="toolbar__spacer"></div>
                <div class={classes!("open-id-box", open_id_error.is_some().then_some("open-id-box--invalid"))}>
                    <input class="open-id" data-testid="open-user-id" aria-label="Open a user by id"
                        placeholder="Open user by id…" spellcheck="false" onkeydown={on_open_id} />
                    if let Some(problem) = (*open_id_error).clone() {
                        <p class="field__error search__error" data-testid="open-user-id-error">{ problem.message }</p>
                    }
                </div>
                <button class="button button--primary" data-testid="new-user"
                    disabled={cannot_create.is_some()} title={cannot_create.clone()}
                    onclick={let creating = creating.clone(); move |_| creating.set(true)}>{ "New user" }</button>
            </div>

            if !selection.is_empty() {
                { bulk_bar(&selection, &bulk, state.result.page()) }
            }
            if let Some(start) = (*bulk).clone() {
                <BulkFlow {start} selection={bulk_selection(&selection, &state.query)}
                    count={selected_label(&selection, state.result.page())}
                    on_close={let bulk = bulk.clone(); move |()| bulk.set(None)}
                    on_changed={
                        let (dispatcher, selection) = (state.dispatcher(), selection.clone());
                        move |()| { selection.set(Selection::default()); dispatcher.dispatch(UsersAction::Reload); }
                    } />
            }
            { match &state.result {
                UsersResult::Failed(error) if search_error.is_none() => html! {
                    <div class="alert alert--error users-error" role="alert" data-testid="users-error">
                        <span>{ &error.message }</span>
                        <button class="button" onclick={on_retry} data-testid="users-retry">{ "Try again" }</button>
                    </div>
                },
                UsersResult::Loading(None) => html! {
                    <p class="placeholder" data-testid="users-loading">{ "Loading users…" }</p>
                },
                result => {
                    let page = result.shared().cloned().unwrap_or_default();
                    let on_select = select_rows(&selection, &page);
                    if page.users.is_empty() && !loading {
                        let text = match page.scan {
                            Some(scan) if !scan.complete => format!(
                                "None of the {} users scanned so far match. “Next ›” scans further.",
                                crate::format::thousands(scan.scanned)
                            ),
                            _ => "No users match. Change the search or the filters.".to_owned(),
                        };
                        html! { <p class="placeholder" data-testid="users-empty">{ text }</p> }
                    } else {
                        html! {
                            <div class="table-scroll">
                                <UserTable page={page.clone()} query={query.clone()} now={clock} cursor={state.cursor}
                                    stale={loading} on_sort={on_sort} on_open={props.on_open.clone()}
                                    columns={columns.shown.clone()} selection={(*selection).clone()}
                                    {on_select} />
                            </div>
                        }
                    }
                }
            } }

            <footer class="pager">
                <label class="pager__size">
                    { "Rows" }
                    <select data-testid="page-size" onchange={on_page_size}>
                        { for PAGE_SIZES.iter().map(|size| html! {
                            <option value={size.to_string()} selected={query.page_size == *size}>{ size }</option>
                        }) }
                    </select>
                </label>
                <span class="pager__range" data-testid="users-range"
                    data-total={state.result.page().map(|page| page.total.to_string())}>
                    { state.range_label().unwrap_or_default() }
                </span>
                <button class="button" data-testid="page-prev" disabled={page_number == 0} onclick={go_to(page_number.saturating_sub(1))}>
                    { "‹ Previous" }
                </button>
                <button class="button" data-testid="page-next" disabled={page_number >= last_page} onclick={go_to(page_number + 1)}>
                    { "Next ›" }
                </button>
            </footer>
            if *creating {
                <CreateUserDialog on_created={on_created} on_close={let creating = creating.clone(); move |()| creating.set(false)} />
            }
            if *exporting {
                <ExportDialog query={state.query.to_request(now())} total={state.result.page().map_or(0, |page| page.total)}
                    fields={columns.fields.clone()} shown={columns.chosen.clone()}
                    on_close={let exporting = exporting.clone(); move |()| exporting.set(false)} />
            }
        </main>
    }
}

fn select_value(event: Event) -> String {
    event.target_unchecked_into::<HtmlSelectElement>().value()
}
