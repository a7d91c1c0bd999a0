//! The server's JSON shapes, as observed, kept apart from the protocol types the UI sees.

use authdesk_protocol::{BanState, SessionSummary, UserSummary, roles_from_wire};
use serde::Deserialize;
use time::OffsetDateTime;

use crate::user_agent::describe_client;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireUser {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    pub email: String,
    #[serde(default)]
    pub email_verified: Option<bool>,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub banned: Option<bool>,
    #[serde(default)]
    pub ban_reason: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub ban_expires: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Whatever else the server returns: its `additionalFields`.
    #[serde(flatten)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl WireUser {
    pub fn into_summary(mut self, now: OffsetDateTime) -> UserSummary {
        // The plugins' fields with meanings of their own; a `null` flag is a user who never
        // turned two-factor on.
        let two_factor_enabled = self
            .custom_fields
            .remove("twoFactorEnabled")
            .map(|flag| flag.as_bool().unwrap_or(false));
        let last_sign_in_method = self
            .custom_fields
            .remove("lastLoginMethod")
            .and_then(|method| method.as_str().map(str::to_owned));
        UserSummary {
            two_factor_enabled,
            last_sign_in_method,
            roles: roles_from_wire(self.role.as_deref()),
            ban: BanState::from_wire(self.banned, self.ban_reason, self.ban_expires, now),
            id: self.id,
            name: self.name.unwrap_or_default(),
            email: self.email,
            email_verified: self.email_verified.unwrap_or(false),
            image: self.image,
            created_at: self.created_at,
            updated_at: self.updated_at,
            custom_fields: self
                .custom_fields
                .into_iter()
                .filter(|(key, _)| !looks_secret(key))
                .collect(),
        }
    }
}

/// Whether a field the server returns beside the known ones is named like a credential (a reset
/// token, an API key, a password hash): such a field stays in the backend, so "no token reaches
/// the window" holds whatever the deployment's user schema holds.
fn looks_secret(key: &str) -> bool {
    const SECRET_WORDS: [&str; 9] = [
        "token",
        "secret",
        "password",
        "passwd",
        "apikey",
        "privatekey",
        "hash",
        "salt",
        "backupcode",
    ];
    let key: String = key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    SECRET_WORDS.iter().any(|word| key.contains(word))
}

/// `{user}`, as sign-in, create-user, set-role, ban and unban answer. Sign-in's `token` is
/// deliberately not read: the cookie is the session.
#[derive(Debug, Deserialize)]
pub(crate) struct UserEnvelope {
    pub user: WireUser,
}

/// `GET /get-session`, which answers `null` when there is no valid session.
#[derive(Debug, Deserialize)]
pub(crate) struct SessionResponse {
    pub user: WireUser,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ListUsersResponse {
    pub users: Vec<WireUser>,
    pub total: u64,
}

/// No `derive(Debug)`: it holds the session's bearer token.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WireSession {
    pub id: String,
    pub token: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    #[serde(default)]
    pub ip_address: Option<String>,
    #[serde(default)]
    pub user_agent: Option<String>,
    #[serde(default)]
    pub impersonated_by: Option<String>,
}

impl WireSession {
    pub fn into_user_session(self) -> crate::UserSession {
        // The server stores "" when it saw no client address.
        let non_empty = |value: Option<String>| value.filter(|text| !text.is_empty());
        crate::UserSession {
            token: self.token,
            summary: SessionSummary {
                id: self.id,
                created_at: self.created_at,
                updated_at: self.updated_at,
                expires_at: self.expires_at,
                ip_address: non_empty(self.ip_address),
                client: self.user_agent.as_deref().and_then(describe_client),
                user_agent: non_empty(self.user_agent),
                impersonated_by: self.impersonated_by,
            },
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct SessionsResponse {
    pub sessions: Vec<WireSession>,
}

/// The new session's timing; its token is not read (the cookie carries it).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ImpersonatedSession {
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ImpersonationResponse {
    pub session: ImpersonatedSession,
    pub user: WireUser,
}

#[derive(Debug, Deserialize)]
pub(crate) struct HasPermissionResponse {
    pub success: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_user_as_the_server_sends_it() {
        let json = r#"{"id":"a1","name":"Ada","email":"ada@x.io","emailVerified":true,"image":null,
            "createdAt":"2026-11-28T04:08:30.516Z","updatedAt":"2026-11-28T04:08:30.516Z",
            "role":"user,admin","banned":null,"banReason":null,"banExpires":null}"#;
        let with_extra = json.replace(r#""id":"a1","#, r#""id":"a1","plan":"pro","#);
        let extra: WireUser = serde_json::from_str(&with_extra).unwrap();
        assert_eq!(extra.custom_fields["plan"], "pro");
        let user: WireUser = serde_json::from_str(json).unwrap();
        let summary = user.into_summary(OffsetDateTime::now_utc());
        assert_eq!(summary.roles, ["user", "admin"]);
        assert_eq!(summary.ban, BanState::NotBanned);
        assert_eq!(summary.created_at.millisecond(), 516);
        assert!(
            summary.custom_fields.is_empty(),
            "{:?}",
            summary.custom_fields
        );
        assert_eq!(summary.two_factor_enabled, None, "no two-factor plugin");
        let plugins = json.replace(
            r#""id":"a1","#,
            r#""id":"a1","twoFactorEnabled":null,"lastLoginMethod":"magic-link","#,
        );
        let summary = serde_json::from_str::<WireUser>(&plugins)
            .unwrap()
            .into_summary(OffsetDateTime::now_utc());
        assert_eq!(summary.two_factor_enabled, Some(false));
        assert_eq!(summary.last_sign_in_method.as_deref(), Some("magic-link"));
        assert!(summary.custom_fields.is_empty());
    }

    #[test]
    fn fields_named_like_credentials_never_leave_the_backend() {
        let json = r#"{"id":"a1","email":"ada@x.io","createdAt":"2026-11-28T04:08:30.516Z",
            "updatedAt":"2026-11-28T04:08:30.516Z","plan":"pro","seats":4,
            "resetToken":"t0k3n","api_key":"k3y","passwordHash":"h4sh","TOTPSecret":"s3cr3t"}"#;
        let user: WireUser = serde_json::from_str(json).unwrap();
        let summary = user.into_summary(OffsetDateTime::now_utc());
        let kept: Vec<&str> = summary.custom_fields.keys().map(String::as_str).collect();
        assert_eq!(kept, ["plan", "seats"]);
    }
}
