//! Authdesk's Tauri shell: window, plugins, managed state and the command table. The work itself
//! happens in [`console::Console`] and the crates under `src-tauri/crates`.

mod commands;
pub mod console;
pub mod settings;

use tauri::Manager;
use tracing_subscriber::EnvFilter;

use crate::console::Console;
use crate::settings::StoreSettings;

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("AUTHDESK_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();

    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .setup(|app| {
            let settings = StoreSettings::open(app.handle())?;
            let default_server = std::env::var("AUTHDESK_DEFAULT_SERVER").ok();
            app.manage(Console::new(Box::new(settings), default_server));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::sign_in_defaults,
            commands::sign_in,
            commands::sign_out,
            commands::list_users,
        ])
        .run(tauri::generate_context!())
        .expect("Authdesk failed to start");
}
