//! The few cookies that keep an admin signed in, in a compact form for the OS keyring.
//!
//! Only the session cookie, the admin's own session kept aside during an impersonation, and the
//! remember-me marker are kept. The cookie cache (`session_data`, up to 1.5 KB) is left out: it is
//! only a cache, and leaving it out keeps the secret well under Windows Credential Manager's
//! 2,560-byte limit.

use cookie_store::CookieStore;
use serde::{Deserialize, Serialize};

use crate::AuthBaseUrl;

/// Cookie names end with these whatever the deployment's prefix (`better-auth.`, `__Secure-…`).
const KEPT_SUFFIXES: [&str; 3] = [".session_token", ".admin_session", ".dont_remember"];

/// No `derive(Debug)` here: a debug print names the cookies, never their values.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionCookies(Vec<SavedCookie>);

/// `[name, value, secure]`: as small as it can be.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
struct SavedCookie(String, String, bool);

impl std::fmt::Debug for SessionCookies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.0).finish()
    }
}

impl std::fmt::Debug for SavedCookie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}=<redacted>", self.0)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the saved session is not readable")]
pub struct CorruptSession;

impl SessionCookies {
    pub(crate) fn from_store(store: &CookieStore, base: &AuthBaseUrl) -> Self {
        let url = base.endpoint("");
        let mut cookies: Vec<SavedCookie> = store
            .matches(&url)
            .into_iter()
            .filter(|cookie| {
                KEPT_SUFFIXES
                    .iter()
                    .any(|suffix| cookie.name().ends_with(suffix))
            })
            .map(|cookie| {
                SavedCookie(
                    cookie.name().to_owned(),
                    cookie.value().to_owned(),
                    cookie.secure().unwrap_or(false),
                )
            })
            .collect();
        cookies.sort_by(|a, b| a.0.cmp(&b.0));
        Self(cookies)
    }

    pub(crate) fn to_store(&self, base: &AuthBaseUrl) -> CookieStore {
        let url = base.endpoint("");
        let mut store = CookieStore::default();
        for SavedCookie(name, value, secure) in &self.0 {
            let secure = if *secure { "; Secure" } else { "" };
            let header = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}");
            if let Err(error) = store.parse(&header, &url) {
                tracing::warn!(%error, cookie = name.as_str(), "a saved cookie was not restored");
            }
        }
        store
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether these cookies hold an admin session kept aside by an impersonation.
    pub fn has_admin_session_aside(&self) -> bool {
        self.0
            .iter()
            .any(|cookie| cookie.0.ends_with(".admin_session"))
    }

    pub fn to_secret(&self) -> String {
        serde_json::to_string(self).expect("cookies serialise")
    }

    pub fn from_secret(secret: &str) -> Result<Self, CorruptSession> {
        let cookies: Self = serde_json::from_str(secret).map_err(|_| CorruptSession)?;
        let well_formed = cookies.0.iter().all(|SavedCookie(name, value, _)| {
            KEPT_SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
                && !value.is_empty()
                && !format!("{name}{value}").contains([';', '\n', '\r', ' '])
        });
        if well_formed {
            Ok(cookies)
        } else {
            Err(CorruptSession)
        }
    }
}

/// A cookie carried between this client's jar and a browser window on the server's origin (the
/// single sign-on window): the sign-in's state cookie goes there, its session cookie comes back.
/// No `derive(Debug)`: it holds the value.
#[derive(Clone, PartialEq, Eq)]
pub struct BrowserCookie {
    pub name: String,
    pub value: String,
    pub secure: bool,
}

impl std::fmt::Debug for BrowserCookie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}=<redacted>", self.name)
    }
}

impl SessionCookies {
    /// The session cookies among those a browser window ended with; anything else is dropped.
    pub fn from_browser(cookies: &[BrowserCookie]) -> Result<Self, CorruptSession> {
        let mut kept: Vec<SavedCookie> = cookies
            .iter()
            .filter(|cookie| {
                KEPT_SUFFIXES
                    .iter()
                    .any(|suffix| cookie.name.ends_with(suffix))
            })
            .map(|cookie| SavedCookie(cookie.name.clone(), cookie.value.clone(), cookie.secure))
            .collect();
        kept.sort_by(|a, b| a.0.cmp(&b.0));
        Self::from_secret(&serde_json::to_string(&Self(kept)).expect("cookies serialise"))
    }
}

/// The server's "trust this computer" cookie, which lets a password sign-in skip the second step
/// until it expires. Kept apart from the session: signing out keeps it. No `derive(Debug)`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedDevice {
    cookie: SavedCookie,
    /// Unix seconds.
    expires_at: i64,
}

/// The cookie's name ends with this whatever the deployment's prefix.
const TRUSTED_DEVICE_SUFFIX: &str = ".trust_device";

impl TrustedDevice {
    pub(crate) fn from_store(store: &CookieStore, base: &AuthBaseUrl) -> Option<Self> {
        let cookie = store
            .matches(&base.endpoint(""))
            .into_iter()
            .find(|cookie| cookie.name().ends_with(TRUSTED_DEVICE_SUFFIX))?;
        Some(Self {
            cookie: SavedCookie(
                cookie.name().to_owned(),
                cookie.value().to_owned(),
                cookie.secure().unwrap_or(false),
            ),
            expires_at: match cookie.expires {
                cookie_store::CookieExpiration::AtUtc(at) => at.unix_timestamp(),
                cookie_store::CookieExpiration::SessionEnd => return None,
            },
        })
    }

    pub(crate) fn add_to(&self, store: &mut CookieStore, base: &AuthBaseUrl) {
        let SavedCookie(name, value, secure) = &self.cookie;
        let secure = if *secure { "; Secure" } else { "" };
        let max_age = self.expires_at - time::OffsetDateTime::now_utc().unix_timestamp();
        let header = format!("{name}={value}; Max-Age={max_age}; Path=/; HttpOnly{secure}");
        if let Err(error) = store.parse(&header, &base.endpoint("")) {
            tracing::warn!(%error, "the trusted-device cookie was not restored");
        }
    }

    pub fn expires_at(&self) -> time::OffsetDateTime {
        time::OffsetDateTime::from_unix_timestamp(self.expires_at)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
    }

    pub fn to_secret(&self) -> String {
        serde_json::to_string(self).expect("a cookie serialises")
    }

    /// `None` for anything that is not a well-formed trusted-device cookie.
    pub fn from_secret(secret: &str) -> Option<Self> {
        let device: Self = serde_json::from_str(secret).ok()?;
        let SavedCookie(name, value, _) = &device.cookie;
        let well_formed = name.ends_with(TRUSTED_DEVICE_SUFFIX)
            && !value.is_empty()
            && !format!("{name}{value}").contains([';', '\n', '\r', ' ']);
        well_formed.then_some(device)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> AuthBaseUrl {
        AuthBaseUrl::parse("http://127.0.0.1:3917/neondb/auth").unwrap()
    }

    fn store_with(headers: &[&str]) -> CookieStore {
        let url = base().endpoint("sign-in/email");
        let mut store = CookieStore::default();
        for header in headers {
            store.parse(header, &url).unwrap();
        }
        store
    }

    #[test]
    fn keeps_only_the_session_cookies_whatever_the_prefix() {
        let store = store_with(&[
            "__Secure-acme.session_token=tok.sig%3D; Max-Age=604800; Path=/; HttpOnly; Secure",
            "__Secure-acme.session_data=eyJbig; Max-Age=300; Path=/; HttpOnly; Secure",
            "acme.admin_session=admintok.sig%3D%3Atrue; Path=/; HttpOnly",
            "unrelated=1; Path=/",
        ]);
        let cookies = SessionCookies::from_store(&store, &base());
        let names: Vec<_> = cookies.0.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(names, ["__Secure-acme.session_token", "acme.admin_session"]);
        assert!(cookies.has_admin_session_aside());
    }

    #[test]
    fn survives_a_round_trip_through_the_secret_and_a_new_jar() {
        let store = store_with(&[
            "better-auth.session_token=abc.def%3D; Path=/; HttpOnly",
            "better-auth.dont_remember=true.sig; Path=/; HttpOnly",
        ]);
        let cookies = SessionCookies::from_store(&store, &base());
        let secret = cookies.to_secret();
        assert!(secret.len() < 200, "{secret}");
        let restored = SessionCookies::from_secret(&secret).unwrap();
        let again = SessionCookies::from_store(&restored.to_store(&base()), &base());
        assert_eq!(again, cookies);
    }

    /// Review finding L4: a debug print of the cookies, the way a log line would carry it.
    #[test]
    fn a_debug_print_names_the_cookies_and_hides_their_values() {
        let store = store_with(&["better-auth.session_token=abc.def%3D; Path=/; HttpOnly"]);
        let cookies = SessionCookies::from_store(&store, &base());
        let printed = format!("{cookies:?}");
        assert!(printed.contains("better-auth.session_token"), "{printed}");
        assert!(!printed.contains("abc.def"), "{printed}");
    }

    #[test]
    fn a_damaged_secret_is_refused() {
        for secret in [
            "",
            "not json",
            "{}",
            r#"[["x.session_token","a; Domain=evil",false]]"#,
            r#"[["tracker","1",false]]"#,
            r#"[["better-auth.session_token","",false]]"#,
        ] {
            assert!(SessionCookies::from_secret(secret).is_err(), "{secret}");
        }
    }
}
