//! The app's commands called as the webview calls them, through Tauri's IPC on the mock runtime:
//! arguments as JSON, deserialized by the real command table, answers recorded.

use authdesk_app::console::Console;
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;

pub struct Ipc {
    _app: tauri::App<MockRuntime>,
    webview: tauri::WebviewWindow<MockRuntime>,
    /// Every command and its answer, in order.
    pub transcript: Vec<String>,
}

impl Ipc {
    /// The command table of the app, serving `console` to a window labelled `main`.
    pub fn new(console: Console) -> Self {
        let app = mock_builder()
            .manage(console)
            .manage(authdesk_app::desktop::Clipboard::default())
            .manage(authdesk_app::updates::Updates::new(None))
            .invoke_handler(authdesk_app::command_handler())
            .build(mock_context(noop_assets()))
            .unwrap();
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Self {
            _app: app,
            webview,
            transcript: Vec::new(),
        }
    }

    /// The command's answer: `Ok` with its value or `Err` with the rejection (an `ApiError`
    /// as JSON, or Tauri's message when the arguments do not fit the command).
    pub fn call(&mut self, command: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: command.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        let response = get_ipc_response(&self.webview, request)
            .map(|body| body.deserialize::<Value>().unwrap());
        self.transcript.push(format!("{command}: {response:?}"));
        response
    }

    /// The id of the user with this email, looked up through `list_users`.
    pub fn user_id(&mut self, email: &str) -> String {
        let query = serde_json::json!({ "query": { "limit": 1, "offset": 0, "search":
            { "field": "email", "operator": "contains", "value": email } } });
        let page = self.call("list_users", query).unwrap();
        page["users"][0]["id"].as_str().unwrap().to_owned()
    }
}
