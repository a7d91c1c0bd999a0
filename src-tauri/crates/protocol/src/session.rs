use serde::{Deserialize, Serialize};

/// A password typed into a form. It travels once, from the form to the backend, and never back;
/// its `Debug` output is redacted so it cannot reach a log by accident.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Password(String);

impl Password {
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

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInRequest {
    pub base_url: String,
    pub email: String,
    pub password: Password,
}

/// What the sign-in form starts with: the last server and email used, so nothing is retyped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInDefaults {
    pub base_url: String,
    pub email: String,
}

/// The signed-in admin as the UI may know them: no session id, no token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminIdentity {
    pub id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<String>,
    /// The auth server this session belongs to, as the admin typed it.
    pub server: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_never_shows_in_debug_output() {
        let request = SignInRequest {
            base_url: "http://127.0.0.1:3917/api/auth".into(),
            email: "ada@authdesk.test".into(),
            password: Password::new("hunter2-secret"),
        };
        let debug = format!("{request:?}");
        assert!(!debug.contains("hunter2-secret"), "{debug}");
        assert!(debug.contains("<redacted>"));
    }
}
