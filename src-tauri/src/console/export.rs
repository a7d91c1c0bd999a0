//! Exporting the users a view matches: the backend pages through the server in the view's
//! order and writes each page as it comes (CSV or JSON Lines, the columns chosen), so a file of
//! 100,000 users never sits in memory. A cell that a spreadsheet would run as a formula starts
//! with an apostrophe. The export is audited: who exported how many users of which profile.

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use authdesk_protocol::{
    ApiError, BanState, ErrorCode, ExportColumn, ExportFormat, ExportProgress, ExportState,
    OffsetDateTime, UserExport, UserSummary, checks,
};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;

use super::Console;
use super::audit::AuditEntry;
use super::files::{SaveAs, Writing, could_not_write};
use super::views::ViewPages;

/// Users asked for per page while exporting.
const EXPORT_PAGE: u32 = 200;
/// The most columns an export takes.
const MAX_EXPORT_COLUMNS: usize = 40;

#[derive(Default)]
pub(super) struct ExportDesk {
    run: Mutex<Option<ExportProgress>>,
    cancel: AtomicBool,
}

impl Console {
    /// Starts exporting everyone `export.query` matches into the file the admin chooses in the
    /// save dialog; none when they cancelled it.
    pub async fn start_export(
        &self,
        export: UserExport,
    ) -> Result<Option<ExportProgress>, ApiError> {
        checks::check_list_query(&export.query)?;
        check_columns(&export.columns)?;
        // An export nobody could see in the audit trail is not made.
        self.audit_writable()?;
        if self.export_running() {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "An export is running: wait for it to end, or stop it, first.",
            ));
        }
        let profile = self
            .session
            .read()
            .await
            .as_ref()
            .map(|active| active.admin.profile.settings.name.clone())
            .unwrap_or_default();
        let Some(path) = self
            .ask_where_to_save(save_as(&profile, export.format))
            .await?
        else {
            return Ok(None);
        };
        // The narrowest condition goes to the server; its count is what the export reads.
        let (query, total) = self.narrowest(&export.query).await?;
        let export = UserExport { query, ..export };
        let (writing, file) = Writing::start(&path)?;
        let progress = ExportProgress {
            state: ExportState::Running,
            written: 0,
            total,
            scanned: 0,
            path: path.display().to_string(),
        };
        self.exports.cancel.store(false, Ordering::SeqCst);
        *self.exports.run.lock().expect("export lock") = Some(progress.clone());
        let console = self.clone();
        tokio::spawn(async move {
            console
                .write_export_file(export, profile, writing, file)
                .await
        });
        Ok(Some(progress))
    }

    /// How the export stands, for a signed-in, unlocked admin.
    pub async fn export_progress(&self) -> Result<Option<ExportProgress>, ApiError> {
        self.open_to_look().await?;
        Ok(self.export_report())
    }

    fn export_report(&self) -> Option<ExportProgress> {
        self.exports.run.lock().expect("export lock").clone()
    }

    pub(super) fn export_running(&self) -> bool {
        self.export_report()
            .is_some_and(|progress| !progress.is_over())
    }

    /// Stops the export after the page in hand; its partial file is removed.
    pub async fn cancel_export(&self) -> Result<(), ApiError> {
        self.open_to_look().await?;
        self.exports.cancel.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn write_export_file(
        &self,
        export: UserExport,
        profile: String,
        writing: Writing,
        file: std::fs::File,
    ) {
        let path = writing.chosen.clone();
        let mut out = std::io::BufWriter::new(file);
        let result = self.write_pages(&export, &path, &mut out).await;
        let result = result.and_then(|written| {
            out.flush()
                .and_then(|()| out.get_ref().sync_all())
                .map(|()| written)
                .map_err(|error| could_not_write(&path, &error))
        });
        drop(out);
        let cancelled = self.exports.cancel.load(Ordering::SeqCst);
        let result = match result {
            Ok(written) if !cancelled => writing.finish().map(|_| written),
            other => {
                writing.abandon();
                other
            }
        };
        let written = self.export_report().map_or(0, |progress| progress.written);
        let state = match &result {
            Ok(_) if cancelled => ExportState::Cancelled,
            Ok(_) => ExportState::Finished,
            Err(error) => ExportState::Failed {
                message: error.message.clone(),
            },
        };
        if state == ExportState::Finished {
            self.saved(&path);
        }
        let how = match &state {
            ExportState::Finished => format!("to {}", path.display()),
            ExportState::Cancelled => format!("stopped after {written}; the file was removed"),
            _ => "failed; the file was removed".to_owned(),
        };
        let entry = AuditEntry::export(format!(
            "{written} users of profile “{profile}” as {} {how}",
            export.format.name()
        ));
        if let Some(admin) = self.admin_email().await {
            self.record(&admin, entry, &result.map(drop));
        }
        if let Some(progress) = self.exports.run.lock().expect("export lock").as_mut() {
            progress.state = state;
        }
    }

    /// Every page of the view, written as it comes; answers how many users were written.
    async fn write_pages(
        &self,
        export: &UserExport,
        path: &Path,
        out: &mut impl Write,
    ) -> Result<u64, ApiError> {
        let write = |out: &mut dyn Write, bytes: Vec<u8>| {
            out.write_all(&bytes)
                .map_err(|error| could_not_write(path, &error))
        };
        if export.format == ExportFormat::Csv {
            let headings = export.columns.iter().map(|column| json!(column.heading()));
            write(out, csv_rows([headings.collect()]))?;
        }
        let mut pages = ViewPages::new(&export.query, EXPORT_PAGE);
        let mut written = 0_u64;
        loop {
            if self.exports.cancel.load(Ordering::SeqCst) {
                return Ok(written);
            }
            let Some(users) = pages.next(self).await? else {
                return Ok(written);
            };
            written += users.len() as u64;
            write(out, rows(&users, &export.columns, export.format))?;
            if let Some(progress) = self.exports.run.lock().expect("export lock").as_mut() {
                progress.written = written;
                progress.scanned = pages.scanned;
            }
        }
    }
}

/// What the save dialog offers for an export of `profile`'s users: a name with the
/// deployment and the day in it.
fn save_as(profile: &str, format: ExportFormat) -> SaveAs {
    let slug: String = profile
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    SaveAs::dated(
        "Export users",
        &format!("users-{}", slug.trim_matches('-')),
        (format.name(), format.extension()),
    )
}

fn check_columns(columns: &[ExportColumn]) -> Result<(), ApiError> {
    let fits = !columns.is_empty()
        && columns.len() <= MAX_EXPORT_COLUMNS
        && columns.iter().all(|column| match column {
            ExportColumn::Field(key) => {
                !key.is_empty()
                    && key.len() <= 64
                    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            }
            _ => true,
        });
    if fits {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Validation,
            format!("Choose 1 to {MAX_EXPORT_COLUMNS} columns, each a field the users have."),
        ))
    }
}

fn rfc3339(at: OffsetDateTime) -> Value {
    at.format(&Rfc3339).map_or(Value::Null, Value::String)
}

/// One user's value for one column, as JSON.
fn value(user: &UserSummary, column: &ExportColumn) -> Value {
    let now = OffsetDateTime::now_utc();
    match column {
        ExportColumn::Id => json!(user.id),
        ExportColumn::Email => json!(user.email),
        ExportColumn::Name => json!(user.name),
        ExportColumn::Roles => json!(user.roles),
        ExportColumn::EmailVerified => json!(user.email_verified),
        ExportColumn::Status => json!(match &user.ban {
            BanState::NotBanned => "active",
            BanState::Permanent { .. } => "banned",
            BanState::Until { .. } if user.ban.is_effective_at(now) => "banned until expiry",
            BanState::Until { .. } | BanState::Lapsed { .. } => "ban lapsed",
        }),
        ExportColumn::BanReason => json!(user.ban.reason()),
        ExportColumn::BanExpires => match &user.ban {
            BanState::Until { expires_at, .. } => rfc3339(*expires_at),
            BanState::Lapsed { expired_at, .. } => rfc3339(*expired_at),
            _ => Value::Null,
        },
        ExportColumn::CreatedAt => rfc3339(user.created_at),
        ExportColumn::UpdatedAt => rfc3339(user.updated_at),
        ExportColumn::TwoFactor => json!(user.two_factor_enabled),
        ExportColumn::LastSignInMethod => json!(user.last_sign_in_method),
        ExportColumn::Field(key) => user.custom_fields.get(key).cloned().unwrap_or_default(),
    }
}

/// A page of users as the file's lines.
fn rows(users: &[UserSummary], columns: &[ExportColumn], format: ExportFormat) -> Vec<u8> {
    let values = users.iter().map(|user| {
        columns
            .iter()
            .map(|column| value(user, column))
            .collect::<Vec<_>>()
    });
    match format {
        ExportFormat::JsonLines => values
            .flat_map(|row| {
                let object: serde_json::Map<String, Value> = columns
                    .iter()
                    .map(|column| column.heading().to_owned())
                    .zip(row)
                    .collect();
                (Value::Object(object).to_string() + "\n").into_bytes()
            })
            .collect(),
        ExportFormat::Csv => csv_rows(values),
    }
}

/// Rows as CSV (RFC 4180, CRLF), written by the `csv` crate the audit export uses. Text a
/// spreadsheet would run as a formula is made inert by the audit export's own rule; numbers
/// stay numbers.
fn csv_rows(rows: impl IntoIterator<Item = Vec<Value>>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        writer
            .write_record(row.iter().map(csv_cell))
            .expect("a CSV row is written to memory");
    }
    writer.into_inner().expect("CSV in memory flushes")
}

fn csv_cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(yes) => yes.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => authdesk_audit::inert(text.clone()),
        Value::Array(items) if items.iter().all(Value::is_string) => authdesk_audit::inert(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(","),
        ),
        other => authdesk_audit::inert(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_stays_text() {
        let cell = |text: &str| {
            let line = String::from_utf8(csv_rows([vec![json!(text)]])).unwrap();
            line.trim_end_matches("\r\n")
                .trim_end_matches('\n')
                .to_owned()
        };
        assert_eq!(
            cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        assert_eq!(cell("+1 555"), "'+1 555");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Zoë Müller"), "Zoë Müller");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell(&json!(-5)), "-5", "a number is a number");
        let roles =
            String::from_utf8(csv_rows([vec![json!(["user", "admin"]), Value::Null]])).unwrap();
        assert_eq!(roles, "\"user,admin\",\r\n");
    }
}
