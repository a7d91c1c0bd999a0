//! Bulk actions against the real server: planned from the server's data (yourself, admins and
//! users already so left out, each with the reason), run within the server's rate limit with
//! no user changed twice, cancelled halfway with the rest run after, and a batch cut short by a
//! crash reported at the next start and audited then.

use std::path::Path;
use std::time::Duration;

use std::sync::{Arc, Mutex};

use authdesk_app::console::{Attention, Console, Notice};
use authdesk_protocol::{
    AuditChain, BanLength, BanRequest, BulkAction, BulkProgress, BulkResult, BulkSelection,
    BulkState, ErrorCode, FilterOperator, ListUsersQuery, UserField, UserFilter,
};
use serde_json::json;

use crate::support::sign_in::{signed_in_as, signed_in_auditing};
use crate::support::{
    BareAdmin, MemorySettings, Sandbox, SignedIn, accounts, admin_sign_in, console_auditing,
    temp_dir,
};

fn ban() -> BulkAction {
    BulkAction::Ban {
        ban: BanRequest {
            reason: "Spam wave".into(),
            length: BanLength::Timed { seconds: 86_400 },
        },
    }
}

/// Everyone the server has that is not banned now.
fn not_banned() -> BulkSelection {
    BulkSelection::Matching {
        query: ListUsersQuery {
            filter: Some(UserFilter {
                field: UserField::Banned.into(),
                operator: FilterOperator::Ne,
                values: vec!["true".into()],
            }),
            ..ListUsersQuery::page(100, 0)
        },
    }
}

/// What the console told the admin outside its window, in order.
#[derive(Default)]
struct Told(Mutex<Vec<Notice>>);

impl Attention for Told {
    fn call(&self, notice: Notice) {
        self.0.lock().unwrap().push(notice);
    }
}

async fn until_over(console: &Console) -> BulkProgress {
    loop {
        let progress = console.bulk_progress().await.unwrap().expect("a batch");
        if progress.is_over() {
            return progress;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The arrival times (ms) of the requests to `route` in a sandbox request log.
fn arrivals(log: &Path, route: &str) -> Vec<i64> {
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .filter(|line| line["path"].as_str().unwrap().ends_with(route))
        .map(|line| line["at"].as_i64().unwrap())
        .collect()
}

/// How many of these arrivals Better Auth's limiter (`max` per `window_ms` since the last one
/// let through) refused.
fn refused_by_limiter(arrivals: &[i64], max: u32, window_ms: i64) -> u32 {
    let (mut count, mut last, mut refused) = (0, None::<i64>, 0);
    for &at in arrivals {
        if last.is_none_or(|last| at - last >= window_ms) {
            count = 0;
        }
        if count >= max {
            refused += 1;
        } else {
            count += 1;
            last = Some(at);
        }
    }
    refused
}

#[tokio::test]
async fn a_bulk_ban_keeps_within_the_rate_limit_and_bans_each_user_once() {
    let requests = temp_dir("bulk").join("requests.jsonl");
    let sandbox = Sandbox::start(&[
        ("SANDBOX_USERS", "300"),
        ("SANDBOX_RATE_LIMIT", "1"),
        ("SANDBOX_REQUEST_LOG", requests.to_str().unwrap()),
    ]);
    let audit = temp_dir("bulk-audit").join("audit.jsonl");
    let (console, admin) = signed_in_auditing(&sandbox.url, &audit).await;
    let plan = console.plan_bulk(not_banned(), ban()).await.unwrap();
    let reasons: Vec<&str> = plan
        .skipped
        .iter()
        .map(|item| match &item.result {
            BulkResult::Skipped { reason } => reason.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(reasons.contains(&"That is you."), "{reasons:?}");
    assert!(reasons.iter().any(|reason| reason.starts_with("An admin")));
    assert!(plan.users.iter().all(|item| item.email != admin.email));
    let planned = plan.users.len();
    assert!(planned > 200, "{planned} planned");

    console.start_bulk(plan.id.clone()).await.unwrap();
    let over = until_over(&console).await;
    assert_eq!(over.state, BulkState::Finished, "{}", over.summary());
    assert_eq!(over.done as usize, planned, "{}", over.summary());
    assert_eq!(over.failed, 0);

    // On the server: each of them banned, and only the first burst ever met the limit.
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    for item in plan.users.iter().step_by(25) {
        let user = bare
            .post_get("admin/get-user", &[("id", &item.user_id)])
            .await;
        assert_eq!(user["banned"], true, "{}", item.email);
    }
    let bans = arrivals(&requests, "/admin/ban-user");
    let refused = refused_by_limiter(&bans, 100, 10_000);
    assert!(refused <= 4, "{refused} requests met the limit");
    assert_eq!(
        bans.len() - refused as usize,
        planned,
        "no user banned twice"
    );
    let trail = console.audit_log().await.unwrap();
    let banned = trail.records.iter().filter(|r| r.action == "ban").count();
    assert_eq!(banned, planned, "one audit line per user");
    let batch = trail.records.iter().rfind(|r| r.action == "bulk").unwrap();
    assert!(
        batch.detail.as_deref().unwrap().contains("finished"),
        "{batch:?}"
    );
    assert!(
        matches!(trail.chain, AuditChain::Intact { .. }),
        "{:?}",
        trail.chain
    );

    // The keyring kept up with the burst: its last entry is the batch's, so cutting that line
    // off the file is caught.
    let text = std::fs::read_to_string(&audit).unwrap();
    let cut = text.trim_end().rsplit_once('\n').unwrap().0;
    std::fs::write(&audit, format!("{cut}\n")).unwrap();
    let trail = console.audit_log().await.unwrap();
    assert!(
        matches!(&trail.chain, AuditChain::Broken { reason, .. } if reason.contains("removed from its end")),
        "{:?}",
        trail.chain
    );
}

#[tokio::test]
async fn a_cancelled_bulk_action_stops_and_the_rest_runs_after() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "200")]);
    let (console, _) = signed_in_as(&sandbox.url, &accounts().admin).await;
    let told = Arc::new(Told::default());
    let console = console.with_attention(told.clone());
    let plan = console.plan_bulk(not_banned(), ban()).await.unwrap();
    let planned = plan.users.len() as u64;
    console.start_bulk(plan.id).await.unwrap();
    while console.bulk_progress().await.unwrap().unwrap().done < planned / 3 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    console.cancel_bulk().await.unwrap();
    let stopped = until_over(&console).await;
    assert_eq!(stopped.state, BulkState::Cancelled);
    assert!(stopped.not_done() > 0, "{}", stopped.summary());
    assert_eq!(
        stopped.done + stopped.not_done(),
        planned,
        "{}",
        stopped.summary()
    );
    console.dismiss_bulk().await.unwrap();
    assert!(
        told.0.lock().unwrap().is_empty(),
        "a batch the admin stopped is no news to them"
    );

    // Planned again, the ones already banned are left out and the rest are done.
    let rest = console.plan_bulk(not_banned(), ban()).await.unwrap();
    assert_eq!(rest.users.len() as u64, stopped.not_done());
    console.start_bulk(rest.id).await.unwrap();
    let finished = until_over(&console).await;
    assert_eq!(finished.done, stopped.not_done());
    // The admin may be in another application by now: told when it finished, and how (just
    // after the batch's audit line, which follows the progress the window sees).
    for _ in 0..100 {
        if !told.0.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        *told.0.lock().unwrap(),
        [Notice {
            title: format!("Ban of {} users finished", finished.total),
            body: finished.summary(),
        }]
    );
    let again = console.plan_bulk(not_banned(), ban()).await.unwrap();
    assert!(again.users.is_empty(), "everyone is banned now");
}

#[tokio::test]
async fn a_bulk_delete_leaves_out_yourself_and_other_admins() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "5")]);
    let (console, admin) = signed_in_as(&sandbox.url, &accounts().admin).await;
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    let mut ids = vec![
        admin.id.clone(),
        bare.user_id_of(&accounts().admins[0].email).await,
    ];
    for n in 0..3 {
        let created = bare
            .post(
                "admin/create-user",
                json!({ "email": format!("leaver{n}@authdesk.test"), "name": "Leaver", "role": "user" }),
            )
            .await;
        ids.push(created["user"]["id"].as_str().unwrap().to_owned());
    }
    let plan = console
        .plan_bulk(
            BulkSelection::Users { ids: ids.clone() },
            BulkAction::Delete,
        )
        .await
        .unwrap();
    assert_eq!(plan.users.len(), 3);
    let skipped: Vec<(&str, String)> = plan
        .skipped
        .iter()
        .map(|item| (item.email.as_str(), format!("{:?}", item.result)))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped[0].1.contains("That is you") || skipped[1].1.contains("That is you"));
    console.start_bulk(plan.id).await.unwrap();
    assert_eq!(until_over(&console).await.done, 3);
    assert_eq!(bare.users_matching("leaver").await, 0, "all three deleted");
    assert!(
        console.get_user(admin.id.clone()).await.is_ok(),
        "you are still there"
    );
}

/// A crash mid-batch (the runtime that ran it is gone, its tasks with it) leaves a journal; the
/// next start reports what was done and not, and audits the batch when it is put away.
#[test]
fn a_batch_cut_short_by_a_crash_is_reported_at_the_next_start() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "60"), ("SANDBOX_FAULTS", "1")]);
    let settings = MemorySettings::default();
    let audit = temp_dir("bulk-crash").join("audit.jsonl");
    let first_run = tokio::runtime::Runtime::new().unwrap();
    let planned = first_run.block_on(async {
        let console = console_auditing(&settings, &audit);
        console
            .sign_in(admin_sign_in(&sandbox.url))
            .await
            .signed_in()
            .unwrap();
        // Every ban takes a second on the server: the crash comes mid-batch.
        sandbox
            .inject(json!([{ "path": "/admin/ban-user", "kind": "delay", "ms": 1000 }]))
            .await;
        let plan = console.plan_bulk(not_banned(), ban()).await.unwrap();
        console.start_bulk(plan.id).await.unwrap();
        while console.bulk_progress().await.unwrap().unwrap().done < 8 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        console.bulk_progress().await.unwrap().unwrap().total
            - console.bulk_progress().await.unwrap().unwrap().skipped
    });
    first_run.shutdown_timeout(Duration::ZERO);

    let second_run = tokio::runtime::Runtime::new().unwrap();
    second_run.block_on(async {
        let console = console_auditing(&settings, &audit);
        // The batch's users are for the admin's eyes: not before the session is back.
        let refused = console.bulk_progress().await.unwrap_err();
        assert_eq!(refused.code, ErrorCode::NotSignedIn);
        assert!(console.restore_session().await.admin.is_some());
        let report = console
            .bulk_progress()
            .await
            .unwrap()
            .expect("the cut-short batch is reported");
        assert_eq!(report.state, BulkState::Interrupted);
        assert!(report.done >= 8, "{}", report.summary());
        assert!(report.not_done() > 0, "{}", report.summary());
        assert_eq!(report.done + report.failed + report.not_done(), planned);
        console.dismiss_bulk().await.unwrap();
        assert!(console.bulk_progress().await.unwrap().is_none(), "put away");
        let trail = console.audit_log().await.unwrap();
        let batch = trail.records.iter().rfind(|r| r.action == "bulk").unwrap();
        assert!(
            batch.detail.as_deref().unwrap().contains("interrupted"),
            "{batch:?}"
        );
    });
}
