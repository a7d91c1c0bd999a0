//! Bulk actions: one change for many users, planned first (what will be done, what skipped and
//! why), then run by the backend with its progress and each user's result.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::{AuditAction, BanRequest, BanState, ListUsersQuery, Permission, UserSummary};

/// The most users one bulk action takes.
pub const MAX_BULK_USERS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    tag = "kind",
    try_from = "crate::wire::BulkActionFields"
)]
pub enum BulkAction {
    Ban { ban: BanRequest },
    Unban,
    RevokeSessions,
    AddRole { role: String },
    RemoveRole { role: String },
    Delete,
}

/// The kinds of [`BulkAction`], as its `kind` tag names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkKind {
    Ban,
    Unban,
    RevokeSessions,
    AddRole,
    RemoveRole,
    Delete,
}

wire_names!(BulkKind {
    Ban = "ban",
    Unban = "unban",
    RevokeSessions = "revokeSessions",
    AddRole = "addRole",
    RemoveRole = "removeRole",
    Delete = "delete",
});

impl BulkAction {
    /// The audit action of each user's change.
    pub fn audit_action(&self) -> AuditAction {
        match self {
            Self::Ban { .. } => AuditAction::Ban,
            Self::Unban => AuditAction::Unban,
            Self::RevokeSessions => AuditAction::RevokeAllSessions,
            Self::AddRole { .. } | Self::RemoveRole { .. } => AuditAction::SetRoles,
            Self::Delete => AuditAction::DeleteUser,
        }
    }

    pub fn needs(&self) -> &'static [Permission] {
        self.audit_action().needs()
    }

    /// Deleting and banning many at once need a password entered in the last few minutes.
    pub fn needs_fresh_proof(&self) -> bool {
        matches!(self, Self::Delete | Self::Ban { .. })
    }

    /// What it does, as a title says it: "Ban", "Add the role support".
    pub fn title(&self) -> String {
        match self {
            Self::Ban { .. } => "Ban".into(),
            Self::Unban => "Unban".into(),
            Self::RevokeSessions => "Sign out everywhere".into(),
            Self::AddRole { role } => format!("Add the role {role}"),
            Self::RemoveRole { role } => format!("Remove the role {role}"),
            Self::Delete => "Delete".into(),
        }
    }

    /// Why `user` is left out when `admin_id` runs this, if they are.
    pub fn skips(&self, user: &UserSummary, admin_id: &str, now: OffsetDateTime) -> Option<String> {
        let is_admin = user.roles.iter().any(|role| role == "admin");
        let touches_access = matches!(
            self,
            Self::Ban { .. } | Self::Delete | Self::RevokeSessions | Self::RemoveRole { .. }
        );
        if user.id == admin_id && touches_access {
            return Some("That is you.".into());
        }
        if is_admin && touches_access {
            return Some("An admin: change admins one at a time, from their panel.".into());
        }
        match self {
            Self::Ban { .. } if user.ban.is_effective_at(now) => Some("Banned already.".into()),
            Self::Unban if matches!(user.ban, BanState::NotBanned) => Some("Not banned.".into()),
            Self::AddRole { role } if user.roles.contains(role) => {
                Some(format!("Has the role {role} already."))
            }
            Self::RemoveRole { role } if !user.roles.contains(role) => {
                Some(format!("Does not have the role {role}."))
            }
            Self::RemoveRole { .. } if user.roles.len() == 1 => {
                Some("It is their only role: they would be left with none.".into())
            }
            _ => None,
        }
    }
}

/// Whom a bulk action is for: rows picked by hand, or everyone the view matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum BulkSelection {
    Users {
        ids: Vec<String>,
    },
    /// Every page of this query (its limit and offset are ignored).
    Matching {
        query: ListUsersQuery,
    },
}

/// One user of a bulk action and how it went for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkItem {
    pub user_id: String,
    pub email: String,
    pub result: BulkResult,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    tag = "state",
    rename_all_fields = "camelCase",
    try_from = "crate::wire::BulkResultFields"
)]
pub enum BulkResult {
    /// Planned, not yet run.
    Waiting,
    Done,
    Skipped {
        reason: String,
    },
    Failed {
        reason: String,
    },
    /// Cancelled (or interrupted) before it ran.
    NotDone,
}

/// What a bulk action will do, for the admin to confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkPlan {
    pub id: String,
    pub action: BulkAction,
    /// The users it will change.
    pub users: Vec<BulkItem>,
    /// The users it leaves out, each with the reason.
    pub skipped: Vec<BulkItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkState {
    Running,
    /// Cancelled: what is in flight finishes, nothing more starts.
    Stopping,
    Finished,
    Cancelled,
    /// Authdesk ended while it ran; found at the next start.
    Interrupted,
}

wire_names!(BulkState {
    Running = "running",
    Stopping = "stopping",
    Finished = "finished",
    Cancelled = "cancelled",
    Interrupted = "interrupted",
});

/// A bulk action as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkProgress {
    pub id: String,
    pub action: BulkAction,
    pub state: BulkState,
    pub total: u64,
    pub done: u64,
    pub skipped: u64,
    pub failed: u64,
    /// Estimated from the pace so far.
    pub seconds_left: Option<u64>,
    /// Set while the server's rate limit is waited out.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub waiting_until: Option<OffsetDateTime>,
    /// Every user's result; the list is the whole batch, skips at planning included.
    pub items: Vec<BulkItem>,
}

impl BulkProgress {
    pub fn is_over(&self) -> bool {
        !matches!(self.state, BulkState::Running | BulkState::Stopping)
    }

    /// Users it did not get to (cancelled, or cut short).
    pub fn not_done(&self) -> u64 {
        self.count(|result| matches!(result, BulkResult::NotDone))
    }

    /// Users still to come while it runs.
    pub fn to_go(&self) -> u64 {
        self.count(|result| matches!(result, BulkResult::Waiting))
    }

    fn count(&self, wanted: impl Fn(&BulkResult) -> bool) -> u64 {
        self.items
            .iter()
            .filter(|item| wanted(&item.result))
            .count() as u64
    }

    /// "312 done, 4 skipped, 2 failed, 120 to go" (or "not done", once it is over).
    pub fn summary(&self) -> String {
        let mut parts = vec![format!("{} done", self.done)];
        if self.skipped > 0 {
            parts.push(format!("{} skipped", self.skipped));
        }
        if self.failed > 0 {
            parts.push(format!("{} failed", self.failed));
        }
        let not_done = self.not_done();
        if not_done > 0 {
            parts.push(format!("{not_done} not done"));
        }
        let to_go = self.to_go();
        if to_go > 0 {
            parts.push(format!("{to_go} to go"));
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BanLength;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-02 12:00 UTC);

    fn user(id: &str, roles: &[&str], ban: BanState) -> UserSummary {
        UserSummary {
            id: id.into(),
            name: id.into(),
            email: format!("{id}@example.com"),
            email_verified: true,
            image: None,
            roles: roles.iter().map(|role| (*role).to_owned()).collect(),
            created_at: NOW,
            updated_at: NOW,
            ban,
            two_factor_enabled: None,
            last_sign_in_method: None,
            custom_fields: Default::default(),
        }
    }

    #[test]
    fn a_bulk_action_leaves_out_yourself_admins_and_users_already_so() {
        let ban = BulkAction::Ban {
            ban: BanRequest {
                reason: "Spam".into(),
                length: BanLength::Permanent,
            },
        };
        let me = user("me", &["admin"], BanState::NotBanned);
        assert_eq!(ban.skips(&me, "me", NOW).as_deref(), Some("That is you."));
        let other_admin = user("boss", &["user", "admin"], BanState::NotBanned);
        assert!(
            ban.skips(&other_admin, "me", NOW)
                .unwrap()
                .starts_with("An admin")
        );
        let banned = user("b", &["user"], BanState::Permanent { reason: None });
        assert_eq!(
            ban.skips(&banned, "me", NOW).as_deref(),
            Some("Banned already.")
        );
        let lapsed = user(
            "l",
            &["user"],
            BanState::Lapsed {
                reason: None,
                expired_at: datetime!(2026-12-01 12:00 UTC),
            },
        );
        assert_eq!(
            ban.skips(&lapsed, "me", NOW),
            None,
            "a lapsed ban bans again"
        );
        assert_eq!(BulkAction::Unban.skips(&lapsed, "me", NOW), None);
        let plain = user("p", &["user"], BanState::NotBanned);
        assert_eq!(
            BulkAction::Unban.skips(&plain, "me", NOW).as_deref(),
            Some("Not banned.")
        );
        let only = BulkAction::RemoveRole {
            role: "user".into(),
        };
        assert!(only.skips(&plain, "me", NOW).unwrap().contains("only role"));
        let add = BulkAction::AddRole {
            role: "user".into(),
        };
        assert!(add.skips(&plain, "me", NOW).unwrap().contains("already"));
        assert_eq!(
            add.skips(&me, "me", NOW),
            None,
            "adding a role to yourself is harmless"
        );
    }
}
