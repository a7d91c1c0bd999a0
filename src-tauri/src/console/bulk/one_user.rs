//! One user's change within a batch: the request, and its audit line (the batch's own line and
//! the wait for the keyring come at the batch's end).

use authdesk_batch::{Attempt, Cancel};
use authdesk_protocol::{ApiError, BanLength, BulkAction, ErrorCode, UserSummary};

use crate::console::Console;
use crate::console::audit::AuditEntry;

impl Console {
    /// One user's change, audited unless the server only asked to wait.
    pub(super) async fn one_of_bulk(
        &self,
        action: &BulkAction,
        user: &UserSummary,
        batch: &Cancel,
    ) -> Attempt {
        if self.audit_writable().is_err() {
            batch.cancel();
            return Attempt::Failed("The audit log cannot be written.".into());
        }
        let entry = AuditEntry::new(action.audit_action(), &user.id).detail(match action {
            BulkAction::Ban { ban } => format!(
                "in bulk; reason: {}; length: {}",
                ban.reason,
                length(ban.length)
            ),
            BulkAction::AddRole { role } | BulkAction::RemoveRole { role } => {
                format!(
                    "in bulk; roles: {}",
                    roles_after(action, user, role).join(", ")
                )
            }
            _ => "in bulk".to_owned(),
        });
        let result: Result<(), ApiError> = self
            .as_admin_for(None, &entry.needs, async |client| match action {
                BulkAction::Ban { ban } => client.ban_user(&user.id, ban).await.map(drop),
                BulkAction::Unban => client.unban_user(&user.id).await.map(drop),
                BulkAction::RevokeSessions => client.revoke_user_sessions(&user.id).await,
                BulkAction::AddRole { role } | BulkAction::RemoveRole { role } => client
                    .set_role(&user.id, &roles_after(action, user, role))
                    .await
                    .map(drop),
                BulkAction::Delete => client.remove_user(&user.id).await,
            })
            .await;
        match result {
            Err(error) if error.code == ErrorCode::RateLimited => Attempt::RateLimited(
                std::time::Duration::from_secs(error.retry_after_seconds.unwrap_or(10)),
            ),
            result => {
                if let Some(admin) = self.admin_email().await {
                    let named = result.as_ref().map(|()| user.clone()).map_err(Clone::clone);
                    self.record_in_batch(&admin, entry, &named);
                }
                match result {
                    Ok(()) => Attempt::Done,
                    Err(error) => {
                        // Signed out, locked or asked to sign in again: the rest cannot run.
                        if matches!(
                            error.code,
                            ErrorCode::SessionExpired
                                | ErrorCode::NotSignedIn
                                | ErrorCode::Locked
                                | ErrorCode::ConfirmIdentity
                        ) {
                            batch.cancel();
                        }
                        Attempt::Failed(error.message)
                    }
                }
            }
        }
    }
}

fn length(length: BanLength) -> String {
    length
        .seconds()
        .map_or_else(|| "permanent".to_owned(), |seconds| format!("{seconds} s"))
}

fn roles_after(action: &BulkAction, user: &UserSummary, role: &str) -> Vec<String> {
    let mut roles: Vec<String> = user.roles.iter().filter(|r| *r != role).cloned().collect();
    if matches!(action, BulkAction::AddRole { .. }) {
        roles.push(role.to_owned());
    }
    roles
}
