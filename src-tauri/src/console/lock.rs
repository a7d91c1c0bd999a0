//! The lock on an unattended desk, enforced here rather than in the window: every read and
//! change asks [`Active::open_for`] first, and only [`Console::unlock`] (the password again) or a
//! sign-out gets past a locked console. The rule itself is [`authdesk_protocol::lock`].

use std::sync::atomic::Ordering;

use authdesk_client::SessionCookies;
use authdesk_protocol::{AdminIdentity, ApiError, AuditAction, ErrorCode, Password, checks, lock};

use super::profiles::connect;
use super::session::end_quietly;
use super::{Active, Console, not_signed_in};

/// The wall clock in Unix seconds: a laptop asleep for an hour has been idle for an hour.
pub(super) fn now() -> i64 {
    authdesk_protocol::OffsetDateTime::now_utc().unix_timestamp()
}

impl Active {
    /// Why this console is locked now, if it is.
    pub(super) fn locked(&self) -> Option<ApiError> {
        lock::lock_reason(
            self.proven_at,
            self.used_at.load(Ordering::Relaxed),
            now(),
            self.admin.profile.settings.idle_lock_minutes(),
        )
    }

    /// Refuses a locked console; otherwise counts as use, then asks for the password again if
    /// `action` needs a recent one.
    pub(super) fn open_for(&self, action: Option<AuditAction>) -> Result<(), ApiError> {
        if let Some(locked) = self.locked() {
            return Err(locked);
        }
        let now = now();
        self.used_at.store(now, Ordering::Relaxed);
        match action.and_then(|action| lock::fresh_proof_needed(action, self.proven_at, now)) {
            Some(asked) => Err(asked),
            None => Ok(()),
        }
    }
}

impl Console {
    /// For what a locked console must not show or change besides the admin operations (the audit
    /// trail, profiles): refused while locked, counted as use otherwise. Signed out, nothing is
    /// locked.
    pub(super) async fn unless_locked(&self) -> Result<(), ApiError> {
        match self.session.read().await.as_ref() {
            Some(active) => active.open_for(None),
            None => Ok(()),
        }
    }

    /// The admin proves it is them again: a fresh sign-in as the same account on the same
    /// profile, which replaces the session (and ends the old one on the server). Unlocks an idle
    /// console and makes the password recent for destructive actions. An impersonation still
    /// running is ended first: nobody was watching it.
    pub async fn unlock(&self, password: Password) -> Result<AdminIdentity, ApiError> {
        checks::check_sign_in_password(password.expose())?;
        let (profile, admin, impersonating) = {
            let guard = self.session.read().await;
            let active = guard.as_ref().ok_or_else(not_signed_in)?;
            (
                active.admin.profile.clone(),
                active.admin.clone(),
                active.acting.is_some(),
            )
        };
        if impersonating {
            self.end_impersonation(Some("when Authdesk locked")).await?;
        }
        let client = connect(&profile, &SessionCookies::default())?;
        let user = client
            .sign_in_email(&admin.email, password.expose())
            .await?;
        if user.id != admin.id || !client.has_permission("user", &["list"]).await? {
            end_quietly(&client).await;
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "This password signs in an account that may no longer manage users here. Sign \
                 out and sign in again.",
            ));
        }
        let mut fresh = Active::new(client, user, profile).await;
        self.persist(&mut fresh).await;
        let unlocked = fresh.admin.clone();
        let previous = {
            let mut guard = self.session.write().await;
            let same_admin = guard.as_ref().is_some_and(|active| {
                active.admin.id == admin.id && active.profile_id() == admin.profile.id
            });
            if same_admin {
                guard.replace(fresh)
            } else {
                // Signed out meanwhile: this proof opens nothing, and leaves nothing behind.
                drop(guard);
                end_quietly(&fresh.client).await;
                self.forget_saved(&admin.profile.id).await;
                return Err(not_signed_in());
            }
        };
        if let Some(previous) = previous {
            end_quietly(&previous.client).await;
        }
        tracing::info!("console unlocked");
        Ok(unlocked)
    }
}
