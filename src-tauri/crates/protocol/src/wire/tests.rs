use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use time::macros::datetime;

use super::*;

/// `value` is written as `written`, and `written` reads back as `value`.
fn reads_as_written<T>(value: T, written: Value)
where
    T: Serialize + DeserializeOwned + PartialEq + fmt::Debug,
{
    assert_eq!(serde_json::to_value(&value).unwrap(), written);
    assert_eq!(serde_json::from_value::<T>(written).unwrap(), value);
}

fn refusal<T: DeserializeOwned + fmt::Debug>(json: Value) -> String {
    serde_json::from_value::<T>(json).unwrap_err().to_string()
}

#[test]
fn every_variant_reads_back_from_what_is_written() {
    let at = datetime!(2027-01-31 08:30 UTC);
    let reason = Some("spam".to_owned());
    reads_as_written(BanState::NotBanned, json!({"state": "notBanned"}));
    reads_as_written(
        BanState::Permanent { reason: None },
        json!({"state": "permanent", "reason": null}),
    );
    reads_as_written(
        BanState::Until {
            reason: reason.clone(),
            expires_at: at,
        },
        json!({"state": "until", "reason": "spam", "expiresAt": "2027-01-31T08:30:00Z"}),
    );
    reads_as_written(
        BanState::Lapsed {
            reason,
            expired_at: at,
        },
        json!({"state": "lapsed", "reason": "spam", "expiredAt": "2027-01-31T08:30:00Z"}),
    );
    reads_as_written(BanLength::Permanent, json!({"kind": "permanent"}));
    reads_as_written(
        BanLength::Timed { seconds: 60 },
        json!({"kind": "timed", "seconds": 60}),
    );
    reads_as_written(AuditOutcome::Succeeded, json!({"result": "succeeded"}));
    reads_as_written(
        AuditOutcome::Failed {
            message: "refused".into(),
        },
        json!({"result": "failed", "message": "refused"}),
    );
    reads_as_written(
        AuditChain::Intact { entries: 3 },
        json!({"state": "intact", "entries": 3}),
    );
    reads_as_written(
        AuditChain::Broken {
            line: 2,
            reason: "edited".into(),
        },
        json!({"state": "broken", "line": 2, "reason": "edited"}),
    );
    let ban = BanRequest {
        reason: "spam".into(),
        length: BanLength::Timed { seconds: 60 },
    };
    reads_as_written(
        BulkAction::Ban { ban },
        json!({"kind": "ban", "ban": {"reason": "spam", "length": {"kind": "timed", "seconds": 60}}}),
    );
    for (action, kind) in [
        (BulkAction::Unban, "unban"),
        (BulkAction::RevokeSessions, "revokeSessions"),
        (BulkAction::Delete, "delete"),
    ] {
        reads_as_written(action, json!({"kind": kind}));
    }
    reads_as_written(
        BulkAction::AddRole {
            role: "support".into(),
        },
        json!({"kind": "addRole", "role": "support"}),
    );
    reads_as_written(
        BulkAction::RemoveRole {
            role: "support".into(),
        },
        json!({"kind": "removeRole", "role": "support"}),
    );
    for (result, state) in [
        (BulkResult::Waiting, "waiting"),
        (BulkResult::Done, "done"),
        (BulkResult::NotDone, "notDone"),
    ] {
        reads_as_written(result, json!({"state": state}));
    }
    reads_as_written(
        BulkResult::Skipped {
            reason: "already".into(),
        },
        json!({"state": "skipped", "reason": "already"}),
    );
    reads_as_written(
        BulkResult::Failed {
            reason: "server".into(),
        },
        json!({"state": "failed", "reason": "server"}),
    );
    for (state, tag) in [
        (ExportState::Running, "running"),
        (ExportState::Finished, "finished"),
        (ExportState::Cancelled, "cancelled"),
    ] {
        reads_as_written(state, json!({"state": tag}));
    }
    reads_as_written(
        ExportState::Failed {
            message: "disk full".into(),
        },
        json!({"state": "failed", "message": "disk full"}),
    );
    reads_as_written(
        ViewCondition::RoleContains {
            role: "admin".into(),
        },
        json!({"kind": "roleContains", "role": "admin"}),
    );
    for (condition, kind) in [
        (ViewCondition::NotBanned, "notBanned"),
        (ViewCondition::Banned, "banned"),
        (ViewCondition::BanLapsed, "banLapsed"),
        (ViewCondition::EmailVerified, "emailVerified"),
        (ViewCondition::EmailNotVerified, "emailNotVerified"),
    ] {
        reads_as_written(condition, json!({"kind": kind}));
    }
    reads_as_written(
        ViewCondition::CreatedAfter { at },
        json!({"kind": "createdAfter", "at": "2027-01-31T08:30:00Z"}),
    );
    reads_as_written(
        ViewCondition::CreatedBefore { at },
        json!({"kind": "createdBefore", "at": "2027-01-31T08:30:00Z"}),
    );
    reads_as_written(
        ViewCondition::FieldEquals {
            key: "plan".into(),
            value: "pro".into(),
        },
        json!({"kind": "fieldEquals", "key": "plan", "value": "pro"}),
    );
}

#[test]
fn what_serde_read_before_still_reads_and_what_it_refused_is_refused() {
    // The tag may come after the fields; a field of another variant is ignored.
    assert_eq!(
        serde_json::from_value::<BanState>(
            json!({"expiresAt": "2027-01-31T08:30:00Z", "state": "until", "extra": 1})
        )
        .unwrap(),
        BanState::Until {
            reason: None,
            expires_at: datetime!(2027-01-31 08:30 UTC)
        }
    );
    assert_eq!(
        serde_json::from_value::<AuditOutcome>(json!({"result": "succeeded", "message": "x"}))
            .unwrap(),
        AuditOutcome::Succeeded
    );
    // A missing length is refused, never read as a permanent ban (see `BanLength`).
    assert_eq!(
        refusal::<BanLength>(json!({"kind": "timed"})),
        "missing field `seconds`"
    );
    assert_eq!(
        refusal::<BanLength>(json!({"kind": "timed", "seconds": null})),
        "missing field `seconds`"
    );
    assert!(refusal::<BanLength>(json!({"seconds": 60})).contains("missing field `kind`"));
    assert!(refusal::<BulkResult>(json!({"state": "gone"})).contains("unknown variant `gone`"));
    assert!(
        !refusal::<ViewCondition>(json!({"kind": "createdAfter", "at": "yesterday"})).is_empty()
    );
    assert_eq!(
        refusal::<ViewCondition>(json!({"kind": "fieldEquals", "key": "plan"})),
        "missing field `value`"
    );
}
