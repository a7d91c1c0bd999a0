//! The server's JSON shapes, as observed, kept apart from the protocol types the UI sees.

use authdesk_protocol::{BanState, UserSummary, roles_from_wire};
use serde::Deserialize;
use time::OffsetDateTime;

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
}

impl WireUser {
    pub fn into_summary(self, now: OffsetDateTime) -> UserSummary {
        UserSummary {
            roles: roles_from_wire(self.role.as_deref()),
            ban: BanState::from_wire(self.banned, self.ban_reason, self.ban_expires, now),
            id: self.id,
            name: self.name.unwrap_or_default(),
            email: self.email,
            email_verified: self.email_verified.unwrap_or(false),
            image: self.image,
            created_at: self.created_at,
        }
    }
}

/// `POST /sign-in/email`. The body's `token` is deliberately not read: the cookie is the session.
#[derive(Debug, Deserialize)]
pub(crate) struct SignInResponse {
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
        let user: WireUser = serde_json::from_str(json).unwrap();
        let summary = user.into_summary(OffsetDateTime::now_utc());
        assert_eq!(summary.roles, ["user", "admin"]);
        assert_eq!(summary.ban, BanState::NotBanned);
        assert_eq!(summary.created_at.millisecond(), 516);
    }
}
