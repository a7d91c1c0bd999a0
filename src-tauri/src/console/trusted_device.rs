//! "Trust this computer": the server's trusted-device cookie, kept in the keyring per profile and
//! apart from the session, because signing out must not drop it. It goes only to the server it
//! came from, and only with a sign-in as the email it was made for.

use authdesk_client::TrustedDevice;
use authdesk_protocol::{AdminIdentity, OffsetDateTime, Profile};

use super::Console;
use super::keyring_entry::{Destination, VaultOp};

/// What the keyring holds. No `derive(Debug)`: it holds the cookie.
#[derive(serde::Serialize, serde::Deserialize)]
struct TrustedEntry {
    email: String,
    bound_to: Destination,
    device: String,
}

fn account(profile_id: &str) -> String {
    format!("{profile_id}.trusted-device")
}

impl Console {
    /// The trusted-device cookie kept for `email` on `profile`, if one is and it still holds.
    pub(super) async fn trusted_device(
        &self,
        profile: &Profile,
        email: &str,
    ) -> Option<TrustedDevice> {
        let secret = self
            .vault_op(&account(&profile.id), VaultOp::Load)
            .await
            .ok()??;
        let entry: TrustedEntry = serde_json::from_str(&secret).ok()?;
        let device = TrustedDevice::from_secret(&entry.device)?;
        let usable = entry.email.eq_ignore_ascii_case(email)
            && entry.bound_to.allows(&profile.settings)
            && device.expires_at() > OffsetDateTime::now_utc();
        usable.then_some(device)
    }

    /// Until when this computer skips the second step for `email` on `profile`.
    pub(super) async fn trusted_until(
        &self,
        profile: &Profile,
        email: &str,
    ) -> Option<OffsetDateTime> {
        Some(self.trusted_device(profile, email).await?.expires_at())
    }

    /// Keeps the cookie the server set (or rotated), after a sign-in as `admin` went through. A
    /// keyring that refuses only means the next sign-in asks for the code again.
    pub(super) async fn keep_trusted_device(
        &self,
        admin: &AdminIdentity,
        device: Option<TrustedDevice>,
    ) {
        let Some(device) = device else {
            return;
        };
        let (profile, email, admin_id) = (&admin.profile, &admin.email, &admin.id);
        let entry = TrustedEntry {
            email: email.to_owned(),
            bound_to: Destination::of(&profile.settings, admin_id),
            device: device.to_secret(),
        };
        let secret = serde_json::to_string(&entry).expect("a trusted device serialises");
        if let Err(error) = self
            .vault_op(&account(&profile.id), VaultOp::Save(secret))
            .await
        {
            tracing::warn!(%error, "could not keep the trusted device in the keyring");
        }
    }

    /// "Forget this computer": the next password sign-in asks for the second step again.
    pub(super) async fn forget_trusted_device(&self, profile_id: &str) {
        if let Err(error) = self.vault_op(&account(profile_id), VaultOp::Wipe).await {
            tracing::warn!(%error, "could not forget the trusted device");
        }
    }
}
