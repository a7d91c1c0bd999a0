//! What tests of the other ways to sign in need: the sandbox's mailbox, authenticator codes for
//! its two-factor admins, and their seeded secrets.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use serde::Deserialize;

/// Seeded two-factor of an account in `accounts.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorSeed {
    #[serde(default)]
    pub totp_secret: Option<String>,
    #[serde(default)]
    pub backup_codes: Vec<String>,
}

impl TwoFactorSeed {
    /// The authenticator code of this moment.
    pub fn code_now(&self) -> String {
        totp(
            self.totp_secret
                .as_deref()
                .expect("an authenticator secret"),
        )
    }

    /// A six-digit code the authenticator does not show around now (the server also takes the
    /// codes of the steps just before and after).
    pub fn wrong_code(&self) -> &'static str {
        if self.code_now().starts_with('0') {
            "987654"
        } else {
            "012345"
        }
    }
}

/// RFC 6238 as Better Auth computes it: HMAC-SHA1 keyed with the secret's UTF-8 bytes, 30 s
/// steps, 6 digits.
pub fn totp(secret: &str) -> String {
    let step = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 30;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let number = u32::from_be_bytes(digest[offset..offset + 4].try_into().unwrap()) & 0x7fff_ffff;
    format!("{:06}", number % 1_000_000)
}

/// The file the sandbox appends every mail to (`SANDBOX_MAILBOX`), one JSON line each.
#[derive(Debug, Clone)]
pub struct Mailbox(pub PathBuf);

/// A place in the mailbox: what arrives after it is new.
pub struct Mark(usize);

#[derive(Debug, Clone, Deserialize)]
pub struct Letter {
    pub to: String,
    pub kind: String,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

impl Mailbox {
    /// The shared sandbox's mailbox (tests/with-sandbox.sh).
    pub fn shared() -> Self {
        Self(PathBuf::from(super::required_env("AUTHDESK_TEST_MAILBOX")))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn mark(&self) -> Mark {
        Mark(self.letters().len())
    }

    fn letters(&self) -> Vec<Letter> {
        std::fs::read_to_string(&self.0)
            .unwrap_or_default()
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect()
    }

    /// The first letter of `kind` to `to` since `mark`, waiting a few seconds for it.
    pub fn letter(&self, since: &Mark, to: &str, kind: &str) -> Letter {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = self
                .letters()
                .into_iter()
                .skip(since.0)
                .find(|letter| letter.to.eq_ignore_ascii_case(to) && letter.kind == kind);
            if let Some(letter) = found {
                return letter;
            }
            assert!(Instant::now() < deadline, "no {kind} mail to {to} arrived");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn code(&self, since: &Mark, to: &str, kind: &str) -> String {
        self.letter(since, to, kind)
            .code
            .expect("a code in the mail")
    }

    pub fn link(&self, since: &Mark, to: &str) -> String {
        self.letter(since, to, "magic-link")
            .url
            .expect("a link in the mail")
    }
}

/// A console of its own, signed in as `account` (without a second factor) to `base_url`.
pub async fn signed_in_as(
    base_url: &str,
    account: &super::Account,
) -> (
    authdesk_app::console::Console,
    authdesk_protocol::AdminIdentity,
) {
    use super::SignedIn;
    let console = super::console_with(&super::MemorySettings::default());
    let request = authdesk_protocol::SignInRequest {
        base_url: base_url.to_owned(),
        email: account.email.clone(),
        password: authdesk_protocol::Password::new(account.password.clone()),
        purpose: Default::default(),
    };
    let admin = console.sign_in(request).await.signed_in().unwrap();
    (console, admin)
}

/// A console of its own auditing into `audit_path`, signed in as the sandbox's main admin.
pub async fn signed_in_auditing(
    base_url: &str,
    audit_path: &Path,
) -> (
    authdesk_app::console::Console,
    authdesk_protocol::AdminIdentity,
) {
    use super::SignedIn;
    let console = super::console_auditing(&super::MemorySettings::default(), audit_path);
    let admin = console
        .sign_in(super::admin_sign_in(base_url))
        .await
        .signed_in()
        .unwrap();
    (console, admin)
}
