//! Benchmarks, not tests (ignored; `tests/bench.sh` runs them), each beside its floor in one run:
//! a bulk ban of 1,000 users under Better Auth's default rate limit against the least time that
//! limit allows; an export of 100,000 users against the server's own page rate; a compound
//! view's scan against the same pages read bare.

use std::time::{Duration, Instant};

use authdesk_app::console::Console;
use authdesk_protocol::{
    BanLength, BanRequest, BulkAction, BulkSelection, ExportColumn, ExportFormat, ListUsersQuery,
    OffsetDateTime, TableView, UserExport, ViewCondition,
};

use crate::summary::{self, Budget};
use crate::support::sign_in::signed_in_as;
use crate::support::{BareAdmin, Sandbox, accounts};

/// Better Auth's default limit on a route: this many requests per window.
const LIMIT_MAX: u64 = 100;
const LIMIT_WINDOW: Duration = Duration::from_secs(10);

fn view_of_everyone_not_banned() -> TableView {
    TableView {
        conditions: vec![ViewCondition::NotBanned],
        ..TableView::default()
    }
}

#[tokio::test]
#[ignore = "a benchmark: run by tests/bench.sh"]
async fn bench_bulk_ban_against_the_rate_limit_floor() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "1000"), ("SANDBOX_RATE_LIMIT", "1")]);
    let (console, _) = signed_in_as(&sandbox.url, &accounts().admin).await;
    let query = view_of_everyone_not_banned().to_query(OffsetDateTime::now_utc(), 100, 0);
    let ban = BulkAction::Ban {
        ban: BanRequest {
            reason: "Benchmark".into(),
            length: BanLength::Timed { seconds: 86_400 },
        },
    };
    let plan = console
        .plan_bulk(BulkSelection::Matching { query }, ban)
        .await
        .unwrap();
    let planned = plan.users.len() as u64;
    let started = Instant::now();
    console.start_bulk(plan.id).await.unwrap();
    let over = loop {
        let progress = console.bulk_progress().await.unwrap().unwrap();
        if progress.is_over() {
            break progress;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let elapsed = started.elapsed();
    // The first burst goes at once; each further one waits out a window.
    let floor = LIMIT_WINDOW * ((planned.div_ceil(LIMIT_MAX)).saturating_sub(1) as u32);
    let (ratio, lost) = (
        elapsed.as_secs_f64() / floor.as_secs_f64().max(0.001),
        planned - over.done - over.failed,
    );
    println!(
        "bulk ban: {planned} users in {:.1} s; the limit's floor ({LIMIT_MAX} per {} s) {:.1} s; ratio {ratio:.2}×; done {}, failed {}, lost {lost}",
        elapsed.as_secs_f64(),
        LIMIT_WINDOW.as_secs(),
        floor.as_secs_f64(),
        over.done,
        over.failed,
    );
    summary::row(
        &format!(
            "bulk ban of {planned} users under the default rate limit ({LIMIT_MAX} per {} s)",
            LIMIT_WINDOW.as_secs()
        ),
        &format!(
            "{:.1} s, {lost} lost, {} failed",
            elapsed.as_secs_f64(),
            over.failed
        ),
        &format!("the limit's floor {:.0} s", floor.as_secs_f64()),
        &format!("{ratio:.2}"),
        // Within only with nothing lost.
        if lost == 0 { ratio } else { f64::INFINITY },
        Budget::AtMost(1.10),
    );
}

/// Reads every page of `filter` bare, as the export and the scan page; answers users read.
async fn bare_pages(bare: &BareAdmin, filter: &[(&str, &str)]) -> u64 {
    bare.every_user(filter).await.len() as u64
}

async fn export_all(console: &Console) -> (u64, Duration) {
    let started = Instant::now();
    let export = UserExport {
        query: ListUsersQuery::page(200, 0),
        format: ExportFormat::Csv,
        columns: vec![
            ExportColumn::Id,
            ExportColumn::Email,
            ExportColumn::Name,
            ExportColumn::Roles,
            ExportColumn::Status,
            ExportColumn::Field("plan".into()),
        ],
    };
    console.start_export(export).await.unwrap();
    loop {
        let progress = console.export_progress().await.unwrap().unwrap();
        if progress.is_over() {
            let _ = std::fs::remove_file(&progress.path);
            return (progress.written, started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
#[ignore = "a benchmark: run by tests/bench.sh"]
async fn bench_export_and_scan_against_the_servers_page_rate() {
    let sandbox = Sandbox::start(&[("SANDBOX_USERS", "100000")]);
    let bare = BareAdmin::sign_in(&sandbox.url, &accounts().admin).await;
    let (console, _) = signed_in_as(&sandbox.url, &accounts().admin).await;

    // Bare, app, app, bare: a server or machine that warms up or slows down during the run
    // weighs on both alike (read once each, bare first, the export came out 0.85–1.04).
    let (mut bare_time, mut export_time) = (Duration::ZERO, Duration::ZERO);
    // Users over all turns of each side, so the rates hold whatever the order above.
    let (mut read, mut exported) = (0, 0);
    for app_turn in [false, true, true, false] {
        if app_turn {
            let (count, took) = export_all(&console).await;
            (exported, export_time) = (exported + count, export_time + took);
        } else {
            let started = Instant::now();
            read += bare_pages(&bare, &[]).await;
            bare_time += started.elapsed();
        }
    }
    let (export_rate, bare_rate) = (
        exported as f64 / export_time.as_secs_f64(),
        read as f64 / bare_time.as_secs_f64(),
    );
    let ratio = export_rate / bare_rate;
    println!(
        "export: {exported} users over its turns in {:.1} s ({export_rate:.0}/s); the server's pages alone, {read} over theirs, in {:.1} s ({bare_rate:.0}/s); rate ratio {ratio:.2}×",
        export_time.as_secs_f64(),
        bare_time.as_secs_f64(),
    );
    summary::row(
        &format!(
            "export of {} users, twice, between two bare reads of the same pages",
            exported / 2
        ),
        &format!("{export_rate:.0} users/s"),
        &format!("the server's pages alone {bare_rate:.0}/s"),
        &format!("{ratio:.2}"),
        ratio,
        Budget::AtLeast(0.9),
    );

    // A view of two conditions: the narrowest (the team plan) is sent, "not banned" applied.
    let view = TableView {
        conditions: vec![
            ViewCondition::NotBanned,
            ViewCondition::FieldEquals {
                key: "plan".into(),
                value: "team".into(),
            },
        ],
        ..TableView::default()
    };
    let started = Instant::now();
    let scanned = bare_pages(&bare, &[("filterField", "plan"), ("filterValue", "team")]).await;
    let bare_time = started.elapsed();
    let started = Instant::now();
    let mut page_number = 0;
    let (matched, report) = loop {
        let page = console
            .list_users(view.to_query(OffsetDateTime::now_utc(), 200, page_number * 200))
            .await
            .unwrap();
        let scan = page.scan.unwrap();
        if scan.complete && u64::from(page_number + 1) * 200 >= page.total {
            break (page.total, scan);
        }
        page_number += 1;
    };
    let scan_time = started.elapsed();
    let (scan_rate, bare_rate) = (
        report.scanned as f64 / scan_time.as_secs_f64(),
        scanned as f64 / bare_time.as_secs_f64(),
    );
    let ratio = bare_time.as_secs_f64() / scan_time.as_secs_f64();
    println!(
        "compound scan: {} scanned ({matched} matched) in {:.1} s ({scan_rate:.0}/s); the same pages bare, {scanned} in {:.1} s ({bare_rate:.0}/s); rate ratio {ratio:.2}×",
        report.scanned,
        scan_time.as_secs_f64(),
        bare_time.as_secs_f64(),
    );
    summary::row(
        &format!(
            "a view of two conditions (plan is team, sent; not banned, applied to its pages), {} users scanned",
            report.scanned
        ),
        &format!("{scan_rate:.0}/s"),
        &format!("the same pages read bare {bare_rate:.0}/s"),
        &format!("{ratio:.2}"),
        ratio,
        Budget::Unset,
    );
}
