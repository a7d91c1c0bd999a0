//! Audit exports are files of their own (review finding L7): two exports in the same second are
//! two files, and a link planted where an export would go is never followed.

use authdesk_protocol::AuditExportFormat;

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
