//! Reading the chain back: every line checked against the one before it and its seal.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use authdesk_protocol::AuditChain;

use crate::stored::{GENESIS, Line, SealKey, seal};
use crate::{AuditError, Head};

/// The lines, the chain's verdict by itself, and the last entry.
pub(crate) fn read_chain(
    path: &Path,
    key: Option<&SealKey>,
) -> Result<(Vec<Line>, AuditChain, Option<Head>), AuditError> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Vec::new(), AuditChain::Intact { entries: 0 }, None));
        }
        Err(error) => return Err(error.into()),
    };
    let mut records = Vec::new();
    let mut previous = GENESIS.to_owned();
    let mut last = None;
    let mut sealed_before = false;
    let mut broken = None;
    for (index, text) in BufReader::new(file).split(b'\n').enumerate() {
        let number = index as u64 + 1;
        let text = text?;
        let Ok(line) = serde_json::from_slice::<Line>(&text) else {
            broken.get_or_insert(AuditChain::Broken {
                line: number,
                reason: "not a valid entry".into(),
            });
            continue;
        };
        if broken.is_none() {
            broken =
                check_line(&line, &previous, key, sealed_before).map(|reason| AuditChain::Broken {
                    line: number,
                    reason: reason.into(),
                });
        }
        sealed_before |= line.sealed;
        previous = line.hash.clone();
        last = Some(Head {
            seq: line.record.seq,
            hash: line.hash.clone(),
        });
        records.push(line);
    }
    let chain = broken.unwrap_or(AuditChain::Intact {
        entries: records.len() as u64,
    });
    Ok((records, chain, last))
}

/// Why `line` does not belong after `previous`, if it does not.
fn check_line(
    line: &Line,
    previous: &str,
    key: Option<&SealKey>,
    sealed_before: bool,
) -> Option<&'static str> {
    if line.prev != previous {
        return Some("does not follow the line before it (a line was removed or inserted)");
    }
    if sealed_before && !line.sealed {
        return Some("is not sealed like the lines before it: it was written by something else");
    }
    let expected = match (line.sealed, key) {
        (true, None) => return Some("cannot be checked: the keyring does not give the log's key"),
        (true, Some(key)) => seal(Some(key), &line.prev, &line.record),
        (false, _) => seal(None, &line.prev, &line.record),
    };
    (expected != line.hash).then_some("was changed after it was written")
}

/// The last complete line of the file, read from its end.
pub(crate) fn last_line_of(file: &mut File) -> Result<Option<Line>, AuditError> {
    const CHUNK: u64 = 64 * 1024;
    let length = file.seek(SeekFrom::End(0))?;
    let start = length.saturating_sub(CHUNK);
    file.seek(SeekFrom::Start(start))?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail)?;
    if start > 0 && !tail.contains(&b'\n') {
        // A line longer than the chunk: read it all.
        file.seek(SeekFrom::Start(0))?;
        tail.clear();
        file.read_to_end(&mut tail)?;
    }
    Ok(tail
        .split(|byte| *byte == b'\n')
        .rev()
        .find_map(|text| serde_json::from_slice(text).ok()))
}
