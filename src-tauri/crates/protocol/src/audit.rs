use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One entry of the local audit trail, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    pub seq: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The admin who acted, by email.
    pub admin: String,
    /// An [`AuditAction`]'s name (`ban`, `set-roles`, ...); a string, since older logs may
    /// hold names this version no longer writes.
    pub action: String,
    /// The user acted on, by email or id.
    pub target: Option<String>,
    /// Reason, duration, roles: never a secret.
    pub detail: Option<String>,
    pub outcome: AuditOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "result",
    rename_all = "camelCase",
    try_from = "crate::wire::AuditOutcomeFields"
)]
pub enum AuditOutcome {
    Succeeded,
    Failed { message: String },
}

/// Whether every line still follows from the one before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    try_from = "crate::wire::AuditChainFields"
)]
pub enum AuditChain {
    Intact { entries: u64 },
    Broken { line: u64, reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditView {
    pub records: Vec<AuditRecord>,
    pub chain: AuditChain,
    /// Where the log lives, so an auditor can find it.
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditExportFormat {
    JsonLines,
    Csv,
}

wire_names!(AuditExportFormat {
    JsonLines = "jsonLines",
    Csv = "csv",
});

impl AuditExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::JsonLines => "jsonl",
            Self::Csv => "csv",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::JsonLines => "JSON Lines",
            Self::Csv => "CSV",
        }
    }
}

/// What an admin did, one variant for each change Authdesk can make. The names are persisted in
/// every audit log, so a name never changes once written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    CreateUser,
    UpdateUser,
    SetRoles,
    SetPassword,
    Ban,
    Unban,
    RevokeSession,
    RevokeAllSessions,
    DeleteUser,
    Impersonate,
    StopImpersonating,
    /// The server mailed the user a password-reset link.
    SendPasswordReset,
    /// The server mailed the user a link to verify their address.
    SendVerification,
    /// The user's two-factor sign-in was turned off, so the password alone signs them in.
    ResetTwoFactor,
    /// A bulk action as a whole (each user's change has its own entry).
    Bulk,
    /// The users a view matched, written to a file.
    ExportUsers,
}

impl AuditAction {
    pub const ALL: [Self; 16] = [
        Self::CreateUser,
        Self::UpdateUser,
        Self::SetRoles,
        Self::SetPassword,
        Self::Ban,
        Self::Unban,
        Self::RevokeSession,
        Self::RevokeAllSessions,
        Self::DeleteUser,
        Self::Impersonate,
        Self::StopImpersonating,
        Self::SendPasswordReset,
        Self::SendVerification,
        Self::ResetTwoFactor,
        Self::Bulk,
        Self::ExportUsers,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::CreateUser => "create-user",
            Self::UpdateUser => "update-user",
            Self::SetRoles => "set-roles",
            Self::SetPassword => "set-password",
            Self::Ban => "ban",
            Self::Unban => "unban",
            Self::RevokeSession => "revoke-session",
            Self::RevokeAllSessions => "revoke-all-sessions",
            Self::DeleteUser => "delete-user",
            Self::Impersonate => "impersonate",
            Self::StopImpersonating => "stop-impersonating",
            Self::SendPasswordReset => "send-password-reset",
            Self::SendVerification => "send-verification",
            Self::ResetTwoFactor => "reset-two-factor",
            Self::Bulk => "bulk",
            Self::ExportUsers => "export-users",
        }
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_own_persisted_name() {
        let mut names: Vec<&str> = AuditAction::ALL
            .iter()
            .map(|action| action.name())
            .collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len());
        assert_eq!(AuditAction::RevokeAllSessions.name(), "revoke-all-sessions");
    }
}
