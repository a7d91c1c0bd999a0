//! Exporting the users a view matches: which columns, in which format, and how the export
//! stands while the backend pages through the server and writes the file.

use serde::{Deserialize, Serialize};

use crate::ListUsersQuery;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    JsonLines,
}

wire_names!(ExportFormat {
    Csv = "csv",
    JsonLines = "jsonLines",
});

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::JsonLines => "jsonl",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Csv => "CSV",
            Self::JsonLines => "JSON Lines",
        }
    }
}

/// One column of the file: a user's own field, or one of the server's (by its key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "key")]
pub enum ExportColumn {
    Id,
    Email,
    Name,
    Roles,
    EmailVerified,
    Status,
    BanReason,
    BanExpires,
    CreatedAt,
    UpdatedAt,
    TwoFactor,
    LastSignInMethod,
    Field(String),
}

impl ExportColumn {
    /// The columns of Authdesk's own, in the order offered.
    pub const OWN: [Self; 12] = [
        Self::Id,
        Self::Email,
        Self::Name,
        Self::Roles,
        Self::EmailVerified,
        Self::Status,
        Self::BanReason,
        Self::BanExpires,
        Self::CreatedAt,
        Self::UpdatedAt,
        Self::TwoFactor,
        Self::LastSignInMethod,
    ];

    /// The heading in the file (and the key in JSON Lines): the server's field names.
    pub fn heading(&self) -> &str {
        match self {
            Self::Id => "id",
            Self::Email => "email",
            Self::Name => "name",
            Self::Roles => "role",
            Self::EmailVerified => "emailVerified",
            Self::Status => "status",
            Self::BanReason => "banReason",
            Self::BanExpires => "banExpires",
            Self::CreatedAt => "createdAt",
            Self::UpdatedAt => "updatedAt",
            Self::TwoFactor => "twoFactorEnabled",
            Self::LastSignInMethod => "lastLoginMethod",
            Self::Field(key) => key,
        }
    }

    /// Chosen by default: enough to act on a legal request or a migration.
    pub fn default_set() -> Vec<Self> {
        vec![
            Self::Id,
            Self::Email,
            Self::Name,
            Self::Roles,
            Self::Status,
            Self::CreatedAt,
        ]
    }
}

/// An export of everyone `query` matches (its limit and offset are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserExport {
    pub query: ListUsersQuery,
    pub format: ExportFormat,
    pub columns: Vec<ExportColumn>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    tag = "state",
    rename_all_fields = "camelCase",
    try_from = "crate::wire::ExportStateFields"
)]
pub enum ExportState {
    Running,
    Finished,
    /// Stopped by the admin; the partial file was removed.
    Cancelled,
    /// The server or the disk failed; the partial file was removed.
    Failed {
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportProgress {
    pub state: ExportState,
    /// Users written so far.
    pub written: u64,
    /// Users the server matched when the export began; with conditions Authdesk applies
    /// itself, the ones it reads, of which `written` are those that met them all.
    pub total: u64,
    /// Users read from the server so far.
    #[serde(default)]
    pub scanned: u64,
    /// Where the file is (or was going to be).
    pub path: String,
}

impl ExportProgress {
    pub fn is_over(&self) -> bool {
        self.state != ExportState::Running
    }
}
