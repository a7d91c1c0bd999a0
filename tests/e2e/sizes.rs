//! The release build's sizes, checked by every full test run: sizes are deterministic, unlike
//! timings, which stay in tests/bench.sh. Each figure has its performance budget and a ceiling:
//! the budget where the build is within it, else today's size plus a margin, so that nothing
//! grows it unnoticed while it comes down (the README's Performance section says why each is
//! where it is). tests/test.sh builds the release app (with the installers) and the minimal Tauri
//! app beside it, and passes their folder in AUTHDESK_RELEASE_DIR; tests/bench.sh prints these
//! lines with its other figures, and names the binary's floor (tests/bench/floor) in
//! AUTHDESK_BENCH_FLOOR for two more, and the wasm kept with its functions' names in
//! AUTHDESK_UI_NAMED_WASM for where its bytes go (`parts.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{repo_root, required_env};

#[path = "../benches/summary.rs"]
#[allow(
    dead_code,
    reason = "the benchmarks' table: this file uses some of its budgets"
)]
mod summary;

mod parts;

/// A size figure: what the performance budget asks, and the ceiling the build is held to.
struct Limit {
    what: &'static str,
    budget: f64,
    ceiling: f64,
}

impl Limit {
    /// Prints the figure beside its budget (and adds it to the bench's summary: Authdesk's
    /// figure and the baseline's, as shown there); says what is wrong if it is over its ceiling.
    fn check(&self, measured: f64, [authdesk, baseline]: [&str; 2]) -> Option<String> {
        summary::row(
            self.what,
            authdesk,
            baseline,
            &measured.to_string(),
            measured,
            summary::Budget::AtMost(self.budget),
        );
        let baseline = if baseline.is_empty() {
            String::new()
        } else {
            format!(" ({authdesk} vs {baseline})")
        };
        let within = if measured <= self.budget {
            "within budget"
        } else {
            "over budget"
        };
        println!(
            "size: {}: {measured}{baseline} (budget {}, ceiling {}; {within})",
            self.what, self.budget, self.ceiling
        );
        (measured > self.ceiling).then(|| {
            format!(
                "{} is {measured}, over its ceiling of {} (budget {}): find what grew it, or \
                 raise the ceiling in tests/e2e/sizes.rs with the reason in the README",
                self.what, self.ceiling, self.budget
            )
        })
    }
}

const WASM_BYTES: Limit = Limit {
    what: "release UI wasm, bytes",
    budget: 400_000.0,
    ceiling: 898_500.0,
};
const WASM_GZIP_BYTES: Limit = Limit {
    what: "release UI wasm gzipped (-9), bytes",
    budget: 150_000.0,
    ceiling: 351_200.0,
};
const BINARY_RATIO: Limit = Limit {
    what: "release binary, times the minimal Tauri app's",
    budget: 2.0,
    ceiling: 2.98,
};

fn size(path: &Path) -> u64 {
    std::fs::metadata(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .len()
}

fn gzipped_size(path: &Path) -> u64 {
    let gzip = Command::new("gzip").arg("-9c").arg(path).output().unwrap();
    assert!(gzip.status.success(), "gzip {}", path.display());
    gzip.stdout.len() as u64
}

#[test]
fn the_release_build_stays_within_its_size_ceilings() {
    let release = PathBuf::from(required_env("AUTHDESK_RELEASE_DIR"));
    let wasm = repo_root().join("src-ui/dist/authdesk_ui_bg.wasm");
    let binary = size(&release.join("authdesk"));
    let minimal = size(&release.join("authdesk-bench-minimal"));
    let ratio = times(binary, minimal);
    let (wasm_bytes, wasm_gzipped) = (size(&wasm), gzipped_size(&wasm));
    let over: Vec<String> = [
        WASM_BYTES.check(wasm_bytes as f64, [&format!("{wasm_bytes} bytes"), ""]),
        WASM_GZIP_BYTES.check(wasm_gzipped as f64, [&format!("{wasm_gzipped} bytes"), ""]),
        BINARY_RATIO.check(
            ratio,
            [
                &format!("{binary} bytes"),
                &format!("minimal Tauri app {minimal} bytes"),
            ],
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some(floor) = std::env::var_os("AUTHDESK_BENCH_FLOOR") {
        floor_rows(binary, minimal, size(Path::new(&floor)));
    }
    if let Some(named) = std::env::var_os("AUTHDESK_UI_NAMED_WASM") {
        parts::rows(wasm_bytes, Path::new(&named));
    }
    assert!(over.is_empty(), "{}", over.join("\n"));
}

/// `bytes` as a multiple of `baseline`, to two decimals as the budgets are written.
fn times(bytes: u64, baseline: u64) -> f64 {
    (bytes as f64 / baseline as f64 * 100.0).round() / 100.0
}

/// The floor under the binary's budget (tests/bench.sh builds it): the minimal app with the
/// libraries Authdesk's features need and none of its code (tests/bench/floor), held to the
/// same budget, and the share of the binary that is Authdesk's own.
fn floor_rows(binary: u64, minimal: u64, floor: u64) {
    let floor_ratio = times(floor, minimal);
    let own_ratio = times(binary, floor);
    summary::row(
        "the floor: the minimal Tauri app with Authdesk's libraries, none of its code, times the minimal app's",
        &format!("{floor} bytes"),
        &format!("minimal Tauri app {minimal} bytes"),
        &floor_ratio.to_string(),
        floor_ratio,
        summary::Budget::AtMost(BINARY_RATIO.budget),
    );
    summary::row(
        "release binary, times the floor's",
        &format!("{binary} bytes"),
        &format!("the floor {floor} bytes"),
        &own_ratio.to_string(),
        own_ratio,
        summary::Budget::Unset,
    );
    println!(
        "size: the floor (the minimal app with Authdesk's libraries): {floor} bytes, {floor_ratio} \
         times the minimal app's (budget {}); Authdesk's binary is {own_ratio} times the floor's",
        BINARY_RATIO.budget
    );
}
