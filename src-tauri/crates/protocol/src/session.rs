use serde::{Deserialize, Serialize};

use crate::{ApiError, SignInMethod, UserSummary};

/// The signed-in admin as the UI may know them: no session id, no token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminIdentity {
    pub id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<String>,
    /// The deployment this session belongs to.
    pub profile: Profile,
    /// Set when the session could not be kept in the OS keyring, so it ends with this run.
    pub keyring_notice: Option<String>,
    /// What the account's role lets it do on the server, as the server said at sign-in (or
    /// since, when a refusal showed it changed).
    #[serde(default)]
    pub permissions: Vec<crate::Permission>,
}

/// What the app finds at start: a session restored from the keyring, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoredSession {
    pub admin: Option<AdminIdentity>,
    /// The impersonation this run of the backend is in, when the window was reloaded during it.
    #[serde(default)]
    pub impersonating: Option<ImpersonationStarted>,
    /// Why a saved session could not be used (expired, unreadable, keyring locked, ...).
    pub notice: Option<ApiError>,
    /// Why the restored console is locked until the admin enters their password again.
    #[serde(default)]
    pub locked: Option<ApiError>,
}

/// A named deployment: one auth server, with its own keyring entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub id: String,
    #[serde(flatten)]
    pub settings: ProfileSettings,
}

/// A profile's editable part.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileSettings {
    pub name: String,
    pub base_url: String,
    /// Sent as `Origin` instead of the server's own origin.
    #[serde(default)]
    pub origin_override: Option<String>,
    /// A private CA's PEM certificate, trusted in addition to the system's roots.
    #[serde(default)]
    pub ca_certificate_pem: Option<String>,
    /// An https server's proxy; this computer's own server is always reached directly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy: Option<String>,
    /// Minutes without use before the console locks; `None` is the default
    /// ([`crate::lock::DEFAULT_IDLE_LOCK_MINUTES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_lock_minutes: Option<u32>,
    /// How admins sign in to this server, when chosen by hand; `None` asks the server (its Open
    /// API schema) and falls back to the password alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_methods: Option<Vec<SignInMethod>>,
    /// The server's single sign-on providers by id (`github`, or a generic OAuth provider's
    /// id): the server does not list them, so the profile does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sign_on_providers: Vec<String>,
    #[serde(default)]
    pub colour: EnvironmentColour,
}

/// A colour that tells deployments apart at a glance (red for production, say).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EnvironmentColour {
    Red,
    Amber,
    Green,
    Blue,
    #[default]
    Grey,
}

/// What the impersonated user sees of their account: themselves and their own sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImpersonationView {
    pub started: ImpersonationStarted,
    pub user: UserSummary,
    pub sessions: Vec<crate::SessionSummary>,
}

/// The longest an impersonation may last, whatever the server would allow.
pub const MAX_IMPERSONATION_MINUTES: u32 = 60;

/// Starting an impersonation: whom, why, and for at most how long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImpersonationRequest {
    pub user_id: String,
    pub reason: String,
    /// 1 to [`MAX_IMPERSONATION_MINUTES`].
    pub minutes: u32,
}

/// The user being impersonated, and when the impersonation ends: the server's expiry or the
/// admin's chosen length, whichever comes first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImpersonationStarted {
    pub user: UserSummary,
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: time::OffsetDateTime,
    pub reason: String,
}
