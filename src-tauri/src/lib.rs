//! Authdesk's Tauri shell: window, plugins, managed state and the command table. The work itself
//! happens in [`console::Console`] and the crates under `src-tauri/crates`.

mod commands;
pub mod console;
pub mod settings;

use authdesk_audit::AuditLog;
use authdesk_vault::Vault;
use tauri::{Manager, Runtime};
use tracing_subscriber::EnvFilter;

use crate::console::Console;
use crate::settings::StoreSettings;

pub fn run() {
    let spec = std::env::var("AUTHDESK_LOG").unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt()
        .with_env_filter(log_filter(&spec))
        .init();

    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .setup(|app| {
            let settings = StoreSettings::open(app.handle())?;
            let vault = Vault::new(keyring_service(&app.config().identifier));
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
        .run(tauri::generate_context!())
        .expect("Authdesk failed to start");
}

/// HTTP and cookie crates whose debug output prints cookies and headers. They are held at
/// `warn` whatever `AUTHDESK_LOG` asks for, so no log level can leak a session.
const CHATTY_CRATES: [&str; 7] = [
    "cookie_store",
    "reqwest_cookie_store",
    "reqwest",
    "hyper",
    "hyper_util",
    "h2",
    "rustls",
];

/// The log filter for an `AUTHDESK_LOG`-style spec (`info`, `authdesk_client=debug`, ...).
pub fn log_filter(spec: &str) -> EnvFilter {
    let base = EnvFilter::try_new(spec).unwrap_or_else(|_| EnvFilter::new("info"));
    CHATTY_CRATES.iter().fold(base, |filter, krate| {
        filter.add_directive(format!("{krate}=warn").parse().expect("a valid directive"))
    })
}

/// Debug builds keep their sessions under another keyring service, so a developer's build never
/// reads or overwrites the credentials of an installed release.
pub fn keyring_service(identifier: &str) -> String {
    if cfg!(debug_assertions) {
        format!("{identifier}.dev")
    } else {
        identifier.to_owned()
    }
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
