use tauri_build::{AppManifest, Attributes};

/// The app's own commands. Listing them here makes Tauri generate one `allow-<command>`
/// permission each, so a window can call only what its capability grants.
const COMMANDS: &[&str] = &["sign_in_defaults", "sign_in", "sign_out", "list_users"];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
