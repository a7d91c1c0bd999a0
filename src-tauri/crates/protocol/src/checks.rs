//! Checks of what an admin types, shared by the window (which answers at the field before
//! anything is sent) and the backend (which checks again whatever reaches a command). Each
//! failure is an [`ApiError`] naming its field, with the sentence to show under it.

use crate::{ApiError, ErrorCode};

/// Longest email address SMTP allows (RFC 5321).
pub const MAX_EMAIL_BYTES: usize = 254;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_REASON_CHARS: usize = 500;
/// Better Auth's default password limits.
pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;
/// Ten years; anything longer is a permanent ban.
pub const MAX_BAN_SECONDS: u64 = 3_650 * 86_400;
/// Custom fields as JSON text; more than this is not a profile field but a payload.
pub const MAX_CUSTOM_FIELDS_BYTES: usize = 16 * 1024;
pub const MAX_ROLES: usize = 20;
pub const MAX_ROLE_CHARS: usize = 64;

fn at(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::Validation, message).at_field(field)
}

/// Tabs, line breaks, NUL, bidi overrides and the like: invisible in a table, and a way to
/// make one name look like another.
fn has_hidden_characters(text: &str) -> bool {
    text.chars().any(|c| {
        c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    })
}

pub fn check_email(email: &str) -> Result<String, ApiError> {
    let email = email.trim();
    if email.is_empty() {
        return Err(at("email", "Enter an email address."));
    }
    if email.len() > MAX_EMAIL_BYTES {
        return Err(at(
            "email",
            format!("An email address is {MAX_EMAIL_BYTES} characters at most."),
        ));
    }
    if has_hidden_characters(email) || !email_address::EmailAddress::is_valid(email) {
        return Err(at("email", "This is not a valid email address."));
    }
    Ok(email.to_owned())
}

pub fn check_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if has_hidden_characters(name) {
        return Err(at(
            "name",
            "Remove the hidden characters (line breaks, tabs, direction marks) from the name.",
        ));
    }
    match name.chars().count() {
        0 => Err(at("name", "Enter a name.")),
        1..=MAX_NAME_CHARS => Ok(name.to_owned()),
        _ => Err(at(
            "name",
            format!("Names are {MAX_NAME_CHARS} characters at most."),
        )),
    }
}

/// A password the server will take: 8 to 128 characters.
pub fn check_password(password: &str) -> Result<(), ApiError> {
    match password.chars().count() {
        0..MIN_PASSWORD_CHARS => Err(at(
            "password",
            format!("Use at least {MIN_PASSWORD_CHARS} characters."),
        )),
        count if count > MAX_PASSWORD_CHARS => Err(at(
            "password",
            format!("Use {MAX_PASSWORD_CHARS} characters at most."),
        )),
        _ => Ok(()),
    }
}

/// A new password and its confirmation, as typed twice in a form.
pub fn check_new_password(password: &str, confirmation: &str) -> Result<(), ApiError> {
    check_password(password)?;
    if password != confirmation {
        return Err(at("confirmation", "The two passwords are not the same."));
    }
    Ok(())
}

/// Why an admin bans or impersonates: required, one paragraph at most.
pub fn check_reason(reason: &str) -> Result<String, ApiError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(at("reason", "Give a reason."));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(at(
            "reason",
            format!("Keep the reason under {MAX_REASON_CHARS} characters."),
        ));
    }
    if reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(at(
            "reason",
            "Remove the control characters from the reason.",
        ));
    }
    Ok(reason.to_owned())
}

/// A timed ban's length: from a second to ten years.
pub fn check_ban_seconds(seconds: u64) -> Result<u64, ApiError> {
    match seconds {
        0 => Err(at("duration", "A ban must last at least a second.")),
        1..=MAX_BAN_SECONDS => Ok(seconds),
        _ => Err(at("duration", "For more than ten years, choose Permanent.")),
    }
}

/// Roles as a list: at least one, each a short name without commas or hidden characters.
pub fn check_roles(roles: &[String]) -> Result<Vec<String>, ApiError> {
    let roles: Vec<String> = roles.iter().map(|role| role.trim().to_owned()).collect();
    let bad = |role: &String| {
        role.is_empty()
            || role.contains(',')
            || role.chars().count() > MAX_ROLE_CHARS
            || has_hidden_characters(role)
    };
    if roles.is_empty() || roles.len() > MAX_ROLES || roles.iter().any(bad) {
        return Err(at(
            "roles",
            format!(
                "Give 1 to {MAX_ROLES} roles, each a name of up to {MAX_ROLE_CHARS} characters \
                 without commas."
            ),
        ));
    }
    Ok(roles)
}

/// Custom fields: a JSON object of modest size (the `data` field of the forms).
pub fn check_custom_fields(
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), ApiError> {
    let size = serde_json::to_string(fields).map_or(usize::MAX, |text| text.len());
    if size > MAX_CUSTOM_FIELDS_BYTES {
        return Err(at(
            "data",
            format!(
                "Custom fields are {} KB at most as JSON.",
                MAX_CUSTOM_FIELDS_BYTES / 1024
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(result: Result<impl std::fmt::Debug, ApiError>) -> String {
        result.expect_err("refused").field.expect("at a field")
    }

    #[test]
    fn emails_are_trimmed_and_checked() {
        assert_eq!(
            check_email("  ada@authdesk.test ").unwrap(),
            "ada@authdesk.test"
        );
        assert_eq!(check_email("zoë@exämple.test").unwrap(), "zoë@exämple.test");
        for bad in [
            "",
            "   ",
            "ada",
            "ada@",
            "@authdesk.test",
            "ada@@authdesk.test",
            "ada@auth\ndesk.test",
            "a\u{0}da@authdesk.test",
            "ad\u{202E}a@authdesk.test",
        ] {
            assert_eq!(field(check_email(bad)), "email", "{bad:?}");
        }
        let huge = format!("{}@authdesk.test", "a".repeat(10 * 1024 * 1024));
        assert!(check_email(&huge).unwrap_err().message.contains("254"));
    }

    #[test]
    fn names_keep_unicode_but_not_hidden_characters() {
        assert_eq!(check_name(" Zoë 山田 🙂 ").unwrap(), "Zoë 山田 🙂");
        assert_eq!(field(check_name("Ada\u{7}")), "name");
        assert_eq!(field(check_name("Ada\tLovelace")), "name");
        assert_eq!(field(check_name(&"x".repeat(201))), "name");
        assert!(check_name(&"é".repeat(200)).is_ok());
    }

    #[test]
    fn passwords_follow_the_server_limits() {
        assert!(check_password("12345678").is_ok());
        assert_eq!(field(check_password("1234567")), "password");
        assert_eq!(field(check_password(&"p".repeat(129))), "password");
        assert_eq!(
            field(check_new_password("12345678", "12345679")),
            "confirmation"
        );
    }

    #[test]
    fn ban_lengths_and_reasons() {
        assert_eq!(field(check_ban_seconds(0)), "duration");
        assert_eq!(field(check_ban_seconds(u64::MAX)), "duration");
        assert_eq!(check_ban_seconds(60).unwrap(), 60);
        assert_eq!(field(check_reason(" \n ")), "reason");
        assert_eq!(field(check_reason("spam\u{0}")), "reason");
        assert!(check_reason("Spam.\nSecond line.").is_ok());
    }

    #[test]
    fn roles_and_custom_fields() {
        assert_eq!(check_roles(&[" user ".into()]).unwrap(), ["user"]);
        assert_eq!(field(check_roles(&[])), "roles");
        assert_eq!(field(check_roles(&["a,b".into()])), "roles");
        assert_eq!(field(check_roles(&vec!["r".to_owned(); 21])), "roles");
        let mut fields = serde_json::Map::new();
        fields.insert("plan".into(), "pro".into());
        assert!(check_custom_fields(&fields).is_ok());
        fields.insert("blob".into(), "x".repeat(20_000).into());
        assert_eq!(field(check_custom_fields(&fields)), "data");
    }
}
