//! The audit log as the console holds it: opened on a thread of its own while the window starts,
//! because opening reads its key and its last entry from the keyring, and on Linux the window's
//! page is served from the thread that would otherwise wait for those calls. Its first use waits
//! for the opening (long finished by then); a log that could not be opened refuses every use.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread::JoinHandle;

use authdesk_audit::{AuditError, AuditLog, SecretKeeper};
use authdesk_protocol::{ApiError, ErrorCode};

pub struct AuditSlot {
    path: PathBuf,
    opening: Mutex<Option<JoinHandle<Result<AuditLog, AuditError>>>>,
    opened: OnceLock<Result<AuditLog, String>>,
}

impl AuditSlot {
    /// Starts opening the log at `path` beside the caller.
    pub fn opening(path: PathBuf, keeper: Arc<dyn SecretKeeper>) -> Self {
        let opening = std::thread::Builder::new()
            .name("audit-open".into())
            .spawn({
                let path = path.clone();
                move || AuditLog::open(path, keeper)
            })
            .ok();
        Self {
            path,
            opening: Mutex::new(opening),
            opened: OnceLock::new(),
        }
    }

    /// The open log, once its opening has finished; why it could not be opened otherwise.
    pub(super) fn log(&self) -> Result<&AuditLog, ApiError> {
        self.opened
            .get_or_init(|| {
                let handle = self
                    .opening
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                match handle.map(JoinHandle::join) {
                    Some(Ok(opened)) => opened.map_err(|error| error.to_string()),
                    Some(Err(_)) => Err("opening it stopped unexpectedly".into()),
                    None => Err("no thread could be started to open it".into()),
                }
                .inspect_err(|error| tracing::error!(%error, "the audit log could not be opened"))
            })
            .as_ref()
            .map_err(|error| {
                ApiError::new(
                    ErrorCode::Internal,
                    format!(
                        "The audit log could not be opened ({error}), so Authdesk makes no \
                         change. Check the disk space and the app's data folder, then start \
                         Authdesk again."
                    ),
                )
            })
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }
}
