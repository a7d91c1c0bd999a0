//! Benchmark: list-users latency through authdesk-client in a small tenant (100 users) and a
//! large one (100,000), for the pages a support engineer asks for most, measured side by side
//! (interleaved) in one run. `tests/bench.sh` starts both sandbox servers.
//!
//! Environment: BENCH_SMALL_URL, BENCH_LARGE_URL, BENCH_EMAIL, BENCH_PASSWORD,
//! BENCH_ROUNDS (default 40).

use std::time::{Duration, Instant};

use authdesk_client::{AuthBaseUrl, AuthClient, ConnectOptions};
use authdesk_protocol::{
    ListUsersQuery, SearchField, SearchOperator, SortDirection, UserField, UserSearch, UserSort,
};

fn query(
    limit: u32,
    sort: Option<(UserField, SortDirection)>,
    search: Option<&str>,
) -> ListUsersQuery {
    ListUsersQuery {
        sort: sort.map(|(field, direction)| UserSort { field, direction }),
        search: search.map(|value| UserSearch {
            field: SearchField::Email,
            operator: SearchOperator::Contains,
            value: value.to_owned(),
        }),
        ..ListUsersQuery::page(limit, 0)
    }
}

async fn signed_in(url: &str, email: &str, password: &str) -> AuthClient {
    let client =
        AuthClient::new(AuthBaseUrl::parse(url).unwrap(), &ConnectOptions::default()).unwrap();
    client
        .sign_in_email(email, password)
        .await
        .expect("sign in");
    client
}

#[tokio::main]
async fn main() {
    let variable = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let (email, password) = (variable("BENCH_EMAIL"), variable("BENCH_PASSWORD"));
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let small = signed_in(&variable("BENCH_SMALL_URL"), &email, &password).await;
    let large = signed_in(&variable("BENCH_LARGE_URL"), &email, &password).await;
    let (small_total, large_total) = (
        small
            .list_users(&ListUsersQuery::page(1, 0))
            .await
            .unwrap()
            .total,
        large
            .list_users(&ListUsersQuery::page(1, 0))
            .await
            .unwrap()
            .total,
    );

    let newest = Some((UserField::CreatedAt, SortDirection::Desc));
    let pages = [
        ("first page, 25 rows", query(25, None, None)),
        ("first page, 100 rows", query(100, None, None)),
        ("newest first, 25 rows", query(25, newest, None)),
        (
            "by name, 25 rows",
            query(25, Some((UserField::Name, SortDirection::Asc)), None),
        ),
        ("email contains \"grace\"", query(25, None, Some("grace"))),
    ];
    println!(
        "list-users through authdesk-client, median of {rounds} interleaved calls each \
         ({small_total} vs {large_total} users in the tenant)"
    );
    for (label, query) in pages {
        let (mut in_small, mut in_large) = (Vec::new(), Vec::new());
        for round in 0..rounds + 3 {
            let started = Instant::now();
            small.list_users(&query).await.unwrap();
            let small_took = started.elapsed();
            let started = Instant::now();
            large.list_users(&query).await.unwrap();
            let large_took = started.elapsed();
            // The first calls warm the server's caches (and its first sort of a column).
            if round >= 3 {
                in_small.push(small_took);
                in_large.push(large_took);
            }
        }
        let (small_ms, large_ms) = (median_ms(&mut in_small), median_ms(&mut in_large));
        println!(
            "  {label:<26} {small_total:>7} users {small_ms:>7.2} ms   {large_total:>7} users \
             {large_ms:>7.2} ms   ratio {:>6.1}",
            large_ms / small_ms
        );
    }
}

fn median_ms(samples: &mut [Duration]) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}
