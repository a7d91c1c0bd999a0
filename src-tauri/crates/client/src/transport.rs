//! How the client talks HTTP: one 429 retry for reads, no redirects followed, answers read
//! with a size cap and decoded with the path of whatever did not fit.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::AuthClient;
use crate::error::{ClientError, ServerRefusal};

/// A rate-limited read is retried once if the server asks to wait no longer than this.
const LONGEST_RETRY_WAIT: Duration = Duration::from_secs(10);

impl AuthClient {
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        route: &'static str,
        query: &(impl Serialize + ?Sized),
    ) -> Result<T, ClientError> {
        let url = self.base.endpoint(route);
        match self
            .send(
                route,
                self.http.request(Method::GET, url.clone()).query(query),
            )
            .await
        {
            // Reads are safe to repeat: wait as the server asks, once, then try again.
            Err(ClientError::Refused(refusal))
                if refusal.status == StatusCode::TOO_MANY_REQUESTS.as_u16()
                    && refusal.retry_after_seconds.is_some_and(|seconds| {
                        Duration::from_secs(seconds) <= LONGEST_RETRY_WAIT
                    }) =>
            {
                let seconds = refusal.retry_after_seconds.unwrap_or_default();
                tracing::info!(
                    route,
                    seconds,
                    "rate limited; retrying after the server's wait"
                );
                tokio::time::sleep(Duration::from_secs(seconds)).await;
                self.send(route, self.http.request(Method::GET, url).query(query))
                    .await
            }
            other => other,
        }
    }

    pub(crate) async fn post<T: DeserializeOwned>(
        &self,
        route: &'static str,
        body: &Value,
    ) -> Result<T, ClientError> {
        let request = self.http.post(self.base.endpoint(route)).json(body);
        self.send(route, request).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        route: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<T, ClientError> {
        let response = request.send().await.map_err(ClientError::from_reqwest)?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get("x-retry-after")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse().ok());
        if status.is_redirection() {
            return Err(ClientError::Redirected {
                endpoint: route,
                target: redirect_target(&response),
            });
        }
        let body = read_capped(route, response).await?;
        tracing::debug!(
            route,
            status = status.as_u16(),
            bytes = body.len(),
            "auth server answered"
        );
        if !status.is_success() {
            return Err(ClientError::Refused(ServerRefusal::from_response(
                status.as_u16(),
                &body,
                retry_after,
            )));
        }
        let mut deserializer = serde_json::Deserializer::from_slice(&body);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            // The path names the field; the message never quotes the body, which may hold tokens.
            ClientError::UnexpectedResponse {
                endpoint: route,
                detail: error.path().to_string(),
            }
        })
    }
}

/// The largest answer read: a page of 500 users is far smaller. More is a broken or hostile
/// server, and would otherwise be held in memory whole.
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

async fn read_capped(
    route: &'static str,
    mut response: reqwest::Response,
) -> Result<Vec<u8>, ClientError> {
    let too_large = || ClientError::UnexpectedResponse {
        endpoint: route,
        detail: format!(
            "an answer larger than {} MB",
            MAX_BODY_BYTES / (1024 * 1024)
        ),
    };
    if response
        .content_length()
        .is_some_and(|length| length > MAX_BODY_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(ClientError::from_reqwest)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Where a 3xx points, as scheme, host and path (no query: it may carry anything).
fn redirect_target(response: &reqwest::Response) -> String {
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    match response.url().join(location) {
        Ok(mut target) if !location.is_empty() => {
            target.set_query(None);
            target.set_fragment(None);
            target.to_string()
        }
        _ => "an address it did not give".to_owned(),
    }
}
