//! Saved sessions that no profile knows any more: the settings file was replaced, damaged or
//! moved aside, and the keyring still holds live admin sessions that nothing can use or end. The
//! keyring cannot be listed, so it keeps its own index of the profiles with a saved session, and
//! a start ends (on their servers, where the entry allows) and removes those left over.

use std::collections::BTreeSet;

use authdesk_protocol::{Profile, ProfileSettings};
use authdesk_vault::VaultError;

use super::Console;
use super::keyring_entry::{StoredSession, VaultOp};

/// The keyring entry that lists the profiles with a saved session.
const INDEX: &str = "saved-sessions";

impl Console {
    /// Writes `profile_id`'s session entry, and notes it in the index.
    pub(super) async fn save_session_entry(
        &self,
        profile_id: &str,
        secret: String,
    ) -> Result<(), VaultError> {
        self.vault_op(profile_id, VaultOp::Save(secret)).await?;
        self.index_session(profile_id, true).await;
        Ok(())
    }

    /// Removes `profile_id`'s session entry, and its line in the index.
    pub(super) async fn wipe_session_entry(&self, profile_id: &str) -> Result<(), VaultError> {
        self.vault_op(profile_id, VaultOp::Wipe).await?;
        self.index_session(profile_id, false).await;
        Ok(())
    }

    async fn index_session(&self, profile_id: &str, saved: bool) {
        let _one_at_a_time = self.keyring_index.lock().await;
        let mut ids = self.indexed().await;
        let changed = match saved {
            true => ids.insert(profile_id.to_owned()),
            false => ids.remove(profile_id),
        };
        if changed {
            let list = serde_json::to_string(&ids).expect("a list of ids serialises");
            if let Err(error) = self.vault_op(INDEX, VaultOp::Save(list)).await {
                tracing::warn!(%error, "could not update the index of saved sessions");
            }
        }
    }

    async fn indexed(&self) -> BTreeSet<String> {
        match self.vault_op(INDEX, VaultOp::Load).await {
            Ok(Some(list)) => serde_json::from_str(&list).unwrap_or_default(),
            _ => BTreeSet::new(),
        }
    }

    /// Ends and removes every saved session whose profile is gone; answers with how many. Run at
    /// start, beside the window: an unreachable server only delays this, never the window.
    pub async fn end_orphaned_sessions(&self) -> usize {
        // The index first: a profile saved after this read is not taken for an orphan, and one
        // in the index was in the settings before its entry was written.
        let indexed = self.indexed().await;
        let known: BTreeSet<String> = self
            .settings
            .load()
            .profiles
            .into_iter()
            .map(|profile| profile.id)
            .collect();
        let orphans: Vec<&String> = indexed.difference(&known).collect();
        for profile_id in &orphans {
            self.end_orphan(profile_id).await;
        }
        if !orphans.is_empty() {
            tracing::warn!(
                count = orphans.len(),
                "ended saved sessions of profiles that are gone"
            );
        }
        orphans.len()
    }

    async fn end_orphan(&self, profile_id: &str) {
        let saved = self
            .vault_op(profile_id, VaultOp::Load)
            .await
            .ok()
            .flatten()
            .and_then(|secret| StoredSession::parse(&secret));
        // Where the entry says it was made; with a private CA, whose certificate went with the
        // profile, the server cannot be reached safely, and the entry is only removed.
        if let Some(saved) = saved
            && let Some(made_for) = saved
                .bound_to
                .as_ref()
                .filter(|destination| destination.ca_sha256.is_none())
        {
            let profile = Profile {
                id: profile_id.to_owned(),
                settings: ProfileSettings {
                    base_url: made_for.base_url.clone(),
                    origin_override: made_for.origin_override.clone(),
                    ..ProfileSettings::default()
                },
                locked: Vec::new(),
            };
            saved.end_on(&profile).await;
        }
        if let Err(error) = self.wipe_session_entry(profile_id).await {
            tracing::warn!(%error, "could not remove a saved session left without a profile");
        }
    }
}
