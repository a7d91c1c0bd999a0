//! Checks made in the window before anything is sent, each answering with the sentence to show
//! at the field. The server checks again; these only spare a round trip and a lost edit.

use authdesk_protocol::{ApiError, ErrorCode, Field};

pub use authdesk_protocol::checks::{
    check_custom_fields, check_email, check_file_path, check_form_ban_seconds, check_name,
    check_new_password, check_reason, check_roles, check_search,
};

use super::ends_session;

fn at(field: Field, message: &str) -> ApiError {
    ApiError::new(ErrorCode::Validation, message).at_field(field)
}

/// The last error, if it was about `field`: what a form shows under that field.
pub fn error_at(error: &Option<ApiError>, field: Field) -> Option<ApiError> {
    error.clone().filter(|error| error.is_at(field))
}

/// The last error, if it was about no field: what a form shows in its own alert.
pub fn general_error(error: &Option<ApiError>) -> Option<ApiError> {
    error.clone().filter(|error| error.field.is_none())
}

/// Where a form shows an error from the backend: the one error policy of every form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPlace {
    /// Under the field it names, when the form has one.
    AtField,
    /// Back to the sign-in form: the session has ended.
    SignIn,
    /// The password prompt: the console locked, or the action needs the password again.
    Lock,
    /// In the form's own alert.
    Alert,
    /// A toast, for forms without an alert and for buttons.
    Toast,
}

/// What a form can show: `None` for a button without a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Button,
    Fields,
    FieldsAndAlert,
}

pub fn place_of(error: &ApiError, form: FormKind) -> ErrorPlace {
    if ends_session(error) {
        ErrorPlace::SignIn
    } else if matches!(error.code, ErrorCode::Locked | ErrorCode::ConfirmIdentity) {
        ErrorPlace::Lock
    } else if error.field.is_some() && form != FormKind::Button {
        ErrorPlace::AtField
    } else if form == FormKind::FieldsAndAlert {
        ErrorPlace::Alert
    } else {
        ErrorPlace::Toast
    }
}

/// A profile's idle time as typed: empty is the default, otherwise whole minutes in range.
pub fn parse_idle_minutes(text: &str) -> Result<Option<u32>, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let minutes = text.parse::<u32>().map_err(|_| {
        at(
            Field::IdleLock,
            "Enter whole minutes, such as 15, or leave it empty.",
        )
    })?;
    authdesk_protocol::checks::check_idle_lock_minutes(Some(minutes))
}

/// A comma-separated list as typed (roles, provider ids): `user, support` → `["user", "support"]`,
/// without blanks or repeats.
pub fn parse_list(text: &str) -> Vec<String> {
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
            Field::Data,
            "Custom fields must be a JSON object, like {\"plan\": \"pro\"}.",
        )),
        Err(error) => Err(at(
            Field::Data,
            &format!("This is not valid JSON: {error}."),
        )),
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

/// The units a custom ban length is typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BanUnit {
    Minutes,
    Hours,
    Days,
}

impl BanUnit {
    pub const ALL: [Self; 3] = [Self::Minutes, Self::Hours, Self::Days];

    /// The unit's name, as the form shows it and as its `<option>` value.
    pub fn name(self) -> &'static str {
        match self {
            Self::Minutes => "minutes",
            Self::Hours => "hours",
            Self::Days => "days",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|unit| unit.name() == name)
    }

    fn seconds(self) -> f64 {
        match self {
            Self::Minutes => 60.0,
            Self::Hours => 3_600.0,
            Self::Days => 86_400.0,
        }
    }
}

/// A custom ban length typed as a number and a unit; the limits are the protocol's.
pub fn custom_ban_seconds(amount: &str, unit: BanUnit) -> Result<u64, ApiError> {
    let amount: f64 = amount
        .trim()
        .parse()
        .map_err(|_| at(Field::Duration, "Enter a number, like 3."))?;
    check_form_ban_seconds(amount * unit.seconds())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(result: Result<impl std::fmt::Debug, ApiError>) -> Field {
        result.unwrap_err().field.unwrap()
    }

    #[test]
    fn roles_are_split_trimmed_and_deduplicated() {
        assert_eq!(parse_list(" user, admin ,,user "), ["user", "admin"]);
        assert!(parse_list(" , ").is_empty());
    }

    #[test]
    fn custom_fields_must_be_a_json_object() {
        assert!(parse_custom_fields("  ").unwrap().is_empty());
        assert_eq!(
            parse_custom_fields(r#"{"plan":"pro"}"#).unwrap()["plan"],
            "pro"
        );
        assert_eq!(field(parse_custom_fields("[1,2]")), Field::Data);
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
        let unit = |name| BanUnit::from_name(name).expect("a unit");
        assert_eq!(custom_ban_seconds("3", unit("hours")).unwrap(), 10_800);
        assert_eq!(custom_ban_seconds(" 1.5 ", unit("days")).unwrap(), 129_600);
        for (amount, name) in [
            ("", "hours"),
            ("abc", "hours"),
            ("-1", "days"),
            ("0", "minutes"),
            ("NaN", "hours"),
            ("inf", "days"),
            ("1e9", "days"),
        ] {
            assert_eq!(
                field(custom_ban_seconds(amount, unit(name))),
                Field::Duration,
                "{amount} {name}"
            );
        }
        assert_eq!(BanUnit::from_name("fortnights"), None);
    }

    #[test]
    fn every_form_shows_errors_by_one_policy() {
        let field = ApiError::new(ErrorCode::Validation, "Bad email.").at_field(Field::Email);
        let general = ApiError::new(ErrorCode::ServerError, "The server failed.");
        let ended = ApiError::new(ErrorCode::SessionExpired, "Sign in again.");
        use ErrorPlace::*;
        use FormKind::*;
        assert_eq!(place_of(&field, Fields), AtField);
        assert_eq!(place_of(&field, FieldsAndAlert), AtField);
        assert_eq!(place_of(&field, Button), Toast);
        assert_eq!(place_of(&general, FieldsAndAlert), Alert);
        assert_eq!(place_of(&general, Fields), Toast);
        assert_eq!(place_of(&general, Button), Toast);
        let locked = ApiError::new(ErrorCode::Locked, "locked");
        let asked = ApiError::new(ErrorCode::ConfirmIdentity, "again");
        for form in [Button, Fields, FieldsAndAlert] {
            assert_eq!(place_of(&ended, form), SignIn);
            assert_eq!(place_of(&locked, form), Lock);
            assert_eq!(place_of(&asked, form), Lock);
        }
    }

    #[test]
    fn idle_minutes_are_whole_minutes_in_range_or_the_default() {
        assert_eq!(parse_idle_minutes(" ").unwrap(), None);
        assert_eq!(parse_idle_minutes("30").unwrap(), Some(30));
        for bad in ["15m", "0", "-1", "481", "1.5"] {
            let error = parse_idle_minutes(bad).unwrap_err();
            assert!(error.is_at(Field::IdleLock), "{bad}");
        }
    }

    #[test]
    fn deletion_needs_the_email_typed() {
        assert!(deletion_confirmed(" ADA@example.com ", "ada@example.com"));
        assert!(!deletion_confirmed("ada@example", "ada@example.com"));
        assert!(!deletion_confirmed("", "ada@example.com"));
    }
}
