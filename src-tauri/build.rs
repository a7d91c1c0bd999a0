use tauri_build::{AppManifest, Attributes};

/// The app's own commands. Listing them here makes Tauri generate one `allow-<command>`
/// permission each, so a window can call only what its capability grants.
const COMMANDS: &[&str] = &[
    "sign_in_defaults",
    "restore_session",
    "sign_in",
    "sign_out",
    "list_profiles",
    "save_profile",
    "remove_profile",
    "list_users",
    "get_user",
    "create_user",
    "update_user",
    "set_roles",
    "set_user_password",
    "ban_user",
    "unban_user",
    "list_user_sessions",
    "revoke_user_session",
    "revoke_user_sessions",
    "remove_user",
    "impersonate_user",
    "stop_impersonating",
    "impersonation_view",
    "audit_log",
    "export_audit",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
