//! What an admin's role lets them do on the server: Better Auth's access-control statements
//! (1.7.25), one [`Permission`] each. The backend asks the server which the account holds at
//! sign-in and restore, refuses what it lacks before any request, and the window shows such
//! actions as unavailable with [`Permission::lacking`] as the reason.

use crate::{ApiError, AuditAction, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    ListUsers,
    GetUser,
    CreateUser,
    UpdateUser,
    SetRole,
    Ban,
    Impersonate,
    ImpersonateAdmins,
    DeleteUser,
    SetPassword,
    SetEmail,
    SetPhone,
    ListSessions,
    RevokeSessions,
    DeleteSessions,
}

wire_names!(Permission {
    ListUsers = "listUsers",
    GetUser = "getUser",
    CreateUser = "createUser",
    UpdateUser = "updateUser",
    SetRole = "setRole",
    Ban = "ban",
    Impersonate = "impersonate",
    ImpersonateAdmins = "impersonateAdmins",
    DeleteUser = "deleteUser",
    SetPassword = "setPassword",
    SetEmail = "setEmail",
    SetPhone = "setPhone",
    ListSessions = "listSessions",
    RevokeSessions = "revokeSessions",
    DeleteSessions = "deleteSessions",
});

impl Permission {
    /// The server's statement: resource and action, as `has-permission` takes them.
    pub fn statement(self) -> (&'static str, &'static str) {
        match self {
            Self::ListUsers => ("user", "list"),
            Self::GetUser => ("user", "get"),
            Self::CreateUser => ("user", "create"),
            Self::UpdateUser => ("user", "update"),
            Self::SetRole => ("user", "set-role"),
            Self::Ban => ("user", "ban"),
            Self::Impersonate => ("user", "impersonate"),
            Self::ImpersonateAdmins => ("user", "impersonate-admins"),
            Self::DeleteUser => ("user", "delete"),
            Self::SetPassword => ("user", "set-password"),
            Self::SetEmail => ("user", "set-email"),
            Self::SetPhone => ("user", "set-phone"),
            Self::ListSessions => ("session", "list"),
            Self::RevokeSessions => ("session", "revoke"),
            Self::DeleteSessions => ("session", "delete"),
        }
    }

    /// Why an action needing this is unavailable, as the window and the refusal say it.
    pub fn lacking(self) -> &'static str {
        match self {
            Self::ListUsers => "Your role cannot list users.",
            Self::GetUser => "Your role cannot open users.",
            Self::CreateUser => "Your role cannot create users.",
            Self::UpdateUser => "Your role cannot edit users.",
            Self::SetRole => "Your role cannot change roles.",
            Self::Ban => "Your role cannot ban or unban users.",
            Self::Impersonate => "Your role cannot impersonate users.",
            Self::ImpersonateAdmins => "Your role cannot impersonate admins.",
            Self::DeleteUser => "Your role cannot delete users.",
            Self::SetPassword => "Your role cannot set passwords.",
            Self::SetEmail => "Your role cannot change email addresses.",
            Self::SetPhone => "Your role cannot change phone numbers.",
            Self::ListSessions => "Your role cannot see sessions.",
            Self::RevokeSessions => "Your role cannot revoke sessions.",
            Self::DeleteSessions => "Your role cannot delete sessions.",
        }
    }

    /// The refusal of an action needing this, made before any request.
    pub fn refusal(self) -> ApiError {
        ApiError::new(ErrorCode::Forbidden, self.lacking())
    }
}

impl AuditAction {
    /// What the server checks before this change (create-user with a role also checks
    /// `set-role`; a change of email, `set-email`: the callers add those).
    pub fn needs(self) -> &'static [Permission] {
        match self {
            Self::CreateUser => &[Permission::CreateUser, Permission::SetRole],
            Self::UpdateUser => &[Permission::UpdateUser],
            Self::SetRoles => &[Permission::SetRole],
            Self::SetPassword => &[Permission::SetPassword],
            Self::Ban | Self::Unban => &[Permission::Ban],
            Self::RevokeSession | Self::RevokeAllSessions => &[Permission::RevokeSessions],
            Self::DeleteUser => &[Permission::DeleteUser],
            Self::Impersonate => &[Permission::Impersonate],
            Self::StopImpersonating | Self::Bulk => &[],
            Self::ExportUsers => &[Permission::ListUsers],
            // The server mails these to anyone who asks; Authdesk asks that the role can open
            // the user, whose address the backend reads from the server.
            Self::SendPasswordReset | Self::SendVerification => &[Permission::GetUser],
            Self::ResetTwoFactor => &[Permission::UpdateUser],
        }
    }

    /// Whether this changes the user's account (a mail sent changes nothing on it).
    pub fn changes_user(self) -> bool {
        !matches!(
            self,
            Self::SendPasswordReset | Self::SendVerification | Self::Bulk | Self::ExportUsers
        )
    }
}

/// The first of `needed` that `held` lacks, as its refusal.
pub fn missing(held: &[Permission], needed: &[Permission]) -> Result<(), ApiError> {
    match needed.iter().find(|permission| !held.contains(permission)) {
        Some(lacking) => Err(lacking.refusal()),
        None => Ok(()),
    }
}

/// Whether an account holding `held` can change nothing on any account (its console is then
/// read-only; it may still have the server mail a user).
pub fn read_only(held: &[Permission]) -> bool {
    AuditAction::ALL
        .iter()
        .filter(|action| action.changes_user() && !action.needs().is_empty())
        .all(|action| missing(held, action.needs()).is_err())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_permission_is_its_own_statement() {
        let mut statements: Vec<_> = Permission::ALL.iter().map(|p| p.statement()).collect();
        statements.sort_unstable();
        statements.dedup();
        assert_eq!(statements.len(), Permission::ALL.len());
    }

    #[test]
    fn an_account_that_can_only_look_is_read_only() {
        let viewer = [Permission::ListUsers, Permission::GetUser];
        assert!(read_only(&viewer));
        let support = [Permission::ListUsers, Permission::GetUser, Permission::Ban];
        assert!(!read_only(&support));
        let refusal = missing(&support, AuditAction::DeleteUser.needs()).unwrap_err();
        assert_eq!(refusal.message, "Your role cannot delete users.");
        assert!(missing(&support, AuditAction::Unban.needs()).is_ok());
    }
}
