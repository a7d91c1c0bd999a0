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
    /// `ban`, `set-roles`, `impersonate`, ...
    pub action: String,
    /// The user acted on, by email or id.
    pub target: Option<String>,
    /// Reason, duration, roles: never a secret.
    pub detail: Option<String>,
    pub outcome: AuditOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "camelCase")]
pub enum AuditOutcome {
    Succeeded,
    Failed { message: String },
}

/// Whether every line still follows from the one before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "camelCase")]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AuditExportFormat {
    JsonLines,
    Csv,
}
