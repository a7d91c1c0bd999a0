//! Keeps a batch within the server's rate limit. Better Auth counts requests per client and
//! route and lets `max` through until `window` seconds pass without one; the 429 it sends then
//! names the wait (`X-Retry-After`). The first refusal teaches the pacer both: `max` is what
//! went through since the last pause, the window is the wait. After that a burst stops at
//! `max` and waits out the window after its last answer, so the server is not refused again.

use std::time::Duration;

use tokio::time::Instant;

/// A little past the server's own clock, which rounds its wait up to whole seconds anyway.
const MARGIN: Duration = Duration::from_millis(200);

#[derive(Debug)]
pub struct Pacer {
    /// The budget and window learned from a refusal.
    learned: Option<(u32, Duration)>,
    /// Requests started since the last pause.
    started: u32,
    /// Answers (of any kind but a refusal) since the last pause.
    answered: u32,
    last_answer: Option<Instant>,
    /// No request starts before this.
    paused_until: Option<Instant>,
    /// Whether this burst began on a bucket with nothing in it that the pacer does not know of.
    fresh_burst: bool,
}

impl Default for Pacer {
    fn default() -> Self {
        Self {
            learned: None,
            started: 0,
            answered: 0,
            last_answer: None,
            paused_until: None,
            fresh_burst: true,
        }
    }
}

impl Pacer {
    /// Whether a request may start at `now`; `idle` says nothing is in flight.
    pub fn may_start(&mut self, now: Instant, idle: bool) -> bool {
        if let Some(until) = self.paused_until {
            if now < until {
                return false;
            }
            self.paused_until = None;
            self.started = 0;
            self.answered = 0;
            self.fresh_burst = true;
        }
        match self.learned {
            Some((budget, window)) if self.started >= budget => {
                // The burst is spent: once its last answer is in, wait out the window.
                if idle {
                    let last = self.last_answer.unwrap_or(now);
                    self.paused_until = Some(last + window + MARGIN);
                }
                false
            }
            _ => true,
        }
    }

    /// When the pause in force ends (now, if none is).
    pub fn resumes_at(&self, now: Instant) -> Instant {
        self.paused_until.unwrap_or(now)
    }

    pub fn started(&mut self) {
        self.started += 1;
    }

    pub fn answered(&mut self, now: Instant) {
        self.answered += 1;
        self.last_answer = Some(now);
    }

    /// The server refused a request and asked to wait `wait`.
    pub fn refused(&mut self, now: Instant, wait: Duration) {
        let wait = wait.max(Duration::from_secs(1));
        if self.paused_until.is_none_or(|until| until < now + wait) {
            // What got through before the first refusal of a fresh burst is the budget; a
            // refusal on a bucket of unknown fill teaches only the window.
            let budget = match self.learned {
                _ if self.paused_until.is_none() && self.fresh_burst => self.answered.max(1),
                Some((budget, _)) => budget,
                None => self.answered.max(1),
            };
            let window = self.learned.map_or(wait, |(_, window)| window.max(wait));
            self.learned = Some((budget, window));
            self.paused_until = Some(now + wait + MARGIN);
        }
    }
}
