//! Acting as a user for a reason and a limited time, and always finding the way back. The
//! impersonation runs in a client of its own, with a copy of the admin's cookies that the server
//! then turns into the user's session: the admin's own client and cookies are never touched, so
//! a request of the admin's in flight stays the admin's, and the way back is the admin's client
//! as it always was. Starting and stopping take the session lock only to read and to commit,
//! never across a request, so sign-out and reads never wait for them.

use authdesk_client::AuthClient;
use authdesk_protocol::{
    AdminIdentity, ApiError, AuditAction, ErrorCode, ImpersonationRequest, ImpersonationStarted,
    ImpersonationView, OffsetDateTime, checks,
};

use super::audit::AuditEntry;
use super::profiles::connect;
use super::session::end_quietly;
use super::{
    Acting, Console, OperationError, not_signed_in, refuse_while_impersonating, signed_in,
};

impl Console {
    /// Starts acting as the user, for a reason and at most `minutes`.
    pub async fn impersonate_user(
        &self,
        request: ImpersonationRequest,
    ) -> Result<ImpersonationStarted, ApiError> {
        let user_id = request.user_id;
        checks::check_user_id(&user_id)?;
        let reason = checks::check_reason(&request.reason)?;
        let minutes = checks::check_impersonation_minutes(request.minutes)?;
        self.audit_writable()?;
        // One start or stop at a time; reads and sign-out do not wait for it.
        let _transition = self.impersonation_transition.lock().await;
        let (admin_client, admin, epoch) = {
            let guard = self.session.read().await;
            let active = guard.as_ref().ok_or_else(not_signed_in)?;
            active.may(AuditAction::Impersonate.needs())?;
            active.open_for(Some(AuditAction::Impersonate))?;
            refuse_while_impersonating(active)?;
            (active.client.clone(), active.admin.clone(), active.epoch)
        };
        let acting = connect(&admin.profile, &admin_client.session_cookies())?;
        let result = acting
            .impersonate_user(&user_id)
            .await
            .map_err(ApiError::from);
        let cap =
            OffsetDateTime::now_utc() + std::time::Duration::from_secs(u64::from(minutes) * 60);
        let started = result.map(|started| ImpersonationStarted {
            ends_at: started.expires_at.min(cap),
            user: started.user,
            reason: reason.clone(),
        });
        let detail = match &started {
            Ok(started) => format!("reason: {reason}; until {}", rfc3339(started.ends_at)),
            Err(_) => format!("reason: {reason}"),
        };
        let entry = AuditEntry::new(AuditAction::Impersonate, &user_id).detail(detail);
        self.record(&admin.email, entry, &started);
        if started.as_ref().is_err_and(OperationError::ends_session) {
            self.forget_session(epoch).await;
        }
        let started = started?;
        let committed = {
            let mut guard = self.session.write().await;
            match guard.as_mut() {
                Some(active) if active.epoch == epoch => {
                    active.acting = Some(Acting {
                        started: started.clone(),
                        client: acting.clone(),
                        deadline: Some(self.end_at_deadline(&started)),
                    });
                    true
                }
                _ => false,
            }
        };
        if !committed {
            // Signed out meanwhile: the impersonation must not outlive the session that asked.
            end_on_the_server(&acting).await;
            let entry = AuditEntry::new(AuditAction::StopImpersonating, &started.user.email)
                .detail("ended at once: the admin signed out while it started");
            self.record(&admin.email, entry, &Ok::<(), ApiError>(()));
            return Err(not_signed_in());
        }
        self.persist_now().await;
        tracing::info!("impersonation started");
        Ok(started)
    }

    /// A backend task that warns before this impersonation's deadline and ends it there: the
    /// cap holds whether the window counts down, is reloaded, or is gone.
    fn end_at_deadline(&self, started: &ImpersonationStarted) -> tokio::task::AbortHandle {
        let console = self.clone();
        let started = started.clone();
        tokio::spawn(async move {
            console.warn_until_end(&started).await;
            // Still this impersonation? Then this task is done as its deadline (and must not
            // be aborted by the stop it runs).
            let still_this_one = match console.session.write().await.as_mut() {
                Some(active) => match active.acting.as_mut() {
                    Some(acting) if acting.started == started => {
                        acting.deadline = None;
                        true
                    }
                    _ => false,
                },
                None => false,
            };
            if still_this_one {
                tracing::info!("impersonation reached its time limit");
                if let Err(error) = console.end_impersonation(Some("at its time limit")).await {
                    tracing::warn!(%error, "could not end an impersonation at its time limit");
                }
            }
        })
        .abort_handle()
    }

    /// Ends an impersonation before Authdesk quits, so that it does not outlive the app.
    pub async fn end_impersonation_before_exit(&self) {
        let impersonating = self
            .session
            .read()
            .await
            .as_ref()
            .is_some_and(|active| active.acting.is_some());
        if !impersonating {
            return;
        }
        let ending = self.end_impersonation(Some("when Authdesk closed"));
        match tokio::time::timeout(EXIT_WAIT, ending).await {
            Ok(Ok(_)) => tracing::info!("ended the impersonation before quitting"),
            Ok(Err(error)) => tracing::warn!(%error, "could not end the impersonation on exit"),
            Err(_) => tracing::warn!("the server did not end the impersonation in time on exit"),
        }
    }

    /// What the impersonated user sees. Past the impersonation's end, it is stopped instead and
    /// the answer says so; on a console locked meanwhile, it is stopped and the answer is the lock.
    pub async fn impersonation_view(&self) -> Result<ImpersonationView, ApiError> {
        let (client, started) = {
            let guard = self.session.read().await;
            let active = guard.as_ref().ok_or_else(not_signed_in)?;
            if let Some(locked) = active.locked() {
                drop(guard);
                self.end_impersonation(Some("when Authdesk locked")).await?;
                return Err(locked);
            }
            active.open_for(None)?;
            let acting = active.acting.as_ref().ok_or_else(|| {
                ApiError::new(ErrorCode::Validation, "You are not impersonating anyone.")
            })?;
            (acting.client.clone(), acting.started.clone())
        };
        if OffsetDateTime::now_utc() >= started.ends_at {
            self.stop_impersonating().await?;
            return Err(ApiError::new(
                ErrorCode::Validation,
                "The impersonation has ended.",
            ));
        }
        let user = client.get_session().await?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::SessionExpired,
                "The impersonation session has ended.",
            )
        })?;
        let sessions = client.list_own_sessions().await?;
        let sessions = sessions
            .into_iter()
            .map(|session| session.summary)
            .collect();
        Ok(ImpersonationView {
            started,
            user,
            sessions,
        })
    }

    /// Returns to the admin's own session.
    pub async fn stop_impersonating(&self) -> Result<AdminIdentity, ApiError> {
        self.end_impersonation(None).await
    }

    /// Returns to the admin's own session; `why` says so in the audit when the admin did not ask.
    pub(super) async fn end_impersonation(
        &self,
        why: Option<&str>,
    ) -> Result<AdminIdentity, ApiError> {
        let _transition = self.impersonation_transition.lock().await;
        let (acting, admin_client, admin, epoch) = {
            let mut guard = self.session.write().await;
            let active = signed_in(&mut guard)?;
            let Some(acting) = active.acting.take() else {
                return Ok(active.admin.clone());
            };
            (
                acting,
                active.client.clone(),
                active.admin.clone(),
                active.epoch,
            )
        };
        let result = acting
            .client
            .stop_impersonating()
            .await
            .map(drop)
            .map_err(ApiError::from);
        let entry = AuditEntry {
            action: AuditAction::StopImpersonating,
            target: Some(acting.started.user.email.clone()),
            detail: why.map(str::to_owned),
            needs: Vec::new(),
        };
        self.record(&admin.email, entry, &result);
        if result.is_err() {
            // The server could not end it (expired, or signed out inside): end what is left.
            end_left_over(&admin_client, &acting.client, &acting.started.user.id).await;
        }
        // The admin's own session, which the impersonation never touched, must still be there.
        match admin_client.get_session().await {
            Ok(Some(user)) if user.id == admin.id => {}
            _ => {
                self.forget_session(epoch).await;
                return Err(ApiError::new(
                    ErrorCode::SessionExpired,
                    "Your own session ended while you were impersonating. Sign in again.",
                ));
            }
        }
        self.persist_now().await;
        tracing::info!("impersonation stopped");
        // Ended by this backend's deadline or by the window's countdown, whichever came first.
        if OffsetDateTime::now_utc() + TIME_LIMIT_SLACK >= acting.started.ends_at {
            self.tell_time_up(&acting.started);
        }
        Ok(admin)
    }
}

/// Ends an impersonation that nothing comes after (a sign-out, a session gone): stopped on the
/// server if it will, else its session signed out.
pub(super) async fn end_on_the_server(acting: &AuthClient) {
    if let Err(error) = acting.stop_impersonating().await {
        tracing::warn!(%error, "could not stop an impersonation; signing its session out");
        end_quietly(acting).await;
    }
}

/// Ends an impersonation the server would not stop: signs its session out, and revokes, as the
/// admin, any session of the user's that the admin's impersonation left.
pub(super) async fn end_left_over(admin: &AuthClient, acting: &AuthClient, user_id: &str) {
    // Only while it still holds the user's session: never sign out what might be the admin's.
    if let Ok(Some(user)) = acting.get_session().await
        && user.id == user_id
    {
        end_quietly(acting).await;
    }
    let Ok(Some(me)) = admin.get_session().await else {
        tracing::warn!("the admin's own session is gone too");
        return;
    };
    if let Ok(sessions) = admin.list_user_sessions(user_id).await {
        for session in sessions
            .iter()
            .filter(|s| s.summary.impersonated_by.as_deref() == Some(&me.id))
        {
            if let Err(error) = admin.revoke_user_session(&session.token).await {
                tracing::warn!(%error, "could not end a leftover impersonation session");
            }
        }
    }
    tracing::info!("ended what an impersonation left");
}

/// How long quitting waits for the server to end an impersonation.
const EXIT_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The window counts down in whole seconds, so it stops an impersonation up to a second early.
const TIME_LIMIT_SLACK: std::time::Duration = std::time::Duration::from_secs(2);

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.to_string())
}
