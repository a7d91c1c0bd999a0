use std::sync::Arc;

use authdesk_protocol::{
    BanLength, BanRequest, ListUsersQuery, NewUser, UserPage, UserSummary, UserUpdate,
};
use reqwest::header::{HeaderMap, HeaderValue, ORIGIN};
use reqwest_cookie_store::CookieStoreMutex;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::cookies::SessionCookies;
use crate::query::list_users_query;
use crate::transport::http_builder;
use crate::wire::{
    HasPermissionResponse, ImpersonationResponse, ListUsersResponse, SessionResponse,
    SessionsResponse, UserEnvelope, WireSession, WireUser,
};
use crate::{AuthBaseUrl, ClientError};

/// How to reach one deployment.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    /// Sent as `Origin` instead of the server's own origin (for servers behind a proxy).
    pub origin_override: Option<String>,
    /// A PEM certificate (or bundle) trusted in addition to the system's roots, for private CAs.
    /// Verification itself is never switched off.
    pub extra_ca_pem: Option<String>,
    /// An https server reached through this proxy (a CONNECT tunnel, so TLS stays end to end).
    /// The environment's `HTTP_PROXY` and friends are never used: on this machine's plain http
    /// they would carry the password and cookies across the network in clear.
    pub proxy: Option<String>,
}

/// One authenticated conversation with one auth server. Cloning shares the cookie jar.
#[derive(Clone)]
pub struct AuthClient {
    pub(crate) http: reqwest::Client,
    pub(crate) base: AuthBaseUrl,
    pub(crate) jar: Arc<CookieStoreMutex>,
}

/// One of a user's sessions *with* its bearer token: this type never leaves the backend, and its
/// debug print leaves the token out.
#[derive(Clone)]
pub struct UserSession {
    pub token: String,
    pub summary: authdesk_protocol::SessionSummary,
}

impl std::fmt::Debug for UserSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserSession")
            .field("token", &"<redacted>")
            .field("summary", &self.summary)
            .finish()
    }
}

/// The session the server created for an impersonation.
#[derive(Debug, Clone)]
pub struct Impersonation {
    pub user: UserSummary,
    pub expires_at: OffsetDateTime,
}

impl AuthClient {
    /// A client with an empty cookie jar. Every request carries `Origin` (the server's own origin
    /// unless overridden): Better Auth refuses cookie-bearing POSTs without one.
    pub fn new(base: AuthBaseUrl, options: &ConnectOptions) -> Result<Self, ClientError> {
        Self::with_cookies(base, options, &SessionCookies::default())
    }

    /// A client whose jar starts with cookies saved from an earlier run.
    pub fn with_cookies(
        base: AuthBaseUrl,
        options: &ConnectOptions,
        cookies: &SessionCookies,
    ) -> Result<Self, ClientError> {
        let origin = options
            .origin_override
            .clone()
            .unwrap_or_else(|| base.origin());
        let mut headers = HeaderMap::new();
        headers.insert(
            ORIGIN,
            HeaderValue::from_str(&origin)
                .map_err(|_| ClientError::InvalidOrigin(origin.clone()))?,
        );
        let jar = Arc::new(CookieStoreMutex::new(cookies.to_store(&base)));
        // With a custom CA, a build failure is the certificate's: rustls rejects it only here.
        let http = http_builder(&base, options, headers, &jar)?
            .build()
            .map_err(|error| match options.extra_ca_pem {
                Some(_) => ClientError::InvalidCertificate,
                None => ClientError::from_reqwest(error),
            })?;
        Ok(Self { http, base, jar })
    }

    pub fn base_url(&self) -> &AuthBaseUrl {
        &self.base
    }

    /// The cookies that keep this session alive (and, while impersonating, the admin's own),
    /// for the session vault.
    pub fn session_cookies(&self) -> SessionCookies {
        SessionCookies::from_store(&self.jar.lock().expect("cookie jar lock"), &self.base)
    }

    /// The signed-in user, or `None` when the session is gone. Bypasses the server's cookie cache,
    /// which may vouch for a revoked session for minutes.
    pub async fn get_session(&self) -> Result<Option<UserSummary>, ClientError> {
        let query = [("disableCookieCache", "true")];
        let session: Option<SessionResponse> = self.get("get-session", &query).await?;
        Ok(session.map(|session| session.user.into_summary(OffsetDateTime::now_utc())))
    }

    /// Ends the session on the server and empties the jar, whatever the server answered.
    pub async fn sign_out(&self) -> Result<(), ClientError> {
        let result: Result<Value, _> = self.post("sign-out", &json!({})).await;
        self.jar.lock().expect("cookie jar lock").clear();
        result.map(drop)
    }

    /// Whether the signed-in caller holds every listed permission (e.g. `user: ["ban"]`).
    pub async fn has_permission(
        &self,
        resource: &str,
        actions: &[&str],
    ) -> Result<bool, ClientError> {
        let body = json!({ "permissions": { resource: actions } });
        let response: HasPermissionResponse = self.post("admin/has-permission", &body).await?;
        Ok(response.success)
    }

    /// One page with the query's one filter; the console applies `and_also` itself.
    pub async fn list_users(&self, query: &ListUsersQuery) -> Result<UserPage, ClientError> {
        let response: ListUsersResponse = self
            .get("admin/list-users", &list_users_query(query))
            .await?;
        let now = OffsetDateTime::now_utc();
        Ok(UserPage {
            users: response
                .users
                .into_iter()
                .map(|user| user.into_summary(now))
                .collect(),
            total: response.total,
            scan: None,
        })
    }

    pub async fn get_user(&self, user_id: &str) -> Result<UserSummary, ClientError> {
        let user: WireUser = self.get("admin/get-user", &[("id", user_id)]).await?;
        Ok(user.into_summary(OffsetDateTime::now_utc()))
    }

    pub async fn create_user(&self, user: &NewUser) -> Result<UserSummary, ClientError> {
        let mut data = user.data.clone();
        data.insert("emailVerified".into(), Value::Bool(user.email_verified));
        let mut body = json!({
            "email": user.email,
            "name": user.name,
            "role": user.roles,
            "data": data,
        });
        if let Some(password) = &user.password {
            body["password"] = Value::String(password.expose().to_owned());
        }
        self.user_from_post("admin/create-user", &body).await
    }

    pub async fn update_user(
        &self,
        user_id: &str,
        update: &UserUpdate,
    ) -> Result<UserSummary, ClientError> {
        let mut data = update.custom_fields.clone();
        let fields = [
            ("name", update.name.clone().map(Value::String)),
            ("email", update.email.clone().map(Value::String)),
            ("emailVerified", update.email_verified.map(Value::Bool)),
            ("image", update.image.clone().map(Value::String)),
        ];
        data.extend(
            fields
                .into_iter()
                .filter_map(|(key, value)| Some((key.to_owned(), value?))),
        );
        let body = json!({ "userId": user_id, "data": data });
        self.bare_user_from_post("admin/update-user", &body).await
    }

    /// Several roles are stored comma-joined by the server.
    pub async fn set_role(
        &self,
        user_id: &str,
        roles: &[String],
    ) -> Result<UserSummary, ClientError> {
        let body = json!({ "userId": user_id, "role": roles });
        self.user_from_post("admin/set-role", &body).await
    }

    /// The user's existing sessions stay valid: revoke them separately if that is wanted.
    pub async fn set_user_password(
        &self,
        user_id: &str,
        new_password: &str,
    ) -> Result<(), ClientError> {
        let body = json!({ "userId": user_id, "newPassword": new_password });
        self.post::<Value>("admin/set-user-password", &body)
            .await
            .map(drop)
    }

    /// Bans a user (ending all their sessions). A permanent ban is made really permanent: the
    /// server keeps a stale `banExpires` from an earlier timed ban (upstream issue #10820).
    pub async fn ban_user(
        &self,
        user_id: &str,
        ban: &BanRequest,
    ) -> Result<UserSummary, ClientError> {
        let mut body = json!({ "userId": user_id, "banReason": ban.reason });
        if let Some(seconds) = ban.length.seconds() {
            body["banExpiresIn"] = json!(seconds);
        }
        let user = self.user_from_post("admin/ban-user", &body).await?;
        if ban.length != BanLength::Permanent || user.ban.is_permanent() {
            return Ok(user);
        }
        let clear_expiry = json!({ "userId": user_id, "data": { "banExpires": null } });
        self.bare_user_from_post("admin/update-user", &clear_expiry)
            .await
    }

    pub async fn unban_user(&self, user_id: &str) -> Result<UserSummary, ClientError> {
        self.user_from_post("admin/unban-user", &json!({ "userId": user_id }))
            .await
    }

    /// The user's sessions, tokens included: keep them in the backend.
    pub async fn list_user_sessions(&self, user_id: &str) -> Result<Vec<UserSession>, ClientError> {
        let body = json!({ "userId": user_id });
        let response: SessionsResponse = self.post("admin/list-user-sessions", &body).await?;
        Ok(response
            .sessions
            .into_iter()
            .map(WireSession::into_user_session)
            .collect())
    }

    /// Revokes by raw token. The server answers success even for an unknown token.
    pub async fn revoke_user_session(&self, token: &str) -> Result<(), ClientError> {
        let body = json!({ "sessionToken": token });
        self.post::<Value>("admin/revoke-user-session", &body)
            .await
            .map(drop)
    }

    pub async fn revoke_user_sessions(&self, user_id: &str) -> Result<(), ClientError> {
        let body = json!({ "userId": user_id });
        self.post::<Value>("admin/revoke-user-sessions", &body)
            .await
            .map(drop)
    }

    /// Starts impersonating: from here on this client's jar acts as the user, and the server
    /// keeps the admin's session in its `admin_session` cookie.
    pub async fn impersonate_user(&self, user_id: &str) -> Result<Impersonation, ClientError> {
        let body = json!({ "userId": user_id });
        let response: ImpersonationResponse = self.post("admin/impersonate-user", &body).await?;
        Ok(Impersonation {
            user: response.user.into_summary(OffsetDateTime::now_utc()),
            expires_at: response.session.expires_at,
        })
    }

    /// The signed-in user's own sessions, as the product shows them to that user.
    pub async fn list_own_sessions(&self) -> Result<Vec<UserSession>, ClientError> {
        let sessions: Vec<WireSession> = self.get("list-sessions", &[] as &[(&str, &str)]).await?;
        Ok(sessions
            .into_iter()
            .map(WireSession::into_user_session)
            .collect())
    }

    /// Returns to the admin's own session; answers with the admin.
    pub async fn stop_impersonating(&self) -> Result<UserSummary, ClientError> {
        self.user_from_post("admin/stop-impersonating", &json!({}))
            .await
    }

    pub async fn remove_user(&self, user_id: &str) -> Result<(), ClientError> {
        self.post::<Value>("admin/remove-user", &json!({ "userId": user_id }))
            .await
            .map(drop)
    }

    async fn user_from_post(
        &self,
        route: &'static str,
        body: &Value,
    ) -> Result<UserSummary, ClientError> {
        let response: UserEnvelope = self.post(route, body).await?;
        Ok(response.user.into_summary(OffsetDateTime::now_utc()))
    }

    /// get-user and update-user answer with a bare user rather than `{user}`.
    pub(crate) async fn bare_user_from_post(
        &self,
        route: &'static str,
        body: &Value,
    ) -> Result<UserSummary, ClientError> {
        let user: WireUser = self.post(route, body).await?;
        Ok(user.into_summary(OffsetDateTime::now_utc()))
    }
}
