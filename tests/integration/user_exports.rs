//! Exporting a view against the real server: every user it matches, in its order, with the
//! columns chosen (the server's own fields among them), as CSV with formulas defused or as JSON
//! Lines; a stop removes the partial file; each export is in the audit trail.

use std::collections::BTreeSet;
use std::time::Duration;

use authdesk_app::console::Console;
use authdesk_protocol::{
    ExportColumn, ExportFormat, ExportProgress, ExportState, FilterOperator, ListUsersQuery,
    UserExport, UserField, UserFilter,
};
use serde_json::json;

use crate::support::sign_in::signed_in_as;
use crate::support::{BareAdmin, Sandbox, SaveDialog, accounts, temp_dir};

async fn until_over(console: &Console) -> ExportProgress {
    loop {
        let progress = console.export_progress().await.unwrap().expect("an export");
        if progress.is_over() {
            return progress;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Every email the server has for `filter`.
async fn emails_on_server(bare: &BareAdmin, filter: &[(&str, &str)]) -> BTreeSet<String> {
    let users = bare.every_user(filter).await;
    users
        .iter()
        .map(|user| user["email"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_export_holds_every_user_the_view_matches_with_formulas_defused() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "450")]);
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    bare.post(
        "admin/create-user",
        json!({ "email": "formula@authdesk.test", "name": "=HYPERLINK(\"http://evil.test\",\"Click\")",
            "role": "user", "data": { "company": "+1 555 0100" } }),
    )
    .await;
    let (console, admin) = signed_in_as(&sandbox.url, &accounts().admin).await;
    let export = UserExport {
        query: ListUsersQuery::page(25, 0),
        format: ExportFormat::Csv,
        columns: vec![
            ExportColumn::Email,
            ExportColumn::Name,
            ExportColumn::Roles,
            ExportColumn::Field("company".into()),
            ExportColumn::Field("seats".into()),
        ],
    };
    console.start_export(export).await.unwrap();
    let done = until_over(&console).await;
    assert_eq!(done.state, ExportState::Finished, "{done:?}");
    let text = std::fs::read_to_string(&done.path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("email,name,role,company,seats"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len() as u64, done.total);
    let exported: BTreeSet<String> = rows
        .iter()
        .map(|row| row.split(',').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        exported,
        emails_on_server(&bare, &[]).await,
        "the server's users, each once"
    );
    let evil = rows.iter().find(|row| row.starts_with("formula@")).unwrap();
    assert!(evil.contains("\"'=HYPERLINK("), "{evil}");
    assert!(evil.contains(",'+1 555 0100,"), "{evil}");

    // JSON Lines of a filtered view: banned users only, keys as the server names its fields.
    let banned = UserExport {
        query: ListUsersQuery {
            filter: Some(UserFilter {
                field: UserField::Banned.into(),
                operator: FilterOperator::Eq,
                values: vec!["true".into()],
            }),
            ..ListUsersQuery::page(25, 0)
        },
        format: ExportFormat::JsonLines,
        columns: vec![
            ExportColumn::Email,
            ExportColumn::Status,
            ExportColumn::BanReason,
        ],
    };
    console.start_export(banned).await.unwrap();
    let done = until_over(&console).await;
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&done.path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let on_server =
        emails_on_server(&bare, &[("filterField", "banned"), ("filterValue", "true")]).await;
    assert_eq!(lines.len(), on_server.len());
    assert!(
        lines
            .iter()
            .all(|line| line["status"] != "active" && line["email"].is_string())
    );

    let trail = console.audit_log().await.unwrap();
    let exports: Vec<_> = trail
        .records
        .iter()
        .filter(|r| r.action == "export-users")
        .collect();
    assert_eq!(exports.len(), 2);
    assert_eq!(exports[0].admin, admin.email);
    let detail = exports[0].detail.as_deref().unwrap();
    assert!(
        detail.starts_with(&format!("{} users of profile", rows.len())),
        "{detail}"
    );
}

#[tokio::test]
async fn a_stopped_export_leaves_no_partial_file() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "2000"), ("SANDBOX_FAULTS", "1")]);
    let (console, _) = signed_in_as(&sandbox.url, &accounts().admin).await;
    // Each page takes a while, so the stop comes mid-export.
    sandbox
        .inject(json!([{ "path": "/admin/list-users", "kind": "delay", "ms": 300 }]))
        .await;
    let folder = temp_dir("user-export-stop");
    let console = console.with_files(std::sync::Arc::new(SaveDialog::saving_into(folder.clone())));
    let export = UserExport {
        query: ListUsersQuery::page(25, 0),
        format: ExportFormat::Csv,
        columns: ExportColumn::default_set(),
    };
    let started = console
        .start_export(export)
        .await
        .unwrap()
        .expect("the dialog answered a file");
    while console.export_progress().await.unwrap().unwrap().written == 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    console.cancel_export().await.unwrap();
    let stopped = until_over(&console).await;
    assert_eq!(stopped.state, ExportState::Cancelled);
    assert!(stopped.written < stopped.total, "{stopped:?}");
    assert!(
        !std::path::Path::new(&started.path).exists(),
        "nothing stands under the chosen name"
    );
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        0,
        "the partial file is gone"
    );
}
