//! Authdesk's Tauri app: window, plugins, managed state and the command table. The work itself
//! happens in [`console::Console`] and the crates under `src-tauri/crates`.

mod commands;
pub mod console;
pub mod desktop;
pub mod fleet;
mod logging;
mod menu;
pub mod settings;
mod sign_on_window;
pub mod updates;

use std::sync::Arc;

use authdesk_vault::Vault;
use tauri::{Manager, Runtime};

use crate::console::{Console, KeyringKeeper};
use crate::settings::StoreSettings;

pub use crate::logging::log_filter;

pub fn run() {
    tauri::Builder::default()
        // First, so a second start hands over to the running window before anything else runs:
        // two instances would race the settings file and the audit log.
        .plugin(tauri_plugin_single_instance::init(|app, _, _| {
            if let Some(window) = app.get_webview_window(desktop::MAIN_WINDOW) {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        // A link handed over by a second start reaches this instance through the one above.
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(desktop::window_memory())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        // Its feed and key come from the fleet file (`updates`); the window has no grant for it.
        .plugin(tauri_plugin_updater::Builder::new().build())
        .setup(|app| {
            let spec = std::env::var("AUTHDESK_LOG").unwrap_or_else(|_| "info".into());
            logging::init(&spec, &app.path().app_log_dir()?);
            tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                identifier = %app.config().identifier,
                "Authdesk started"
            );
            menu::install(app.handle())?;
            desktop::show_restored_window(app.handle());
            let fleet = fleet::fleet_file()
                .map(|file| fleet::read(&file))
                .unwrap_or_default();
            app.manage(updates::Updates::new(fleet.updates));
            let settings =
                fleet::WithFleet::new(StoreSettings::open(app.handle())?, fleet.profiles);
            // The identifier already differs between debug and release builds (see `context`).
            let vault = Arc::new(Vault::new(app.config().identifier.clone()));
            let keeper = Arc::new(KeyringKeeper::new(Arc::clone(&vault)));
            let audit =
                console::AuditSlot::opening(app.path().app_data_dir()?.join("audit.jsonl"), keeper);
            quit_on_signals(app.handle().clone());
            let default_server = std::env::var("AUTHDESK_DEFAULT_SERVER").ok();
            let console = Console::new(Box::new(settings), vault, audit, default_server)
                .with_attention(Arc::new(desktop::DesktopAttention(app.handle().clone())))
                .with_files(Arc::new(desktop::NativeFiles(app.handle().clone())));
            // Sessions the keyring keeps for profiles that are gone: ended beside the window.
            tauri::async_runtime::spawn({
                let console = console.clone();
                async move { console.end_orphaned_sessions().await }
            });
            desktop::receive_links(app.handle(), &console);
            app.manage(desktop::Clipboard::default());
            app.manage(if remotely_controlled() {
                tracing::warn!("started with WebView automation on: the saved session stays shut");
                console.without_restore()
            } else {
                console
            });
            Ok(())
        })
        .invoke_handler(command_handler())
        .build(context())
        .unwrap_or_else(|error| start_afresh_or_fail(error))
        .run(|app, event| {
            // The window is gone or the app is quitting: an impersonation must not outlive it.
            if let tauri::RunEvent::ExitRequested { .. } = event
                && let Some(console) = app.try_state::<Console>()
            {
                let console = console.inner().clone();
                tauri::async_runtime::block_on(console.before_exit());
            }
        });
}

/// A start while the last window is still closing hands over to that instance and hears that it
/// has gone: the name it held is free now, so this start begins afresh, this time as the one
/// instance. Any other failure to start is final.
fn start_afresh_or_fail(error: tauri::Error) -> ! {
    #[cfg(target_os = "linux")]
    if matches!(&error, tauri::Error::PluginInitialization(plugin, _) if plugin == "single-instance")
    {
        start_afresh(&error);
    }
    panic!("Authdesk failed to start: {error}");
}

/// How many times this start has begun afresh: three times at most.
#[cfg(target_os = "linux")]
const START_TRIES: &str = "AUTHDESK_START_TRIES";

/// Replaces this process with a new start of the same program and arguments; returns only when
/// that is not possible or was tried too often already.
#[cfg(target_os = "linux")]
fn start_afresh(error: &tauri::Error) {
    use std::os::unix::process::CommandExt;
    let tries: u32 = std::env::var(START_TRIES)
        .ok()
        .and_then(|tries| tries.parse().ok())
        .unwrap_or(0);
    let Ok(program) = std::env::current_exe() else {
        return;
    };
    if tries >= 3 {
        return;
    }
    eprintln!("Authdesk: {error}; starting afresh");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut arguments = std::env::args_os();
    let failure = std::process::Command::new(program)
        .arg0(arguments.next().unwrap_or_default())
        .args(arguments)
        .env(START_TRIES, (tries + 1).to_string())
        .exec();
    eprintln!("Authdesk could not start afresh: {failure}");
}

/// Whether a release build was started with its WebView open to remote control (WebDriver on
/// Linux and macOS, the DevTools protocol on Windows): any process of the user could then drive
/// a restored admin session without ever reading the keyring. Debug builds are the ones tests
/// drive; they keep their sessions apart (their own identifier and keyring service).
fn remotely_controlled() -> bool {
    let automation = std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true")
        || std::env::var("WEBVIEW2_ADDITIONAL_BROWSER_ARGUMENTS")
            .is_ok_and(|arguments| arguments.contains("--remote-debugging"));
    automation && !cfg!(debug_assertions) && !cfg!(feature = "bench-restore-under-automation")
}

/// A desktop session that ends (log out, shut down) or a `kill` asks the app to quit with a
/// signal: quit as the window's close button would, so an impersonation is ended first.
fn quit_on_signals<R: Runtime>(app: tauri::AppHandle<R>) {
    #[cfg(unix)]
    tauri::async_runtime::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut terminate), Ok(mut interrupt), Ok(mut hangup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
            signal(SignalKind::hangup()),
        ) else {
            return tracing::warn!("cannot listen for quit signals");
        };
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
            _ = hangup.recv() => {}
        }
        tracing::info!("asked to quit by a signal");
        app.exit(0);
    });
    #[cfg(not(unix))]
    let _ = app;
}

/// The identifier in `tauri.conf.json` names the data, config and log folders, the WebKit
/// storage and the keyring service. Debug builds add `.dev` to it, so a developer's build never
/// reads or overwrites the settings and credentials of an installed release.
fn context() -> tauri::Context {
    let mut context = tauri::generate_context!();
    if cfg!(debug_assertions) {
        let identifier = development_identifier(&context.config().identifier);
        context.config_mut().identifier = identifier;
    }
    context
}

fn development_identifier(release: &str) -> String {
    format!("{release}.dev")
}

include!("../command_list.rs");

/// Every command the UI may call, by name (each also needs its `allow-*` permission in the
/// capability; a test below checks both lists).
pub const COMMANDS: &[&str] = with_app_commands!(command_names);

macro_rules! app_handler {
    ($($command:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$command),*]
    };
}

/// The invoke handler for every command in [`COMMANDS`].
pub fn command_handler<R: Runtime>()
-> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    with_app_commands!(app_handler)
}

#[cfg(test)]
mod command_list_tests {
    use super::COMMANDS;

    fn sorted(mut names: Vec<String>) -> Vec<String> {
        names.sort();
        names
    }

    fn read(path: &str) -> String {
        let root = env!("CARGO_MANIFEST_DIR");
        std::fs::read_to_string(format!("{root}/{path}")).expect("read a source file")
    }

    fn commands() -> Vec<String> {
        sorted(COMMANDS.iter().map(|name| (*name).to_owned()).collect())
    }

    /// Beyond the app's own commands, the window may only listen for the events the backend
    /// sends it (a link waiting): no other core or plugin permission.
    const EVENT_PERMISSIONS: [&str; 2] = ["core:event:allow-listen", "core:event:allow-unlisten"];

    #[test]
    fn the_window_capability_grants_exactly_the_app_commands_and_listening() {
        let capability: serde_json::Value =
            serde_json::from_str(&read("src-tauri/capabilities/main-window.json")).unwrap();
        let (events, commands_granted): (Vec<&str>, Vec<&str>) = capability["permissions"]
            .as_array()
            .expect("a permission list")
            .iter()
            .map(|permission| permission.as_str().expect("a permission name"))
            .partition(|name| name.starts_with("core:"));
        let granted: Vec<String> = commands_granted
            .iter()
            .map(|name| {
                let command = name
                    .strip_prefix("allow-")
                    .expect("only allow-* permissions");
                command.replace('-', "_")
            })
            .collect();
        assert_eq!(sorted(granted), commands());
        assert_eq!(events, EVENT_PERMISSIONS);
    }

    /// The single sign-on window (`sign_on_window`) shows remote pages: no capability may
    /// name it, any window, or a remote origin, so it can reach no command at all.
    #[test]
    fn no_capability_reaches_the_sign_on_window_or_remote_pages() {
        let folder = format!("{}/src-tauri/capabilities", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(folder).expect("the capabilities folder") {
            let path = entry.expect("a capability file").path();
            let text = std::fs::read_to_string(&path).expect("read a capability");
            let capability: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                capability["windows"],
                serde_json::json!(["main"]),
                "{path:?}"
            );
            assert!(capability.get("webviews").is_none(), "{path:?}");
            assert!(capability.get("remote").is_none(), "{path:?}");
        }
    }

    #[test]
    fn the_ui_binds_every_app_command_and_no_other() {
        let ipc = read("src-ui/src/ipc.rs");
        // A command is called through `invoke` (sent when awaited) or `sent` (sent at once).
        let invoked: Vec<String> = ["invoke(", "sent("]
            .iter()
            .flat_map(|call| ipc.split(call).skip(1))
            .filter_map(|rest| rest.trim_start().strip_prefix('"'))
            .map(|rest| rest.split('"').next().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(sorted(invoked), commands());
    }
}
