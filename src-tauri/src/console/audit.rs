//! The audit trail: the one place that writes it, and reading and exporting it. Every change to
//! a user is an [`AuditEntry`] passed to [`Console::change`] (or, for the impersonation steps
//! that hold the session lock, to [`Console::record`]), so the entry cannot be forgotten.

use authdesk_audit::{AuditEvent, SecretKeeper};
use authdesk_client::AuthClient;
use authdesk_protocol::{
    ApiError, AuditAction, AuditChain, AuditExportFormat, AuditOutcome, AuditView, ErrorCode,
    Field, ImpersonationStarted, Permission, UserSummary, checks,
};
use authdesk_vault::Vault;

use std::io::Write;
use std::path::{Path, PathBuf};

use super::files::{SaveAs, Writing, could_not_write};
use super::{Console, OperationError};

/// What an audit line says of a change before it is known how it ended.
pub(super) struct AuditEntry {
    pub action: AuditAction,
    /// The user acted on, by id or email; replaced by the email the server answered with.
    pub target: Option<String>,
    pub detail: Option<String>,
    /// What the account's role must allow: the action's own needs, and any this change adds.
    pub needs: Vec<Permission>,
}

impl AuditEntry {
    pub fn new(action: AuditAction, target: impl Into<String>) -> Self {
        Self {
            action,
            target: Some(target.into()),
            detail: None,
            needs: action.needs().to_vec(),
        }
    }

    /// A batch's own line: what it was and how it ended (each user's change has its own).
    pub fn batch(detail: String) -> Self {
        Self {
            action: AuditAction::Bulk,
            target: None,
            detail: Some(detail),
            needs: Vec::new(),
        }
    }

    /// An export's line: how many users of which profile, and where they went.
    pub fn export(detail: String) -> Self {
        Self {
            action: AuditAction::ExportUsers,
            target: None,
            detail: Some(detail),
            needs: AuditAction::ExportUsers.needs().to_vec(),
        }
    }

    /// This change also needs `permission` (an update that changes the email, say).
    pub fn also_needs(mut self, permission: Permission) -> Self {
        self.needs.push(permission);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// Whom a command's answer names, so the audit line shows an email rather than an id.
pub(super) trait NamesUser {
    fn user_email(&self) -> Option<&str>;
}

impl NamesUser for () {
    fn user_email(&self) -> Option<&str> {
        None
    }
}

impl NamesUser for UserSummary {
    fn user_email(&self) -> Option<&str> {
        Some(&self.email)
    }
}

impl NamesUser for ImpersonationStarted {
    fn user_email(&self) -> Option<&str> {
        Some(&self.user.email)
    }
}

impl Console {
    /// Runs an admin change with the signed-in client (as [`Console::as_admin`]) and records it
    /// with how it ended. The one way to change a user.
    pub(super) async fn change<T: NamesUser, E: OperationError>(
        &self,
        entry: AuditEntry,
        operation: impl AsyncFnOnce(AuthClient) -> Result<T, E>,
    ) -> Result<T, ApiError> {
        self.change_described(entry, |_| None, operation).await
    }

    /// [`Console::change`], with the detail of a change that succeeded taken from the server's
    /// answer (what it did, rather than what was asked) where `describe` gives one.
    pub(super) async fn change_described<T: NamesUser, E: OperationError>(
        &self,
        mut entry: AuditEntry,
        describe: impl FnOnce(&T) -> Option<String>,
        operation: impl AsyncFnOnce(AuthClient) -> Result<T, E>,
    ) -> Result<T, ApiError> {
        self.audit_writable()?;
        let admin = self.admin_email().await;
        let result = self
            .as_admin_for(Some(entry.action), &entry.needs, operation)
            .await;
        if let Some(detail) = result.as_ref().ok().and_then(describe) {
            entry.detail = Some(detail);
        }
        if let Some(admin) = admin {
            self.record(&admin, entry, &result);
        }
        result
    }

    /// Refuses a change whose audit entry could not be written: no change goes unrecorded.
    pub(super) fn audit_writable(&self) -> Result<(), ApiError> {
        self.audit.log()?.check_writable().map_err(|error| {
            tracing::error!(%error, "the audit log cannot be written; refusing a change");
            ApiError::new(
                ErrorCode::Internal,
                format!(
                    "The audit log cannot be written ({error}), so Authdesk makes no change. \
                     Check the disk space and the app's data folder."
                ),
            )
        })
    }

    /// Appends what `admin` did, and how it ended, to the audit trail, and waits until the
    /// keyring holds it as the last entry.
    pub(super) fn record<T: NamesUser>(
        &self,
        admin: &str,
        entry: AuditEntry,
        result: &Result<T, ApiError>,
    ) {
        self.record_in_batch(admin, entry, result);
        if let Ok(log) = self.audit.log() {
            log.settle();
        }
    }

    /// [`Self::record`] for one user of a batch: the keyring catches up with a burst of entries
    /// on its own, and the batch's own line, recorded at its end, waits for them all.
    pub(super) fn record_in_batch<T: NamesUser>(
        &self,
        admin: &str,
        entry: AuditEntry,
        result: &Result<T, ApiError>,
    ) {
        let (outcome, named) = match result {
            Ok(answer) => (AuditOutcome::Succeeded, answer.user_email()),
            Err(error) => (
                AuditOutcome::Failed {
                    message: error.message.clone(),
                },
                None,
            ),
        };
        let event = AuditEvent {
            admin: admin.to_owned(),
            action: entry.action.name().to_owned(),
            target: named.map(str::to_owned).or(entry.target),
            detail: entry.detail,
            outcome,
        };
        match self.audit.log() {
            Ok(log) => {
                if let Err(error) = log.append(event) {
                    tracing::error!(%error, "could not append to the audit log");
                }
            }
            Err(error) => tracing::error!(%error.message, "no audit log to append to"),
        }
    }

    /// The whole audit trail and whether its chain holds. Read off the async threads: the file
    /// only grows.
    pub async fn audit_log(&self) -> Result<AuditView, ApiError> {
        self.unless_locked().await?;
        let console = self.clone();
        off_the_async_threads(move || console.read_audit_log()).await
    }

    fn read_audit_log(&self) -> Result<AuditView, ApiError> {
        let (records, chain) = self.audit.log()?.read().map_err(audit_error)?;
        Ok(AuditView {
            records,
            chain,
            path: self.audit.path().display().to_string(),
        })
    }

    /// Writes the audit trail as JSON lines or CSV into the file the admin chooses in the save
    /// dialog; answers with its path, or none when they cancelled.
    pub async fn export_audit(
        &self,
        format: AuditExportFormat,
    ) -> Result<Option<String>, ApiError> {
        self.unless_locked().await?;
        let request = SaveAs::dated(
            "Export the audit log",
            "audit",
            (format.name(), format.extension()),
        );
        let Some(path) = self.ask_where_to_save(request).await? else {
            return Ok(None);
        };
        let console = self.clone();
        off_the_async_threads(move || console.write_export(format, &path))
            .await
            .map(Some)
    }

    fn write_export(&self, format: AuditExportFormat, path: &Path) -> Result<String, ApiError> {
        let (text, chain) = self.audit.log()?.export(format).map_err(audit_error)?;
        let (writing, mut file) = Writing::start(path)?;
        let written = file
            .write_all(text.as_bytes())
            .and_then(|()| file.sync_all());
        drop(file);
        if let Err(error) = written {
            writing.abandon();
            return Err(could_not_write(path, &error));
        }
        let path = writing.finish()?;
        if let AuditChain::Broken { line, .. } = chain {
            tracing::warn!(line, "exported an audit log whose chain is broken");
        }
        self.saved(&path);
        Ok(path.display().to_string())
    }
}

impl Console {
    /// Whether an exported JSON lines file is whole and as this installation wrote it.
    pub async fn verify_audit_export(&self, path: String) -> Result<AuditChain, ApiError> {
        self.unless_locked().await?;
        let path = PathBuf::from(checks::check_file_path(&path)?);
        let console = self.clone();
        off_the_async_threads(move || {
            console.audit.log()?.verify_export(&path).map_err(|error| {
                ApiError::new(
                    ErrorCode::NotFound,
                    format!("Could not read {}: {error}.", path.display()),
                )
                .at_field(Field::Path)
            })
        })
        .await
    }
}

/// File work that may take a while, run where it blocks no command and no window.
async fn off_the_async_threads<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|error| Err(ApiError::new(ErrorCode::Internal, error.to_string())))
}

/// The audit log's key and last entry, kept in the OS keyring beside the sessions. The log calls
/// it on the spot (opening, after each append), so a keyring that does not answer is waited for
/// once, then left alone: the log goes on unanchored rather than holding every change.
pub struct KeyringKeeper {
    vault: std::sync::Arc<Vault>,
    gave_up: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl KeyringKeeper {
    pub fn new(vault: std::sync::Arc<Vault>) -> Self {
        Self {
            vault,
            gave_up: std::sync::Arc::default(),
        }
    }

    fn call<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Vault) -> Result<T, authdesk_vault::VaultError> + Send + 'static,
    ) -> Result<T, String> {
        use std::sync::atomic::Ordering;
        if self.gave_up.load(Ordering::Relaxed) {
            return Err("the keyring did not answer earlier".into());
        }
        let (answer, answered) = std::sync::mpsc::channel();
        let vault = std::sync::Arc::clone(&self.vault);
        std::thread::spawn(move || {
            let _ = answer.send(work(&vault).map_err(|error| error.to_string()));
        });
        answered
            .recv_timeout(super::keyring_entry::KEYRING_WAIT)
            .unwrap_or_else(|_| {
                self.gave_up.store(true, Ordering::Relaxed);
                Err("the keyring did not answer in time".into())
            })
    }
}

impl SecretKeeper for KeyringKeeper {
    fn load(&self, name: &str) -> Result<Option<String>, String> {
        let name = name.to_owned();
        self.call(move |vault| vault.load(&name))
    }

    fn save(&self, name: &str, secret: &str) -> Result<(), String> {
        let (name, secret) = (name.to_owned(), secret.to_owned());
        self.call(move |vault| vault.save(&name, &secret))
    }
}

fn audit_error(error: authdesk_audit::AuditError) -> ApiError {
    ApiError::new(ErrorCode::Internal, error.to_string())
}
