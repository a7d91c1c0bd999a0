//! The minimal Tauri app with the libraries Authdesk's features need, none of Authdesk's code:
//! its plugins, the keyring, the clipboard, the log writer and filter, and the HTTPS client with
//! its cookie jar. Only its size is measured: each library is used once, on a path the linker
//! cannot drop (a variable the benchmark never sets), so that its code is in the binary.

use std::sync::Arc;

fn main() {
    let filter = tracing_subscriber::EnvFilter::new(std::env::var("FLOOR_LOG").unwrap_or_default());
    let (writer, _flush) =
        tracing_appender::non_blocking(tracing_appender::rolling::daily("logs", "floor.log"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .init();
    if std::env::var_os("FLOOR_USE_LIBRARIES").is_some() {
        use_libraries();
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|_, _, _| {}))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .run(tauri::generate_context!())
        .expect("the floor app failed to start");
}

fn use_libraries() {
    #[cfg(target_os = "linux")]
    {
        let secret = keyring::Entry::new("floor", "floor").and_then(|entry| entry.get_password());
        tracing::info!(?secret);
    }
    let _ = arboard::Clipboard::new().and_then(|mut clipboard| clipboard.set_text("floor"));
    let _ = rustls::crypto::ring::default_provider().install_default();
    let jar = Arc::new(reqwest_cookie_store::CookieStoreMutex::new(
        cookie_store::CookieStore::default(),
    ));
    let client = reqwest::Client::builder()
        .cookie_provider(Arc::clone(&jar))
        .build();
    let answer = tauri::async_runtime::block_on(async move {
        client?
            .get("https://127.0.0.1:1/")
            .send()
            .await?
            .json::<serde_json::Value>()
            .await
    });
    let cookies = jar.lock().map(|jar| jar.iter_any().count());
    tracing::info!(?answer, ?cookies);
    let _ = tauri_plugin_opener::open_path(".", None::<&str>);
}
