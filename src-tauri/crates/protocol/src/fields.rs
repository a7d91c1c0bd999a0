//! The server's own user fields (Better Auth's `additionalFields` and the plugins' fields): what
//! each is, as the server's Open API schema says or, without one, as the values it returns
//! suggest; and the one check of a typed value that both the editor and the backend apply.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::checks::RESERVED_FIELD_KEYS;
use crate::{ApiError, ErrorCode, Field, Permission};

/// The longest text a field editor accepts (a JSON field: the whole document).
pub const MAX_FIELD_VALUE_CHARS: usize = 4000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Number,
    YesNo,
    Date,
    Json,
}

wire_names!(FieldKind {
    Text = "text",
    Number = "number",
    YesNo = "yesNo",
    Date = "date",
    Json = "json",
});

/// One field the server's users carry beyond Better Auth's core ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserFieldInfo {
    pub key: String,
    pub kind: FieldKind,
    /// Whether an admin may change it here: the server marks some as its own (`input: false`).
    pub writable: bool,
}

impl UserFieldInfo {
    /// A field by its key alone, for what the key says about it.
    pub fn named(key: &str) -> Self {
        Self {
            key: key.to_owned(),
            kind: FieldKind::Text,
            writable: true,
        }
    }

    /// What the server checks beyond `user:update` to change this field.
    pub fn needs(&self) -> Option<Permission> {
        matches!(self.key.as_str(), "phoneNumber" | "phoneNumberVerified")
            .then_some(Permission::SetPhone)
    }
}

/// The fields, and where their description came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserFields {
    pub fields: Vec<UserFieldInfo>,
    /// `true` when read from the server's schema; `false` when guessed from the values seen.
    pub from_schema: bool,
}

impl UserFields {
    pub fn field(&self, key: &str) -> Option<&UserFieldInfo> {
        self.fields.iter().find(|field| field.key == key)
    }

    /// The fields a user's values suggest, for a server without a schema: each value's JSON
    /// type, and text that reads as a date as a date. Such fields are editable.
    pub fn guessed_from(values: &Map<String, Value>) -> Self {
        let fields = values
            .iter()
            .filter(|(key, _)| !RESERVED_FIELD_KEYS.contains(&key.as_str()))
            .map(|(key, value)| UserFieldInfo {
                key: key.clone(),
                kind: match value {
                    Value::Bool(_) => FieldKind::YesNo,
                    Value::Number(_) => FieldKind::Number,
                    Value::Object(_) | Value::Array(_) => FieldKind::Json,
                    Value::String(text) if OffsetDateTime::parse(text, &Rfc3339).is_ok() => {
                        FieldKind::Date
                    }
                    Value::String(_) | Value::Null => FieldKind::Text,
                },
                writable: true,
            })
            .collect();
        Self {
            fields,
            from_schema: false,
        }
    }
}

fn refused(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::Validation, message).at_field(Field::CustomField)
}

/// Reads what was typed into a field's editor as the value the server stores; empty text clears
/// the field (`null`). Dates are typed as RFC 3339 (the editor sends its local time that way).
pub fn parse_field_value(kind: FieldKind, typed: &str) -> Result<Value, ApiError> {
    let text = typed.trim();
    if text.chars().count() > MAX_FIELD_VALUE_CHARS {
        return Err(refused(format!(
            "At most {MAX_FIELD_VALUE_CHARS} characters."
        )));
    }
    if text.is_empty() {
        return Ok(Value::Null);
    }
    match kind {
        FieldKind::Text => Ok(Value::String(text.to_owned())),
        FieldKind::Number => text
            .parse::<f64>()
            .ok()
            .filter(|number| number.is_finite())
            .and_then(|number| {
                if number.fract() == 0.0 && number.abs() < 9.0e15 {
                    Some(Value::from(number as i64))
                } else {
                    serde_json::Number::from_f64(number).map(Value::Number)
                }
            })
            .ok_or_else(|| refused("Type a number, like 12 or 4.5.")),
        FieldKind::YesNo => match text.to_ascii_lowercase().as_str() {
            "yes" | "true" => Ok(Value::Bool(true)),
            "no" | "false" => Ok(Value::Bool(false)),
            _ => Err(refused("Choose yes or no.")),
        },
        FieldKind::Date => OffsetDateTime::parse(text, &Rfc3339)
            .ok()
            .and_then(|date| date.format(&Rfc3339).ok())
            .map(Value::String)
            .ok_or_else(|| refused("Pick a date and time.")),
        FieldKind::Json => serde_json::from_str(text)
            .map_err(|error| refused(format!("This is not JSON: {error}."))),
    }
}

/// Checks values bound for the server against the fields it has: a key it does not have, one it
/// keeps to itself, or a value of another type is refused before any request.
pub fn check_field_values(
    fields: &UserFields,
    values: &Map<String, Value>,
) -> Result<(), ApiError> {
    for (key, value) in values {
        let Some(field) = fields.field(key) else {
            if fields.from_schema {
                return Err(refused(format!(
                    "The server's users have no field “{key}”."
                )));
            }
            continue;
        };
        if !field.writable {
            return Err(refused(format!(
                "“{key}” is kept by the server itself and cannot be set here."
            )));
        }
        let fits = match (field.kind, value) {
            (_, Value::Null) | (FieldKind::Json, _) => true,
            (FieldKind::Text, Value::String(_))
            | (FieldKind::Number, Value::Number(_))
            | (FieldKind::YesNo, Value::Bool(_)) => true,
            (FieldKind::Date, Value::String(text)) => OffsetDateTime::parse(text, &Rfc3339).is_ok(),
            _ => false,
        };
        if !fits {
            return Err(refused(format!(
                "“{key}” takes {}.",
                field.kind.described()
            )));
        }
    }
    Ok(())
}

impl FieldKind {
    /// The kind of value, as a sentence ends: "“seats” takes a number."
    pub fn described(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "a number",
            Self::YesNo => "yes or no",
            Self::Date => "a date",
            Self::Json => "JSON",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kind_of(typed: &str, kind: FieldKind) -> Result<Value, String> {
        parse_field_value(kind, typed).map_err(|error| {
            assert_eq!(error.field, Some(Field::CustomField));
            error.message
        })
    }

    #[test]
    fn typed_values_become_the_servers_types_or_a_reason() {
        assert_eq!(kind_of(" 12 ", FieldKind::Number), Ok(json!(12)));
        assert_eq!(kind_of("4.5", FieldKind::Number), Ok(json!(4.5)));
        assert!(
            kind_of("twelve", FieldKind::Number)
                .unwrap_err()
                .contains("number")
        );
        assert!(kind_of("NaN", FieldKind::Number).is_err());
        assert_eq!(kind_of("yes", FieldKind::YesNo), Ok(json!(true)));
        assert!(kind_of("maybe", FieldKind::YesNo).is_err());
        assert_eq!(
            kind_of("2027-01-31T09:30:00+01:00", FieldKind::Date),
            Ok(json!("2027-01-31T09:30:00+01:00"))
        );
        assert!(kind_of("31/01/2027", FieldKind::Date).is_err());
        assert_eq!(
            kind_of(r#"{"a":[1]}"#, FieldKind::Json),
            Ok(json!({"a": [1]}))
        );
        assert!(
            kind_of("{a:1}", FieldKind::Json)
                .unwrap_err()
                .starts_with("This is not JSON")
        );
        assert_eq!(kind_of("  ", FieldKind::Text), Ok(Value::Null));
    }

    #[test]
    fn values_for_the_server_must_fit_its_fields() {
        let fields = UserFields {
            fields: vec![
                UserFieldInfo {
                    key: "seats".into(),
                    kind: FieldKind::Number,
                    writable: true,
                },
                UserFieldInfo {
                    key: "lastSeen".into(),
                    kind: FieldKind::Date,
                    writable: false,
                },
            ],
            from_schema: true,
        };
        let values = |value: Value| value.as_object().unwrap().clone();
        assert!(check_field_values(&fields, &values(json!({"seats": 3}))).is_ok());
        assert!(check_field_values(&fields, &values(json!({"seats": null}))).is_ok());
        let wrong = check_field_values(&fields, &values(json!({"seats": "3"}))).unwrap_err();
        assert_eq!(wrong.message, "“seats” takes a number.");
        assert!(check_field_values(&fields, &values(json!({"lastSeen": null}))).is_err());
        assert!(check_field_values(&fields, &values(json!({"plan": "pro"}))).is_err());
        let guessed = UserFields {
            from_schema: false,
            ..fields
        };
        assert!(check_field_values(&guessed, &values(json!({"plan": "pro"}))).is_ok());
    }

    #[test]
    fn without_a_schema_the_values_say_what_a_field_is() {
        let seen = json!({"plan": "pro", "seats": 4, "beta": true, "since": "2026-01-02T03:04:05Z",
            "prefs": {"x": 1}, "company": null, "role": "admin"});
        let guessed = UserFields::guessed_from(seen.as_object().unwrap());
        let kind = |key| guessed.field(key).map(|field| field.kind);
        assert_eq!(kind("plan"), Some(FieldKind::Text));
        assert_eq!(kind("seats"), Some(FieldKind::Number));
        assert_eq!(kind("beta"), Some(FieldKind::YesNo));
        assert_eq!(kind("since"), Some(FieldKind::Date));
        assert_eq!(kind("prefs"), Some(FieldKind::Json));
        assert_eq!(kind("company"), Some(FieldKind::Text));
        assert_eq!(kind("role"), None, "a core field is not a custom one");
    }
}
