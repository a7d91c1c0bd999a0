//! Audit exports are files of their own (review finding L7): two exports in the same second are
//! two files, and a link planted where an export would go is never followed. They carry the
//! chain and are verified (M3), and no change is made whose entry cannot be written.

use authdesk_protocol::{AuditChain, AuditExportFormat};

use crate::support::SignedIn;
use crate::support::{MemorySettings, console_with, temp_dir};

#[tokio::test]
async fn exports_never_overwrite_a_file_or_follow_a_planted_link() {
    let console = console_with(&MemorySettings::default());
    let folder = temp_dir("exports");
    let victim = temp_dir("exports-victim").join("precious.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let now = authdesk_protocol::OffsetDateTime::now_utc().unix_timestamp();
    for stamp in now..now + 5 {
        let planted = folder.join(format!("authdesk-audit-{stamp}.csv"));
        std::os::unix::fs::symlink(&victim, planted).unwrap();
    }

    let first = console
        .export_audit(AuditExportFormat::Csv, Some(folder.clone()))
        .await
        .unwrap();
    let second = console
        .export_audit(AuditExportFormat::Csv, Some(folder.clone()))
        .await
        .unwrap();
    assert_ne!(first, second, "two exports, two files");
    for path in [&first, &second] {
        let metadata = std::fs::symlink_metadata(path).unwrap();
        assert!(metadata.is_file(), "{path} is a file of its own");
        assert!(
            std::fs::read_to_string(path)
                .unwrap()
                .starts_with("seq,at,admin")
        );
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");

    let nowhere = console
        .export_audit(AuditExportFormat::JsonLines, None)
        .await
        .unwrap_err();
    assert!(
        nowhere.message.contains("no Downloads"),
        "{}",
        nowhere.message
    );
}

/// Review finding M3: a change whose audit entry cannot be written is not made.
#[tokio::test]
async fn no_change_is_made_when_its_audit_entry_cannot_be_written() {
    let sandbox = crate::support::Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let audit_path = temp_dir("unwritable-audit").join("audit.jsonl");
    let console = crate::support::console_auditing(&MemorySettings::default(), &audit_path);
    console
        .sign_in(crate::support::admin_sign_in(&sandbox.url))
        .await
        .signed_in()
        .unwrap();
    let bare =
        crate::support::BareAdmin::sign_in(&sandbox.url, &crate::support::accounts().admins[1])
            .await;
    let charles = bare
        .user_id_of(&crate::support::accounts().user.email)
        .await;
    // The log's place is taken by a folder: no entry can be appended (even as root).
    std::fs::remove_file(&audit_path).ok();
    std::fs::create_dir(&audit_path).unwrap();

    let refused = console
        .ban_user(
            charles.clone(),
            authdesk_protocol::BanRequest {
                reason: "Spam".into(),
                length: authdesk_protocol::BanLength::Permanent,
            },
        )
        .await
        .unwrap_err();
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
    let user = console.get_user(charles).await.unwrap();
    assert_eq!(
        user.ban,
        authdesk_protocol::BanState::NotBanned,
        "nothing reached the server"
    );
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
    let folder = temp_dir("verified-exports");
    let exported = console
        .export_audit(AuditExportFormat::JsonLines, Some(folder))
        .await
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
