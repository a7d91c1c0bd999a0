//! Time as the window sees it, pauses after typing, and form drafts.

use std::rc::Rc;
use std::time::Duration;

use authdesk_protocol::{OffsetDateTime, StartMark};
use time::UtcOffset;
use wasm_bindgen::JsValue;
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

/// Puts `mark` on the page's performance timeline, the first time only (the timeline keeps every
/// mark for the page's life).
pub fn mark_start(mark: StartMark) {
    use std::sync::atomic::{AtomicBool, Ordering};
    static MARKED: [AtomicBool; StartMark::ALL.len()] =
        [const { AtomicBool::new(false) }; StartMark::ALL.len()];
    if MARKED[mark as usize].swap(true, Ordering::Relaxed) {
        return;
    }
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(mark.name());
    }
}

pub fn now() -> OffsetDateTime {
    let millis = js_sys::Date::now() as i128;
    OffsetDateTime::from_unix_timestamp_nanos(millis * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The admin's own time zone's offset at `at`, by the rules in force on that date: a date in
/// summer keeps its summer hour when read in winter.
pub fn offset_at(at: OffsetDateTime) -> UtcOffset {
    let minutes_behind =
        js_sys::Date::new(&crate::format::js_date(at)).get_timezone_offset() as i32;
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
#[hook]
pub fn use_keydown(on_key: Callback<web_sys::KeyboardEvent>) {
    use wasm_bindgen::JsCast;
    use_document_event(
        "keydown",
        on_key.reform(|event: web_sys::Event| event.unchecked_into()),
    );
}

/// Calls `on_event` for every `kind` event anywhere in the window while the component is
/// mounted. The listener is registered once and always calls the latest callback.
#[hook]
pub fn use_document_event(kind: &'static str, on_event: Callback<web_sys::Event>) {
    let latest = use_mut_ref(|| on_event.clone());
    *latest.borrow_mut() = on_event;
    use_effect_with((), move |()| {
        use wasm_bindgen::JsCast;
        let listener =
            wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |event| {
                latest.borrow().emit(event)
            });
        let document = web_sys::window().and_then(|window| window.document());
        if let Some(document) = &document {
            let _ =
                document.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(document) = document {
                let _ = document
                    .remove_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
            }
        }
    });
}

/// Calls `on_event` with what the backend sends with `event` each time it sends it to the
/// window, while mounted; what does not read as a `T` is dropped.
#[hook]
pub fn use_backend_event<T>(event: &'static str, on_event: Callback<T>)
where
    T: serde::de::DeserializeOwned + 'static,
{
    let latest = use_mut_ref(|| on_event.clone());
    *latest.borrow_mut() = on_event;
    use_effect_with((), move |()| {
        use wasm_bindgen::JsCast;
        // Held by the listening task too, so it outlives an unmount before Tauri answered.
        let handler = Rc::new(wasm_bindgen::closure::Closure::<dyn Fn(JsValue)>::new(
            move |sent: JsValue| {
                let payload = js_sys::Reflect::get(&sent, &"payload".into()).unwrap_or_default();
                if let Some(payload) = crate::ipc::from_js(&payload) {
                    latest.borrow().emit(payload);
                }
            },
        ));
        let stop = Rc::new(std::cell::RefCell::new(None::<js_sys::Function>));
        let mounted = Rc::new(std::cell::Cell::new(true));
        {
            let (handler, stop, mounted) = (handler.clone(), stop.clone(), mounted.clone());
            spawn_local(async move {
                let function: &js_sys::Function = (*handler).as_ref().unchecked_ref();
                let stopper = crate::ipc::listen(event, function).await;
                match (mounted.get(), stopper) {
                    (true, stopper) => *stop.borrow_mut() = stopper,
                    (false, Some(stopper)) => drop(stopper.call0(&JsValue::NULL)),
                    (false, None) => {}
                }
            });
        }
        move || {
            mounted.set(false);
            if let Some(stopper) = stop.borrow_mut().take() {
                let _ = stopper.call0(&JsValue::NULL);
            }
            drop(handler);
        }
    });
}

/// Calls `on_idle` once the window has had no key, click or scroll for `minutes` while
/// `watching`; the clock starts again whenever `watching` turns on. The backend locks on its own
/// clock (the last command); this hides the window on the admin's.
#[hook]
pub fn use_idle(minutes: u32, watching: bool, on_idle: Callback<()>) {
    let latest = use_mut_ref(|| on_idle.clone());
    *latest.borrow_mut() = on_idle;
    use_effect_with((minutes, watching), move |&(minutes, watching)| {
        use wasm_bindgen::JsCast;
        let last_input = Rc::new(std::cell::Cell::new(js_sys::Date::now()));
        let alive = Rc::new(std::cell::Cell::new(watching));
        let seen = last_input.clone();
        let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            seen.set(js_sys::Date::now())
        });
        let document = web_sys::window().and_then(|window| window.document());
        const INPUTS: [&str; 3] = ["keydown", "pointerdown", "wheel"];
        if let Some(document) = document.as_ref().filter(|_| watching) {
            for kind in INPUTS {
                let _ = document
                    .add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
            }
            let running = alive.clone();
            spawn_local(async move {
                let limit = f64::from(minutes) * 60_000.0;
                while running.get() {
                    sleep(Duration::from_secs(5)).await;
                    if running.get() && js_sys::Date::now() - last_input.get() > limit {
                        running.set(false);
                        latest.borrow().emit(());
                    }
                }
            });
        }
        move || {
            alive.set(false);
            if let Some(document) = document.filter(|_| watching) {
                for kind in INPUTS {
                    let _ = document.remove_event_listener_with_callback(
                        kind,
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        }
    });
}

/// A pause after typing before what was typed is looked up, counted from the key rather than
/// from the render that follows it (1–4 ms later), so the answer comes that much sooner.
#[derive(Clone)]
pub struct TypingPause {
    typed_at: Rc<std::cell::Cell<f64>>,
    pause: Duration,
}

impl TypingPause {
    /// A key was typed: the pause starts again.
    pub fn typed(&self) {
        self.typed_at.set(js_sys::Date::now());
    }

    /// Waits what is left of the pause since the last key.
    pub async fn rest(&self) {
        sleep(left_of(
            self.pause,
            js_sys::Date::now() - self.typed_at.get(),
        ))
        .await;
    }
}

/// What is left of `pause` after `waited_ms` (`as` saturates: a clock set back, which gives a
/// negative wait, waits the whole pause).
fn left_of(pause: Duration, waited_ms: f64) -> Duration {
    pause.saturating_sub(Duration::from_millis(waited_ms as u64))
}

#[hook]
pub fn use_typing_pause(pause: Duration) -> TypingPause {
    let typed_at = use_memo((), |()| std::cell::Cell::new(js_sys::Date::now()));
    TypingPause { typed_at, pause }
}

/// A form's draft. Each change applies to the latest draft, not to the copy the last render
/// saw, so two quick edits in different fields (typing, then a paste) never undo each other.
#[derive(Clone, Default, PartialEq)]
pub struct FormDraft<T>(T);

impl<T> std::ops::Deref for FormDraft<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone + 'static> Reducible for FormDraft<T> {
    type Action = Box<dyn FnOnce(&mut T)>;

    fn reduce(self: Rc<Self>, change: Self::Action) -> Rc<Self> {
        let mut next = self.0.clone();
        change(&mut next);
        Rc::new(Self(next))
    }
}

pub type Draft<T> = UseReducerHandle<FormDraft<T>>;

#[hook]
pub fn use_draft<T: Clone + 'static>(initial: impl FnOnce() -> T + 'static) -> Draft<T> {
    use_reducer(move || FormDraft(initial()))
}

/// Applies `change` to the latest draft.
pub fn change<T: Clone + 'static>(draft: &Draft<T>, change: impl FnOnce(&mut T) + 'static) {
    draft.dispatch(Box::new(change));
}

/// A callback that writes one field of a draft: `edit(&draft, |draft, value| draft.name = value)`.
pub fn edit<T: Clone + 'static>(draft: &Draft<T>, apply: fn(&mut T, String)) -> Callback<String> {
    let draft = draft.clone();
    Callback::from(move |value: String| change(&draft, move |next: &mut T| apply(next, value)))
}

/// Whether a key goes to a box being typed in, where it is text and not a shortcut.
pub fn typing_in(event: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|element| {
            matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        })
}

/// Puts the caret in the text box `node` refers to, if it is one and is shown.
pub fn focus(node: &NodeRef) {
    if let Some(input) = node.cast::<web_sys::HtmlInputElement>() {
        let _ = input.focus();
    }
}

/// Whether a dialog is open over the window: its keys are its own.
pub fn dialog_open() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector("[role='dialog']").ok().flatten())
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_lands_on_the_latest_draft() {
        let typed = Rc::new(FormDraft((String::new(), String::new())))
            .reduce(Box::new(|draft| draft.0 = "user, support".into()));
        let pasted = typed.reduce(Box::new(|draft| draft.1 = "{}".into()));
        assert_eq!(**pasted, ("user, support".to_owned(), "{}".to_owned()));
    }

    #[test]
    fn a_pause_waits_what_is_left_since_the_key() {
        let pause = Duration::from_millis(250);
        assert_eq!(left_of(pause, 3.6), Duration::from_millis(247));
        assert_eq!(left_of(pause, 400.0), Duration::ZERO);
        assert_eq!(left_of(pause, -5_000.0), pause, "a clock set back");
        assert_eq!(left_of(pause, f64::NAN), pause);
    }
}
