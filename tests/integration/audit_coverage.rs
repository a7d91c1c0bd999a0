//! Every command that changes a user leaves its line in the audit trail, and no other command
//! does. The test runs every command in the app's one command list against the sandbox, so a
//! new command cannot be added without saying here whether it changes a user.

use std::collections::BTreeSet;

use authdesk_protocol::AuditAction;
use serde_json::{Value, json};

use crate::support::ipc::Ipc;
use crate::support::{Account, BareAdmin, MemorySettings, Sandbox, accounts, console_with};

/// What each command is expected to write to the audit trail.
fn audited_as(command: &str) -> Option<AuditAction> {
    match command {
        "create_user" => Some(AuditAction::CreateUser),
        "update_user" => Some(AuditAction::UpdateUser),
        "set_roles" => Some(AuditAction::SetRoles),
        "set_user_password" => Some(AuditAction::SetPassword),
        "ban_user" => Some(AuditAction::Ban),
        "unban_user" => Some(AuditAction::Unban),
        "revoke_user_session" => Some(AuditAction::RevokeSession),
        "revoke_user_sessions" => Some(AuditAction::RevokeAllSessions),
        "remove_user" => Some(AuditAction::DeleteUser),
        "impersonate_user" => Some(AuditAction::Impersonate),
        "stop_impersonating" => Some(AuditAction::StopImpersonating),
        "send_password_reset" => Some(AuditAction::SendPasswordReset),
        "send_verification_email" => Some(AuditAction::SendVerification),
        "reset_two_factor" => Some(AuditAction::ResetTwoFactor),
        // Each user's line as it ends, then the batch's own (checked below, not by `step`).
        "start_bulk" => Some(AuditAction::Bulk),
        // Written when the file is complete (checked below, not by `step`).
        "start_export" => Some(AuditAction::ExportUsers),
        "sign_in_defaults"
        | "sign_in_options"
        | "sign_in_with_provider"
        | "restore_session"
        | "sign_in"
        | "send_second_factor_code"
        | "verify_second_factor"
        | "send_sign_in_code"
        | "sign_in_with_code"
        | "send_magic_link"
        | "sign_in_with_link"
        | "forget_this_computer"
        | "sign_out"
        | "switch_profile"
        | "list_profiles"
        | "save_profile"
        | "remove_profile"
        | "list_users"
        | "get_user"
        | "list_user_sessions"
        | "user_fields"
        | "plan_bulk"
        | "bulk_progress"
        | "cancel_bulk"
        | "dismiss_bulk"
        | "export_progress"
        | "cancel_export"
        | "impersonation_view"
        | "audit_log"
        | "export_audit"
        | "show_saved_file"
        | "check_for_update"
        | "download_update"
        | "install_update"
        | "verify_audit_export"
        | "copy_text"
        | "take_link" => None,
        other => {
            panic!("`{other}` is a new command: add it here, saying which audit action it writes")
        }
    }
}

struct Run {
    ipc: Ipc,
    ran: BTreeSet<String>,
}

impl Run {
    fn records(&mut self) -> Vec<Value> {
        let view = self.ipc.call("audit_log", json!({})).unwrap();
        self.ran.insert("audit_log".to_owned());
        view["records"].as_array().unwrap().clone()
    }

    /// Runs `command` and checks the audit trail grew by exactly its own line (or not at all).
    fn step(&mut self, command: &str, args: Value, target: &str) -> Value {
        let before = self.records().len();
        let answer = self
            .ipc
            .call(command, args)
            .unwrap_or_else(|error| panic!("{command} failed: {error}"));
        let records = self.records();
        match audited_as(command) {
            Some(action) => {
                assert_eq!(records.len(), before + 1, "{command} wrote one audit line");
                let line = records.last().unwrap();
                assert_eq!(line["action"], action.name(), "{command}");
                assert_eq!(line["admin"], accounts().admin.email.as_str(), "{command}");
                assert_eq!(line["target"], target, "{command}");
                assert_eq!(line["outcome"]["result"], "succeeded", "{command}");
            }
            None => assert_eq!(records.len(), before, "{command} wrote no audit line"),
        }
        self.ran.insert(command.to_owned());
        answer
    }

    /// A command that must be refused, writing nothing to the audit trail.
    fn refused(&mut self, command: &str, args: Value) -> Value {
        let before = self.records().len();
        let error = self
            .ipc
            .call(command, args)
            .expect_err("the command is refused");
        assert_eq!(
            self.records().len(),
            before,
            "{command} wrote no audit line"
        );
        self.ran.insert(command.to_owned());
        error
    }
}

#[test]
fn every_change_to_a_user_is_in_the_audit_trail() {
    for command in authdesk_app::COMMANDS {
        audited_as(command);
    }
    // A server of its own: users created here must not change the shared one's counts.
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let auth_url = || sandbox.url.clone();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut run = Run {
        ipc: Ipc::new(console_with(&MemorySettings::default())),
        ran: BTreeSet::new(),
    };
    let admin = accounts().admin;
    let stamp = std::process::id();
    let email = format!("audit-cover-{stamp}@authdesk.test");
    let password = "audit-cover-password";

    run.step("sign_in_defaults", json!({}), "");
    let offered = run.step("sign_in_options", json!({ "baseUrl": auth_url() }), "");
    assert_eq!(
        offered["methods"],
        json!(["password", "emailCode", "magicLink"])
    );
    run.step("restore_session", json!({}), "");
    let signed_in = run.step(
        "sign_in",
        json!({ "request": { "baseUrl": auth_url(), "email": admin.email, "password": admin.password } }),
        "",
    );
    run.step(
        "sign_in",
        json!({ "request": { "baseUrl": "", "email": "", "password": admin.password, "purpose": "unlock" } }),
        "",
    );
    let profiles = run.step("list_profiles", json!({}), "");
    // To the deployment signed in to: it stays as it is, and no user changes.
    run.step("switch_profile", json!({ "id": profiles[0]["id"] }), "");
    let profile = run.step(
        "save_profile",
        json!({ "id": null, "settings": { "name": "Spare", "baseUrl": "https://auth.example.com/api/auth" } }),
        "",
    );
    run.step("remove_profile", json!({ "id": profile["id"] }), "");

    let created = run.step(
        "create_user",
        json!({ "user": { "email": email, "name": "Audit Cover", "roles": ["user"], "data": {} } }),
        &email,
    );
    let id = created["id"].as_str().unwrap().to_owned();
    run.step(
        "list_users",
        json!({ "query": { "limit": 5, "offset": 0 } }),
        "",
    );
    run.step("get_user", json!({ "userId": id }), "");
    run.step(
        "update_user",
        json!({ "userId": id, "update": { "name": "Audit Covered" } }),
        &email,
    );
    run.step(
        "set_roles",
        json!({ "userId": id, "roles": ["user", "support"] }),
        &email,
    );
    run.step(
        "set_user_password",
        json!({ "userId": id, "password": password, "signOutEverywhere": false }),
        &id,
    );
    run.step("user_fields", json!({}), "");
    let own_id = &signed_in["signedIn"]["profile"]["id"];
    let mut own = signed_in["signedIn"]["profile"]["settings"].clone();
    let origin = auth_url().trim_end_matches("/api/auth").to_owned();
    own["passwordResetPage"] = json!(format!("{origin}/reset-password"));
    run.step("save_profile", json!({ "id": own_id, "settings": own }), "");
    run.step("send_password_reset", json!({ "userId": id }), &email);
    run.step("send_verification_email", json!({ "userId": id }), &email);
    run.step("reset_two_factor", json!({ "userId": id }), &email);

    let user = Account {
        email: email.clone(),
        password: password.to_owned(),
        name: "Audit Covered".to_owned(),
        two_factor: None,
    };
    runtime.block_on(BareAdmin::sign_in(&auth_url(), &user));
    runtime.block_on(BareAdmin::sign_in(&auth_url(), &user));
    let sessions = run.step("list_user_sessions", json!({ "userId": id }), "");
    let session_id = sessions[0]["id"].as_str().unwrap().to_owned();
    run.step(
        "revoke_user_session",
        json!({ "userId": id, "sessionId": session_id }),
        &id,
    );
    run.step("revoke_user_sessions", json!({ "userId": id }), &id);
    run.step(
        "ban_user",
        json!({ "userId": id, "ban": { "reason": "Spam", "length": { "kind": "timed", "seconds": 3600 } } }),
        &email,
    );
    run.step("unban_user", json!({ "userId": id }), &email);

    // A bulk action writes one line per user and one for the batch, once it is over.
    let plan = run.step(
        "plan_bulk",
        json!({ "selection": { "kind": "users", "ids": [id] }, "action": { "kind": "unban" } }),
        "",
    );
    assert_eq!(
        plan["skipped"][0]["result"]["reason"], "Not banned.",
        "{plan}"
    );
    let plan = run.step(
        "plan_bulk",
        json!({ "selection": { "kind": "users", "ids": [id] },
            "action": { "kind": "addRole", "role": "viewer" } }),
        "",
    );
    let before = run.records().len();
    run.ipc
        .call("start_bulk", json!({ "planId": plan["id"] }))
        .unwrap();
    run.ran.insert("start_bulk".to_owned());
    // Polled by hand: the batch writes its lines while this reads.
    run.ran.insert("bulk_progress".to_owned());
    let over = loop {
        let progress = run.ipc.call("bulk_progress", json!({})).unwrap();
        if !["running", "stopping"].contains(&progress["state"].as_str().unwrap()) {
            break progress;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(over["done"], 1, "{over}");
    let records = run.records();
    assert_eq!(
        records.len(),
        before + 2,
        "one line for the user, one for the batch"
    );
    assert_eq!(records[before]["action"], "set-roles");
    assert_eq!(records[before]["target"], email.as_str());
    assert_eq!(records[before + 1]["action"], "bulk");
    run.step("cancel_bulk", json!({}), "");
    run.step("dismiss_bulk", json!({}), "");

    let before = run.records().len();
    let export = json!({ "export": { "query": { "limit": 25, "offset": 0 }, "format": "csv",
        "columns": [{ "kind": "email" }, { "kind": "field", "key": "plan" }] } });
    let started = run.ipc.call("start_export", export).unwrap();
    run.ran.insert("start_export".to_owned());
    run.ran.insert("export_progress".to_owned());
    let exported = loop {
        let progress = run.ipc.call("export_progress", json!({})).unwrap();
        if progress["state"]["state"] != "running" {
            break progress;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(exported["state"]["state"], "finished", "{exported}");
    let records = run.records();
    assert_eq!(records.len(), before + 1, "one line for the export");
    assert_eq!(records[before]["action"], "export-users");
    std::fs::remove_file(started["path"].as_str().unwrap()).unwrap();
    run.step("cancel_export", json!({}), "");

    run.step(
        "impersonate_user",
        json!({ "request": { "userId": id, "reason": "Ticket 42", "minutes": 5 } }),
        &email,
    );
    run.step("impersonation_view", json!({}), "");
    run.step("stop_impersonating", json!({}), &email);

    let exported = run.step("export_audit", json!({ "format": "jsonLines" }), "");
    let exported = std::path::PathBuf::from(exported.as_str().unwrap());
    assert!(
        std::fs::read_to_string(&exported)
            .unwrap()
            .contains("\"impersonate\"")
    );
    let verdict = run.step("verify_audit_export", json!({ "path": exported }), "");
    assert_eq!(verdict["state"], "intact", "{verdict}");
    run.step("show_saved_file", json!({}), "");
    std::fs::remove_file(exported).unwrap();
    run.step("remove_user", json!({ "userId": id }), &id);
    run.step("sign_out", json!({}), "");

    // The other ways of signing in: nothing they do changes a user.
    let mail = &sandbox.mailbox;
    let otp = accounts().otp_admin;
    let challenge = run.step(
        "sign_in",
        json!({ "request": { "baseUrl": auth_url(), "email": otp.email, "password": otp.password } }),
        "",
    );
    assert_eq!(challenge["secondFactor"]["methods"], json!(["emailCode"]));
    let mark = mail.mark();
    run.step("send_second_factor_code", json!({}), "");
    let code = mail.code(&mark, &otp.email, "two-factor-code");
    run.step(
        "verify_second_factor",
        json!({ "proof": { "method": "emailCode", "code": code, "trustDevice": true } }),
        "",
    );
    run.step("forget_this_computer", json!({ "baseUrl": auth_url() }), "");
    run.step("sign_out", json!({}), "");
    let hedy = accounts().passwordless_admin;
    let by_mail = json!({ "request": { "baseUrl": auth_url(), "email": hedy.email } });
    let mark = mail.mark();
    run.step("send_sign_in_code", by_mail.clone(), "");
    let code = mail.code(&mark, &hedy.email, "sign-in-code");
    run.step(
        "sign_in_with_code",
        json!({ "request": { "baseUrl": auth_url(), "email": hedy.email, "code": code } }),
        "",
    );
    let mark = mail.mark();
    run.step("send_magic_link", by_mail, "");
    let link = mail.link(&mark, &hedy.email);
    run.step(
        "sign_in_with_link",
        json!({ "request": { "baseUrl": auth_url(), "link": link } }),
        "",
    );
    // Single sign-on with a provider the server lacks is refused before any window opens (the
    // whole flow is in the end-to-end tests).
    let no_provider =
        json!({ "request": { "baseUrl": auth_url(), "provider": "no-such-provider" } });
    let error = run.refused("sign_in_with_provider", no_provider);
    assert_eq!(error["field"], "provider", "{error}");
    run.step("sign_out", json!({}), "");
    // No link has arrived: there is nothing to open.
    assert_eq!(run.step("take_link", json!({}), ""), Value::Null);
    // Nothing to copy is refused before the clipboard is touched (the real clipboard is in the
    // end-to-end tests).
    let error = run.refused("copy_text", json!({ "text": "" }));
    assert_eq!(error["code"], "VALIDATION", "{error}");
    // No fleet feed: no update, and nothing to download or install (the feed is in the
    // end-to-end tests).
    assert_eq!(run.step("check_for_update", json!({}), ""), Value::Null);
    for command in ["download_update", "install_update"] {
        let error = run.refused(command, json!({}));
        assert_eq!(error["code"], "NOT_FOUND", "{error}");
    }

    let all: BTreeSet<String> = authdesk_app::COMMANDS
        .iter()
        .map(|command| (*command).to_owned())
        .collect();
    assert_eq!(run.ran, all, "every command was run");
}
