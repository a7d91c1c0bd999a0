//! The native app menu: File, Edit, View and Help, with the keys a desktop app has (⌘ on macOS,
//! Ctrl elsewhere). The app's own items go to the window as a [`MenuCommand`], which runs them
//! as its palette would; editing, quitting and the logs folder are the backend's.

use authdesk_protocol::{MENU_EVENT, MenuCommand};
use tauri::menu::{
    AboutMetadata, IsMenuItem, Menu, MenuEvent, MenuItem, MenuItemBuilder, Submenu, SubmenuBuilder,
};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::desktop::MAIN_WINDOW;

const QUIT: &str = "quit";
const LOGS_FOLDER: &str = "logs-folder";

/// Gives the console window its menu (on macOS, the app's menu bar) and answers its items.
pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let menu = build(app)?;
    app.on_menu_event(answer);
    if cfg!(target_os = "macos") {
        app.set_menu(menu)?;
    } else if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        // Only the console's window: the single sign-on window shows a remote page, bare.
        window.set_menu(menu)?;
    }
    Ok(())
}

fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let item = |command: MenuCommand| -> tauri::Result<MenuItem<R>> {
        let builder = MenuItemBuilder::with_id(command.id(), command.label());
        match command.accelerator() {
            Some(keys) => builder.accelerator(keys),
            None => builder,
        }
        .build(app)
    };
    let file = SubmenuBuilder::new(app, "&File")
        .items(&[&item(MenuCommand::GoTo)?, &item(MenuCommand::ExportUsers)?])
        .separator()
        .item(&item(MenuCommand::SignOut)?);
    let file = if cfg!(target_os = "macos") {
        file.build()?
    } else {
        let quit = MenuItemBuilder::with_id(QUIT, "&Quit").accelerator("CmdOrCtrl+Q");
        file.separator().item(&quit.build(app)?).build()?
    };
    let view = SubmenuBuilder::new(app, "&View")
        .items(&[
            &item(MenuCommand::ShowUsers)?,
            &item(MenuCommand::ShowAuditLog)?,
        ])
        .build()?;
    let help = SubmenuBuilder::new(app, "&Help")
        .item(&item(MenuCommand::ShowShortcuts)?)
        .text(LOGS_FOLDER, "Open the &logs folder")
        .separator()
        .about(Some(about()))
        .build()?;
    let edit = edit_menu(app)?;
    let mut menus: Vec<&dyn IsMenuItem<R>> = vec![&file, &edit, &view, &help];
    let app_menu;
    if cfg!(target_os = "macos") {
        app_menu = SubmenuBuilder::new(app, "Authdesk")
            .about(Some(about()))
            .separator()
            .services()
            .separator()
            .hide()
            .hide_others()
            .show_all()
            .separator()
            .quit()
            .build()?;
        menus.insert(0, &app_menu);
    }
    Menu::with_items(app, &menus)
}

fn about() -> AboutMetadata<'static> {
    AboutMetadata {
        name: Some("Authdesk".into()),
        version: Some(env!("CARGO_PKG_VERSION").into()),
        comments: Some(env!("CARGO_PKG_DESCRIPTION").into()),
        license: Some(env!("CARGO_PKG_LICENSE").into()),
        ..AboutMetadata::default()
    }
}

/// What the webview edits with. macOS and Windows run the standard items themselves; WebKitGTK
/// is told each command, since GTK's own items would only press keys through libxdo.
fn edit_menu<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Submenu<R>> {
    let edit = SubmenuBuilder::new(app, "&Edit");
    if cfg!(target_os = "linux") {
        let mut edit = edit;
        for (index, (command, label, keys)) in EDITING.into_iter().enumerate() {
            if index == 2 {
                edit = edit.separator();
            }
            let item = MenuItemBuilder::with_id(command, label).accelerator(keys);
            edit = edit.item(&item.build(app)?);
        }
        edit.build()
    } else {
        (edit
            .undo()
            .redo()
            .separator()
            .cut()
            .copy()
            .paste()
            .select_all())
        .build()
    }
}

/// WebKit's editing commands (`WEBKIT_EDITING_COMMAND_*`), their labels and keys.
const EDITING: [(&str, &str, &str); 6] = [
    ("Undo", "&Undo", "CmdOrCtrl+Z"),
    ("Redo", "&Redo", "CmdOrCtrl+Shift+Z"),
    ("Cut", "Cu&t", "CmdOrCtrl+X"),
    ("Copy", "&Copy", "CmdOrCtrl+C"),
    ("Paste", "&Paste", "CmdOrCtrl+V"),
    ("SelectAll", "Select &all", "CmdOrCtrl+A"),
];

fn answer<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().as_ref();
    if let Some(command) = MenuCommand::from_id(id) {
        let _ = app.emit_to(MAIN_WINDOW, MENU_EVENT, command);
    } else if id == QUIT {
        // As the close button: the exit handler ends an impersonation first.
        app.exit(0);
    } else if id == LOGS_FOLDER {
        show_logs_folder(app);
    } else if let Some((command, ..)) = EDITING.iter().find(|(command, ..)| *command == id) {
        edit(app, command);
    }
}

fn show_logs_folder<R: Runtime>(app: &AppHandle<R>) {
    let shown = app.path().app_log_dir().map(|folder| {
        tauri_plugin_opener::open_path(folder, None::<&str>)
            .map_err(|error| tracing::warn!(%error, "the logs folder could not be opened"))
    });
    if let Err(error) = shown {
        tracing::warn!(%error, "there is no logs folder");
    }
}

#[cfg(target_os = "linux")]
fn edit<R: Runtime>(app: &AppHandle<R>, command: &'static str) {
    use webkit2gtk::WebViewExt;
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ =
            window.with_webview(move |webview| webview.inner().execute_editing_command(command));
    }
}

#[cfg(not(target_os = "linux"))]
fn edit<R: Runtime>(_: &AppHandle<R>, _: &'static str) {}
