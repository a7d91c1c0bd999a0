//! Authdesk's Tauri shell: window, plugins, managed state and the command table. The work itself
//! happens in [`console::Console`] and the crates under `src-tauri/crates`.

mod commands;
pub mod console;
mod logging;
pub mod settings;

use authdesk_audit::AuditLog;
use authdesk_vault::Vault;
use tauri::{Manager, Runtime};

use crate::console::Console;
use crate::settings::StoreSettings;

pub use crate::logging::log_filter;

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .setup(|app| {
            let spec = std::env::var("AUTHDESK_LOG").unwrap_or_else(|_| "info".into());
            logging::init(&spec, &app.path().app_log_dir()?);
            tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                identifier = %app.config().identifier,
                "Authdesk started"
            );
            let settings = StoreSettings::open(app.handle())?;
            // The identifier already differs between debug and release builds (see `context`).
            let vault = Vault::new(app.config().identifier.clone());
            let audit = AuditLog::open(app.path().app_data_dir()?.join("audit.jsonl"))?;
            let default_server = std::env::var("AUTHDESK_DEFAULT_SERVER").ok();
            app.manage(Console::new(
                Box::new(settings),
                vault,
                audit,
                default_server,
            ));
            Ok(())
        })
        .invoke_handler(command_handler())
        .run(context())
        .expect("Authdesk failed to start");
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

/// Every command the UI may call (each also needs its `allow-*` permission in the capability).
pub fn command_handler<R: Runtime>()
-> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        commands::sign_in_defaults,
        commands::restore_session,
        commands::sign_in,
        commands::sign_out,
        commands::list_profiles,
        commands::save_profile,
        commands::remove_profile,
        commands::list_users,
        commands::get_user,
        commands::create_user,
        commands::update_user,
        commands::set_roles,
        commands::set_user_password,
        commands::ban_user,
        commands::unban_user,
        commands::list_user_sessions,
        commands::revoke_user_session,
        commands::revoke_user_sessions,
        commands::remove_user,
        commands::impersonate_user,
        commands::stop_impersonating,
        commands::impersonation_view,
        commands::audit_log,
        commands::export_audit,
    ]
}
