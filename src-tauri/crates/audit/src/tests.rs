use std::collections::HashMap;

use super::*;

/// A keyring of its own for each test, shared by the logs the test opens (to play a restart).
#[derive(Default)]
struct Keyring(Mutex<HashMap<String, String>>);

impl SecretKeeper for Keyring {
    fn load(&self, name: &str) -> Result<Option<String>, String> {
        Ok(self.0.lock().unwrap().get(name).cloned())
    }
    fn save(&self, name: &str, secret: &str) -> Result<(), String> {
        self.0.lock().unwrap().insert(name.into(), secret.into());
        Ok(())
    }
}

/// No keyring at all.
struct NoKeyring;

impl SecretKeeper for NoKeyring {
    fn load(&self, _: &str) -> Result<Option<String>, String> {
        Err("no Secret Service".into())
    }
    fn save(&self, _: &str, _: &str) -> Result<(), String> {
        Err("no Secret Service".into())
    }
}

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

fn write_three(path: &Path, keyring: &Arc<Keyring>) -> AuditLog {
    let log = AuditLog::open(path, keyring.clone()).unwrap();
    log.append(event("ban", "a@x.io")).unwrap();
    log.append(event("unban", "a@x.io")).unwrap();
    log.append(AuditEvent {
        outcome: AuditOutcome::Failed {
            message: "No such user".into(),
        },
        ..event("delete", "b@x.io")
    })
    .unwrap();
    log
}

fn broken_reason(log: &AuditLog) -> (u64, String) {
    match log.read().unwrap().1 {
        AuditChain::Broken { line, reason } => (line, reason),
        intact => panic!("the chain should be broken: {intact:?}"),
    }
}

#[test]
fn appends_survive_a_reopen_and_the_chain_verifies() {
    let path = temp_log("reopen");
    let keyring = Arc::new(Keyring::default());
    write_three(&path, &keyring);
    let reopened = AuditLog::open(&path, keyring.clone()).unwrap();
    assert_eq!(
        reopened.append(event("set-roles", "c@x.io")).unwrap().seq,
        4
    );
    let (records, chain) = reopened.read().unwrap();
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
    let log = write_three(&path, &Arc::new(Keyring::default()));
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("unban", "noop", 1);
    std::fs::write(&path, text).unwrap();
    let (line, reason) = broken_reason(&log);
    assert_eq!(line, 2);
    assert!(reason.contains("changed"), "{reason}");
}

#[test]
fn a_deleted_line_is_reported() {
    let path = temp_log("deleted");
    let log = write_three(&path, &Arc::new(Keyring::default()));
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .enumerate()
        .filter(|(index, _)| *index != 1)
        .map(|(_, line)| line)
        .collect();
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    let (records, _) = log.read().unwrap();
    assert_eq!(records.len(), 2);
    let (line, reason) = broken_reason(&log);
    assert_eq!(line, 2);
    assert!(reason.contains("removed"), "{reason}");
}

#[test]
fn garbage_is_reported_and_a_missing_file_is_an_empty_log() {
    let path = temp_log("garbage");
    let log = write_three(&path, &Arc::new(Keyring::default()));
    let mut file = OpenOptions::new().append(true).open(&path).unwrap();
    writeln!(file, "not json").unwrap();
    assert_eq!(broken_reason(&log).0, 4);
    let fresh = AuditLog::open(temp_log("missing"), Arc::new(Keyring::default())).unwrap();
    assert_eq!(fresh.read().unwrap().1, AuditChain::Intact { entries: 0 });
}

/// Review finding M3: whoever can write the file but not the keyring cannot forge it.
#[test]
fn a_log_rewritten_with_fresh_hashes_is_reported() {
    let path = temp_log("forged");
    let log = write_three(&path, &Arc::new(Keyring::default()));
    // The forger changes a line and recomputes every hash with the public algorithm.
    let mut previous = GENESIS.to_owned();
    let mut forged = String::new();
    for text in std::fs::read_to_string(&path).unwrap().lines() {
        let mut line: Line = serde_json::from_str(text).unwrap();
        line.record.action = line.record.action.replace("unban", "noop");
        line.prev = previous.clone();
        line.hash = seal(None, &previous, &line.record);
        line.sealed = false;
        previous = line.hash.clone();
        forged.push_str(&serde_json::to_string(&line).unwrap());
        forged.push('\n');
    }
    std::fs::write(&path, forged).unwrap();
    let (_, reason) = broken_reason(&log);
    assert!(
        reason.contains("changed") || reason.contains("not the entry"),
        "{reason}"
    );
}

#[test]
fn a_truncated_or_deleted_log_is_reported() {
    let path = temp_log("truncated");
    let log = write_three(&path, &Arc::new(Keyring::default()));
    let text = std::fs::read_to_string(&path).unwrap();
    let first_two: String = text
        .lines()
        .take(2)
        .map(|line| format!("{line}\n"))
        .collect();
    std::fs::write(&path, first_two).unwrap();
    let (line, reason) = broken_reason(&log);
    assert_eq!(line, 3);
    assert!(reason.contains("removed from its end"), "{reason}");

    std::fs::remove_file(&path).unwrap();
    let (line, reason) = broken_reason(&log);
    assert_eq!(line, 1);
    assert!(reason.contains("deleted"), "{reason}");
}

/// A keyring that holds each head write until the test lets it go, and counts them.
#[derive(Default)]
struct HeldKeyring {
    inner: Keyring,
    head_writes: Mutex<u32>,
    released: Mutex<bool>,
    release: std::sync::Condvar,
}

impl SecretKeeper for HeldKeyring {
    fn load(&self, name: &str) -> Result<Option<String>, String> {
        self.inner.load(name)
    }
    fn save(&self, name: &str, secret: &str) -> Result<(), String> {
        if name.starts_with("audit-head") {
            *self.head_writes.lock().unwrap() += 1;
            let released = self.released.lock().unwrap();
            // Bounded, so that a log that waits for its keyring fails the test, not hangs it.
            let _ = self
                .release
                .wait_timeout_while(released, std::time::Duration::from_millis(500), |go| !*go)
                .unwrap();
        }
        self.inner.save(name, secret)
    }
}

/// A bulk action appends a hundred entries in seconds: none of them waits for the keyring, which
/// ends up holding the last one.
#[test]
fn appends_do_not_wait_for_the_keyring_and_it_ends_at_the_last() {
    let path = temp_log("held-keyring");
    let keyring = Arc::new(HeldKeyring::default());
    let log = AuditLog::open(&path, keyring.clone()).unwrap();
    for _ in 0..20 {
        log.append(event("ban", "a@x.io")).unwrap();
    }
    // The first head may be in the keyring's hands; every later one replaced the one before.
    assert!(*keyring.head_writes.lock().unwrap() <= 1);
    *keyring.released.lock().unwrap() = true;
    keyring.release.notify_all();
    log.settle();
    assert!(*keyring.head_writes.lock().unwrap() <= 2);
    std::fs::write(&path, "").unwrap();
    let (line, reason) = broken_reason(&log);
    assert_eq!(line, 1);
    assert!(reason.contains("20 entries were written"), "{reason}");
}

/// Two running copies of Authdesk append to one file: one chain, no fork.
#[test]
fn two_writers_keep_one_chain() {
    let path = temp_log("two-writers");
    let keyring = Arc::new(Keyring::default());
    let first = AuditLog::open(&path, keyring.clone()).unwrap();
    let second = AuditLog::open(&path, keyring.clone()).unwrap();
    std::thread::scope(|scope| {
        for log in [&first, &second] {
            scope.spawn(move || {
                for _ in 0..20 {
                    log.append(event("ban", "a@x.io")).unwrap();
                }
            });
        }
    });
    let (records, chain) = first.read().unwrap();
    assert_eq!(chain, AuditChain::Intact { entries: 40 });
    let numbers: Vec<u64> = records.iter().map(|record| record.seq).collect();
    assert_eq!(numbers, (1..=40).collect::<Vec<_>>());
}

#[test]
fn a_torn_last_line_is_removed_and_said() {
    let path = temp_log("torn");
    let keyring = Arc::new(Keyring::default());
    write_three(&path, &keyring);
    let mut file = OpenOptions::new().append(true).open(&path).unwrap();
    write!(file, r#"{{"seq":4,"at":"2026-"#).unwrap();
    drop(file);
    let reopened = AuditLog::open(&path, keyring.clone()).unwrap();
    let (records, chain) = reopened.read().unwrap();
    assert_eq!(chain, AuditChain::Intact { entries: 4 });
    let last = records.last().unwrap();
    assert_eq!((last.seq, last.action.as_str()), (4, RECOVERED_ACTION));
    assert!(last.detail.as_deref().unwrap().contains("interrupted"));
}

#[test]
fn a_log_of_the_first_version_is_kept_and_sealed_from_then_on() {
    let path = temp_log("upgrade");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let unsealed = AuditLog::open(&path, Arc::new(NoKeyring)).unwrap();
    unsealed.append(event("ban", "a@x.io")).unwrap();
    assert!(!std::fs::read_to_string(&path).unwrap().contains("sealed"));

    let keyring = Arc::new(Keyring::default());
    let sealed = AuditLog::open(&path, keyring.clone()).unwrap();
    sealed.append(event("unban", "a@x.io")).unwrap();
    assert_eq!(sealed.read().unwrap().1, AuditChain::Intact { entries: 2 });
    // An unsealed line after sealed ones is someone else's.
    unsealed.append(event("delete", "a@x.io")).unwrap();
    let (line, reason) = broken_reason(&sealed);
    assert_eq!(line, 3);
    assert!(reason.contains("not sealed"), "{reason}");
}

#[test]
fn exports_quote_what_needs_quoting() {
    let log = AuditLog::open(temp_log("export"), Arc::new(Keyring::default())).unwrap();
    log.append(AuditEvent {
        detail: Some("reason: \"spam, lots\"\nline two".into()),
        ..event("ban", "a@x.io")
    })
    .unwrap();
    let (csv, _) = log.export(AuditExportFormat::Csv).unwrap();
    assert!(
        csv.starts_with("seq,at,admin,action,target,detail,outcome,error,prev,hash\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\"reason: \"\"spam, lots\"\"\nline two\""),
        "{csv}"
    );
    let (json, _) = log.export(AuditExportFormat::JsonLines).unwrap();
    assert_eq!(json.lines().count(), 1);
    let line: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(line["prev"], GENESIS);
    assert!(
        csv.contains(line["hash"].as_str().unwrap()),
        "the CSV carries the seal"
    );
}

#[test]
fn a_json_lines_export_verifies_and_an_edited_or_foreign_one_does_not() {
    let keyring = Arc::new(Keyring::default());
    let log = write_three(&temp_log("verify"), &keyring);
    let (json, chain) = log.export(AuditExportFormat::JsonLines).unwrap();
    assert_eq!(chain, AuditChain::Intact { entries: 3 });
    let exported = temp_log("verify-export");
    std::fs::create_dir_all(exported.parent().unwrap()).unwrap();
    std::fs::write(&exported, &json).unwrap();
    assert_eq!(
        log.verify_export(&exported).unwrap(),
        AuditChain::Intact { entries: 3 }
    );

    let verdict = |text: &str| {
        std::fs::write(&exported, text).unwrap();
        match log.verify_export(&exported).unwrap() {
            AuditChain::Broken { line, reason } => (line, reason),
            intact => panic!("should not verify: {intact:?}"),
        }
    };
    let (line, reason) = verdict(&json.replace("b@x.io", "c@x.io"));
    assert_eq!(line, 3);
    assert!(reason.contains("changed"), "{reason}");
    let without_second: String = json
        .lines()
        .enumerate()
        .filter(|(index, _)| *index != 1)
        .map(|(_, line)| format!("{line}\n"))
        .collect();
    assert_eq!(verdict(&without_second).0, 2);
    assert!(verdict("").1.contains("no entries"));

    // The same export, checked by another installation (another key), is not taken as its own.
    let elsewhere = AuditLog::open(temp_log("elsewhere"), Arc::new(Keyring::default())).unwrap();
    std::fs::write(&exported, &json).unwrap();
    assert!(matches!(
        elsewhere.verify_export(&exported).unwrap(),
        AuditChain::Broken { line: 1, .. }
    ));
    assert!(
        log.verify_export(&exported.with_extension("missing"))
            .is_err()
    );
}

#[test]
fn no_csv_cell_is_a_formula() {
    let log = AuditLog::open(temp_log("formula"), Arc::new(Keyring::default())).unwrap();
    log.append(AuditEvent {
        target: Some("=HYPERLINK(\"http://evil.example\")".into()),
        detail: Some("+1+cmd|' /C calc'!A0".into()),
        outcome: AuditOutcome::Failed {
            message: "@SUM(1)".into(),
        },
        ..event("ban", "a@x.io")
    })
    .unwrap();
    let (csv, _) = log.export(AuditExportFormat::Csv).unwrap();
    let row = csv.lines().nth(1).unwrap();
    for cell in ["'=HYPERLINK", "'+1+cmd", "'@SUM(1)"] {
        assert!(row.contains(cell), "{row}");
    }
    assert!(
        !row.contains(",=") && !row.contains(",+") && !row.contains(",@"),
        "{row}"
    );
}
