use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::{Password, UserFilter};

/// One page of the user list. Every field name is an enum, so only fields the server knows are
/// ever sent: Better Auth answers an unknown sort or filter field with an empty list, not an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ListUsersQuery {
    pub search: Option<UserSearch>,
    pub filter: Option<UserFilter>,
    /// Conditions beyond `filter`, all of which must hold too. Better Auth takes one filter per
    /// request, so Authdesk sends `filter` and applies these itself while it pages; a server that
    /// takes several (better-auth PR #9747) could be sent them all.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub and_also: Vec<UserFilter>,
    pub sort: Option<UserSort>,
    pub limit: u32,
    pub offset: u32,
}

impl ListUsersQuery {
    pub fn page(limit: u32, offset: u32) -> Self {
        Self {
            limit,
            offset,
            ..Self::default()
        }
    }

    /// Every condition: the one the server is sent, then the ones Authdesk applies.
    pub fn conditions(&self) -> impl Iterator<Item = &UserFilter> {
        self.filter.iter().chain(&self.and_also)
    }

    /// Whether `user`, from the server's answer, meets the conditions Authdesk applies itself.
    pub fn admits(&self, user: &UserSummary) -> bool {
        self.and_also.iter().all(|filter| filter.admits(user))
    }

    /// The same question with condition `index` (of [`Self::conditions`]) sent to the server.
    pub fn sending(&self, index: usize) -> Self {
        let mut conditions: Vec<UserFilter> = self.conditions().cloned().collect();
        let filter = (index < conditions.len()).then(|| conditions.remove(index));
        Self {
            filter,
            and_also: conditions,
            ..self.clone()
        }
    }

    /// The conditions the server is sent alone, without the ones Authdesk applies.
    pub fn server_part(&self) -> Self {
        Self {
            and_also: Vec::new(),
            ..self.clone()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSearch {
    pub field: SearchField,
    pub operator: SearchOperator,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchField {
    Email,
    Name,
}

wire_names!(SearchField {
    Email = "email",
    Name = "name",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchOperator {
    Contains,
    StartsWith,
    EndsWith,
}

wire_names!(SearchOperator {
    Contains = "contains",
    StartsWith = "starts_with",
    EndsWith = "ends_with",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserField {
    Id,
    Name,
    Email,
    Role,
    Banned,
    EmailVerified,
    CreatedAt,
    UpdatedAt,
    BanExpires,
}

wire_names!(UserField {
    Id = "id",
    Name = "name",
    Email = "email",
    Role = "role",
    Banned = "banned",
    EmailVerified = "emailVerified",
    CreatedAt = "createdAt",
    UpdatedAt = "updatedAt",
    BanExpires = "banExpires",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSort {
    pub field: UserField,
    pub direction: SortDirection,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDirection {
    Asc,
    Desc,
}

wire_names!(SortDirection {
    Asc = "asc",
    Desc = "desc",
});

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserPage {
    pub users: Vec<UserSummary>,
    /// How many users match the query in all, regardless of paging; with a scan, how many
    /// matched in the part scanned so far.
    pub total: u64,
    /// Set when Authdesk applied conditions the server was not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan: Option<ScanReport>,
}

impl UserPage {
    /// Whether `total` is every match, not only those found in a scan that stopped early.
    pub fn total_is_exact(&self) -> bool {
        self.scan.is_none_or(|scan| scan.complete)
    }
}

/// How far Authdesk has worked through the server's answer to apply the conditions it was not
/// sent: `scanned` users of the `of` the server matched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanReport {
    pub scanned: u64,
    pub of: u64,
    /// Whether every user the server matched was looked at, so `total` is exact.
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSummary {
    pub id: String,
    pub name: String,
    pub email: String,
    pub email_verified: bool,
    pub image: Option<String>,
    pub roles: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub ban: BanState,
    /// Whether signing in takes a second factor; `None` on a server without two-factor.
    #[serde(default)]
    pub two_factor_enabled: Option<bool>,
    /// How the user last signed in ("email", "magic-link", a provider's id), where the server
    /// records it (the last-login-method plugin).
    #[serde(default)]
    pub last_sign_in_method: Option<String>,
    /// Fields the server adds beyond Better Auth's core user (its `additionalFields`).
    #[serde(default)]
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

/// What the create-user dialog sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub email: String,
    pub name: String,
    /// Without one the user cannot sign in until an admin sets a password.
    pub password: Option<Password>,
    pub roles: Vec<String>,
    #[serde(default)]
    pub email_verified: bool,
    /// Custom fields; keys the server does not know are dropped by it silently.
    #[serde(default)]
    pub data: serde_json::Map<String, serde_json::Value>,
}

/// A partial update: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UserUpdate {
    pub name: Option<String>,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    pub image: Option<String>,
    pub custom_fields: serde_json::Map<String, serde_json::Value>,
}

impl UserUpdate {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.email.is_none()
            && self.email_verified.is_none()
            && self.image.is_none()
            && self.custom_fields.is_empty()
    }
}

/// A ban: a reason and a length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BanRequest {
    pub reason: String,
    pub length: BanLength,
}

/// How long a ban lasts. The kind is spelled out so that a missing or non-numeric length (a
/// NaN becomes `null` in JSON) is refused instead of read as a permanent ban.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    tag = "kind",
    try_from = "crate::wire::BanLengthFields"
)]
pub enum BanLength {
    Permanent,
    Timed { seconds: u64 },
}

impl BanLength {
    pub fn seconds(self) -> Option<u64> {
        match self {
            Self::Permanent => None,
            Self::Timed { seconds } => Some(seconds),
        }
    }
}

/// One of a user's sessions, without its token: `id` is all the UI needs to revoke it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    pub id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    /// Browser, OS and device class read from the user agent, for people to recognise.
    #[serde(default)]
    pub client: Option<SessionClient>,
    /// The admin's user id when this is an impersonation session.
    pub impersonated_by: Option<String>,
}

/// What a session's user agent says about the device, e.g. Firefox 128 on macOS, a computer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionClient {
    pub browser: String,
    pub os: String,
    /// "Computer", "Phone", "Tablet", "Bot", "Program" (curl, an HTTP library), "Admin app".
    pub device: String,
}

/// The ban as it really is, not as the server's `banned` flag says: the server clears a lapsed
/// ban only at the user's next sign-in, so a past `banExpires` with `banned: true` is "lapsed".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    try_from = "crate::wire::BanStateFields"
)]
pub enum BanState {
    NotBanned,
    Permanent {
        reason: Option<String>,
    },
    Until {
        reason: Option<String>,
        #[serde(with = "time::serde::rfc3339")]
        expires_at: OffsetDateTime,
    },
    Lapsed {
        reason: Option<String>,
        #[serde(with = "time::serde::rfc3339")]
        expired_at: OffsetDateTime,
    },
}

impl BanState {
    /// Derives the effective ban from the server's three ban fields at the instant `now`.
    pub fn from_wire(
        banned: Option<bool>,
        reason: Option<String>,
        expires: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> Self {
        match (banned.unwrap_or(false), expires) {
            (false, _) => Self::NotBanned,
            (true, None) => Self::Permanent { reason },
            (true, Some(expires_at)) if expires_at > now => Self::Until { reason, expires_at },
            (true, Some(expired_at)) => Self::Lapsed { reason, expired_at },
        }
    }

    pub fn is_permanent(&self) -> bool {
        matches!(self, Self::Permanent { .. })
    }

    /// Whether the user is locked out at `now`: a timed ban lapses on the clock that reads it,
    /// not only when the server was last asked.
    pub fn is_effective_at(&self, now: OffsetDateTime) -> bool {
        match self {
            Self::Permanent { .. } => true,
            Self::Until { expires_at, .. } => *expires_at > now,
            Self::NotBanned | Self::Lapsed { .. } => false,
        }
    }

    /// Why the user was banned, if a ban (running or lapsed) gave a reason.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::Permanent { reason }
            | Self::Until { reason, .. }
            | Self::Lapsed { reason, .. } => reason.as_deref(),
            Self::NotBanned => None,
        }
    }
}

/// Better Auth stores several roles as one comma-joined string (`"user,admin"`), and a role may be
/// null or empty.
pub fn roles_from_wire(role: Option<&str>) -> Vec<String> {
    role.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|role| !role.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests;
