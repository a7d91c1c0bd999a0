//! Time as the window sees it.

use std::time::Duration;

use authdesk_protocol::OffsetDateTime;
use time::UtcOffset;
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

pub fn now() -> OffsetDateTime {
    let millis = js_sys::Date::now() as i128;
    OffsetDateTime::from_unix_timestamp_nanos(millis * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The admin's own time zone, as the system reports it now.
pub fn local_offset() -> UtcOffset {
    let minutes_behind = js_sys::Date::new_0().get_timezone_offset() as i32;
    UtcOffset::from_whole_seconds(-minutes_behind * 60).unwrap_or(UtcOffset::UTC)
}

/// The current time, refreshed every `period`, so countdowns move and bans lapse on screen.
#[hook]
pub fn use_now(period: Duration) -> OffsetDateTime {
    let current = use_state(now);
    {
        let current = current.clone();
        use_effect_with(period, move |period| {
            let period = *period;
            let alive = std::rc::Rc::new(std::cell::Cell::new(true));
            let running = alive.clone();
            spawn_local(async move {
                while running.get() {
                    sleep(period).await;
                    if running.get() {
                        current.set(now());
                    }
                }
            });
            move || alive.set(false)
        });
    }
    *current
}
