//! Signing in, every way Better Auth offers it to a client with its own cookie jar: a password
//! (and the second factor two-factor asks for after it), a code sent by email, a magic link.

use std::collections::BTreeMap;

use authdesk_protocol::{SecondFactorMethod, SignInMethod, UserSummary};
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::cookies::TrustedDevice;
use crate::wire::{UserEnvelope, WireUser};
use crate::{AuthBaseUrl, AuthClient, ClientError};

/// Where a password sign-in got to.
#[derive(Debug)]
pub enum PasswordSignIn {
    SignedIn(Box<UserSummary>),
    /// The account has two-factor on. The challenge lives in this client's jar (the server's
    /// `two_factor` cookie, which also says until when), so the second step must go through
    /// the same client.
    SecondFactor {
        methods: Vec<SecondFactorMethod>,
        expires_at: OffsetDateTime,
    },
}

/// `/sign-in/email` answers `{user}`, or `{twoFactorRedirect, twoFactorMethods}` and no session.
#[derive(Deserialize)]
#[serde(untagged)]
enum PasswordAnswer {
    #[serde(rename_all = "camelCase")]
    SecondFactor {
        #[serde(rename = "twoFactorRedirect")]
        _redirect: bool,
        #[serde(default)]
        two_factor_methods: Vec<String>,
    },
    SignedIn(UserEnvelope),
}

impl AuthClient {
    /// Signs in with email and password. The session cookie lands in this client's jar, or, with
    /// two-factor on, the challenge does.
    pub async fn sign_in_email(
        &self,
        email: &str,
        password: &str,
    ) -> Result<PasswordSignIn, ClientError> {
        let body = json!({ "email": email, "password": password, "rememberMe": true });
        Ok(match self.post("sign-in/email", &body).await? {
            PasswordAnswer::SignedIn(envelope) => {
                PasswordSignIn::SignedIn(Box::new(summary(envelope.user)))
            }
            PasswordAnswer::SecondFactor {
                two_factor_methods, ..
            } => PasswordSignIn::SecondFactor {
                methods: second_factors(&two_factor_methods),
                expires_at: self.challenge_expiry(),
            },
        })
    }

    /// Asks the server to email the code of the pending two-factor challenge.
    pub async fn send_second_factor_code(&self) -> Result<(), ClientError> {
        self.post::<Value>("two-factor/send-otp", &json!({}))
            .await
            .map(drop)
    }

    /// Finishes a two-factor sign-in; with `trust_device` the server also sets the cookie that
    /// skips this step next time ([`AuthClient::trusted_device`]).
    pub async fn verify_second_factor(
        &self,
        method: SecondFactorMethod,
        code: &str,
        trust_device: bool,
    ) -> Result<UserSummary, ClientError> {
        let route = match method {
            SecondFactorMethod::Authenticator => "two-factor/verify-totp",
            SecondFactorMethod::EmailCode => "two-factor/verify-otp",
            SecondFactorMethod::BackupCode => "two-factor/verify-backup-code",
        };
        let body = json!({ "code": code, "trustDevice": trust_device });
        let answer: UserEnvelope = self.post(route, &body).await?;
        Ok(summary(answer.user))
    }

    /// Asks the server (the `emailOTP` plugin) to email a sign-in code.
    pub async fn send_sign_in_code(&self, email: &str) -> Result<(), ClientError> {
        let body = json!({ "email": email, "type": "sign-in" });
        self.post::<Value>("email-otp/send-verification-otp", &body)
            .await
            .map(drop)
    }

    pub async fn sign_in_with_code(
        &self,
        email: &str,
        code: &str,
    ) -> Result<UserSummary, ClientError> {
        let body = json!({ "email": email, "otp": code });
        let answer: UserEnvelope = self.post("sign-in/email-otp", &body).await?;
        Ok(summary(answer.user))
    }

    /// Asks the server (the `magicLink` plugin) to email a sign-in link.
    pub async fn send_magic_link(&self, email: &str) -> Result<(), ClientError> {
        self.post::<Value>("sign-in/magic-link", &json!({ "email": email }))
            .await
            .map(drop)
    }

    /// Opens a magic link with this client's jar, so the session lands here and not in a
    /// browser. Only the link's token is sent, to this server's own verify route: whatever else
    /// the link says (where to go next) is not followed.
    pub async fn open_magic_link(&self, link: &str) -> Result<UserSummary, ClientError> {
        let token = magic_link_token(&self.base, link)?;
        #[derive(Deserialize)]
        struct Verified {
            user: WireUser,
        }
        let answer: Verified = self
            .get("magic-link/verify", &[("token", token.as_str())])
            .await?;
        Ok(summary(answer.user))
    }

    /// When the pending two-factor challenge lapses: its cookie's expiry, or Better Auth's
    /// default of 10 minutes from now.
    fn challenge_expiry(&self) -> OffsetDateTime {
        let jar = self.jar.lock().expect("cookie jar lock");
        jar.matches(&self.base.endpoint(""))
            .into_iter()
            .find(|cookie| cookie.name().ends_with(".two_factor"))
            .and_then(|cookie| match cookie.expires {
                cookie_store::CookieExpiration::AtUtc(at) => Some(at),
                cookie_store::CookieExpiration::SessionEnd => None,
            })
            .unwrap_or_else(|| OffsetDateTime::now_utc() + time::Duration::minutes(10))
    }

    /// Starts single sign-on with the server's `provider`: answers the provider's authorization
    /// URL, for a browser window that also gets [`AuthClient::browser_cookies`] (the sign-in's
    /// state). The server sends that window on to `done`, or to `failed` with `?error=`.
    pub async fn start_sign_on(
        &self,
        provider: &str,
        done: &url::Url,
        failed: &url::Url,
    ) -> Result<url::Url, ClientError> {
        #[derive(Deserialize)]
        struct Started {
            url: String,
        }
        let body = json!({
            "provider": provider,
            "callbackURL": done.as_str(),
            "errorCallbackURL": failed.as_str(),
            "disableRedirect": true,
        });
        let started: Started = self.post("sign-in/social", &body).await?;
        let unexpected = || ClientError::UnexpectedResponse {
            endpoint: "sign-in/social",
            detail: "url".into(),
        };
        let authorize = url::Url::parse(&started.url).map_err(|_| unexpected())?;
        match authorize.scheme() {
            "https" | "http" => Ok(authorize),
            _ => Err(unexpected()),
        }
    }

    /// Every cookie this client holds for its server, for a browser window on that server.
    pub fn browser_cookies(&self) -> Vec<crate::BrowserCookie> {
        let jar = self.jar.lock().expect("cookie jar lock");
        jar.matches(&self.base.endpoint(""))
            .into_iter()
            .map(|cookie| crate::BrowserCookie {
                name: cookie.name().to_owned(),
                value: cookie.value().to_owned(),
                secure: cookie.secure().unwrap_or(false),
            })
            .collect()
    }

    /// The ways to sign in the server's Open API schema lists (the `openAPI` plugin, which Neon
    /// Auth offers too), or `None` when the server publishes no schema.
    pub async fn offered_sign_in_methods(&self) -> Result<Option<Vec<SignInMethod>>, ClientError> {
        #[derive(Deserialize)]
        struct Schema {
            paths: BTreeMap<String, serde::de::IgnoredAny>,
        }
        let schema: Schema = match self
            .get("open-api/generate-schema", &[] as &[(&str, &str)])
            .await
        {
            Err(ClientError::Refused(refusal)) if refusal.status == 404 => return Ok(None),
            other => other?,
        };
        let routes = [
            ("/sign-in/email", SignInMethod::Password),
            ("/sign-in/email-otp", SignInMethod::EmailCode),
            ("/sign-in/magic-link", SignInMethod::MagicLink),
        ];
        Ok(Some(
            routes
                .into_iter()
                .filter(|(route, _)| schema.paths.contains_key(*route))
                .map(|(_, method)| method)
                .collect(),
        ))
    }

    /// The "trust this computer" cookie the server set, if it did.
    pub fn trusted_device(&self) -> Option<TrustedDevice> {
        TrustedDevice::from_store(&self.jar.lock().expect("cookie jar lock"), &self.base)
    }

    /// Puts a trusted-device cookie kept from an earlier sign-in into this client's jar.
    pub fn remember_device(&self, device: &TrustedDevice) {
        device.add_to(&mut self.jar.lock().expect("cookie jar lock"), &self.base);
    }
}

fn summary(user: WireUser) -> UserSummary {
    user.into_summary(OffsetDateTime::now_utc())
}

/// The second factors the server offers: backup codes come with an authenticator.
fn second_factors(methods: &[String]) -> Vec<SecondFactorMethod> {
    let mut offered = Vec::new();
    if methods.iter().any(|method| method == "totp") {
        offered.push(SecondFactorMethod::Authenticator);
    }
    if methods.iter().any(|method| method == "otp") {
        offered.push(SecondFactorMethod::EmailCode);
    }
    if offered.first() == Some(&SecondFactorMethod::Authenticator) {
        offered.push(SecondFactorMethod::BackupCode);
    }
    offered
}

/// The token of a magic link for `base`'s verify route; any other link is refused before a
/// request is made.
pub(crate) fn magic_link_token(base: &AuthBaseUrl, link: &str) -> Result<String, ClientError> {
    let foreign = || ClientError::ForeignLink(base.display());
    let link = url::Url::parse(link.trim()).map_err(|_| ClientError::NotALink)?;
    let verify = base.endpoint("magic-link/verify");
    if link.origin() != verify.origin() {
        return Err(foreign());
    }
    if link.path() != verify.path() {
        return Err(ClientError::NotALink);
    }
    link.query_pairs()
        .find(|(key, value)| key == "token" && !value.is_empty())
        .map(|(_, token)| token.into_owned())
        .ok_or(ClientError::NotALink)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> AuthBaseUrl {
        AuthBaseUrl::parse("http://127.0.0.1:3917/api/auth").unwrap()
    }

    #[test]
    fn a_magic_link_gives_its_token_only_to_its_own_server() {
        let link = "http://127.0.0.1:3917/api/auth/magic-link/verify?token=abc&callbackURL=%2F";
        assert_eq!(magic_link_token(&base(), link).unwrap(), "abc");
        for foreign in [
            "http://127.0.0.1:4000/api/auth/magic-link/verify?token=abc",
            "https://127.0.0.1:3917/api/auth/magic-link/verify?token=abc",
            "http://localhost:3917/api/auth/magic-link/verify?token=abc",
        ] {
            let error = magic_link_token(&base(), foreign).unwrap_err();
            assert!(matches!(error, ClientError::ForeignLink(_)), "{foreign}");
        }
        for not_a_link in [
            "",
            "abc",
            "http://127.0.0.1:3917/api/auth/sign-out?token=abc",
            "http://127.0.0.1:3917/api/auth/magic-link/verify",
            "http://127.0.0.1:3917/api/auth/magic-link/verify?token=",
        ] {
            let error = magic_link_token(&base(), not_a_link).unwrap_err();
            assert!(matches!(error, ClientError::NotALink), "{not_a_link}");
        }
    }

    #[test]
    fn backup_codes_come_with_an_authenticator() {
        let offered = |methods: &[&str]| {
            second_factors(&methods.iter().map(|m| m.to_string()).collect::<Vec<_>>())
        };
        use SecondFactorMethod::*;
        assert_eq!(
            offered(&["totp", "otp"]),
            [Authenticator, EmailCode, BackupCode]
        );
        assert_eq!(offered(&["otp"]), [EmailCode]);
        assert_eq!(offered(&["sms"]), []);
    }
}
