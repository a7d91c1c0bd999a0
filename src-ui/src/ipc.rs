//! One typed async function per backend command, over Tauri's `invoke`.

use authdesk_protocol::{
    AdminIdentity, ApiError, ErrorCode, ListUsersQuery, RestoredSession, SignInDefaults,
    SignInRequest, UserPage,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // `catch` turns a rejected promise (a command's `Err`) into a Rust `Err`.
    #[wasm_bindgen(catch, js_namespace = ["window", "__TAURI__", "core"], js_name = invoke)]
    async fn tauri_invoke(command: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

async fn invoke<R: DeserializeOwned>(command: &str, args: impl Serialize) -> Result<R, ApiError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args
        .serialize(&serializer)
        .map_err(|error| internal(&error.to_string()))?;
    match tauri_invoke(command, args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value)
            .map_err(|error| internal(&format!("{command}: {error}"))),
        Err(value) => Err(serde_wasm_bindgen::from_value(value.clone())
            .unwrap_or_else(|_| not_reachable(command, &value))),
    }
}

fn internal(detail: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        format!("Authdesk could not read its own data ({detail})."),
    )
}

/// A rejection that is not an `ApiError`: the backend is missing (the UI runs in a plain browser)
/// or the command is not permitted for this window.
fn not_reachable(command: &str, value: &JsValue) -> ApiError {
    let detail = value
        .as_string()
        .unwrap_or_else(|| "the Authdesk backend is not available".into());
    ApiError::new(
        ErrorCode::Internal,
        format!("Could not run {command}: {detail}."),
    )
}

#[derive(Serialize)]
struct NoArgs {}

pub async fn sign_in_defaults() -> Result<SignInDefaults, ApiError> {
    invoke("sign_in_defaults", NoArgs {}).await
}

pub async fn restore_session() -> Result<RestoredSession, ApiError> {
    invoke("restore_session", NoArgs {}).await
}

pub async fn sign_in(request: SignInRequest) -> Result<AdminIdentity, ApiError> {
    #[derive(Serialize)]
    struct Args {
        request: SignInRequest,
    }
    invoke("sign_in", Args { request }).await
}

pub async fn sign_out() -> Result<(), ApiError> {
    invoke("sign_out", NoArgs {}).await
}

pub async fn list_users(query: ListUsersQuery) -> Result<UserPage, ApiError> {
    #[derive(Serialize)]
    struct Args {
        query: ListUsersQuery,
    }
    invoke("list_users", Args { query }).await
}
