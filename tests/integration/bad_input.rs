//! The fault suite, bad-input half: malformed and huge values sent to every command that takes
//! input, the way a broken or hostile window could send them. Each must be refused with a short
//! clear message (at its field where it has one), none may crash the backend or cost the admin
//! their session, and nothing refused may reach the server.

use crate::support::ipc::Ipc;
use crate::support::{Sandbox, Tried, accounts, console, tally};
use serde_json::{Value, json};

/// What a bad input must end in.
enum Expect {
    /// Refused by Authdesk with this code, pointing at this field.
    AtField(&'static str, &'static str),
    /// Refused with this code (no single field to point at).
    Code(&'static str),
    /// Refused before the command runs: the arguments do not fit its types.
    WrongShape(&'static str),
    /// Accepted: odd but legitimate (unicode, say).
    Accepted,
}
use Expect::{Accepted, AtField, Code, WrongShape};

const TEN_MB: usize = 10 * 1024 * 1024;

fn check(ipc: &mut Ipc, label: &str, command: &str, args: Value, expect: Expect) {
    tally(Tried::BadInput, label);
    let result = ipc.call(command, args);
    match (expect, result) {
        (Accepted, Ok(_)) => {}
        (AtField(code, field), Err(error)) => {
            assert_eq!(error["code"], code, "{label}: {error}");
            assert_eq!(error["field"], field, "{label}: {error}");
            clear(label, &error["message"]);
        }
        (Code(code), Err(error)) => {
            assert_eq!(error["code"], code, "{label}: {error}");
            clear(label, &error["message"]);
        }
        (WrongShape(argument), Err(Value::String(message))) => {
            assert!(
                message.contains(argument) && message.len() < 400,
                "{label}: {message}"
            );
        }
        (_, result) => panic!("{label}: unexpected {result:?}"),
    }
}

/// A message a person can read: a sentence, not an echo of a 10 MB input.
fn clear(label: &str, message: &Value) {
    let message = message.as_str().unwrap_or_default();
    assert!(
        (10..=400).contains(&message.len()),
        "{label}: {} bytes: {:.200}",
        message.len(),
        message
    );
}

#[test]
fn bad_input_to_every_command_is_refused_clearly() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "20")]);
    let url = sandbox.url.as_str();
    let admin = accounts().admin;
    let huge = "x".repeat(TEN_MB);
    let huge_email = format!("{}@authdesk.test", "a".repeat(TEN_MB));
    let mut ipc = Ipc::new(console());

    let sign_in = |base: &str, email: &str, password: &str| json!({ "request": { "baseUrl": base, "email": email, "password": password } });
    let pw = admin.password.as_str();
    let cases = [
        (
            "sign-in: empty email",
            sign_in(url, "", pw),
            AtField("VALIDATION", "email"),
        ),
        (
            "sign-in: malformed email",
            sign_in(url, "ada@@authdesk", pw),
            AtField("VALIDATION", "email"),
        ),
        (
            "sign-in: 10 MB email",
            sign_in(url, &huge_email, pw),
            AtField("VALIDATION", "email"),
        ),
        (
            "sign-in: email with NUL",
            sign_in(url, "ada\u{0}@authdesk.test", pw),
            AtField("VALIDATION", "email"),
        ),
        (
            "sign-in: email with a bidi override",
            sign_in(url, "ad\u{202E}a@authdesk.test", pw),
            AtField("VALIDATION", "email"),
        ),
        (
            "sign-in: empty password",
            sign_in(url, &admin.email, ""),
            AtField("VALIDATION", "password"),
        ),
        (
            "sign-in: 10 MB password",
            sign_in(url, &admin.email, &huge),
            AtField("VALIDATION", "password"),
        ),
        (
            "sign-in: empty URL",
            sign_in("", &admin.email, pw),
            AtField("INVALID_URL", "baseUrl"),
        ),
        (
            "sign-in: ftp URL",
            sign_in("ftp://127.0.0.1/api/auth", &admin.email, pw),
            AtField("INVALID_URL", "baseUrl"),
        ),
        (
            "sign-in: plain http to another host",
            sign_in("http://auth.example.com/api/auth", &admin.email, pw),
            AtField("INVALID_URL", "baseUrl"),
        ),
        (
            "sign-in: 10 MB URL",
            sign_in(&format!("https://{huge}.test"), &admin.email, pw),
            AtField("INVALID_URL", "baseUrl"),
        ),
        (
            "sign-in: request is a string",
            json!({ "request": "ada" }),
            WrongShape("request"),
        ),
    ];
    for (label, args, expect) in cases {
        check(&mut ipc, label, "sign_in", args, expect);
    }

    ipc.call("sign_in", sign_in(url, &admin.email, pw))
        .expect("the admin signs in");
    let charles = ipc.user_id(&accounts().user.email);
    let unknown = "a".repeat(32);
    let list = |query: Value| json!({ "query": query });
    let new_user = |email: &str, name: &str, password: Value, roles: Value, data: Value| {
        json!({ "user": { "email": email, "name": name, "password": password, "roles": roles,
            "emailVerified": false, "data": data } })
    };
    let plain =
        |email: &str, name: &str| new_user(email, name, Value::Null, json!(["user"]), json!({}));
    let huge_fields = json!({ "notes": huge });
    let ban = |reason: &str, length: Value| json!({ "userId": charles, "ban": { "reason": reason, "length": length } });
    let timed = |seconds: Value| json!({ "kind": "timed", "seconds": seconds });
    let impersonate = |reason: &str, minutes: Value| json!({ "request": { "userId": charles, "reason": reason, "minutes": minutes } });
    let unlock = |password: &str| json!({ "request": { "baseUrl": "", "email": "", "password": password, "purpose": "unlock" } });
    let profile = |name: &str, base_url: &str, extra: Value| {
        let mut settings = json!({ "name": name, "baseUrl": base_url });
        settings
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({ "id": null, "settings": settings })
    };
    let search = |value: &str| {
        list(json!({ "limit": 10, "offset": 0,
        "search": { "field": "name", "operator": "contains", "value": value } }))
    };

    let cases = [
        (
            "list: page of 0",
            "list_users",
            list(json!({ "limit": 0, "offset": 0 })),
            AtField("VALIDATION", "limit"),
        ),
        (
            "list: page of 100000",
            "list_users",
            list(json!({ "limit": 100_000, "offset": 0 })),
            AtField("VALIDATION", "limit"),
        ),
        (
            "list: negative offset",
            "list_users",
            list(json!({ "limit": 10, "offset": -5 })),
            WrongShape("query"),
        ),
        (
            "list: sort by password",
            "list_users",
            list(
                json!({ "limit": 10, "offset": 0, "sort": { "field": "password", "direction": "asc" } }),
            ),
            WrongShape("query"),
        ),
        (
            "list: 101 filter values",
            "list_users",
            list(
                json!({ "limit": 10, "offset": 0, "filter": { "field": "role",
                "operator": "in", "values": vec!["user"; 101] } }),
            ),
            AtField("VALIDATION", "filter"),
        ),
        (
            "list: 10 MB search",
            "list_users",
            search(&huge),
            AtField("VALIDATION", "search"),
        ),
        (
            "list: search with control characters",
            "list_users",
            search("\u{0}\u{7}\u{1b}[31m"),
            Accepted,
        ),
        (
            "list: search in four scripts and emoji",
            "list_users",
            search("Zoë 山田 Ωμέγα 🙂"),
            Accepted,
        ),
        (
            "get: unknown id",
            "get_user",
            json!({ "userId": unknown }),
            Code("NOT_FOUND"),
        ),
        (
            "get: path in the id",
            "get_user",
            json!({ "userId": "../../etc/passwd" }),
            AtField("VALIDATION", "userId"),
        ),
        (
            "get: empty id",
            "get_user",
            json!({ "userId": "" }),
            AtField("VALIDATION", "userId"),
        ),
        (
            "get: 10 MB id",
            "get_user",
            json!({ "userId": huge }),
            AtField("VALIDATION", "userId"),
        ),
        (
            "get: id as a number",
            "get_user",
            json!({ "userId": 42 }),
            WrongShape("userId"),
        ),
        (
            "create: malformed email",
            "create_user",
            plain("a@b@c", "Bad Email"),
            AtField("VALIDATION", "email"),
        ),
        (
            "create: 10 MB email",
            "create_user",
            plain(&huge_email, "Huge Email"),
            AtField("VALIDATION", "email"),
        ),
        (
            "create: 300-character email",
            "create_user",
            plain(&format!("{}@authdesk.test", "b".repeat(290)), "Long Email"),
            AtField("VALIDATION", "email"),
        ),
        (
            "create: empty name",
            "create_user",
            plain("empty-name@authdesk.test", "   "),
            AtField("VALIDATION", "name"),
        ),
        (
            "create: name with a bell and a tab",
            "create_user",
            plain("bell@authdesk.test", "Ada\u{7}\tL"),
            AtField("VALIDATION", "name"),
        ),
        (
            "create: 10 MB name",
            "create_user",
            plain("huge-name@authdesk.test", &huge),
            AtField("VALIDATION", "name"),
        ),
        (
            "create: short password",
            "create_user",
            new_user(
                "short@authdesk.test",
                "Short",
                json!("1234"),
                json!(["user"]),
                json!({}),
            ),
            AtField("VALIDATION", "password"),
        ),
        (
            "create: no roles",
            "create_user",
            new_user(
                "noroles@authdesk.test",
                "No Roles",
                Value::Null,
                json!([]),
                json!({}),
            ),
            AtField("VALIDATION", "roles"),
        ),
        (
            "create: role with a comma",
            "create_user",
            new_user(
                "comma@authdesk.test",
                "Comma",
                Value::Null,
                json!(["user,admin"]),
                json!({}),
            ),
            AtField("VALIDATION", "roles"),
        ),
        (
            "create: custom fields as a JSON string",
            "create_user",
            new_user(
                "json@authdesk.test",
                "Json",
                Value::Null,
                json!(["user"]),
                json!("{plan: pro}"),
            ),
            WrongShape("user"),
        ),
        (
            "create: 10 MB custom fields",
            "create_user",
            new_user(
                "fields@authdesk.test",
                "Fields",
                Value::Null,
                json!(["user"]),
                huge_fields.clone(),
            ),
            AtField("VALIDATION", "data"),
        ),
        (
            "create: a custom field that makes an admin",
            "create_user",
            new_user(
                "sneaky@authdesk.test",
                "Sneaky",
                Value::Null,
                json!(["user"]),
                json!({ "role": "admin" }),
            ),
            AtField("VALIDATION", "data"),
        ),
        (
            "update: custom fields that unban, promote and re-address",
            "update_user",
            json!({ "userId": charles, "update": { "customFields":
                { "role": "admin", "banned": false, "email": "x@y.test" } } }),
            AtField("VALIDATION", "data"),
        ),
        (
            "create: unicode name",
            "create_user",
            plain("zoe.yamada@authdesk.test", "Zoë 山田 🙂"),
            Accepted,
        ),
        (
            "update: a number field given text",
            "update_user",
            json!({ "userId": charles, "update": { "customFields": { "seats": "three" } } }),
            AtField("VALIDATION", "customField"),
        ),
        (
            "update: a field the server's users do not have",
            "update_user",
            json!({ "userId": charles, "update": { "customFields": { "favouriteColour": "teal" } } }),
            AtField("VALIDATION", "customField"),
        ),
        (
            "update: two-factor turned off as a custom field",
            "update_user",
            json!({ "userId": charles, "update": { "customFields": { "twoFactorEnabled": false } } }),
            AtField("VALIDATION", "data"),
        ),
        (
            "profile: a reset page on plain http across the network",
            "save_profile",
            json!({ "id": null, "settings": { "name": "Reset", "baseUrl": "https://auth.example.com/api/auth",
                "passwordResetPage": "http://app.example.com/reset" } }),
            AtField("VALIDATION", "resetPage"),
        ),
        (
            "update: nothing",
            "update_user",
            json!({ "userId": charles, "update": {} }),
            Code("VALIDATION"),
        ),
        (
            "update: malformed email",
            "update_user",
            json!({ "userId": charles, "update": { "email": "charles at example" } }),
            AtField("VALIDATION", "email"),
        ),
        (
            "update: 10 MB custom fields",
            "update_user",
            json!({ "userId": charles, "update": { "customFields": huge_fields } }),
            AtField("VALIDATION", "data"),
        ),
        (
            "update: unknown id",
            "update_user",
            json!({ "userId": unknown, "update": { "name": "Nobody" } }),
            Code("NOT_FOUND"),
        ),
        (
            "roles: empty list",
            "set_roles",
            json!({ "userId": charles, "roles": [] }),
            AtField("VALIDATION", "roles"),
        ),
        (
            "roles: 10 MB role",
            "set_roles",
            json!({ "userId": charles, "roles": [huge] }),
            AtField("VALIDATION", "roles"),
        ),
        (
            "password: 4 characters",
            "set_user_password",
            json!({ "userId": charles, "password": "1234", "signOutEverywhere": false }),
            AtField("VALIDATION", "password"),
        ),
        (
            "password: 10 MB",
            "set_user_password",
            json!({ "userId": charles, "password": huge, "signOutEverywhere": true }),
            AtField("VALIDATION", "password"),
        ),
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
            ban(&huge, json!({ "kind": "permanent" })),
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
        (
            "profile: no name",
            "save_profile",
            profile(" ", url, json!({})),
            AtField("VALIDATION", "name"),
        ),
        (
            "profile: a name that reads backwards",
            "save_profile",
            profile("Prod\u{202E}noitcudorp", url, json!({})),
            AtField("VALIDATION", "name"),
        ),
        (
            "profile: a 100 KB CA bundle",
            "save_profile",
            profile(
                "Big CA",
                url,
                json!({ "caCertificatePem": "-----BEGIN CERTIFICATE-----\n".repeat(4000) }),
            ),
            AtField("VALIDATION", "caCertificatePem"),
        ),
        (
            "profile: plain http to a LAN host",
            "save_profile",
            profile("LAN", "http://10.0.0.5/api/auth", json!({})),
            AtField("INVALID_URL", "baseUrl"),
        ),
        (
            "profile: CA that is not PEM",
            "save_profile",
            profile(
                "CA",
                url,
                json!({ "caCertificatePem": "not a certificate" }),
            ),
            AtField("VALIDATION", "caCertificatePem"),
        ),
        (
            "profile: Origin with a path",
            "save_profile",
            profile(
                "Origin",
                url,
                json!({ "originOverride": "https://app.example.com/login" }),
            ),
            AtField("VALIDATION", "originOverride"),
        ),
        (
            "profile: unknown colour",
            "save_profile",
            profile("Colour", url, json!({ "colour": "ultraviolet" })),
            WrongShape("settings"),
        ),
        (
            "profile: remove an unknown one",
            "remove_profile",
            json!({ "id": unknown }),
            Code("NOT_FOUND"),
        ),
        (
            "audit: export as PDF",
            "export_audit",
            json!({ "format": "pdf" }),
            WrongShape("format"),
        ),
        (
            "profile: never lock (0 minutes)",
            "save_profile",
            profile("Idle", url, json!({ "idleLockMinutes": 0 })),
            AtField("VALIDATION", "idleLock"),
        ),
        (
            "profile: lock after a week",
            "save_profile",
            profile("Idle", url, json!({ "idleLockMinutes": 10_080 })),
            AtField("VALIDATION", "idleLock"),
        ),
        (
            "profile: lock after minus one minute",
            "save_profile",
            profile("Idle", url, json!({ "idleLockMinutes": -1 })),
            WrongShape("settings"),
        ),
        (
            "unlock: no password",
            "sign_in",
            unlock(""),
            AtField("VALIDATION", "password"),
        ),
        (
            "unlock: a 10 MB password",
            "sign_in",
            unlock(&"p".repeat(TEN_MB)),
            AtField("VALIDATION", "password"),
        ),
        (
            "second factor: no code",
            "verify_second_factor",
            json!({ "proof": { "method": "authenticator", "code": "  " } }),
            AtField("VALIDATION", "code"),
        ),
        (
            "second factor: a 10 MB code",
            "verify_second_factor",
            json!({ "proof": { "method": "backupCode", "code": "1".repeat(TEN_MB) } }),
            AtField("VALIDATION", "code"),
        ),
        (
            "second factor: a method no server has",
            "verify_second_factor",
            json!({ "proof": { "method": "carrierPigeon", "code": "123456" } }),
            WrongShape("proof"),
        ),
        (
            "second factor: none asked for",
            "verify_second_factor",
            json!({ "proof": { "method": "authenticator", "code": "123456" } }),
            Code("CHALLENGE_ENDED"),
        ),
        (
            "email code: no code",
            "sign_in_with_code",
            json!({ "request": { "baseUrl": url, "email": "hedy@authdesk.test", "code": "" } }),
            AtField("VALIDATION", "code"),
        ),
        (
            "email code: sent to no address",
            "send_sign_in_code",
            json!({ "request": { "baseUrl": url, "email": "nobody" } }),
            AtField("VALIDATION", "email"),
        ),
        (
            "magic link: not a link",
            "sign_in_with_link",
            json!({ "request": { "baseUrl": url, "link": "hello" } }),
            AtField("VALIDATION", "link"),
        ),
        (
            "magic link: another server's",
            "sign_in_with_link",
            json!({ "request": { "baseUrl": url, "link": "http://127.0.0.1:1/api/auth/magic-link/verify?token=abc" } }),
            AtField("VALIDATION", "link"),
        ),
        (
            "audit: check an export at no path",
            "verify_audit_export",
            json!({ "path": "  " }),
            AtField("VALIDATION", "path"),
        ),
        (
            "audit: check an export that is not there",
            "verify_audit_export",
            json!({ "path": "/nonexistent/authdesk-audit.jsonl" }),
            AtField("NOT_FOUND", "path"),
        ),
        (
            "audit: check a 10 MB path",
            "verify_audit_export",
            json!({ "path": "/".repeat(TEN_MB) }),
            AtField("VALIDATION", "path"),
        ),
    ];
    for (label, command, args, expect) in cases {
        check(&mut ipc, label, command, args, expect);
    }

    // Still signed in, and nothing refused reached the server.
    let page = ipc
        .call("list_users", list(json!({ "limit": 100, "offset": 0 })))
        .expect("the admin is still signed in");
    let emails: Vec<&str> = page["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|user| user["email"].as_str().unwrap())
        .collect();
    assert_eq!(
        page["total"],
        sandbox.users + 1,
        "only the unicode user was created"
    );
    assert!(emails.contains(&"zoe.yamada@authdesk.test"));
    let charles = ipc.call("get_user", json!({ "userId": charles })).unwrap();
    assert_eq!(charles["ban"]["state"], "notBanned");
    assert_eq!(charles["name"], accounts().user.name.as_str());
    assert_eq!(charles["email"], accounts().user.email.as_str());
    assert_eq!(
        charles["roles"],
        json!(["user"]),
        "no custom field changed the roles"
    );
}
