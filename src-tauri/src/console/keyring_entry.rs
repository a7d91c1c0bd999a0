//! What the keyring holds for a profile: the session's cookies (and, while impersonating, the
//! admin's own kept aside) and where they may be sent. A persisted format: a field may be added
//! with a default, never renamed. And the keyring calls themselves, which never hang the app.

use std::sync::Arc;

use authdesk_client::SessionCookies;
use authdesk_protocol::{ApiError, ErrorCode, Profile, ProfileSettings};
use authdesk_vault::VaultError;

use super::profiles::connect;
use super::session::end_quietly;
use super::{Active, Console};

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

impl Active {
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

impl Saved {
    /// Ends every session this entry holds on `profile`'s server: the impersonation's, if any,
    /// then the admin's own.
    pub(super) async fn end_on(&self, profile: &Profile) {
        for cookies in std::iter::once(&self.cookies).chain(&self.aside) {
            if let Ok(client) = connect(profile, cookies) {
                end_quietly(&client).await;
            }
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

pub(super) enum VaultOp {
    Load,
    Save(String),
    Wipe,
}

impl Console {
    /// Writes the session's cookies to the keyring when they changed. A failure leaves the
    /// session working for this run and tells the admin why it will not be remembered. For a
    /// session not in place yet (the caller holds it alone).
    pub(super) async fn persist(&self, active: &mut Active) {
        let stored = active.stored();
        if active.saved.as_ref() == Some(&stored) {
            return;
        }
        let notice = self.save_entry(active.profile_id(), &stored).await;
        active.saved = Some(stored);
        active.admin.keyring_notice = notice;
    }

    /// [`Console::persist`] for the session in place, with no lock held across the keyring call.
    pub(super) async fn persist_now(&self) {
        let (stored, profile_id, epoch) = {
            let guard = self.session.read().await;
            let Some(active) = guard.as_ref() else {
                return;
            };
            let stored = active.stored();
            if active.saved.as_ref() == Some(&stored) {
                return;
            }
            (stored, active.profile_id().to_owned(), active.epoch)
        };
        let notice = self.save_entry(&profile_id, &stored).await;
        if let Some(active) = self.session.write().await.as_mut()
            && active.epoch == epoch
        {
            active.saved = Some(stored);
            active.admin.keyring_notice = notice;
        }
    }

    /// Saves `stored` as `profile_id`'s entry; answers with why it will not be remembered.
    async fn save_entry(&self, profile_id: &str, stored: &StoredSession) -> Option<String> {
        let secret = serde_json::to_string(stored).expect("a stored session serialises");
        match self.save_session_entry(profile_id, secret).await {
            Ok(()) => None,
            Err(error) => {
                tracing::warn!(%error, "session not saved to the keyring");
                Some(vault_notice(error).message)
            }
        }
    }

    pub(super) async fn forget_saved(&self, profile_id: &str) {
        if let Err(error) = self.wipe_session_entry(profile_id).await {
            tracing::warn!(%error, "could not wipe the saved session");
        }
    }

    /// Keyring calls block (D-Bus round trips), so they run off the async threads, and a keyring
    /// that does not answer (an unlock prompt nobody sees) is given up on.
    pub(super) async fn vault_op(
        &self,
        account: &str,
        op: VaultOp,
    ) -> Result<Option<String>, VaultError> {
        let vault = Arc::clone(&self.vault);
        let account = account.to_owned();
        let call = tokio::task::spawn_blocking(move || match op {
            VaultOp::Load => vault.load(&account),
            VaultOp::Save(secret) => vault.save(&account, &secret).map(|()| None),
            VaultOp::Wipe => vault.wipe(&account).map(|()| None),
        });
        match tokio::time::timeout(KEYRING_WAIT, call).await {
            Ok(answer) => answer.unwrap_or_else(|error| Err(VaultError::Failed(error.to_string()))),
            Err(_) => Err(VaultError::Failed(
                "the keyring did not answer in time".to_owned(),
            )),
        }
    }
}

/// Why a keyring error means the session will not be remembered, as the window says it.
pub(super) fn vault_notice(error: VaultError) -> ApiError {
    let message = match error {
        VaultError::Locked => {
            "The system keyring is locked, so this session will not be remembered after Authdesk \
             closes. Unlock the keyring (log in to your desktop session) to keep it."
        }
        VaultError::Unavailable(_) => {
            "No system keyring is available, so this session will not be remembered after \
             Authdesk closes."
        }
        _ => {
            "The system keyring refused to keep this session, so it will not be remembered after \
             Authdesk closes."
        }
    };
    ApiError::new(ErrorCode::Internal, message)
}

/// How long a keyring call may take before Authdesk carries on without it.
pub(super) const KEYRING_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
