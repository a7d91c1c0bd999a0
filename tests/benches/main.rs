//! Benchmarks of the real app (ignored by default; `tests/bench.sh` runs them).

#[path = "../support/mod.rs"]
mod support;

mod power;
mod startup;
mod summary;
mod ui;
