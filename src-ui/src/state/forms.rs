//! Checks made in the window before anything is sent, each answering with the sentence to show
//! at the field. The server checks again; these only spare a round trip and a lost edit.

use authdesk_protocol::{ApiError, ErrorCode};

pub use authdesk_protocol::checks::{check_email, check_name, check_new_password, check_reason};

fn at(field: &str, message: &str) -> ApiError {
    ApiError::new(ErrorCode::Validation, message).at_field(field)
}

/// The last error, if it was about `field`: what a form shows under that field.
pub fn error_at(error: &Option<ApiError>, field: &str) -> Option<ApiError> {
    error
        .clone()
        .filter(|error| error.field.as_deref() == Some(field))
}

/// Roles as typed: `user, support` → `["user", "support"]`, without blanks or repeats.
pub fn parse_roles(text: &str) -> Vec<String> {
    let mut roles: Vec<String> = Vec::new();
    for role in text
        .split(',')
        .map(str::trim)
        .filter(|role| !role.is_empty())
    {
        if !roles.iter().any(|known| known == role) {
            roles.push(role.to_owned());
        }
    }
    roles
}

/// Custom fields typed as a JSON object; empty text means none.
pub fn parse_custom_fields(
    text: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    if text.trim().is_empty() {
        return Ok(serde_json::Map::new());
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => Err(at(
            "data",
            "Custom fields must be a JSON object, like {\"plan\": \"pro\"}.",
        )),
        Err(error) => Err(at("data", &format!("This is not valid JSON: {error}."))),
    }
}

/// Whether an admin is about to take the admin role away from themself.
pub fn drops_own_admin(admin_id: &str, user_id: &str, roles: &[String]) -> bool {
    admin_id == user_id && !roles.iter().any(|role| role == "admin")
}

/// Deleting a user needs their email typed out (case and spaces aside).
pub fn deletion_confirmed(typed: &str, email: &str) -> bool {
    typed.trim().eq_ignore_ascii_case(email)
}

/// The lengths offered for a ban; `None` is permanent.
pub const BAN_LENGTHS: [(&str, Option<u64>); 5] = [
    ("1 hour", Some(3_600)),
    ("24 hours", Some(86_400)),
    ("7 days", Some(604_800)),
    ("30 days", Some(2_592_000)),
    ("Permanent", None),
];

pub const BAN_REASONS: [&str; 5] = [
    "Spam",
    "Chargeback fraud",
    "Abusive messages to support",
    "Account takeover",
    "Terms violation",
];

/// A custom ban length typed as a number and a unit (`minutes`, `hours`, `days`).
pub fn custom_ban_seconds(amount: &str, unit: &str) -> Result<u64, ApiError> {
    let amount: f64 = amount
        .trim()
        .parse()
        .map_err(|_| at("duration", "Enter a number, like 3."))?;
    let unit_seconds = match unit {
        "minutes" => 60.0,
        "hours" => 3_600.0,
        "days" => 86_400.0,
        _ => return Err(at("duration", "Pick minutes, hours or days.")),
    };
    let seconds = amount * unit_seconds;
    if !seconds.is_finite() || seconds < 60.0 {
        return Err(at("duration", "A ban lasts at least a minute."));
    }
    if seconds > 3_650.0 * 86_400.0 {
        return Err(at("duration", "For more than ten years, choose Permanent."));
    }
    Ok(seconds.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(result: Result<impl std::fmt::Debug, ApiError>) -> String {
        result.unwrap_err().field.unwrap()
    }

    #[test]
    fn roles_are_split_trimmed_and_deduplicated() {
        assert_eq!(parse_roles(" user, admin ,,user "), ["user", "admin"]);
        assert!(parse_roles(" , ").is_empty());
    }

    #[test]
    fn custom_fields_must_be_a_json_object() {
        assert!(parse_custom_fields("  ").unwrap().is_empty());
        assert_eq!(
            parse_custom_fields(r#"{"plan":"pro"}"#).unwrap()["plan"],
            "pro"
        );
        assert_eq!(field(parse_custom_fields("[1,2]")), "data");
        let error = parse_custom_fields("{plan: pro}").unwrap_err();
        assert!(
            error.message.contains("not valid JSON"),
            "{}",
            error.message
        );
    }

    #[test]
    fn dropping_your_own_admin_role_is_noticed() {
        let roles = |list: &[&str]| list.iter().map(|r| r.to_string()).collect::<Vec<_>>();
        assert!(drops_own_admin("me", "me", &roles(&["user"])));
        assert!(!drops_own_admin("me", "me", &roles(&["user", "admin"])));
        assert!(!drops_own_admin("me", "someone", &roles(&["user"])));
    }

    #[test]
    fn custom_ban_lengths_are_numbers_and_units() {
        assert_eq!(custom_ban_seconds("3", "hours").unwrap(), 10_800);
        assert_eq!(custom_ban_seconds(" 1.5 ", "days").unwrap(), 129_600);
        for (amount, unit) in [
            ("", "hours"),
            ("abc", "hours"),
            ("-1", "days"),
            ("0", "minutes"),
            ("NaN", "hours"),
            ("inf", "days"),
            ("1e9", "days"),
            ("5", "fortnights"),
        ] {
            assert_eq!(
                field(custom_ban_seconds(amount, unit)),
                "duration",
                "{amount} {unit}"
            );
        }
    }

    #[test]
    fn deletion_needs_the_email_typed() {
        assert!(deletion_confirmed(" ADA@example.com ", "ada@example.com"));
        assert!(!deletion_confirmed("ada@example", "ada@example.com"));
        assert!(!deletion_confirmed("", "ada@example.com"));
    }
}
