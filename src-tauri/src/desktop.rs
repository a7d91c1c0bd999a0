//! Authdesk as a desktop citizen: the window comes back where it was left, a copy goes through
//! the operating system's clipboard, not the webview's, what must reach the admin while they
//! are in another application is a notification, and a link from a ticket opens a user.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use authdesk_protocol::{ApiError, ErrorCode, checks::check_copied_text};
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_deep_link::DeepLinkExt;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_notification::NotificationExt;
use tauri_plugin_window_state::StateFlags;

use crate::console::{Attention, Console, Files, Notice, SaveAs};

/// The window the console lives in (`tauri.conf.json`).
pub const MAIN_WINDOW: &str = "main";

/// Remembers the console window's size, position and maximised state between starts. The
/// single sign-on window is not remembered: it keeps nothing, by design.
pub fn window_memory<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_window_state::Builder::default()
        // Shown by `show_restored_window`, once it is where it was left.
        .with_state_flags(StateFlags::all() - StateFlags::VISIBLE)
        .with_denylist(&[crate::sign_on_window::LABEL])
        .build()
}

/// The console window is created hidden (`tauri.conf.json`) and restored by [`window_memory`]
/// as it is created: showing it only now means it never appears in one place and jumps.
pub fn show_restored_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW)
        && let Err(error) = window.show()
    {
        tracing::error!(%error, "the window could not be shown");
    }
}

/// The system clipboard, opened at the first copy and then kept: on X11 the text copied is
/// served by this process for as long as its clipboard is open.
#[derive(Default)]
pub struct Clipboard(Mutex<Option<arboard::Clipboard>>);

impl Clipboard {
    /// Puts `text` on the system clipboard. WebKitGTK's own clipboard call fails without a
    /// word, so the window says "copied" only when this has answered.
    pub fn copy(&self, text: &str) -> Result<(), ApiError> {
        check_copied_text(text)?;
        let mut open = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let clipboard = match open.as_mut() {
            Some(clipboard) => clipboard,
            None => open.insert(arboard::Clipboard::new().map_err(refused)?),
        };
        clipboard.set_text(text).map_err(refused)
    }
}

fn refused(error: arboard::Error) -> ApiError {
    tracing::warn!(%error, "the clipboard refused a copy");
    ApiError::new(
        ErrorCode::Internal,
        "The clipboard could not be written: select the text and copy it by hand.",
    )
}

/// The desktop's way to reach the admin: while the console window is not in front, a
/// notification, and the taskbar or dock asks for attention. In front, the window says it.
pub struct DesktopAttention<R: Runtime>(pub AppHandle<R>);

impl<R: Runtime> Attention for DesktopAttention<R> {
    fn call(&self, notice: Notice) {
        let Some(window) = self.0.get_webview_window(MAIN_WINDOW) else {
            return;
        };
        if window.is_focused().unwrap_or(false) {
            return;
        }
        let shown = (self.0.notification().builder())
            .title(notice.title)
            .body(notice.body)
            .show();
        if let Err(error) = shown {
            tracing::warn!(%error, "the desktop did not take a notification");
        }
        let urgent = Some(tauri::UserAttentionType::Critical);
        if let Err(error) = window.request_user_attention(urgent) {
            tracing::warn!(%error, "the taskbar could not ask for attention");
        }
    }
}

/// Hands the console the link Authdesk was started with, and each one a later start hands over
/// (the single instance's deep-link routing), and tells the window one is waiting.
pub fn receive_links<R: Runtime>(app: &AppHandle<R>, console: &Console) {
    let links = app.deep_link();
    if let Ok(Some(started_with)) = links.get_current() {
        for link in started_with {
            console.receive_link(link.as_str());
        }
    }
    let (app, console) = (app.clone(), console.clone());
    links.on_open_url(move |opened| {
        for link in opened.urls() {
            console.receive_link(link.as_str());
        }
        let _ = app.emit_to(MAIN_WINDOW, authdesk_protocol::LINK_WAITING_EVENT, ());
    });
}

/// The desktop's save dialog, over the console window, starting in Downloads (or the home
/// folder); and its file manager for "Show in folder". Both are the backend's: the window has
/// no grant for either.
pub struct NativeFiles<R: Runtime>(pub AppHandle<R>);

impl<R: Runtime> Files for NativeFiles<R> {
    fn save_as(&self, request: &SaveAs) -> Option<PathBuf> {
        let (kind, extension) = request.kind;
        let mut dialog = (self.0.dialog().file())
            .set_title(request.title)
            .set_file_name(&request.file_name)
            .add_filter(kind, &[extension]);
        let paths = self.0.path();
        if let Ok(folder) = paths.download_dir().or_else(|_| paths.home_dir()) {
            dialog = dialog.set_directory(folder);
        }
        if let Some(window) = self.0.get_webview_window(MAIN_WINDOW) {
            dialog = dialog.set_parent(&window);
        }
        let chosen = dialog.blocking_save_file()?.into_path();
        chosen
            .map_err(|error| tracing::warn!(%error, "the save dialog answered no file"))
            .ok()
    }

    fn show_in_folder(&self, path: &Path) -> Result<(), String> {
        tauri_plugin_opener::reveal_item_in_dir(path).map_err(|error| error.to_string())
    }
}
