//! The audit trail: every admin change and impersonation, appended to a file in the app's data
//! folder as one JSON line. Each line carries the hash of the line before it, so an edited,
//! inserted or deleted line breaks the chain and [`verify`] says where. No secret is ever
//! written: entries name people by email and actions by name.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use authdesk_protocol::{AuditChain, AuditOutcome, AuditRecord};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// The hash the first line chains to.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("the audit log could not be written: {0}")]
    Io(#[from] std::io::Error),
}

/// What happened, before it is numbered and chained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub admin: String,
    pub action: String,
    pub target: Option<String>,
    pub detail: Option<String>,
    pub outcome: AuditOutcome,
}

/// A record as the file holds it and as its hash covers it. Its own type, not the IPC DTO
/// [`AuditRecord`], so renaming a field for the window cannot break the chain of old logs: the
/// field names and their order here are frozen (the golden-hash test holds them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct StoredRecord {
    seq: u64,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
    admin: String,
    action: String,
    target: Option<String>,
    detail: Option<String>,
    outcome: StoredOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "camelCase")]
enum StoredOutcome {
    Succeeded,
    Failed { message: String },
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
struct Line {
    #[serde(flatten)]
    record: StoredRecord,
    prev: String,
    hash: String,
}

pub struct AuditLog {
    path: PathBuf,
    /// The last line's number and hash; appends are serialised through it.
    tail: Mutex<(u64, String)>,
}

impl AuditLog {
    /// Opens (or starts) the log at `path`, continuing the chain from its last line.
    pub fn open(path: impl Into<PathBuf>) -> Result<Self, AuditError> {
        let path = path.into();
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let tail =
            last_line(&path)?.map_or((0, GENESIS.to_owned()), |line| (line.record.seq, line.hash));
        Ok(Self {
            path,
            tail: Mutex::new(tail),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn append(&self, event: AuditEvent) -> Result<AuditRecord, AuditError> {
        let mut tail = self.tail.lock().expect("audit lock");
        let record = StoredRecord {
            seq: tail.0 + 1,
            at: OffsetDateTime::now_utc(),
            admin: event.admin,
            action: event.action,
            target: event.target,
            detail: event.detail,
            outcome: match event.outcome {
                AuditOutcome::Succeeded => StoredOutcome::Succeeded,
                AuditOutcome::Failed { message } => StoredOutcome::Failed { message },
            },
        };
        let hash = chain_hash(&tail.1, &record);
        let line = Line {
            record: record.clone(),
            prev: tail.1.clone(),
            hash: hash.clone(),
        };
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        writeln!(
            file,
            "{}",
            serde_json::to_string(&line).expect("a line serialises")
        )?;
        file.sync_data()?;
        *tail = (record.seq, hash);
        Ok(record.into())
    }
}

/// Every record in the file, in order, and whether the chain holds.
pub fn read(path: &Path) -> Result<(Vec<AuditRecord>, AuditChain), AuditError> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Vec::new(), AuditChain::Intact { entries: 0 }));
        }
        Err(error) => return Err(error.into()),
    };
    let mut records = Vec::new();
    let mut previous = GENESIS.to_owned();
    let mut broken = None;
    for (index, text) in BufReader::new(file).lines().enumerate() {
        let number = index as u64 + 1;
        let text = text?;
        let Ok(line) = serde_json::from_str::<Line>(&text) else {
            broken.get_or_insert(AuditChain::Broken {
                line: number,
                reason: "not a valid entry".into(),
            });
            continue;
        };
        if broken.is_none() {
            if line.prev != previous {
                broken = Some(AuditChain::Broken {
                    line: number,
                    reason: "does not follow the line before it (a line was removed or inserted)"
                        .into(),
                });
            } else if chain_hash(&line.prev, &line.record) != line.hash {
                broken = Some(AuditChain::Broken {
                    line: number,
                    reason: "was changed after it was written".into(),
                });
            }
        }
        previous = line.hash;
        records.push(line.record.into());
    }
    let chain = broken.unwrap_or(AuditChain::Intact {
        entries: records.len() as u64,
    });
    Ok((records, chain))
}

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

fn chain_hash(previous: &str, record: &StoredRecord) -> String {
    let mut hasher = Sha256::new();
    hasher.update(previous.as_bytes());
    hasher.update(serde_json::to_vec(record).expect("a record serialises"));
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn last_line(path: &Path) -> Result<Option<Line>, AuditError> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error.into()),
    };
    let last = BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter(|text| !text.trim().is_empty())
        .last();
    Ok(last.and_then(|text| serde_json::from_str(&text).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_log(name: &str) -> PathBuf {
        let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos();
        std::env::temp_dir().join(format!(
            "authdesk-audit-{name}-{}-{nanos}/audit.jsonl",
            std::process::id()
        ))
    }

    fn event(action: &str, target: &str) -> AuditEvent {
        AuditEvent {
            admin: "ada@authdesk.test".into(),
            action: action.into(),
            target: Some(target.into()),
            detail: Some("reason: Spam, 1 h".into()),
            outcome: AuditOutcome::Succeeded,
        }
    }

    fn write_three(path: &Path) {
        let log = AuditLog::open(path).unwrap();
        log.append(event("ban", "a@x.io")).unwrap();
        log.append(event("unban", "a@x.io")).unwrap();
        log.append(AuditEvent {
            outcome: AuditOutcome::Failed {
                message: "No such user".into(),
            },
            ..event("delete", "b@x.io")
        })
        .unwrap();
    }

    #[test]
    fn appends_survive_a_reopen_and_the_chain_verifies() {
        let path = temp_log("reopen");
        write_three(&path);
        let reopened = AuditLog::open(&path).unwrap();
        assert_eq!(
            reopened.append(event("set-roles", "c@x.io")).unwrap().seq,
            4
        );
        let (records, chain) = read(&path).unwrap();
        assert_eq!(chain, AuditChain::Intact { entries: 4 });
        let actions: Vec<_> = records
            .iter()
            .map(|record| record.action.as_str())
            .collect();
        assert_eq!(actions, ["ban", "unban", "delete", "set-roles"]);
    }

    #[test]
    fn an_edited_line_is_reported_with_its_number() {
        let path = temp_log("edited");
        write_three(&path);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replacen("unban", "noop", 1);
        std::fs::write(&path, text).unwrap();
        let (_, chain) = read(&path).unwrap();
        assert!(
            matches!(chain, AuditChain::Broken { line: 2, ref reason } if reason.contains("changed")),
            "{chain:?}"
        );
    }

    #[test]
    fn a_deleted_line_is_reported() {
        let path = temp_log("deleted");
        write_three(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .enumerate()
            .filter(|(index, _)| *index != 1)
            .map(|(_, line)| line)
            .collect();
        std::fs::write(&path, kept.join("\n") + "\n").unwrap();
        let (records, chain) = read(&path).unwrap();
        assert_eq!(records.len(), 2);
        assert!(
            matches!(chain, AuditChain::Broken { line: 2, ref reason } if reason.contains("removed")),
            "{chain:?}"
        );
    }

    #[test]
    fn garbage_is_reported_and_a_missing_file_is_an_empty_log() {
        let path = temp_log("garbage");
        write_three(&path);
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        writeln!(file, "not json").unwrap();
        assert!(matches!(
            read(&path).unwrap().1,
            AuditChain::Broken { line: 4, .. }
        ));
        assert_eq!(
            read(&temp_log("missing")).unwrap().1,
            AuditChain::Intact { entries: 0 }
        );
    }

    /// A line as Authdesk 0.1 wrote it. Its hash must verify forever, whatever the IPC types
    /// become.
    #[test]
    fn a_line_written_by_the_first_version_still_verifies() {
        let line = r#"{"seq":1,"at":"2026-11-28T12:00:00Z","admin":"ada@authdesk.test","action":"ban","target":"a@x.io","detail":"reason: Spam","outcome":{"result":"failed","message":"No such user"},"prev":"0000000000000000000000000000000000000000000000000000000000000000","hash":"53aa0f01762e2cf80bd96373cba3196e66e5b0f36c1569114f3f3e24c79b8eb8"}"#;
        let parsed: Line = serde_json::from_str(line).unwrap();
        assert_eq!(chain_hash(&parsed.prev, &parsed.record), parsed.hash);
    }

    #[test]
    fn exports_quote_what_needs_quoting() {
        let path = temp_log("export");
        let log = AuditLog::open(&path).unwrap();
        log.append(AuditEvent {
            detail: Some("reason: \"spam, lots\"\nline two".into()),
            ..event("ban", "a@x.io")
        })
        .unwrap();
        let (records, _) = read(&path).unwrap();
        let csv = to_csv(&records);
        assert!(
            csv.starts_with("seq,at,admin,action,target,detail,outcome,error\n"),
            "{csv}"
        );
        assert!(
            csv.contains("\"reason: \"\"spam, lots\"\"\nline two\""),
            "{csv}"
        );
        let json = to_json_lines(&records);
        assert_eq!(json.lines().count(), 1);
        assert!(!json.contains("\"hash\""));
    }

    #[test]
    fn no_csv_cell_is_a_formula() {
        let path = temp_log("formula");
        let log = AuditLog::open(&path).unwrap();
        log.append(AuditEvent {
            target: Some("=HYPERLINK(\"http://evil.example\")".into()),
            detail: Some("+1+cmd|' /C calc'!A0".into()),
            outcome: AuditOutcome::Failed {
                message: "@SUM(1)".into(),
            },
            ..event("ban", "a@x.io")
        })
        .unwrap();
        let (records, _) = read(&path).unwrap();
        let csv = to_csv(&records);
        let row = csv.lines().nth(1).unwrap();
        for cell in ["'=HYPERLINK", "'+1+cmd", "'@SUM(1)"] {
            assert!(row.contains(cell), "{row}");
        }
        assert!(
            !row.contains(",=") && !row.contains(",+") && !row.contains(",@"),
            "{row}"
        );
    }
}
