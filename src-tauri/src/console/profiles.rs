//! Deployment profiles: which auth servers this computer knows, and what the sign-in form
//! starts with.

use authdesk_client::{AuthBaseUrl, AuthClient, ClientError, ConnectOptions, SessionCookies};
use authdesk_protocol::{
    ApiError, ErrorCode, Profile, ProfileSettings, SignInDefaults, SignInMethod, SignInOptions,
    check_provider, checks,
};

use super::Console;
use super::keyring_entry::Destination;

impl Console {
    pub async fn sign_in_defaults(&self) -> SignInDefaults {
        let settings = self.settings.load();
        match settings.active() {
            Some(profile) => {
                let email = settings
                    .last_emails
                    .get(&profile.id)
                    .cloned()
                    .unwrap_or_default();
                SignInDefaults {
                    base_url: profile.settings.base_url.clone(),
                    trusted_until: self.trusted_until(profile, &email).await,
                    email,
                }
            }
            None => SignInDefaults {
                base_url: self.default_server.clone().unwrap_or_default(),
                ..SignInDefaults::default()
            },
        }
    }

    /// How admins sign in to the server at `base_url`: as its profile says, else as the server's
    /// schema says, else with a password (a server that does not answer gets the password form,
    /// whose sign-in then says what is wrong); and its single sign-on providers, which only the
    /// profile knows.
    pub async fn sign_in_options(&self, base_url: &str) -> Result<SignInOptions, ApiError> {
        let profile = self.profile_for(&AuthBaseUrl::parse(base_url)?);
        let providers = profile.settings.sign_on_providers.clone();
        if let Some(methods) = profile.settings.sign_in_methods.clone() {
            return Ok(SignInOptions { methods, providers });
        }
        let client = connect(&profile, &SessionCookies::default())?;
        let asked = tokio::time::timeout(METHODS_WAIT, client.offered_sign_in_methods()).await;
        let methods = match asked {
            Ok(Ok(Some(offered))) if !offered.is_empty() => offered,
            _ => vec![SignInMethod::Password],
        };
        Ok(SignInOptions { methods, providers })
    }

    pub fn list_profiles(&self) -> Vec<Profile> {
        self.settings.load().profiles
    }

    /// Adds a profile (`id` = `None`) or edits one, after checking every field. A profile that
    /// changes where it points (address, certificate or Origin) loses its saved session first:
    /// those cookies were made for the old server.
    pub async fn save_profile(
        &self,
        id: Option<String>,
        settings: ProfileSettings,
    ) -> Result<Profile, ApiError> {
        self.unless_locked().await?;
        let settings = checked_profile_settings(settings)?;
        if let Some(id) = &id
            && let Some(existing) = self.settings.load().profile(id)
        {
            refuse_locked_changes(existing, &settings)?;
        }
        if let Some(id) = &id
            && let Some(existing) = self.settings.load().profile(id).cloned()
            && !same_server(&existing.settings, &settings)
        {
            if self.signed_in_to(id).await {
                return Err(ApiError::new(
                    ErrorCode::Validation,
                    "You are signed in to this profile. Sign out before changing its address, \
                     certificate or Origin.",
                ));
            }
            self.end_saved_session(&existing)
                .await
                .map_err(|_| keyring_refused_wipe())?;
        }
        let profile = self.edit_settings(|all| -> Result<Profile, ApiError> {
            match id {
                Some(id) => {
                    let existing = all
                        .profiles
                        .iter_mut()
                        .find(|profile| profile.id == id)
                        .ok_or_else(profile_gone)?;
                    existing.settings = settings;
                    Ok(existing.clone())
                }
                None => {
                    let profile = Profile {
                        id: new_profile_id(),
                        settings,
                        locked: Vec::new(),
                    };
                    all.profiles.push(profile.clone());
                    Ok(profile)
                }
            }
        })?;
        // The signed-in profile's name, colour and idle time apply at once.
        if let Some(active) = self.session.write().await.as_mut()
            && active.profile_id() == profile.id
        {
            active.admin.profile = profile.clone();
        }
        Ok(profile)
    }

    /// Removes a profile and its keyring entry. The signed-in profile must be signed out first.
    pub async fn remove_profile(&self, id: &str) -> Result<(), ApiError> {
        self.unless_locked().await?;
        if self.signed_in_to(id).await {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "You are signed in to this profile. Sign out before removing it.",
            ));
        }
        let profile = self.edit_settings(|all| {
            let profile = all.profile(id).cloned().ok_or_else(profile_gone)?;
            if !profile.locked.is_empty() {
                return Err(ApiError::new(
                    ErrorCode::Validation,
                    "Your organisation set this deployment up for this computer: it cannot be \
                     removed here.",
                ));
            }
            all.profiles.retain(|profile| profile.id != id);
            all.last_emails.remove(id);
            if all.active_profile.as_deref() == Some(id) {
                all.active_profile = None;
            }
            Ok::<_, ApiError>(profile)
        })?;
        if let Err(error) = self.end_saved_session(&profile).await {
            tracing::warn!(%error, "could not remove a profile's keyring entry");
        }
        self.forget_trusted_device(id).await;
        Ok(())
    }

    async fn signed_in_to(&self, profile_id: &str) -> bool {
        self.session
            .read()
            .await
            .as_ref()
            .is_some_and(|active| active.profile_id() == profile_id)
    }

    /// The profile for this server: the saved one with the same URL, or a new one named after
    /// the host.
    pub(super) fn profile_for(&self, base: &AuthBaseUrl) -> Profile {
        let url = base.display();
        let settings = self.settings.load();
        settings
            .profiles
            .iter()
            .find(|profile| profile.settings.base_url == url)
            .cloned()
            .unwrap_or_else(|| Profile {
                id: new_profile_id(),
                settings: ProfileSettings {
                    name: base.host_label(),
                    base_url: url,
                    ..ProfileSettings::default()
                },
                locked: Vec::new(),
            })
    }
}

/// How long the sign-in form waits to learn what a server offers.
const METHODS_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// A client for `profile`'s server, carrying `cookies`.
pub(super) fn connect(profile: &Profile, cookies: &SessionCookies) -> Result<AuthClient, ApiError> {
    let base = AuthBaseUrl::parse(&profile.settings.base_url)?;
    Ok(AuthClient::with_cookies(
        base,
        &connect_options(&profile.settings),
        cookies,
    )?)
}

/// A client for `profile`'s server with no cookie at all, for what a user asks of it themselves.
pub(super) fn anonymous(profile: &Profile) -> Result<AuthClient, ApiError> {
    let base = AuthBaseUrl::parse(&profile.settings.base_url)?;
    Ok(AuthClient::new(base, &connect_options(&profile.settings))?)
}

fn connect_options(settings: &ProfileSettings) -> ConnectOptions {
    ConnectOptions {
        origin_override: settings.origin_override.clone(),
        extra_ca_pem: settings.ca_certificate_pem.clone(),
        proxy: settings.proxy.clone(),
    }
}

/// A profile's settings as Authdesk keeps them, or the first field that is wrong (the same
/// checks for a profile typed in and one a fleet file sets).
pub(crate) fn checked_profile_settings(
    mut settings: ProfileSettings,
) -> Result<ProfileSettings, ApiError> {
    settings.name = checks::check_profile_name(&settings.name)?;
    let base = AuthBaseUrl::parse(&settings.base_url)?;
    settings.base_url = base.display();
    let blank_to_none = |value: Option<String>| value.filter(|text| !text.trim().is_empty());
    settings.origin_override = blank_to_none(settings.origin_override);
    settings.ca_certificate_pem = blank_to_none(settings.ca_certificate_pem);
    if let Some(pem) = &settings.ca_certificate_pem {
        checks::check_ca_pem(pem)?;
    }
    settings.idle_lock_minutes = checks::check_idle_lock_minutes(settings.idle_lock_minutes)?;
    // None chosen is "ask the server"; each chosen once, in the order shown.
    settings.sign_in_methods = settings
        .sign_in_methods
        .map(|chosen| {
            SignInMethod::ALL
                .into_iter()
                .filter(|method| chosen.contains(method))
                .collect::<Vec<_>>()
        })
        .filter(|chosen| !chosen.is_empty());
    let mut providers = Vec::new();
    for provider in &settings.sign_on_providers {
        let provider = check_provider(provider)?;
        if !providers.contains(&provider) {
            providers.push(provider);
        }
    }
    settings.sign_on_providers = providers;
    settings.proxy = blank_to_none(settings.proxy).map(|proxy| proxy.trim().to_owned());
    settings.password_reset_page = blank_to_none(settings.password_reset_page)
        .map(|page| authdesk_protocol::check_reset_page(&page))
        .transpose()?;
    settings.table_columns = authdesk_protocol::check_table_columns(&settings.table_columns)?;
    settings.views = authdesk_protocol::check_saved_views(&settings.views)?;
    // The view shown last is one the profile keeps, or none.
    if !settings
        .views
        .iter()
        .any(|view| Some(&view.name) == settings.last_view.as_ref())
    {
        settings.last_view = None;
    }
    if let Some(origin) = &settings.origin_override {
        let parsed = url::Url::parse(origin).ok().filter(|url| {
            url.origin().is_tuple()
                && url.origin().ascii_serialization() == origin.trim_end_matches('/')
        });
        if parsed.is_none() {
            return Err(ClientError::InvalidOrigin(origin.clone()).into());
        }
    }
    // Building a client checks the certificate and the Origin header value.
    AuthClient::new(base, &connect_options(&settings))?;
    Ok(settings)
}

/// Whether a session made with `before` may go to the server `after` describes: the rule the
/// keyring entry's binding checks at restore, so the two cannot disagree.
fn same_server(before: &ProfileSettings, after: &ProfileSettings) -> bool {
    Destination::of(before, "").allows(after)
}

fn keyring_refused_wipe() -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        "The system keyring did not let Authdesk remove this profile's saved session, so its \
         address, certificate and Origin were left as they were.",
    )
}

fn profile_gone() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "This profile no longer exists.")
}

fn new_profile_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Refuses a change to a field the organisation's fleet file sets, at that field.
fn refuse_locked_changes(existing: &Profile, settings: &ProfileSettings) -> Result<(), ApiError> {
    let Some(changed) =
        (existing.locked.iter()).find(|field| !field.same_in(&existing.settings, settings))
    else {
        return Ok(());
    };
    let refusal = ApiError::new(
        ErrorCode::Validation,
        "Your organisation sets this for this deployment: it cannot be changed here.",
    );
    Err(match changed.input() {
        Some(field) => refusal.at_field(field),
        None => refusal,
    })
}
