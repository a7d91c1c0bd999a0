// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[cfg(target_os = "linux")]
    paint_without_gpu_compositing();
    authdesk_app::run();
}

/// The console is forms and a table: nothing in it needs the GPU. WebKitGTK composites its page
/// through OpenGL unless told not to, and where that OpenGL is software (a virtual machine, a
/// remote desktop, a computer without a GPU driver) compositing the scrollable table costs
/// seconds of every core after each start while the page's own thread waits (README,
/// Performance). WebKit reads this variable as it creates the first webview, so it is set first;
/// switching its setting once the window exists crashed the web process. Set to `0` by the
/// admin, it is left alone (and compositing is back). Processes the app starts inherit it: a
/// WebKitGTK browser opened on a link paints its pages the same way, which changes nothing they
/// show.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn paint_without_gpu_compositing() {
    const VARIABLE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VARIABLE).is_none() {
        // SAFETY: the first thing `main` does, before any thread exists to read the environment.
        unsafe { std::env::set_var(VARIABLE, "1") };
    }
}
