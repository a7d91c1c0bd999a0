//! Better Auth's error codes, each as a sentence a support engineer can act on.

use authdesk_protocol::{ApiError, ErrorCode, Field};

/// Better Auth's error codes, each as a sentence a support engineer can act on, and the form
/// field it concerns where there is one.
pub(crate) fn known_code(code: &str) -> Option<ApiError> {
    use ErrorCode::{
        Banned, ChallengeEnded, Conflict, Forbidden, InvalidCredentials, NotFound, RateLimited,
        Validation,
    };
    let (error_code, message, field) = match code {
        "INVALID_EMAIL_OR_PASSWORD" => (InvalidCredentials, "Wrong email or password.", None),
        "INVALID_EMAIL" => (
            Validation,
            "This is not a valid email address.",
            Some(Field::Email),
        ),
        "BANNED_USER" => (Banned, "This account is banned.", None),
        "MISSING_OR_NULL_ORIGIN" | "INVALID_ORIGIN" => (
            Forbidden,
            "The auth server does not trust this app's Origin. Add the server's own origin to its \
             trustedOrigins, or set the profile's Origin override.",
            None,
        ),
        "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED" => (
            Forbidden,
            "The auth server blocked a cross-site sign-in.",
            None,
        ),
        "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL" | "USER_ALREADY_EXISTS" => (
            Conflict,
            "Another user already has this email address.",
            Some(Field::Email),
        ),
        "PASSWORD_TOO_SHORT" => (
            Validation,
            "The password is too short.",
            Some(Field::Password),
        ),
        "PASSWORD_TOO_LONG" => (
            Validation,
            "The password is too long (128 characters at most).",
            Some(Field::Password),
        ),
        "USER_NOT_FOUND" => (NotFound, "This user no longer exists.", None),
        "NO_DATA_TO_UPDATE" => (Validation, "Nothing to change.", None),
        "INVALID_ROLE_TYPE" => (Validation, "Roles must be names.", Some(Field::Roles)),
        "YOU_ARE_NOT_ALLOWED_TO_SET_NON_EXISTENT_VALUE" => (
            Validation,
            "The server does not know this role.",
            Some(Field::Roles),
        ),
        "PASSWORD_CANNOT_BE_UPDATED_VIA_UPDATE_USER" => (
            Validation,
            "Use “Set password” to change a password.",
            Some(Field::Password),
        ),
        "USER_ID_CANNOT_BE_UPDATED" => (Validation, "A user's id cannot change.", None),
        "YOU_CANNOT_BAN_YOURSELF" => (Forbidden, "You cannot ban yourself.", None),
        "YOU_CANNOT_REMOVE_YOURSELF" => (Forbidden, "You cannot delete your own account.", None),
        "YOU_CANNOT_IMPERSONATE_ADMINS" => (
            Forbidden,
            "Admins cannot be impersonated (and neither can you yourself).",
            None,
        ),
        code if code.starts_with("YOU_ARE_NOT_ALLOWED_TO") => (
            Forbidden,
            "Your account is not allowed to do this. It needs the admin role (or a permission for \
             this action) on the auth server.",
            None,
        ),
        // Two-factor, email codes and magic links.
        "INVALID_CODE" | "INVALID_OTP" => (
            InvalidCredentials,
            "This code is not right. Type the newest code (an authenticator's changes every 30 \
             seconds).",
            Some(Field::Code),
        ),
        "INVALID_BACKUP_CODE" => (
            InvalidCredentials,
            "This backup code is not right, or it was used already (each works once).",
            Some(Field::Code),
        ),
        "OTP_HAS_EXPIRED" | "OTP_EXPIRED" => (
            InvalidCredentials,
            "This code has expired. Send a new one.",
            Some(Field::Code),
        ),
        "TOO_MANY_ATTEMPTS" => (
            InvalidCredentials,
            "Too many wrong codes: this one no longer works. Send a new code.",
            Some(Field::Code),
        ),
        "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE" => (
            ChallengeEnded,
            "Too many wrong codes for this sign-in. Sign in again with your password to get a new \
             chance.",
            None,
        ),
        "INVALID_TWO_FACTOR_COOKIE" => (
            ChallengeEnded,
            "This sign-in waited too long for its second step and expired. Sign in again with your \
             password.",
            None,
        ),
        "ACCOUNT_TEMPORARILY_LOCKED" => (
            RateLimited,
            "Too many wrong codes in a row: the server has locked this account's sign-in for a \
             while (15 minutes unless it is set otherwise). Try again later.",
            None,
        ),
        "INVALID_TOKEN" | "EXPIRED_TOKEN" => (
            InvalidCredentials,
            "This link no longer works: it was used already or it expired (links last 5 \
             minutes). Send a new one.",
            Some(Field::Link),
        ),
        "PROVIDER_NOT_FOUND" => (
            Validation,
            "The server has no single sign-on provider of this id. Check the profile's providers.",
            Some(Field::Provider),
        ),
        _ => return None,
    };
    let error = ApiError::new(error_code, message);
    Some(match field {
        Some(field) => error.at_field(field),
        None => error,
    })
}

/// Why a single sign-on failed, from the `?error=` the server sends the window on with.
pub fn sign_on_error(code: &str) -> ApiError {
    use ErrorCode::{Banned, ChallengeEnded, Forbidden, InvalidCredentials, UnexpectedResponse};
    let (error_code, message) = match code {
        "banned" | "BANNED_USER" => (Banned, "This account is banned.".to_owned()),
        "access_denied" => (
            InvalidCredentials,
            "The provider refused the sign-in (or it was cancelled there).".to_owned(),
        ),
        "state_mismatch" | "state_not_found" | "invalid_state" | "please_restart_the_process" => (
            ChallengeEnded,
            "The sign-on took too long or was interrupted. Start it again.".to_owned(),
        ),
        "account_not_linked" | "unable_to_link_account" | "email_doesn't_match" => (
            Forbidden,
            "The provider's account could not be joined to an account on this server (its email \
             is not verified there, or linking is off). Sign in another way, or ask the server's \
             operator."
                .to_owned(),
        ),
        "signup_disabled" => (
            Forbidden,
            "No account on this server has the provider's email address.".to_owned(),
        ),
        other => (
            UnexpectedResponse,
            format!(
                "The sign-on failed at the server ({}).",
                other.chars().take(60).collect::<String>()
            ),
        ),
    };
    ApiError::new(error_code, message)
}
