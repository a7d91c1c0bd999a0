//! The lock on an unattended desk, enforced here rather than in the window: every read and
//! change asks [`Active::open_for`] first, and only a sign-in again (`SignInPurpose::Unlock`) or a
//! sign-out gets past a locked console. The rule itself is [`authdesk_protocol::lock`].

use std::sync::atomic::Ordering;

use authdesk_protocol::{ApiError, AuditAction, Permission, lock, missing};

use super::{Active, Console};

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

    /// Refuses what the account's role lacks (a locked console first says it is locked).
    pub(super) fn may(&self, needs: &[Permission]) -> Result<(), ApiError> {
        match self.locked() {
            Some(locked) => Err(locked),
            None => missing(&self.admin.permissions, needs),
        }
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

impl Active {
    /// Refuses to start a destructive bulk action on a password older than allowed.
    pub(super) fn fresh_for_bulk(
        &self,
        action: &authdesk_protocol::BulkAction,
    ) -> Result<(), ApiError> {
        let what = match action {
            authdesk_protocol::BulkAction::Delete => "Deleting many users",
            authdesk_protocol::BulkAction::Ban { .. } => "Banning many users",
            _ => "This bulk action",
        };
        match lock::proof_older_than_allowed(what, self.proven_at, now()) {
            Some(asked) => Err(asked),
            None => Ok(()),
        }
    }
}

impl Console {
    /// For what only a signed-in, unlocked admin may see (a batch's users, say) but that is not
    /// itself use of the console: a window asking twice a second must not keep it from locking.
    pub(super) async fn open_to_look(&self) -> Result<(), ApiError> {
        let guard = self.session.read().await;
        let active = guard.as_ref().ok_or_else(super::not_signed_in)?;
        match active.locked() {
            Some(locked) => Err(locked),
            None => Ok(()),
        }
    }

    /// For what a locked console must not show or change besides the admin operations (the audit
    /// trail, profiles): refused while locked, counted as use otherwise. Signed out, nothing is
    /// locked.
    pub(super) async fn unless_locked(&self) -> Result<(), ApiError> {
        match self.session.read().await.as_ref() {
            Some(active) => active.open_for(None),
            None => Ok(()),
        }
    }
}
