//! A whole admin flow driven through the Tauri commands themselves (sign in, list, look at a
//! user's sessions, impersonate, stop, sign out) against the real sandbox server, with every IPC
//! response and every log line recorded. None may contain a session token or cookie value.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::support::ipc::Ipc;
use crate::support::{BareAdmin, accounts, auth_url, console};
use serde_json::json;

/// Log output, as the app writes it with the most talkative setting, `AUTHDESK_LOG=trace`.
#[derive(Clone, Default)]
struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_full_flow_through_the_commands_leaks_no_token_or_cookie() {
    let logs = CapturedLogs::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_env_filter(authdesk_app::log_filter("trace"))
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let bare = runtime.block_on(BareAdmin::sign_in(&auth_url(), &accounts().admins[1]));

    let mut ipc = Ipc::new(console());
    let admin = accounts().admin;
    let mut tokens = Vec::new();

    let signed_in = ipc
        .call(
            "sign_in",
            json!({ "request": {
                "baseUrl": auth_url(), "email": admin.email, "password": admin.password
            }}),
        )
        .unwrap();
    let signed_in = &signed_in["signedIn"];
    assert_eq!(signed_in["email"], admin.email.as_str());
    let admin_id = signed_in["id"].as_str().unwrap().to_owned();
    tokens.extend(runtime.block_on(session_tokens(&bare, &admin_id)));

    let page = ipc
        .call(
            "list_users",
            json!({ "query": { "limit": 25, "offset": 0 } }),
        )
        .unwrap();
    assert_eq!(page["users"].as_array().unwrap().len(), 25);

    let grace = ipc
        .call("list_users", json!({ "query": {
            "search": { "field": "email", "operator": "contains", "value": "grace@authdesk.test" },
            "limit": 5, "offset": 0
        }}))
        .unwrap();
    let grace_id = grace["users"][0]["id"].as_str().unwrap().to_owned();
    let sessions = ipc
        .call("list_user_sessions", json!({ "userId": grace_id }))
        .unwrap();
    let sessions = sessions.as_array().unwrap();
    assert!(
        sessions.len() >= 3,
        "the sandbox seeds three sessions for Grace"
    );
    assert!(
        sessions
            .iter()
            .all(|session| session.get("token").is_none())
    );

    let started = ipc
        .call(
            "impersonate_user",
            json!({ "request": { "userId": grace_id, "reason": "Ticket 4711", "minutes": 15 } }),
        )
        .unwrap();
    assert_eq!(started["user"]["id"], grace_id.as_str());
    tokens.extend(runtime.block_on(session_tokens(&bare, &grace_id)));
    let refused = ipc
        .call(
            "list_users",
            json!({ "query": { "limit": 5, "offset": 0 } }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "FORBIDDEN");
    let back = ipc.call("stop_impersonating", json!({})).unwrap();
    assert_eq!(back["id"], admin_id.as_str());

    // Revoking by the opaque id reaches the right session (the backend looks up its token).
    let before = runtime.block_on(session_tokens(&bare, &grace_id));
    let first_id = sessions[0]["id"].as_str().unwrap();
    ipc.call(
        "revoke_user_session",
        json!({ "userId": grace_id, "sessionId": first_id }),
    )
    .unwrap();
    let after = runtime.block_on(session_tokens(&bare, &grace_id));
    assert_eq!(after.len() + 1, before.len());
    let gone = ipc.call(
        "revoke_user_session",
        json!({ "userId": grace_id, "sessionId": first_id }),
    );
    assert_eq!(gone.unwrap_err()["code"], "NOT_FOUND");

    // The audit trail, read through its command, holds every change made above.
    let audit = ipc.call("audit_log", json!({})).unwrap();
    let actions: Vec<&str> = audit["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|record| record["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "impersonate",
            "stop-impersonating",
            "revoke-session",
            "revoke-session"
        ]
    );
    assert_eq!(audit["records"][3]["outcome"]["result"], "failed");
    assert_eq!(audit["chain"], json!({ "state": "intact", "entries": 4 }));
    tokens.iter().for_each(|token| {
        let file = std::fs::read_to_string(audit["path"].as_str().unwrap()).unwrap();
        assert!(
            !file.contains(token.as_str()),
            "the audit log holds a session token"
        );
    });

    ipc.call("sign_out", json!({})).unwrap();
    let signed_out = ipc.call(
        "list_users",
        json!({ "query": { "limit": 5, "offset": 0 } }),
    );
    assert_eq!(signed_out.unwrap_err()["code"], "NOT_SIGNED_IN");

    let transcript = ipc.transcript.join("\n");
    let log = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("admin signed in"),
        "the log was captured:\n{log}"
    );
    assert!(!tokens.is_empty());
    for token in &tokens {
        assert!(
            !transcript.contains(token.as_str()),
            "an IPC response holds a session token"
        );
        let leaking: Vec<String> = log
            .lines()
            .filter(|line| line.contains(token.as_str()))
            .map(|line| line.replace(token.as_str(), "<TOKEN>"))
            .collect();
        assert!(
            leaking.is_empty(),
            "log lines hold a session token:\n{}",
            leaking.join("\n")
        );
    }
    for secret in [admin.password.as_str(), "session_token", "admin_session"] {
        assert!(
            !transcript.contains(secret),
            "an IPC response holds {secret}"
        );
        assert!(!log.contains(secret), "a log line holds {secret}");
    }
}

/// The user's session tokens as the server holds them (a cookie value starts with its token).
async fn session_tokens(bare: &BareAdmin, user_id: &str) -> Vec<String> {
    bare.sessions_of(user_id)
        .await
        .iter()
        .map(|session| session["token"].as_str().unwrap().to_owned())
        .collect()
}
