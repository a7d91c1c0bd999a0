//! The server's own user fields in the panel: how each value reads, what its editor starts
//! with, and what the editor's text becomes (by the protocol's one check).

use authdesk_protocol::{ApiError, FieldKind, UserFields, parse_field_value};
use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::format::{lower, upper};

/// The admin's time zone as a rule: its offset at an instant (`hooks::offset_at` in the window).
pub type OffsetAt = fn(OffsetDateTime) -> UtcOffset;

/// The fields to show for a user: the server's (in its order), then any other the user carries.
pub fn shown_fields(
    known: &UserFields,
    values: &Map<String, Value>,
) -> Vec<(String, FieldKind, bool)> {
    let mut shown: Vec<_> = known
        .fields
        .iter()
        .map(|field| (field.key.clone(), field.kind, field.writable))
        .collect();
    let guessed = UserFields::guessed_from(values);
    shown.extend(
        guessed
            .fields
            .into_iter()
            .filter(|field| known.field(&field.key).is_none())
            .map(|field| (field.key, field.kind, !known.from_schema)),
    );
    shown
}

/// A field's key as a label: `trialEndsAt` reads "Trial ends at".
pub fn label(key: &str) -> String {
    let mut words = String::new();
    for (index, letter) in key.chars().enumerate() {
        if letter == '_' {
            words.push(' ');
        } else {
            if letter.is_uppercase() && index > 0 {
                words.push(' ');
            }
            words.push(letter);
        }
    }
    let mut letters = words.chars();
    match letters.next() {
        Some(first) => upper(first.encode_utf8(&mut [0; 4])) + &lower(letters.as_str()),
        None => words,
    }
}

/// A value as the panel shows it; `None` for one the user has not got.
pub fn display(kind: FieldKind, value: &Value) -> Option<String> {
    match (kind, value) {
        (_, Value::Null) => None,
        (FieldKind::YesNo, Value::Bool(yes)) => Some(if *yes { "Yes" } else { "No" }.to_owned()),
        (FieldKind::Date, Value::String(text)) => Some(
            OffsetDateTime::parse(text, &Rfc3339)
                .map(crate::format::local)
                .unwrap_or_else(|_| text.clone()),
        ),
        (_, Value::String(text)) => Some(text.clone()),
        (_, other) => Some(other.to_string()),
    }
}

/// What a field's editor starts with: dates as the local time a date-time input takes.
pub fn editor_text(kind: FieldKind, value: &Value, offset_at: OffsetAt) -> String {
    match (kind, value) {
        (_, Value::Null) => String::new(),
        (FieldKind::YesNo, Value::Bool(yes)) => if *yes { "yes" } else { "no" }.to_owned(),
        (FieldKind::Date, Value::String(text)) => OffsetDateTime::parse(text, &Rfc3339)
            .ok()
            .map(|at| editor_time(at.to_offset(offset_at(at))))
            .unwrap_or_default(),
        (_, Value::String(text)) => text.clone(),
        (_, other) => other.to_string(),
    }
}

/// The editor's text as the value the server stores, or why it cannot be.
pub fn edited_value(kind: FieldKind, text: &str, offset_at: OffsetAt) -> Result<Value, ApiError> {
    let text = text.trim();
    if kind == FieldKind::Date && !text.is_empty() {
        let offset = local_time(text)
            .map(|local| offset_of_local(local, offset_at))
            .unwrap_or(UtcOffset::UTC);
        let (hours, minutes, _) = offset.as_hms();
        let sign = if offset.is_negative() { '-' } else { '+' };
        let with_offset = format!(
            "{text}:00{sign}{:02}:{:02}",
            hours.unsigned_abs(),
            minutes.unsigned_abs()
        );
        return parse_field_value(kind, &with_offset);
    }
    parse_field_value(kind, text)
}

/// What a date-time input holds: local time without seconds or offset, "2027-01-31T08:30".
/// Written here and read by [`local_time`] without time's format descriptions, which added
/// 35 KB to the UI's wasm for these two uses.
fn editor_time(local: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        local.year(),
        u8::from(local.month()),
        local.day(),
        local.hour(),
        local.minute()
    )
}

/// The editor's text as a wall-clock time: RFC 3339 once given the seconds and an offset.
fn local_time(text: &str) -> Option<PrimitiveDateTime> {
    let read = OffsetDateTime::parse(&format!("{text}:00Z"), &Rfc3339).ok()?;
    Some(PrimitiveDateTime::new(read.date(), read.time()))
}

/// The offset a local time was read with: the zone's offset at that wall-clock time, found by
/// asking at the instant it would be in UTC and again at the instant that answer gives.
fn offset_of_local(local: PrimitiveDateTime, offset_at: OffsetAt) -> UtcOffset {
    let guess = offset_at(local.assume_utc());
    offset_at(local.assume_offset(guess))
}

#[cfg(test)]
mod tests {
    use super::*;
    use authdesk_protocol::{Field, UserFieldInfo};
    use serde_json::json;
    use time::macros::{datetime, offset};

    /// Paris: one hour ahead of UTC in winter, two in summer (from the last Sunday of March to
    /// the last Sunday of October, at 01:00 UTC; 2027's dates).
    fn paris(at: OffsetDateTime) -> UtcOffset {
        if (datetime!(2027-03-28 01:00 UTC)..datetime!(2027-10-31 01:00 UTC)).contains(&at) {
            offset!(+2)
        } else {
            offset!(+1)
        }
    }

    #[test]
    fn a_date_is_edited_in_local_time_and_stored_with_its_offset() {
        let stored = json!("2027-01-31T08:30:00Z");
        let text = editor_text(FieldKind::Date, &stored, paris);
        assert_eq!(text, "2027-01-31T09:30");
        let back = edited_value(FieldKind::Date, &text, paris).unwrap();
        let at = OffsetDateTime::parse(back.as_str().unwrap(), &Rfc3339).unwrap();
        assert_eq!(
            at,
            OffsetDateTime::parse("2027-01-31T08:30:00Z", &Rfc3339).unwrap()
        );
        let error = edited_value(FieldKind::Date, "31/01/2027", paris).unwrap_err();
        assert_eq!(error.field, Some(Field::CustomField));
        assert_eq!(
            edited_value(FieldKind::Date, "", paris).unwrap(),
            Value::Null
        );
    }

    #[test]
    fn a_date_across_a_daylight_saving_change_keeps_its_own_hour() {
        let summer = json!("2027-07-31T08:30:00Z");
        let text = editor_text(FieldKind::Date, &summer, paris);
        assert_eq!(
            text, "2027-07-31T10:30",
            "summer time, though read in winter"
        );
        let back = edited_value(FieldKind::Date, &text, paris).unwrap();
        assert_eq!(
            OffsetDateTime::parse(back.as_str().unwrap(), &Rfc3339).unwrap(),
            datetime!(2027-07-31 08:30 UTC)
        );
        // On the night summer time ends, an hour before the change: still summer's offset.
        let back = edited_value(FieldKind::Date, "2027-10-31T01:30", paris).unwrap();
        assert_eq!(
            OffsetDateTime::parse(back.as_str().unwrap(), &Rfc3339).unwrap(),
            datetime!(2027-10-30 23:30 UTC)
        );
    }

    #[test]
    fn an_unreadable_date_is_refused_at_its_field() {
        let error = edited_value(FieldKind::Date, "2027-13-45T99:00", paris).unwrap_err();
        assert_eq!(error.field, Some(Field::CustomField));
    }

    #[test]
    fn keys_read_as_words() {
        assert_eq!(label("trialEndsAt"), "Trial ends at");
        assert_eq!(label("plan"), "Plan");
        assert_eq!(label("stripe_customer"), "Stripe customer");
        assert_eq!(label("étatDuCompte"), "État du compte");
    }

    #[test]
    fn values_read_as_people_expect() {
        let utc = |_| UtcOffset::UTC;
        assert_eq!(
            display(FieldKind::YesNo, &json!(true)).as_deref(),
            Some("Yes")
        );
        assert_eq!(
            display(FieldKind::Number, &json!(12)).as_deref(),
            Some("12")
        );
        assert_eq!(
            display(FieldKind::Json, &json!({"a": 1})).as_deref(),
            Some(r#"{"a":1}"#)
        );
        assert_eq!(display(FieldKind::Text, &Value::Null), None);
        assert_eq!(editor_text(FieldKind::YesNo, &json!(false), utc), "no");
        assert_eq!(
            edited_value(FieldKind::Number, "seven", utc)
                .unwrap_err()
                .field,
            Some(Field::CustomField)
        );
    }

    #[test]
    fn the_servers_fields_come_first_then_what_the_user_carries() {
        let known = UserFields {
            fields: vec![UserFieldInfo {
                key: "plan".into(),
                kind: FieldKind::Text,
                writable: true,
            }],
            from_schema: true,
        };
        let values = json!({"plan": "pro", "legacyId": 7});
        let shown = shown_fields(&known, values.as_object().unwrap());
        assert_eq!(shown[0], ("plan".into(), FieldKind::Text, true));
        assert_eq!(
            shown[1],
            ("legacyId".into(), FieldKind::Number, false),
            "not in the schema: read-only"
        );
    }
}
