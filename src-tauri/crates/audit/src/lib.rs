//! The audit trail: every admin change and impersonation, appended to a file in the app's data
//! folder as one JSON line. Each line carries the seal of the line before it, made with a key
//! that only the keyring holds (HMAC-SHA-256), and the keyring also holds the last entry
//! written. So an edited, inserted or removed line, a truncated file and a deleted one are all
//! reported by [`AuditLog::read`], even by someone who rewrites every line. No secret is ever
//! written to the file: entries name people by email and actions by name.
//!
//! A log on the admin's own computer cannot bind the admin who owns that computer and its
//! keyring; the auth server's own logs remain the record of truth.

mod chain;
mod export;
mod head;
mod stored;

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use authdesk_protocol::{AuditChain, AuditExportFormat, AuditOutcome, AuditRecord};
use time::OffsetDateTime;

use chain::{last_line_of, read_chain};
use head::{Head, HeadKeeper};
use stored::{GENESIS, Line, SealKey, StoredRecord, digest, seal};

pub use export::inert;

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("the audit log could not be written: {0}")]
    Io(#[from] std::io::Error),
}

/// Where the log keeps what its file must not hold: its key and the last entry written. The
/// app keeps them in the OS keyring.
pub trait SecretKeeper: Send + Sync {
    fn load(&self, name: &str) -> Result<Option<String>, String>;
    fn save(&self, name: &str, secret: &str) -> Result<(), String>;
}

const KEY_NAME: &str = "audit-key";
/// The action of the entry that says a torn last line was removed.
pub const RECOVERED_ACTION: &str = "recover-log";

/// What happened, before it is numbered and chained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub admin: String,
    pub action: String,
    pub target: Option<String>,
    pub detail: Option<String>,
    pub outcome: AuditOutcome,
}

pub struct AuditLog {
    path: PathBuf,
    /// `None` when the keyring could not give a key: lines are then chained but not sealed.
    key: Option<SealKey>,
    /// This file's last entry in the keyring; `None` with no key, as nothing is sealed then.
    head: Option<HeadKeeper>,
    /// One append at a time in this process; other processes are kept out by a file lock.
    appending: Mutex<()>,
}

impl AuditLog {
    /// Opens (or starts) the log at `path`. A last line left half-written by a crash is removed,
    /// and an entry says so.
    pub fn open(
        path: impl Into<PathBuf>,
        keeper: Arc<dyn SecretKeeper>,
    ) -> Result<Self, AuditError> {
        let path = path.into();
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let key = installation_key(keeper.as_ref());
        let head_name = format!("audit-head-{}", &digest(&path.display().to_string())[..16]);
        let log = Self {
            head: key.is_some().then(|| HeadKeeper::new(keeper, head_name)),
            path,
            key,
            appending: Mutex::new(()),
        };
        let removed = log.remove_torn_tail()?;
        if log.head().is_none()
            && let (_, _, Some(last)) = read_chain(&log.path, log.key.as_ref())?
        {
            // A log from before heads were kept: anchor it as it is now.
            log.save_head(last);
        }
        if let Some(bytes) = removed {
            log.append(AuditEvent {
                admin: "Authdesk".into(),
                action: RECOVERED_ACTION.into(),
                target: None,
                detail: Some(format!(
                    "removed an unfinished last line of {bytes} bytes, left by an interrupted write"
                )),
                outcome: AuditOutcome::Succeeded,
            })?;
        }
        Ok(log)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether an entry can be written now. Checked before a change is made, so that a change
    /// whose entry could not be written is not made at all.
    pub fn check_writable(&self) -> Result<(), AuditError> {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        Ok(())
    }

    pub fn append(&self, event: AuditEvent) -> Result<AuditRecord, AuditError> {
        let _one_at_a_time = self.appending.lock().expect("audit lock");
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&self.path)?;
        // Another Authdesk may write the same file: the tail is read under the lock.
        file.lock()?;
        let (seq, prev) = last_line_of(&mut file)?
            .map_or((0, GENESIS.to_owned()), |line| (line.record.seq, line.hash));
        let record = StoredRecord {
            seq: seq + 1,
            at: OffsetDateTime::now_utc(),
            admin: event.admin,
            action: event.action,
            target: event.target,
            detail: event.detail,
            outcome: event.outcome.into(),
        };
        let hash = seal(self.key.as_ref(), &prev, &record);
        let line = Line {
            record: record.clone(),
            prev,
            hash: hash.clone(),
            sealed: self.key.is_some(),
        };
        writeln!(
            file,
            "{}",
            serde_json::to_string(&line).expect("a line serialises")
        )?;
        file.sync_data()?;
        self.save_head(Head {
            seq: record.seq,
            hash,
        });
        Ok(record.into())
    }

    /// Every record in order, and whether the chain holds: each line follows the one before
    /// it, each seal is this installation's, and the file ends at the entry written last.
    pub fn read(&self) -> Result<(Vec<AuditRecord>, AuditChain), AuditError> {
        let (lines, chain) = self.read_lines()?;
        let records = lines.into_iter().map(|line| line.record.into()).collect();
        Ok((records, chain))
    }

    /// The whole log as a file for auditors, with its chain, and the chain's verdict now. A JSON
    /// lines export is checked by [`AuditLog::verify_export`].
    pub fn export(&self, format: AuditExportFormat) -> Result<(String, AuditChain), AuditError> {
        let (lines, chain) = self.read_lines()?;
        let text = match format {
            AuditExportFormat::JsonLines => export::to_json_lines(&lines),
            AuditExportFormat::Csv => export::to_csv(&lines),
        };
        Ok((text, chain))
    }

    /// Whether a JSON lines export is whole and unchanged: every line sealed by this
    /// installation and following the one before it, from the first entry on. (Only this
    /// installation holds the key; elsewhere an export can be matched against its CSV seals.)
    pub fn verify_export(&self, path: &Path) -> Result<AuditChain, AuditError> {
        // A missing file is an error here, not an empty log.
        File::open(path)?;
        let (lines, chain, _) = read_chain(path, self.key.as_ref())?;
        let reason = match chain {
            AuditChain::Intact { .. } if lines.is_empty() => {
                "is missing: the file holds no entries"
            }
            AuditChain::Intact { .. } if !lines.iter().any(|line| line.sealed) => {
                "is not sealed (no keyring gave the log a key), so it cannot be told from a forgery"
            }
            chain => return Ok(chain),
        };
        Ok(AuditChain::Broken {
            line: 1,
            reason: reason.into(),
        })
    }

    fn read_lines(&self) -> Result<(Vec<Line>, AuditChain), AuditError> {
        let (lines, chain, last) = read_chain(&self.path, self.key.as_ref())?;
        if matches!(chain, AuditChain::Broken { .. }) {
            return Ok((lines, chain));
        }
        let Some(head) = self.head() else {
            return Ok((lines, chain));
        };
        let broken = |line: u64, reason: String| AuditChain::Broken { line, reason };
        let chain = match last {
            None if head.seq > 0 => broken(
                1,
                format!(
                    "is missing: the audit log was deleted or emptied, but {} entries were written",
                    head.seq
                ),
            ),
            Some(last) if last.seq < head.seq => broken(
                last.seq + 1,
                format!(
                    "is missing: the log ends at entry {}, but {} were written (entries were \
                     removed from its end)",
                    last.seq, head.seq
                ),
            ),
            Some(last) if last.seq == head.seq && last.hash != head.hash => broken(
                last.seq,
                "is not the entry written last: the file was replaced".into(),
            ),
            _ => chain,
        };
        Ok((lines, chain))
    }

    fn head(&self) -> Option<Head> {
        self.head.as_ref()?.load()
    }

    fn save_head(&self, head: Head) {
        if let Some(keeper) = &self.head {
            keeper.hand_over(head);
        }
    }

    /// Waits until the keyring holds the entry appended last: an append returns once its line
    /// is on disk, and the keyring, tens of milliseconds slower, follows on a thread of its own.
    pub fn settle(&self) {
        if let Some(keeper) = &self.head {
            keeper.settle();
        }
    }

    /// Cuts a last line that a crash left half-written; answers with how many bytes it held.
    fn remove_torn_tail(&self) -> Result<Option<usize>, AuditError> {
        let mut text = match std::fs::read(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error.into()),
        };
        while text.last() == Some(&b'\n') {
            text.pop();
        }
        let start = text
            .iter()
            .rposition(|byte| *byte == b'\n')
            .map_or(0, |at| at + 1);
        let last = &text[start..];
        if last.is_empty() || serde_json::from_slice::<Line>(last).is_ok() {
            return Ok(None);
        }
        let file = OpenOptions::new().write(true).open(&self.path)?;
        file.set_len(start as u64)?;
        file.sync_data()?;
        tracing::warn!(
            bytes = last.len(),
            "removed a torn last line from the audit log"
        );
        Ok(Some(last.len()))
    }
}

/// The key in the keyring, made on first use. Without a keyring the log is chained only.
fn installation_key(keeper: &dyn SecretKeeper) -> Option<SealKey> {
    match keeper.load(KEY_NAME) {
        Ok(Some(secret)) => {
            let key = SealKey::from_secret(&secret);
            if key.is_none() {
                tracing::error!("the audit key in the keyring is not readable");
            }
            key
        }
        Ok(None) => {
            let key = SealKey::generate().ok()?;
            if let Err(error) = keeper.save(KEY_NAME, &key.to_secret()) {
                tracing::warn!(%error, "no keyring for the audit key: the log is not sealed");
                return None;
            }
            // Two first starts at once: both use whichever key the keyring kept.
            let kept = keeper.load(KEY_NAME).ok()??;
            SealKey::from_secret(&kept)
        }
        Err(error) => {
            tracing::warn!(%error, "no keyring for the audit key: the log is not sealed");
            None
        }
    }
}

#[cfg(test)]
mod tests;
