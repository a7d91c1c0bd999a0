//! Signing in every way the server offers (a password and the second factor two-factor asks
//! for, a code by email, a magic link), and the same proofs again at a locked console. A
//! two-factor challenge lives here, in the client that holds its cookie, between the two steps.

use authdesk_client::{AuthBaseUrl, AuthClient, PasswordSignIn, SessionCookies};
use authdesk_protocol::{
    AdminIdentity, ApiError, CodeSignIn, ErrorCode, Field, LinkSignIn, MailRequest, Permission,
    Profile, SecondFactorChallenge, SecondFactorProof, SignInPurpose, SignInRequest, SignInStep,
    UserSummary, checks,
};

use super::profiles::connect;
use super::session::{end_quietly, not_an_admin};
use super::{Active, Console, not_signed_in, permissions_of, refuse_while_impersonating};

/// A password sign-in waiting for its second factor.
#[derive(Clone)]
pub(super) struct PendingSignIn {
    client: AuthClient,
    profile: Profile,
    email: String,
    purpose: SignInPurpose,
}

/// Who is signing in where.
pub(super) struct Target {
    pub(super) profile: Profile,
    email: Option<String>,
    purpose: SignInPurpose,
}

impl Console {
    /// The password step. With two-factor on (and this computer not trusted), the answer is the
    /// challenge: [`Console::verify_second_factor`] finishes it.
    pub async fn sign_in(&self, request: SignInRequest) -> Result<SignInStep, ApiError> {
        let target = self
            .target(&request.base_url, Some(&request.email), request.purpose)
            .await?;
        checks::check_sign_in_password(request.password.expose())?;
        let email = target.email.clone().unwrap_or_default();
        let client = connect(&target.profile, &SessionCookies::default())?;
        let device = self.trusted_device(&target.profile, &email).await;
        if let Some(device) = &device {
            client.remember_device(device);
        }
        let answer = client
            .sign_in_email(&email, request.password.expose())
            .await;
        let answer = answer.map_err(|error| match (ApiError::from(error), target.purpose) {
            // The email is the session's own: the password is what was wrong.
            (wrong, SignInPurpose::Unlock) if wrong.code == ErrorCode::InvalidCredentials => {
                ApiError::new(ErrorCode::InvalidCredentials, "Wrong password.")
                    .at_field(Field::Password)
            }
            (error, _) => error,
        })?;
        match answer {
            PasswordSignIn::SignedIn(user) => {
                // The server rotates the trusted-device cookie at each use.
                let rotated = device.and_then(|_| client.trusted_device());
                let admin = self.finish(client, *user, target).await?;
                self.keep_trusted_device(&admin, rotated).await;
                Ok(SignInStep::SignedIn(Box::new(admin)))
            }
            PasswordSignIn::SecondFactor {
                methods,
                expires_at,
            } => {
                if device.is_some() {
                    // The server no longer honours it (expired there, or two-factor was reset).
                    self.forget_trusted_device(&target.profile.id).await;
                }
                *self.pending_sign_in.lock().await = Some(PendingSignIn {
                    client,
                    profile: target.profile,
                    email,
                    purpose: target.purpose,
                });
                Ok(SignInStep::SecondFactor(SecondFactorChallenge {
                    methods,
                    expires_at,
                }))
            }
        }
    }

    /// Asks the server to email the code for the pending two-factor challenge.
    pub async fn send_second_factor_code(&self) -> Result<(), ApiError> {
        let pending = self.pending().await?;
        let sent = pending.client.send_second_factor_code().await;
        self.drop_ended_challenge(sent.map_err(ApiError::from))
            .await
    }

    /// The second step. A wrong code keeps the challenge for another try; an expired or
    /// exhausted one is dropped, and the answer says to start again.
    pub async fn verify_second_factor(
        &self,
        proof: SecondFactorProof,
    ) -> Result<AdminIdentity, ApiError> {
        let code = checks::check_one_time_code(proof.code.expose())?;
        let pending = self.pending().await?;
        let verified = pending
            .client
            .verify_second_factor(proof.method, &code, proof.trust_device)
            .await;
        let user = self
            .drop_ended_challenge(verified.map_err(ApiError::from))
            .await?;
        self.pending_sign_in.lock().await.take();
        let trusted = proof
            .trust_device
            .then(|| pending.client.trusted_device())
            .flatten();
        let target = Target {
            profile: pending.profile,
            email: Some(pending.email),
            purpose: pending.purpose,
        };
        let admin = self.finish(pending.client, user, target).await?;
        self.keep_trusted_device(&admin, trusted).await;
        Ok(admin)
    }

    /// Asks the server to email a sign-in code.
    pub async fn send_sign_in_code(&self, request: MailRequest) -> Result<(), ApiError> {
        let (client, email) = self.mail_from(request).await?;
        Ok(client.send_sign_in_code(&email).await?)
    }

    pub async fn sign_in_with_code(&self, request: CodeSignIn) -> Result<AdminIdentity, ApiError> {
        let target = self
            .target(&request.base_url, Some(&request.email), request.purpose)
            .await?;
        let code = checks::check_one_time_code(request.code.expose())?;
        let client = connect(&target.profile, &SessionCookies::default())?;
        let email = target.email.clone().unwrap_or_default();
        let user = client.sign_in_with_code(&email, &code).await?;
        self.finish(client, user, target).await
    }

    /// Asks the server to email a magic link.
    pub async fn send_magic_link(&self, request: MailRequest) -> Result<(), ApiError> {
        let (client, email) = self.mail_from(request).await?;
        Ok(client.send_magic_link(&email).await?)
    }

    /// A client for the server a mail is asked from, and the address it goes to.
    async fn mail_from(&self, request: MailRequest) -> Result<(AuthClient, String), ApiError> {
        let target = self
            .target(&request.base_url, Some(&request.email), request.purpose)
            .await?;
        let client = connect(&target.profile, &SessionCookies::default())?;
        Ok((client, target.email.unwrap_or_default()))
    }

    /// Opens a pasted magic link in a jar of Authdesk's own, so the session lands here.
    pub async fn sign_in_with_link(&self, request: LinkSignIn) -> Result<AdminIdentity, ApiError> {
        let target = self
            .target(&request.base_url, None, request.purpose)
            .await?;
        let client = connect(&target.profile, &SessionCookies::default())?;
        let user = client.open_magic_link(request.link.expose()).await?;
        self.finish(client, user, target).await
    }

    /// "Forget this computer" for the server at `base_url`: its next password sign-in asks for
    /// the second step again.
    pub async fn forget_this_computer(&self, base_url: &str) -> Result<(), ApiError> {
        let profile = self.profile_for(&AuthBaseUrl::parse(base_url)?);
        self.forget_trusted_device(&profile.id).await;
        Ok(())
    }

    /// For a new session, the form's server and email; to unlock, the session's own. An
    /// impersonation nobody watched while the console was locked is ended first.
    pub(super) async fn target(
        &self,
        base_url: &str,
        email: Option<&str>,
        purpose: SignInPurpose,
    ) -> Result<Target, ApiError> {
        if purpose == SignInPurpose::Unlock {
            let (profile, email, impersonating) = {
                let guard = self.session.read().await;
                let active = guard.as_ref().ok_or_else(not_signed_in)?;
                let admin = &active.admin;
                (
                    admin.profile.clone(),
                    admin.email.clone(),
                    active.acting.is_some(),
                )
            };
            if impersonating {
                self.end_impersonation(Some("when Authdesk locked")).await?;
            }
            return Ok(Target {
                profile,
                email: Some(email),
                purpose,
            });
        }
        if let Some(active) = self.session.read().await.as_ref() {
            refuse_while_impersonating(active)?;
        }
        let email = email.map(checks::check_email).transpose()?;
        let base = AuthBaseUrl::parse(base_url)?;
        Ok(Target {
            profile: self.profile_for(&base),
            email,
            purpose,
        })
    }

    async fn pending(&self) -> Result<PendingSignIn, ApiError> {
        self.pending_sign_in.lock().await.clone().ok_or_else(|| {
            ApiError::new(
                ErrorCode::ChallengeEnded,
                "This sign-in is no longer waiting for a code. Sign in again with your password.",
            )
        })
    }

    async fn drop_ended_challenge<T>(&self, result: Result<T, ApiError>) -> Result<T, ApiError> {
        if result
            .as_ref()
            .is_err_and(|error| error.code == ErrorCode::ChallengeEnded)
        {
            self.pending_sign_in.lock().await.take();
        }
        result
    }

    /// The account signed in: keep the session only if it may manage users (a non-admin's fresh
    /// session is ended again at once), and put it in place of the one before.
    pub(super) async fn finish(
        &self,
        client: AuthClient,
        user: UserSummary,
        target: Target,
    ) -> Result<AdminIdentity, ApiError> {
        match target.purpose {
            SignInPurpose::NewSession => self.open_session(client, user, target.profile).await,
            SignInPurpose::Unlock => self.reopen_session(client, user, target.profile).await,
        }
    }

    async fn open_session(
        &self,
        client: AuthClient,
        user: UserSummary,
        profile: Profile,
    ) -> Result<AdminIdentity, ApiError> {
        let permissions = permissions_of(&client).await?;
        if !permissions.contains(&Permission::ListUsers) {
            end_quietly(&client).await;
            return Err(not_an_admin());
        }
        self.edit_settings(|settings| {
            if settings.profile(&profile.id).is_none() {
                settings.profiles.push(profile.clone());
            }
            settings.active_profile = Some(profile.id.clone());
            settings
                .last_emails
                .insert(profile.id.clone(), user.email.clone());
            Ok::<_, ApiError>(())
        })?;
        tracing::info!(profile = profile.settings.name.as_str(), "admin signed in");
        let mut active = Active::new(client, user, profile, permissions);
        self.persist(&mut active).await;
        let admin = active.admin.clone();
        if let Some(previous) = self.session.write().await.replace(active) {
            end_quietly(&previous.client).await;
        }
        Ok(admin)
    }

    /// The proof at a locked console: it must be the same admin, still an admin; the fresh
    /// session replaces the old one (ended on the server), so the server's own freshness holds.
    async fn reopen_session(
        &self,
        client: AuthClient,
        user: UserSummary,
        profile: Profile,
    ) -> Result<AdminIdentity, ApiError> {
        let admin_id = {
            let guard = self.session.read().await;
            guard.as_ref().map(|active| active.admin.id.clone())
        };
        let permissions = permissions_of(&client).await?;
        if admin_id.as_deref() != Some(user.id.as_str())
            || !permissions.contains(&Permission::ListUsers)
        {
            end_quietly(&client).await;
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "This signs in an account that may no longer manage users here. Sign out and \
                 sign in again.",
            ));
        }
        let mut fresh = Active::new(client, user, profile.clone(), permissions);
        self.persist(&mut fresh).await;
        let unlocked = fresh.admin.clone();
        let previous = {
            let mut guard = self.session.write().await;
            let same_admin = guard.as_ref().is_some_and(|active| {
                active.admin.id == unlocked.id && active.profile_id() == profile.id
            });
            if !same_admin {
                // Signed out meanwhile: this proof opens nothing, and leaves nothing behind.
                drop(guard);
                end_quietly(&fresh.client).await;
                self.forget_saved(&profile.id).await;
                return Err(not_signed_in());
            }
            guard.replace(fresh)
        };
        if let Some(previous) = previous {
            end_quietly(&previous.client).await;
        }
        tracing::info!("console unlocked");
        Ok(unlocked)
    }
}
