//! What the keyring holds for a profile: the session's cookies (and, while impersonating, the
//! admin's own kept aside) and where they may be sent. A persisted format: a field may be added
//! with a default, never renamed.

use authdesk_client::SessionCookies;
use authdesk_protocol::ProfileSettings;

/// What the keyring holds for a profile. The cookie sets go through
/// [`SessionCookies::from_secret`], which refuses anything that is not a plain session cookie.
/// No `derive(Debug)`: it holds the cookies.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct StoredSession {
    pub(super) cookies: String,
    /// The admin's own cookies and the impersonated user's id, while impersonating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) aside: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) impersonated_user: Option<String>,
    /// Where these cookies may go. Kept in the keyring beside them, because `settings.json` is a
    /// plain file anyone who can write the user's folders can point elsewhere.
    #[serde(default)]
    pub(super) bound_to: Option<Destination>,
    /// When the admin last entered their password and last used the console (Unix seconds), so
    /// a restart does not reset the idle lock. Missing (an older entry) counts as long ago.
    #[serde(default)]
    pub(super) proven_at: i64,
    #[serde(default)]
    pub(super) used_at: i64,
}

/// The server a session was made with, and the admin it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Destination {
    pub(super) base_url: String,
    /// SHA-256 of the profile's private CA certificate, if it has one.
    pub(super) ca_sha256: Option<String>,
    pub(super) origin_override: Option<String>,
    pub(super) admin_id: String,
}

impl Destination {
    pub(super) fn of(settings: &ProfileSettings, admin_id: &str) -> Self {
        Self {
            base_url: settings.base_url.clone(),
            ca_sha256: settings.ca_certificate_pem.as_deref().map(sha256),
            origin_override: settings.origin_override.clone(),
            admin_id: admin_id.to_owned(),
        }
    }

    /// Whether a session made for `self` may be sent to the server `settings` describe.
    pub(super) fn allows(&self, settings: &ProfileSettings) -> bool {
        Self::of(settings, &self.admin_id) == *self
    }
}

fn sha256(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A saved session, read back and checked.
pub(super) struct Saved {
    pub(super) cookies: SessionCookies,
    pub(super) aside: Option<SessionCookies>,
    pub(super) impersonated_user: Option<String>,
    pub(super) bound_to: Option<Destination>,
    pub(super) proven_at: i64,
    pub(super) used_at: i64,
}

impl super::Active {
    /// What the keyring is to hold for this session now.
    pub(super) fn stored(&self) -> StoredSession {
        let own = self.client.session_cookies().to_secret();
        let (cookies, aside) = match &self.acting {
            Some(acting) => (acting.client.session_cookies().to_secret(), Some(own)),
            None => (own, None),
        };
        StoredSession {
            cookies,
            aside,
            impersonated_user: self
                .acting
                .as_ref()
                .map(|acting| acting.started.user.id.clone()),
            bound_to: Some(Destination::of(
                &self.admin.profile.settings,
                &self.admin.id,
            )),
            proven_at: self.proven_at,
            used_at: self.used_at.load(std::sync::atomic::Ordering::Relaxed),
        }
    }
}

impl StoredSession {
    pub(super) fn parse(secret: &str) -> Option<Saved> {
        let stored: Self = serde_json::from_str(secret).ok()?;
        let cookies = SessionCookies::from_secret(&stored.cookies).ok()?;
        let aside = match &stored.aside {
            Some(aside) => Some(SessionCookies::from_secret(aside).ok()?),
            None => None,
        };
        Some(Saved {
            cookies,
            aside,
            impersonated_user: stored.impersonated_user,
            bound_to: stored.bound_to,
            proven_at: stored.proven_at,
            used_at: stored.used_at,
        })
    }
}
