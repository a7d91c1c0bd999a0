//! The session lifecycle after sign-in: restore from the keyring at start, sign-out, and what
//! quitting does first. The keyring calls themselves are in `keyring_entry`.

use authdesk_client::{AuthClient, ClientError};
use authdesk_protocol::{
    AdminIdentity, ApiError, AuditAction, ErrorCode, Permission, Profile, RestoredSession,
};
use authdesk_vault::VaultError;

use super::audit::AuditEntry;
use super::impersonation::{end_left_over, end_on_the_server};
use super::keyring_entry::{Saved, StoredSession, VaultOp, vault_notice};
use super::profiles::connect;
use super::{Active, Console, permissions_of};

impl Console {
    /// Picks up the session saved in the keyring by an earlier run, if it is still valid. An
    /// impersonation left running by a crash is stopped, so the admin is back as themself. A
    /// window reloaded while this run impersonates gets the impersonation back.
    pub async fn restore_session(&self) -> RestoredSession {
        if let Some(active) = self.session.read().await.as_ref() {
            return RestoredSession {
                admin: Some(active.admin.clone()),
                impersonating: active.acting.as_ref().map(|acting| acting.started.clone()),
                notice: None,
                locked: active.locked(),
            };
        }
        match self.try_restore().await {
            Ok(admin) => RestoredSession {
                notice: admin
                    .is_none()
                    .then(|| self.settings.notice())
                    .flatten()
                    .map(|notice| ApiError::new(ErrorCode::Internal, notice)),
                admin,
                impersonating: None,
                locked: self.session.read().await.as_ref().and_then(Active::locked),
            },
            Err(notice) => RestoredSession {
                admin: None,
                impersonating: None,
                notice: Some(notice),
                locked: None,
            },
        }
    }

    async fn try_restore(&self) -> Result<Option<AdminIdentity>, ApiError> {
        let settings = self.settings.load();
        let Some(profile) = settings.active() else {
            return Ok(None);
        };
        if self.restore_refused {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "Authdesk was started with remote control of its window switched on (WebView \
                 automation), so it did not open your saved session. Sign in to go on.",
            ));
        }
        let Some(secret) = self
            .vault_op(&profile.id, VaultOp::Load)
            .await
            .map_err(vault_notice)?
        else {
            return Ok(None);
        };
        let Some(saved) = StoredSession::parse(&secret) else {
            self.forget_saved(&profile.id).await;
            return Err(ApiError::new(
                ErrorCode::SessionExpired,
                "The saved session could not be read, so it was removed. Sign in again.",
            ));
        };
        // Checked before a single request: a changed profile must never receive the cookies.
        let Some(bound_to) = saved
            .bound_to
            .filter(|bound_to| bound_to.allows(&profile.settings))
        else {
            self.forget_saved(&profile.id).await;
            tracing::warn!("a saved session did not match its profile's server; removed it");
            return Err(ApiError::new(
                ErrorCode::SessionExpired,
                format!(
                    "The saved session could not be matched to {} (the profile's address, \
                     certificate or Origin changed, or an older Authdesk saved it), so it was \
                     removed. Sign in again.",
                    profile.settings.base_url
                ),
            ));
        };
        let Saved {
            cookies,
            aside,
            impersonated_user,
            proven_at,
            used_at,
            ..
        } = saved;
        // While impersonating, the keyring holds the user's session with the admin's aside.
        let client = connect(profile, aside.as_ref().unwrap_or(&cookies))?;
        if aside.is_some() {
            // Authdesk stopped while impersonating: end it, from the admin's side if need be.
            let acting = connect(profile, &cookies)?;
            if acting.stop_impersonating().await.is_err()
                && let Some(user_id) = &impersonated_user
            {
                end_left_over(&client, &acting, user_id).await;
            }
            if let Ok(Some(admin)) = client.get_session().await {
                // The keyring kept only the user's id; the line names them by email like the rest.
                let target = match &impersonated_user {
                    Some(id) => Some(
                        client
                            .get_user(id)
                            .await
                            .map_or_else(|_| id.clone(), |user| user.email),
                    ),
                    None => None,
                };
                let entry = AuditEntry {
                    action: AuditAction::StopImpersonating,
                    target,
                    detail: Some("ended when Authdesk started again".to_owned()),
                    needs: Vec::new(),
                };
                self.record(&admin.email, entry, &Ok::<(), ApiError>(()));
            }
        }
        let user = match client.get_session().await {
            Ok(Some(user)) if user.id == bound_to.admin_id => user,
            Ok(Some(_)) => {
                self.forget_saved(&profile.id).await;
                end_quietly(&client).await;
                return Err(ApiError::new(
                    ErrorCode::SessionExpired,
                    "The saved session belongs to another account, so it was removed. Sign in \
                     again.",
                ));
            }
            Ok(None) | Err(ClientError::Refused(_)) => {
                self.forget_saved(&profile.id).await;
                return Err(ApiError::new(
                    ErrorCode::SessionExpired,
                    "Your saved session has ended. Sign in again.",
                ));
            }
            Err(error) => return Err(error.into()),
        };
        // Restore trusts no more than sign-in: the account may have lost its admin rights.
        let permissions = permissions_of(&client).await?;
        if !permissions.contains(&Permission::ListUsers) {
            end_quietly(&client).await;
            self.forget_saved(&profile.id).await;
            return Err(not_an_admin());
        }
        let mut active = Active::new(client, user, profile.clone(), permissions);
        // Starting the app is not a proof: whoever sits at the desk meets the lock it left.
        active.proven_at = proven_at;
        active.used_at = used_at.into();
        // The keyring is written again only if the restore changed what it holds (cookies the
        // server renewed, an impersonation ended), not on every start.
        active.saved = serde_json::from_str(&secret).ok();
        self.persist(&mut active).await;
        let admin = active.admin.clone();
        *self.session.write().await = Some(active);
        Ok(Some(admin))
    }

    /// Signs out here and on the server (ending an impersonation first), and wipes the keyring
    /// entry. The window is signed out even when the server cannot be reached.
    pub async fn sign_out(&self) -> Result<(), ApiError> {
        let Some(active) = self.session.write().await.take() else {
            return Ok(());
        };
        self.views.forget();
        let on_the_server = async {
            if let Some(acting) = &active.acting {
                end_on_the_server(&acting.client).await;
            }
            // The admin's own session, which the impersonation never touched.
            end_quietly(&active.client).await;
        };
        // A hung server must not hold the window on "Signing out…".
        let on_the_server = async {
            if tokio::time::timeout(SERVER_SIGN_OUT_WAIT, on_the_server)
                .await
                .is_err()
            {
                tracing::warn!("the server did not confirm the sign-out in time");
            }
        };
        // Signed out here already; the keyring and the server are told at once, each given up on
        // after a few seconds, so sign-out takes the longer of the two waits at most.
        tokio::join!(self.forget_saved(active.profile_id()), on_the_server);
        Ok(())
    }

    /// Leaves this deployment for the profile `profile_id` without signing out: this session
    /// stays in the keyring for the way back, and the other profile's saved session, if it has
    /// one, is opened as a start would open it. Refused while impersonating, locked, or while a
    /// bulk action or an export runs on this session.
    pub async fn switch_profile(&self, profile_id: &str) -> Result<RestoredSession, ApiError> {
        let settings = self.settings.load();
        if settings.profile(profile_id).is_none() {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                "That deployment profile is not on this computer any more.",
            ));
        }
        let leaving = match self.session.read().await.as_ref() {
            Some(active) if active.profile_id() == profile_id => None,
            Some(active) => Some(
                active
                    .admits(None, &[])
                    .and_then(|()| kept_for_the_way_back(active)),
            ),
            None => Some(Ok(())),
        };
        match leaving {
            None => return Ok(self.restore_session().await),
            Some(Err(refused)) => return Err(refused),
            Some(Ok(())) => {}
        }
        if self.bulk_running() || self.export_running() {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "A bulk action or an export is running on this deployment: wait for it to end, \
                 or stop it, before switching.",
            ));
        }
        self.remember_last_use().await;
        if self.session.write().await.take().is_some() {
            self.views.forget();
        }
        self.edit_settings(|settings| {
            settings.active_profile = Some(profile_id.to_owned());
            Ok::<(), ApiError>(())
        })?;
        Ok(self.restore_session().await)
    }

    /// Ends a session the keyring holds for `profile` on its server, then wipes the entry: a
    /// profile that is removed or pointed elsewhere leaves no live session behind. The cookies
    /// go only where they were made (the entry says where).
    pub(super) async fn end_saved_session(&self, profile: &Profile) -> Result<(), VaultError> {
        let saved = self
            .vault_op(&profile.id, VaultOp::Load)
            .await?
            .and_then(|secret| StoredSession::parse(&secret));
        if let Some(saved) = saved
            && saved
                .bound_to
                .as_ref()
                .is_some_and(|bound_to| bound_to.allows(&profile.settings))
        {
            saved.end_on(profile).await;
        }
        self.wipe_session_entry(&profile.id).await
    }

    /// What quitting does first: end an impersonation, save when the console was last used, and
    /// leave the settings file as it is.
    pub async fn before_exit(&self) {
        self.end_impersonation_before_exit().await;
        self.remember_last_use().await;
        self.settings.close();
    }

    /// Saves when the console was last used, as Authdesk quits, so the idle lock holds across a
    /// restart. A keyring that does not answer quickly is left alone: the saved time is then
    /// older, and the next start locks sooner, never later.
    pub async fn remember_last_use(&self) {
        let remembering = self.persist_now();
        if tokio::time::timeout(EXIT_KEYRING_WAIT, remembering)
            .await
            .is_err()
        {
            tracing::warn!("the keyring did not save the last use in time");
        }
    }
}

/// How long sign-out waits for the server to end the session there.
const SERVER_SIGN_OUT_WAIT: std::time::Duration = std::time::Duration::from_secs(5);
/// How long quitting waits for the keyring.
const EXIT_KEYRING_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

pub(super) fn not_an_admin() -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        "This account is not an admin on this server. Sign in with an account that has the \
         admin role.",
    )
}

pub(super) async fn end_quietly(client: &AuthClient) {
    if let Err(error) = client.sign_out().await {
        tracing::warn!(%error, "could not end the session on the server");
    }
}

/// Switching leaves a session only when the keyring holds it, so the way back needs no sign-in.
fn kept_for_the_way_back(active: &Active) -> Result<(), ApiError> {
    match active.saved {
        Some(_) => Ok(()),
        None => Err(ApiError::new(
            ErrorCode::Validation,
            "This session is not saved in the keyring, so switching would end it. Sign out \
             first, or unlock the keyring and sign in again.",
        )),
    }
}
