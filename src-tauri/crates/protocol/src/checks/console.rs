//! Checks of what an admin types to the console itself rather than about a user: the table's
//! search, the sign-in, profiles, files and the clipboard.

use super::*;
use crate::{ListUsersQuery, MAX_IMPERSONATION_MINUTES};

/// A path typed or pasted to a file on this computer, trimmed.
pub fn check_file_path(path: &str) -> Result<String, ApiError> {
    let path = path.trim();
    if path.is_empty() {
        return Err(at(Field::Path, "Enter the path of the exported file."));
    }
    if path.len() > MAX_PATH_BYTES || path.contains('\0') {
        return Err(at(Field::Path, "That is not a path to a file."));
    }
    Ok(path.to_owned())
}

/// Text for the clipboard, to be pasted into a ticket: never empty, never with characters a
/// reader of the ticket cannot see.
pub fn check_copied_text(text: &str) -> Result<(), ApiError> {
    if text.is_empty() || text.len() > MAX_COPIED_BYTES || has_hidden_characters(text) {
        return Err(ApiError::new(
            ErrorCode::Validation,
            "There is nothing here that can be copied.",
        ));
    }
    Ok(())
}

/// A profile's idle time before the console locks: 1 minute to
/// [`crate::lock::MAX_IDLE_LOCK_MINUTES`]; none means the default.
pub fn check_idle_lock_minutes(minutes: Option<u32>) -> Result<Option<u32>, ApiError> {
    use crate::lock::MAX_IDLE_LOCK_MINUTES;
    match minutes {
        Some(minutes) if !(1..=MAX_IDLE_LOCK_MINUTES).contains(&minutes) => Err(at(
            Field::IdleLock,
            format!(
                "Lock after 1 to {MAX_IDLE_LOCK_MINUTES} minutes without use ({} hours).",
                MAX_IDLE_LOCK_MINUTES / 60
            ),
        )),
        minutes => Ok(minutes),
    }
}

/// A private CA certificate's size (what it holds is the TLS stack's to check).
pub fn check_ca_pem(pem: &str) -> Result<(), ApiError> {
    if pem.len() > MAX_CA_PEM_BYTES {
        return Err(at(
            Field::CaCertificatePem,
            format!(
                "A CA certificate is {} KB at most; paste only the certificate of the CA.",
                MAX_CA_PEM_BYTES / 1024
            ),
        ));
    }
    Ok(())
}

/// Search text typed in the users table's search box.
pub fn check_search(text: &str) -> Result<(), ApiError> {
    check_search_length(Field::Search, text)
}

fn check_search_length(field: Field, text: &str) -> Result<(), ApiError> {
    if text.chars().count() > MAX_SEARCH_CHARS {
        return Err(at(
            field,
            format!("Search for at most {MAX_SEARCH_CHARS} characters."),
        ));
    }
    Ok(())
}

/// A page of the users table: its size, its search text, its conditions and their values.
pub fn check_list_query(query: &ListUsersQuery) -> Result<(), ApiError> {
    if !(1..=MAX_PAGE_SIZE).contains(&query.limit) {
        return Err(at(
            Field::Limit,
            format!("A page holds 1 to {MAX_PAGE_SIZE} users."),
        ));
    }
    if let Some(search) = &query.search {
        check_search(&search.value)?;
    }
    if query.conditions().count() > crate::MAX_VIEW_CONDITIONS {
        return Err(at(
            Field::Filter,
            format!(
                "A view combines at most {} conditions.",
                crate::MAX_VIEW_CONDITIONS
            ),
        ));
    }
    for filter in query.conditions() {
        if filter.values.len() > MAX_FILTER_VALUES {
            return Err(at(
                Field::Filter,
                format!("Filter by at most {MAX_FILTER_VALUES} values at once."),
            ));
        }
        if let crate::FilterField::Custom(key) = &filter.field {
            crate::check_field_key(key)?;
        }
        for value in &filter.values {
            check_search_length(Field::Filter, value)?;
        }
    }
    Ok(())
}

/// How long an impersonation may last: 1 to [`MAX_IMPERSONATION_MINUTES`] minutes.
pub fn check_impersonation_minutes(minutes: u32) -> Result<u32, ApiError> {
    if !(1..=MAX_IMPERSONATION_MINUTES).contains(&minutes) {
        return Err(at(
            Field::Minutes,
            format!("An impersonation lasts 1 to {MAX_IMPERSONATION_MINUTES} minutes."),
        ));
    }
    Ok(minutes)
}

/// The password typed at sign-in: not checked against the server's rules (an old account may
/// predate them), only for being there and not absurdly long.
pub fn check_sign_in_password(password: &str) -> Result<(), ApiError> {
    match password.chars().count() {
        0 => Err(at(Field::Password, "Enter your password.")),
        count if count > MAX_SIGN_IN_PASSWORD_CHARS => Err(at(
            Field::Password,
            format!(
                "That is longer than any password Authdesk sends ({MAX_SIGN_IN_PASSWORD_CHARS} \
                 characters)."
            ),
        )),
        _ => Ok(()),
    }
}

/// A deployment profile's name: the rules of a person's name (it is shown as prominently).
pub fn check_profile_name(name: &str) -> Result<String, ApiError> {
    if name.trim().is_empty() {
        return Err(at(Field::Name, "Give the profile a name."));
    }
    check_name(name)
}

/// A one-time code as typed or pasted: the spaces an authenticator app groups digits with are
/// dropped. Answers the code to send.
pub fn check_one_time_code(code: &str) -> Result<String, ApiError> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    match code.chars().count() {
        0 => Err(at(Field::Code, "Enter the code.")),
        count if count > MAX_ONE_TIME_CODE_CHARS => Err(at(
            Field::Code,
            "That is longer than any sign-in code; paste only the code.",
        )),
        _ => Ok(code),
    }
}

/// Longer than any code Better Auth sends (6 digits, or a backup code of 11 characters).
const MAX_ONE_TIME_CODE_CHARS: usize = 64;
