//! The admin console's backend: the signed-in session, its profile and its keyring entry. The
//! webview never receives a cookie or a token from here. Commands in `commands.rs` are thin
//! adapters over these methods, which live by concern:
//!
//! - `sign_in`: every way of signing in, and proving it again at a locked console;
//! - `sign_on`: single sign-on's backend half (its window is `crate::sign_on_window`);
//! - `session`: restore from the keyring, sign-out, what quitting does first;
//! - `profiles`: deployment profiles and the sign-in form's defaults;
//! - `users`: the admin operations on users, reads and audited changes;
//! - `impersonation`: acting as a user for a limited time, and always finding the way back;
//! - `attention`: what reaches the admin outside the window (an impersonation's end nearing);
//! - `links`: `authdesk://user/<id>?server=<host>`, opened on the deployment it names;
//! - `audit`: the one place that writes the audit trail, and reading and exporting it;
//! - `files`: where an export goes (the save dialog) and showing it in its folder.

mod attention;
mod audit;
mod audit_slot;
mod bulk;
mod export;
mod files;
mod impersonation;
mod keyring_entry;
mod links;
mod lock;
mod orphans;
mod profiles;
mod session;
mod sign_in;
mod sign_on;
mod support;
mod trusted_device;
mod users;
mod views;

pub use attention::{Attention, Notice};
pub use audit::KeyringKeeper;
pub use audit_slot::AuditSlot;
pub use files::{Files, SaveAs};
pub(crate) use profiles::checked_profile_settings;
pub use sign_on::SignOnStart;

use std::sync::Arc;

use authdesk_client::{AuthClient, ClientError};
use authdesk_protocol::{
    AdminIdentity, ApiError, AuditAction, ErrorCode, ImpersonationStarted, Permission, Profile,
    UserSummary,
};
use authdesk_vault::Vault;
use tokio::sync::RwLock;

use crate::settings::{Settings, SettingsStore};
use keyring_entry::StoredSession;

/// Cheap to clone: every clone is the same console (a backend task, such as the end of an
/// impersonation at its deadline, holds one).
#[derive(Clone)]
pub struct Console {
    settings: Arc<dyn SettingsStore>,
    vault: Arc<Vault>,
    audit: Arc<AuditSlot>,
    /// Used when no server was remembered yet (the demo points this at its sandbox).
    default_server: Option<String>,
    /// The signed-in session. Lock policy: no lock is held across a request or a keyring call.
    /// Commands take the read lock to clone what they need (clients are cheap handles), work
    /// without it, and take the write lock only to put a result in place, checking the `epoch`
    /// that it is still the session they started with. Sign-out takes the session out at once,
    /// so it never waits for anything.
    session: Arc<RwLock<Option<Active>>>,
    /// Set when this run must not open the saved session (started under remote control).
    restore_refused: bool,
    /// One impersonation start or stop at a time (two starts would make two sessions).
    impersonation_transition: Arc<tokio::sync::Mutex<()>>,
    /// One change of the keyring's index of saved sessions at a time.
    keyring_index: Arc<tokio::sync::Mutex<()>>,
    /// One load-change-save of the settings at a time, so two never undo each other.
    settings_edit: Arc<std::sync::Mutex<()>>,
    /// A password sign-in waiting for its second factor.
    pending_sign_in: Arc<tokio::sync::Mutex<Option<sign_in::PendingSignIn>>>,
    /// A single sign-on waiting for its window.
    pending_sign_on: Arc<tokio::sync::Mutex<Option<sign_on::PendingSignOn>>>,
    /// The bulk action planned, and the one running or last run.
    bulk: Arc<bulk::BulkDesk>,
    /// The export running, or the last one.
    exports: Arc<export::ExportDesk>,
    /// The users table's scan of a view with more conditions than the server takes.
    views: Arc<views::ScanDesk>,
    /// How to reach the admin outside the window, if the app can.
    attention: Option<Arc<dyn Attention>>,
    /// A link to a user, waiting until the window can open it.
    waiting_link: Arc<links::WaitingLink>,
    /// How to ask where an export goes, if the app can.
    files: Option<Arc<dyn Files>>,
    last_saved: files::LastSaved,
}

/// The signed-in session. `saved` is what the keyring holds, so it is written only on change.
struct Active {
    /// Which sign-in this is: a 401 ends the session only if it is still the one that got it.
    epoch: u64,
    client: AuthClient,
    /// Who is signed in, and to which profile.
    admin: AdminIdentity,
    /// The impersonation in progress, in a client of its own.
    acting: Option<Acting>,
    saved: Option<StoredSession>,
    /// When the admin last entered their password, and last used the console, in Unix seconds
    /// (see [`authdesk_protocol::lock`]). A restored session keeps the times it was saved with.
    proven_at: i64,
    used_at: std::sync::atomic::AtomicI64,
    /// The server's own user fields, once asked for.
    user_fields: Option<authdesk_protocol::UserFields>,
}

/// An impersonation in progress: the user's session in a client (and jar) of its own, so the
/// admin's client and cookies are never rewritten.
struct Acting {
    started: ImpersonationStarted,
    client: AuthClient,
    /// The backend task that ends the impersonation at its deadline, whatever the window does;
    /// cancelled when the impersonation is over, however it ends.
    deadline: Option<tokio::task::AbortHandle>,
}

impl Drop for Acting {
    fn drop(&mut self) {
        if let Some(deadline) = &self.deadline {
            deadline.abort();
        }
    }
}

impl Active {
    /// A fresh session as `user` on `profile`, who may do what `permissions` lists.
    fn new(
        client: AuthClient,
        user: UserSummary,
        profile: Profile,
        permissions: Vec<Permission>,
    ) -> Self {
        let admin = AdminIdentity {
            id: user.id,
            name: user.name,
            email: user.email,
            roles: user.roles,
            profile,
            keyring_notice: None,
            permissions,
        };
        Self {
            epoch: NEXT_EPOCH.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            client,
            admin,
            acting: None,
            saved: None,
            proven_at: lock::now(),
            used_at: lock::now().into(),
            user_fields: None,
        }
    }

    fn profile_id(&self) -> &str {
        &self.admin.profile.id
    }

    /// Whether this session may run `action` needing `needs` now: not while locked or
    /// impersonating, and only with a role that has them.
    fn admits(&self, action: Option<AuditAction>, needs: &[Permission]) -> Result<(), ApiError> {
        self.may(needs)?;
        self.open_for(action)?;
        refuse_while_impersonating(self)
    }
}

impl Console {
    pub fn new(
        settings: Box<dyn SettingsStore>,
        vault: Arc<Vault>,
        audit: AuditSlot,
        default_server: Option<String>,
    ) -> Self {
        Self {
            settings: Arc::from(settings),
            vault,
            audit: Arc::new(audit),
            default_server,
            session: Arc::new(RwLock::new(None)),
            restore_refused: false,
            impersonation_transition: Arc::default(),
            keyring_index: Arc::default(),
            settings_edit: Arc::default(),
            pending_sign_in: Arc::default(),
            pending_sign_on: Arc::default(),
            bulk: Arc::default(),
            exports: Arc::default(),
            views: Arc::default(),
            attention: None,
            waiting_link: Arc::default(),
            files: None,
            last_saved: files::LastSaved::default(),
        }
    }

    /// Loads the settings, changes them with `edit` and saves them, all while no other edit runs.
    /// Nothing is saved when `edit` fails.
    fn edit_settings<T, E>(
        &self,
        edit: impl FnOnce(&mut Settings) -> Result<T, E>,
    ) -> Result<T, E> {
        let _one_at_a_time = self
            .settings_edit
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut settings = self.settings.load();
        let answer = edit(&mut settings)?;
        self.settings.save(&settings);
        Ok(answer)
    }

    /// This console never opens the session saved in the keyring; the admin signs in instead.
    /// The saved session is left as it is, for a start that is not remote-controlled.
    pub fn without_restore(mut self) -> Self {
        self.restore_refused = true;
        self
    }

    /// Runs an admin operation with the signed-in client. Refused while locked or impersonating,
    /// and before any request when the account's role lacks `needs`; a 401 ends the session here
    /// too, so the UI asks for a new sign-in. Changes come through [`Console::change`], which
    /// records them; this is for reads.
    async fn as_admin<T, E: OperationError>(
        &self,
        needs: Permission,
        operation: impl AsyncFnOnce(AuthClient) -> Result<T, E>,
    ) -> Result<T, ApiError> {
        self.as_admin_for(None, &[needs], operation).await
    }

    /// [`Console::as_admin`] for a change: `action` says whether it needs a recent password.
    async fn as_admin_for<T, E: OperationError>(
        &self,
        action: Option<AuditAction>,
        needs: &[Permission],
        operation: impl AsyncFnOnce(AuthClient) -> Result<T, E>,
    ) -> Result<T, ApiError> {
        let (client, epoch) = {
            let guard = self.session.read().await;
            let active = guard.as_ref().ok_or_else(not_signed_in)?;
            active.admits(action, needs)?;
            (active.client.clone(), active.epoch)
        };
        let result = operation(client).await.map_err(Into::into);
        if action.is_some() {
            self.views.changed();
        }
        match result {
            Err(error) if error.ends_session() => {
                self.forget_session(epoch).await;
                Err(error)
            }
            Err(error) if error.code == ErrorCode::Forbidden => {
                // The role may have changed on the server since sign-in: learn it again.
                self.refresh_permissions(epoch).await;
                Err(error)
            }
            result => result,
        }
    }

    /// Refuses, before any request, what [`Self::as_admin_for`] would refuse for `needs`:
    /// signed out, locked, impersonating, or a role without them.
    async fn may_now(&self, needs: &[Permission]) -> Result<(), ApiError> {
        let guard = self.session.read().await;
        guard
            .as_ref()
            .ok_or_else(not_signed_in)?
            .admits(None, needs)
    }

    /// Asks the server again what session `epoch`'s account may do.
    async fn refresh_permissions(&self, epoch: u64) {
        let client = match self.session.read().await.as_ref() {
            Some(active) if active.epoch == epoch => active.client.clone(),
            _ => return,
        };
        // Unreachable just now: keep what was known.
        let Ok(permissions) = permissions_of(&client).await else {
            return;
        };
        if let Some(active) = self.session.write().await.as_mut()
            && active.epoch == epoch
        {
            active.admin.permissions = permissions;
        }
    }

    /// The server no longer knows session `epoch`: forget it here and in the keyring, and end
    /// its impersonation, if any, which nothing would end any more. Only that session: a
    /// sign-in meanwhile is another one.
    async fn forget_session(&self, epoch: u64) {
        let forgotten = {
            let mut guard = self.session.write().await;
            match guard.as_ref() {
                Some(active) if active.epoch == epoch => guard.take(),
                _ => None,
            }
        };
        let Some(active) = forgotten else {
            return;
        };
        self.views.forget();
        self.forget_saved(active.profile_id()).await;
        if let Some(acting) = &active.acting {
            session::end_quietly(&acting.client).await;
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

/// What the signed-in account may do, one `has-permission` each (the server answers one boolean
/// for a whole set), asked side by side. One the server refuses to answer (a statement an older
/// server does not know) counts as lacking; a server that cannot be reached is an error, not an
/// account without rights. Sign-in and restore check `user:list` in it: no admin rights, no
/// console.
async fn permissions_of(client: &AuthClient) -> Result<Vec<Permission>, ClientError> {
    let mut probes = tokio::task::JoinSet::new();
    for permission in Permission::ALL {
        let client = client.clone();
        probes.spawn(async move {
            let (resource, action) = permission.statement();
            match client.has_permission(resource, &[action]).await {
                Ok(held) => Ok(held.then_some(permission)),
                Err(ClientError::Refused(_)) => Ok(None),
                Err(error) => Err(error),
            }
        });
    }
    let answers = probes.join_all().await;
    let mut held = answers
        .into_iter()
        .filter_map(Result::transpose)
        .collect::<Result<Vec<_>, _>>()?;
    held.sort_unstable();
    Ok(held)
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
    match active.acting.as_ref().map(|acting| &acting.started) {
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
