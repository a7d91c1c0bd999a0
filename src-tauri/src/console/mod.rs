//! The admin console's backend: the signed-in session, its profile and its keyring entry. The
//! webview never receives a cookie or a token from here. Commands in `commands.rs` are thin
//! adapters over these methods, which live by concern:
//!
//! - `session`: sign-in, restore from the keyring, sign-out, what the keyring holds;
//! - `profiles`: deployment profiles and the sign-in form's defaults;
//! - `users`: the admin operations on users, reads and audited changes;
//! - `impersonation`: acting as a user for a limited time, and always finding the way back;
//! - `audit`: the one place that writes the audit trail, and reading and exporting it.

mod audit;
mod impersonation;
mod keyring_entry;
mod lock;
mod profiles;
mod session;
mod users;

pub use audit::KeyringKeeper;

use std::sync::Arc;

use authdesk_audit::AuditLog;
use authdesk_client::{AuthClient, ClientError, SessionCookies};
use authdesk_protocol::{
    AdminIdentity, ApiError, AuditAction, ErrorCode, ImpersonationStarted, Profile, UserSummary,
};
use authdesk_vault::Vault;
use tokio::sync::RwLock;

use crate::settings::SettingsStore;
use keyring_entry::StoredSession;

/// Cheap to clone: every clone is the same console (a backend task, such as the end of an
/// impersonation at its deadline, holds one).
#[derive(Clone)]
pub struct Console {
    settings: Arc<dyn SettingsStore>,
    vault: Arc<Vault>,
    audit: Arc<AuditLog>,
    /// Used when no server was remembered yet (the demo points this at its sandbox).
    default_server: Option<String>,
    /// The signed-in session. Lock policy:
    /// - Reads and changes take the read lock only long enough to clone the client (a cheap
    ///   handle), then talk to the server without it, so a slow server never blocks the window.
    /// - Starting and stopping an impersonation hold the write lock across their HTTP and keyring
    ///   calls, on purpose: the session's cookies are being swapped, and no other command may
    ///   run as the admin meanwhile (it would act as the impersonated user, or see half a swap).
    /// - Sign-in, restore and sign-out build the new state without the lock and take the write
    ///   lock only to put it in place.
    session: Arc<RwLock<Option<Active>>>,
    /// Set when this run must not open the saved session (started under remote control).
    restore_refused: bool,
}

/// The signed-in session. `saved` is what the keyring holds, so it is written only on change.
struct Active {
    /// Which sign-in this is: a 401 ends the session only if it is still the one that got it.
    epoch: u64,
    client: AuthClient,
    /// Who is signed in, and to which profile.
    admin: AdminIdentity,
    impersonating: Option<ImpersonationStarted>,
    /// The backend task that ends the impersonation at its deadline, whatever the window does.
    deadline: Option<tokio::task::AbortHandle>,
    /// The admin's own cookies, kept aside while impersonating: the way back even when the
    /// server can no longer end the impersonation (expired, signed out inside it).
    aside: Option<SessionCookies>,
    saved: Option<StoredSession>,
    /// When the admin last entered their password, and last used the console, in Unix seconds
    /// (see [`authdesk_protocol::lock`]). A restored session keeps the times it was saved with.
    proven_at: i64,
    used_at: std::sync::atomic::AtomicI64,
}

impl Active {
    /// A fresh session as `user` on `profile`, asking the server what else this admin may do.
    async fn new(client: AuthClient, user: UserSummary, profile: Profile) -> Self {
        let can_impersonate = client
            .has_permission("user", &["impersonate"])
            .await
            .unwrap_or(false);
        let admin = AdminIdentity {
            id: user.id,
            name: user.name,
            email: user.email,
            roles: user.roles,
            profile,
            keyring_notice: None,
            can_impersonate,
        };
        Self {
            epoch: NEXT_EPOCH.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            client,
            admin,
            impersonating: None,
            deadline: None,
            aside: None,
            saved: None,
            proven_at: lock::now(),
            used_at: lock::now().into(),
        }
    }

    fn profile_id(&self) -> &str {
        &self.admin.profile.id
    }
}

impl Console {
    pub fn new(
        settings: Box<dyn SettingsStore>,
        vault: Arc<Vault>,
        audit: AuditLog,
        default_server: Option<String>,
    ) -> Self {
        Self {
            settings: Arc::from(settings),
            vault,
            audit: Arc::new(audit),
            default_server,
            session: Arc::new(RwLock::new(None)),
            restore_refused: false,
        }
    }

    /// This console never opens the session saved in the keyring; the admin signs in instead.
    /// The saved session is left as it is, for a start that is not remote-controlled.
    pub fn without_restore(mut self) -> Self {
        self.restore_refused = true;
        self
    }

    /// Runs an admin operation with the signed-in client. Refused while locked or impersonating;
    /// a 401 ends the session here too, so the UI asks for a new sign-in. Changes come through
    /// [`Console::change`], which records them; this is for reads.
    async fn as_admin<T, E: OperationError>(
        &self,
        operation: impl AsyncFnOnce(AuthClient) -> Result<T, E>,
    ) -> Result<T, ApiError> {
        self.as_admin_for(None, operation).await
    }

    /// [`Console::as_admin`] for a change: `action` says whether it needs a recent password.
    async fn as_admin_for<T, E: OperationError>(
        &self,
        action: Option<AuditAction>,
        operation: impl AsyncFnOnce(AuthClient) -> Result<T, E>,
    ) -> Result<T, ApiError> {
        let (client, epoch) = {
            let guard = self.session.read().await;
            let active = guard.as_ref().ok_or_else(not_signed_in)?;
            active.open_for(action)?;
            refuse_while_impersonating(active)?;
            (active.client.clone(), active.epoch)
        };
        match operation(client).await {
            Err(error) if error.ends_session() => {
                // Only the session that got the 401: a sign-in meanwhile is another one.
                let forgotten = {
                    let mut guard = self.session.write().await;
                    match guard.as_ref() {
                        Some(active) if active.epoch == epoch => guard.take(),
                        _ => None,
                    }
                };
                if let Some(active) = forgotten {
                    self.forget_saved(active.profile_id()).await;
                }
                Err(error.into())
            }
            result => result.map_err(Into::into),
        }
    }

    async fn admin_email(&self) -> Option<String> {
        self.session
            .read()
            .await
            .as_ref()
            .map(|active| active.admin.email.clone())
    }
}

/// How an admin operation failed: the client's error, or the console's own refusal.
trait OperationError: Into<ApiError> {
    /// Whether the server no longer knows the admin's session.
    fn ends_session(&self) -> bool;
}

impl OperationError for ClientError {
    fn ends_session(&self) -> bool {
        self.is_session_expired()
    }
}

impl OperationError for ApiError {
    fn ends_session(&self) -> bool {
        self.code == ErrorCode::SessionExpired
    }
}

/// Every sign-in and restore gets its own number.
static NEXT_EPOCH: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn signed_in(guard: &mut Option<Active>) -> Result<&mut Active, ApiError> {
    guard.as_mut().ok_or_else(not_signed_in)
}

fn not_signed_in() -> ApiError {
    ApiError::new(
        ErrorCode::NotSignedIn,
        "You are not signed in. Sign in to continue.",
    )
}

fn refuse_while_impersonating(active: &Active) -> Result<(), ApiError> {
    match &active.impersonating {
        Some(started) => Err(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "You are seeing the app as {}. Stop impersonating to use admin actions.",
                started.user.email
            ),
        )),
        None => Ok(()),
    }
}
