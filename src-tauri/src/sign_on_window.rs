//! The single sign-on window: a browser window of its own for the provider's pages and the auth
//! server's, with no way into Authdesk (no capability grants it a command, and its pages are
//! remote, so it gets no IPC) and nothing kept (an ephemeral data store, and a folder of its own
//! removed after). It starts with the sign-in's state cookie, which the server checks when the
//! provider sends it back, and ends at an address on the server's origin that nothing serves;
//! the session cookies it holds then are read natively and handed to the backend. The app's own
//! window never sees any of them.

use std::time::Duration;

use authdesk_client::BrowserCookie;
use authdesk_protocol::{AdminIdentity, ApiError, ErrorCode, ProviderSignIn};
use tauri::webview::Cookie;
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder, WindowEvent};
use tokio::sync::mpsc;
use url::Url;

use crate::console::{Console, SignOnStart};

pub(crate) const LABEL: &str = "sign-on";
/// As long as a person may take at the provider (a password, a second factor of theirs).
const LONGEST_SIGN_ON: Duration = Duration::from_secs(10 * 60);

/// How the window ended.
enum Ending {
    Done,
    Failed(String),
    Closed,
}

pub async fn sign_in_with_provider<R: Runtime>(
    app: &AppHandle<R>,
    console: &Console,
    request: ProviderSignIn,
) -> Result<AdminIdentity, ApiError> {
    if let Some(open) = app.get_webview_window(LABEL) {
        let _ = open.set_focus();
        return Err(ApiError::new(
            ErrorCode::Validation,
            "A sign-on window is open already: finish there, or close it to start again.",
        ));
    }
    let start = console.start_sign_on(request).await?;
    tracing::info!(
        provider = start.provider_name.as_str(),
        "single sign-on window opens"
    );
    let folder = std::env::temp_dir().join(format!(
        "authdesk-sign-on-{}-{}",
        std::process::id(),
        NEXT_WINDOW.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let (ending, mut ended) = mpsc::unbounded_channel();
    let result = match open_window(app, &start, &folder, ending) {
        Ok(window) => {
            let outcome = tokio::time::timeout(LONGEST_SIGN_ON, ended.recv()).await;
            tracing::info!(
                ended = match &outcome {
                    Ok(Some(Ending::Done)) => "at the server",
                    Ok(Some(Ending::Failed(_))) => "with an error",
                    Ok(Some(Ending::Closed) | None) => "closed",
                    Err(_) => "timed out",
                },
                "single sign-on window"
            );
            let result = match outcome {
                Ok(Some(Ending::Done)) => match session_cookies(&window, &start.server) {
                    Ok(cookies) => console.finish_sign_on(&cookies).await,
                    Err(error) => Err(error),
                },
                Ok(Some(Ending::Failed(code))) => Err(console.abandon_sign_on(Some(&code)).await),
                Ok(Some(Ending::Closed) | None) => Err(console.abandon_sign_on(None).await),
                Err(_) => {
                    console.abandon_sign_on(None).await;
                    Err(ApiError::new(
                        ErrorCode::ChallengeEnded,
                        "The sign-on took longer than 10 minutes. Start it again.",
                    ))
                }
            };
            let _ = window.destroy();
            result
        }
        Err(error) => {
            console.abandon_sign_on(None).await;
            Err(error)
        }
    };
    if let Some(main) = app.get_webview_window(crate::desktop::MAIN_WINDOW) {
        let _ = main.set_focus();
    }
    forget_folder(folder);
    result
}

static NEXT_WINDOW: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

fn open_window<R: Runtime>(
    app: &AppHandle<R>,
    start: &SignOnStart,
    folder: &std::path::Path,
    ending: mpsc::UnboundedSender<Ending>,
) -> Result<tauri::WebviewWindow<R>, ApiError> {
    let (done, failed) = (start.done.clone(), start.failed.clone());
    // The end of the flow, if `url` is it. Only the path is logged: the rest is the provider's.
    let ending_at = move |url: &Url| {
        let reached = |end: &Url| url.origin() == end.origin() && url.path() == end.path();
        tracing::debug!(path = url.path(), "sign-on window navigates");
        if reached(&done) {
            Some(Ending::Done)
        } else if reached(&failed) {
            let code = url.query_pairs().find(|(key, _)| key == "error");
            Some(Ending::Failed(
                code.map_or_else(String::new, |(_, code)| code.into_owned()),
            ))
        } else {
            None
        }
    };
    let on_navigation = {
        let (ending, ending_at) = (ending.clone(), ending_at.clone());
        move |url: &Url| match ending_at(url) {
            Some(end) => {
                let _ = ending.send(end);
                false
            }
            None => true,
        }
    };
    // A redirect the navigation handler was not asked about still shows here.
    let on_page_load = {
        let ending = ending.clone();
        move |_: tauri::WebviewWindow<R>, payload: tauri::webview::PageLoadPayload<'_>| {
            if let Some(end) = ending_at(payload.url()) {
                let _ = ending.send(end);
            }
        }
    };
    let mut builder = WebviewWindowBuilder::new(
        app,
        LABEL,
        WebviewUrl::External("about:blank".parse().expect("a URL")),
    )
    .title(format!("Sign in with {} — Authdesk", start.provider_name))
    .inner_size(520.0, 720.0)
    .center()
    .incognito(true)
    .data_directory(folder.to_path_buf())
    .on_navigation(on_navigation)
    .on_page_load(on_page_load);
    if let Some(main) = app.get_webview_window(crate::desktop::MAIN_WINDOW) {
        builder = builder.parent(&main).map_err(window_failed)?;
    }
    let window = builder.build().map_err(window_failed)?;
    window.on_window_event(move |event| {
        if matches!(event, WindowEvent::Destroyed) {
            let _ = ending.send(Ending::Closed);
        }
    });
    let host = start.server.host_str().unwrap_or_default().to_owned();
    for cookie in &start.cookies {
        let cookie = Cookie::build((cookie.name.clone(), cookie.value.clone()))
            .domain(host.clone())
            .path("/")
            .http_only(true)
            .secure(cookie.secure)
            .build();
        window.set_cookie(cookie).map_err(window_failed)?;
    }
    window
        .navigate(start.authorize.clone())
        .map_err(window_failed)?;
    Ok(window)
}

/// The cookies the window holds for the server, HttpOnly ones included.
fn session_cookies<R: Runtime>(
    window: &tauri::WebviewWindow<R>,
    server: &Url,
) -> Result<Vec<BrowserCookie>, ApiError> {
    let cookies = window
        .cookies_for_url(server.clone())
        .map_err(window_failed)?;
    Ok(cookies
        .into_iter()
        .map(|cookie| BrowserCookie {
            name: cookie.name().to_owned(),
            value: cookie.value().to_owned(),
            secure: cookie.secure().unwrap_or(false),
        })
        .collect())
}

/// Removes the window's folder once WebKit has let go of it.
fn forget_folder(folder: std::path::PathBuf) {
    tauri::async_runtime::spawn(async move {
        for _ in 0..20 {
            if std::fs::remove_dir_all(&folder).is_ok() || !folder.exists() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        tracing::warn!("the sign-on window's folder could not be removed");
    });
}

fn window_failed(error: tauri::Error) -> ApiError {
    tracing::warn!(%error, "the sign-on window failed");
    ApiError::new(
        ErrorCode::Internal,
        "Authdesk could not open its sign-on window. Sign in another way.",
    )
}
