use authdesk_protocol::{ApiError, ErrorCode, Field};

/// Everything that can go wrong talking to the auth server. "Could not talk to it" and "it said
/// no" are different variants because a support engineer acts on them differently.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    #[error("invalid auth URL: {0}")]
    InvalidUrl(String),
    #[error("invalid Origin override: {0}")]
    InvalidOrigin(String),
    #[error("the CA certificate is not a PEM certificate")]
    InvalidCertificate,
    #[error("invalid proxy URL: {0}")]
    InvalidProxy(String),
    #[error("a proxy is for https servers only")]
    ProxyNeedsHttps,
    #[error("{endpoint} answered with a redirect to {target}")]
    Redirected {
        endpoint: &'static str,
        target: String,
    },
    #[error("could not reach the auth server ({kind:?}): {detail}")]
    Transport {
        kind: TransportFailure,
        detail: String,
    },
    #[error("the magic link is for another server than {0}")]
    ForeignLink(String),
    #[error("not a magic link")]
    NotALink,
    #[error("the auth server refused with {}", .0.status)]
    Refused(ServerRefusal),
    #[error("unexpected answer from {endpoint}: {detail}")]
    UnexpectedResponse {
        endpoint: &'static str,
        detail: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportFailure {
    /// Refused, DNS, unreachable network, reset.
    Connect,
    Timeout,
    /// Certificate not trusted, or not for this host.
    Tls,
    Other,
}

/// A non-2xx answer. Better Auth sends `{message, code}` for most, but 401 and 404 bodies are
/// empty and a few errors carry no code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerRefusal {
    pub status: u16,
    pub code: Option<String>,
    pub message: Option<String>,
    /// From `X-Retry-After` (Better Auth does not send `Retry-After`).
    pub retry_after_seconds: Option<u64>,
}

impl ServerRefusal {
    pub(crate) fn from_response(
        status: u16,
        body: &[u8],
        retry_after_seconds: Option<u64>,
    ) -> Self {
        #[derive(serde::Deserialize)]
        struct ErrorBody {
            code: Option<String>,
            message: Option<String>,
        }
        let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
        let (code, message) = parsed
            .map(|body| (body.code, body.message))
            .unwrap_or_default();
        Self {
            status,
            code,
            message,
            retry_after_seconds,
        }
    }
}

impl ClientError {
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        let detail = error_chain(&error);
        let kind = if error.is_timeout() {
            TransportFailure::Timeout
        } else if looks_like_tls(&detail) {
            TransportFailure::Tls
        } else if error.is_connect() {
            TransportFailure::Connect
        } else {
            TransportFailure::Other
        };
        Self::Transport { kind, detail }
    }

    /// True when the admin's session is no longer valid and only a new sign-in helps.
    pub fn is_session_expired(&self) -> bool {
        matches!(self, Self::Refused(refusal) if refusal.status == 401)
    }
}

fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(inner) = source {
        parts.push(inner.to_string());
        source = inner.source();
    }
    parts.join(": ")
}

fn looks_like_tls(detail: &str) -> bool {
    let detail = detail.to_ascii_lowercase();
    ["certificate", "tls", "handshake"]
        .iter()
        .any(|word| detail.contains(word))
}

impl From<ClientError> for ApiError {
    fn from(error: ClientError) -> Self {
        match error {
            ClientError::InvalidUrl(message) => {
                ApiError::new(ErrorCode::InvalidUrl, message).at_field(Field::BaseUrl)
            }
            ClientError::InvalidOrigin(_) => ApiError::new(
                ErrorCode::Validation,
                "The Origin override must look like https://app.example.com (no path).",
            )
            .at_field(Field::OriginOverride),
            ClientError::InvalidCertificate => ApiError::new(
                ErrorCode::Validation,
                "The CA certificate must be PEM text starting with -----BEGIN CERTIFICATE-----.",
            )
            .at_field(Field::CaCertificatePem),
            ClientError::InvalidProxy(_) => ApiError::new(
                ErrorCode::Validation,
                "The proxy must look like http://proxy.example.com:3128.",
            )
            .at_field(Field::Proxy),
            ClientError::ProxyNeedsHttps => ApiError::new(
                ErrorCode::Validation,
                "A proxy is used only for https servers; this computer's own server is reached \
                 directly.",
            )
            .at_field(Field::Proxy),
            ClientError::Redirected { target, .. } => ApiError::new(
                ErrorCode::UnexpectedResponse,
                format!(
                    "The auth server redirects to {target}. Authdesk follows no redirects, so \
                     that a password or session never goes anywhere else: if that is the real \
                     server, use its address as the auth URL."
                ),
            ),
            ClientError::ForeignLink(server) => ApiError::new(
                ErrorCode::Validation,
                format!(
                    "This link is for another server, not {server}. Choose that server, or send \
                     a new link from this one."
                ),
            )
            .at_field(Field::Link),
            ClientError::NotALink => ApiError::new(
                ErrorCode::Validation,
                "Paste the whole sign-in link from the email (it starts with http and contains \
                 magic-link/verify).",
            )
            .at_field(Field::Link),
            ClientError::Transport { kind, .. } => transport_error(kind),
            ClientError::Refused(refusal) => refusal_error(refusal),
            ClientError::UnexpectedResponse { endpoint, .. } => ApiError::new(
                ErrorCode::UnexpectedResponse,
                format!(
                    "The auth server's answer to {endpoint} was not understood. Is this a Better \
                     Auth server with the admin plugin, and is the URL its auth base path?"
                ),
            ),
        }
    }
}

fn transport_error(kind: TransportFailure) -> ApiError {
    match kind {
        TransportFailure::Connect => ApiError::new(
            ErrorCode::Unreachable,
            "Could not reach the auth server. Check the URL and that the server is running.",
        ),
        TransportFailure::Timeout => ApiError::new(
            ErrorCode::Timeout,
            "The auth server did not answer in time. Try again in a moment.",
        ),
        TransportFailure::Tls => ApiError::new(
            ErrorCode::Tls,
            "The server's certificate is not trusted or does not match its name. If it uses a \
             private CA, add that certificate to the profile.",
        ),
        TransportFailure::Other => ApiError::new(
            ErrorCode::Unreachable,
            "The connection to the auth server failed. Check your network and try again.",
        ),
    }
}

fn refusal_error(refusal: ServerRefusal) -> ApiError {
    // The deployment words its own ban message (`bannedUserMessage`): pass it on.
    if refusal.code.as_deref() == Some("BANNED_USER")
        && let Some(message) = refusal
            .message
            .as_ref()
            .filter(|message| !message.is_empty())
    {
        return ApiError::new(ErrorCode::Banned, message.clone());
    }
    if let Some(error) = refusal
        .code
        .as_deref()
        .and_then(crate::error_codes::known_code)
    {
        return error;
    }
    let server_message = refusal.message.clone().unwrap_or_default();
    let (code, message) = match refusal.status {
        400 if server_message == "You are not impersonating anyone" => (
            ErrorCode::Validation,
            "You are not impersonating anyone.".into(),
        ),
        401 => (
            ErrorCode::SessionExpired,
            "Your session has ended. Sign in again to continue.".into(),
        ),
        403 => (
            ErrorCode::Forbidden,
            "Your account is not allowed to do this. It needs the admin role (or a permission \
             for this action) on the auth server."
                .into(),
        ),
        404 => (
            ErrorCode::UnexpectedResponse,
            "The auth server has no such route. Check the URL's base path (for example /api/auth) \
             and that the admin plugin is enabled."
                .into(),
        ),
        429 => {
            let wait = refusal.retry_after_seconds;
            let message = match wait {
                Some(seconds) => {
                    format!("The auth server asks to slow down. Try again in {seconds} s.")
                }
                None => "The auth server asks to slow down. Try again shortly.".into(),
            };
            let mut error = ApiError::new(ErrorCode::RateLimited, message);
            error.retry_after_seconds = wait;
            return error;
        }
        500 if server_message == "Failed to find admin session" => (
            ErrorCode::SessionExpired,
            "The admin session kept aside during the impersonation is gone. Sign in again.".into(),
        ),
        status if status >= 500 => (
            ErrorCode::ServerError,
            format!("The auth server failed (HTTP {status}). Try again, or check its logs."),
        ),
        status => (
            ErrorCode::UnexpectedResponse,
            if server_message.is_empty() {
                format!("The auth server refused the request (HTTP {status}).")
            } else {
                server_message
            },
        ),
    };
    ApiError::new(code, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(status: u16, body: &str) -> ApiError {
        ClientError::Refused(ServerRefusal::from_response(status, body.as_bytes(), None)).into()
    }

    #[test]
    fn empty_401_body_means_the_session_ended() {
        let error = refused(401, "");
        assert_eq!(error.code, ErrorCode::SessionExpired);
        assert!(error.message.contains("Sign in again"));
    }

    #[test]
    fn wrong_password_and_bans_are_told_apart() {
        let wrong = refused(
            401,
            r#"{"code":"INVALID_EMAIL_OR_PASSWORD","message":"Invalid email or password"}"#,
        );
        assert_eq!(wrong.code, ErrorCode::InvalidCredentials);
        let banned = refused(
            403,
            r#"{"code":"BANNED_USER","message":"You have been banned from this application."}"#,
        );
        assert_eq!(banned.code, ErrorCode::Banned);
        assert_eq!(
            banned.message,
            "You have been banned from this application."
        );
    }

    #[test]
    fn non_admins_and_origin_failures_are_forbidden_with_a_way_forward() {
        let not_admin = refused(
            403,
            r#"{"code":"YOU_ARE_NOT_ALLOWED_TO_LIST_USERS","message":"x"}"#,
        );
        assert_eq!(not_admin.code, ErrorCode::Forbidden);
        assert!(not_admin.message.contains("admin role"));
        let origin = refused(403, r#"{"code":"MISSING_OR_NULL_ORIGIN","message":"x"}"#);
        assert!(origin.message.contains("Origin"));
    }

    #[test]
    fn rate_limit_carries_the_wait() {
        let error: ApiError = ClientError::Refused(ServerRefusal::from_response(
            429,
            br#"{"message":"Too many requests. Please try again later."}"#,
            Some(7),
        ))
        .into();
        assert_eq!(error.code, ErrorCode::RateLimited);
        assert_eq!(error.retry_after_seconds, Some(7));
        assert!(error.message.contains("7 s"));
    }

    #[test]
    fn invalid_email_points_at_the_field() {
        let error = refused(400, r#"{"code":"INVALID_EMAIL","message":"Invalid email"}"#);
        assert_eq!(error.field, Some(Field::Email));
    }

    #[test]
    fn quirky_errors_without_codes_are_still_explained() {
        let not_impersonating = refused(400, r#"{"message":"You are not impersonating anyone"}"#);
        assert_eq!(
            not_impersonating.message,
            "You are not impersonating anyone."
        );
        let lost = refused(500, r#"{"message":"Failed to find admin session"}"#);
        assert_eq!(lost.code, ErrorCode::SessionExpired);
        let odd = refused(
            400,
            r#"{"message":"[body.userId] Invalid input","code":"VALIDATION_ERROR"}"#,
        );
        assert_eq!(odd.message, "[body.userId] Invalid input");
    }

    #[test]
    fn a_missing_route_hints_at_the_base_path() {
        let error = refused(404, "");
        assert!(error.message.contains("base path"));
        assert_eq!(refused(502, "").code, ErrorCode::ServerError);
    }
}
