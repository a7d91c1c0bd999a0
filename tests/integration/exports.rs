//! Audit exports go where the save dialog says, and a link planted there is replaced, never
//! followed (review finding L7). They carry the
//! chain and are verified (M3), and no change is made whose entry cannot be written, nor any
//! while the log cannot be opened.

use authdesk_protocol::{AuditChain, AuditExportFormat};

use crate::support::SignedIn;
use std::path::PathBuf;
use std::sync::Arc;

use crate::support::{MemorySettings, SaveDialog, console_with, temp_dir};

#[tokio::test]
async fn an_export_goes_where_the_dialog_says_and_never_through_a_planted_link() {
    let folder = temp_dir("exports");
    let dialog = Arc::new(SaveDialog::saving_into(folder.clone()));
    let console = console_with(&MemorySettings::default()).with_files(dialog.clone());
    // Someone planted a link where the dialog will suggest saving, to a file of the admin's.
    let victim = temp_dir("exports-victim").join("precious.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let day = authdesk_protocol::OffsetDateTime::now_utc().date();
    let suggested = folder.join(format!("authdesk-audit-{day}.csv"));
    std::os::unix::fs::symlink(&victim, &suggested).unwrap();

    let exported = console
        .export_audit(AuditExportFormat::Csv)
        .await
        .unwrap()
        .expect("saved where the dialog said");
    assert_eq!(PathBuf::from(&exported), suggested);
    let metadata = std::fs::symlink_metadata(&exported).unwrap();
    assert!(metadata.is_file(), "{exported} is a file of its own");
    assert!(
        std::fs::read_to_string(&exported)
            .unwrap()
            .starts_with("seq,at,admin")
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    let left: Vec<_> = std::fs::read_dir(&folder).unwrap().collect();
    assert_eq!(left.len(), 1, "no partial file is left beside it");

    // "Show in folder" shows that file, and only a file an export wrote.
    console.show_saved_file().await.unwrap();
    assert_eq!(*dialog.shown.lock().unwrap(), vec![suggested.clone()]);
    std::fs::remove_file(&suggested).unwrap();
    let gone = console.show_saved_file().await.unwrap_err();
    assert!(gone.message.contains("not there"), "{}", gone.message);

    // The audit log's own file is refused, however the dialog names it.
    let audit_log = std::path::PathBuf::from(console.audit_log().await.unwrap().path);
    let roundabout = audit_log
        .parent()
        .unwrap()
        .join("..")
        .join(audit_log.parent().unwrap().file_name().unwrap());
    let console = console.with_files(Arc::new(SaveDialog::answering(
        roundabout.join(audit_log.file_name().unwrap()),
    )));
    let refused = console.export_audit(AuditExportFormat::JsonLines).await;
    assert!(refused.unwrap_err().message.contains("audit log"));
    let chain = console.audit_log().await.unwrap().chain;
    assert!(matches!(chain, AuditChain::Intact { .. }), "{chain:?}");

    // Cancelled in the dialog: nothing is written, and that is not an error.
    let console = console.with_files(Arc::new(SaveDialog::cancelled()));
    let cancelled = console.export_audit(AuditExportFormat::JsonLines).await;
    assert_eq!(cancelled.unwrap(), None);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
}

/// Review finding M3: a change whose audit entry cannot be written is not made.
#[tokio::test]
async fn no_change_is_made_when_its_audit_entry_cannot_be_written() {
    let sandbox = crate::support::Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let audit_path = temp_dir("unwritable-audit").join("audit.jsonl");
    let (console, charles) = signed_in_beside_charles(&sandbox, &audit_path).await;
    // The log's place is taken by a folder: no entry can be appended (even as root).
    std::fs::remove_file(&audit_path).ok();
    std::fs::create_dir(&audit_path).unwrap();

    let refused = ban(&console, &charles).await.unwrap_err();
    assert!(
        refused.message.contains("audit log cannot be written"),
        "{}",
        refused.message
    );
    let impersonation = console
        .impersonate_user(authdesk_protocol::ImpersonationRequest {
            user_id: charles.clone(),
            reason: "Ticket 1".into(),
            minutes: 5,
        })
        .await
        .unwrap_err();
    assert!(
        impersonation.message.contains("audit log"),
        "{}",
        impersonation.message
    );
    assert_not_banned(&console, charles).await;
}

/// Review finding M3: an export carries the chain, and the app tells an export as it wrote it
/// from one that was edited afterwards.
#[tokio::test]
async fn a_json_lines_export_is_verified_and_an_edited_one_is_not() {
    crate::support::tally(
        crate::support::Tried::Fault,
        "an exported audit file edited",
    );
    // A server of its own: the user made here must not change other tests' counts.
    let sandbox = crate::support::Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let console = console_with(&MemorySettings::default());
    let admin = console
        .sign_in(crate::support::admin_sign_in(&sandbox.url))
        .await
        .signed_in()
        .unwrap();
    let stamp = authdesk_protocol::OffsetDateTime::now_utc().unix_timestamp_nanos();
    console
        .create_user(authdesk_protocol::NewUser {
            email: format!("export-check-{stamp}@authdesk.test"),
            name: "Export Check".into(),
            password: Some(authdesk_protocol::Password::new("first-pass-123")),
            roles: vec!["user".into()],
            email_verified: false,
            data: serde_json::Map::new(),
        })
        .await
        .unwrap();
    let exported = console
        .export_audit(AuditExportFormat::JsonLines)
        .await
        .unwrap()
        .unwrap();
    let verdict = console.verify_audit_export(exported.clone()).await.unwrap();
    assert_eq!(verdict, AuditChain::Intact { entries: 1 });

    let text = std::fs::read_to_string(&exported).unwrap();
    std::fs::write(
        &exported,
        text.replace(&admin.email, "someone-else@authdesk.test"),
    )
    .unwrap();
    let verdict = console.verify_audit_export(exported.clone()).await.unwrap();
    assert!(
        matches!(&verdict, AuditChain::Broken { line: 1, reason } if reason.contains("changed")),
        "{verdict:?}"
    );
    let missing = console
        .verify_audit_export(format!("{exported}.gone"))
        .await
        .unwrap_err();
    assert_eq!(
        crate::support::field_name(&missing).as_deref(),
        Some("path")
    );
}

/// The audit log opens beside the window's start; one that cannot be opened (its folder is a
/// file) does not stop the console, but every change is refused, saying why, and nothing reaches
/// the server.
#[tokio::test]
async fn an_audit_log_that_cannot_be_opened_refuses_every_change() {
    let sandbox = crate::support::Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let blocked = temp_dir("unopenable-audit").join("not-a-folder");
    std::fs::write(&blocked, "a file where the data folder should be").unwrap();
    let (console, charles) = signed_in_beside_charles(&sandbox, &blocked.join("audit.jsonl")).await;

    let refused = ban(&console, &charles).await.unwrap_err();
    assert!(
        refused.message.contains("audit log could not be opened"),
        "{}",
        refused.message
    );
    let shown = console.audit_log().await.unwrap_err();
    assert!(
        shown.message.contains("audit log could not be opened"),
        "{}",
        shown.message
    );
    assert_not_banned(&console, charles).await;
}

/// A console signed in as the admin, auditing into `audit_path`, and the id of Charles, an
/// ordinary user, read by another admin.
async fn signed_in_beside_charles(
    sandbox: &crate::support::Sandbox,
    audit_path: &std::path::Path,
) -> (authdesk_app::console::Console, String) {
    let (console, _) = crate::support::sign_in::signed_in_auditing(&sandbox.url, audit_path).await;
    let bare =
        crate::support::BareAdmin::sign_in(&sandbox.url, &crate::support::accounts().admins[1])
            .await;
    let charles = bare
        .user_id_of(&crate::support::accounts().user.email)
        .await;
    (console, charles)
}

async fn ban(
    console: &authdesk_app::console::Console,
    user_id: &str,
) -> Result<authdesk_protocol::UserSummary, authdesk_protocol::ApiError> {
    console
        .ban_user(
            user_id.to_owned(),
            authdesk_protocol::BanRequest {
                reason: "Spam".into(),
                length: authdesk_protocol::BanLength::Permanent,
            },
        )
        .await
}

async fn assert_not_banned(console: &authdesk_app::console::Console, user_id: String) {
    let user = console.get_user(user_id).await.unwrap();
    assert_eq!(
        user.ban,
        authdesk_protocol::BanState::NotBanned,
        "nothing reached the server"
    );
}
