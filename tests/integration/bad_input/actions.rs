//! Bad input to the commands that act on a user: bans, impersonation, sessions, removal.

use serde_json::{Value, json};

use super::Expect::{AtField, Code, WrongShape};
use super::{Case, Inputs};

pub(super) fn cases(inputs: &Inputs) -> Vec<Case> {
    let Inputs {
        charles,
        unknown,
        huge,
        ..
    } = inputs;
    let ban = |reason: &str, length: Value| json!({ "userId": charles, "ban": { "reason": reason, "length": length } });
    let timed = |seconds: Value| json!({ "kind": "timed", "seconds": seconds });
    let impersonate = |reason: &str, minutes: Value| json!({ "request": { "userId": charles, "reason": reason, "minutes": minutes } });
    vec![
        (
            "ban: zero seconds",
            "ban_user",
            ban("Spam", timed(json!(0))),
            AtField("VALIDATION", "duration"),
        ),
        (
            "ban: negative seconds",
            "ban_user",
            ban("Spam", timed(json!(-60))),
            WrongShape("ban"),
        ),
        (
            "ban: NaN seconds (null in JSON)",
            "ban_user",
            ban("Spam", timed(json!(f64::NAN))),
            WrongShape("ban"),
        ),
        (
            "ban: fractional seconds",
            "ban_user",
            ban("Spam", timed(json!(1.5))),
            WrongShape("ban"),
        ),
        (
            "ban: a thousand years",
            "ban_user",
            ban("Spam", timed(json!(31_536_000_000_u64))),
            AtField("VALIDATION", "duration"),
        ),
        (
            "ban: no length at all",
            "ban_user",
            json!({ "userId": charles, "ban": { "reason": "Spam" } }),
            WrongShape("ban"),
        ),
        (
            "ban: empty reason",
            "ban_user",
            ban("  ", json!({ "kind": "permanent" })),
            AtField("VALIDATION", "reason"),
        ),
        (
            "ban: 10 MB reason",
            "ban_user",
            ban(huge, json!({ "kind": "permanent" })),
            AtField("VALIDATION", "reason"),
        ),
        (
            "ban: unknown id",
            "ban_user",
            json!({ "userId": unknown, "ban": { "reason": "Spam", "length": { "kind": "permanent" } } }),
            Code("NOT_FOUND"),
        ),
        (
            "impersonate: zero minutes",
            "impersonate_user",
            impersonate("Ticket 1", json!(0)),
            AtField("VALIDATION", "minutes"),
        ),
        (
            "impersonate: 61 minutes",
            "impersonate_user",
            impersonate("Ticket 1", json!(61)),
            AtField("VALIDATION", "minutes"),
        ),
        (
            "impersonate: negative minutes",
            "impersonate_user",
            impersonate("Ticket 1", json!(-5)),
            WrongShape("request"),
        ),
        (
            "impersonate: no reason",
            "impersonate_user",
            impersonate("", json!(10)),
            AtField("VALIDATION", "reason"),
        ),
        (
            "revoke: unknown session",
            "revoke_user_session",
            json!({ "userId": charles, "sessionId": unknown }),
            Code("NOT_FOUND"),
        ),
        (
            "revoke: a session id with a path",
            "revoke_user_session",
            json!({ "userId": charles, "sessionId": "../../admin/remove-user" }),
            AtField("VALIDATION", "sessionId"),
        ),
        (
            "update: a javascript: picture",
            "update_user",
            json!({ "userId": charles, "update": { "image": "javascript:alert(1)" } }),
            AtField("VALIDATION", "image"),
        ),
        (
            "update: a 10 MB picture",
            "update_user",
            json!({ "userId": charles, "update": { "image": format!("https://x.test/{huge}") } }),
            AtField("VALIDATION", "image"),
        ),
        (
            "remove: unknown user",
            "remove_user",
            json!({ "userId": unknown }),
            Code("NOT_FOUND"),
        ),
    ]
}
