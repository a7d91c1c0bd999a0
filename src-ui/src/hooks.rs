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

/// Calls `on_key` for every key pressed anywhere in the window while the component is mounted.
/// The listener is registered once and always calls the latest callback.
#[hook]
pub fn use_keydown(on_key: Callback<web_sys::KeyboardEvent>) {
    let latest = use_mut_ref(|| on_key.clone());
    *latest.borrow_mut() = on_key;
    use_effect_with((), move |()| {
        use wasm_bindgen::JsCast;
        let listener =
            wasm_bindgen::closure::Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |event| {
                latest.borrow().emit(event)
            });
        let document = web_sys::window().and_then(|window| window.document());
        if let Some(document) = &document {
            let _ = document
                .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(document) = document {
                let _ = document.remove_event_listener_with_callback(
                    "keydown",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

/// A callback that writes one field of a form's draft held in `state`:
/// `edit(&draft, |draft, value| draft.name = value)`.
pub fn edit<T: Clone + 'static>(
    state: &UseStateHandle<T>,
    apply: fn(&mut T, String),
) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |value: String| {
        let mut next = (*state).clone();
        apply(&mut next, value);
        state.set(next);
    })
}
