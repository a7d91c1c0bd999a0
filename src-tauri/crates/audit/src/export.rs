//! The audit trail as files for auditors: JSON lines and CSV, both with the chain. The JSON
//! lines are the log's own lines, so [`crate::AuditLog::verify_export`] checks an export as it
//! checks the log; the CSV carries each row's seal to match against them.

use crate::stored::{Line, StoredOutcome};

/// JSON lines exactly as the log holds them: each record with its `prev`, `hash` and `sealed`.
pub(crate) fn to_json_lines(lines: &[Line]) -> String {
    lines
        .iter()
        .map(|line| serde_json::to_string(line).expect("a line serialises") + "\n")
        .collect()
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
/// before one), made plain text with a leading `'`: targets, details and server messages are
/// partly typed by users (CWE-1236). The users export makes its text cells inert with it too.
pub fn inert(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// CSV with a header row; commas, quotes and line breaks in values are quoted properly, and no
/// cell is a formula.
pub(crate) fn to_csv(lines: &[Line]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "seq", "at", "admin", "action", "target", "detail", "outcome", "error", "prev", "hash",
        ])
        .expect("csv header");
    for Line {
        record, prev, hash, ..
    } in lines
    {
        let at = record
            .at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let (outcome, error) = match &record.outcome {
            StoredOutcome::Succeeded => ("succeeded", String::new()),
            StoredOutcome::Failed { message } => ("failed", message.clone()),
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
                    prev.clone(),
                    hash.clone(),
                ]
                .map(inert),
            )
            .expect("csv row");
    }
    String::from_utf8(writer.into_inner().expect("csv flush")).expect("csv is UTF-8")
}
