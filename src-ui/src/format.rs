//! Text formatting shared by the pages: counts, times and ban states, as people read them.

use std::rc::Rc;

use authdesk_protocol::{BanState, EnvironmentColour, OffsetDateTime, SessionSummary, UserSummary};
use time::Duration;
use wasm_bindgen::JsValue;

/// `2431` → `2,431` in English, `2.431` in German, `2 431` in French: grouped as the system's
/// language groups numbers (the browser's `Intl`). Natively, where the reducers are tested,
/// in English.
pub fn thousands(value: u64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        thread_local! {
            // No locales: the system's own.
            static FORMAT: js_sys::Function = js_sys::Intl::NumberFormat::new(
                &js_sys::Array::new(),
                &js_sys::Object::new(),
            )
            .format();
        }
        let shown =
            FORMAT.with(|format| format.call1(&JsValue::NULL, &JsValue::from_f64(value as f64)));
        if let Some(text) = shown.ok().and_then(|text| text.as_string()) {
            return text;
        }
    }
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `text` in lower case by Unicode's rules ("ZOË" → "zoë"), as the webview lowers text;
/// natively, where the reducers are tested, by Rust's own rules, which are the same. Rust's
/// case tables would add 24 KB to the UI's wasm.
pub fn lower(text: &str) -> String {
    if cfg!(target_arch = "wasm32") {
        js_sys::JsString::from(text).to_lower_case().into()
    } else {
        text.to_lowercase()
    }
}

/// `text` in capitals, as [`lower`] lowers it.
pub fn upper(text: &str) -> String {
    if cfg!(target_arch = "wasm32") {
        js_sys::JsString::from(text).to_upper_case().into()
    } else {
        text.to_uppercase()
    }
}

/// `1` → `1 user`, `2431` → `2,431 users` (grouped as [`thousands`]).
pub fn count_of(value: u64, noun: &str) -> String {
    let plural = if value == 1 { "" } else { "s" };
    format!("{} {noun}{plural}", thousands(value))
}

/// `2 h 13 min`, `3 d 4 h`, `1 min 40 s`, `45 s`: the two largest units, for countdowns.
pub fn span(duration: Duration) -> String {
    let seconds = duration.whole_seconds().max(0);
    let (days, hours, minutes) = (
        seconds / 86_400,
        seconds % 86_400 / 3600,
        seconds % 3600 / 60,
    );
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds} s"),
        (0, 0, minutes) if seconds % 60 > 0 => format!("{minutes} min {} s", seconds % 60),
        (0, 0, minutes) => format!("{minutes} min"),
        (0, hours, 0) => format!("{hours} h"),
        (0, hours, minutes) => format!("{hours} h {minutes} min"),
        (days, 0, _) => format!("{days} d"),
        (days, hours, _) => format!("{days} d {hours} h"),
    }
}

/// `3 days ago`, `in 2 hours`, `just now`.
pub fn relative(at: OffsetDateTime, now: OffsetDateTime) -> String {
    let delta = now - at;
    let seconds = delta.whole_seconds().abs();
    let (amount, unit) = match seconds {
        0..45 => return "just now".into(),
        45..3_600 => ((seconds + 30) / 60, "minute"),
        3_600..86_400 => ((seconds + 1_800) / 3_600, "hour"),
        86_400..2_592_000 => ((seconds + 43_200) / 86_400, "day"),
        2_592_000..31_536_000 => ((seconds + 1_296_000) / 2_592_000, "month"),
        _ => ((seconds + 15_768_000) / 31_536_000, "year"),
    };
    let plural = if amount == 1 { "" } else { "s" };
    if delta.is_negative() {
        format!("in {amount} {unit}{plural}")
    } else {
        format!("{amount} {unit}{plural} ago")
    }
}

/// `Thu 3 Dec 2026, 14:05` (British English), `Thu, Dec 3, 2026, 2:05 PM` (American): a date and
/// time in the system's language, clock and time zone, with the zone's rules on that date. The
/// webview's `Intl` does it, so no formatting code or time zone data ships in the UI.
pub fn local(at: OffsetDateTime) -> String {
    thread_local! {
        static FORMAT: js_sys::Function = {
            let options = js_sys::Object::new();
            for (key, value) in [
                ("weekday", "short"),
                ("day", "numeric"),
                ("month", "short"),
                ("year", "numeric"),
                ("hour", "numeric"),
                ("minute", "2-digit"),
            ] {
                let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
            }
            // No locales: the system's own.
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &options).format()
        };
    }
    FORMAT
        .with(|format| format.call1(&JsValue::NULL, &js_sys::Date::new(&js_date(at))))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| at.to_string())
}

/// An instant as JavaScript's `Date` takes it: milliseconds since 1970.
pub fn js_date(at: OffsetDateTime) -> JsValue {
    JsValue::from_f64((at.unix_timestamp_nanos() / 1_000_000) as f64)
}

/// A short status label and the CSS modifier that colours it, at the instant `now`: a timed ban
/// whose end has passed reads "Ban lapsed" even before the server clears it.
pub fn ban_label(ban: &BanState, now: OffsetDateTime) -> (String, &'static str) {
    match ban {
        BanState::NotBanned => ("Active".into(), "ok"),
        BanState::Permanent { .. } => ("Banned · permanent".into(), "danger"),
        BanState::Until { expires_at, .. } if *expires_at > now => (
            format!("Banned · {} left", span(*expires_at - now)),
            "danger",
        ),
        BanState::Until { .. } | BanState::Lapsed { .. } => ("Ban lapsed".into(), "muted"),
    }
}

/// The parts of a users-table row that the clock changes, as shown: its ban status and how long
/// ago the user was created. Shared text, so handing it to a row again costs no copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowTimes {
    pub status: Rc<str>,
    pub tone: &'static str,
    pub created: Rc<str>,
}

impl RowTimes {
    pub fn of(user: &UserSummary, now: OffsetDateTime) -> Self {
        let (status, tone) = ban_label(&user.ban, now);
        Self {
            status: status.into(),
            tone,
            created: relative(user.created_at, now).into(),
        }
    }
}

/// A session's device as people read it: `Firefox on Linux · Computer`.
pub fn device(session: &SessionSummary) -> String {
    match &session.client {
        None => "Unknown device".to_owned(),
        Some(client) if client.os.is_empty() => format!("{} · {}", client.browser, client.device),
        Some(client) => format!("{} on {} · {}", client.browser, client.os, client.device),
    }
}

/// A profile colour's name, as the style sheet's `server--<name>` classes know it.
pub fn colour_name(colour: EnvironmentColour) -> &'static str {
    match colour {
        EnvironmentColour::Red => "red",
        EnvironmentColour::Amber => "amber",
        EnvironmentColour::Green => "green",
        EnvironmentColour::Blue => "blue",
        EnvironmentColour::Grey => "grey",
    }
}

/// How a user signed in, as the last-login-method plugin records it, in words.
pub fn sign_in_method(method: &str) -> String {
    match method {
        "email" => "email and password".to_owned(),
        "email-otp" => "a code by email".to_owned(),
        "magic-link" => "a magic link".to_owned(),
        "passkey" => "a passkey".to_owned(),
        provider => format!("single sign-on ({provider})"),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const NOW: OffsetDateTime = datetime!(2026-12-03 13:05 UTC);

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(count_of(1, "user"), "1 user");
        assert_eq!(count_of(2431, "user"), "2,431 users");
    }

    #[test]
    fn spans_show_the_two_largest_units() {
        assert_eq!(span(Duration::seconds(45)), "45 s");
        assert_eq!(span(Duration::minutes(7)), "7 min");
        assert_eq!(span(Duration::seconds(100)), "1 min 40 s");
        assert_eq!(span(Duration::minutes(133)), "2 h 13 min");
        assert_eq!(span(Duration::hours(24)), "1 d");
        assert_eq!(span(Duration::hours(76)), "3 d 4 h");
        assert_eq!(span(Duration::seconds(-5)), "0 s");
    }

    #[test]
    fn relative_times_read_naturally() {
        assert_eq!(relative(NOW, NOW), "just now");
        assert_eq!(relative(NOW - Duration::minutes(1), NOW), "1 minute ago");
        assert_eq!(relative(NOW - Duration::days(3), NOW), "3 days ago");
        assert_eq!(relative(NOW + Duration::hours(2), NOW), "in 2 hours");
        assert_eq!(relative(NOW - Duration::days(400), NOW), "1 year ago");
    }

    #[test]
    fn ban_labels_count_down_and_lapse_by_themselves() {
        assert_eq!(ban_label(&BanState::NotBanned, NOW).0, "Active");
        assert_eq!(
            ban_label(&BanState::Permanent { reason: None }, NOW).0,
            "Banned · permanent"
        );
        let until = BanState::Until {
            reason: None,
            expires_at: NOW + Duration::minutes(133),
        };
        assert_eq!(
            ban_label(&until, NOW),
            ("Banned · 2 h 13 min left".into(), "danger")
        );
        assert_eq!(ban_label(&until, NOW + Duration::hours(3)).0, "Ban lapsed");
        let lapsed = BanState::Lapsed {
            reason: None,
            expired_at: NOW,
        };
        assert_eq!(ban_label(&lapsed, NOW).1, "muted");
    }

    #[test]
    fn devices_read_as_browser_system_and_kind() {
        let session = |os: &str| {
            SessionSummary {
            client: Some(authdesk_protocol::SessionClient {
                browser: "Firefox".into(),
                os: os.into(),
                device: "Computer".into(),
            }),
            ..serde_json::from_value(serde_json::json!({
                "id": "s1", "createdAt": "2026-11-28T12:00:00Z", "updatedAt": "2026-11-28T12:00:00Z", "expiresAt": "2026-11-29T12:00:00Z"
            }))
            .unwrap()
        }
        };
        assert_eq!(device(&session("Linux")), "Firefox on Linux · Computer");
        assert_eq!(device(&session("")), "Firefox · Computer");
        let unknown = SessionSummary {
            client: None,
            ..session("")
        };
        assert_eq!(device(&unknown), "Unknown device");
        assert_eq!(colour_name(EnvironmentColour::Amber), "amber");
    }

    #[test]
    fn a_clock_tick_changes_a_row_only_where_its_shown_times_change() {
        let user = |ban| UserSummary {
            id: "u1".into(),
            name: "Ada".into(),
            email: "ada@authdesk.test".into(),
            email_verified: true,
            image: None,
            roles: vec![],
            created_at: NOW - Duration::minutes(6),
            updated_at: NOW,
            ban,
            two_factor_enabled: None,
            last_sign_in_method: None,
            custom_fields: Default::default(),
        };
        let active = user(BanState::NotBanned);
        let tick = Duration::seconds(15);
        assert_eq!(
            RowTimes::of(&active, NOW),
            RowTimes::of(&active, NOW + tick)
        );
        let later = RowTimes::of(&active, NOW + Duration::minutes(1));
        assert_eq!(&*later.created, "7 minutes ago");
        assert_ne!(RowTimes::of(&active, NOW), later);

        let banned = user(BanState::Until {
            reason: None,
            expires_at: NOW + Duration::minutes(30),
        });
        let times = RowTimes::of(&banned, NOW);
        assert_eq!(
            (&*times.status, times.tone),
            ("Banned · 30 min left", "danger")
        );
        assert_ne!(
            times,
            RowTimes::of(&banned, NOW + Duration::minutes(29) + tick)
        );
    }
}
