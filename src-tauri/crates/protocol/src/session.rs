use serde::{Deserialize, Serialize};

use crate::{ApiError, ErrorCode, Field, SignInMethod, UserSummary};

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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
///
/// It crosses to the window as `{id, settings, locked}`, not flattened: serde reads a flattened
/// struct by first copying the object into a buffer of its own, and that second deserializer
/// for every settings field was 20 KB of the UI's wasm. The settings file keeps its flat
/// format (`StoredProfile` in the app's `settings.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub id: String,
    pub settings: ProfileSettings,
    /// The fields the organisation's fleet file sets, which no one changes in Authdesk; a
    /// profile with any is the organisation's and cannot be removed either.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locked: Vec<ProfileField>,
}

/// The fields of a deployment profile a fleet file may set, by the file's own key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileField {
    Name,
    BaseUrl,
    OriginOverride,
    CaCertificatePem,
    Proxy,
    IdleLockMinutes,
    SignInMethods,
    SignOnProviders,
    Colour,
}

wire_names!(ProfileField {
    Name = "name",
    BaseUrl = "baseUrl",
    OriginOverride = "originOverride",
    CaCertificatePem = "caCertificatePem",
    Proxy = "proxy",
    IdleLockMinutes = "idleLockMinutes",
    SignInMethods = "signInMethods",
    SignOnProviders = "signOnProviders",
    Colour = "colour",
});

impl ProfileField {
    /// Whether `one` and `other` agree on this field.
    pub fn same_in(self, one: &ProfileSettings, other: &ProfileSettings) -> bool {
        match self {
            Self::Name => one.name == other.name,
            Self::BaseUrl => one.base_url == other.base_url,
            Self::OriginOverride => one.origin_override == other.origin_override,
            Self::CaCertificatePem => one.ca_certificate_pem == other.ca_certificate_pem,
            Self::Proxy => one.proxy == other.proxy,
            Self::IdleLockMinutes => one.idle_lock_minutes == other.idle_lock_minutes,
            Self::SignInMethods => one.sign_in_methods == other.sign_in_methods,
            Self::SignOnProviders => one.sign_on_providers == other.sign_on_providers,
            Self::Colour => one.colour == other.colour,
        }
    }

    /// Copies this field from `from` into `into`.
    pub fn copy(self, from: &ProfileSettings, into: &mut ProfileSettings) {
        match self {
            Self::Name => into.name.clone_from(&from.name),
            Self::BaseUrl => into.base_url.clone_from(&from.base_url),
            Self::OriginOverride => into.origin_override.clone_from(&from.origin_override),
            Self::CaCertificatePem => into.ca_certificate_pem.clone_from(&from.ca_certificate_pem),
            Self::Proxy => into.proxy.clone_from(&from.proxy),
            Self::IdleLockMinutes => into.idle_lock_minutes = from.idle_lock_minutes,
            Self::SignInMethods => into.sign_in_methods.clone_from(&from.sign_in_methods),
            Self::SignOnProviders => into.sign_on_providers.clone_from(&from.sign_on_providers),
            Self::Colour => into.colour = from.colour,
        }
    }

    /// The input a refusal to change it is shown at, where the form has one.
    pub fn input(self) -> Option<crate::Field> {
        match self {
            Self::Name => Some(crate::Field::Name),
            Self::BaseUrl => Some(crate::Field::BaseUrl),
            Self::OriginOverride => Some(crate::Field::OriginOverride),
            Self::CaCertificatePem => Some(crate::Field::CaCertificatePem),
            Self::Proxy => Some(crate::Field::Proxy),
            Self::IdleLockMinutes => Some(crate::Field::IdleLock),
            Self::SignOnProviders => Some(crate::Field::Provider),
            Self::SignInMethods | Self::Colour => None,
        }
    }
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
    /// The product's page where a reset link sends the user (the server's `redirectTo`);
    /// without one, Authdesk cannot send password-reset mail for this deployment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_reset_page: Option<String>,
    /// The server's own user fields shown as columns of the users table, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub table_columns: Vec<String>,
    /// The views of the users table kept for this deployment, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<crate::SavedView>,
    /// The saved view shown last, shown again at the next start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_view: Option<String>,
    #[serde(default)]
    pub colour: EnvironmentColour,
}

/// A colour that tells deployments apart at a glance (red for production, say).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EnvironmentColour {
    Red,
    Amber,
    Green,
    Blue,
    #[default]
    Grey,
}

wire_names!(EnvironmentColour {
    Red = "red",
    Amber = "amber",
    Green = "green",
    Blue = "blue",
    Grey = "grey",
});

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

/// The warnings before an impersonation ends: this many seconds before its end, and what they
/// say (in the window, and as the desktop's notification when the window is not in front).
pub const IMPERSONATION_WARNINGS: [(u32, &str); 2] = [
    (300, "5 minutes of impersonation left."),
    (60, "1 minute of impersonation left."),
];

/// The event that tells the window a link to a user waits to be opened (`take_link`).
pub const LINK_WAITING_EVENT: &str = "link-waiting";

/// What the admin is told when an impersonation reaches its time limit.
pub const IMPERSONATION_TIME_UP: &str = "The impersonation time is up: you are back as yourself.";

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

/// The most of the server's own fields the users table shows as columns.
pub const MAX_TABLE_COLUMNS: usize = 8;

/// The columns a profile keeps: field names (as the server spells them), each once, at most
/// [`MAX_TABLE_COLUMNS`]; a name that is no field name is dropped.
pub fn check_table_columns(columns: &[String]) -> Result<Vec<String>, ApiError> {
    let mut kept: Vec<String> = Vec::new();
    for column in columns {
        let fits = !column.is_empty()
            && column.len() <= 64
            && column
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if fits && !kept.contains(column) {
            kept.push(column.clone());
        }
    }
    if kept.len() > MAX_TABLE_COLUMNS {
        return Err(ApiError::new(
            ErrorCode::Validation,
            format!("The table shows at most {MAX_TABLE_COLUMNS} of the server's fields."),
        ));
    }
    Ok(kept)
}

/// The longest password-reset page address a profile keeps.
pub const MAX_RESET_PAGE_CHARS: usize = 2048;

/// A profile's password-reset page: an https address, or http on this computer (a server on
/// this machine's loopback), since the server sends the user's reset token to it.
pub fn check_reset_page(page: &str) -> Result<String, ApiError> {
    let page = page.trim();
    let rest = page.strip_prefix("https://").or_else(|| {
        page.strip_prefix("http://")
            .filter(|rest| is_loopback_host(rest))
    });
    let fits = rest.is_some_and(|rest| {
        !rest.is_empty() && !rest.starts_with('/') && !rest.contains(char::is_whitespace)
    }) && page.chars().count() <= MAX_RESET_PAGE_CHARS
        && !page.chars().any(char::is_control);
    if fits {
        Ok(page.to_owned())
    } else {
        Err(ApiError::new(
            ErrorCode::Validation,
            "The reset page is your product's https:// page where a reset link lands (http only \
             on this computer), e.g. https://app.example.com/reset-password.",
        )
        .at_field(Field::ResetPage))
    }
}

fn is_loopback_host(rest: &str) -> bool {
    ["localhost", "127.0.0.1", "[::1]"].iter().any(|host| {
        rest.strip_prefix(host)
            .is_some_and(|after| after.is_empty() || after.starts_with([':', '/']))
    })
}

#[cfg(test)]
mod reset_page_tests {
    use super::*;

    #[test]
    fn a_reset_page_is_https_or_on_this_computer() {
        assert_eq!(
            check_reset_page(" https://app.example.com/reset ").unwrap(),
            "https://app.example.com/reset"
        );
        assert!(check_reset_page("http://127.0.0.1:3000/reset").is_ok());
        assert!(check_reset_page("http://localhost/reset").is_ok());
        for bad in [
            "http://app.example.com/reset",
            "https://",
            "ftp://x",
            "https://a b",
            "reset",
        ] {
            let error = check_reset_page(bad).unwrap_err();
            assert_eq!(error.field, Some(Field::ResetPage), "{bad}");
        }
        assert!(check_reset_page("http://localhost.evil.com/").is_err());
    }

    #[test]
    fn table_columns_are_field_names_each_once() {
        let typed = ["plan", "plan", "seats", "bad name", ""].map(String::from);
        assert_eq!(check_table_columns(&typed).unwrap(), ["plan", "seats"]);
        let many: Vec<String> = (0..9).map(|n| format!("f{n}")).collect();
        assert!(check_table_columns(&many).is_err());
    }
}
