//! Every way an admin proves who they are: a password (with a second factor when the account has
//! two-factor on), a code sent by email, or a magic link pasted from the mail. The secrets typed
//! travel once, from the form to the backend, and never back.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::AdminIdentity;

/// Text a person typed that must never reach a log: its `Debug` output is redacted.
macro_rules! typed_secret {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            pub fn expose(&self) -> &str {
                &self.0
            }

            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

typed_secret!(
    /// A password typed into a form.
    Password
);
typed_secret!(
    /// A code from an authenticator app or an email, or a backup code.
    OneTimeCode
);
typed_secret!(
    /// A magic link pasted from the mail: it carries a one-time sign-in token.
    SignInLink
);

/// A way to sign in that a server may offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignInMethod {
    Password,
    /// A code sent by email (the `emailOTP` plugin).
    EmailCode,
    /// A link sent by email (the `magicLink` plugin).
    MagicLink,
}

wire_names!(SignInMethod {
    Password = "password",
    EmailCode = "emailCode",
    MagicLink = "magicLink",
});

impl SignInMethod {
    pub fn label(self) -> &'static str {
        match self {
            Self::Password => "Password",
            Self::EmailCode => "Email code",
            Self::MagicLink => "Magic link",
        }
    }
}

/// Whether a sign-in opens a new session or proves again that the admin at a locked console is
/// the one signed in (then the server and email are the session's, whatever the form says).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SignInPurpose {
    #[default]
    NewSession,
    Unlock,
}

wire_names!(SignInPurpose {
    NewSession = "newSession",
    Unlock = "unlock",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInRequest {
    pub base_url: String,
    pub email: String,
    pub password: Password,
    #[serde(default)]
    pub purpose: SignInPurpose,
}

/// Asks the server to email a sign-in code or link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MailRequest {
    pub base_url: String,
    pub email: String,
    #[serde(default)]
    pub purpose: SignInPurpose,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeSignIn {
    pub base_url: String,
    pub email: String,
    pub code: OneTimeCode,
    #[serde(default)]
    pub purpose: SignInPurpose,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkSignIn {
    /// The server the link must belong to.
    pub base_url: String,
    pub link: SignInLink,
    #[serde(default)]
    pub purpose: SignInPurpose,
}

/// Single sign-on through one of the server's OAuth or OpenID Connect providers, in a window
/// of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderSignIn {
    pub base_url: String,
    /// The provider's id on the server (`github`, `microsoft`, a generic OAuth provider's id).
    pub provider: String,
    #[serde(default)]
    pub purpose: SignInPurpose,
}

/// What the sign-in form offers for a server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInOptions {
    pub methods: Vec<SignInMethod>,
    /// Single sign-on providers, by id.
    pub providers: Vec<String>,
}

/// A provider's id as the server names it: letters, digits, `-` and `_`. Answers it trimmed.
pub fn check_provider(id: &str) -> Result<String, crate::ApiError> {
    let id = id.trim();
    let fits = (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if fits {
        Ok(id.to_owned())
    } else {
        Err(crate::ApiError::new(
            crate::ErrorCode::Validation,
            "A provider is named by its id on the server, such as github or my-company-sso \
             (letters, digits, - and _).",
        )
        .at_field(crate::Field::Provider))
    }
}

/// A provider's name as people know it.
pub fn provider_name(id: &str) -> String {
    const KNOWN: [(&str, &str); 8] = [
        ("github", "GitHub"),
        ("gitlab", "GitLab"),
        ("google", "Google"),
        ("microsoft", "Microsoft"),
        ("discord", "Discord"),
        ("apple", "Apple"),
        ("slack", "Slack"),
        ("linear", "Linear"),
    ];
    KNOWN
        .iter()
        .find(|(known, _)| *known == id)
        .map_or_else(|| id.to_owned(), |(_, name)| (*name).to_owned())
}

/// Providers known to refuse sign-in inside an app's own browser window (Google's policy since
/// 2021: `disallowed_useragent`).
pub fn refuses_embedded_sign_in(id: &str) -> bool {
    id == "google"
}

/// Where a password sign-in got to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SignInStep {
    SignedIn(Box<AdminIdentity>),
    /// The account has two-factor on: the password was right, and a second factor is due.
    SecondFactor(SecondFactorChallenge),
}

/// The second step the server asks for, and until when it waits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecondFactorChallenge {
    pub methods: Vec<SecondFactorMethod>,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactorMethod {
    /// A code from an authenticator app (TOTP).
    Authenticator,
    /// A code the server emails on request.
    EmailCode,
    /// One of the account's single-use backup codes.
    BackupCode,
}

wire_names!(SecondFactorMethod {
    Authenticator = "authenticator",
    EmailCode = "emailCode",
    BackupCode = "backupCode",
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecondFactorProof {
    pub method: SecondFactorMethod,
    pub code: OneTimeCode,
    /// Skip the second step on this computer for the server's trust period (30 days by default).
    #[serde(default)]
    pub trust_device: bool,
}

/// What the sign-in form starts with: the last server and email used, so nothing is retyped, and
/// what the server offers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInDefaults {
    pub base_url: String,
    pub email: String,
    /// Until when this computer skips the second step for that email, if it does.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub trusted_until: Option<OffsetDateTime>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_secrets_never_show_in_debug_output() {
        let request = SignInRequest {
            base_url: "http://127.0.0.1:3917/api/auth".into(),
            email: "ada@authdesk.test".into(),
            password: Password::new("hunter2-secret"),
            purpose: SignInPurpose::NewSession,
        };
        let debug = format!("{request:?}");
        assert!(!debug.contains("hunter2-secret"), "{debug}");
        assert!(debug.contains("Password(<redacted>)"));
        let link = format!("{:?}", SignInLink::new("https://x/verify?token=abc123"));
        assert!(!link.contains("abc123"), "{link}");
    }
}
