//! Benchmark, not a test (ignored; `tests/bench.sh` runs it with release builds): start-up time
//! to the first painted frame and to a populated users table, and idle memory (PSS of the app
//! and its WebKit processes), for Authdesk and for a minimal Tauri app built the same way
//! (tests/bench/minimal), measured side by side, interleaved, in one run.
//!
//! Environment: AUTHDESK_BENCH_APP and AUTHDESK_BENCH_MINIMAL, the two release binaries.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::summary::{self, Budget};
use crate::support::auth_url;
use crate::support::webdriver::{App, TauriDriver};
use serde_json::json;

const ROUNDS: usize = 7;
/// How long an app sits untouched before its memory is read.
const IDLE: Duration = Duration::from_secs(3);

fn binary(variable: &str) -> PathBuf {
    let path = std::env::var(variable).unwrap_or_else(|_| panic!("{variable} is not set"));
    std::fs::canonicalize(path).expect("the benchmarked binary exists")
}

/// Resolves after the browser has painted twice since the call: the page is on screen. Returns,
/// in seconds on the page's clock, when the call ran in the page and when each frame began.
async fn painted(app: &App) -> Vec<Option<f64>> {
    let read = app
        .execute_async(
            "const done = arguments[0]; const ran = performance.now(); \
             requestAnimationFrame((first) => requestAnimationFrame((second) => \
             done([ran, first, second])));",
            json!([]),
        )
        .await;
    seconds(&read)
}

/// Milliseconds read from the page, as seconds.
fn seconds(read: &serde_json::Value) -> Vec<Option<f64>> {
    read.as_array()
        .expect("figures from the page")
        .iter()
        .map(|value| value.as_f64().map(|ms| ms / 1000.0))
        .collect()
}

/// Where a start went, read from the page's own timeline: in seconds after the launch, when the
/// page was asked for (before it: the process, its libraries, GTK, the plugins, the window and
/// WebKit's processes), then in seconds after that, its HTML and scripts in, WebKit's first
/// contentful paint, and Authdesk's start marks (the UI's first render, the session answered).
const TIMELINE: &str = r#"
const [marks, done] = arguments;
const nav = performance.getEntriesByType('navigation')[0];
const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
done([performance.timeOrigin, nav?.domContentLoadedEventEnd ?? null,
  at('first-contentful-paint'), ...marks.map(at)]);
"#;

/// The timeline's figures for one start: seconds from launch to the page asked for, then
/// seconds from there to each later point (None where the page has no such point).
async fn timeline(app: &App, launched: SystemTime) -> Vec<Option<f64>> {
    let read = app
        .execute_async(
            TIMELINE,
            json!([authdesk_protocol::StartMark::ALL.map(|mark| mark.name())]),
        )
        .await;
    let values = seconds(&read);
    let launched = launched.duration_since(UNIX_EPOCH).unwrap().as_secs_f64();
    let asked = values[0].map(|origin| origin - launched);
    std::iter::once(asked)
        .chain(values[1..].iter().copied())
        .collect()
}

/// Medians of each point of several timelines (points a page never reached left out).
fn timeline_medians(timelines: &[Vec<Option<f64>>]) -> Vec<Option<f64>> {
    (0..timelines.first().map_or(0, Vec::len))
        .map(|point| {
            let mut values: Vec<f64> = timelines.iter().filter_map(|t| t[point]).collect();
            (!values.is_empty()).then(|| median(&mut values))
        })
        .collect()
}

/// Empties the kernel's page cache, so the next start reads the app and WebKit from disk: a
/// cold start. Needs root; says whether it worked. AUTHDESK_BENCH_WARM=1 keeps the cache: the
/// starts of a tool opened and closed all day.
fn drop_page_cache() -> bool {
    std::env::var_os("AUTHDESK_BENCH_WARM").is_none()
        && std::fs::write("/proc/sys/vm/drop_caches", "3").is_ok()
}

/// Launches `binary` and returns the app with the seconds to its first painted frame, when it was
/// launched, and when (page clock) the check for that frame ran and its two frames began.
async fn start(driver: &TauriDriver, binary: &Path) -> (App, f64, SystemTime, Vec<Option<f64>>) {
    let (started, launched) = (Instant::now(), SystemTime::now());
    let app = driver.launch(binary).await;
    let frames = painted(&app).await;
    (app, started.elapsed().as_secs_f64(), launched, frames)
}

/// The process running `binary` and each of its descendants (WebKit's web and network
/// processes): their pids, by name ("app" for the first).
fn process_tree(binary: &Path) -> Vec<(u32, String)> {
    let mut parents: HashMap<u32, u32> = HashMap::new();
    let mut root = None;
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        parents.insert(pid, stat_fields(&stat)[1].parse().unwrap());
        if std::fs::read_link(entry.path().join("exe")).is_ok_and(|exe| exe == binary) {
            root = Some(pid);
        }
    }
    let root = root.expect("the app is running");
    let in_tree = |mut pid: u32| loop {
        if pid == root {
            return true;
        }
        match parents.get(&pid) {
            Some(&parent) if parent > 1 => pid = parent,
            _ => return false,
        }
    };
    let name = |pid: u32| {
        if pid == root {
            return "app".to_owned();
        }
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        comm.trim().to_owned()
    };
    let pids = parents.keys().copied().filter(|&pid| in_tree(pid));
    pids.map(|pid| (pid, name(pid))).collect()
}

/// The fields of a `/proc/<pid>/stat` line after the parenthesised command name: the state
/// first, then the parent pid, and so on (proc(5), fields 3 on).
fn stat_fields(stat: &str) -> Vec<&str> {
    stat[stat.rfind(')').unwrap() + 2..].split(' ').collect()
}

/// The sum over the tree of a figure of each process, by process name.
fn by_name(tree: &[(u32, String)], figure: impl Fn(u32) -> f64) -> BTreeMap<String, f64> {
    let mut sums = BTreeMap::new();
    for (pid, name) in tree {
        *sums.entry(name.clone()).or_insert(0.0) += figure(*pid);
    }
    sums
}

/// Proportional set size in bytes of the app and its WebKit processes, by process name.
fn pss_of_tree(tree: &[(u32, String)]) -> BTreeMap<String, f64> {
    by_name(tree, |pid| {
        let rollup =
            std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        let kb: f64 = rollup
            .lines()
            .find_map(|line| line.strip_prefix("Pss:"))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .unwrap_or(0.0);
        kb * 1024.0
    })
}

/// Seconds of CPU the app and its WebKit processes have used since they started (user and
/// system time, all threads), by process name.
fn cpu_of_tree(tree: &[(u32, String)]) -> BTreeMap<String, f64> {
    by_name(tree, |pid| {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if stat.is_empty() {
            return 0.0;
        }
        let fields = stat_fields(&stat);
        // utime and stime (fields 14 and 15) count USER_HZ ticks, 100 a second on Linux.
        let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        ticks as f64 / 100.0
    })
}

/// The median of each process's share, by name, and of the whole.
fn medians(samples: &[BTreeMap<String, f64>]) -> (f64, BTreeMap<String, f64>) {
    let mut totals: Vec<f64> = samples.iter().map(|s| s.values().sum()).collect();
    let mut parts = BTreeMap::new();
    for name in samples.iter().flat_map(|s| s.keys()) {
        let mut values: Vec<f64> = samples
            .iter()
            .map(|s| s.get(name).copied().unwrap_or(0.0))
            .collect();
        parts.insert(name.clone(), median(&mut values));
    }
    (median(&mut totals), parts)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::test]
#[ignore = "a benchmark: run by tests/bench.sh"]
async fn bench_start_up_and_idle_memory_against_a_minimal_tauri_app() {
    let authdesk = binary("AUTHDESK_BENCH_APP");
    let minimal = binary("AUTHDESK_BENCH_MINIMAL");
    let driver = TauriDriver::start().await;

    // Once signed in, later starts restore the session from the keyring and show the table.
    let (app, ..) = start(&driver, &authdesk).await;
    app.sign_in_as_admin(&auth_url()).await;
    app.close().await;

    let (mut minimal_paint, mut authdesk_paint, mut authdesk_table) = (vec![], vec![], vec![]);
    let (mut minimal_pss, mut authdesk_pss) = (vec![], vec![]);
    let (mut minimal_cpu, mut authdesk_cpu) = (vec![], vec![]);
    let (mut minimal_timelines, mut authdesk_timelines) = (vec![], vec![]);
    let mut cold = true;
    for _ in 0..ROUNDS {
        cold &= drop_page_cache();
        let (app, seconds, launched, frames) = start(&driver, &minimal).await;
        minimal_paint.push(seconds);
        minimal_timelines.push([timeline(&app, launched).await, frames].concat());
        tokio::time::sleep(IDLE).await;
        let tree = process_tree(&minimal);
        minimal_pss.push(pss_of_tree(&tree));
        minimal_cpu.push(cpu_of_tree(&tree));
        app.close().await;

        cold &= drop_page_cache();
        let started = Instant::now();
        let (app, seconds, launched, frames) = start(&driver, &authdesk).await;
        authdesk_paint.push(seconds);
        app.find("[data-testid^='user-row-']").await;
        painted(&app).await;
        authdesk_table.push(started.elapsed().as_secs_f64());
        authdesk_timelines.push([timeline(&app, launched).await, frames].concat());
        tokio::time::sleep(IDLE).await;
        let tree = process_tree(&authdesk);
        authdesk_pss.push(pss_of_tree(&tree));
        authdesk_cpu.push(cpu_of_tree(&tree));
        app.close().await;
    }

    let (minimal_paint, authdesk_paint) = (median(&mut minimal_paint), median(&mut authdesk_paint));
    let authdesk_table = median(&mut authdesk_table);
    let mb = |bytes: f64| bytes / 1e6;
    let ((minimal_pss, minimal_parts), (authdesk_pss, authdesk_parts)) =
        (medians(&minimal_pss), medians(&authdesk_pss));
    let ((minimal_cpu, minimal_cpu_parts), (authdesk_cpu, authdesk_cpu_parts)) =
        (medians(&minimal_cpu), medians(&authdesk_cpu));
    let cache = if cold {
        "cold: page cache dropped before each start"
    } else {
        "page cache warm (AUTHDESK_BENCH_WARM, or not run as root)"
    };
    println!(
        "start-up, median of {ROUNDS} (release builds, Xvfb, launched through WebDriver; {cache}):"
    );
    println!(
        "  first painted frame  minimal {minimal_paint:.2} s  authdesk {authdesk_paint:.2} s  ratio {:.2}",
        authdesk_paint / minimal_paint
    );
    println!(
        "  users table shown    authdesk {authdesk_table:.2} s (session restored from the keyring; {} users, 25 rows)  ratio to the minimal first frame {:.2}",
        crate::support::user_total(),
        authdesk_table / minimal_paint
    );
    let (minimal_points, authdesk_points) = (
        timeline_medians(&minimal_timelines),
        timeline_medians(&authdesk_timelines),
    );
    let point = |points: &[Option<f64>], index: usize| {
        points[index].map_or_else(|| "-".to_owned(), |seconds| format!("{seconds:.2} s"))
    };
    // A point of both timelines side by side; `after` marks one counted from the page asked for.
    let both = |index: usize, after: &str| {
        format!(
            "minimal {after}{}  authdesk {after}{}",
            point(&minimal_points, index),
            point(&authdesk_points, index)
        )
    };
    println!(
        "  where it goes (medians): the page asked for at  {} (before: the process, libraries, \
         GTK, plugins, window, WebKit's processes); then, after that, its HTML and scripts in  {}; \
         first contentful paint  {}; Authdesk's UI first rendered +{}, the saved session answered \
         +{}, the first rows in the page +{}",
        both(0, ""),
        both(1, "+"),
        both(2, "+"),
        point(&authdesk_points, 3),
        point(&authdesk_points, 4),
        point(&authdesk_points, 5),
    );
    println!(
        "  the first painted frame, on the page's clock as above: the check ran in the page  {}; \
         its first frame began  {}; the second (then the frame is on screen)  {}",
        both(6, "+"),
        both(7, "+"),
        both(8, "+"),
    );
    println!(
        "idle memory, PSS of the app and its WebKit processes {} s after start, median of {ROUNDS}:",
        IDLE.as_secs()
    );
    println!(
        "  minimal {:.0} MB  authdesk {:.0} MB (users table shown)  ratio {:.2}",
        mb(minimal_pss),
        mb(authdesk_pss),
        authdesk_pss / minimal_pss
    );
    // Each process's share of a figure, written by `unit`.
    let parts = |parts: &BTreeMap<String, f64>, unit: &dyn Fn(f64) -> String| {
        parts
            .iter()
            .map(|(name, value)| format!("{name} {}", unit(*value)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let megabytes = |bytes: f64| format!("{:.0} MB", mb(bytes));
    println!(
        "  where it goes (medians): minimal {}; authdesk {}",
        parts(&minimal_parts, &megabytes),
        parts(&authdesk_parts, &megabytes)
    );
    println!(
        "CPU time of the app and its WebKit processes from launch to {} s after it was up (all cores, \
         user and system), median of {ROUNDS}:",
        IDLE.as_secs()
    );
    println!(
        "  minimal {minimal_cpu:.2} s  authdesk {authdesk_cpu:.2} s (users table shown)  ratio {:.2}",
        authdesk_cpu / minimal_cpu
    );
    let seconds = |value: f64| format!("{value:.2} s");
    println!(
        "  where it goes (medians): minimal {}; authdesk {}",
        parts(&minimal_cpu_parts, &seconds),
        parts(&authdesk_cpu_parts, &seconds)
    );

    let launch = if cold {
        "a cold launch"
    } else {
        "a warm launch"
    };
    let ratio =
        |authdesk: f64, minimal: f64| (format!("{:.2}", authdesk / minimal), authdesk / minimal);
    let rows = [
        (
            format!("first painted frame after {launch} (median of {ROUNDS})"),
            seconds(authdesk_paint),
            format!("minimal Tauri app {}", seconds(minimal_paint)),
            ratio(authdesk_paint, minimal_paint),
            Budget::AtMost(1.10),
        ),
        (
            format!("users table shown after {launch}, the session restored from the keychain"),
            seconds(authdesk_table),
            format!("the minimal app's first frame {}", seconds(minimal_paint)),
            ratio(authdesk_table, minimal_paint),
            Budget::AtMost(1.50),
        ),
        (
            format!(
                "idle memory: PSS of the app and its WebKit processes, {} s after start",
                IDLE.as_secs()
            ),
            megabytes(authdesk_pss),
            megabytes(minimal_pss),
            ratio(authdesk_pss, minimal_pss),
            Budget::AtMost(1.15),
        ),
        (
            format!(
                "CPU time of the app and its WebKit processes, launch to {} s after",
                IDLE.as_secs()
            ),
            seconds(authdesk_cpu),
            seconds(minimal_cpu),
            ratio(authdesk_cpu, minimal_cpu),
            Budget::Unset,
        ),
    ];
    for (what, authdesk, baseline, (figure, judged), budget) in rows {
        summary::row(&what, &authdesk, &baseline, &figure, judged, budget);
    }
}
