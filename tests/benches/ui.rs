//! Benchmark, not a test (ignored; `tests/bench.sh` runs it): in the real app, the time from a
//! search keystroke to the rendered page of 100 and of 200 rows, and the same list-users request
//! as a bare HTTP call to the same server, measured side by side in one run. The app is the
//! release binary in AUTHDESK_BENCH_APP (tests/bench.sh), else the tests' debug build.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::summary::{self, Budget};
use crate::support::webdriver::TauriDriver;
use crate::support::{accounts, auth_url};
use serde_json::json;

/// The app measured: what a user runs (release) when tests/bench.sh names it.
fn app_binary() -> PathBuf {
    std::env::var_os("AUTHDESK_BENCH_APP").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_authdesk")),
        PathBuf::from,
    )
}

const ROUNDS: usize = 15;
/// The search box waits this long after the last key before asking (src-ui/src/pages/users/mod.rs).
const SEARCH_PAUSE_MS: f64 = 250.0;
const SEARCHES: [&str; 4] = ["a", "e", "i", "o"];

/// Types one key into the search box and resolves, once the new rows are painted, with where the
/// time went, in ms from the keystroke: [rows in the DOM, painted (the next frame), the
/// list-users call started, its answer's headers back in the page]. The call is timed by
/// wrapping `fetch`, through which Tauri's IPC sends every command (`ipc://localhost/<command>`).
const TYPE_AND_WAIT: &str = r#"
const [value, rows, done] = arguments;
if (!window.__benchFetch) {
  const fetch = window.fetch;
  window.__benchFetch = true;
  window.fetch = (url, options) => {
    const call = { command: String(url).split('/').pop(), started: performance.now() };
    window.__benchCalls.push(call);
    return fetch(url, options).finally(() => { call.answered = performance.now(); });
  };
}
const input = document.querySelector('[data-testid="users-search"]');
const started = performance.now();
window.__benchCalls = [];
const settled = () => !document.querySelector('.users--stale')
  && document.querySelectorAll('[data-testid^="user-row-"]').length === rows
  && input.value === value;
const observer = new MutationObserver(() => {
  if (!settled()) return;
  observer.disconnect();
  const inDom = performance.now() - started;
  requestAnimationFrame(() => {
    const call = window.__benchCalls.filter(c => c.command === 'list_users').pop() || {};
    done([inDom, performance.now() - started, (call.started ?? NaN) - started, (call.answered ?? NaN) - started]);
  });
});
observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
input.value = value;
input.dispatchEvent(new InputEvent('input', { bubbles: true, data: value }));
"#;

/// The same list-users request through the backend alone, from the page: Tauri's IPC, the
/// command, the server and the answer back in JavaScript, without the UI's reading or rendering.
const CALL_ALONE: &str = r#"
const [value, rows, done] = arguments;
const started = performance.now();
window.__TAURI__.core.invoke('list_users', { query: {
  search: { field: 'email', operator: 'contains', value },
  sort: { field: 'createdAt', direction: 'desc' },
  limit: rows, offset: 0,
} }).then(page => done(page.users.length === rows ? performance.now() - started : -1));
"#;

/// The floor any page in this webview pays for the same rows: the table's markup as the app shows
/// it, put in by WebKit's own parser in place of the app's table (hidden meanwhile, then shown
/// again), to the next frame. Resolves with that time in ms.
const WEBKIT_ALONE: &str = r#"
const [done] = arguments;
const table = document.querySelector('[data-testid="user-table"]');
const frame = () => new Promise(requestAnimationFrame);
table.style.display = 'none';
frame().then(frame).then(() => {
  const started = performance.now();
  const copy = document.createElement('table');
  copy.className = table.className;
  copy.innerHTML = table.innerHTML;
  table.after(copy);
  requestAnimationFrame(() => {
    const took = performance.now() - started;
    copy.remove();
    table.style.display = '';
    frame().then(() => done(took));
  });
});
"#;

#[tokio::test]
#[ignore = "a benchmark: run by tests/bench.sh"]
async fn bench_search_keystroke_to_rendered_page() {
    let driver = TauriDriver::start().await;
    let app = driver.launch(&app_binary()).await;
    let admin = accounts().admin;
    app.sign_in_as_admin(&auth_url()).await;

    let bare = authdesk_client::http_client_builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let origin = reqwest::Url::parse(&auth_url())
        .unwrap()
        .origin()
        .ascii_serialization();
    bare.post(format!("{}/sign-in/email", auth_url()))
        .header("Origin", &origin)
        .json(&json!({ "email": admin.email, "password": admin.password }))
        .send()
        .await
        .unwrap();

    println!("search keystroke → rendered page, real app (WebKit) vs a bare HTTP list-users call");
    for rows in [100_usize, 200] {
        let option = app
            .find(&format!("[data-testid='page-size'] option[value='{rows}']"))
            .await;
        app.click(&option).await;
        app.wait_until_gone(".users--stale").await;
        let (mut marks, mut http, mut call, mut webkit): (
            [Vec<f64>; 4],
            Vec<f64>,
            Vec<f64>,
            Vec<f64>,
        ) = Default::default();
        for round in 0..ROUNDS + 2 {
            let value = SEARCHES[round % SEARCHES.len()];
            let took = app.execute_async(TYPE_AND_WAIT, json!([value, rows])).await;
            let started = Instant::now();
            let page: serde_json::Value = bare
                .get(format!("{}/admin/list-users", auth_url()))
                .query(&[
                    ("searchValue", value),
                    ("searchField", "email"),
                    ("limit", &rows.to_string()),
                    ("offset", "0"),
                    ("sortBy", "createdAt"),
                    ("sortDirection", "desc"),
                ])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let bare_ms = started.elapsed().as_secs_f64() * 1000.0;
            assert_eq!(page["users"].as_array().unwrap().len(), rows);
            if round >= 2 {
                for (samples, mark) in marks.iter_mut().zip(took.as_array().unwrap()) {
                    samples.push(mark.as_f64().unwrap());
                }
                http.push(bare_ms);
                let alone = app.execute_async(CALL_ALONE, json!([value, rows])).await;
                let alone = alone.as_f64().unwrap();
                assert!(
                    alone >= 0.0,
                    "list_users through IPC did not answer {rows} rows"
                );
                call.push(alone);
                let floor = app.execute_async(WEBKIT_ALONE, json!([])).await;
                webkit.push(floor.as_f64().unwrap());
            }
        }
        let [in_dom, painted, asked, answered] = marks.map(|mut samples| median(&mut samples));
        let (http, call, webkit) = (median(&mut http), median(&mut call), median(&mut webkit));
        let round_trip = painted - SEARCH_PAUSE_MS;
        println!(
            "  {rows} rows: keystroke→painted median {painted:.1} ms ({SEARCH_PAUSE_MS:.0} ms of it is the typing pause); \
             after the pause {round_trip:.1} ms; bare HTTP {http:.1} ms; the app's own share {:.1} ms",
            round_trip - http
        );
        println!(
            "    where it goes, in the round itself: the UI asks {:.1} ms after the pause (its \
             timer); the answer is back in the page {:.1} ms later (the call alone through the \
             backend takes {call:.1} ms); the rows are in the DOM {:.1} ms after that (reading \
             the answer, rendering, patching the DOM); painted {:.1} ms after that (WebKit's \
             style, layout and paint, to the next frame)",
            asked - SEARCH_PAUSE_MS,
            answered - asked,
            in_dom - answered,
            painted - in_dom
        );
        println!(
            "    the floor: WebKit alone, given the same rows as markup, shows them in {webkit:.1} ms \
             (parse, style, layout, to the next frame); Authdesk's own code (its timer's lateness, \
             reading the answer, rendering, patching the DOM) {:.1} ms",
            asked - SEARCH_PAUSE_MS + in_dom - answered
        );
        // Issue 16 holds a page of 100 rows to 20 ms of the app's own.
        let budget = if rows == 100 {
            Budget::AtMost(20.0)
        } else {
            Budget::Unset
        };
        let share = round_trip - http;
        summary::row(
            &format!(
                "search keystroke → {rows} rows painted: the app's own share, less the bare HTTP call (release)"
            ),
            &format!("{share:.1} ms ({round_trip:.1} after the typing pause)"),
            &format!("bare HTTP {http:.1} ms"),
            &format!("{share:.1} ms"),
            share,
            budget,
        );
    }
    app.close().await;
    tokio::time::sleep(Duration::from_millis(100)).await;
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}
