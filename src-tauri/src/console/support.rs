//! The support actions a ticket asks for beyond the admin routes: the mails a user asks for,
//! turning their two-factor off, and the server's own user fields. Each change is audited
//! through [`Console::change`] like every other.

use authdesk_client::AuthClient;
use authdesk_protocol::{
    ApiError, AuditAction, ErrorCode, Field, ListUsersQuery, Permission, UserFields, UserSummary,
    checks,
};
use serde_json::Map;

use super::audit::AuditEntry;
use super::{Console, profiles};

impl Console {
    /// Has the server mail the user a link to the profile's password-reset page.
    pub async fn send_password_reset(&self, user_id: String) -> Result<UserSummary, ApiError> {
        checks::check_user_id(&user_id)?;
        let (mailer, settings) = self.mailer().await?;
        let page = settings.password_reset_page.ok_or_else(|| {
            ApiError::new(
                ErrorCode::Validation,
                "This profile names no password-reset page, so the server would not know where \
                 its link leads. Add your product's reset page to the profile.",
            )
            .at_field(Field::ResetPage)
        })?;
        let entry = AuditEntry::new(AuditAction::SendPasswordReset, &user_id)
            .detail(format!("reset page: {page}"));
        self.change(entry, async |client| {
            // The address is the server's, not one the window names.
            let user = client.get_user(&user_id).await?;
            mailer.request_password_reset(&user.email, &page).await?;
            Ok::<_, ApiError>(user)
        })
        .await
    }

    /// Has the server mail the user its link to verify their address.
    pub async fn send_verification_email(&self, user_id: String) -> Result<UserSummary, ApiError> {
        checks::check_user_id(&user_id)?;
        let (mailer, _) = self.mailer().await?;
        let entry = AuditEntry::new(AuditAction::SendVerification, &user_id);
        self.change(entry, async |client| {
            let user = client.get_user(&user_id).await?;
            // The server answers "sent" for a verified address and sends nothing.
            if user.email_verified {
                return Err(ApiError::new(
                    ErrorCode::Validation,
                    "This address is verified already: there is nothing to send.",
                ));
            }
            mailer.send_verification_email(&user.email).await?;
            Ok(user)
        })
        .await
    }

    /// Turns the user's two-factor sign-in off, so their password alone signs them in.
    pub async fn reset_two_factor(&self, user_id: String) -> Result<UserSummary, ApiError> {
        checks::check_user_id(&user_id)?;
        let entry = AuditEntry::new(AuditAction::ResetTwoFactor, &user_id);
        self.change(entry, async |client| {
            client.reset_two_factor(&user_id).await
        })
        .await
    }

    /// The server's own user fields: from its schema where it has one, else guessed from the
    /// users it returns. Learned once per session.
    pub async fn user_fields(&self) -> Result<UserFields, ApiError> {
        if let Some(known) = self
            .session
            .read()
            .await
            .as_ref()
            .and_then(|active| active.user_fields.clone())
        {
            return Ok(known);
        }
        let fields = self
            .as_admin(Permission::ListUsers, async |client| {
                match client.user_fields().await? {
                    Some(fields) => Ok::<_, ApiError>(fields),
                    None => Ok(UserFields::guessed_from(&seen_fields(&client).await?)),
                }
            })
            .await?;
        if let Some(active) = self.session.write().await.as_mut() {
            active.user_fields = Some(fields.clone());
        }
        Ok(fields)
    }

    /// A client for the signed-in profile's server that carries no cookie (a user's own request
    /// has none of the admin's), and the profile's settings.
    async fn mailer(&self) -> Result<(AuthClient, authdesk_protocol::ProfileSettings), ApiError> {
        let guard = self.session.read().await;
        let active = guard.as_ref().ok_or_else(super::not_signed_in)?;
        let profile = &active.admin.profile;
        Ok((profiles::anonymous(profile)?, profile.settings.clone()))
    }
}

/// Every extra field on the first page of users, each with a value where one has it.
async fn seen_fields(client: &AuthClient) -> Result<Map<String, serde_json::Value>, ApiError> {
    let page = client.list_users(&ListUsersQuery::page(50, 0)).await?;
    let mut seen = Map::new();
    for user in page.users {
        for (key, value) in user.custom_fields {
            let slot = seen.entry(key).or_insert(serde_json::Value::Null);
            if slot.is_null() {
                *slot = value;
            }
        }
    }
    Ok(seen)
}
