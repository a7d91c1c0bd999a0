//! The session vault: one OS keyring entry per deployment profile, holding the cookies that keep
//! an admin signed in. Nothing here ever writes a secret anywhere else, and nothing falls back to
//! a file: when the keyring is locked or absent the caller is told, and keeps the session in
//! memory for this run only.

use std::sync::Mutex;

/// Windows Credential Manager's limit for one secret, which it stores as UTF-16. The same limit
/// applies on every platform so a profile that works on Linux works on Windows too.
pub const MAX_SECRET_BYTES: usize = 2560;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum VaultError {
    /// No keyring service to talk to (no Secret Service, no session bus).
    #[error("the system keyring is not available: {0}")]
    Unavailable(String),
    /// The keyring exists but is locked, and unlocking it needs the user.
    #[error("the system keyring is locked")]
    Locked,
    #[error("the secret is {bytes} bytes as UTF-16, more than the {MAX_SECRET_BYTES} allowed")]
    TooLarge { bytes: usize },
    /// The entry exists but is not text.
    #[error("the keyring entry is not readable")]
    Unreadable,
    #[error("the system keyring failed: {0}")]
    Failed(String),
}

/// The keyring entries of one app build (release and development builds use different services).
pub struct Vault {
    service: String,
    /// Keyring backends are not all safe to write from several threads at once.
    writes: Mutex<()>,
}

impl Vault {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            writes: Mutex::new(()),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    pub fn save(&self, account: &str, secret: &str) -> Result<(), VaultError> {
        let bytes = secret.encode_utf16().count() * 2;
        if bytes > MAX_SECRET_BYTES {
            return Err(VaultError::TooLarge { bytes });
        }
        let _write = self.writes.lock().expect("vault lock");
        self.entry(account)?
            .set_password(secret)
            .map_err(classify)?;
        tracing::debug!(account, bytes, "session saved to the keyring");
        Ok(())
    }

    /// The saved secret, or `None` when there is none.
    pub fn load(&self, account: &str) -> Result<Option<String>, VaultError> {
        match self.entry(account)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(classify(error)),
        }
    }

    /// Removes the entry; removing one that is not there is not an error.
    pub fn wipe(&self, account: &str) -> Result<(), VaultError> {
        let _write = self.writes.lock().expect("vault lock");
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(classify(error)),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, VaultError> {
        keyring::Entry::new(&self.service, account).map_err(classify)
    }
}

fn classify(error: keyring::Error) -> VaultError {
    // Secret Service reports a locked collection through either variant, in words only.
    let locked =
        |detail: &str| detail.to_ascii_lowercase().contains("locked") || detail.contains("Prompt");
    match error {
        keyring::Error::NoStorageAccess(inner) | keyring::Error::PlatformFailure(inner) => {
            let detail = inner.to_string();
            if locked(&detail) {
                VaultError::Locked
            } else {
                VaultError::Unavailable(detail)
            }
        }
        keyring::Error::BadEncoding(_) => VaultError::Unreadable,
        keyring::Error::TooLong(_, _) => VaultError::TooLarge {
            bytes: MAX_SECRET_BYTES + 1,
        },
        other => VaultError::Failed(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_secret_over_the_windows_limit_before_touching_the_keyring() {
        let vault = Vault::new("authdesk-unit-test");
        let secret = "x".repeat(MAX_SECRET_BYTES / 2 + 1);
        assert_eq!(
            vault.save("profile", &secret),
            Err(VaultError::TooLarge {
                bytes: MAX_SECRET_BYTES + 2
            })
        );
    }
}
