//! The audit trail as files for auditors: JSON lines and CSV.

use authdesk_protocol::{AuditOutcome, AuditRecord};

/// JSON lines, one record each, without the chain fields.
pub fn to_json_lines(records: &[AuditRecord]) -> String {
    records
        .iter()
        .map(|record| serde_json::to_string(record).expect("a record serialises") + "\n")
        .collect()
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
/// before one), made plain text with a leading `'`: targets, details and server messages are
/// partly typed by users (CWE-1236).
fn inert(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// CSV with a header row; commas, quotes and line breaks in values are quoted properly, and no
/// cell is a formula.
pub fn to_csv(records: &[AuditRecord]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "seq", "at", "admin", "action", "target", "detail", "outcome", "error",
        ])
        .expect("csv header");
    for record in records {
        let at = record
            .at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let (outcome, error) = match &record.outcome {
            AuditOutcome::Succeeded => ("succeeded", String::new()),
            AuditOutcome::Failed { message } => ("failed", message.clone()),
        };
        writer
            .write_record(
                [
                    record.seq.to_string(),
                    at,
                    record.admin.clone(),
                    record.action.clone(),
                    record.target.clone().unwrap_or_default(),
                    record.detail.clone().unwrap_or_default(),
                    outcome.to_owned(),
                    error,
                ]
                .map(inert),
            )
            .expect("csv row");
    }
    String::from_utf8(writer.into_inner().expect("csv flush")).expect("csv is UTF-8")
}
