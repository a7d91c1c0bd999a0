//! Benchmarks of the real app (ignored by default; `tests/bench.sh` runs them).

#[path = "../support/mod.rs"]
mod support;

mod startup;
mod ui;
