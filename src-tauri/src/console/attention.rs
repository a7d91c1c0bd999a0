//! Reaching the admin outside the window: an impersonation nearing its end, or a bulk action
//! done, while the admin works in the ticket system. The console says what and when; the app
//! says how (`crate::desktop`: a notification, and the taskbar asking for attention).

use std::sync::Arc;

use authdesk_protocol::{
    IMPERSONATION_TIME_UP, IMPERSONATION_WARNINGS, ImpersonationStarted, OffsetDateTime,
};

use super::Console;

/// What the admin is told, as a notification's title and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
}

/// How the app reaches the admin outside its window.
pub trait Attention: Send + Sync {
    fn call(&self, notice: Notice);
}

impl Console {
    /// Tells the admin through `attention` from now on (the app's desktop; tests' recorders).
    pub fn with_attention(mut self, attention: Arc<dyn Attention>) -> Self {
        self.attention = Some(attention);
        self
    }

    pub(super) fn call_attention(&self, notice: Notice) {
        if let Some(attention) = &self.attention {
            attention.call(notice);
        }
    }

    /// Waits until `started` ends, warning before the end as the window does. A warning already
    /// past when the impersonation started is not given.
    pub(super) async fn warn_until_end(&self, started: &ImpersonationStarted) {
        let left_at_start = seconds_until(started);
        let as_whom = format!("You are seeing the product as {}.", started.user.email);
        for (before_end, warning) in IMPERSONATION_WARNINGS {
            let before_end = f64::from(before_end);
            if left_at_start <= before_end {
                continue;
            }
            sleep_seconds(seconds_until(started) - before_end).await;
            self.call_attention(Notice {
                title: warning.to_owned(),
                body: as_whom.clone(),
            });
        }
        sleep_seconds(seconds_until(started)).await;
    }

    /// Says that the impersonation ended at its time limit.
    pub(super) fn tell_time_up(&self, started: &ImpersonationStarted) {
        self.call_attention(Notice {
            title: IMPERSONATION_TIME_UP.to_owned(),
            body: format!("The session as {} has ended.", started.user.email),
        });
    }
}

fn seconds_until(started: &ImpersonationStarted) -> f64 {
    (started.ends_at - OffsetDateTime::now_utc()).as_seconds_f64()
}

async fn sleep_seconds(seconds: f64) {
    tokio::time::sleep(std::time::Duration::from_secs_f64(seconds.max(0.0))).await;
}
