//! Acting as a user for a reason and a limited time, and always finding the way back. Both
//! steps hold the session's write lock across their HTTP and keyring calls (see [`Console`]).

use authdesk_client::{AuthClient, SessionCookies};
use authdesk_protocol::{
    AdminIdentity, ApiError, AuditAction, ErrorCode, ImpersonationRequest, ImpersonationStarted,
    ImpersonationView, OffsetDateTime, checks,
};

use super::audit::AuditEntry;
use super::{Console, not_signed_in, refuse_while_impersonating, signed_in};

impl Console {
    /// Starts acting as the user, for a reason and at most `minutes`. The admin's own cookies are
    /// kept aside (and in the keyring), so the way back survives an expiry or a crash.
    pub async fn impersonate_user(
        &self,
        request: ImpersonationRequest,
    ) -> Result<ImpersonationStarted, ApiError> {
        let user_id = request.user_id;
        checks::check_user_id(&user_id)?;
        let reason = checks::check_reason(&request.reason)?;
        let minutes = checks::check_impersonation_minutes(request.minutes)?;
        self.audit_writable()?;
        let mut guard = self.session.write().await;
        let active = signed_in(&mut guard)?;
        active.open_for(Some(AuditAction::Impersonate))?;
        refuse_while_impersonating(active)?;
        let own_cookies = active.client.session_cookies();
        let result = active
            .client
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
        self.record(&active.admin.email, entry, &started);
        let started = started?;
        active.impersonating = Some(started.clone());
        active.aside = Some(own_cookies);
        active.deadline = Some(self.end_at_deadline(&started));
        self.persist(active).await;
        tracing::info!("impersonation started");
        Ok(started)
    }

    /// A backend task that ends this impersonation at its deadline: the cap holds whether the
    /// window counts down, is reloaded, or is gone.
    fn end_at_deadline(&self, started: &ImpersonationStarted) -> tokio::task::AbortHandle {
        let console = self.clone();
        let started = started.clone();
        let wait = (started.ends_at - OffsetDateTime::now_utc()).max(time::Duration::ZERO);
        let wait = std::time::Duration::try_from(wait).unwrap_or_default();
        tokio::spawn(async move {
            tokio::time::sleep(wait).await;
            // Still this impersonation? Then this task is done as its deadline (and must not
            // be aborted by the stop it runs).
            let still_this_one = match console.session.write().await.as_mut() {
                Some(active) if active.impersonating.as_ref() == Some(&started) => {
                    active.deadline = None;
                    true
                }
                _ => false,
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
            .is_some_and(|active| active.impersonating.is_some());
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
            let started = active.impersonating.clone().ok_or_else(|| {
                ApiError::new(ErrorCode::Validation, "You are not impersonating anyone.")
            })?;
            (active.client.clone(), started)
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
        let mut guard = self.session.write().await;
        let active = signed_in(&mut guard)?;
        let Some(impersonating) = active.impersonating.clone() else {
            return Ok(active.admin.clone());
        };
        if let Some(deadline) = active.deadline.take() {
            deadline.abort();
        }
        let result = active
            .client
            .stop_impersonating()
            .await
            .map(drop)
            .map_err(ApiError::from);
        let entry = AuditEntry {
            action: AuditAction::StopImpersonating,
            target: Some(impersonating.user.email.clone()),
            detail: why.map(str::to_owned),
        };
        self.record(&active.admin.email, entry, &result);
        if result.is_err()
            && let Some(aside) = &active.aside
        {
            // The server could not end it (expired, or signed out inside): go back by ourselves.
            return_to_admin(&active.client, aside, Some(&impersonating.user.id)).await;
        }
        match active.client.get_session().await {
            Ok(Some(user)) if user.id == active.admin.id => {}
            _ => {
                let profile_id = active.profile_id().to_owned();
                guard.take();
                drop(guard);
                self.forget_saved(&profile_id).await;
                return Err(ApiError::new(
                    ErrorCode::SessionExpired,
                    "Your own session ended while you were impersonating. Sign in again.",
                ));
            }
        }
        active.aside = None;
        active.impersonating = None;
        self.persist(active).await;
        tracing::info!("impersonation stopped");
        Ok(active.admin.clone())
    }
}

/// Ends an impersonation from the admin's side: stop it on the server if it can, and otherwise put
/// the admin's own cookies back and revoke the impersonation session that is left.
pub(super) async fn return_to_admin(
    client: &AuthClient,
    aside: &SessionCookies,
    impersonated: Option<&str>,
) {
    if client.stop_impersonating().await.is_ok() {
        tracing::info!("ended an impersonation");
        return;
    }
    client.replace_cookies(aside);
    let Ok(Some(admin)) = client.get_session().await else {
        tracing::warn!("the admin's own session is gone too");
        return;
    };
    if let Some(user_id) = impersonated
        && let Ok(sessions) = client.list_user_sessions(user_id).await
    {
        for session in sessions
            .iter()
            .filter(|s| s.summary.impersonated_by.as_deref() == Some(&admin.id))
        {
            if let Err(error) = client.revoke_user_session(&session.token).await {
                tracing::warn!(%error, "could not end a leftover impersonation session");
            }
        }
    }
    tracing::info!("returned to the admin's own session");
}

/// How long quitting waits for the server to end an impersonation.
const EXIT_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.to_string())
}
