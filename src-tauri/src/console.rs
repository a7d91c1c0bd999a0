//! The admin console's backend: the signed-in session, its profile and its keyring entry. The
//! webview never receives a cookie or a token from here. Commands in `commands.rs` are thin
//! adapters over these methods.

use std::sync::Arc;

use authdesk_audit::{AuditEvent, AuditLog};
use authdesk_client::{AuthBaseUrl, AuthClient, ClientError, ConnectOptions, SessionCookies};
use authdesk_protocol::{
    AdminIdentity, ApiError, AuditChain, AuditExportFormat, AuditOutcome, AuditView, BanLength,
    BanRequest, ErrorCode, ImpersonationRequest, ImpersonationStarted, ImpersonationView,
    ListUsersQuery, MAX_IMPERSONATION_MINUTES, NewUser, OffsetDateTime, Password, Profile,
    ProfileSettings, RestoredSession, SessionSummary, SignInDefaults, SignInRequest, UserPage,
    UserSummary, UserUpdate, checks,
};
use authdesk_vault::{Vault, VaultError};
use tokio::sync::RwLock;

use crate::settings::SettingsStore;

/// The most rows one list request may ask for; the server itself has no cap.
pub const MAX_PAGE_SIZE: u32 = 500;
/// Longer search text is a paste gone wrong, not an email or a name.
const MAX_SEARCH_CHARS: usize = 256;
/// Passwords a server may accept are far shorter; more is a paste gone wrong.
const MAX_SIGN_IN_PASSWORD_CHARS: usize = 1024;

pub struct Console {
    settings: Box<dyn SettingsStore>,
    vault: Arc<Vault>,
    audit: AuditLog,
    /// Used when no server was remembered yet (the demo points this at its sandbox).
    default_server: Option<String>,
    session: RwLock<Option<Active>>,
}

/// The signed-in session. `saved` is what the keyring holds, so it is written only on change.
struct Active {
    profile: Profile,
    client: AuthClient,
    admin: AdminIdentity,
    impersonating: Option<ImpersonationStarted>,
    /// The admin's own cookies, kept aside while impersonating: the way back even when the
    /// server can no longer end the impersonation (expired, signed out inside it).
    aside: Option<SessionCookies>,
    saved: Option<StoredSession>,
}

/// What the keyring holds for a profile. The cookie sets go through
/// [`SessionCookies::from_secret`], which refuses anything that is not a plain session cookie.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct StoredSession {
    cookies: String,
    /// The admin's own cookies and the impersonated user's id, while impersonating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    aside: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    impersonated_user: Option<String>,
}

impl StoredSession {
    fn parse(secret: &str) -> Option<(SessionCookies, Option<SessionCookies>, Option<String>)> {
        let stored: Self = serde_json::from_str(secret).ok()?;
        let cookies = SessionCookies::from_secret(&stored.cookies).ok()?;
        let aside = match &stored.aside {
            Some(aside) => Some(SessionCookies::from_secret(aside).ok()?),
            None => None,
        };
        Some((cookies, aside, stored.impersonated_user))
    }
}

impl Console {
    pub fn new(
        settings: Box<dyn SettingsStore>,
        vault: Vault,
        audit: AuditLog,
        default_server: Option<String>,
    ) -> Self {
        Self {
            settings,
            vault: Arc::new(vault),
            audit,
            default_server,
            session: RwLock::new(None),
        }
    }

    /// The whole audit trail and whether its chain holds.
    pub fn audit_log(&self) -> Result<AuditView, ApiError> {
        let (records, chain) = authdesk_audit::read(self.audit.path()).map_err(audit_error)?;
        Ok(AuditView {
            records,
            chain,
            path: self.audit.path().display().to_string(),
        })
    }

    /// Writes the audit trail to `folder` as JSON lines or CSV; answers with the file's path.
    pub fn export_audit(
        &self,
        format: AuditExportFormat,
        folder: &std::path::Path,
    ) -> Result<String, ApiError> {
        let (records, chain) = authdesk_audit::read(self.audit.path()).map_err(audit_error)?;
        let (text, extension) = match format {
            AuditExportFormat::JsonLines => (authdesk_audit::to_json_lines(&records), "jsonl"),
            AuditExportFormat::Csv => (authdesk_audit::to_csv(&records), "csv"),
        };
        let stamp = authdesk_protocol::OffsetDateTime::now_utc().unix_timestamp();
        let path = folder.join(format!("authdesk-audit-{stamp}.{extension}"));
        std::fs::create_dir_all(folder)
            .and_then(|()| std::fs::write(&path, text))
            .map_err(|error| {
                let message = format!("Could not write {}: {error}.", path.display());
                ApiError::new(ErrorCode::Internal, message)
            })?;
        if let AuditChain::Broken { line, .. } = chain {
            tracing::warn!(line, "exported an audit log whose chain is broken");
        }
        Ok(path.display().to_string())
    }

    /// Appends what an admin did, and how it ended, to the audit trail.
    fn record<T>(
        &self,
        admin: &str,
        action: &str,
        target: Option<String>,
        detail: Option<String>,
        result: &Result<T, ApiError>,
    ) {
        let outcome = match result {
            Ok(_) => AuditOutcome::Succeeded,
            Err(error) => AuditOutcome::Failed {
                message: error.message.clone(),
            },
        };
        let admin = admin.to_owned();
        let event = AuditEvent {
            admin,
            action: action.to_owned(),
            target,
            detail,
            outcome,
        };
        if let Err(error) = self.audit.append(event) {
            tracing::error!(%error, "could not append to the audit log");
        }
    }

    async fn admin_email(&self) -> Option<String> {
        self.session
            .read()
            .await
            .as_ref()
            .map(|active| active.admin.email.clone())
    }

    /// Runs an admin change on one user and records it, naming the user by email when the
    /// server answered with them.
    async fn change_user(
        &self,
        action: &str,
        user_id: &str,
        detail: Option<String>,
        operation: impl AsyncFnOnce(AuthClient) -> Result<UserSummary, ClientError>,
    ) -> Result<UserSummary, ApiError> {
        let admin = self.admin_email().await;
        let result = self.as_admin(operation).await;
        if let Some(admin) = admin {
            let target = result
                .as_ref()
                .map_or_else(|_| user_id.to_owned(), |user| user.email.clone());
            self.record(&admin, action, Some(target), detail, &result);
        }
        result
    }

    /// Runs an admin change and records it.
    async fn change<T>(
        &self,
        action: &str,
        target: &str,
        detail: Option<String>,
        operation: impl AsyncFnOnce(AuthClient) -> Result<T, ClientError>,
    ) -> Result<T, ApiError> {
        let admin = self
            .session
            .read()
            .await
            .as_ref()
            .map(|active| active.admin.email.clone());
        let result = self.as_admin(operation).await;
        if let Some(admin) = admin {
            self.record(&admin, action, Some(target.to_owned()), detail, &result);
        }
        result
    }

    pub fn sign_in_defaults(&self) -> SignInDefaults {
        let settings = self.settings.load();
        match settings
            .active_profile
            .as_deref()
            .and_then(|id| settings.profile(id))
        {
            Some(profile) => SignInDefaults {
                base_url: profile.settings.base_url.clone(),
                email: settings
                    .last_emails
                    .get(&profile.id)
                    .cloned()
                    .unwrap_or_default(),
            },
            None => SignInDefaults {
                base_url: self.default_server.clone().unwrap_or_default(),
                email: String::new(),
            },
        }
    }

    pub fn list_profiles(&self) -> Vec<Profile> {
        self.settings.load().profiles
    }

    /// Adds a profile (`id` = `None`) or edits one, after checking every field.
    pub fn save_profile(
        &self,
        id: Option<String>,
        settings: ProfileSettings,
    ) -> Result<Profile, ApiError> {
        let settings = checked_profile_settings(settings)?;
        let mut all = self.settings.load();
        let profile = match id {
            Some(id) => {
                let existing = all
                    .profiles
                    .iter_mut()
                    .find(|profile| profile.id == id)
                    .ok_or_else(|| {
                        ApiError::new(ErrorCode::NotFound, "This profile no longer exists.")
                    })?;
                existing.settings = settings;
                existing.clone()
            }
            None => {
                let profile = Profile {
                    id: new_profile_id(),
                    settings,
                };
                all.profiles.push(profile.clone());
                profile
            }
        };
        self.settings.save(&all);
        Ok(profile)
    }

    /// Removes a profile and its keyring entry. The signed-in profile must be signed out first.
    pub async fn remove_profile(&self, id: &str) -> Result<(), ApiError> {
        if self
            .session
            .read()
            .await
            .as_ref()
            .is_some_and(|active| active.profile.id == id)
        {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "You are signed in to this profile. Sign out before removing it.",
            ));
        }
        let mut all = self.settings.load();
        if !all.profiles.iter().any(|profile| profile.id == id) {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                "This profile no longer exists.",
            ));
        }
        all.profiles.retain(|profile| profile.id != id);
        all.last_emails.remove(id);
        if all.active_profile.as_deref() == Some(id) {
            all.active_profile = None;
        }
        self.settings.save(&all);
        if let Err(error) = self.vault_op(id, VaultOp::Wipe).await {
            tracing::warn!(%error, "could not remove a profile's keyring entry");
        }
        Ok(())
    }

    /// Signs in and keeps the session only if the account may manage users: a non-admin's fresh
    /// session is ended again at once rather than left behind.
    pub async fn sign_in(&self, request: SignInRequest) -> Result<AdminIdentity, ApiError> {
        let email = checks::check_email(&request.email)?;
        let email = email.as_str();
        let password_chars = request.password.expose().chars().count();
        if password_chars == 0 {
            return Err(
                ApiError::new(ErrorCode::Validation, "Enter your password.").at_field("password")
            );
        }
        if password_chars > MAX_SIGN_IN_PASSWORD_CHARS {
            let message = format!(
                "That is longer than any password Authdesk sends ({MAX_SIGN_IN_PASSWORD_CHARS} \
                 characters)."
            );
            return Err(ApiError::new(ErrorCode::Validation, message).at_field("password"));
        }
        let base = AuthBaseUrl::parse(&request.base_url)?;
        let profile = self.profile_for(&base);
        let client = connect(&profile, &SessionCookies::default())?;
        let user = client
            .sign_in_email(email, request.password.expose())
            .await?;
        if !client.has_permission("user", &["list"]).await? {
            if let Err(error) = client.sign_out().await {
                tracing::warn!(%error, "could not end a non-admin's session");
            }
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "This account is not an admin on this server. Sign in with an account that has \
                 the admin role.",
            ));
        }
        let mut settings = self.settings.load();
        if settings.profile(&profile.id).is_none() {
            settings.profiles.push(profile.clone());
        }
        settings.active_profile = Some(profile.id.clone());
        settings
            .last_emails
            .insert(profile.id.clone(), user.email.clone());
        self.settings.save(&settings);
        tracing::info!(profile = profile.settings.name.as_str(), "admin signed in");

        let can_impersonate = client
            .has_permission("user", &["impersonate"])
            .await
            .unwrap_or(false);
        let admin = identity(user, profile.clone(), can_impersonate);
        let mut active = Active {
            profile,
            client,
            admin,
            impersonating: None,
            aside: None,
            saved: None,
        };
        self.persist(&mut active).await;
        let admin = active.admin.clone();
        if let Some(previous) = self.session.write().await.replace(active) {
            end_quietly(&previous.client).await;
        }
        Ok(admin)
    }

    /// Picks up the session saved in the keyring by an earlier run, if it is still valid. An
    /// impersonation left running by a crash is stopped, so the admin is back as themself.
    pub async fn restore_session(&self) -> RestoredSession {
        match self.try_restore().await {
            Ok(admin) => RestoredSession {
                admin,
                notice: None,
            },
            Err(notice) => RestoredSession {
                admin: None,
                notice: Some(notice),
            },
        }
    }

    async fn try_restore(&self) -> Result<Option<AdminIdentity>, ApiError> {
        if let Some(active) = self.session.read().await.as_ref() {
            return Ok(Some(active.admin.clone()));
        }
        let settings = self.settings.load();
        let Some(profile) = settings
            .active_profile
            .as_deref()
            .and_then(|id| settings.profile(id))
        else {
            return Ok(None);
        };
        let Some(secret) = self
            .vault_op(&profile.id, VaultOp::Load)
            .await
            .map_err(vault_notice)?
        else {
            return Ok(None);
        };
        let Some((cookies, aside, impersonated_user)) = StoredSession::parse(&secret) else {
            self.forget_saved(&profile.id).await;
            return Err(ApiError::new(
                ErrorCode::SessionExpired,
                "The saved session could not be read, so it was removed. Sign in again.",
            ));
        };
        let client = connect(profile, &cookies)?;
        if let Some(aside) = &aside {
            // Authdesk stopped while impersonating: return to the admin's own session.
            return_to_admin(&client, aside, impersonated_user.as_deref()).await;
            if let Ok(Some(admin)) = client.get_session().await {
                let detail = Some("ended when Authdesk started again".to_owned());
                let done: Result<(), ApiError> = Ok(());
                self.record(
                    &admin.email,
                    "stop-impersonating",
                    impersonated_user.clone(),
                    detail,
                    &done,
                );
            }
        }
        let user = match client.get_session().await {
            Ok(Some(user)) => user,
            Ok(None) | Err(ClientError::Refused(_)) => {
                self.forget_saved(&profile.id).await;
                return Err(ApiError::new(
                    ErrorCode::SessionExpired,
                    "Your saved session has ended. Sign in again.",
                ));
            }
            Err(error) => return Err(error.into()),
        };
        let can_impersonate = client
            .has_permission("user", &["impersonate"])
            .await
            .unwrap_or(false);
        let mut active = Active {
            admin: identity(user, profile.clone(), can_impersonate),
            profile: profile.clone(),
            client,
            impersonating: None,
            aside: None,
            saved: None,
        };
        self.persist(&mut active).await;
        let admin = active.admin.clone();
        *self.session.write().await = Some(active);
        Ok(Some(admin))
    }

    /// Signs out here and on the server (ending an impersonation first), and wipes the keyring
    /// entry. The window is signed out even when the server cannot be reached.
    pub async fn sign_out(&self) -> Result<(), ApiError> {
        let Some(active) = self.session.write().await.take() else {
            return Ok(());
        };
        if active.impersonating.is_some()
            && let Err(error) = active.client.stop_impersonating().await
        {
            tracing::warn!(%error, "could not stop impersonating before signing out");
        }
        end_quietly(&active.client).await;
        self.forget_saved(&active.profile.id).await;
        Ok(())
    }

    pub async fn list_users(&self, query: ListUsersQuery) -> Result<UserPage, ApiError> {
        if !(1..=MAX_PAGE_SIZE).contains(&query.limit) {
            let message = format!("A page holds 1 to {MAX_PAGE_SIZE} users.");
            return Err(ApiError::new(ErrorCode::Validation, message).at_field("limit"));
        }
        let searched = query.search.iter().map(|search| ("search", &search.value));
        let filtered = query
            .filter
            .iter()
            .flat_map(|filter| filter.values.iter().map(|value| ("filter", value)));
        for (field, value) in searched.chain(filtered) {
            if value.chars().count() > MAX_SEARCH_CHARS {
                let message = format!("Search for at most {MAX_SEARCH_CHARS} characters.");
                return Err(ApiError::new(ErrorCode::Validation, message).at_field(field));
            }
        }
        self.as_admin(async |client| client.list_users(&query).await)
            .await
    }

    pub async fn get_user(&self, user_id: String) -> Result<UserSummary, ApiError> {
        let user_id = checked_user_id(user_id)?;
        self.as_admin(async |client| client.get_user(&user_id).await)
            .await
    }

    pub async fn create_user(&self, user: NewUser) -> Result<UserSummary, ApiError> {
        let user = NewUser {
            email: checks::check_email(&user.email)?,
            name: checks::check_name(&user.name)?,
            roles: checks::check_roles(&user.roles)?,
            ..user
        };
        if let Some(password) = &user.password {
            checks::check_password(password.expose())?;
        }
        checks::check_custom_fields(&user.data)?;
        let detail = Some(format!("roles: {}", user.roles.join(", ")));
        let email = user.email.clone();
        self.change("create-user", &email, detail, async |client| {
            client.create_user(&user).await
        })
        .await
    }

    pub async fn update_user(
        &self,
        user_id: String,
        update: UserUpdate,
    ) -> Result<UserSummary, ApiError> {
        let user_id = checked_user_id(user_id)?;
        if update.is_empty() {
            return Err(ApiError::new(ErrorCode::Validation, "Nothing to change."));
        }
        let update = UserUpdate {
            name: update.name.as_deref().map(checks::check_name).transpose()?,
            email: update
                .email
                .as_deref()
                .map(checks::check_email)
                .transpose()?,
            ..update
        };
        checks::check_custom_fields(&update.custom_fields)?;
        let changed = [
            ("name", update.name.is_some()),
            ("email", update.email.is_some()),
            ("email verified", update.email_verified.is_some()),
            ("image", update.image.is_some()),
            ("custom fields", !update.custom_fields.is_empty()),
        ];
        let changed: Vec<&str> = changed
            .iter()
            .filter(|(_, changed)| *changed)
            .map(|(field, _)| *field)
            .collect();
        let detail = Some(format!("changed: {}", changed.join(", ")));
        self.change_user("update-user", &user_id, detail, async |client| {
            client.update_user(&user_id, &update).await
        })
        .await
    }

    pub async fn set_roles(
        &self,
        user_id: String,
        roles: Vec<String>,
    ) -> Result<UserSummary, ApiError> {
        let user_id = checked_user_id(user_id)?;
        let roles = checks::check_roles(&roles)?;
        let detail = Some(format!("roles: {}", roles.join(", ")));
        self.change_user("set-roles", &user_id, detail, async |client| {
            client.set_role(&user_id, &roles).await
        })
        .await
    }

    pub async fn set_user_password(
        &self,
        user_id: String,
        password: Password,
    ) -> Result<(), ApiError> {
        let user_id = checked_user_id(user_id)?;
        checks::check_password(password.expose())?;
        self.change("set-password", &user_id, None, async |client| {
            client.set_user_password(&user_id, password.expose()).await
        })
        .await
    }

    pub async fn ban_user(
        &self,
        user_id: String,
        ban: BanRequest,
    ) -> Result<UserSummary, ApiError> {
        let user_id = checked_user_id(user_id)?;
        let ban = BanRequest {
            reason: checks::check_reason(&ban.reason)?,
            length: match ban.length {
                BanLength::Timed { seconds } => BanLength::Timed {
                    seconds: checks::check_ban_seconds(seconds)?,
                },
                BanLength::Permanent => BanLength::Permanent,
            },
        };
        let length = ban
            .length
            .seconds()
            .map_or_else(|| "permanent".to_owned(), |seconds| format!("{seconds} s"));
        let detail = Some(format!("reason: {}; length: {length}", ban.reason));
        self.change_user("ban", &user_id, detail, async |client| {
            client.ban_user(&user_id, &ban).await
        })
        .await
    }

    pub async fn unban_user(&self, user_id: String) -> Result<UserSummary, ApiError> {
        let user_id = checked_user_id(user_id)?;
        self.change_user("unban", &user_id, None, async |client| {
            client.unban_user(&user_id).await
        })
        .await
    }

    /// The user's sessions with their tokens removed.
    pub async fn list_user_sessions(
        &self,
        user_id: String,
    ) -> Result<Vec<SessionSummary>, ApiError> {
        let user_id = checked_user_id(user_id)?;
        let sessions = self
            .as_admin(async |client| client.list_user_sessions(&user_id).await)
            .await?;
        Ok(sessions
            .into_iter()
            .map(|session| session.summary)
            .collect())
    }

    /// Revokes one session by its id: the token it needs is looked up here, never sent to the UI.
    pub async fn revoke_user_session(
        &self,
        user_id: String,
        session_id: String,
    ) -> Result<(), ApiError> {
        let user_id = checked_user_id(user_id)?;
        let admin = self.admin_email().await;
        let result = self
            .as_admin(async |client| {
                let sessions = client.list_user_sessions(&user_id).await?;
                match sessions
                    .into_iter()
                    .find(|session| session.summary.id == session_id)
                {
                    Some(session) => client.revoke_user_session(&session.token).await.map(Some),
                    None => Ok(None),
                }
            })
            .await
            .and_then(|revoked| {
                revoked.ok_or_else(|| {
                    ApiError::new(ErrorCode::NotFound, "This session has already ended.")
                })
            });
        if let Some(admin) = admin {
            let detail = Some(format!("session: {session_id}"));
            self.record(&admin, "revoke-session", Some(user_id), detail, &result);
        }
        result
    }

    pub async fn revoke_user_sessions(&self, user_id: String) -> Result<(), ApiError> {
        let user_id = checked_user_id(user_id)?;
        self.change("revoke-all-sessions", &user_id, None, async |client| {
            client.revoke_user_sessions(&user_id).await
        })
        .await
    }

    pub async fn remove_user(&self, user_id: String) -> Result<(), ApiError> {
        let user_id = checked_user_id(user_id)?;
        self.change("delete-user", &user_id, None, async |client| {
            client.remove_user(&user_id).await
        })
        .await
    }

    /// Starts acting as the user, for a reason and at most `minutes`. The admin's own cookies are
    /// kept aside (and in the keyring), so the way back survives an expiry or a crash.
    pub async fn impersonate_user(
        &self,
        request: ImpersonationRequest,
    ) -> Result<ImpersonationStarted, ApiError> {
        let user_id = checked_user_id(request.user_id)?;
        let reason = checks::check_reason(&request.reason)?;
        if !(1..=MAX_IMPERSONATION_MINUTES).contains(&request.minutes) {
            let message =
                format!("An impersonation lasts 1 to {MAX_IMPERSONATION_MINUTES} minutes.");
            return Err(ApiError::new(ErrorCode::Validation, message).at_field("minutes"));
        }
        let mut guard = self.session.write().await;
        let active = signed_in(&mut guard)?;
        refuse_while_impersonating(active)?;
        let own_cookies = active.client.session_cookies();
        let result = active
            .client
            .impersonate_user(&user_id)
            .await
            .map_err(ApiError::from);
        let cap = OffsetDateTime::now_utc()
            + std::time::Duration::from_secs(u64::from(request.minutes) * 60);
        let started = result.map(|started| ImpersonationStarted {
            ends_at: started.expires_at.min(cap),
            user: started.user,
            reason: reason.clone(),
        });
        let target = started
            .as_ref()
            .map_or(user_id.clone(), |started| started.user.email.clone());
        let detail = match &started {
            Ok(started) => format!("reason: {reason}; until {}", rfc3339(started.ends_at)),
            Err(_) => format!("reason: {reason}"),
        };
        self.record(
            &active.admin.email,
            "impersonate",
            Some(target),
            Some(detail),
            &started,
        );
        let started = started?;
        active.impersonating = Some(started.clone());
        active.aside = Some(own_cookies);
        self.persist(active).await;
        tracing::info!("impersonation started");
        Ok(started)
    }

    /// What the impersonated user sees. Past the impersonation's end, it is stopped instead and
    /// the answer says so.
    pub async fn impersonation_view(&self) -> Result<ImpersonationView, ApiError> {
        let (client, started) = {
            let guard = self.session.read().await;
            let active = guard.as_ref().ok_or_else(not_signed_in)?;
            let started = active.impersonating.clone().ok_or_else(|| {
                ApiError::new(ErrorCode::Validation, "You are not impersonating anyone.")
            })?;
            (active.client.clone(), started)
        };
        if OffsetDateTime::now_utc() >= started.ends_at {
            self.stop_impersonating().await?;
            return Err(ApiError::new(
                ErrorCode::Validation,
                "The impersonation has ended.",
            ));
        }
        let user = client.get_session().await?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::SessionExpired,
                "The impersonation session has ended.",
            )
        })?;
        let sessions = client.list_own_sessions().await?;
        let sessions = sessions
            .into_iter()
            .map(|session| session.summary)
            .collect();
        Ok(ImpersonationView {
            started,
            user,
            sessions,
        })
    }

    /// Returns to the admin's own session.
    pub async fn stop_impersonating(&self) -> Result<AdminIdentity, ApiError> {
        let mut guard = self.session.write().await;
        let active = signed_in(&mut guard)?;
        if active.impersonating.is_none() {
            return Ok(active.admin.clone());
        }
        let result = active
            .client
            .stop_impersonating()
            .await
            .map(drop)
            .map_err(ApiError::from);
        let target = active
            .impersonating
            .as_ref()
            .map(|started| started.user.email.clone());
        self.record(
            &active.admin.email,
            "stop-impersonating",
            target,
            None,
            &result,
        );
        if result.is_err()
            && let Some(aside) = &active.aside
        {
            // The server could not end it (expired, or signed out inside): go back by ourselves.
            let target = active
                .impersonating
                .as_ref()
                .map(|started| started.user.id.clone());
            return_to_admin(&active.client, aside, target.as_deref()).await;
        }
        match active.client.get_session().await {
            Ok(Some(user)) if user.id == active.admin.id => {}
            _ => {
                let profile_id = active.profile.id.clone();
                guard.take();
                drop(guard);
                self.forget_saved(&profile_id).await;
                return Err(ApiError::new(
                    ErrorCode::SessionExpired,
                    "Your own session ended while you were impersonating. Sign in again.",
                ));
            }
        }
        active.aside = None;
        active.impersonating = None;
        self.persist(active).await;
        tracing::info!("impersonation stopped");
        Ok(active.admin.clone())
    }

    /// Runs an admin operation with the signed-in client. Refused while impersonating; a 401
    /// ends the session here too, so the UI asks for a new sign-in.
    async fn as_admin<T>(
        &self,
        operation: impl AsyncFnOnce(AuthClient) -> Result<T, ClientError>,
    ) -> Result<T, ApiError> {
        let client = {
            let guard = self.session.read().await;
            let active = guard.as_ref().ok_or_else(not_signed_in)?;
            refuse_while_impersonating(active)?;
            active.client.clone()
        };
        match operation(client).await {
            Err(error) if error.is_session_expired() => {
                let forgotten = self.session.write().await.take();
                if let Some(active) = forgotten {
                    self.forget_saved(&active.profile.id).await;
                }
                Err(error.into())
            }
            result => result.map_err(ApiError::from),
        }
    }

    /// The profile for this server: the saved one with the same URL, or a new one named after
    /// the host.
    fn profile_for(&self, base: &AuthBaseUrl) -> Profile {
        let url = base.display();
        let settings = self.settings.load();
        settings
            .profiles
            .iter()
            .find(|profile| profile.settings.base_url == url)
            .cloned()
            .unwrap_or_else(|| Profile {
                id: new_profile_id(),
                settings: ProfileSettings {
                    name: base.host_label(),
                    base_url: url,
                    ..ProfileSettings::default()
                },
            })
    }

    /// Writes the session's cookies to the keyring when they changed. A failure leaves the
    /// session working for this run and tells the admin why it will not be remembered.
    async fn persist(&self, active: &mut Active) {
        let stored = StoredSession {
            cookies: active.client.session_cookies().to_secret(),
            aside: active.aside.as_ref().map(SessionCookies::to_secret),
            impersonated_user: active
                .impersonating
                .as_ref()
                .map(|started| started.user.id.clone()),
        };
        if active.saved.as_ref() == Some(&stored) {
            return;
        }
        let secret = serde_json::to_string(&stored).expect("a stored session serialises");
        match self
            .vault_op(&active.profile.id, VaultOp::Save(secret))
            .await
        {
            Ok(_) => {
                active.saved = Some(stored);
                active.admin.keyring_notice = None;
            }
            Err(error) => {
                tracing::warn!(%error, "session not saved to the keyring");
                active.admin.keyring_notice = Some(vault_notice(error).message);
            }
        }
    }

    async fn forget_saved(&self, profile_id: &str) {
        if let Err(error) = self.vault_op(profile_id, VaultOp::Wipe).await {
            tracing::warn!(%error, "could not wipe the saved session");
        }
    }

    /// Keyring calls block (D-Bus round trips), so they run off the async threads.
    async fn vault_op(&self, account: &str, op: VaultOp) -> Result<Option<String>, VaultError> {
        let vault = Arc::clone(&self.vault);
        let account = account.to_owned();
        tokio::task::spawn_blocking(move || match op {
            VaultOp::Load => vault.load(&account),
            VaultOp::Save(secret) => vault.save(&account, &secret).map(|()| None),
            VaultOp::Wipe => vault.wipe(&account).map(|()| None),
        })
        .await
        .unwrap_or_else(|error| Err(VaultError::Failed(error.to_string())))
    }
}

enum VaultOp {
    Load,
    Save(String),
    Wipe,
}

fn connect(profile: &Profile, cookies: &SessionCookies) -> Result<AuthClient, ApiError> {
    let base = AuthBaseUrl::parse(&profile.settings.base_url)?;
    let options = ConnectOptions {
        origin_override: profile.settings.origin_override.clone(),
        extra_ca_pem: profile.settings.ca_certificate_pem.clone(),
    };
    Ok(AuthClient::with_cookies(base, &options, cookies)?)
}

fn checked_profile_settings(mut settings: ProfileSettings) -> Result<ProfileSettings, ApiError> {
    settings.name = settings.name.trim().to_owned();
    if settings.name.is_empty() {
        return Err(
            ApiError::new(ErrorCode::Validation, "Give the profile a name.").at_field("name"),
        );
    }
    let base = AuthBaseUrl::parse(&settings.base_url)?;
    settings.base_url = base.display();
    let blank_to_none = |value: Option<String>| value.filter(|text| !text.trim().is_empty());
    settings.origin_override = blank_to_none(settings.origin_override);
    settings.ca_certificate_pem = blank_to_none(settings.ca_certificate_pem);
    if let Some(origin) = &settings.origin_override {
        let parsed = url::Url::parse(origin).ok().filter(|url| {
            url.origin().is_tuple()
                && url.origin().ascii_serialization() == origin.trim_end_matches('/')
        });
        if parsed.is_none() {
            return Err(ClientError::InvalidOrigin(origin.clone()).into());
        }
    }
    // Building a client checks the certificate and the Origin header value.
    AuthClient::new(
        base,
        &ConnectOptions {
            origin_override: settings.origin_override.clone(),
            extra_ca_pem: settings.ca_certificate_pem.clone(),
        },
    )?;
    Ok(settings)
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.to_string())
}

fn audit_error(error: authdesk_audit::AuditError) -> ApiError {
    ApiError::new(ErrorCode::Internal, error.to_string())
}

fn checked_user_id(user_id: String) -> Result<String, ApiError> {
    let valid = !user_id.is_empty()
        && user_id.len() <= 255
        && user_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(user_id)
    } else {
        Err(ApiError::new(ErrorCode::Validation, "That is not a user id.").at_field("userId"))
    }
}

fn new_profile_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn identity(user: UserSummary, profile: Profile, can_impersonate: bool) -> AdminIdentity {
    AdminIdentity {
        id: user.id,
        name: user.name,
        email: user.email,
        roles: user.roles,
        profile,
        keyring_notice: None,
        can_impersonate,
    }
}

fn signed_in(guard: &mut Option<Active>) -> Result<&mut Active, ApiError> {
    guard.as_mut().ok_or_else(not_signed_in)
}

fn not_signed_in() -> ApiError {
    ApiError::new(
        ErrorCode::NotSignedIn,
        "You are not signed in. Sign in to continue.",
    )
}

fn refuse_while_impersonating(active: &Active) -> Result<(), ApiError> {
    match &active.impersonating {
        Some(started) => Err(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "You are seeing the app as {}. Stop impersonating to use admin actions.",
                started.user.email
            ),
        )),
        None => Ok(()),
    }
}

fn vault_notice(error: VaultError) -> ApiError {
    let message = match error {
        VaultError::Locked => {
            "The system keyring is locked, so this session will not be remembered after Authdesk \
             closes. Unlock the keyring (log in to your desktop session) to keep it."
        }
        VaultError::Unavailable(_) => {
            "No system keyring is available, so this session will not be remembered after \
             Authdesk closes."
        }
        _ => {
            "The system keyring refused to keep this session, so it will not be remembered after \
             Authdesk closes."
        }
    };
    ApiError::new(ErrorCode::Internal, message)
}

/// Ends an impersonation from the admin's side: stop it on the server if it can, and otherwise put
/// the admin's own cookies back and revoke the impersonation session that is left.
async fn return_to_admin(client: &AuthClient, aside: &SessionCookies, impersonated: Option<&str>) {
    if client.stop_impersonating().await.is_ok() {
        tracing::info!("ended an impersonation");
        return;
    }
    client.replace_cookies(aside);
    let Ok(Some(admin)) = client.get_session().await else {
        tracing::warn!("the admin's own session is gone too");
        return;
    };
    if let Some(user_id) = impersonated
        && let Ok(sessions) = client.list_user_sessions(user_id).await
    {
        for session in sessions
            .iter()
            .filter(|s| s.summary.impersonated_by.as_deref() == Some(&admin.id))
        {
            if let Err(error) = client.revoke_user_session(&session.token).await {
                tracing::warn!(%error, "could not end a leftover impersonation session");
            }
        }
    }
    tracing::info!("returned to the admin's own session");
}

async fn end_quietly(client: &AuthClient) {
    if let Err(error) = client.sign_out().await {
        tracing::warn!(%error, "could not end the session on the server");
    }
}
