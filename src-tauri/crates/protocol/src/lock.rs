//! When the console asks the admin to prove it is them again: after it has gone unused for the
//! profile's idle time, once the last password is older than the absolute limit, and before a
//! destructive action when the last password is older than a few minutes. Pure functions of
//! times in Unix seconds (wall clock, so that a sleeping laptop counts as idle), used by the
//! backend, which enforces them, and by the window, which hides itself on the same rule.

use crate::{ApiError, AuditAction, ErrorCode, ProfileSettings};

pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 15;
pub const MAX_IDLE_LOCK_MINUTES: u32 = 8 * 60;
/// However busy the admin is, the password is asked again after this long.
pub const REAUTHENTICATE_AFTER_HOURS: i64 = 12;
/// A destructive action needs a password entered at most this long ago.
pub const FRESH_PROOF_MINUTES: i64 = 5;

impl ProfileSettings {
    /// How long this profile's console may go unused before it locks.
    pub fn idle_lock_minutes(&self) -> u32 {
        self.idle_lock_minutes.unwrap_or(DEFAULT_IDLE_LOCK_MINUTES)
    }
}

/// Why the console is locked at `now`, given when the password was last entered (`proven_at`)
/// and when the console was last used (`used_at`); `None` when it is open.
pub fn lock_reason(proven_at: i64, used_at: i64, now: i64, idle_minutes: u32) -> Option<ApiError> {
    if now - proven_at > REAUTHENTICATE_AFTER_HOURS * 3600 {
        Some(ApiError::new(
            ErrorCode::Locked,
            format!(
                "Authdesk asks you to sign in again every {REAUTHENTICATE_AFTER_HOURS} hours. \
                 Sign in again to go on."
            ),
        ))
    } else if now - used_at > i64::from(idle_minutes) * 60 {
        Some(idle_lock(idle_minutes))
    } else {
        None
    }
}

/// The lock after `idle_minutes` without use, as the window says it when its own clock runs out.
pub fn idle_lock(idle_minutes: u32) -> ApiError {
    ApiError::new(
        ErrorCode::Locked,
        format!(
            "Locked after {} without use. Sign in again to go on.",
            minutes(i64::from(idle_minutes))
        ),
    )
}

/// Whether `action` may run on a password entered at `proven_at`, or must ask for it again.
pub fn fresh_proof_needed(action: AuditAction, proven_at: i64, now: i64) -> Option<ApiError> {
    if !action.needs_fresh_proof() {
        return None;
    }
    let what = match action {
        AuditAction::DeleteUser => "Deleting a user",
        AuditAction::SetPassword => "Setting a password",
        AuditAction::Impersonate => "Impersonating a user",
        AuditAction::ResetTwoFactor => "Turning two-factor off",
        _ => "This action",
    };
    proof_older_than_allowed(what, proven_at, now)
}

/// Whether `what` (say, "Deleting many users") may run on a password entered at `proven_at`.
pub fn proof_older_than_allowed(what: &str, proven_at: i64, now: i64) -> Option<ApiError> {
    let age = now - proven_at;
    if age <= FRESH_PROOF_MINUTES * 60 {
        return None;
    }
    Some(ApiError::new(
        ErrorCode::ConfirmIdentity,
        format!(
            "{what} needs you to sign in again: you last did {} ago.",
            minutes(age / 60)
        ),
    ))
}

impl AuditAction {
    /// The changes that cannot be undone, act as someone else or take a lock off an account:
    /// they need a recent password.
    pub fn needs_fresh_proof(self) -> bool {
        matches!(
            self,
            Self::DeleteUser | Self::SetPassword | Self::Impersonate | Self::ResetTwoFactor
        )
    }
}

fn minutes(count: i64) -> String {
    match count {
        1 => "1 minute".to_owned(),
        count if count >= 120 && count % 60 == 0 => format!("{} hours", count / 60),
        count => format!("{count} minutes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn the_console_locks_after_its_idle_time_and_not_before() {
        assert_eq!(lock_reason(NOW - 60, NOW - 15 * 60, NOW, 15), None);
        let locked = lock_reason(NOW - 60, NOW - 15 * 60 - 1, NOW, 15).expect("locked");
        assert_eq!(locked.code, ErrorCode::Locked);
        assert!(
            locked.message.contains("15 minutes without use"),
            "{locked}"
        );
        assert!(lock_reason(NOW, NOW - 61, NOW, 1).is_some());
    }

    #[test]
    fn twelve_hours_after_the_password_even_a_busy_console_locks() {
        let proven = NOW - REAUTHENTICATE_AFTER_HOURS * 3600;
        assert_eq!(lock_reason(proven, NOW, NOW, 15), None);
        let locked = lock_reason(proven - 1, NOW, NOW, 15).expect("locked");
        assert!(locked.message.contains("every 12 hours"), "{locked}");
    }

    #[test]
    fn a_clock_set_back_does_not_lock() {
        assert_eq!(lock_reason(NOW + 30, NOW + 30, NOW, 15), None);
    }

    #[test]
    fn destructive_actions_ask_for_a_password_older_than_five_minutes() {
        let stale = NOW - FRESH_PROOF_MINUTES * 60 - 1;
        for action in [
            AuditAction::DeleteUser,
            AuditAction::SetPassword,
            AuditAction::Impersonate,
        ] {
            assert_eq!(fresh_proof_needed(action, NOW - 60, NOW), None);
            let asked = fresh_proof_needed(action, stale, NOW).expect("asked");
            assert_eq!(asked.code, ErrorCode::ConfirmIdentity);
            assert!(asked.message.contains("5 minutes ago"), "{asked}");
        }
        assert_eq!(fresh_proof_needed(AuditAction::Ban, stale, NOW), None);
    }

    #[test]
    fn a_profile_without_an_idle_time_locks_after_the_default() {
        let settings = ProfileSettings::default();
        assert_eq!(settings.idle_lock_minutes(), DEFAULT_IDLE_LOCK_MINUTES);
    }
}
