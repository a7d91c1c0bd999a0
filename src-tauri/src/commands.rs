//! One-line adapters from IPC to [`Console`]. Errors cross as the shared `{code, message}` type;
//! no response carries a cookie or a session token.

use authdesk_protocol::{
    AdminIdentity, ApiError, AuditChain, AuditExportFormat, AuditView, BanRequest, BulkAction,
    BulkPlan, BulkProgress, BulkSelection, CodeSignIn, ExportProgress, ImpersonationRequest,
    ImpersonationStarted, ImpersonationView, LinkSignIn, ListUsersQuery, MailRequest, NewUser,
    Password, Profile, ProfileSettings, ProviderSignIn, RestoredSession, SecondFactorProof,
    SessionSummary, SignInDefaults, SignInOptions, SignInRequest, SignInStep, UpdateOffer,
    UserExport, UserFields, UserPage, UserSummary, UserUpdate,
};
use tauri::{AppHandle, Runtime, State};

use crate::console::Console;
use crate::desktop::Clipboard;
use crate::updates::Updates;

type Reply<T> = Result<T, ApiError>;

#[tauri::command]
pub(crate) async fn sign_in_defaults(console: State<'_, Console>) -> Reply<SignInDefaults> {
    Ok(console.sign_in_defaults().await)
}

#[tauri::command]
pub(crate) async fn sign_in_options(
    console: State<'_, Console>,
    base_url: String,
) -> Reply<SignInOptions> {
    console.sign_in_options(&base_url).await
}

#[tauri::command]
pub(crate) async fn restore_session(console: State<'_, Console>) -> Reply<RestoredSession> {
    Ok(console.restore_session().await)
}

#[tauri::command]
pub(crate) async fn sign_in(
    console: State<'_, Console>,
    request: SignInRequest,
) -> Reply<SignInStep> {
    console.sign_in(request).await
}

#[tauri::command]
pub(crate) async fn send_second_factor_code(console: State<'_, Console>) -> Reply<()> {
    console.send_second_factor_code().await
}

#[tauri::command]
pub(crate) async fn verify_second_factor(
    console: State<'_, Console>,
    proof: SecondFactorProof,
) -> Reply<AdminIdentity> {
    console.verify_second_factor(proof).await
}

#[tauri::command]
pub(crate) async fn send_sign_in_code(
    console: State<'_, Console>,
    request: MailRequest,
) -> Reply<()> {
    console.send_sign_in_code(request).await
}

#[tauri::command]
pub(crate) async fn sign_in_with_code(
    console: State<'_, Console>,
    request: CodeSignIn,
) -> Reply<AdminIdentity> {
    console.sign_in_with_code(request).await
}

#[tauri::command]
pub(crate) async fn send_magic_link(
    console: State<'_, Console>,
    request: MailRequest,
) -> Reply<()> {
    console.send_magic_link(request).await
}

#[tauri::command]
pub(crate) async fn sign_in_with_link(
    console: State<'_, Console>,
    request: LinkSignIn,
) -> Reply<AdminIdentity> {
    console.sign_in_with_link(request).await
}

#[tauri::command]
pub(crate) async fn sign_in_with_provider<R: Runtime>(
    app: AppHandle<R>,
    console: State<'_, Console>,
    request: ProviderSignIn,
) -> Reply<AdminIdentity> {
    crate::sign_on_window::sign_in_with_provider(&app, &console, request).await
}

#[tauri::command]
pub(crate) async fn forget_this_computer(
    console: State<'_, Console>,
    base_url: String,
) -> Reply<()> {
    console.forget_this_computer(&base_url).await
}

#[tauri::command]
pub(crate) async fn sign_out(console: State<'_, Console>) -> Reply<()> {
    console.sign_out().await
}

#[tauri::command]
pub(crate) async fn switch_profile(
    console: State<'_, Console>,
    id: String,
) -> Reply<RestoredSession> {
    console.switch_profile(&id).await
}

#[tauri::command]
pub(crate) fn list_profiles(console: State<'_, Console>) -> Vec<Profile> {
    console.list_profiles()
}

#[tauri::command]
pub(crate) async fn save_profile(
    console: State<'_, Console>,
    id: Option<String>,
    settings: ProfileSettings,
) -> Reply<Profile> {
    console.save_profile(id, settings).await
}

#[tauri::command]
pub(crate) async fn remove_profile(console: State<'_, Console>, id: String) -> Reply<()> {
    console.remove_profile(&id).await
}

#[tauri::command]
pub(crate) async fn list_users(
    console: State<'_, Console>,
    query: ListUsersQuery,
) -> Reply<UserPage> {
    console.list_users(query).await
}

#[tauri::command]
pub(crate) async fn get_user(console: State<'_, Console>, user_id: String) -> Reply<UserSummary> {
    console.get_user(user_id).await
}

#[tauri::command]
pub(crate) async fn create_user(console: State<'_, Console>, user: NewUser) -> Reply<UserSummary> {
    console.create_user(user).await
}

#[tauri::command]
pub(crate) async fn update_user(
    console: State<'_, Console>,
    user_id: String,
    update: UserUpdate,
) -> Reply<UserSummary> {
    console.update_user(user_id, update).await
}

#[tauri::command]
pub(crate) async fn set_roles(
    console: State<'_, Console>,
    user_id: String,
    roles: Vec<String>,
) -> Reply<UserSummary> {
    console.set_roles(user_id, roles).await
}

#[tauri::command]
pub(crate) async fn set_user_password(
    console: State<'_, Console>,
    user_id: String,
    password: Password,
    sign_out_everywhere: bool,
) -> Reply<()> {
    console
        .set_user_password(user_id, password, sign_out_everywhere)
        .await
}

#[tauri::command]
pub(crate) async fn send_password_reset(
    console: State<'_, Console>,
    user_id: String,
) -> Reply<UserSummary> {
    console.send_password_reset(user_id).await
}

#[tauri::command]
pub(crate) async fn send_verification_email(
    console: State<'_, Console>,
    user_id: String,
) -> Reply<UserSummary> {
    console.send_verification_email(user_id).await
}

#[tauri::command]
pub(crate) async fn reset_two_factor(
    console: State<'_, Console>,
    user_id: String,
) -> Reply<UserSummary> {
    console.reset_two_factor(user_id).await
}

#[tauri::command]
pub(crate) async fn plan_bulk(
    console: State<'_, Console>,
    selection: BulkSelection,
    action: BulkAction,
) -> Reply<BulkPlan> {
    console.plan_bulk(selection, action).await
}

#[tauri::command]
pub(crate) async fn start_bulk(
    console: State<'_, Console>,
    plan_id: String,
) -> Reply<BulkProgress> {
    console.start_bulk(plan_id).await
}

#[tauri::command]
pub(crate) async fn bulk_progress(console: State<'_, Console>) -> Reply<Option<BulkProgress>> {
    console.bulk_progress().await
}

#[tauri::command]
pub(crate) async fn cancel_bulk(console: State<'_, Console>) -> Reply<()> {
    console.cancel_bulk().await
}

#[tauri::command]
pub(crate) async fn dismiss_bulk(console: State<'_, Console>) -> Reply<()> {
    console.dismiss_bulk().await
}

#[tauri::command]
pub(crate) async fn start_export(
    console: State<'_, Console>,
    export: UserExport,
) -> Reply<Option<ExportProgress>> {
    console.start_export(export).await
}

#[tauri::command]
pub(crate) async fn export_progress(console: State<'_, Console>) -> Reply<Option<ExportProgress>> {
    console.export_progress().await
}

#[tauri::command]
pub(crate) async fn cancel_export(console: State<'_, Console>) -> Reply<()> {
    console.cancel_export().await
}

#[tauri::command]
pub(crate) async fn user_fields(console: State<'_, Console>) -> Reply<UserFields> {
    console.user_fields().await
}

#[tauri::command]
pub(crate) async fn ban_user(
    console: State<'_, Console>,
    user_id: String,
    ban: BanRequest,
) -> Reply<UserSummary> {
    console.ban_user(user_id, ban).await
}

#[tauri::command]
pub(crate) async fn unban_user(console: State<'_, Console>, user_id: String) -> Reply<UserSummary> {
    console.unban_user(user_id).await
}

#[tauri::command]
pub(crate) async fn list_user_sessions(
    console: State<'_, Console>,
    user_id: String,
) -> Reply<Vec<SessionSummary>> {
    console.list_user_sessions(user_id).await
}

#[tauri::command]
pub(crate) async fn revoke_user_session(
    console: State<'_, Console>,
    user_id: String,
    session_id: String,
) -> Reply<()> {
    console.revoke_user_session(user_id, session_id).await
}

#[tauri::command]
pub(crate) async fn revoke_user_sessions(
    console: State<'_, Console>,
    user_id: String,
) -> Reply<()> {
    console.revoke_user_sessions(user_id).await
}

#[tauri::command]
pub(crate) async fn remove_user(console: State<'_, Console>, user_id: String) -> Reply<()> {
    console.remove_user(user_id).await
}

#[tauri::command]
pub(crate) async fn impersonate_user(
    console: State<'_, Console>,
    request: ImpersonationRequest,
) -> Reply<ImpersonationStarted> {
    console.impersonate_user(request).await
}

#[tauri::command]
pub(crate) async fn impersonation_view(console: State<'_, Console>) -> Reply<ImpersonationView> {
    console.impersonation_view().await
}

#[tauri::command]
pub(crate) async fn stop_impersonating(console: State<'_, Console>) -> Reply<AdminIdentity> {
    console.stop_impersonating().await
}

#[tauri::command]
pub(crate) async fn audit_log(console: State<'_, Console>) -> Reply<AuditView> {
    console.audit_log().await
}

#[tauri::command]
pub(crate) async fn export_audit(
    console: State<'_, Console>,
    format: AuditExportFormat,
) -> Reply<Option<String>> {
    console.export_audit(format).await
}

#[tauri::command]
pub(crate) async fn show_saved_file(console: State<'_, Console>) -> Reply<()> {
    console.show_saved_file().await
}

#[tauri::command]
pub(crate) async fn verify_audit_export(
    console: State<'_, Console>,
    path: String,
) -> Reply<AuditChain> {
    console.verify_audit_export(path).await
}

#[tauri::command]
pub(crate) async fn copy_text(clipboard: State<'_, Clipboard>, text: String) -> Reply<()> {
    clipboard.copy(&text)
}

#[tauri::command]
pub(crate) async fn take_link(console: State<'_, Console>) -> Reply<Option<String>> {
    console.take_link().await
}

#[tauri::command]
pub(crate) async fn check_for_update<R: Runtime>(
    app: AppHandle<R>,
    updates: State<'_, Updates>,
) -> Reply<Option<UpdateOffer>> {
    updates.check(&app).await
}

#[tauri::command]
pub(crate) async fn download_update(updates: State<'_, Updates>) -> Reply<UpdateOffer> {
    updates.download().await
}

#[tauri::command]
pub(crate) async fn install_update<R: Runtime>(
    app: AppHandle<R>,
    updates: State<'_, Updates>,
    console: State<'_, Console>,
) -> Reply<()> {
    updates.install(&app, &console).await
}
