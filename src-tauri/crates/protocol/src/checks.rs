//! Checks of what an admin types, shared by the window (which answers at the field before
//! anything is sent) and the backend (which checks again whatever reaches a command). Each
//! failure is an [`ApiError`] naming its field, with the sentence to show under it.

use crate::{ApiError, ErrorCode, Field};

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
/// The most rows one list request may ask for; the server itself has no cap.
pub const MAX_PAGE_SIZE: u32 = 500;
/// Longer search text is a paste gone wrong, not an email or a name.
pub const MAX_SEARCH_CHARS: usize = 256;
/// Passwords a server may accept are far shorter; more is a paste gone wrong.
pub const MAX_SIGN_IN_PASSWORD_CHARS: usize = 1024;
/// Better Auth's ids are short letters, digits, `-` and `_`.
pub const MAX_USER_ID_BYTES: usize = 255;
/// More filter values than this is not a filter but a list to page through.
pub const MAX_FILTER_VALUES: usize = 100;
/// A private CA's certificate, or a short bundle; more is not a certificate.
pub const MAX_CA_PEM_BYTES: usize = 64 * 1024;
/// An https picture URL; a `data:` picture is at most [`MAX_IMAGE_DATA_BYTES`].
pub const MAX_IMAGE_URL_BYTES: usize = 2048;
pub const MAX_IMAGE_DATA_BYTES: usize = 64 * 1024;
/// The shortest ban a form offers: the server's clock and ours may be seconds apart.
pub const MIN_FORM_BAN_SECONDS: u64 = 60;
/// The longest file path Authdesk reads (Linux's `PATH_MAX`).
pub const MAX_PATH_BYTES: usize = 4096;
/// What "Copy" puts on the clipboard is an id, an email or a name: more is not a copy of one.
pub const MAX_COPIED_BYTES: usize = 4096;

fn at(field: Field, message: impl Into<String>) -> ApiError {
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
        return Err(at(Field::Email, "Enter an email address."));
    }
    if email.len() > MAX_EMAIL_BYTES {
        return Err(at(
            Field::Email,
            format!("An email address is {MAX_EMAIL_BYTES} characters at most."),
        ));
    }
    if has_hidden_characters(email) || !email_address::EmailAddress::is_valid(email) {
        return Err(at(Field::Email, "This is not a valid email address."));
    }
    Ok(email.to_owned())
}

pub fn check_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if has_hidden_characters(name) {
        return Err(at(
            Field::Name,
            "Remove the hidden characters (line breaks, tabs, direction marks) from the name.",
        ));
    }
    match name.chars().count() {
        0 => Err(at(Field::Name, "Enter a name.")),
        1..=MAX_NAME_CHARS => Ok(name.to_owned()),
        _ => Err(at(
            Field::Name,
            format!("Names are {MAX_NAME_CHARS} characters at most."),
        )),
    }
}

/// A password the server will take: 8 to 128 characters.
pub fn check_password(password: &str) -> Result<(), ApiError> {
    match password.chars().count() {
        0..MIN_PASSWORD_CHARS => Err(at(
            Field::Password,
            format!("Use at least {MIN_PASSWORD_CHARS} characters."),
        )),
        count if count > MAX_PASSWORD_CHARS => Err(at(
            Field::Password,
            format!("Use {MAX_PASSWORD_CHARS} characters at most."),
        )),
        _ => Ok(()),
    }
}

/// A new password and its confirmation, as typed twice in a form.
pub fn check_new_password(password: &str, confirmation: &str) -> Result<(), ApiError> {
    check_password(password)?;
    if password != confirmation {
        return Err(at(
            Field::Confirmation,
            "The two passwords are not the same.",
        ));
    }
    Ok(())
}

/// Why an admin bans or impersonates: required, one paragraph at most.
pub fn check_reason(reason: &str) -> Result<String, ApiError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(at(Field::Reason, "Give a reason."));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(at(
            Field::Reason,
            format!("Keep the reason under {MAX_REASON_CHARS} characters."),
        ));
    }
    if reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(at(
            Field::Reason,
            "Remove the control characters from the reason.",
        ));
    }
    Ok(reason.to_owned())
}

/// A timed ban's length: from a second to ten years.
pub fn check_ban_seconds(seconds: u64) -> Result<u64, ApiError> {
    match seconds {
        0 => Err(at(Field::Duration, "A ban must last at least a second.")),
        1..=MAX_BAN_SECONDS => Ok(seconds),
        _ => Err(at(Field::Duration, TOO_LONG_FOR_A_TIMED_BAN)),
    }
}

/// A ban length typed in a form: at least a minute, at most ten years.
pub fn check_form_ban_seconds(seconds: f64) -> Result<u64, ApiError> {
    if !seconds.is_finite() || seconds < MIN_FORM_BAN_SECONDS as f64 {
        return Err(at(Field::Duration, "A ban lasts at least a minute."));
    }
    if seconds > MAX_BAN_SECONDS as f64 {
        return Err(at(Field::Duration, TOO_LONG_FOR_A_TIMED_BAN));
    }
    Ok(seconds.round() as u64)
}

const TOO_LONG_FOR_A_TIMED_BAN: &str = "For more than ten years, choose Permanent.";

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
            Field::Roles,
            format!(
                "Give 1 to {MAX_ROLES} roles, each a name of up to {MAX_ROLE_CHARS} characters \
                 without commas."
            ),
        ));
    }
    Ok(roles)
}

/// Keys Better Auth reads as the user's own fields. As custom fields they would change roles,
/// bans or the email past their own controls and checks, and past the audit line of those.
pub const RESERVED_FIELD_KEYS: [&str; 15] = [
    "id",
    "email",
    "name",
    "role",
    "banned",
    "banReason",
    "banExpires",
    "emailVerified",
    "image",
    "password",
    "createdAt",
    "updatedAt",
    "impersonatedBy",
    // The plugins' own: reset with its own control, and written by the server at each sign-in.
    "twoFactorEnabled",
    "lastLoginMethod",
];

/// Custom fields: a JSON object of modest size (the `data` field of the forms), with none of the
/// keys the server keeps for the user's own fields.
pub fn check_custom_fields(
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), ApiError> {
    if let Some(key) = fields
        .keys()
        .find(|key| RESERVED_FIELD_KEYS.contains(&key.as_str()))
    {
        return Err(at(
            Field::Data,
            format!(
                "“{key}” is one of the user's own fields, changed with its own control, not as a \
                 custom field."
            ),
        ));
    }
    let size = serde_json::to_string(fields).map_or(usize::MAX, |text| text.len());
    if size > MAX_CUSTOM_FIELDS_BYTES {
        return Err(at(
            Field::Data,
            format!(
                "Custom fields are {} KB at most as JSON.",
                MAX_CUSTOM_FIELDS_BYTES / 1024
            ),
        ));
    }
    Ok(())
}

fn is_server_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_USER_ID_BYTES
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A user id as Better Auth makes them; anything else is refused before it reaches a URL.
pub fn check_user_id(user_id: &str) -> Result<(), ApiError> {
    if is_server_id(user_id) {
        Ok(())
    } else {
        Err(at(Field::UserId, "That is not a user id."))
    }
}

/// A session id, as the sessions table shows them; it is written into the audit trail.
pub fn check_session_id(session_id: &str) -> Result<(), ApiError> {
    if is_server_id(session_id) {
        Ok(())
    } else {
        Err(at(Field::SessionId, "That is not a session id."))
    }
}

/// A user's picture: an https URL, or a small `data:image/…` one.
pub fn check_image(image: &str) -> Result<(), ApiError> {
    let refuse = || {
        at(
            Field::Image,
            format!(
                "A picture is an https:// address of up to {MAX_IMAGE_URL_BYTES} characters, or \
                 a data:image address of up to {} KB.",
                MAX_IMAGE_DATA_BYTES / 1024
            ),
        )
    };
    let fits = if image.starts_with("data:image/") {
        image.len() <= MAX_IMAGE_DATA_BYTES
    } else {
        image.starts_with("https://") && image.len() <= MAX_IMAGE_URL_BYTES
    };
    if fits && !has_hidden_characters(image) && !image.contains(' ') {
        Ok(())
    } else {
        Err(refuse())
    }
}

mod console;
pub use console::*;

#[cfg(test)]
mod tests;
