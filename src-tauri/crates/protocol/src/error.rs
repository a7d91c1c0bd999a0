use serde::{Deserialize, Serialize};

/// Stable machine-readable error classes. The UI branches on these, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The server could not be reached at all (refused, DNS, network down).
    Unreachable,
    /// The server did not answer in time.
    Timeout,
    /// The TLS handshake failed, usually a certificate that does not match or is not trusted.
    Tls,
    /// The auth URL is malformed, or plain http to a host that is not this machine.
    InvalidUrl,
    /// Wrong email or password.
    InvalidCredentials,
    /// The account is banned.
    Banned,
    /// Signed in, but the account may not do this (not an admin, or lacks the permission).
    Forbidden,
    /// The admin session is gone or expired: sign in again.
    SessionExpired,
    /// No one is signed in in this window yet.
    NotSignedIn,
    /// The console locked (unused too long, or the password is too old): enter it again.
    Locked,
    /// A destructive action needs the password entered again first.
    ConfirmIdentity,
    /// The second step of a sign-in can no longer be finished (it expired, or too many codes
    /// were wrong): start the sign-in again.
    ChallengeEnded,
    /// The server refused a value; `field` names the input.
    Validation,
    /// The user (or other resource) does not exist.
    NotFound,
    /// The value clashes with an existing one (an email already in use).
    Conflict,
    /// Too many requests; `retry_after_seconds` says when to try again.
    RateLimited,
    /// The server failed (5xx).
    ServerError,
    /// The server answered with something this version of Authdesk does not understand.
    UnexpectedResponse,
    /// A fault inside Authdesk itself.
    Internal,
}

wire_names!(ErrorCode {
    Unreachable = "UNREACHABLE",
    Timeout = "TIMEOUT",
    Tls = "TLS",
    InvalidUrl = "INVALID_URL",
    InvalidCredentials = "INVALID_CREDENTIALS",
    Banned = "BANNED",
    Forbidden = "FORBIDDEN",
    SessionExpired = "SESSION_EXPIRED",
    NotSignedIn = "NOT_SIGNED_IN",
    Locked = "LOCKED",
    ConfirmIdentity = "CONFIRM_IDENTITY",
    ChallengeEnded = "CHALLENGE_ENDED",
    Validation = "VALIDATION",
    NotFound = "NOT_FOUND",
    Conflict = "CONFLICT",
    RateLimited = "RATE_LIMITED",
    ServerError = "SERVER_ERROR",
    UnexpectedResponse = "UNEXPECTED_RESPONSE",
    Internal = "INTERNAL",
});

/// The input an error is about: the form field that shows it. Serialised in camelCase (`baseUrl`,
/// `userId`, ...), the names the IPC contract has always used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    BaseUrl,
    OriginOverride,
    CaCertificatePem,
    Proxy,
    Email,
    Password,
    Confirmation,
    Name,
    Roles,
    /// Custom fields, as JSON text.
    Data,
    Reason,
    /// A ban's length.
    Duration,
    /// An impersonation's length.
    Minutes,
    UserId,
    SessionId,
    /// A user's picture, as a URL.
    Image,
    /// A profile's minutes without use before the console locks.
    IdleLock,
    /// A file on this computer, by its path.
    Path,
    /// A one-time code (authenticator, email or backup code).
    Code,
    /// A magic link pasted from the mail.
    Link,
    /// A single sign-on provider's id.
    Provider,
    /// The page size of a list.
    Limit,
    Search,
    Filter,
    /// A profile's password-reset page, where the server's reset links send users.
    ResetPage,
    /// The value of one of the server's own user fields, in its editor.
    CustomField,
    /// A saved view's name.
    ViewName,
}

wire_names!(Field {
    BaseUrl = "baseUrl",
    OriginOverride = "originOverride",
    CaCertificatePem = "caCertificatePem",
    Proxy = "proxy",
    Email = "email",
    Password = "password",
    Confirmation = "confirmation",
    Name = "name",
    Roles = "roles",
    Data = "data",
    Reason = "reason",
    Duration = "duration",
    Minutes = "minutes",
    UserId = "userId",
    SessionId = "sessionId",
    Image = "image",
    IdleLock = "idleLock",
    Path = "path",
    Code = "code",
    Link = "link",
    Provider = "provider",
    Limit = "limit",
    Search = "search",
    Filter = "filter",
    ResetPage = "resetPage",
    CustomField = "customField",
    ViewName = "viewName",
});

/// The error contract of every command: a stable code, a sentence for a support engineer, and
/// where it applies, the form field that caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            retry_after_seconds: None,
        }
    }

    pub fn at_field(mut self, field: Field) -> Self {
        self.field = Some(field);
        self
    }

    /// Whether this error is about `field`.
    pub fn is_at(&self, field: Field) -> bool {
        self.field == Some(field)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_crosses_ipc_as_code_message_and_optional_field() {
        let error = ApiError::new(ErrorCode::InvalidUrl, "Use https").at_field(Field::BaseUrl);
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "INVALID_URL", "message": "Use https", "field": "baseUrl"})
        );
        let plain = serde_json::to_value(ApiError::new(ErrorCode::Timeout, "slow")).unwrap();
        assert_eq!(
            plain,
            serde_json::json!({"code": "TIMEOUT", "message": "slow"})
        );
        let back: ApiError = serde_json::from_value(json).unwrap();
        assert_eq!(back, error);
    }

    #[test]
    fn field_names_on_the_wire_are_the_ones_the_ui_has_always_read() {
        let names: Vec<String> = [
            Field::BaseUrl,
            Field::OriginOverride,
            Field::CaCertificatePem,
            Field::UserId,
            Field::Data,
        ]
        .iter()
        .map(|field| {
            serde_json::to_value(field)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
        assert_eq!(
            names,
            [
                "baseUrl",
                "originOverride",
                "caCertificatePem",
                "userId",
                "data"
            ]
        );
    }
}
