//! The admin console's backend: one signed-in session at a time, held here and never handed to
//! the webview. Commands in `commands.rs` are thin adapters over these methods.

use authdesk_client::{AuthBaseUrl, AuthClient, ClientError};
use authdesk_protocol::{
    AdminIdentity, ApiError, ErrorCode, ListUsersQuery, SignInDefaults, SignInRequest, UserPage,
};
use tokio::sync::RwLock;

use crate::settings::{Settings, SettingsStore};

/// The most rows one list request may ask for; the server itself has no cap.
pub const MAX_PAGE_SIZE: u32 = 500;

pub struct Console {
    settings: Box<dyn SettingsStore>,
    /// Used when no server was remembered yet (the demo points this at its sandbox).
    default_server: Option<String>,
    session: RwLock<Option<AuthClient>>,
}

impl Console {
    pub fn new(settings: Box<dyn SettingsStore>, default_server: Option<String>) -> Self {
        Self {
            settings,
            default_server,
            session: RwLock::new(None),
        }
    }

    pub fn sign_in_defaults(&self) -> SignInDefaults {
        let Settings {
            last_base_url,
            last_email,
        } = self.settings.load();
        let base_url = if last_base_url.is_empty() {
            self.default_server.clone().unwrap_or_default()
        } else {
            last_base_url
        };
        SignInDefaults {
            base_url,
            email: last_email,
        }
    }

    /// Signs in and keeps the session only if the account may manage users: a non-admin's fresh
    /// session is ended again at once rather than left behind.
    pub async fn sign_in(&self, request: SignInRequest) -> Result<AdminIdentity, ApiError> {
        let email = request.email.trim();
        if email.is_empty() {
            return Err(ApiError::new(ErrorCode::Validation, "Enter your email.").at_field("email"));
        }
        if request.password.is_empty() {
            return Err(
                ApiError::new(ErrorCode::Validation, "Enter your password.").at_field("password")
            );
        }
        let base = AuthBaseUrl::parse(&request.base_url)?;
        let client = AuthClient::new(base, None)?;
        let user = client
            .sign_in_email(email, request.password.expose())
            .await?;
        if !client.can_manage_users(&["list"]).await? {
            if let Err(error) = client.sign_out().await {
                tracing::warn!(%error, "could not end a non-admin's session");
            }
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "This account is not an admin on this server. Sign in with an account that has \
                 the admin role.",
            ));
        }
        let server = client.base_url().display();
        self.settings.save(&Settings {
            last_base_url: server.clone(),
            last_email: user.email.clone(),
        });
        tracing::info!(server, "admin signed in");
        let identity = AdminIdentity {
            id: user.id,
            name: user.name,
            email: user.email,
            roles: user.roles,
            server,
        };
        if let Some(previous) = self.session.write().await.replace(client) {
            end_quietly(&previous).await;
        }
        Ok(identity)
    }

    pub async fn sign_out(&self) -> Result<(), ApiError> {
        if let Some(client) = self.session.write().await.take() {
            client.sign_out().await?;
        }
        Ok(())
    }

    pub async fn list_users(&self, query: ListUsersQuery) -> Result<UserPage, ApiError> {
        if !(1..=MAX_PAGE_SIZE).contains(&query.limit) {
            return Err(ApiError::new(
                ErrorCode::Validation,
                format!("A page holds 1 to {MAX_PAGE_SIZE} users."),
            )
            .at_field("limit"));
        }
        let client = self.client().await?;
        let result = client.list_users(&query).await;
        self.forget_if_expired(result).await
    }

    async fn client(&self) -> Result<AuthClient, ApiError> {
        self.session.read().await.clone().ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotSignedIn,
                "You are not signed in. Sign in to continue.",
            )
        })
    }

    /// A 401 means the server no longer knows this session: drop it so the UI asks to sign in.
    async fn forget_if_expired<T>(&self, result: Result<T, ClientError>) -> Result<T, ApiError> {
        if let Err(error) = &result
            && error.is_session_expired()
        {
            self.session.write().await.take();
        }
        result.map_err(ApiError::from)
    }
}

async fn end_quietly(client: &AuthClient) {
    if let Err(error) = client.sign_out().await {
        tracing::warn!(%error, "could not end the previous session");
    }
}
