//! One window, one static page: what any Tauri app costs before it does anything.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the minimal app failed to start");
}
