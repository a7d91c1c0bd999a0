//! Benchmark: the client's cost per admin call against a bare reqwest call to the same server.
//! Run by `tests/bench.sh`, which starts the sandbox server; prints figures and ratios measured
//! side by side, interleaved so both see the same machine load.
//!
//! Environment: AUTHDESK_TEST_AUTH_URL, BENCH_EMAIL, BENCH_PASSWORD, BENCH_ROUNDS (default 300).

use std::time::{Duration, Instant};

#[path = "../../../../tests/benches/summary.rs"]
#[allow(
    dead_code,
    reason = "the benchmarks' table: this file uses some of its budgets"
)]
mod summary;

use authdesk_client::{AuthBaseUrl, AuthClient, ConnectOptions};
use authdesk_protocol::ListUsersQuery;

const PAGE: u32 = 25;

#[tokio::main]
async fn main() {
    let url = std::env::var("AUTHDESK_TEST_AUTH_URL").expect("AUTHDESK_TEST_AUTH_URL");
    let email = std::env::var("BENCH_EMAIL").expect("BENCH_EMAIL");
    let password = std::env::var("BENCH_PASSWORD").expect("BENCH_PASSWORD");
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);

    let client = AuthClient::new(
        AuthBaseUrl::parse(&url).unwrap(),
        &ConnectOptions::default(),
    )
    .unwrap();
    client
        .sign_in_email(&email, &password)
        .await
        .expect("sign in");
    let origin = reqwest::Url::parse(&url)
        .unwrap()
        .origin()
        .ascii_serialization();
    let bare = authdesk_client::http_client_builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let signed_in = bare
        .post(format!("{url}/sign-in/email"))
        .header("Origin", &origin)
        .json(&serde_json::json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap();
    assert!(signed_in.status().is_success());
    let list_url = format!("{url}/admin/list-users?limit={PAGE}&offset=0");

    let query = ListUsersQuery::page(PAGE, 0);
    let (mut ours, mut theirs) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for round in 0..rounds + 20 {
        let started = Instant::now();
        let page = client.list_users(&query).await.unwrap();
        let ours_took = started.elapsed();
        assert_eq!(page.users.len(), PAGE as usize);

        let started = Instant::now();
        let response = bare
            .get(&list_url)
            .header("Origin", &origin)
            .send()
            .await
            .unwrap();
        let body: serde_json::Value = response.json().await.unwrap();
        let theirs_took = started.elapsed();
        assert_eq!(body["users"].as_array().unwrap().len(), PAGE as usize);

        if round >= 20 {
            ours.push(ours_took);
            theirs.push(theirs_took);
        }
    }
    let (ours_median, theirs_median) = (percentile(&mut ours, 50), percentile(&mut theirs, 50));
    let overhead = ours_median.saturating_sub(theirs_median);
    println!("list-users, {PAGE} rows, {rounds} calls each, interleaved (after 20 warm-up calls)");
    println!(
        "  bare reqwest + serde_json::Value   median {:>8.3} ms   p90 {:>8.3} ms",
        ms(theirs_median),
        ms(percentile(&mut theirs, 90))
    );
    println!(
        "  authdesk-client (typed, ban state) median {:>8.3} ms   p90 {:>8.3} ms",
        ms(ours_median),
        ms(percentile(&mut ours, 90))
    );
    println!(
        "  overhead per call (median)         {:>8.3} ms   ratio {:.3}",
        ms(overhead),
        ms(ours_median) / ms(theirs_median)
    );
    summary::row(
        &format!("list-users through `authdesk-client`, {PAGE} rows, median of {rounds}"),
        &format!("{:.3} ms", ms(ours_median)),
        &format!("bare reqwest {:.3} ms", ms(theirs_median)),
        &format!("{:.3}", ms(ours_median) / ms(theirs_median)),
        0.0,
        summary::Budget::Unset,
    );
}

fn percentile(samples: &mut [Duration], percent: usize) -> Duration {
    samples.sort();
    samples[(samples.len() - 1) * percent / 100]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
