//! The run's summary: each figure of issue 16 beside its baseline and held to its budget, one row
//! each. A benchmark adds its rows to the file `AUTHDESK_BENCH_SUMMARY` names (`tests/bench.sh`
//! prints them together at the end, a Markdown table for the README's Performance section), or
//! prints them when it is run alone. Shared by the benchmarks, the client's examples and the
//! size check, so the table has one format.

use std::io::Write;

/// What a figure is held to.
pub enum Budget {
    AtMost(f64),
    AtLeast(f64),
    /// Measured beside its baseline, with no budget of its own.
    Unset,
}

/// One row: what was measured, Authdesk's figure, the baseline's, the figure judged (a ratio, or
/// with its unit), and the budget it is held to, `judged` being its value.
pub fn row(what: &str, authdesk: &str, baseline: &str, figure: &str, judged: f64, budget: Budget) {
    let verdict = |met: bool| if met { "within" } else { "over" };
    // As the issue writes them: a ratio with two decimals (1.10, not 1.1), a count whole.
    let limit_text = |limit: f64| {
        if limit.fract() == 0.0 {
            format!("{limit}")
        } else {
            format!("{limit:.2}")
        }
    };
    let (budget, verdict) = match budget {
        Budget::AtMost(limit) => (format!("≤ {}", limit_text(limit)), verdict(judged <= limit)),
        Budget::AtLeast(limit) => (format!("≥ {}", limit_text(limit)), verdict(judged >= limit)),
        Budget::Unset => (String::new(), ""),
    };
    let line = format!("| {what} | {authdesk} | {baseline} | {figure} | {budget} | {verdict} |");
    match std::env::var_os("AUTHDESK_BENCH_SUMMARY") {
        Some(path) => {
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .expect("the bench summary file opens");
            writeln!(file, "{line}").expect("the bench summary is written");
        }
        None => println!("summary: {line}"),
    }
}
