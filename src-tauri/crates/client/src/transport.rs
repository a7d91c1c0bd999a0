//! How the client talks HTTP: one 429 retry for reads, no redirects followed, answers read
//! with a size cap and decoded with the path of whatever did not fit.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use reqwest_cookie_store::CookieStoreMutex;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::AuthClient;
use crate::error::{ClientError, ServerRefusal};
use crate::{AuthBaseUrl, ConnectOptions};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// An HTTP client builder on Authdesk's TLS provider: every client of the process, this crate's
/// and any other (the updater's, a test's), is built after this installs it.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    install_tls_provider();
    reqwest::Client::builder()
}

/// Makes ring the process's TLS crypto provider (reqwest builds no client without one).
pub fn install_tls_provider() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        // Only fails when a provider is already installed, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// How every request of a client to `base` goes: with the jar's cookies and `headers`, never
/// through a proxy of the environment (only the profile's own, for https), never following a
/// redirect, and to this machine for `localhost` whatever the system's resolver says.
pub(crate) fn http_builder(
    base: &AuthBaseUrl,
    options: &ConnectOptions,
    headers: HeaderMap,
    jar: &Arc<CookieStoreMutex>,
) -> Result<reqwest::ClientBuilder, ClientError> {
    let mut builder = http_client_builder()
        .cookie_provider(Arc::clone(jar))
        .default_headers(headers)
        .user_agent(concat!("Authdesk/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        // An admin API never needs a redirect, and following one could replay the password
        // to another host or drop to http: a 3xx is reported instead (`Redirected`).
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .no_proxy();
    if base.is_localhost_name() {
        // Plain http is allowed for localhost because it never leaves the machine: a hosts
        // entry pointing it elsewhere must not change that. (The port comes from the URL.)
        let this_machine = [
            SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            SocketAddr::from((Ipv6Addr::LOCALHOST, 0)),
        ];
        builder = builder.resolve_to_addrs("localhost", &this_machine);
    }
    if let Some(proxy) = &options.proxy {
        if !base.is_https() {
            return Err(ClientError::ProxyNeedsHttps);
        }
        let proxy = reqwest::Proxy::all(proxy.as_str())
            .map_err(|_| ClientError::InvalidProxy(proxy.clone()))?;
        builder = builder.proxy(proxy);
    }
    if let Some(pem) = &options.extra_ca_pem {
        let certificates = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
            .map_err(|_| ClientError::InvalidCertificate)?;
        if certificates.is_empty() {
            return Err(ClientError::InvalidCertificate);
        }
        builder = builder.tls_certs_merge(certificates);
    }
    Ok(builder)
}

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
            // Flows a browser would follow (a magic link) report their errors this way.
            if let Some(refusal) = redirect_refusal(&response) {
                return Err(ClientError::Refused(refusal));
            }
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

/// A 3xx that carries Better Auth's `?error=CODE`, as the refusal it is.
fn redirect_refusal(response: &reqwest::Response) -> Option<ServerRefusal> {
    let location = response.headers().get(reqwest::header::LOCATION)?;
    let target = response.url().join(location.to_str().ok()?).ok()?;
    let param = |name: &str| {
        target
            .query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    Some(ServerRefusal {
        status: response.status().as_u16(),
        code: Some(param("error")?),
        message: param("error_description"),
        retry_after_seconds: None,
    })
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

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpListener};
    use std::sync::Arc;

    use reqwest::dns::{Addrs, Name, Resolve, Resolving};

    use super::*;

    /// A system resolver that sends every name to 127.0.0.2, as a hosts entry or a resolver
    /// plugin could for `localhost`.
    struct Elsewhere;

    impl Resolve for Elsewhere {
        fn resolve(&self, _: Name) -> Resolving {
            let addrs: Addrs = Box::new(std::iter::once(SocketAddr::from(([127, 0, 0, 2], 0))));
            Box::pin(std::future::ready(Ok(addrs)))
        }
    }

    /// Answers one request on `listener` with an empty JSON object; returns whether one came.
    fn answer_once(listener: TcpListener) -> std::thread::JoinHandle<bool> {
        listener.set_nonblocking(false).unwrap();
        std::thread::spawn(move || {
            let Ok((mut stream, _)) = listener.accept() else {
                return false;
            };
            let mut request = [0_u8; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
            );
            true
        })
    }

    #[tokio::test]
    async fn localhost_is_this_machine_whatever_the_resolver_says() {
        let here = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = here.local_addr().unwrap().port();
        let elsewhere = TcpListener::bind(("127.0.0.2", port)).unwrap();
        elsewhere.set_nonblocking(true).unwrap();
        let here = answer_once(here);

        let base = AuthBaseUrl::parse(&format!("http://localhost:{port}/api/auth")).unwrap();
        let jar = Arc::new(CookieStoreMutex::default());
        let http = http_builder(&base, &ConnectOptions::default(), HeaderMap::new(), &jar)
            .unwrap()
            .dns_resolver(Arc::new(Elsewhere))
            .build()
            .unwrap();
        let answer = http.get(base.endpoint("ok")).send().await;
        assert!(answer.is_ok(), "{answer:?}");
        assert!(here.join().unwrap(), "the request reached 127.0.0.1");
        assert!(
            elsewhere.accept().is_err(),
            "nothing went where the resolver pointed"
        );
    }
}
