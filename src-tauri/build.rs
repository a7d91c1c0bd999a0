use tauri_build::{AppManifest, Attributes};

include!("command_list.rs");

/// Listing the app's commands makes Tauri generate one `allow-<command>` permission each, so a
/// window can call only what its capability grants.
const COMMANDS: &[&str] = with_app_commands!(command_names);

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/command_list.rs");
    tauri_build::try_build(
        Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
