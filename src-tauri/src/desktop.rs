//! Authdesk as a desktop citizen: the window comes back where it was left, a copy goes through
//! the operating system's clipboard, not the webview's, what must reach the admin while they
//! are in another application is a notification, and a link from a ticket opens a user.

use std::sync::{Mutex, PoisonError};

use authdesk_protocol::{ApiError, ErrorCode, checks::check_copied_text};
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_deep_link::DeepLinkExt;
use tauri_plugin_notification::NotificationExt;
use tauri_plugin_window_state::StateFlags;

use crate::console::{Attention, Console, Notice};

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
