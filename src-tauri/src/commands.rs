//! One-line adapters from IPC to [`Console`]. Errors cross as the shared `{code, message}` type.

use authdesk_protocol::{
    AdminIdentity, ApiError, ListUsersQuery, SignInDefaults, SignInRequest, UserPage,
};
use tauri::State;

use crate::console::Console;

#[tauri::command]
pub(crate) fn sign_in_defaults(console: State<'_, Console>) -> SignInDefaults {
    console.sign_in_defaults()
}

#[tauri::command]
pub(crate) async fn sign_in(
    console: State<'_, Console>,
    request: SignInRequest,
) -> Result<AdminIdentity, ApiError> {
    console.sign_in(request).await
}

#[tauri::command]
pub(crate) async fn sign_out(console: State<'_, Console>) -> Result<(), ApiError> {
    console.sign_out().await
}

#[tauri::command]
pub(crate) async fn list_users(
    console: State<'_, Console>,
    query: ListUsersQuery,
) -> Result<UserPage, ApiError> {
    console.list_users(query).await
}
