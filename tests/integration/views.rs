//! Views with more conditions than the server takes, against the real server: Authdesk sends the
//! narrowest and applies the rest, and what it shows, exports and acts on is exactly what the
//! same question worked out from the server's own data gives. Saved views are kept per profile.

use std::collections::BTreeSet;
use std::time::Duration;

use authdesk_protocol::{
    BulkAction, BulkSelection, ExportColumn, ExportFormat, ExportState, Field, ListUsersQuery,
    OffsetDateTime, SavedView, TableView, UserExport, ViewCondition,
};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;

use crate::support::sign_in::signed_in_as;
use crate::support::{BareAdmin, Sandbox, accounts};

fn created(user: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(user["createdAt"].as_str().unwrap(), &Rfc3339).unwrap()
}

#[tokio::test]
async fn a_compound_view_is_exactly_the_servers_data_filtered_by_hand() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "1500")]);
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    let all = bare.every_user(&[]).await;
    let mut times: Vec<OffsetDateTime> = all.iter().map(created).collect();
    times.sort();
    let since = times[times.len() * 2 / 5];
    let view = TableView {
        conditions: vec![
            ViewCondition::NotBanned,
            ViewCondition::EmailVerified,
            ViewCondition::CreatedAfter { at: since },
            ViewCondition::FieldEquals {
                key: "plan".into(),
                value: "team".into(),
            },
        ],
        ..TableView::default()
    };
    // The same question, worked out by hand from what the server has.
    let expected: BTreeSet<String> = all
        .iter()
        .filter(|user| user["banned"] != Value::Bool(true))
        .filter(|user| user["emailVerified"] == Value::Bool(true))
        .filter(|user| created(user) >= since)
        .filter(|user| user["plan"] == "team")
        .map(|user| user["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        expected.len() > 30,
        "a view worth paging: {}",
        expected.len()
    );
    let now = OffsetDateTime::now_utc();
    let narrowest_count = {
        let mut counts = Vec::new();
        for condition in &view.conditions {
            let single = TableView {
                conditions: vec![condition.clone()],
                ..TableView::default()
            };
            let query = single.to_query(now, 1, 0);
            let filter = query.filter.unwrap();
            let field = serde_json::to_value(&filter.field).unwrap();
            let operator = serde_json::to_value(filter.operator).unwrap();
            let page = bare
                .post_get(
                    "admin/list-users",
                    &[
                        ("limit", "1"),
                        ("filterField", field.as_str().unwrap()),
                        ("filterOperator", operator.as_str().unwrap()),
                        ("filterValue", &filter.values[0]),
                    ],
                )
                .await;
            counts.push(page["total"].as_u64().unwrap());
        }
        *counts.iter().min().unwrap()
    };

    // Page through the table as the admin would, 25 at a time, until the scan is complete.
    let (console, _) = signed_in_as(&sandbox.url, &accounts().admin).await;
    let mut shown = Vec::new();
    let mut page_number = 0;
    let report = loop {
        let page = console
            .list_users(view.to_query(now, 25, page_number * 25))
            .await
            .unwrap();
        let scan = page.scan.expect("Authdesk applied conditions itself");
        shown.extend(page.users.iter().map(|user| user.id.clone()));
        if scan.complete && u64::from(page_number + 1) * 25 >= page.total {
            assert_eq!(page.total as usize, expected.len());
            break scan;
        }
        page_number += 1;
    };
    let unique: BTreeSet<String> = shown.iter().cloned().collect();
    assert_eq!(unique.len(), shown.len(), "no user shown twice");
    assert_eq!(unique, expected);
    assert_eq!(
        report.of, narrowest_count,
        "the server was sent the narrowest condition"
    );
    assert_eq!(report.scanned, narrowest_count);

    // The export of that view holds the same users.
    console
        .start_export(UserExport {
            query: view.to_query(now, 25, 0),
            format: ExportFormat::JsonLines,
            columns: vec![ExportColumn::Id],
        })
        .await
        .unwrap();
    let done = loop {
        let progress = console.export_progress().await.unwrap().unwrap();
        if progress.is_over() {
            break progress;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(done.state, ExportState::Finished, "{done:?}");
    let exported: BTreeSet<String> = std::fs::read_to_string(&done.path)
        .unwrap()
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(exported, expected);
    assert_eq!(done.written, expected.len() as u64);

    // A bulk action over "all matching" plans the same users.
    let plan = console
        .plan_bulk(
            BulkSelection::Matching {
                query: view.to_query(now, 25, 0),
            },
            BulkAction::RevokeSessions,
        )
        .await
        .unwrap();
    let planned: BTreeSet<String> = plan
        .users
        .iter()
        .chain(&plan.skipped)
        .map(|item| item.user_id.clone())
        .collect();
    assert_eq!(planned, expected);
}

#[tokio::test]
async fn a_profile_keeps_its_views_by_name_and_refuses_a_field_the_server_keeps() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "20")]);
    let (console, admin) = signed_in_as(&sandbox.url, &accounts().admin).await;
    let profile = admin.profile;
    let named = |name: &str, conditions| SavedView {
        name: name.into(),
        view: TableView {
            conditions,
            ..TableView::default()
        },
    };
    let mut settings = profile.settings.clone();
    settings.views = vec![named("Spam wave", vec![ViewCondition::Banned])];
    settings.last_view = Some("Spam wave".into());
    let saved = console
        .save_profile(Some(profile.id.clone()), settings.clone())
        .await
        .unwrap();
    assert_eq!(saved.settings.views, settings.views);
    assert_eq!(saved.settings.last_view.as_deref(), Some("Spam wave"));
    let again = console.list_profiles();
    assert_eq!(
        again[0].settings.views, settings.views,
        "kept in the settings"
    );

    let mut twice = settings.clone();
    twice.views.push(named("spam WAVE", vec![]));
    let refused = console
        .save_profile(Some(profile.id.clone()), twice)
        .await
        .unwrap_err();
    assert_eq!(refused.field, Some(Field::ViewName));

    // A last view that is no saved view is dropped rather than kept dangling.
    let mut dangling = settings.clone();
    dangling.last_view = Some("Gone".into());
    let kept = console
        .save_profile(Some(profile.id.clone()), dangling)
        .await
        .unwrap();
    assert_eq!(kept.settings.last_view, None);

    // A condition on one of Better Auth's own fields by a custom key never reaches the server.
    let sneaky = TableView {
        conditions: vec![
            ViewCondition::Banned,
            ViewCondition::FieldEquals {
                key: "password".into(),
                value: "x".into(),
            },
        ],
        ..TableView::default()
    };
    let refused = console
        .list_users(sneaky.to_query(OffsetDateTime::now_utc(), 25, 0))
        .await
        .unwrap_err();
    assert_eq!(refused.field, Some(Field::Filter));
    let plain = console
        .list_users(ListUsersQuery::page(25, 0))
        .await
        .unwrap();
    assert!(
        plain.scan.is_none(),
        "one condition or none goes to the server as it is"
    );
}
