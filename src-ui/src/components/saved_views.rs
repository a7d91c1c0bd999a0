//! The views a profile keeps, beside the table: pick one to show it, save the one shown under a
//! name, delete the one shown. The view picked is kept as the profile's last, shown at the next
//! start.

use authdesk_protocol::{ApiError, ProfileSettings, SavedView, TableView, check_view_name};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::format::lower;
use crate::ipc;
use crate::shell::{Shell, run, use_shell};

#[derive(Properties, PartialEq)]
pub struct SavedViewsProps {
    /// The view the table shows now.
    pub current: TableView,
    pub on_show: Callback<TableView>,
}

/// Saves `edit`ed settings of the signed-in profile.
fn save(shell: &Shell, edit: impl FnOnce(&mut ProfileSettings)) {
    let profile = shell.admin.profile.clone();
    let mut settings = profile.settings.clone();
    edit(&mut settings);
    let done = shell.clone();
    run(
        Some(shell),
        None,
        ipc::save_profile(Some(profile.id), settings),
        move |_| done.refresh_admin.emit(()),
    );
}

#[function_component]
pub fn SavedViews(props: &SavedViewsProps) -> Html {
    let shell = use_shell();
    let naming = use_state(|| false);
    let name_error = use_state(|| None::<ApiError>);
    let name_box = use_node_ref();
    let views = &shell.admin.profile.settings.views;
    let shown = views.iter().find(|saved| saved.view == props.current);

    let on_pick = {
        let (shell, on_show, views) = (shell.clone(), props.on_show.clone(), views.clone());
        Callback::from(move |event: Event| {
            let name = event.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(saved) = views.iter().find(|saved| saved.name == name) {
                on_show.emit(saved.view.clone());
                save(&shell, |settings| settings.last_view = Some(name));
            }
        })
    };
    let on_save = {
        let (shell, naming, name_error, name_box, current) = (
            shell.clone(),
            naming.clone(),
            name_error.clone(),
            name_box.clone(),
            props.current.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(input) = name_box.cast::<HtmlInputElement>() else {
                return;
            };
            // What is typed stays in the box until it is a name the profile takes.
            let name = match check_view_name(&input.value()) {
                Ok(name) => name,
                Err(problem) => return name_error.set(Some(problem)),
            };
            name_error.set(None);
            naming.set(false);
            let view = current.clone();
            save(&shell, move |settings| {
                // Saving under a name that exists replaces that view.
                settings
                    .views
                    .retain(|saved| lower(&saved.name) != lower(&name));
                settings.views.push(SavedView {
                    name: name.clone(),
                    view,
                });
                settings.last_view = Some(name);
            });
        })
    };
    let on_delete = {
        let (shell, name) = (shell.clone(), shown.map(|saved| saved.name.clone()));
        Callback::from(move |_: MouseEvent| {
            let Some(name) = name.clone() else { return };
            save(&shell, move |settings| {
                settings.views.retain(|saved| saved.name != name);
                settings.last_view = None;
            });
        })
    };
    html! {
        <div class="views" data-testid="views">
            <select data-testid="saved-views" aria-label="Saved views" onchange={on_pick}>
                <option value="" selected={shown.is_none()} disabled=true>
                    { if views.is_empty() { "No saved views" } else { "Saved views…" } }
                </option>
                { for views.iter().map(|saved| html! {
                    <option value={saved.name.clone()} selected={shown.is_some_and(|shown| shown.name == saved.name)}>
                        { &saved.name }
                    </option>
                }) }
            </select>
            if *naming {
                <form class={classes!("views__name", name_error.is_some().then_some("views__name--invalid"))} onsubmit={on_save}>
                    <input ref={name_box} data-testid="view-name" aria-label="Name of the view" placeholder="Name this view"
                        aria-invalid={name_error.is_some().then_some("true")} spellcheck="false" />
                    <button class="button button--primary" type="submit" data-testid="view-save">{ "Save" }</button>
                    <button class="button" type="button" onclick={let naming = naming.clone(); move |_| naming.set(false)}>{ "Cancel" }</button>
                    if let Some(problem) = (*name_error).clone() {
                        <p class="field__error search__error" data-testid="view-name-error">{ problem.message }</p>
                    }
                </form>
            } else if shown.is_some() {
                <button class="button" data-testid="view-delete" title="Delete this saved view" onclick={on_delete}>{ "Delete view" }</button>
            } else {
                <button class="button" data-testid="view-save-as" title="Keep this search, these filters and this order by name"
                    onclick={let naming = naming.clone(); move |_| naming.set(true)}>{ "Save view…" }</button>
            }
        </div>
    }
}
