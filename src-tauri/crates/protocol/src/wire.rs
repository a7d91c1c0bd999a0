//! Reading the internally tagged enums (`{"state": "until", "expiresAt": …}`) in one pass.
//!
//! Serde reads an internally tagged enum by first copying the whole object into a buffer of its
//! own (`Content`), then reading the variant from that copy: for every such enum and every field
//! type in it, the UI's wasm carried a second deserializer. Each enum here is read instead
//! through a plain struct of its tag and every variant's fields (`#[serde(try_from = …)]`),
//! which accepts the same JSON (the audit log and saved views keep their format); writing stays
//! serde's own. The shipped wasm is 40 KB smaller for it.

use std::fmt;

use serde::Deserialize;
use time::OffsetDateTime;

use crate::{
    AuditChain, AuditOutcome, BanLength, BanRequest, BanState, BulkAction, BulkKind, BulkResult,
    ExportState, ViewCondition,
};

/// A variant's field the JSON left out, refused as serde would refuse it.
#[derive(Debug)]
pub(crate) struct MissingField(&'static str);

impl fmt::Display for MissingField {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "missing field `{}`", self.0)
    }
}

/// `value`, or the error naming `field` (its JSON key).
fn required<T>(value: Option<T>, field: &'static str) -> Result<T, MissingField> {
    value.ok_or(MissingField(field))
}

/// [`BanLength`] as its JSON reads.
#[derive(Deserialize)]
pub(crate) struct BanLengthFields {
    kind: BanLengthTag,
    seconds: Option<u64>,
}

#[derive(Clone, Copy)]
enum BanLengthTag {
    Permanent,
    Timed,
}

wire_names!(BanLengthTag {
    Permanent = "permanent",
    Timed = "timed",
});

impl TryFrom<BanLengthFields> for BanLength {
    type Error = MissingField;

    fn try_from(read: BanLengthFields) -> Result<Self, MissingField> {
        Ok(match read.kind {
            BanLengthTag::Permanent => Self::Permanent,
            BanLengthTag::Timed => Self::Timed {
                seconds: required(read.seconds, "seconds")?,
            },
        })
    }
}

/// [`BanState`] as its JSON reads.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BanStateFields {
    state: BanStateTag,
    reason: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    expires_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    expired_at: Option<OffsetDateTime>,
}

#[derive(Clone, Copy)]
enum BanStateTag {
    NotBanned,
    Permanent,
    Until,
    Lapsed,
}

wire_names!(BanStateTag {
    NotBanned = "notBanned",
    Permanent = "permanent",
    Until = "until",
    Lapsed = "lapsed",
});

impl TryFrom<BanStateFields> for BanState {
    type Error = MissingField;

    fn try_from(read: BanStateFields) -> Result<Self, MissingField> {
        let reason = read.reason;
        Ok(match read.state {
            BanStateTag::NotBanned => Self::NotBanned,
            BanStateTag::Permanent => Self::Permanent { reason },
            BanStateTag::Until => Self::Until {
                reason,
                expires_at: required(read.expires_at, "expiresAt")?,
            },
            BanStateTag::Lapsed => Self::Lapsed {
                reason,
                expired_at: required(read.expired_at, "expiredAt")?,
            },
        })
    }
}

/// [`AuditOutcome`] as its JSON reads.
#[derive(Deserialize)]
pub(crate) struct AuditOutcomeFields {
    result: AuditOutcomeTag,
    message: Option<String>,
}

#[derive(Clone, Copy)]
enum AuditOutcomeTag {
    Succeeded,
    Failed,
}

wire_names!(AuditOutcomeTag {
    Succeeded = "succeeded",
    Failed = "failed",
});

impl TryFrom<AuditOutcomeFields> for AuditOutcome {
    type Error = MissingField;

    fn try_from(read: AuditOutcomeFields) -> Result<Self, MissingField> {
        Ok(match read.result {
            AuditOutcomeTag::Succeeded => Self::Succeeded,
            AuditOutcomeTag::Failed => Self::Failed {
                message: required(read.message, "message")?,
            },
        })
    }
}

/// [`AuditChain`] as its JSON reads.
#[derive(Deserialize)]
pub(crate) struct AuditChainFields {
    state: AuditChainTag,
    entries: Option<u64>,
    line: Option<u64>,
    reason: Option<String>,
}

#[derive(Clone, Copy)]
enum AuditChainTag {
    Intact,
    Broken,
}

wire_names!(AuditChainTag {
    Intact = "intact",
    Broken = "broken",
});

impl TryFrom<AuditChainFields> for AuditChain {
    type Error = MissingField;

    fn try_from(read: AuditChainFields) -> Result<Self, MissingField> {
        Ok(match read.state {
            AuditChainTag::Intact => Self::Intact {
                entries: required(read.entries, "entries")?,
            },
            AuditChainTag::Broken => Self::Broken {
                line: required(read.line, "line")?,
                reason: required(read.reason, "reason")?,
            },
        })
    }
}

/// [`BulkAction`] as its JSON reads.
#[derive(Deserialize)]
pub(crate) struct BulkActionFields {
    kind: BulkKind,
    ban: Option<BanRequest>,
    role: Option<String>,
}

impl TryFrom<BulkActionFields> for BulkAction {
    type Error = MissingField;

    fn try_from(read: BulkActionFields) -> Result<Self, MissingField> {
        Ok(match read.kind {
            BulkKind::Ban => Self::Ban {
                ban: required(read.ban, "ban")?,
            },
            BulkKind::Unban => Self::Unban,
            BulkKind::RevokeSessions => Self::RevokeSessions,
            BulkKind::AddRole => Self::AddRole {
                role: required(read.role, "role")?,
            },
            BulkKind::RemoveRole => Self::RemoveRole {
                role: required(read.role, "role")?,
            },
            BulkKind::Delete => Self::Delete,
        })
    }
}

/// [`BulkResult`] as its JSON reads.
#[derive(Deserialize)]
pub(crate) struct BulkResultFields {
    state: BulkResultTag,
    reason: Option<String>,
}

#[derive(Clone, Copy)]
enum BulkResultTag {
    Waiting,
    Done,
    Skipped,
    Failed,
    NotDone,
}

wire_names!(BulkResultTag {
    Waiting = "waiting",
    Done = "done",
    Skipped = "skipped",
    Failed = "failed",
    NotDone = "notDone",
});

impl TryFrom<BulkResultFields> for BulkResult {
    type Error = MissingField;

    fn try_from(read: BulkResultFields) -> Result<Self, MissingField> {
        Ok(match read.state {
            BulkResultTag::Waiting => Self::Waiting,
            BulkResultTag::Done => Self::Done,
            BulkResultTag::Skipped => Self::Skipped {
                reason: required(read.reason, "reason")?,
            },
            BulkResultTag::Failed => Self::Failed {
                reason: required(read.reason, "reason")?,
            },
            BulkResultTag::NotDone => Self::NotDone,
        })
    }
}

/// [`ExportState`] as its JSON reads.
#[derive(Deserialize)]
pub(crate) struct ExportStateFields {
    state: ExportStateTag,
    message: Option<String>,
}

#[derive(Clone, Copy)]
enum ExportStateTag {
    Running,
    Finished,
    Cancelled,
    Failed,
}

wire_names!(ExportStateTag {
    Running = "running",
    Finished = "finished",
    Cancelled = "cancelled",
    Failed = "failed",
});

impl TryFrom<ExportStateFields> for ExportState {
    type Error = MissingField;

    fn try_from(read: ExportStateFields) -> Result<Self, MissingField> {
        Ok(match read.state {
            ExportStateTag::Running => Self::Running,
            ExportStateTag::Finished => Self::Finished,
            ExportStateTag::Cancelled => Self::Cancelled,
            ExportStateTag::Failed => Self::Failed {
                message: required(read.message, "message")?,
            },
        })
    }
}

/// [`ViewCondition`] as its JSON reads.
#[derive(Deserialize)]
pub(crate) struct ViewConditionFields {
    kind: ViewConditionTag,
    role: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    at: Option<OffsetDateTime>,
    key: Option<String>,
    value: Option<String>,
}

#[derive(Clone, Copy)]
enum ViewConditionTag {
    RoleContains,
    NotBanned,
    Banned,
    BanLapsed,
    EmailVerified,
    EmailNotVerified,
    CreatedAfter,
    CreatedBefore,
    FieldEquals,
}

wire_names!(ViewConditionTag {
    RoleContains = "roleContains",
    NotBanned = "notBanned",
    Banned = "banned",
    BanLapsed = "banLapsed",
    EmailVerified = "emailVerified",
    EmailNotVerified = "emailNotVerified",
    CreatedAfter = "createdAfter",
    CreatedBefore = "createdBefore",
    FieldEquals = "fieldEquals",
});

impl TryFrom<ViewConditionFields> for ViewCondition {
    type Error = MissingField;

    fn try_from(read: ViewConditionFields) -> Result<Self, MissingField> {
        Ok(match read.kind {
            ViewConditionTag::RoleContains => Self::RoleContains {
                role: required(read.role, "role")?,
            },
            ViewConditionTag::NotBanned => Self::NotBanned,
            ViewConditionTag::Banned => Self::Banned,
            ViewConditionTag::BanLapsed => Self::BanLapsed,
            ViewConditionTag::EmailVerified => Self::EmailVerified,
            ViewConditionTag::EmailNotVerified => Self::EmailNotVerified,
            ViewConditionTag::CreatedAfter => Self::CreatedAfter {
                at: required(read.at, "at")?,
            },
            ViewConditionTag::CreatedBefore => Self::CreatedBefore {
                at: required(read.at, "at")?,
            },
            ViewConditionTag::FieldEquals => Self::FieldEquals {
                key: required(read.key, "key")?,
                value: required(read.value, "value")?,
            },
        })
    }
}

#[cfg(test)]
mod tests;
