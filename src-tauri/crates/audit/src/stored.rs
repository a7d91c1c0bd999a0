//! The audit line as the file holds it and as its seal covers it. Its own types, not the IPC DTO
//! `AuditRecord`, so renaming a field for the window cannot break the chain of old logs: the
//! field names and their order here are frozen (the golden-line test holds them).

use authdesk_protocol::{AuditOutcome, AuditRecord};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// What the first line chains to.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StoredRecord {
    pub seq: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub admin: String,
    pub action: String,
    pub target: Option<String>,
    pub detail: Option<String>,
    pub outcome: StoredOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "camelCase")]
pub(crate) enum StoredOutcome {
    Succeeded,
    Failed { message: String },
}

impl From<AuditOutcome> for StoredOutcome {
    fn from(outcome: AuditOutcome) -> Self {
        match outcome {
            AuditOutcome::Succeeded => Self::Succeeded,
            AuditOutcome::Failed { message } => Self::Failed { message },
        }
    }
}

impl From<StoredRecord> for AuditRecord {
    fn from(stored: StoredRecord) -> Self {
        Self {
            seq: stored.seq,
            at: stored.at,
            admin: stored.admin,
            action: stored.action,
            target: stored.target,
            detail: stored.detail,
            outcome: match stored.outcome {
                StoredOutcome::Succeeded => AuditOutcome::Succeeded,
                StoredOutcome::Failed { message } => AuditOutcome::Failed { message },
            },
        }
    }
}

/// One line of the file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Line {
    #[serde(flatten)]
    pub record: StoredRecord,
    pub prev: String,
    pub hash: String,
    /// Sealed with this installation's key (HMAC-SHA-256). Lines written before keys existed
    /// (Authdesk 0.1) carry a plain SHA-256 and may only come before the first sealed one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sealed: bool,
}

/// The installation's secret key for sealing lines.
#[derive(Clone)]
pub struct SealKey([u8; 32]);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(<redacted>)")
    }
}

impl SealKey {
    pub(crate) fn generate() -> Result<Self, getrandom::Error> {
        let mut key = [0; 32];
        getrandom::fill(&mut key)?;
        Ok(Self(key))
    }

    pub(crate) fn from_secret(secret: &str) -> Option<Self> {
        let bytes = (0..secret.len())
            .step_by(2)
            .map(|index| u8::from_str_radix(secret.get(index..index + 2)?, 16).ok())
            .collect::<Option<Vec<u8>>>()?;
        Some(Self(bytes.try_into().ok()?))
    }

    pub(crate) fn to_secret(&self) -> String {
        hex(&self.0)
    }
}

/// The seal of a line: the hash of the line before and this record.
pub(crate) fn seal(key: Option<&SealKey>, previous: &str, record: &StoredRecord) -> String {
    let json = serde_json::to_vec(record).expect("a record serialises");
    match key {
        Some(SealKey(key)) => {
            let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
            mac.update(previous.as_bytes());
            mac.update(&json);
            hex(&mac.finalize().into_bytes())
        }
        None => {
            let mut hasher = Sha256::new();
            hasher.update(previous.as_bytes());
            hasher.update(json);
            hex(&hasher.finalize())
        }
    }
}

/// The SHA-256 of `text`, in hex.
pub(crate) fn digest(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line as Authdesk 0.1 wrote it. Its hash must verify forever, whatever the IPC types
    /// become.
    #[test]
    fn a_line_written_by_the_first_version_still_verifies() {
        let line = r#"{"seq":1,"at":"2026-11-28T12:00:00Z","admin":"ada@authdesk.test","action":"ban","target":"a@x.io","detail":"reason: Spam","outcome":{"result":"failed","message":"No such user"},"prev":"0000000000000000000000000000000000000000000000000000000000000000","hash":"53aa0f01762e2cf80bd96373cba3196e66e5b0f36c1569114f3f3e24c79b8eb8"}"#;
        let parsed: Line = serde_json::from_str(line).unwrap();
        assert!(!parsed.sealed);
        assert_eq!(seal(None, &parsed.prev, &parsed.record), parsed.hash);
    }

    #[test]
    fn a_sealed_line_needs_the_key() {
        let line = r#"{"seq":1,"at":"2026-11-28T12:00:00Z","admin":"a","action":"ban","target":null,"detail":null,"outcome":{"result":"succeeded"},"prev":"0","hash":"x"}"#;
        let record = serde_json::from_str::<Line>(line).unwrap().record;
        let key = SealKey::generate().unwrap();
        let other = SealKey::generate().unwrap();
        let sealed = seal(Some(&key), GENESIS, &record);
        assert_ne!(sealed, seal(Some(&other), GENESIS, &record));
        assert_ne!(sealed, seal(None, GENESIS, &record));
        let back = SealKey::from_secret(&key.to_secret()).unwrap();
        assert_eq!(seal(Some(&back), GENESIS, &record), sealed);
        assert!(SealKey::from_secret("not hex").is_none());
        assert!(!format!("{key:?}").contains(&key.to_secret()));
    }
}
