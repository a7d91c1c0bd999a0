//! The admin operations on users. Reads go through [`Console::as_admin`]; every change goes
//! through [`Console::change`] with its audit entry. Input is checked with the same
//! `protocol::checks` functions the window uses.

use authdesk_protocol::{
    ApiError, AuditAction, BanLength, BanRequest, ErrorCode, ListUsersQuery, NewUser, Password,
    Permission, SessionSummary, UserFieldInfo, UserPage, UserSummary, UserUpdate,
    check_field_values, checks,
};

use super::Console;
use super::audit::AuditEntry;

impl Console {
    pub async fn list_users(&self, query: ListUsersQuery) -> Result<UserPage, ApiError> {
        checks::check_list_query(&query)?;
        if !query.and_also.is_empty() {
            return self.scan_page(query).await;
        }
        self.as_admin(Permission::ListUsers, async |client| {
            client.list_users(&query).await
        })
        .await
    }

    pub async fn get_user(&self, user_id: String) -> Result<UserSummary, ApiError> {
        checks::check_user_id(&user_id)?;
        self.as_admin(Permission::GetUser, async |client| {
            client.get_user(&user_id).await
        })
        .await
    }

    pub async fn create_user(&self, user: NewUser) -> Result<UserSummary, ApiError> {
        let user = NewUser {
            email: checks::check_email(&user.email)?,
            name: checks::check_name(&user.name)?,
            roles: checks::check_roles(&user.roles)?,
            ..user
        };
        if let Some(password) = &user.password {
            checks::check_password(password.expose())?;
        }
        checks::check_custom_fields(&user.data)?;
        if !user.data.is_empty() {
            check_field_values(&self.user_fields().await?, &user.data)?;
        }
        let entry = AuditEntry::new(AuditAction::CreateUser, &user.email)
            .detail(format!("roles asked: {}", user.roles.join(", ")));
        let given = |created: &UserSummary| Some(format!("roles: {}", created.roles.join(", ")));
        self.change_described(entry, given, async |client| client.create_user(&user).await)
            .await
    }

    pub async fn update_user(
        &self,
        user_id: String,
        update: UserUpdate,
    ) -> Result<UserSummary, ApiError> {
        checks::check_user_id(&user_id)?;
        if update.is_empty() {
            return Err(ApiError::new(ErrorCode::Validation, "Nothing to change."));
        }
        let update = UserUpdate {
            name: update.name.as_deref().map(checks::check_name).transpose()?,
            email: update
                .email
                .as_deref()
                .map(checks::check_email)
                .transpose()?,
            ..update
        };
        checks::check_custom_fields(&update.custom_fields)?;
        if !update.custom_fields.is_empty() {
            check_field_values(&self.user_fields().await?, &update.custom_fields)?;
        }
        if let Some(image) = &update.image {
            checks::check_image(image)?;
        }
        let changed = [
            ("name", update.name.is_some()),
            ("email", update.email.is_some()),
            ("email verified", update.email_verified.is_some()),
            ("image", update.image.is_some()),
            ("custom fields", !update.custom_fields.is_empty()),
        ];
        let custom_keys = update
            .custom_fields
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let custom = format!("custom fields ({custom_keys})");
        let changed: Vec<&str> = changed
            .iter()
            .filter(|(_, changed)| *changed)
            .map(|(field, _)| {
                if *field == "custom fields" {
                    custom.as_str()
                } else {
                    *field
                }
            })
            .collect();
        let mut entry = AuditEntry::new(AuditAction::UpdateUser, &user_id)
            .detail(format!("changed: {}", changed.join(", ")));
        if update.email.is_some() || update.email_verified.is_some() {
            entry = entry.also_needs(Permission::SetEmail);
        }
        if let Some(needs) = update
            .custom_fields
            .keys()
            .find_map(|key| UserFieldInfo::named(key).needs())
        {
            entry = entry.also_needs(needs);
        }
        self.change(entry, async |client| {
            client.update_user(&user_id, &update).await
        })
        .await
    }

    pub async fn set_roles(
        &self,
        user_id: String,
        roles: Vec<String>,
    ) -> Result<UserSummary, ApiError> {
        checks::check_user_id(&user_id)?;
        let roles = checks::check_roles(&roles)?;
        let entry = AuditEntry::new(AuditAction::SetRoles, &user_id)
            .detail(format!("roles: {}", roles.join(", ")));
        self.change(entry, async |client| {
            client.set_role(&user_id, &roles).await
        })
        .await
    }

    /// Sets the user's password; with `sign_out_everywhere`, also ends every session they have
    /// (the server leaves them valid), so a leaked one stops working too.
    pub async fn set_user_password(
        &self,
        user_id: String,
        password: Password,
        sign_out_everywhere: bool,
    ) -> Result<(), ApiError> {
        checks::check_user_id(&user_id)?;
        checks::check_password(password.expose())?;
        let mut entry = AuditEntry::new(AuditAction::SetPassword, &user_id);
        if sign_out_everywhere {
            entry = entry
                .detail("and signed out everywhere")
                .also_needs(Permission::RevokeSessions);
        }
        self.change(entry, async |client| {
            client
                .set_user_password(&user_id, password.expose())
                .await?;
            if sign_out_everywhere {
                client
                    .revoke_user_sessions(&user_id)
                    .await
                    .map_err(|error| {
                        let error = ApiError::from(error);
                        ApiError::new(
                            error.code,
                            format!(
                                "The password is set, but their sessions were not ended: {}",
                                error.message
                            ),
                        )
                    })?;
            }
            Ok::<_, ApiError>(())
        })
        .await
    }

    pub async fn ban_user(
        &self,
        user_id: String,
        ban: BanRequest,
    ) -> Result<UserSummary, ApiError> {
        checks::check_user_id(&user_id)?;
        let ban = BanRequest {
            reason: checks::check_reason(&ban.reason)?,
            length: match ban.length {
                BanLength::Timed { seconds } => BanLength::Timed {
                    seconds: checks::check_ban_seconds(seconds)?,
                },
                BanLength::Permanent => BanLength::Permanent,
            },
        };
        let length = ban
            .length
            .seconds()
            .map_or_else(|| "permanent".to_owned(), |seconds| format!("{seconds} s"));
        let entry = AuditEntry::new(AuditAction::Ban, &user_id)
            .detail(format!("reason: {}; length: {length}", ban.reason));
        self.change(entry, async |client| client.ban_user(&user_id, &ban).await)
            .await
    }

    pub async fn unban_user(&self, user_id: String) -> Result<UserSummary, ApiError> {
        checks::check_user_id(&user_id)?;
        let entry = AuditEntry::new(AuditAction::Unban, &user_id);
        self.change(entry, async |client| client.unban_user(&user_id).await)
            .await
    }

    /// The user's sessions with their tokens removed.
    pub async fn list_user_sessions(
        &self,
        user_id: String,
    ) -> Result<Vec<SessionSummary>, ApiError> {
        checks::check_user_id(&user_id)?;
        let sessions = self
            .as_admin(Permission::ListSessions, async |client| {
                client.list_user_sessions(&user_id).await
            })
            .await?;
        Ok(sessions
            .into_iter()
            .map(|session| session.summary)
            .collect())
    }

    /// Revokes one session by its id: the token it needs is looked up here, never sent to the UI.
    pub async fn revoke_user_session(
        &self,
        user_id: String,
        session_id: String,
    ) -> Result<(), ApiError> {
        checks::check_user_id(&user_id)?;
        checks::check_session_id(&session_id)?;
        let entry = AuditEntry::new(AuditAction::RevokeSession, &user_id)
            .detail(format!("session: {session_id}"));
        self.change(entry, async |client| {
            let sessions = client.list_user_sessions(&user_id).await?;
            let Some(session) = sessions
                .into_iter()
                .find(|session| session.summary.id == session_id)
            else {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    "This session has already ended.",
                ));
            };
            Ok(client.revoke_user_session(&session.token).await?)
        })
        .await
    }

    pub async fn revoke_user_sessions(&self, user_id: String) -> Result<(), ApiError> {
        checks::check_user_id(&user_id)?;
        let entry = AuditEntry::new(AuditAction::RevokeAllSessions, &user_id);
        self.change(entry, async |client| {
            client.revoke_user_sessions(&user_id).await
        })
        .await
    }

    pub async fn remove_user(&self, user_id: String) -> Result<(), ApiError> {
        checks::check_user_id(&user_id)?;
        let entry = AuditEntry::new(AuditAction::DeleteUser, &user_id);
        self.change(entry, async |client| client.remove_user(&user_id).await)
            .await
    }
}
