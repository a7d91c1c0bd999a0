//! Bad input to the console's own commands: profiles, the lock, the audit log, the other ways to
//! sign in.

use serde_json::{Value, json};

use super::Expect::{AtField, Code, WrongShape};
use super::{Case, Inputs, TEN_MB};

pub(super) fn cases(inputs: &Inputs) -> Vec<Case> {
    let Inputs { url, unknown, .. } = inputs;
    let unlock = |password: &str| json!({ "request": { "baseUrl": "", "email": "", "password": password, "purpose": "unlock" } });
    let profile = |name: &str, base_url: &str, extra: Value| {
        let mut settings = json!({ "name": name, "baseUrl": base_url });
        settings
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({ "id": null, "settings": settings })
    };
    vec![
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
    ]
}
