//! One typed async function per backend command, over Tauri's `invoke`.

use authdesk_protocol::{
    AdminIdentity, ApiError, AuditChain, AuditExportFormat, AuditView, BanRequest, BulkAction,
    BulkPlan, BulkProgress, BulkSelection, CodeSignIn, ErrorCode, ImpersonationRequest,
    ImpersonationStarted, ImpersonationView, LinkSignIn, ListUsersQuery, MailRequest, NewUser,
    Password, Profile, ProfileSettings, ProviderSignIn, RestoredSession, SecondFactorProof,
    SessionSummary, SignInDefaults, SignInOptions, SignInRequest, SignInStep, UpdateOffer,
    UserFields, UserPage, UserSummary, UserUpdate,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // Sends the command at once; the promise rejects with a command's `Err`.
    #[wasm_bindgen(catch, js_namespace = ["window", "__TAURI__", "core"], js_name = invoke)]
    fn tauri_invoke(command: &str, args: JsValue) -> Result<js_sys::Promise, JsValue>;

    // Resolves to the function that stops listening.
    #[wasm_bindgen(catch, js_namespace = ["window", "__TAURI__", "event"], js_name = listen)]
    async fn tauri_listen(event: &str, handler: &js_sys::Function) -> Result<JsValue, JsValue>;
}

/// Calls `handler` each time the backend sends `event` to this window, until the function this
/// returns is called.
pub async fn listen(event: &str, handler: &js_sys::Function) -> Option<js_sys::Function> {
    use wasm_bindgen::JsCast;
    tauri_listen(event, handler)
        .await
        .ok()
        .and_then(|stop| stop.dyn_into().ok())
}

async fn invoke<R: DeserializeOwned>(
    command: &'static str,
    args: impl Serialize,
) -> Result<R, ApiError> {
    let answer = answer_text(command, json_of(&args)).await?;
    decoded(command, &answer)
}

/// A command's answer on its way.
pub type Pending<R> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<R, ApiError>>>>;

/// Sends `command` now, not when its answer is first awaited as [`invoke`] does.
fn sent<R: DeserializeOwned + 'static>(command: &'static str, args: impl Serialize) -> Pending<R> {
    let answer = answer_text(command, json_of(&args));
    Box::pin(async move { decoded(command, &answer.await?) })
}

/// Sends `command` with its arguments and waits for its answer as JSON text: boxed, so that
/// [`invoke`] and [`sent`] await it without carrying a copy of it for each answer's type.
fn answer_text(command: &'static str, args: Result<String, ApiError>) -> Pending<String> {
    let request = args.and_then(|args| send(command, &args));
    Box::pin(async move { answer_to(command, request?).await })
}

fn json_of(args: &impl Serialize) -> Result<String, ApiError> {
    serde_json::to_string(args).map_err(|error| internal(&error.to_string()))
}

fn decoded<R: DeserializeOwned>(command: &str, answer: &str) -> Result<R, ApiError> {
    serde_json::from_str(answer).map_err(|error| internal(&format!("{command}: {error}")))
}

/// The untyped halves of [`invoke`] and [`sent`], kept out of their generic bodies. Both ways the
/// data crosses as JSON text, parsed or written by the webview's own JSON code on one side and
/// serde_json on the other: one decoder for answers, refusals and events alike, in one piece of
/// JavaScript each.
fn send(command: &str, args: &str) -> Result<js_sys::Promise, ApiError> {
    let args = js_sys::JSON::parse(args).map_err(|_| internal("its arguments"))?;
    tauri_invoke(command, args).map_err(|error| not_reachable(command, &error))
}

async fn answer_to(command: &str, request: js_sys::Promise) -> Result<String, ApiError> {
    match wasm_bindgen_futures::JsFuture::from(request).await {
        Ok(answer) => Ok(json_text(&answer)),
        Err(refusal) => Err(from_js(&refusal).unwrap_or_else(|| not_reachable(command, &refusal))),
    }
}

/// A value the backend sent (an answer, a refusal, an event's payload) read as a `T`.
pub fn from_js<T: DeserializeOwned>(value: &JsValue) -> Option<T> {
    serde_json::from_str(&json_text(value)).ok()
}

/// `value` as JSON text; `null` for what JSON has no text for (a command answering nothing).
fn json_text(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| "null".into())
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

pub async fn sign_in_defaults() -> Result<SignInDefaults, ApiError> {
    invoke("sign_in_defaults", json!({})).await
}

pub async fn restore_session() -> Result<RestoredSession, ApiError> {
    invoke("restore_session", json!({})).await
}

pub async fn sign_in_options(base_url: &str) -> Result<SignInOptions, ApiError> {
    invoke("sign_in_options", json!({ "baseUrl": base_url })).await
}

/// The password step (also the lock screen's, with [`SignInPurpose::Unlock`]).
pub async fn sign_in(request: SignInRequest) -> Result<SignInStep, ApiError> {
    invoke("sign_in", json!({ "request": request })).await
}

pub async fn send_second_factor_code() -> Result<(), ApiError> {
    invoke("send_second_factor_code", json!({})).await
}

pub async fn verify_second_factor(proof: SecondFactorProof) -> Result<AdminIdentity, ApiError> {
    invoke("verify_second_factor", json!({ "proof": proof })).await
}

pub async fn send_sign_in_code(request: MailRequest) -> Result<(), ApiError> {
    invoke("send_sign_in_code", json!({ "request": request })).await
}

pub async fn sign_in_with_code(request: CodeSignIn) -> Result<AdminIdentity, ApiError> {
    invoke("sign_in_with_code", json!({ "request": request })).await
}

pub async fn send_magic_link(request: MailRequest) -> Result<(), ApiError> {
    invoke("send_magic_link", json!({ "request": request })).await
}

pub async fn sign_in_with_link(request: LinkSignIn) -> Result<AdminIdentity, ApiError> {
    invoke("sign_in_with_link", json!({ "request": request })).await
}

/// Single sign-on, in a window of its own; answers when it is over.
pub async fn sign_in_with_provider(request: ProviderSignIn) -> Result<AdminIdentity, ApiError> {
    invoke("sign_in_with_provider", json!({ "request": request })).await
}

pub async fn forget_this_computer(base_url: &str) -> Result<(), ApiError> {
    invoke("forget_this_computer", json!({ "baseUrl": base_url })).await
}

pub async fn sign_out() -> Result<(), ApiError> {
    invoke("sign_out", json!({})).await
}

/// Leaves this deployment for the profile `id`, keeping this session saved for the way back.
pub async fn switch_profile(id: String) -> Result<RestoredSession, ApiError> {
    invoke("switch_profile", json!({ "id": id })).await
}

pub async fn list_profiles() -> Result<Vec<Profile>, ApiError> {
    invoke("list_profiles", json!({})).await
}

pub async fn save_profile(
    id: Option<String>,
    settings: ProfileSettings,
) -> Result<Profile, ApiError> {
    invoke("save_profile", json!({ "id": id, "settings": settings })).await
}

pub async fn remove_profile(id: String) -> Result<(), ApiError> {
    invoke("remove_profile", json!({ "id": id })).await
}

pub fn list_users(query: ListUsersQuery) -> Pending<UserPage> {
    sent("list_users", json!({ "query": query }))
}

pub async fn get_user(user_id: String) -> Result<UserSummary, ApiError> {
    invoke("get_user", json!({ "userId": user_id })).await
}

pub async fn create_user(user: NewUser) -> Result<UserSummary, ApiError> {
    invoke("create_user", json!({ "user": user })).await
}

pub async fn update_user(user_id: String, update: UserUpdate) -> Result<UserSummary, ApiError> {
    invoke(
        "update_user",
        json!({ "userId": user_id, "update": update }),
    )
    .await
}

pub async fn set_roles(user_id: String, roles: Vec<String>) -> Result<UserSummary, ApiError> {
    invoke("set_roles", json!({ "userId": user_id, "roles": roles })).await
}

pub async fn set_user_password(
    user_id: String,
    password: Password,
    sign_out_everywhere: bool,
) -> Result<(), ApiError> {
    invoke(
        "set_user_password",
        json!({ "userId": user_id, "password": password, "signOutEverywhere": sign_out_everywhere }),
    )
    .await
}

pub async fn send_password_reset(user_id: String) -> Result<UserSummary, ApiError> {
    invoke("send_password_reset", json!({ "userId": user_id })).await
}

pub async fn send_verification_email(user_id: String) -> Result<UserSummary, ApiError> {
    invoke("send_verification_email", json!({ "userId": user_id })).await
}

pub async fn reset_two_factor(user_id: String) -> Result<UserSummary, ApiError> {
    invoke("reset_two_factor", json!({ "userId": user_id })).await
}

pub async fn plan_bulk(selection: BulkSelection, action: BulkAction) -> Result<BulkPlan, ApiError> {
    invoke(
        "plan_bulk",
        json!({ "selection": selection, "action": action }),
    )
    .await
}

pub async fn start_bulk(plan_id: String) -> Result<BulkProgress, ApiError> {
    invoke("start_bulk", json!({ "planId": plan_id })).await
}

pub async fn bulk_progress() -> Result<Option<BulkProgress>, ApiError> {
    invoke("bulk_progress", json!({})).await
}

pub async fn cancel_bulk() -> Result<(), ApiError> {
    invoke("cancel_bulk", json!({})).await
}

pub async fn dismiss_bulk() -> Result<(), ApiError> {
    invoke("dismiss_bulk", json!({})).await
}

/// Asks where to save (the desktop's dialog) and starts; none when the admin cancelled.
pub async fn start_export(
    export: authdesk_protocol::UserExport,
) -> Result<Option<authdesk_protocol::ExportProgress>, ApiError> {
    invoke("start_export", json!({ "export": export })).await
}

pub async fn export_progress() -> Result<Option<authdesk_protocol::ExportProgress>, ApiError> {
    invoke("export_progress", json!({})).await
}

pub async fn cancel_export() -> Result<(), ApiError> {
    invoke("cancel_export", json!({})).await
}

pub async fn user_fields() -> Result<UserFields, ApiError> {
    invoke("user_fields", json!({})).await
}

pub async fn list_user_sessions(user_id: String) -> Result<Vec<SessionSummary>, ApiError> {
    invoke("list_user_sessions", json!({ "userId": user_id })).await
}

pub async fn revoke_user_session(user_id: String, session_id: String) -> Result<(), ApiError> {
    invoke(
        "revoke_user_session",
        json!({ "userId": user_id, "sessionId": session_id }),
    )
    .await
}

pub async fn revoke_user_sessions(user_id: String) -> Result<(), ApiError> {
    invoke("revoke_user_sessions", json!({ "userId": user_id })).await
}

pub async fn remove_user(user_id: String) -> Result<(), ApiError> {
    invoke("remove_user", json!({ "userId": user_id })).await
}

pub async fn ban_user(user_id: String, ban: BanRequest) -> Result<UserSummary, ApiError> {
    invoke("ban_user", json!({ "userId": user_id, "ban": ban })).await
}

pub async fn unban_user(user_id: String) -> Result<UserSummary, ApiError> {
    invoke("unban_user", json!({ "userId": user_id })).await
}

pub async fn impersonate_user(
    request: ImpersonationRequest,
) -> Result<ImpersonationStarted, ApiError> {
    invoke("impersonate_user", json!({ "request": request })).await
}

pub async fn impersonation_view() -> Result<ImpersonationView, ApiError> {
    invoke("impersonation_view", json!({})).await
}

pub async fn stop_impersonating() -> Result<AdminIdentity, ApiError> {
    invoke("stop_impersonating", json!({})).await
}

pub async fn audit_log() -> Result<AuditView, ApiError> {
    invoke("audit_log", json!({})).await
}

/// Asks where to save (the desktop's dialog) and writes; the path, none when cancelled.
pub async fn export_audit(format: AuditExportFormat) -> Result<Option<String>, ApiError> {
    invoke("export_audit", json!({ "format": format })).await
}

/// A newer Authdesk on the fleet's update feed, if the fleet names one and it has one.
pub async fn check_for_update() -> Result<Option<UpdateOffer>, ApiError> {
    invoke("check_for_update", json!({})).await
}

/// Downloads the update and checks its signature against the fleet's key.
pub async fn download_update() -> Result<UpdateOffer, ApiError> {
    invoke("download_update", json!({})).await
}

/// Installs the checked update and restarts into it.
pub async fn install_update() -> Result<(), ApiError> {
    invoke("install_update", json!({})).await
}

/// Shows the last exported file in the desktop's file manager.
pub async fn show_saved_file() -> Result<(), ApiError> {
    invoke("show_saved_file", json!({})).await
}

/// Whether an exported JSON lines file is whole and as this installation wrote it.
pub async fn verify_audit_export(path: &str) -> Result<AuditChain, ApiError> {
    invoke("verify_audit_export", json!({ "path": path })).await
}

/// Through the backend: WebKitGTK's `navigator.clipboard` fails without a word.
pub async fn copy_text(text: String) -> Result<(), ApiError> {
    invoke("copy_text", json!({ "text": text })).await
}

/// The user a link from a ticket opens, once one waits and the console can open it.
pub async fn take_link() -> Result<Option<String>, ApiError> {
    invoke("take_link", json!({})).await
}
