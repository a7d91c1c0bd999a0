//! Benchmark: list-users latency through authdesk-client in a small tenant and a large one (100
//! and 1,000,000 users on PostgreSQL in `tests/bench.sh`, which starts both servers), for the
//! pages a support engineer asks for most. Beside each, the same request as a bare HTTP call, so
//! the client's own share shows apart from the server's: all four interleaved in one run.
//!
//! Environment: BENCH_SMALL_URL, BENCH_LARGE_URL, BENCH_EMAIL, BENCH_PASSWORD,
//! BENCH_ROUNDS (default 40).

use std::time::{Duration, Instant};

#[path = "../../../../tests/benches/summary.rs"]
#[allow(
    dead_code,
    reason = "the benchmarks' table: this file uses some of its budgets"
)]
mod summary;

use authdesk_client::{AuthBaseUrl, AuthClient, ConnectOptions};
use authdesk_protocol::{
    FilterField, FilterOperator, ListUsersQuery, SearchField, SearchOperator, SortDirection,
    UserField, UserFilter, UserSearch, UserSort,
};

/// One page as the client asks for it, and the same request's query string for the bare call.
struct Page {
    label: &'static str,
    query: ListUsersQuery,
    bare: String,
}

/// A search of the email: its operator, that operator's wire name, and the value.
type EmailSearch<'a> = (SearchOperator, &'a str, &'a str);

fn page(
    label: &'static str,
    limit: u32,
    sort: Option<(UserField, SortDirection, &str)>,
    search: Option<EmailSearch>,
) -> Page {
    let query = ListUsersQuery {
        sort: sort.map(|(field, direction, _)| UserSort { field, direction }),
        search: search.map(|(operator, _, value)| UserSearch {
            field: SearchField::Email,
            operator,
            value: value.to_owned(),
        }),
        ..ListUsersQuery::page(limit, 0)
    };
    let mut bare = format!("limit={limit}&offset=0");
    if let Some((_, direction, wire)) = sort {
        let direction = if direction == SortDirection::Asc {
            "asc"
        } else {
            "desc"
        };
        bare.push_str(&format!("&sortBy={wire}&sortDirection={direction}"));
    }
    if let Some((_, operator, value)) = search {
        bare.push_str(&format!(
            "&searchField=email&searchOperator={operator}&searchValue={value}"
        ));
    }
    Page { label, query, bare }
}

/// One user by their address (a filter, `email = …`): the unique index on email answers the rows
/// and the count alike, so the server's own time does not grow with the tenant.
fn one_address(email: &str) -> Page {
    let query = ListUsersQuery {
        filter: Some(UserFilter {
            field: FilterField::Core(UserField::Email),
            operator: FilterOperator::Eq,
            values: vec![email.to_owned()],
        }),
        ..ListUsersQuery::page(25, 0)
    };
    let bare = format!("limit=25&offset=0&filterField=email&filterOperator=eq&filterValue={email}");
    Page {
        label: "one address (email =)",
        query,
        bare,
    }
}

/// A tenant signed in twice: through authdesk-client, and as a bare cookie-keeping HTTP client.
struct Tenant {
    client: AuthClient,
    bare: reqwest::Client,
    url: String,
    total: u64,
}

impl Tenant {
    async fn signed_in(url: String, email: &str, password: &str) -> Self {
        let client = AuthClient::new(
            AuthBaseUrl::parse(&url).unwrap(),
            &ConnectOptions::default(),
        )
        .unwrap();
        client
            .sign_in_email(email, password)
            .await
            .expect("sign in");
        let bare = authdesk_client::http_client_builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let origin = reqwest::Url::parse(&url)
            .unwrap()
            .origin()
            .ascii_serialization();
        let signed_in = bare
            .post(format!("{url}/sign-in/email"))
            .header("Origin", origin)
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap();
        assert!(signed_in.status().is_success());
        let total = client
            .list_users(&ListUsersQuery::page(1, 0))
            .await
            .unwrap()
            .total;
        Self {
            client,
            bare,
            url,
            total,
        }
    }

    async fn through_client(&self, page: &Page) -> Duration {
        let started = Instant::now();
        self.client.list_users(&page.query).await.unwrap();
        started.elapsed()
    }

    async fn bare(&self, page: &Page) -> Duration {
        let started = Instant::now();
        let body: serde_json::Value = self
            .bare
            .get(format!("{}/admin/list-users?{}", self.url, page.bare))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let took = started.elapsed();
        assert!(body["users"].is_array(), "{body}");
        took
    }
}

#[tokio::main]
async fn main() {
    let variable = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let (email, password) = (variable("BENCH_EMAIL"), variable("BENCH_PASSWORD"));
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let small = Tenant::signed_in(variable("BENCH_SMALL_URL"), &email, &password).await;
    let large = Tenant::signed_in(variable("BENCH_LARGE_URL"), &email, &password).await;

    let newest = Some((UserField::CreatedAt, SortDirection::Desc, "createdAt"));
    let by_name = Some((UserField::Name, SortDirection::Asc, "name"));
    let pages = [
        page("first page, 25 rows", 25, None, None),
        page("first page, 100 rows", 100, None, None),
        page("newest first, 25 rows", 25, newest, None),
        page("by name, 25 rows", 25, by_name, None),
        page(
            "email contains \"grace\"",
            25,
            None,
            Some((SearchOperator::Contains, "contains", "grace")),
        ),
        one_address(&email),
    ];
    println!(
        "list-users, median of {rounds} interleaved calls each: through authdesk-client, and bare \
         HTTP (the server's own time); {} vs {} users in the tenant",
        small.total, large.total
    );
    for (index, page) in pages.iter().enumerate() {
        let mut samples: [Vec<Duration>; 4] = Default::default();
        for round in 0..rounds + 3 {
            let took = [
                small.through_client(page).await,
                small.bare(page).await,
                large.through_client(page).await,
                large.bare(page).await,
            ];
            // The first calls warm the server's caches (and its first sort of a column).
            if round >= 3 {
                for (samples, took) in samples.iter_mut().zip(took) {
                    samples.push(took);
                }
            }
        }
        let [small_ms, small_bare, large_ms, large_bare] = samples.map(|mut s| median_ms(&mut s));
        let (ratio, bare_ratio) = (large_ms / small_ms, large_bare / small_bare);
        let (small_share, large_share) = (small_ms - small_bare, large_ms - large_bare);
        println!(
            "  {:<24} client {small_ms:>7.2} ms vs {large_ms:>7.2} ms, ratio {ratio:>5.2}; bare \
             {small_bare:>7.2} vs {large_bare:>7.2} ms, ratio {bare_ratio:>5.2}; the client's own \
             share {small_share:>5.2} vs {large_share:>5.2} ms",
            page.label,
        );
        summary::row(
            &format!(
                "list page, {}, PostgreSQL, {} vs {} users (through the client)",
                page.label, large.total, small.total
            ),
            &format!("{large_ms:.1} ms"),
            &format!("{small_ms:.1} ms"),
            &format!("{ratio:.2} (bare HTTP {bare_ratio:.2})"),
            ratio,
            summary::Budget::AtMost(1.2),
        );
        if index == 0 {
            summary::row(
                &format!(
                    "the client's own share of that page (client − bare), {} vs {} users",
                    large.total, small.total
                ),
                &format!("{large_share:.2} ms"),
                &format!("{small_share:.2} ms"),
                &format!("{:+.2} ms", large_share - small_share),
                0.0,
                summary::Budget::Unset,
            );
        }
    }
}

fn median_ms(samples: &mut [Duration]) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}
