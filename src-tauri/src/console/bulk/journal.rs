//! The running batch on disk, beside the audit log: its plan as the first line, then one line
//! per user as each ends. Removed when the batch ends; found at the next start if it did not.
//! It holds what the audit log holds (user ids and emails), never a secret.

use std::io::Write;
use std::path::Path;

use authdesk_protocol::{BulkProgress, BulkResult, BulkState};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
enum Line {
    Begun { admin: String, batch: BulkProgress },
    Ended { user_id: String, result: BulkResult },
}

fn append(path: &Path, line: &Line) {
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut file| {
            let mut text = serde_json::to_string(line).map_err(std::io::Error::other)?;
            text.push('\n');
            file.write_all(text.as_bytes())
        });
    if let Err(error) = written {
        tracing::warn!(%error, "the bulk journal could not be written");
    }
}

pub(super) fn begin(path: &Path, admin: &str, batch: &BulkProgress) {
    let _ = std::fs::remove_file(path);
    append(
        path,
        &Line::Begun {
            admin: admin.to_owned(),
            batch: batch.clone(),
        },
    );
}

pub(super) fn note(path: &Path, user_id: &str, result: &BulkResult) {
    append(
        path,
        &Line::Ended {
            user_id: user_id.to_owned(),
            result: result.clone(),
        },
    );
}

pub(super) fn end(path: &Path) {
    let _ = std::fs::remove_file(path);
}

fn lines(path: &Path) -> Vec<Line> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

/// Who ran the batch the journal holds.
pub(super) fn admin_of(path: &Path) -> Option<String> {
    match lines(path).into_iter().next()? {
        Line::Begun { admin, .. } => Some(admin),
        Line::Ended { .. } => None,
    }
}

/// The batch a crash or quit cut short, with what was and was not done.
pub(super) fn interrupted(path: &Path) -> Option<BulkProgress> {
    let mut lines = lines(path).into_iter();
    let Some(Line::Begun { mut batch, .. }) = lines.next() else {
        return None;
    };
    for line in lines {
        if let Line::Ended { user_id, result } = line
            && let Some(item) = batch.items.iter_mut().find(|item| item.user_id == user_id)
        {
            item.result = result;
        }
    }
    let count = |wanted: fn(&BulkResult) -> bool| {
        batch
            .items
            .iter()
            .filter(|item| wanted(&item.result))
            .count() as u64
    };
    batch.done = count(|result| matches!(result, BulkResult::Done));
    batch.skipped = count(|result| matches!(result, BulkResult::Skipped { .. }));
    batch.failed = count(|result| matches!(result, BulkResult::Failed { .. }));
    for item in &mut batch.items {
        if item.result == BulkResult::Waiting {
            item.result = BulkResult::NotDone;
        }
    }
    batch.state = BulkState::Interrupted;
    batch.seconds_left = None;
    batch.waiting_until = None;
    Some(batch)
}
