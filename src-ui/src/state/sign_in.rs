//! The sign-in form, which is also the lock screen's (then for the signed-in admin's own server
//! and email): the way of signing in chosen, what was typed for each, and the second step a
//! two-factor account is asked for. Nothing typed is dropped by a failure.

use authdesk_protocol::{
    AdminIdentity, ApiError, ErrorCode, Field, OffsetDateTime, SecondFactorChallenge,
    SecondFactorMethod, SignInDefaults, SignInMethod, SignInOptions,
};

#[derive(Debug, Clone, PartialEq)]
pub struct SignInForm {
    pub base_url: String,
    pub email: String,
    pub password: String,
    /// The way chosen, one of `methods`.
    pub method: SignInMethod,
    /// What the server offers: the password alone until it says more.
    pub methods: Vec<SignInMethod>,
    /// Its single sign-on providers, by id.
    pub providers: Vec<String>,
    /// The code from a sign-in email, and a magic link pasted from one.
    pub code: String,
    pub link: String,
    /// The email was sent (or the admin has one already), so the field for its code or link
    /// shows.
    pub mail_sent: bool,
    pub second: Option<SecondStep>,
    /// Until when this computer skips the second step for this email.
    pub trusted_until: Option<OffsetDateTime>,
    pub submitting: bool,
    pub error: Option<ApiError>,
}

/// The second step of a two-factor sign-in.
#[derive(Debug, Clone, PartialEq)]
pub struct SecondStep {
    pub challenge: SecondFactorChallenge,
    pub method: SecondFactorMethod,
    pub code: String,
    pub trust_device: bool,
    /// A code by email was asked for.
    pub code_sent: bool,
}

impl Default for SignInForm {
    fn default() -> Self {
        Self {
            base_url: String::new(),
            email: String::new(),
            password: String::new(),
            method: SignInMethod::Password,
            methods: vec![SignInMethod::Password],
            providers: Vec::new(),
            code: String::new(),
            link: String::new(),
            mail_sent: false,
            second: None,
            trusted_until: None,
            submitting: false,
            error: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    BaseUrl,
    Email,
    Password,
    /// The code of a sign-in email.
    Code,
    Link,
    /// The second step's code (authenticator, email or backup code).
    SecondFactorCode,
}

impl FormField {
    /// The field the backend names in `ApiError::field` for this input.
    pub fn field(self) -> Field {
        match self {
            Self::BaseUrl => Field::BaseUrl,
            Self::Email => Field::Email,
            Self::Password => Field::Password,
            Self::Code | Self::SecondFactorCode => Field::Code,
            Self::Link => Field::Link,
        }
    }
}

impl SignInForm {
    /// The error to show under `field`, if the last failure was about it.
    pub fn error_at(&self, field: FormField) -> Option<&ApiError> {
        self.error
            .as_ref()
            .filter(|error| error.is_at(field.field()))
    }

    /// The error to show above the form: one not tied to a field.
    pub fn form_error(&self) -> Option<&ApiError> {
        self.error.as_ref().filter(|error| error.field.is_none())
    }

    pub(super) fn defaults_loaded(&mut self, defaults: SignInDefaults) {
        // Never overwrite what the admin already started typing.
        if self.base_url.is_empty() {
            self.base_url.clone_from(&defaults.base_url);
        }
        if self.email.is_empty() {
            self.email.clone_from(&defaults.email);
        }
        // The trust is for that server and email only.
        if (self.base_url.as_str(), self.email.as_str())
            == (defaults.base_url.as_str(), defaults.email.as_str())
        {
            self.trusted_until = defaults.trusted_until;
        }
    }

    pub(super) fn edit(&mut self, field: FormField, value: String) {
        if self.error_at(field).is_some() {
            self.error = None;
        }
        match field {
            FormField::BaseUrl | FormField::Email => {
                // A code or link sent is for the server and address it was sent to.
                self.mail_sent = false;
                self.trusted_until = None;
                if field == FormField::BaseUrl {
                    self.base_url = value;
                } else {
                    self.email = value;
                }
            }
            FormField::Password => self.password = value,
            FormField::Code => self.code = value,
            FormField::Link => self.link = value,
            FormField::SecondFactorCode => {
                if let Some(second) = &mut self.second {
                    second.code = value;
                }
            }
        }
    }

    /// What the server at `base_url` offers, if the form is still for that server.
    pub(super) fn options_found(&mut self, base_url: &str, options: SignInOptions) {
        if base_url != self.base_url || options.methods.is_empty() {
            return;
        }
        if !options.methods.contains(&self.method) {
            self.method = options.methods[0];
        }
        self.methods = options.methods;
        self.providers = options.providers;
    }

    pub(super) fn choose(&mut self, method: SignInMethod) {
        self.method = method;
        self.error = None;
    }

    pub(super) fn mail_sent(&mut self) {
        self.mail_sent = true;
        self.submitting = false;
        self.error = None;
    }

    pub(super) fn second_factor_asked(&mut self, challenge: SecondFactorChallenge) {
        self.submitting = false;
        self.error = None;
        let Some(&method) = challenge.methods.first() else {
            return;
        };
        self.second = Some(SecondStep {
            challenge,
            method,
            code: String::new(),
            trust_device: false,
            code_sent: false,
        });
    }

    pub(super) fn choose_second_factor(&mut self, method: SecondFactorMethod) {
        if let Some(second) = &mut self.second {
            second.method = method;
            self.error = None;
        }
    }

    pub(super) fn second_factor_code_sent(&mut self) {
        self.submitting = false;
        self.error = None;
        if let Some(second) = &mut self.second {
            second.code_sent = true;
        }
    }

    pub(super) fn trust_device(&mut self, trust: bool) {
        if let Some(second) = &mut self.second {
            second.trust_device = trust;
        }
    }

    pub(super) fn back_to_password(&mut self) {
        self.second = None;
        self.error = None;
    }

    /// A failure keeps everything typed; one that ends the second step goes back to the
    /// password, still filled in, saying why.
    pub(super) fn failed(&mut self, error: ApiError) {
        self.submitting = false;
        if error.code == ErrorCode::ChallengeEnded {
            self.second = None;
        }
        self.error = Some(error);
    }

    /// Signed in (or out): nothing secret stays in the window.
    pub(super) fn forget_secrets(&mut self) {
        self.password.clear();
        self.code.clear();
        self.link.clear();
        self.second = None;
        self.mail_sent = false;
        self.submitting = false;
    }

    /// The lock screen's form: the signed-in admin's server and email, the way kept.
    pub(super) fn for_unlock(&mut self, admin: &AdminIdentity) {
        self.forget_secrets();
        self.error = None;
        if self.base_url != admin.profile.settings.base_url {
            self.methods = vec![SignInMethod::Password];
            self.method = SignInMethod::Password;
            self.providers.clear();
        }
        self.base_url = admin.profile.settings.base_url.clone();
        self.email = admin.email.clone();
    }
}

#[cfg(test)]
mod tests;
