use authdesk_protocol::MenuCommand;
use yew::prelude::*;

use super::audit::AuditPage;
use super::impersonation::ImpersonationPage;
use super::user::UserPanel;
use super::users::UsersPage;
use crate::components::{CommandPalette, ShortcutsSheet};
use crate::format::colour_name;
use crate::hooks::{use_backend_event, use_keydown};
use crate::ipc;
use crate::shell::use_shell;
use crate::state::palette::{PALETTE_KEY, PaletteRun, UserCommand};
use crate::state::{Action, AppState};

#[derive(Properties, PartialEq)]
pub struct ConsolePageProps {
    pub dispatcher: UseReducerDispatcher<AppState>,
    /// The impersonation the backend is in, if any (held by the app state, not here).
    pub impersonating: Option<authdesk_protocol::ImpersonationStarted>,
}

/// The signed-in window: header, the users table, and a user's panel over it. The table stays
/// mounted under the panel, so its search, filter, sort and page are as left on return.
#[function_component]
pub fn ConsolePage(props: &ConsolePageProps) -> Html {
    let shell = use_shell();
    let open_user = use_state(|| None::<String>);
    let tab = use_state(|| Tab::Users);
    // Bumped when the panel changed a user, so the table reloads its page.
    let changes = use_state(|| 0_u32);
    let palette = use_state(|| false);
    let shortcuts = use_state(|| false);
    // A saved view chosen in the palette, numbered so that choosing it twice shows it twice.
    let shown_view = use_state(|| None::<(u32, authdesk_protocol::TableView)>);
    // An action on the open user chosen in the palette, numbered like the view; and who that is.
    let user_command = use_state(|| None::<(u32, UserCommand)>);
    let open_email = use_state(|| None::<AttrValue>);
    use_keydown({
        let (palette, shortcuts, impersonating) = (
            palette.clone(),
            shortcuts.clone(),
            props.impersonating.is_some(),
        );
        Callback::from(move |event: web_sys::KeyboardEvent| {
            if impersonating || *palette || *shortcuts {
                return;
            }
            if (event.ctrl_key() || event.meta_key()) && event.key().eq_ignore_ascii_case("k") {
                event.prevent_default();
                palette.set(true);
            } else if event.key() == "?" && !crate::hooks::typing_in(&event) {
                event.prevent_default();
                shortcuts.set(true);
            }
        })
    });
    let on_run = {
        let (open_user, tab, shortcuts, shown_view, user_command) = (
            open_user.clone(),
            tab.clone(),
            shortcuts.clone(),
            shown_view.clone(),
            user_command.clone(),
        );
        let (shell, dispatcher) = (shell.clone(), props.dispatcher.clone());
        Callback::from(move |run: PaletteRun| match run {
            PaletteRun::OpenUser(id) => {
                tab.set(Tab::Users);
                open_user.set(Some(id));
            }
            PaletteRun::ShowUsers => tab.set(Tab::Users),
            PaletteRun::ShowAuditLog => {
                open_user.set(None);
                tab.set(Tab::Audit);
            }
            PaletteRun::ShowView(view) => {
                open_user.set(None);
                tab.set(Tab::Users);
                let number = (*shown_view).as_ref().map_or(0, |(number, _)| number + 1);
                shown_view.set(Some((number, view)));
            }
            PaletteRun::OnUser(command) => {
                let number = (*user_command).map_or(0, |(number, _)| number + 1);
                user_command.set(Some((number, command)));
            }
            PaletteRun::ShowShortcuts => shortcuts.set(true),
            PaletteRun::SwitchProfile(id) => {
                let (from, dispatcher) = (shell.admin.profile.clone(), dispatcher.clone());
                crate::shell::run(
                    Some(&shell),
                    None,
                    ipc::switch_profile(id),
                    move |restored| {
                        dispatcher.dispatch(Action::Switched(Box::new(restored), Some(from)));
                    },
                );
            }
        })
    };
    // A link from a ticket opens its user as the palette would: when it arrives, at sign-in,
    // and after an impersonation (the backend keeps it until then).
    let take_link = {
        let (shell, on_run) = (shell.clone(), on_run.clone());
        Callback::from(move |()| {
            let on_run = on_run.clone();
            crate::shell::run(Some(&shell), None, ipc::take_link(), move |link| {
                if let Some(user_id) = link {
                    on_run.emit(PaletteRun::OpenUser(user_id));
                }
            });
        })
    };
    use_backend_event(authdesk_protocol::LINK_WAITING_EVENT, take_link.clone());
    // The app menu's items: as the palette runs them, never over a dialog or an impersonation.
    let export_asked = use_state(|| 0_u32);
    let on_menu = {
        let (palette, shortcuts, export_asked, open_user) = (
            palette.clone(),
            shortcuts.clone(),
            export_asked.clone(),
            open_user.clone(),
        );
        let (on_run, sign_out) = (
            on_run.clone(),
            crate::shell::sign_out(props.dispatcher.clone()),
        );
        let impersonating = props.impersonating.is_some();
        Callback::from(move |command: MenuCommand| {
            if impersonating || crate::hooks::dialog_open() {
                return;
            }
            match command {
                MenuCommand::GoTo => palette.set(true),
                MenuCommand::ExportUsers => {
                    open_user.set(None);
                    on_run.emit(PaletteRun::ShowUsers);
                    export_asked.set(*export_asked + 1);
                }
                MenuCommand::SignOut => sign_out.emit(()),
                MenuCommand::ShowUsers => on_run.emit(PaletteRun::ShowUsers),
                MenuCommand::ShowAuditLog => on_run.emit(PaletteRun::ShowAuditLog),
                MenuCommand::ShowShortcuts => shortcuts.set(true),
            }
        })
    };
    use_backend_event(authdesk_protocol::MENU_EVENT, on_menu);
    use_effect_with(props.impersonating.is_some(), move |impersonating| {
        if !impersonating {
            take_link.emit(());
        }
    });
    let on_sign_out = crate::shell::sign_out(props.dispatcher.clone()).reform(|_: MouseEvent| ());
    let on_open = {
        let open_user = open_user.clone();
        Callback::from(move |id: String| open_user.set(Some(id)))
    };
    let on_close = {
        let (open_user, open_email) = (open_user.clone(), open_email.clone());
        Callback::from(move |()| {
            open_user.set(None);
            open_email.set(None);
        })
    };
    let on_changed = {
        let changes = changes.clone();
        Callback::from(move |()| changes.set(*changes + 1))
    };
    let admin = &shell.admin;
    let profile = &admin.profile.settings;
    html! {
        <div class="shell">
            <header class="topbar">
                <div class="brand brand--small">
                    <img src="assets/logo.svg" alt="" class="brand__logo" />
                    <span class="brand__name">{ "Authdesk" }</span>
                </div>
                <span class={classes!("server", format!("server--{}", colour_name(profile.colour)))}
                    title={profile.base_url.clone()} data-testid="server">{ &profile.name }</span>
                <div class="topbar__spacer"></div>
                <button class="button button--quiet" data-testid="open-palette" title={format!("Find a user, a view or a page ({PALETTE_KEY})")}
                    onclick={let palette = palette.clone(); move |_| palette.set(true)}>{ "Go to…" }</button>
                <div class="who">
                    <span class="who__name" data-testid="admin-name">{ &admin.name }</span>
                    <span class="who__email">{ &admin.email }</span>
                </div>
                <button class="button" onclick={on_sign_out} data-testid="sign-out">{ "Sign out" }</button>
            </header>
            if authdesk_protocol::read_only(&admin.permissions) {
                <div class="alert alert--warning" role="status" data-testid="read-only-notice">
                    { "Read-only: your role on this server can look users up but not change them." }
                </div>
            }
            if let Some(notice) = &admin.keyring_notice {
                <div class="alert alert--warning" role="status" data-testid="keyring-notice">{ notice }</div>
            }
            if let Some(started) = props.impersonating.clone() {
                <ImpersonationPage started={started} on_ended={
                    let (dispatcher, changes) = (props.dispatcher.clone(), changes.clone());
                    Callback::from(move |()| { dispatcher.dispatch(Action::ImpersonationEnded); changes.set(*changes + 1); })
                } />
            } else {
                <nav class="tabs">
                    <button class={classes!("tab", (*tab == Tab::Users).then_some("tab--on"))} data-testid="tab-users"
                        onclick={let tab = tab.clone(); move |_| tab.set(Tab::Users)}>{ "Users" }</button>
                    <button class={classes!("tab", (*tab == Tab::Audit).then_some("tab--on"))} data-testid="tab-audit"
                        onclick={let tab = tab.clone(); move |_| tab.set(Tab::Audit)}>{ "Audit log" }</button>
                </nav>
                if *tab == Tab::Audit {
                    <AuditPage />
                } else {
                    <UsersPage on_open={on_open} panel_open={open_user.is_some() || *palette || *shortcuts}
                        changes={*changes} shown_view={(*shown_view).clone()} export_asked={*export_asked} />
                    if let Some(user_id) = (*open_user).clone() {
                        <UserPanel key={user_id.clone()} user_id={user_id.clone()} on_close={on_close.clone()} on_changed={on_changed}
                            command={*user_command}
                            on_loaded={let open_email = open_email.clone(); move |email: String| open_email.set(Some(email.into()))}
                            on_impersonating={
                                let (dispatcher, on_close) = (props.dispatcher.clone(), on_close.clone());
                                Callback::from(move |started| { on_close.emit(()); dispatcher.dispatch(Action::Impersonating(started)); })
                            } />
                    }
                }
            }
            if *palette {
                <CommandPalette {on_run} open_user={open_user.is_some().then(|| (*open_email).clone()).flatten()} on_close={let palette = palette.clone(); move |()| palette.set(false)} />
            }
            if *shortcuts {
                <ShortcutsSheet on_close={let shortcuts = shortcuts.clone(); move |()| shortcuts.set(false)} />
            }
        </div>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Users,
    Audit,
}
