use std::sync::Arc;
use std::time::Duration;

use authdesk_protocol::{ListUsersQuery, UserPage, UserSummary};
use reqwest::header::{HeaderMap, HeaderValue, ORIGIN};
use reqwest_cookie_store::CookieStoreMutex;
use serde::de::DeserializeOwned;
use serde_json::json;
use time::OffsetDateTime;

use crate::wire::{HasPermissionResponse, ListUsersResponse, SessionResponse, SignInResponse};
use crate::{AuthBaseUrl, ClientError, ServerRefusal};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// One authenticated conversation with one auth server. Cloning shares the cookie jar.
#[derive(Clone)]
pub struct AuthClient {
    http: reqwest::Client,
    base: AuthBaseUrl,
    jar: Arc<CookieStoreMutex>,
}

/// The user a session belongs to, as the server reports it.
pub type SignedInUser = UserSummary;

impl AuthClient {
    /// A client with an empty cookie jar. Every request carries `Origin` (the server's own origin
    /// unless `origin_override` is given): Better Auth refuses cookie-bearing POSTs without one.
    pub fn new(base: AuthBaseUrl, origin_override: Option<&str>) -> Result<Self, ClientError> {
        let origin = origin_override.map_or_else(|| base.origin(), str::to_owned);
        let mut headers = HeaderMap::new();
        headers.insert(
            ORIGIN,
            HeaderValue::from_str(&origin)
                .map_err(|_| ClientError::InvalidUrl("The Origin override is not valid.".into()))?,
        );
        let jar = Arc::new(CookieStoreMutex::default());
        let http = reqwest::Client::builder()
            .cookie_provider(Arc::clone(&jar))
            .default_headers(headers)
            .user_agent(concat!("Authdesk/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(ClientError::from_reqwest)?;
        Ok(Self { http, base, jar })
    }

    pub fn base_url(&self) -> &AuthBaseUrl {
        &self.base
    }

    /// Signs in with email and password; the session cookie lands in this client's jar.
    pub async fn sign_in_email(
        &self,
        email: &str,
        password: &str,
    ) -> Result<SignedInUser, ClientError> {
        let body = json!({ "email": email, "password": password, "rememberMe": true });
        let response: SignInResponse = self.post("sign-in/email", &body).await?;
        Ok(response.user.into_summary(OffsetDateTime::now_utc()))
    }

    /// The signed-in user, or `None` when the session is gone. Bypasses the server's cookie cache,
    /// which may vouch for a revoked session for minutes.
    pub async fn get_session(&self) -> Result<Option<SignedInUser>, ClientError> {
        let request = self
            .http
            .get(self.base.endpoint("get-session"))
            .query(&[("disableCookieCache", "true")]);
        let session: Option<SessionResponse> = self.send("get-session", request).await?;
        Ok(session.map(|session| session.user.into_summary(OffsetDateTime::now_utc())))
    }

    /// Ends the session on the server and empties the jar, whatever the server answered.
    pub async fn sign_out(&self) -> Result<(), ClientError> {
        let result: Result<serde_json::Value, _> = self.post("sign-out", &json!({})).await;
        self.jar.lock().expect("cookie jar lock").clear();
        result.map(drop)
    }

    /// Whether the signed-in caller holds every listed permission on users.
    pub async fn can_manage_users(&self, actions: &[&str]) -> Result<bool, ClientError> {
        let body = json!({ "permissions": { "user": actions } });
        let response: HasPermissionResponse = self.post("admin/has-permission", &body).await?;
        Ok(response.success)
    }

    pub async fn list_users(&self, query: &ListUsersQuery) -> Result<UserPage, ClientError> {
        let request = self
            .http
            .get(self.base.endpoint("admin/list-users"))
            .query(&[
                ("limit", query.limit.to_string()),
                ("offset", query.offset.to_string()),
            ]);
        let response: ListUsersResponse = self.send("admin/list-users", request).await?;
        let now = OffsetDateTime::now_utc();
        Ok(UserPage {
            users: response
                .users
                .into_iter()
                .map(|user| user.into_summary(now))
                .collect(),
            total: response.total,
        })
    }

    async fn post<T: DeserializeOwned>(
        &self,
        route: &'static str,
        body: &serde_json::Value,
    ) -> Result<T, ClientError> {
        let request = self.http.post(self.base.endpoint(route)).json(body);
        self.send(route, request).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        route: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<T, ClientError> {
        let response = request.send().await.map_err(ClientError::from_reqwest)?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get("x-retry-after")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse().ok());
        let body = response.bytes().await.map_err(ClientError::from_reqwest)?;
        tracing::debug!(
            route,
            status = status.as_u16(),
            bytes = body.len(),
            "auth server answered"
        );
        if !status.is_success() {
            return Err(ClientError::Refused(ServerRefusal::from_response(
                status.as_u16(),
                &body,
                retry_after,
            )));
        }
        let mut deserializer = serde_json::Deserializer::from_slice(&body);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            ClientError::UnexpectedResponse {
                endpoint: route,
                detail: error.to_string(),
            }
        })
    }
}
