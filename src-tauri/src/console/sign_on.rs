//! Single sign-on through the server's OAuth and OpenID Connect providers. The flow itself runs
//! in a browser window on the provider's and the server's pages (`crate::sign_on_window`); this
//! half starts it with a client of the backend's own, so the state the server sets is known
//! here, and finishes it with the session cookies the window ended with, which go into a jar of
//! the backend's and nowhere else.

use authdesk_client::{BrowserCookie, SessionCookies, sign_on_error};
use authdesk_protocol::{
    AdminIdentity, ApiError, ErrorCode, ProviderSignIn, check_provider, provider_name,
};
use url::Url;

use super::Console;
use super::profiles::connect;
use super::sign_in::Target;

/// What the sign-on window needs: where to start, the cookies to start with, and the two
/// addresses on the server's origin that end it.
pub struct SignOnStart {
    /// The provider's sign-in page.
    pub authorize: Url,
    /// The sign-in's state, which the server checks when the provider sends the window back.
    pub cookies: Vec<BrowserCookie>,
    /// The server's auth base URL, whose cookies the window ends with.
    pub server: Url,
    pub done: Url,
    pub failed: Url,
    /// The provider as people know it.
    pub provider_name: String,
}

/// A sign-on waiting for its window.
pub(super) struct PendingSignOn {
    target: Target,
}

impl Console {
    pub async fn start_sign_on(&self, request: ProviderSignIn) -> Result<SignOnStart, ApiError> {
        let provider = check_provider(&request.provider)?;
        let target = self
            .target(&request.base_url, None, request.purpose)
            .await?;
        let client = connect(&target.profile, &SessionCookies::default())?;
        let server = client.base_url().endpoint("");
        // Paths of the server's own origin (always trusted there) that nothing serves: the
        // window stops at them.
        let origin = Url::parse(&client.base_url().origin()).map_err(|_| unexpected())?;
        let (done, failed) = (
            origin.join(DONE_PATH).map_err(|_| unexpected())?,
            origin.join(FAILED_PATH).map_err(|_| unexpected())?,
        );
        let authorize = client.start_sign_on(&provider, &done, &failed).await?;
        *self.pending_sign_on.lock().await = Some(PendingSignOn { target });
        Ok(SignOnStart {
            authorize,
            cookies: client.browser_cookies(),
            server,
            done,
            failed,
            provider_name: provider_name(&provider),
        })
    }

    /// The window reached the end: the session it holds becomes the backend's.
    pub async fn finish_sign_on(
        &self,
        ended_with: &[BrowserCookie],
    ) -> Result<AdminIdentity, ApiError> {
        let Some(PendingSignOn { target }) = self.pending_sign_on.lock().await.take() else {
            return Err(ended("This sign-on is no longer waiting. Start it again."));
        };
        let cookies = SessionCookies::from_browser(ended_with)
            .ok()
            .filter(|cookies| !cookies.is_empty())
            .ok_or_else(|| ended("The sign-on ended without a session. Start it again."))?;
        let client = connect(&target.profile, &cookies)?;
        let user = client
            .get_session()
            .await?
            .ok_or_else(|| ended("The sign-on ended without a session. Start it again."))?;
        self.finish(client, user, target).await
    }

    /// The window ended otherwise: the server's `?error=` code, or none when it was closed.
    pub async fn abandon_sign_on(&self, error: Option<&str>) -> ApiError {
        self.pending_sign_on.lock().await.take();
        match error {
            Some(code) => sign_on_error(code),
            None => ended("The sign-on window was closed before the sign-in finished."),
        }
    }
}

const DONE_PATH: &str = "/authdesk/signed-on";
const FAILED_PATH: &str = "/authdesk/sign-on-failed";

fn ended(message: &str) -> ApiError {
    ApiError::new(ErrorCode::ChallengeEnded, message)
}

fn unexpected() -> ApiError {
    ApiError::new(
        ErrorCode::UnexpectedResponse,
        "The auth server's address has no origin to sign on at.",
    )
}
