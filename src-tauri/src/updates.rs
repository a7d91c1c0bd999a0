//! Updates for a fleet: Authdesk looks for a newer version on the feed the fleet file names (an
//! internal https server), offers it, and takes it only when the fleet's key signed what it
//! downloaded (the Tauri updater's minisign check). With no feed named it never looks: the
//! fleet's own tooling (apt, dnf, Intune, Jamf) updates it.

use std::time::Duration;

use authdesk_protocol::{ApiError, ErrorCode, UpdateOffer};
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};
use tokio::sync::Mutex;

use crate::console::Console;
use crate::fleet::UpdateFeed;

/// How long the feed and the download may take.
const FEED_TIMEOUT: Duration = Duration::from_secs(120);

/// The fleet's feed, the update found on it and, once downloaded and checked, its bytes.
pub struct Updates {
    feed: Option<UpdateFeed>,
    found: Mutex<Option<Found>>,
}

struct Found {
    update: Update,
    /// The package, once its signature matched the fleet's key.
    verified: Option<Vec<u8>>,
}

impl Found {
    fn offer(&self) -> UpdateOffer {
        UpdateOffer {
            version: self.update.version.clone(),
            notes: self.update.body.clone(),
            verified: self.verified.is_some(),
        }
    }
}

impl Updates {
    pub fn new(feed: Option<UpdateFeed>) -> Self {
        Self {
            feed,
            found: Mutex::default(),
        }
    }

    /// A newer version on the fleet's feed, if there is a feed and one is there.
    pub async fn check<R: Runtime>(
        &self,
        app: &AppHandle<R>,
    ) -> Result<Option<UpdateOffer>, ApiError> {
        let Some(feed) = &self.feed else {
            return Ok(None);
        };
        let mut found = self.found.lock().await;
        if let Some(found) = found.as_ref() {
            return Ok(Some(found.offer()));
        }
        let update = updater(app, feed)?.check().await.map_err(|error| {
            tracing::warn!(%error, feed = %feed.feed, "the update feed could not be read");
            ApiError::new(
                ErrorCode::Unreachable,
                "The update feed could not be read; Authdesk looks again at its next start.",
            )
        })?;
        *found = update.map(|update| Found {
            update,
            verified: None,
        });
        Ok(found.as_ref().map(Found::offer))
    }

    /// Downloads the update found and keeps it only if its signature is the fleet's.
    pub async fn download(&self) -> Result<UpdateOffer, ApiError> {
        let mut found = self.found.lock().await;
        let found = found.as_mut().ok_or_else(nothing_found)?;
        if found.verified.is_none() {
            // The updater checks the signature before it hands the bytes over.
            let bytes = found
                .update
                .download(|_, _| {}, || {})
                .await
                .map_err(|error| {
                    tracing::warn!(%error, version = %found.update.version, "an update was refused");
                    refused(&error)
                })?;
            tracing::info!(version = %found.update.version, "an update was downloaded and its signature checked");
            found.verified = Some(bytes);
        }
        Ok(found.offer())
    }

    /// Installs the checked update and starts the new version, after ending an impersonation
    /// as quitting does.
    pub async fn install<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        console: &Console,
    ) -> Result<(), ApiError> {
        let found = self.found.lock().await;
        let (update, bytes) = match found.as_ref() {
            Some(Found {
                update,
                verified: Some(bytes),
            }) => (update, bytes),
            _ => return Err(nothing_found()),
        };
        console.before_exit().await;
        update.install(bytes).map_err(|error| {
            tracing::error!(%error, "the update could not be installed");
            ApiError::new(
                ErrorCode::Internal,
                format!("The update could not be installed: {error}."),
            )
        })?;
        app.restart()
    }
}

fn updater<R: Runtime>(
    app: &AppHandle<R>,
    feed: &UpdateFeed,
) -> Result<tauri_plugin_updater::Updater, ApiError> {
    // The updater builds its own HTTP client, on the provider Authdesk's clients use.
    authdesk_client::install_tls_provider();
    let mut builder = (app.updater_builder())
        .pubkey(&feed.public_key)
        .timeout(FEED_TIMEOUT)
        .endpoints(vec![feed.feed.clone()])
        .map_err(not_usable)?;
    if let Some(pem) = &feed.ca_certificate_pem {
        let ca = reqwest::Certificate::from_pem(pem.as_bytes()).map_err(not_usable)?;
        builder = builder.configure_client(move |client| client.add_root_certificate(ca.clone()));
    }
    builder.build().map_err(not_usable)
}

fn not_usable(error: impl std::fmt::Display) -> ApiError {
    tracing::warn!(%error, "the fleet's update settings cannot be used");
    ApiError::new(
        ErrorCode::Internal,
        "The fleet file's update settings cannot be used: the log says why.",
    )
}

fn nothing_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "There is no update to install.")
}

fn refused(error: &tauri_plugin_updater::Error) -> ApiError {
    use tauri_plugin_updater::Error;
    let message = match error {
        Error::Minisign(_) | Error::SignatureUtf8(_) => {
            "The update was refused: its signature does not match the fleet's key.".to_owned()
        }
        // `requireSignedVersion` (tauri.conf.json): an older release announced as newer.
        Error::SignedVersionMismatch { .. } | Error::MissingSignedVersion => {
            "The update was refused: it was not signed as the version the feed announces."
                .to_owned()
        }
        other => format!("The update could not be downloaded: {other}."),
    };
    ApiError::new(ErrorCode::Internal, message)
}
