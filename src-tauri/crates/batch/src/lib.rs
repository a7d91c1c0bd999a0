//! Works through a list of items (one request each) the way a careful person would: a few at a
//! time, never faster than the server's rate limit, and stoppable. A 429 puts its item back at
//! the front of the queue and pauses everything for the wait the server names; the size of the
//! server's budget is learned from it, so later bursts stop at the budget and wait out the
//! window instead of being refused again. A cancel starts nothing more and lets what is in
//! flight finish. Every item ends exactly once: done, skipped, failed, or not done (cancelled
//! before it started).

mod pacer;

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;

pub use pacer::Pacer;

/// What one try of an item came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    Done,
    /// Nothing to do for it (the server says it is in that state already, say).
    Skipped(String),
    Failed(String),
    /// The server refused it for now and asked to wait this long.
    RateLimited(Duration),
}

/// How an item ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Skipped(String),
    Failed(String),
    /// The batch was cancelled before this item started.
    NotDone,
}

/// What the runner tells its caller as it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<I> {
    Finished(I, Outcome),
    /// Nothing is sent until `Instant`: the server's limit is being waited out.
    Waiting(Instant),
    Resumed,
}

/// Shared between the runner and whoever may stop it.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// How often a pause looks whether it was cancelled.
const CANCEL_POLL: Duration = Duration::from_millis(100);

/// Runs `work` for every item, at most `concurrency` at a time and as `pacer` allows (the
/// pacer of this route, kept from the batches before), reporting each end through `report`.
/// Returns when every item has ended.
pub async fn run<I, W, F, R>(
    items: Vec<I>,
    concurrency: usize,
    cancel: Cancel,
    pacer: &mut Pacer,
    work: W,
    mut report: R,
) where
    I: Clone + Send + 'static,
    W: Fn(I) -> F,
    F: Future<Output = Attempt> + Send + 'static,
    R: FnMut(Event<I>),
{
    let mut queue: VecDeque<I> = items.into();
    let mut in_flight: JoinSet<(I, Attempt)> = JoinSet::new();
    let mut waiting = false;
    loop {
        while !cancel.is_cancelled() && in_flight.len() < concurrency.max(1) {
            if !pacer.may_start(Instant::now(), in_flight.is_empty()) {
                break;
            }
            let Some(item) = queue.pop_front() else {
                break;
            };
            if waiting {
                waiting = false;
                report(Event::Resumed);
            }
            pacer.started();
            let attempt = work(item.clone());
            in_flight.spawn(async move { (item, attempt.await) });
        }
        if in_flight.is_empty() {
            if cancel.is_cancelled() || queue.is_empty() {
                break;
            }
            let until = pacer.resumes_at(Instant::now());
            if !waiting {
                waiting = true;
                report(Event::Waiting(until));
            }
            tokio::time::sleep_until(until.min(Instant::now() + CANCEL_POLL)).await;
            continue;
        }
        let Some(joined) = in_flight.join_next().await else {
            continue;
        };
        let (item, attempt) = match joined {
            Ok(ended) => ended,
            // The work panicked: its item cannot be named, so nothing is reported twice.
            Err(_) => continue,
        };
        let now = Instant::now();
        let outcome = match attempt {
            Attempt::RateLimited(wait) => {
                pacer.refused(now, wait);
                queue.push_front(item);
                continue;
            }
            Attempt::Done => Outcome::Done,
            Attempt::Skipped(why) => Outcome::Skipped(why),
            Attempt::Failed(why) => Outcome::Failed(why),
        };
        pacer.answered(now);
        report(Event::Finished(item, outcome));
    }
    for item in queue {
        report(Event::Finished(item, Outcome::NotDone));
    }
}

#[cfg(test)]
mod tests;
